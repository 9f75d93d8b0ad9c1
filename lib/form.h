/*
 * form.h - reading a form's fields against a declared table (after kcgi's
 * kvalid): each field has a name, whether it is required, and its length
 * in characters. The handler gets checked values, or a list of errors for
 * the error summary at the top of the page.
 *
 * Owns: the checking rule. Never: trims or shortens what was typed (a value
 * too long is an error, shown with the text kept).
 */
#ifndef GP_FORM_H
#define GP_FORM_H

#include <stddef.h>

#include "http.h"

struct form_spec {
	const char	*name;
	int		 required;
	size_t		 max_chars;	/* characters (UTF-8 code points) */
	const char	*msg_missing;	/* msgid shown when required and empty;
					 * NULL: not typed by people, so a
					 * missing value is a forged request */
	const char	*msg_too_long;	/* msgid shown when too long; NULL:
					 * as above */
};

struct form_error {
	const char	*field;		/* the spec's name (for the link) */
	const char	*msgid;
};

/*
 * Fills values[i] for specs[i] ("" when absent) and errs with up to nspecs
 * errors (*nerr). Returns -1 when a field occurs more than once, or a field
 * without a message for it is missing or too long (a forged request: the
 * caller answers 400), else 0.
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
