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

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int
form_read(const struct http_fields *f, const struct form_spec *specs,
    size_t nspecs, const char **values, struct form_error *errs, size_t *nerr)
{
	const struct http_field	*fld;
	size_t			 i;

	*nerr = 0;
	for (i = 0; i < nspecs; i++) {
		if (http_fields_count(f, specs[i].name) > 1)
			return -1;
		fld = http_fields_get(f, specs[i].name);
		values[i] = fld != NULL ? fld->value : "";
		if (specs[i].required && blank(values[i])) {
			if (specs[i].msg_missing == NULL)
				return -1;
			errs[*nerr].field = specs[i].name;
			errs[*nerr].msgid = specs[i].msg_missing;
			(*nerr)++;
		} else if (form_chars(values[i]) > specs[i].max_chars) {
			/* A field nobody types (hidden, a checkbox): too long
			 * is a forged request, not a typing error. */
			if (specs[i].msg_too_long == NULL)
				return -1;
			errs[*nerr].field = specs[i].name;
			errs[*nerr].msgid = specs[i].msg_too_long;
			(*nerr)++;
		}
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
