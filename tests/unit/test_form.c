/*
 * test_form.c - checking form fields against a table (lib/form).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "form.h"
#include "http.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define E_ACUTE		"\xc3\xa9"		/* é: 2 bytes */
#define EURO		"\xe2\x82\xac"		/* €: 3 bytes */
#define GRIN		"\xf0\x9f\x98\x80"	/* U+1F600: 4 bytes */

static const struct form_spec spec3[] = {
	{ .name = "naam", .required = 1, .max_chars = 10,
	    .msg_missing = "Vul uw naam in.",
	    .msg_too_long = "Uw naam is te lang." },
	{ .name = "email", .required = 1, .max_chars = 20,
	    .msg_missing = "Vul uw e-mailadres in.",
	    .msg_too_long = "Het e-mailadres is te lang." },
	{ .name = "opmerking", .required = 0, .max_chars = 5,
	    .msg_missing = "(niet verplicht)",
	    .msg_too_long = "De opmerking is te lang." },
};

/* Builds fields from name/value pairs (NULL-terminated list). */
static void
make_fields(struct http_fields *f, struct http_field *store, size_t nstore,
    const char *const *pairs)
{
	size_t	 n = 0;

	for (; pairs[0] != NULL; pairs += 2) {
		assert_true(n < nstore);
		memset(&store[n], 0, sizeof(store[n]));
		store[n].name = pairs[0];
		store[n].value = pairs[1];
		store[n].len = strlen(pairs[1]);
		n++;
	}
	f->v = store;
	f->n = n;
}

struct result {
	int			 rc;
	const char		*values[8];
	struct form_error	 errs[8];
	size_t			 nerr;
};

static void
run(const char *const *pairs, const struct form_spec *specs, size_t nspecs,
    struct result *r)
{
	struct http_fields	 f;
	struct http_field	 store[16];

	assert_true(nspecs <= 8);
	make_fields(&f, store, NELEM(store), pairs);
	memset(r, 0, sizeof(*r));
	r->nerr = 99;
	r->rc = form_read(&f, specs, nspecs, r->values, r->errs, &r->nerr);
}

static void
test_form_all_ok(void **state)
{
	static const char *const pairs[] = {
		"naam", "Anna", "email", "anna@example.nl",
		"opmerking", "hoi", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
	assert_string_equal(r.values[0], "Anna");
	assert_string_equal(r.values[1], "anna@example.nl");
	assert_string_equal(r.values[2], "hoi");
}

static void
test_form_absent_optional_empty(void **state)
{
	static const char *const pairs[] = {
		"naam", "Anna", "email", "a@b.nl", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
	assert_non_null(r.values[2]);
	assert_string_equal(r.values[2], "");
}

static void
test_form_present_empty_optional(void **state)
{
	static const char *const pairs[] = {
		"naam", "Anna", "email", "a@b.nl", "opmerking", "", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
	assert_string_equal(r.values[2], "");
}

static void
test_form_required_absent(void **state)
{
	static const char *const pairs[] = { "email", "a@b.nl", NULL };
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "naam");
	assert_string_equal(r.errs[0].msgid, "Vul uw naam in.");
	assert_non_null(r.values[0]);
	assert_string_equal(r.values[0], "");
}

static void
test_form_required_blank(void **state)
{
	static const char *const blanks[] = { "", " ", "   ", "\t",
	    " \t\r\n " };
	const char	*pairs[] = { "naam", NULL, "email", "a@b.nl", NULL };
	struct result	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(blanks); i++) {
		pairs[1] = blanks[i];
		run(pairs, spec3, NELEM(spec3), &r);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.nerr, 1);
		assert_string_equal(r.errs[0].field, "naam");
		assert_string_equal(r.errs[0].msgid, "Vul uw naam in.");
		/* The value is given back as typed. */
		assert_string_equal(r.values[0], blanks[i]);
	}
}

static void
test_form_required_not_blank(void **state)
{
	static const char *const vals[] = { "x", " x ", "\tx", "0", "." };
	const char	*pairs[] = { "naam", NULL, "email", "a@b.nl", NULL };
	struct result	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(vals); i++) {
		pairs[1] = vals[i];
		run(pairs, spec3, NELEM(spec3), &r);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.nerr, 0);
		/* Never trimmed. */
		assert_string_equal(r.values[0], vals[i]);
	}
}

