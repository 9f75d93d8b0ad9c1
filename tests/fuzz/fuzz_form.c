/*
 * fuzz_form.c - libFuzzer target for the form reader: an urlencoded body
 * through http_parse_urlencoded and form_read, with a table that has a
 * field of every kind (lib/form.h). The first byte chooses which fields
 * are required and whether they have messages; the rest is the body.
 *
 * Every promise of form.h is checked again here, by other means (a date
 * through timegm and back), so a broken promise aborts instead of passing
 * silently.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ilib \
 *       tests/fuzz/fuzz_form.c lib/form.c lib/http.c lib/util.c \
 *       lib/arena.c lib/buf.c -lcrypto -o fuzz_form
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "form.h"
#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	*arena;

static const struct http_limits	lim = {
	.max_body = (size_t)64 * 1024,
	.max_fields = 16,
	.max_name = 16,
	.max_value = 256,
	.max_file = 1024,
};

static const char *const choices[] = { "eens", "oneens", "deels toegekend",
    NULL };

/* Short names and limits, so that the fuzzer finds them. */
static const struct form_spec base[] = {
	{ .name = "t", .kind = FORM_TEXT, .max_chars = 12 },
	{ .name = "l", .kind = FORM_LINE, .max_chars = 12 },
	{ .name = "d", .kind = FORM_DATE, .max_chars = 10 },
	{ .name = "h", .kind = FORM_TIME, .max_chars = 5 },
	{ .name = "c", .kind = FORM_CHOICE, .max_chars = 16,
	    .choices = choices },
	{ .name = "i", .kind = FORM_ID, .max_chars = 8 },
	{ .name = "f", .kind = FORM_FLAG, .max_chars = 3 },
};
#define NSPECS	(sizeof(base) / sizeof(base[0]))

static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + s[i] - '0';
	}
	return 1;
}

/* The date rule again, through the C library's calendar. */
static int
date_ok(const char *s)
{
	struct tm	 tm, out;
	time_t		 t;
	int		 y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d) || y < 1900)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (gmtime_r(&t, &out) == NULL)
		return 0;
	return out.tm_year == y - 1900 && out.tm_mon == m - 1 &&
	    out.tm_mday == d;
}

static int
kind_ok(const struct form_spec *sp, const char *v)
{
	const char *const	*c;
	int			 h, m;

	switch (sp->kind) {
	case FORM_TEXT:
		return 1;
	case FORM_LINE:
		for (; *v != '\0'; v++)
			if ((unsigned char)*v < 0x20 || *v == 0x7f)
				return 0;
		return 1;
	case FORM_DATE:
		return date_ok(v);
	case FORM_TIME:
		return strlen(v) == 5 && v[2] == ':' && digits(v, 2, &h) &&
		    digits(v + 3, 2, &m) && h < 24 && m < 60;
	case FORM_CHOICE:
		for (c = sp->choices; *c != NULL; c++)
			if (strcmp(*c, v) == 0)
				return 1;
		return 0;
	case FORM_ID:
		return strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(v);
	case FORM_FLAG:
		return strcmp(v, "ja") == 0;
	}
	abort();
}

/* What form_read must have said about field i: NULL (no error), its
 * msgid, or "" when the spec has no message for it (a forged request). */
static const char *
expected(const struct form_spec *sp, const struct http_fields *fs)
{
	const struct http_field	*f = http_fields_get(fs, sp->name);
	const char		*v = f != NULL ? f->value : "";
	const char		*msg;

	if (blank(v) && sp->required)
		msg = sp->msg_missing;
	else if (chars(v) > sp->max_chars)
		msg = sp->msg_too_long;
	else if (blank(v) || kind_ok(sp, v))
		return NULL;
	else
		msg = sp->msg_invalid;
	return msg != NULL ? msg : "";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form_spec	 specs[NSPECS];
	struct form_error	 errs[NSPECS];
	struct http_fields	 fs;
	const struct http_field	*f;
	const char		*values[NSPECS], *want;
	size_t			 i, k, nerr;
	int			 rc, forged = 0, dup = 0;

	if (arena == NULL && (arena = arena_new(0)) == NULL)
		abort();
	arena_reset(arena);
	if (size == 0)
		return 0;
	memcpy(specs, base, sizeof(specs));
	for (i = 0; i < NSPECS; i++) {
		/* Bit 7 of the first byte: no messages at all. */
		specs[i].required = (data[0] >> i) & 1;
		if (!(data[0] & 0x80)) {
			specs[i].msg_missing = "missing";
			specs[i].msg_too_long = "long";
			specs[i].msg_invalid = "invalid";
		}
	}
	if (http_parse_urlencoded(arena, (const char *)data + 1, size - 1,
	    &lim, &fs) != HTTP_OK)
		return 0;
	nerr = 99;
	rc = form_read(&fs, specs, NSPECS, values, errs, &nerr);
	for (i = 0; i < NSPECS; i++) {
		if (http_fields_count(&fs, specs[i].name) > 1) {
			dup = 1;
			break;
		}
		if ((want = expected(&specs[i], &fs)) != NULL &&
		    want[0] == '\0') {
			forged = 1;
			break;
		}
	}
	if (rc == -1) {
		if (!dup && !forged)
			abort();
		return 0;
	}
	if (rc != 0 || dup || forged || nerr > NSPECS)
		abort();
	/* One error per field at most, in the order of the table, each
	 * the first check that fails; values as typed, or "" when not
	 * given (absent, or optional and only blanks). */
	for (i = 0, k = 0; i < NSPECS; i++) {
		f = http_fields_get(&fs, specs[i].name);
		want = expected(&specs[i], &fs);
		if (values[i] == NULL)
			abort();
		if (want != NULL) {
			if (k >= nerr || errs[k].field != specs[i].name ||
			    strcmp(errs[k].msgid, want) != 0)
				abort();
			k++;
			if (strcmp(values[i], f != NULL ? f->value : "") != 0)
				abort();
			continue;
		}
		if (f == NULL || blank(f->value)) {
			if (values[i][0] != '\0')
				abort();
		} else if (values[i] != f->value || !kind_ok(&specs[i],
		    values[i]) || chars(values[i]) > specs[i].max_chars)
			abort();
		if (form_error_for(errs, nerr, specs[i].name) != NULL)
			abort();
	}
	if (k != nerr)
		abort();
	return 0;
}
