/*
 * form.h - reading a form's fields against a declared table (after kcgi's
 * kvalid): each field has a name, a kind, whether it is required, its
 * length in characters and the messages people read when it is wrong. The
 * handler gets checked values, or a list of errors for the error summary at
 * the top of the page. Rules across fields (this one is needed when that
 * one says so) stay in the handler.
 *
 * Owns: the checking rule per kind, and the one place where a value of
 * only blanks counts as missing. Never: trims or shortens what was typed (a
 * value too long or not valid is an error, shown with the text kept; only
 * an optional value of nothing but blanks reads as not given).
 */
#ifndef GP_FORM_H
#define GP_FORM_H

#include <stddef.h>

#include "http.h"

enum form_kind {
	FORM_TEXT = 0,	/* text of one or more lines: any characters */
	FORM_LINE,	/* one line: no line breaks or other control
			 * characters (for pages, mails, calendar files) */
	FORM_DATE,	/* YYYY-MM-DD, a real day of a year 1900-9999 */
	FORM_TIME,	/* HH:MM, 00:00 to 23:59 */
	FORM_CHOICE,	/* one of choices (radio buttons, a select) */
	FORM_ID,	/* an opaque id, slug, code or number the page put
			 * in the form: A-Z a-z 0-9 - _ only */
	FORM_FLAG,	/* a checkbox: absent (off) or "ja" (on) */
};

struct form_spec {
	const char	*name;
	enum form_kind	 kind;		/* FORM_TEXT when not given */
	int		 required;
	size_t		 max_chars;	/* characters (UTF-8 code points) */
	const char	*msg_missing;	/* msgid shown when required and empty
					 * or only blanks; NULL: not typed by
					 * people, so a missing value is a
					 * forged request */
	const char	*msg_too_long;	/* msgid shown when too long; NULL:
					 * as above */
	const char	*msg_invalid;	/* msgid shown when not of its kind;
					 * NULL: as above */
	const char *const *choices;	/* FORM_CHOICE: the allowed values,
					 * NULL-terminated */
};

struct form_error {
	const char	*field;		/* the spec's name (for the link) */
	const char	*msgid;
};

/*
 * Fills values[i] for specs[i] and errs with up to nspecs errors (*nerr),
 * at most one per field, in the order of specs. A value is given back as
 * typed, except that an absent field, and an optional one of only blanks,
 * read as "". Checks per field, the first that fails gives its error:
 * required and only blanks (msg_missing), too long (msg_too_long), not of
 * its kind (msg_invalid). Returns -1 when a field occurs more than once, or
 * a check fails whose message is NULL (a forged request: the caller answers
 * 400), else 0.
 */
int	form_read(const struct http_fields *, const struct form_spec *specs,
	    size_t nspecs, const char **values, struct form_error *errs,
	    size_t *nerr);
/* Appends an error for field (a check the handler makes after form_read)
 * while there is room: cap entries in errs, *n used. */
void	form_add_error(struct form_error *errs, size_t cap, size_t *n,
	    const char *field, const char *msgid);
/* The msgid of the first error for field, or NULL (i18n_gettext(NULL) is
 * "", so the result can go to a template as it is). */
const char *form_error_for(const struct form_error *errs, size_t n,
	    const char *field);
/* Number of UTF-8 code points in s (s is valid UTF-8). */
size_t	form_chars(const char *s);

#endif
