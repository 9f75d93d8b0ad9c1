/*
 * form.c - checking form fields against a table (see form.h).
 */
#include <string.h>

#include "form.h"

size_t
form_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The one rule for "nothing typed": empty or only blanks. */
static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* The n characters at s are digits; their value in *v. */
static int
number(const char *s, size_t n, int *v)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* "2026-12-01": a real day (Gregorian leap years) of a year 1900-9999. */
static int
valid_date(const char *s)
{
	static const int	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };
	int			 y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !number(s, 4, &y) || !number(s + 5, 2, &m) ||
	    !number(s + 8, 2, &d))
		return 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* "14:00": 00:00 to 23:59. */
static int
valid_time(const char *s)
{
	int	 h, m;

	return strlen(s) == 5 && s[2] == ':' && number(s, 2, &h) &&
	    number(s + 3, 2, &m) && h <= 23 && m <= 59;
}

/* No line breaks or other control characters. */
static int
one_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static int
valid_id(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int
valid_choice(const char *const *choices, const char *s)
{
	for (; choices != NULL && *choices != NULL; choices++)
		if (strcmp(*choices, s) == 0)
			return 1;
	return 0;
}

/* s (not blank) is of the spec's kind. */
static int
valid_kind(const struct form_spec *spec, const char *s)
{
	switch (spec->kind) {
	case FORM_TEXT:
		return 1;
	case FORM_LINE:
		return one_line(s);
	case FORM_DATE:
		return valid_date(s);
	case FORM_TIME:
		return valid_time(s);
	case FORM_CHOICE:
		return valid_choice(spec->choices, s);
	case FORM_ID:
		return valid_id(s);
	case FORM_FLAG:
		return strcmp(s, "ja") == 0;
	}
	return 0;
}

int
form_read(const struct http_fields *f, const struct form_spec *specs,
    size_t nspecs, const char **values, struct form_error *errs, size_t *nerr)
{
	const struct http_field	*fld;
	const struct form_spec	*sp;
	const char		*msgid;
	size_t			 i;

	*nerr = 0;
	for (i = 0; i < nspecs; i++) {
		sp = &specs[i];
		if (http_fields_count(f, sp->name) > 1)
			return -1;
		fld = http_fields_get(f, sp->name);
		values[i] = fld != NULL ? fld->value : "";
		if (blank(values[i]) && sp->required)
			msgid = sp->msg_missing;
		else if (form_chars(values[i]) > sp->max_chars)
			/* Blanks count too: a field nobody types (hidden,
			 * a checkbox) too long is a forged request. */
			msgid = sp->msg_too_long;
		else if (blank(values[i])) {
			values[i] = "";		/* optional: not given */
			continue;
		} else if (!valid_kind(sp, values[i]))
			msgid = sp->msg_invalid;
		else
			continue;
		if (msgid == NULL)
			return -1;
		errs[*nerr].field = sp->name;
		errs[*nerr].msgid = msgid;
		(*nerr)++;
	}
	return 0;
}

void
form_add_error(struct form_error *errs, size_t cap, size_t *n,
    const char *field, const char *msgid)
{
	if (*n < cap) {
		errs[*n].field = field;
		errs[*n].msgid = msgid;
		(*n)++;
	}
}

const char *
form_error_for(const struct form_error *errs, size_t n, const char *field)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0)
			return errs[i].msgid;
	return NULL;
}