static void
test_form_too_long_ascii(void **state)
{
	static const char *const ok[] = {
		"naam", "0123456789", "email", "a@b.nl", NULL,
	};
	static const char *const bad[] = {
		"naam", "0123456789X", "email", "a@b.nl", NULL,
	};
	struct result	 r;

	(void)state;
	run(ok, spec3, NELEM(spec3), &r);
	assert_int_equal(r.nerr, 0);
	run(bad, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "naam");
	assert_string_equal(r.errs[0].msgid, "Uw naam is te lang.");
	/* The text is kept, not shortened. */
	assert_string_equal(r.values[0], "0123456789X");
}

static void
test_form_too_long_counts_code_points(void **state)
{
	static const struct form_spec s[] = {
		{ .name = "v", .max_chars = 3, .msg_missing = "missing",
		    .msg_too_long = "long" },
	};
	const char	*pairs[] = { "v", NULL, NULL };
	struct result	 r;

	(void)state;
	pairs[1] = E_ACUTE E_ACUTE E_ACUTE;	/* 3 chars, 6 bytes */
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 0);
	pairs[1] = E_ACUTE E_ACUTE E_ACUTE E_ACUTE;	/* 4 chars */
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "v");
	assert_string_equal(r.errs[0].msgid, "long");
	pairs[1] = EURO EURO EURO;			/* 3 chars, 9 bytes */
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 0);
	pairs[1] = GRIN GRIN GRIN;		/* 3 chars, 12 bytes */
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 0);
	pairs[1] = GRIN "a" EURO E_ACUTE;		/* 4 chars */
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].msgid, "long");
}

static void
test_form_max_zero(void **state)
{
	static const struct form_spec s[] = {
		{ .name = "v", .max_chars = 0, .msg_missing = "missing",
		    .msg_too_long = "long" },
	};
	const char	*pairs[] = { "v", "", NULL };
	struct result	 r;

	(void)state;
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 0);
	pairs[1] = "a";
	run(pairs, s, 1, &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].msgid, "long");
}

static void
test_form_optional_blank_too_long(void **state)
{
	static const char *const pairs[] = {
		"naam", "Anna", "email", "a@b.nl", "opmerking", "      ", NULL,
	};
	struct result	 r;

	(void)state;
	/* Optional, six spaces, at most five: blanks count as characters. */
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "opmerking");
	assert_string_equal(r.errs[0].msgid, "De opmerking is te lang.");
}

static void
test_form_required_blank_long_is_missing(void **state)
{
	static const char *const pairs[] = {
		"naam", "                    ", "email", "a@b.nl", NULL,
	};
	struct result	 r;

	(void)state;
	/* 20 spaces for a field of at most 10: one error, "missing". */
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "naam");
	assert_string_equal(r.errs[0].msgid, "Vul uw naam in.");
}

static void
test_form_duplicate_field(void **state)
{
	static const char *const dup[] = {
		"naam", "Anna", "email", "a@b.nl", "naam", "Bert", NULL,
	};
	static const char *const dup_same[] = {
		"naam", "Anna", "naam", "Anna", "email", "a@b.nl", NULL,
	};
	static const char *const dup_opt[] = {
		"naam", "Anna", "email", "a@b.nl", "opmerking", "",
		"opmerking", "", NULL,
	};
	struct result	 r;

	(void)state;
	run(dup, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, -1);
	run(dup_same, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, -1);
	run(dup_opt, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, -1);
}

static void
test_form_duplicate_unknown_field_ignored(void **state)
{
	static const char *const pairs[] = {
		"naam", "Anna", "email", "a@b.nl", "x", "1", "x", "2", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
}

static void
test_form_names_exact(void **state)
{
	static const char *const pairs[] = {
		"Naam", "Anna", "naam ", "Bert", "nam", "C", "email", "a@b.nl",
		NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "naam");
	assert_string_equal(r.values[0], "");
}

static void
test_form_error_order_follows_spec(void **state)
{
	/* Fields arrive in reverse order; errors follow the table. */
	static const char *const pairs[] = {
		"opmerking", "zes tekens", "email", "", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 3);
	assert_string_equal(r.errs[0].field, "naam");
	assert_string_equal(r.errs[0].msgid, "Vul uw naam in.");
	assert_string_equal(r.errs[1].field, "email");
	assert_string_equal(r.errs[1].msgid, "Vul uw e-mailadres in.");
	assert_string_equal(r.errs[2].field, "opmerking");
	assert_string_equal(r.errs[2].msgid, "De opmerking is te lang.");
	assert_string_equal(r.values[2], "zes tekens");
}

static void
test_form_error_order_mixed(void **state)
{
	static const char *const pairs[] = {
		"email", "012345678901234567890", "naam", "Anna", NULL,
	};
	struct result	 r;

	(void)state;
	run(pairs, spec3, NELEM(spec3), &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].field, "email");
	assert_string_equal(r.errs[0].msgid, "Het e-mailadres is te lang.");
}

static void
test_form_no_specs(void **state)
{
	static const char *const pairs[] = { "a", "1", NULL };
	struct result	 r;

	(void)state;
	run(pairs, spec3, 0, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
}

/* Fields people do not type (hidden, checkboxes) have no messages: a
 * missing or too long one is a forged request, never an empty error. */
static void
test_form_untyped_field_forged(void **state)
{
	static const struct form_spec spec[] = {
		{ .name = "nonce", .max_chars = 4 },
		{ .name = "version", .required = 1, .max_chars = 9 },
	};
	static const char *const ok[] = {
		"nonce", "abcd", "version", "3", NULL };
	static const char *const longer[] = {
		"nonce", "abcde", "version", "3", NULL };
	static const char *const missing[] = { "nonce", "abcd", NULL };
	struct result	 r;

	(void)state;
	run(ok, spec, NELEM(spec), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
	run(longer, spec, NELEM(spec), &r);
	assert_int_equal(r.rc, -1);
	run(missing, spec, NELEM(spec), &r);
	assert_int_equal(r.rc, -1);
}

/* ---- kinds ---- */

/* Reads one field "v" of spec against value (NULL: absent). */
static void
run1(const struct form_spec *spec, const char *value, struct result *r)
{
	const char	*pairs[] = { "v", value, NULL };

	run(value != NULL ? pairs : pairs + 2, spec, 1, r);
}

/* value is accepted as it is, without errors. */
static void
assert_ok(const struct form_spec *spec, const char *value)
{
	struct result	 r;

	run1(spec, value, &r);
	if (r.rc != 0 || r.nerr != 0)
		fail_msg("\"%s\" for %s: rc %d, %zu errors", value, spec->name,
		    r.rc, r.nerr);
	assert_string_equal(r.values[0], value);
}

/* value gives one error, msgid, with the value kept as typed. */
static void
assert_error(const struct form_spec *spec, const char *value,
    const char *msgid)
{
	struct result	 r;

	run1(spec, value, &r);
	if (r.rc != 0 || r.nerr != 1)
		fail_msg("\"%s\" for %s: rc %d, %zu errors", value, spec->name,
		    r.rc, r.nerr);
	assert_string_equal(r.errs[0].field, spec->name);
	assert_string_equal(r.errs[0].msgid, msgid);
	assert_string_equal(r.values[0], value);
}

/* value is a forged request (the spec has no message for it). */
static void
assert_forged(const struct form_spec *spec, const char *value)
{
	struct result	 r;

	run1(spec, value, &r);
	if (r.rc != -1)
		fail_msg("\"%s\" for %s: rc %d, not forged", value, spec->name,
		    r.rc);
}

static void
test_form_kind_text(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_TEXT, .max_chars = 20 } };

	(void)state;
	assert_ok(s, "twee\r\nregels");
	assert_ok(s, "tab\there");
	assert_ok(s, "\x01\x7f" " & <b>");
	assert_ok(s, " x ");
	assert_ok(s, E_ACUTE GRIN);
}

static void
test_form_kind_line(void **state)
{
	static const struct form_spec typed[] = { { .name = "v",
	    .kind = FORM_LINE, .max_chars = 20, .msg_too_long = "long",
	    .msg_invalid = "one line" } };
	static const struct form_spec untyped[] = { { .name = "v",
	    .kind = FORM_LINE, .max_chars = 20 } };
	static const char *const bad[] = { "a\nb", "a\r\nb", "a\rb", "a\tb",
	    "x\x01", "\x1f" "x", "x\x7f", "x\x1b[0m" };
	size_t		 i;

	(void)state;
	assert_ok(typed, "Buurthuis De Linde");
	assert_ok(typed, " spaties ");
	assert_ok(typed, "caf" E_ACUTE " " EURO);
	assert_ok(typed, "https://a.nl/?x=1");
	for (i = 0; i < NELEM(bad); i++) {
		assert_error(typed, bad[i], "one line");
		assert_forged(untyped, bad[i]);
	}
	/* Too long comes first: one error. */
	assert_error(typed, "aaaaaaaaaaaaaaaaaaaa\n", "long");
}

static void
test_form_kind_date(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_DATE, .max_chars = 10, .msg_too_long = "long",
	    .msg_invalid = "date" } };
	static const struct form_spec untyped[] = { { .name = "v",
	    .kind = FORM_DATE, .max_chars = 10 } };
	static const char *const good[] = { "2026-12-01", "2027-02-28",
	    "2024-02-29", "2000-02-29", "2400-02-29", "1900-01-01",
	    "9999-12-31", "2027-01-31", "2027-03-31", "2027-04-30",
	    "2027-12-31" };
	static const char *const bad[] = { "2027-02-29", "1900-02-29",
	    "2100-02-29", "2027-02-30", "2027-04-31", "2027-06-31",
	    "2027-09-31", "2027-11-31", "2027-01-32", "2027-13-01",
	    "2027-00-10", "2027-01-00", "0000-01-01", "1899-12-31",
	    "31-12-2026", "2027/01/01", "2027-1-1", "27-1-1", "2027-01-1",
	    "+027-01-01", "-027-01-01", " 027-01-01", "2027-01- 1",
	    "2027-01-+1", "2027-01-1a", "2027-0x-01", "2027_01_01",
	    "x", "2027-02-2" E_ACUTE, "\x31\x39\x39\x39\x2d\x31\x32" };
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		assert_ok(s, good[i]);
	for (i = 0; i < NELEM(bad); i++) {
		assert_error(s, bad[i], "date");
		assert_forged(untyped, bad[i]);
	}
	assert_error(s, "2027-01-011", "long");
	assert_error(s, " 2027-01-01", "long");
}

static void
test_form_kind_time(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_TIME, .max_chars = 5, .msg_too_long = "long",
	    .msg_invalid = "time" } };
	static const char *const good[] = { "00:00", "23:59", "14:00",
	    "07:15", "09:05", "12:30" };
	static const char *const bad[] = { "24:00", "23:60", "99:99",
	    "1:00", "1:0", "14.00", "14-00", "1400", "-1:00", "+1:00",
	    " 9:00", "9:00 ", "14:0a", "a4:00", "14:-1", "::::" };
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		assert_ok(s, good[i]);
	for (i = 0; i < NELEM(bad); i++)
		assert_error(s, bad[i], "time");
	assert_error(s, "14:000", "long");
}

static void
test_form_kind_choice(void **state)
{
	static const char *const choices[] = { "eens", "oneens",
	    "deels toegekend", NULL };
	static const char *const none[] = { NULL };
	static const struct form_spec typed[] = { { .name = "v",
	    .kind = FORM_CHOICE, .max_chars = 16, .msg_invalid = "choose",
	    .choices = choices } };
	static const struct form_spec untyped[] = { { .name = "v",
	    .kind = FORM_CHOICE, .max_chars = 16, .choices = choices } };
	static const struct form_spec empty[] = { { .name = "v",
	    .kind = FORM_CHOICE, .max_chars = 16, .choices = none } };
	static const char *const bad[] = { "een", "eensx", "Eens", "EENS",
	    "eens ", " eens", "deels", "toegekend", "misschien", "eens\n" };
	size_t		 i;

	(void)state;
	for (i = 0; choices[i] != NULL; i++) {
		assert_ok(typed, choices[i]);
		assert_ok(untyped, choices[i]);
		assert_forged(empty, choices[i]);
	}
	for (i = 0; i < NELEM(bad); i++) {
		assert_error(typed, bad[i], "choose");
		assert_forged(untyped, bad[i]);
	}
}

static void
test_form_kind_id(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_ID, .max_chars = 64 } };
	static const char *const good[] = { "x", "ggz-rivierenland",
	    "AbCdEfGhIjKlMnOpQrStUv", "a_b-c", "0123456789", "anders",
	    "0123456789abcdef0123456789abcdef" };
	static const char *const bad[] = { "a b", "a/b", "../x", "a.b",
	    "a+b", "a=b", "a%20", "a'b", "a\"b", "<x>", "a\nb", "a\tb",
	    "caf" E_ACUTE, "x;y", "x@y", "a,b", "#a" };
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		assert_ok(s, good[i]);
	for (i = 0; i < NELEM(bad); i++)
		assert_forged(s, bad[i]);
}

static void
test_form_kind_flag(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_FLAG, .max_chars = 8 } };
	static const char *const bad[] = { "nee", "on", "1", "true", "Ja",
	    "JA", "ja ", "jaa", "xxxxxxxxx" };
	struct result	 r;
	size_t		 i;

	(void)state;
	assert_ok(s, "ja");
	assert_ok(s, "");
	run1(s, NULL, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 0);
	assert_string_equal(r.values[0], "");
	for (i = 0; i < NELEM(bad); i++)
		assert_forged(s, bad[i]);
}

/* One place where blanks count as missing: an optional field of only
 * blanks reads as "" (not given), whatever its kind; a required one gets
 * its "missing" message, once, never also "invalid". */
static void
test_form_blank_is_missing_for_every_kind(void **state)
{
	static const char *const choices[] = { "a", NULL };
	static const enum form_kind kinds[] = { FORM_TEXT, FORM_LINE,
	    FORM_DATE, FORM_TIME, FORM_CHOICE, FORM_ID, FORM_FLAG };
	static const char *const blanks[] = { " ", "  ", "\t", "\r\n",
	    " \n " };
	struct form_spec	 s;
	struct result		 r;
	size_t			 i, k;

	(void)state;
	for (k = 0; k < NELEM(kinds); k++) {
		memset(&s, 0, sizeof(s));
		s.name = "v";
		s.kind = kinds[k];
		s.max_chars = 10;
		s.choices = choices;
		for (i = 0; i < NELEM(blanks); i++) {
			/* Optional, no messages at all: not given. */
			s.required = 0;
			s.msg_missing = s.msg_too_long = s.msg_invalid = NULL;
			run1(&s, blanks[i], &r);
			assert_int_equal(r.rc, 0);
			assert_int_equal(r.nerr, 0);
			assert_string_equal(r.values[0], "");
			/* Required: missing, once, the value as typed. */
			s.required = 1;
			s.msg_missing = "missing";
			s.msg_invalid = "invalid";
			assert_error(&s, blanks[i], "missing");
			/* Required without a message: forged. */
			s.msg_missing = NULL;
			assert_forged(&s, blanks[i]);
		}
	}
}

/* A required place of only blanks: one error (it was shown twice). */
static void
test_form_required_line_blank_once(void **state)
{
	static const struct form_spec s[] = {
		{ .name = "place", .kind = FORM_LINE, .required = 1,
		    .max_chars = 200, .msg_missing = "Schrijf op waar",
		    .msg_too_long = "te lang", .msg_invalid = "een regel" },
		{ .name = "date", .kind = FORM_DATE, .required = 1,
		    .max_chars = 10, .msg_missing = "Kies een dag.",
		    .msg_too_long = "zo", .msg_invalid = "zo" },
	};
	static const char *const pairs[] = { "place", " \r\n ", "date",
	    "2027-02-30", NULL };
	struct result	 r;

	(void)state;
	run(pairs, s, NELEM(s), &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 2);
	assert_string_equal(r.errs[0].field, "place");
	assert_string_equal(r.errs[0].msgid, "Schrijf op waar");
	assert_string_equal(r.errs[1].field, "date");
	assert_string_equal(r.errs[1].msgid, "zo");
	assert_string_equal(r.values[0], " \r\n ");
	assert_string_equal(r.values[1], "2027-02-30");
}

/* The checks in order, the first that fails gives the only error:
 * missing, too long, not of the kind. */
static void
test_form_kind_check_order(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_DATE, .required = 1, .max_chars = 10,
	    .msg_missing = "missing", .msg_too_long = "long",
	    .msg_invalid = "invalid" } };
	static const struct form_spec no_long[] = { { .name = "v",
	    .kind = FORM_DATE, .required = 1, .max_chars = 10,
	    .msg_missing = "missing", .msg_invalid = "invalid" } };
	struct result	 r;

	(void)state;
	run1(s, NULL, &r);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].msgid, "missing");
	assert_error(s, "2027-02-300", "long");
	assert_error(s, "2027-02-30", "invalid");
	assert_forged(no_long, "2027-02-300");
	assert_error(no_long, "2027-02-30", "invalid");
}

/* A field with a message for one check and none for another: only the
 * check without a message is a forged request (like "organisation":
 * missing is a typing error, unknown characters are not). */
static void
test_form_messages_per_check(void **state)
{
	static const struct form_spec s[] = { { .name = "v",
	    .kind = FORM_ID, .required = 1, .max_chars = 8,
	    .msg_missing = "choose" } };
	struct result	 r;

	(void)state;
	run1(s, "", &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.errs[0].msgid, "choose");
	assert_forged(s, "123456789");
	assert_forged(s, "a b");
	assert_ok(s, "ggz");
}

/* Errors a handler adds after form_read, and finding one per field. */
static void
test_form_add_and_find_errors(void **state)
{
	struct form_error	 errs[2] = { { NULL, NULL }, { NULL, NULL } };
	size_t			 n = 0;

	(void)state;
	assert_null(form_error_for(errs, n, "title"));
	form_add_error(errs, 2, &n, "title", "te lang");
	form_add_error(errs, 2, &n, "body", "leeg");
	form_add_error(errs, 2, &n, "file", "no room: dropped");
	assert_int_equal(n, 2);
	assert_string_equal(form_error_for(errs, n, "title"), "te lang");
	assert_string_equal(form_error_for(errs, n, "body"), "leeg");
	assert_null(form_error_for(errs, n, "file"));
	assert_null(form_error_for(NULL, 0, "title"));
}

static void
test_form_empty_fields(void **state)
{
	struct http_fields	 f = { NULL, 0 };
	const char		*values[3];
	struct form_error	 errs[3];
	size_t			 nerr = 42;

	(void)state;
	assert_int_equal(form_read(&f, spec3, NELEM(spec3), values, errs,
	    &nerr), 0);
	assert_int_equal(nerr, 2);
	assert_string_equal(errs[0].field, "naam");
	assert_string_equal(errs[1].field, "email");
	assert_string_equal(values[0], "");
	assert_string_equal(values[1], "");
	assert_string_equal(values[2], "");
}

static void
test_form_via_urlencoded(void **state)
{
	struct arena		*a;
	struct http_fields	 f;
	const char		*values[3];
	struct form_error	 errs[3];
	size_t			 nerr;
	static const char body[] =
	    "naam=Ren%C3%A9e&email=r%40example.nl&opmerking=";
	static const char body_blank[] = "naam=+++&email=%20%09";
	static const char body_dup[] = "naam=a&email=b&naam=c";
	static const char body_long[] =
	    "naam=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9"
	    "&email=x&opmerking=%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC";

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_int_equal(http_parse_urlencoded(a, body, sizeof(body) - 1, NULL,
	    &f), HTTP_OK);
	assert_int_equal(form_read(&f, spec3, NELEM(spec3), values, errs,
	    &nerr), 0);
	assert_int_equal(nerr, 0);
	assert_string_equal(values[0], "Ren" E_ACUTE "e");
	assert_string_equal(values[1], "r@example.nl");
	assert_string_equal(values[2], "");

	assert_int_equal(http_parse_urlencoded(a, body_blank,
	    sizeof(body_blank) - 1, NULL, &f), HTTP_OK);
	assert_int_equal(form_read(&f, spec3, NELEM(spec3), values, errs,
	    &nerr), 0);
	assert_int_equal(nerr, 2);
	assert_string_equal(errs[0].field, "naam");
	assert_string_equal(errs[0].msgid, "Vul uw naam in.");
	assert_string_equal(errs[1].field, "email");
	assert_string_equal(values[0], "   ");

	assert_int_equal(http_parse_urlencoded(a, body_dup,
	    sizeof(body_dup) - 1, NULL, &f), HTTP_OK);
	assert_int_equal(form_read(&f, spec3, NELEM(spec3), values, errs,
	    &nerr), -1);

	/* 10 x é (20 bytes) fits naam (10 chars); 5 x € fits opmerking. */
	assert_int_equal(http_parse_urlencoded(a, body_long,
	    sizeof(body_long) - 1, NULL, &f), HTTP_OK);
	assert_int_equal(form_read(&f, spec3, NELEM(spec3), values, errs,
	    &nerr), 0);
	assert_int_equal(nerr, 0);
	assert_int_equal(strlen(values[0]), 20);
	assert_int_equal(form_chars(values[0]), 10);
	assert_int_equal(form_chars(values[2]), 5);
	arena_free(a);
}

static void
test_form_chars(void **state)
{
	(void)state;
	assert_int_equal(form_chars(""), 0);
	assert_int_equal(form_chars("a"), 1);
	assert_int_equal(form_chars("abc"), 3);
	assert_int_equal(form_chars(E_ACUTE), 1);
	assert_int_equal(form_chars("caf" E_ACUTE), 4);
	assert_int_equal(form_chars(EURO), 1);
	assert_int_equal(form_chars(GRIN), 1);
	assert_int_equal(form_chars(GRIN GRIN "x"), 3);
	/* Two CJK characters, 3 bytes each. */
	assert_int_equal(form_chars("\xe6\x97\xa5\xe6\x9c\xac"), 2);
	assert_int_equal(form_chars(" \t\n"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_all_ok),
		cmocka_unit_test(test_form_absent_optional_empty),
		cmocka_unit_test(test_form_present_empty_optional),
		cmocka_unit_test(test_form_required_absent),
		cmocka_unit_test(test_form_required_blank),
		cmocka_unit_test(test_form_required_not_blank),
		cmocka_unit_test(test_form_too_long_ascii),
		cmocka_unit_test(test_form_too_long_counts_code_points),
		cmocka_unit_test(test_form_max_zero),
		cmocka_unit_test(test_form_optional_blank_too_long),
		cmocka_unit_test(test_form_required_blank_long_is_missing),
		cmocka_unit_test(test_form_duplicate_field),
		cmocka_unit_test(test_form_duplicate_unknown_field_ignored),
		cmocka_unit_test(test_form_names_exact),
		cmocka_unit_test(test_form_error_order_follows_spec),
		cmocka_unit_test(test_form_error_order_mixed),
		cmocka_unit_test(test_form_no_specs),
		cmocka_unit_test(test_form_empty_fields),
		cmocka_unit_test(test_form_untyped_field_forged),
		cmocka_unit_test(test_form_add_and_find_errors),
		cmocka_unit_test(test_form_via_urlencoded),
		cmocka_unit_test(test_form_chars),
		cmocka_unit_test(test_form_kind_text),
		cmocka_unit_test(test_form_kind_line),
		cmocka_unit_test(test_form_kind_date),
		cmocka_unit_test(test_form_kind_time),
		cmocka_unit_test(test_form_kind_choice),
		cmocka_unit_test(test_form_kind_id),
		cmocka_unit_test(test_form_kind_flag),
		cmocka_unit_test(test_form_blank_is_missing_for_every_kind),
		cmocka_unit_test(test_form_required_line_blank_once),
		cmocka_unit_test(test_form_kind_check_order),
		cmocka_unit_test(test_form_messages_per_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
