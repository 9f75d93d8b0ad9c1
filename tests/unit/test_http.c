/*
 * test_http.c - request parsing and response building (lib/http).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "http.h"

#define MP_CT		"multipart/form-data; boundary=XyZ"
#define LIT(s)		(s), (sizeof(s) - 1)

static int
setup(void **state)
{
	struct arena	*a;

	if ((a = arena_new(0)) == NULL)
		return -1;
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* n copies of c, NUL-terminated, in the arena. */
static char *
repeat(struct arena *a, char c, size_t n)
{
	char	*s;

	s = arena_alloc(a, n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* "k0=v&k1=v&..." with n pairs. */
static char *
many_pairs(struct arena *a, size_t n, const char *sep)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a, 0);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%sk%zu=v", i ? sep : "", i);
	assert_false(b.failed);
	return (char *)buf_cstr(&b);
}

/* A one-part multipart body: headers given, content c[0..clen). */
static char *
mp_body(struct arena *a, const char *headers, const char *c, size_t clen,
    size_t *len)
{
	struct buf	 b;

	buf_init(&b, a, 0);
	buf_puts(&b, "--XyZ\r\n");
	buf_puts(&b, headers);
	buf_puts(&b, "\r\n\r\n");
	buf_append(&b, c, clen);
	buf_puts(&b, "\r\n--XyZ--\r\n");
	assert_false(b.failed);
	*len = b.len;
	return b.data;
}

static void
assert_field(const struct http_field *f, const char *name, const char *value)
{
	assert_non_null(f);
	assert_string_equal(f->name, name);
	assert_string_equal(f->value, value);
	assert_int_equal(f->len, strlen(value));
}

/* ---- limits, decoding, UTF-8 ---- */

static void
test_http_default_limits(void **state)
{
	(void)state;
	assert_int_equal(http_default_limits.max_body, 2 * 1024 * 1024);
	assert_int_equal(http_default_limits.max_fields, 64);
	assert_int_equal(http_default_limits.max_name, 64);
	assert_int_equal(http_default_limits.max_value, 20000);
	assert_int_equal(http_default_limits.max_file, 1536 * 1024);
}

static void
test_http_pct_decode_basic(void **state)
{
	struct arena	*a = *state;
	char		*out;
	size_t		 len;

	assert_int_equal(http_pct_decode(a, LIT("a%20b+c%2B"), 1, &out, &len),
	    HTTP_OK);
	assert_string_equal(out, "a b c+");
	assert_int_equal(len, 6);
	assert_int_equal(http_pct_decode(a, LIT("a+b"), 0, &out, &len),
	    HTTP_OK);
	assert_string_equal(out, "a+b");
	assert_int_equal(http_pct_decode(a, LIT("%c3%A9"), 0, &out, &len),
	    HTTP_OK);
	assert_string_equal(out, "\xc3\xa9");
	assert_int_equal(len, 2);
	assert_int_equal(http_pct_decode(a, "", 0, 1, &out, &len), HTTP_OK);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
}

static void
test_http_pct_decode_bad_escape(void **state)
{
	struct arena	*a = *state;
	const char	*bad[] = { "%", "%G1", "%4", "ab%", "a%1", "%%41",
			    "%1g", "% 1" };
	char		*out;
	size_t		 i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = (char *)"sentinel";
		len = 99;
		assert_int_equal(http_pct_decode(a, bad[i], strlen(bad[i]), 1,
		    &out, &len), HTTP_EBAD);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	/* Only n bytes count: "%4" cut from "%41" is malformed. */
	assert_int_equal(http_pct_decode(a, "%41", 2, 1, &out, &len),
	    HTTP_EBAD);
	assert_int_equal(http_pct_decode(a, "%41", 3, 1, &out, &len), HTTP_OK);
	assert_string_equal(out, "A");
}

static void
test_http_pct_decode_nul(void **state)
{
	struct arena	*a = *state;
	char		*out;
	size_t		 len;

	assert_int_equal(http_pct_decode(a, LIT("%00"), 1, &out, &len),
	    HTTP_EBAD);
	assert_int_equal(http_pct_decode(a, LIT("ab%00cd"), 0, &out, &len),
	    HTTP_EBAD);
	/* A raw NUL inside the given bytes is refused too. */
	assert_int_equal(http_pct_decode(a, LIT("ab\0cd"), 0, &out, &len),
	    HTTP_EBAD);
}

static void
test_http_utf8_valid_ok(void **state)
{
	(void)state;
	assert_int_equal(http_utf8_valid(LIT("")), 1);
	assert_int_equal(http_utf8_valid(LIT("plain ascii")), 1);
	assert_int_equal(http_utf8_valid(LIT("caf\xc3\xa9")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xe2\x82\xac")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xed\x9f\xbf")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xee\x80\x80")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xef\xbf\xbd")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xf0\x9f\x98\x80")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xf4\x8f\xbf\xbf")), 1);
	assert_int_equal(http_utf8_valid(LIT("\xc2\x80")), 1);
}

static void
test_http_utf8_overlong(void **state)
{
	(void)state;
	assert_int_equal(http_utf8_valid(LIT("\xc0\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xc1\xbf")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xe0\x80\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xe0\x9f\xbf")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xf0\x80\x80\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xf0\x8f\xbf\xbf")), 0);
}

static void
test_http_utf8_surrogate(void **state)
{
	(void)state;
	assert_int_equal(http_utf8_valid(LIT("\xed\xa0\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xed\xbf\xbf")), 0);
	assert_int_equal(http_utf8_valid(LIT("a\xed\xb0\x80z")), 0);
}

static void
test_http_utf8_above_max(void **state)
{
	(void)state;
	assert_int_equal(http_utf8_valid(LIT("\xf4\x90\x80\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xf5\x80\x80\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xf8\x88\x80\x80\x80")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xfe")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xff")), 0);
}

static void
test_http_utf8_truncated(void **state)
{
	(void)state;
	assert_int_equal(http_utf8_valid(LIT("\xc3")), 0);
	assert_int_equal(http_utf8_valid(LIT("a\xe2\x82")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xf0\x9f\x98")), 0);
	/* A lead byte followed by a non-continuation byte. */
	assert_int_equal(http_utf8_valid(LIT("\xc3(")), 0);
	assert_int_equal(http_utf8_valid(LIT("\xe2\x82z")), 0);
	/* A lone continuation byte. */
	assert_int_equal(http_utf8_valid(LIT("\x80")), 0);
	/* Valid bytes, but the length given cuts the sequence. */
	assert_int_equal(http_utf8_valid("\xc3\xa9", 1), 0);
}

/* ---- urlencoded ---- */

static void
test_http_urlencoded_basic(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a,
	    LIT("a=1&msg=hello+world%21&naam=Jos%C3%A9"), NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 3);
	assert_field(&fs.v[0], "a", "1");
	assert_field(&fs.v[1], "msg", "hello world!");
	assert_field(&fs.v[2], "naam", "Jos\xc3\xa9");
	assert_null(fs.v[1].filename);
	assert_null(fs.v[1].ctype);
}

static void
test_http_urlencoded_empty_pairs(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("&a=1&&b&c=&"),
	    &http_default_limits, &fs), HTTP_OK);
	assert_int_equal(fs.n, 3);
	assert_field(&fs.v[0], "a", "1");
	assert_field(&fs.v[1], "b", "");
	assert_field(&fs.v[2], "c", "");

	assert_int_equal(http_parse_urlencoded(a, "", 0, NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 0);
	assert_null(http_fields_get(&fs, "a"));
}

static void
test_http_urlencoded_plus_in_name(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("a+b=x%3Dy&q=1+%2B+1"),
	    NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 2);
	assert_field(&fs.v[0], "a b", "x=y");
	assert_field(&fs.v[1], "q", "1 + 1");
}

static void
test_http_urlencoded_duplicates(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	const struct http_field	*f;

	assert_int_equal(http_parse_urlencoded(a, LIT("x=1&y=2&x=3&x=4"),
	    NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 4);
	assert_int_equal(http_fields_count(&fs, "x"), 3);
	assert_int_equal(http_fields_count(&fs, "y"), 1);
	assert_int_equal(http_fields_count(&fs, "z"), 0);
	f = http_fields_get(&fs, "x");
	assert_ptr_equal(f, &fs.v[0]);
	assert_string_equal(f->value, "1");
	assert_string_equal(fs.v[2].value, "3");
	assert_string_equal(fs.v[3].value, "4");
}

static void
test_http_urlencoded_bad_escape(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("ok=1&a=%G1"), NULL,
	    &fs), HTTP_EBAD);
	assert_int_equal(fs.n, 0);
	assert_null(fs.v);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=%4"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=%"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a%=1"), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_urlencoded_nul(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("a=x%00y"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a%00b=1"), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_urlencoded_bad_utf8(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("a=%C0%80"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=%ED%A0%80"), NULL,
	    &fs), HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=%F5%80%80%80"), NULL,
	    &fs), HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=%E2%82"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("%FF=1"), NULL, &fs),
	    HTTP_EBAD);
	/* Raw (unescaped) invalid bytes are caught as well. */
	assert_int_equal(http_parse_urlencoded(a, LIT("a=\xc3"), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_urlencoded_too_many_fields(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;
	char			*s;

	s = many_pairs(a, 64, "&");
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.n, 64);
	assert_string_equal(fs.v[63].name, "k63");

	s = many_pairs(a, 65, "&");
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);

	lim.max_fields = 2;
	assert_int_equal(http_parse_urlencoded(a, LIT("a=1&a=2&a=3"), &lim,
	    &fs), HTTP_ETOOBIG);
	/* Empty pairs do not count. */
	assert_int_equal(http_parse_urlencoded(a, LIT("a=1&&&a=2&"), &lim,
	    &fs), HTTP_OK);
	assert_int_equal(fs.n, 2);
}

static void
test_http_urlencoded_value_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct buf		 b;
	size_t			 i;
	char			*s;

	s = repeat(a, 'x', 2 + 20000);
	s[0] = 'v';
	s[1] = '=';
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.v[0].len, 20000);

	s = repeat(a, 'x', 2 + 20001);
	s[0] = 'v';
	s[1] = '=';
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);

	/* The limit applies after decoding: 20000 escapes are fine. */
	buf_init(&b, a, 0);
	buf_puts(&b, "v=");
	for (i = 0; i < 20000; i++)
		buf_puts(&b, "%41");
	assert_int_equal(http_parse_urlencoded(a, b.data, b.len, NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.v[0].len, 20000);
	assert_int_equal(fs.v[0].value[19999], 'A');
	buf_puts(&b, "%41");
	assert_int_equal(http_parse_urlencoded(a, b.data, b.len, NULL, &fs),
	    HTTP_ETOOBIG);
}

static void
test_http_urlencoded_name_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	char			*s;

	s = repeat(a, 'n', 64 + 2);
	s[64] = '=';
	s[65] = '1';
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_OK);
	assert_int_equal(strlen(fs.v[0].name), 64);

	s = repeat(a, 'n', 65 + 2);
	s[65] = '=';
	s[66] = '1';
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_ETOOBIG);
	/* A name without '=' is bounded too. */
	s = repeat(a, 'n', 65);
	assert_int_equal(http_parse_urlencoded(a, s, strlen(s), NULL, &fs),
	    HTTP_ETOOBIG);
}

static void
test_http_urlencoded_empty_name(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_urlencoded(a, LIT("=1"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=1&=2"), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_urlencoded(a, LIT("="), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(fs.n, 0);
}

static void
test_http_urlencoded_body_too_big(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;

	lim.max_body = 10;
	assert_int_equal(http_parse_urlencoded(a, LIT("a=12345678"), &lim,
	    &fs), HTTP_OK);
	assert_int_equal(http_parse_urlencoded(a, LIT("a=123456789"), &lim,
	    &fs), HTTP_ETOOBIG);
}

/* ---- cookies ---- */

static void
test_http_cookies_basic(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_cookies(a, "__Host-sid=abc123; lang=nl",
	    NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 2);
	assert_field(&fs.v[0], "__Host-sid", "abc123");
	assert_field(&fs.v[1], "lang", "nl");
	assert_field(http_fields_get(&fs, "lang"), "lang", "nl");
}

static void
test_http_cookies_spaces(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_cookies(a,
	    "  a = 1 ;b=2;\t c=\"quoted\"  ;d=x y", NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 4);
	assert_field(&fs.v[0], "a", "1");
	assert_field(&fs.v[1], "b", "2");
	assert_field(&fs.v[2], "c", "quoted");
	/* Browsers do send spaces inside values; kept as they are. */
	assert_field(&fs.v[3], "d", "x y");
}

static void
test_http_cookies_empty(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_cookies(a, NULL, NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 0);
	assert_int_equal(http_parse_cookies(a, "", NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 0);
	assert_int_equal(http_parse_cookies(a, " ; ;;", NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 0);
	assert_int_equal(http_parse_cookies(a, "a=", NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 1);
	assert_field(&fs.v[0], "a", "");
}

static void
test_http_cookies_malformed_skipped(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_cookies(a,
	    "junk; =x; a b=1; ok=1; ctl=\x01; bad=\xc0\x80; n\xc3\xa9=1; x=%41",
	    NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 2);
	assert_field(&fs.v[0], "ok", "1");
	/* Not percent-decoded. */
	assert_field(&fs.v[1], "x", "%41");
}

static void
test_http_cookies_many(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	char			*s;

	s = many_pairs(a, 64, "; ");
	assert_int_equal(http_parse_cookies(a, s, NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 64);
	assert_field(&fs.v[63], "k63", "v");

	s = many_pairs(a, 65, "; ");
	assert_int_equal(http_parse_cookies(a, s, NULL, &fs), HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);
}

static void
test_http_cookies_value_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;

	lim.max_value = 4;
	assert_int_equal(http_parse_cookies(a, "a=1234", &lim, &fs), HTTP_OK);
	assert_int_equal(fs.n, 1);
	assert_int_equal(http_parse_cookies(a, "a=12345", &lim, &fs),
	    HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);
}

/* ---- multipart ---- */

static void
test_http_multipart_text_and_file(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	const struct http_field	*f;
	/* File content with NUL, high bytes, CRLF and a near-boundary. */
	static const char	 file[] =
	    "\x00\x01\xff\xfe\r\n--XyY\r\n--Xy\x00";
	static const char	 body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n"
	    "\r\n"
	    "Hallo w\xc3\xa9reld\r\ntweede regel\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"doc\"; "
	    "filename=\"plan.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n"
	    "\r\n"
	    "\x00\x01\xff\xfe\r\n--XyY\r\n--Xy\x00"
	    "\r\n--XyZ--\r\n";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.n, 2);
	assert_field(&fs.v[0], "title", "Hallo w\xc3\xa9reld\r\ntweede regel");
	assert_null(fs.v[0].filename);
	assert_null(fs.v[0].ctype);

	f = http_fields_get(&fs, "doc");
	assert_non_null(f);
	assert_string_equal(f->filename, "plan.pdf");
	assert_string_equal(f->ctype, "application/pdf");
	assert_int_equal(f->len, sizeof(file) - 1);
	assert_memory_equal(f->value, file, sizeof(file) - 1);
	assert_int_equal(f->value[f->len], '\0');
}

static void
test_http_multipart_quoted_boundary(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 body[] =
	    "--a b:c'(x)\r\n"
	    "Content-Disposition: form-data; name=\"x\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--a b:c'(x)--\r\n";

	assert_int_equal(http_parse_multipart(a,
	    "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c'(x)\"",
	    LIT(body), NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 1);
	assert_field(&fs.v[0], "x", "1");

	/* In Content-Type a backslash quotes the next character. */
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=\"X\\yZ\"", LIT("--XyZ--"), NULL,
	    &fs), HTTP_OK);
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; x=\"a\\\";b\\\\\"; boundary=XyZ",
	    LIT("--XyZ--"), NULL, &fs), HTTP_OK);
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=\"XyZ", LIT("--XyZ--"), NULL,
	    &fs), HTTP_EBAD);

	/* The same boundary unquoted is not a token. */
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=a b:c'(x)", LIT(body), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_multipart_missing_boundary(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
	    "1\r\n--XyZ--\r\n";

	assert_int_equal(http_parse_multipart(a, "multipart/form-data",
	    LIT(body), NULL, &fs), HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; charset=utf-8", LIT(body), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=", LIT(body), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=\"\"", LIT(body), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, NULL, LIT(body), NULL, &fs),
	    HTTP_EBAD);
	/* Right boundary, wrong media type. */
	assert_int_equal(http_parse_multipart(a,
	    "multipart/mixed; boundary=XyZ", LIT(body), NULL, &fs),
	    HTTP_EBAD);
	/* Two boundaries are ambiguous. */
	assert_int_equal(http_parse_multipart(a,
	    "multipart/form-data; boundary=XyZ; boundary=XyZ", LIT(body),
	    NULL, &fs), HTTP_EBAD);
	assert_int_equal(fs.n, 0);
}

static void
test_http_multipart_boundary_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct buf		 ct, body;
	char			*b70;

	b70 = repeat(a, 'b', 70);
	buf_init(&ct, a, 0);
	buf_printf(&ct, "multipart/form-data; boundary=%s", b70);
	buf_init(&body, a, 0);
	buf_printf(&body, "--%s\r\nContent-Disposition: form-data; "
	    "name=\"x\"\r\n\r\n1\r\n--%s--\r\n", b70, b70);
	assert_int_equal(http_parse_multipart(a, buf_cstr(&ct), body.data,
	    body.len, NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 1);

	/* 71 characters: one too many, even when the body matches. */
	buf_reset(&ct);
	buf_printf(&ct, "multipart/form-data; boundary=%sc", b70);
	buf_reset(&body);
	buf_printf(&body, "--%sc\r\nContent-Disposition: form-data; "
	    "name=\"x\"\r\n\r\n1\r\n--%sc--\r\n", b70, b70);
	assert_int_equal(http_parse_multipart(a, buf_cstr(&ct), body.data,
	    body.len, NULL, &fs), HTTP_EBAD);
}

static void
test_http_multipart_missing_final_delimiter(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 open[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1";
	static const char	 nodash[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1"
	    "\r\n--XyZ";
	static const char	 onedash[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1"
	    "\r\n--XyZ-";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(open), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(nodash), NULL,
	    &fs), HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(onedash), NULL,
	    &fs), HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, MP_CT, "", 0, NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT("no delimiter"),
	    NULL, &fs), HTTP_EBAD);
	assert_int_equal(fs.n, 0);
}

static void
test_http_multipart_part_without_name(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	const char		*hdrs[] = {
		"Content-Disposition: form-data",
		"Content-Disposition: form-data; filename=\"a.txt\"",
		"Content-Disposition: form-data; name=\"\"",
		"Content-Disposition: form-data; name=",
		"Content-Type: text/plain",
	};
	size_t			 i, len;
	char			*body;

	for (i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		body = mp_body(a, hdrs[i], LIT("v"), &len);
		assert_int_equal(http_parse_multipart(a, MP_CT, body, len,
		    NULL, &fs), HTTP_EBAD);
	}
	/* No headers at all. */
	assert_int_equal(http_parse_multipart(a, MP_CT,
	    LIT("--XyZ\r\n\r\nv\r\n--XyZ--"), NULL, &fs), HTTP_EBAD);
}

static void
test_http_multipart_malformed_headers(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	const char		*hdrs[] = {
		"Content-Disposition form-data; name=\"x\"",
		"Content-Disposition : form-data; name=\"x\"",
		"Content-Disposition: form-data; name=\"x",
		"Content-Disposition: form-data; name=\"x\"\n",
		"Content-Disposition: form-data; name=\"x\" junk",
		"Content-Disposition: attachment; name=\"x\"",
		"Content-Disposition: form-data; name=\"x\"; name=\"y\"",
		"Content-Disposition: form-data; name=\"x\"\r\n"
		    "Content-Disposition: form-data; name=\"y\"",
		"Content-Disposition: form-data; name=\"x\"\r\n"
		    "Content-Disposition: form-data; filename=\"y\"",
		"Content-Disposition: form-data; name=\"x\"\r\n X-Folded: y",
		"Content-Disposition: form-data; name=\"x\"\r\n"
		    "Content-Type: a\r\nContent-Type: b",
		"Content-Disposition: form-data; name=\"x\"\r\nX-A: \x01",
	};
	size_t			 i, len;
	char			*body;

	for (i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		body = mp_body(a, hdrs[i], LIT("v"), &len);
		assert_int_equal(http_parse_multipart(a, MP_CT, body, len,
		    NULL, &fs), HTTP_EBAD);
	}
	/* Other headers are ignored; unquoted names are tokens. */
	body = mp_body(a, "X-Other: whatever\r\n"
	    "content-disposition: form-data; name=x", LIT("v"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_field(&fs.v[0], "x", "v");
}

static void
test_http_multipart_lf_only(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 lf[] =
	    "--XyZ\n"
	    "Content-Disposition: form-data; name=\"x\"\n"
	    "\n"
	    "1\n"
	    "--XyZ--\n";
	static const char	 mixed[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"x\"\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(lf), NULL, &fs),
	    HTTP_EBAD);
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(mixed), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_multipart_file_too_big(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;
	const char		*h = "Content-Disposition: form-data; "
				    "name=\"f\"; filename=\"a.bin\"";
	char			*body, *data;
	size_t			 len, big = (size_t)1536 * 1024;

	lim.max_file = 10;
	lim.max_value = 5;	/* files are not held to max_value */
	body = mp_body(a, h, LIT("0123456789"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, &lim, &fs),
	    HTTP_OK);
	assert_int_equal(fs.v[0].len, 10);
	body = mp_body(a, h, LIT("0123456789A"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, &lim, &fs),
	    HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);

	/* With the default limit: 1.5 MiB passes, one byte more does not. */
	data = repeat(a, 'z', big + 1);
	body = mp_body(a, h, data, big, &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.v[0].len, big);
	body = mp_body(a, h, data, big + 1, &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_ETOOBIG);
}

static void
test_http_multipart_text_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;
	const char		*h = "Content-Disposition: form-data; "
				    "name=\"t\"";
	char			*body;
	size_t			 len;

	lim.max_value = 3;
	body = mp_body(a, h, LIT("abc"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, &lim, &fs),
	    HTTP_OK);
	assert_field(&fs.v[0], "t", "abc");
	body = mp_body(a, h, LIT("abcd"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, &lim, &fs),
	    HTTP_ETOOBIG);
}

static void
test_http_multipart_text_must_be_utf8(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	const char		*text = "Content-Disposition: form-data; "
				    "name=\"t\"";
	const char		*file = "Content-Disposition: form-data; "
				    "name=\"t\"; filename=\"t.bin\"";
	char			*body;
	size_t			 len;

	body = mp_body(a, text, LIT("a\0b"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_EBAD);
	body = mp_body(a, text, LIT("\xc0\x80"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_EBAD);
	/* A Content-Type does not make a part a file; filename= does. */
	body = mp_body(a, "Content-Disposition: form-data; name=\"t\"\r\n"
	    "Content-Type: application/octet-stream", LIT("\xff"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_EBAD);

	body = mp_body(a, file, LIT("a\0\xc0\x80"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.v[0].len, 4);
	assert_memory_equal(fs.v[0].value, "a\0\xc0\x80", 4);
}

static void
test_http_multipart_too_many_fields(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;
	static const char	 body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n3\r\n"
	    "--XyZ--\r\n";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), &lim, &fs),
	    HTTP_OK);
	assert_int_equal(fs.n, 3);
	assert_int_equal(http_fields_count(&fs, "a"), 2);
	assert_string_equal(fs.v[1].value, "2");
	lim.max_fields = 2;
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), &lim, &fs),
	    HTTP_ETOOBIG);
	assert_int_equal(fs.n, 0);
}

static void
test_http_multipart_name_too_long(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct buf		 h;
	char			*body;
	size_t			 len;

	buf_init(&h, a, 0);
	buf_printf(&h, "Content-Disposition: form-data; name=\"%s\"",
	    repeat(a, 'n', 64));
	body = mp_body(a, buf_cstr(&h), LIT("v"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	buf_reset(&h);
	buf_printf(&h, "Content-Disposition: form-data; name=\"%s\"",
	    repeat(a, 'n', 65));
	body = mp_body(a, buf_cstr(&h), LIT("v"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_ETOOBIG);
}

static void
test_http_multipart_filename(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	char			*body;
	size_t			 len;

	body = mp_body(a, "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"r\xc3\xa9sum\xc3\xa9 %22x%22.pdf\"", LIT("%PDF"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_string_equal(fs.v[0].filename,
	    "r\xc3\xa9sum\xc3\xa9 %22x%22.pdf");
	assert_null(fs.v[0].ctype);

	/* Backslashes are kept: browsers do not escape with them. */
	body = mp_body(a, "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"C:\\dir\\x.txt\"", LIT(""), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_string_equal(fs.v[0].filename, "C:\\dir\\x.txt");
	assert_int_equal(fs.v[0].len, 0);

	/* ... even right before the closing quote. */
	body = mp_body(a, "Content-Disposition: form-data; "
	    "filename=\"dir\\\"; name=\"f\"", LIT(""), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_string_equal(fs.v[0].filename, "dir\\");
	assert_string_equal(fs.v[0].name, "f");
	body = mp_body(a, "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"dir\\\"", LIT(""), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_string_equal(fs.v[0].filename, "dir\\");

	/* An empty filename (no file chosen) is still a file part. */
	body = mp_body(a, "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"\"", LIT(""), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_OK);
	assert_string_equal(fs.v[0].filename, "");

	body = mp_body(a, "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"\xff.pdf\"", LIT("x"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_EBAD);
	body = mp_body(a,
	    "Content-Disposition: form-data; name=\"\xed\xa0\x80\"",
	    LIT("x"), &len);
	assert_int_equal(http_parse_multipart(a, MP_CT, body, len, NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_multipart_preamble_epilogue(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 body[] =
	    "This is a preamble.\r\n"
	    "--XyZ  \t\r\n"
	    "Content-Disposition: form-data; name=\"x\"\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ--\r\n"
	    "epilogue --XyZ junk";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), NULL, &fs),
	    HTTP_OK);
	assert_int_equal(fs.n, 1);
	assert_field(&fs.v[0], "x", "");
}

static void
test_http_multipart_boundary_inside_part(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	static const char	 body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"x\"\r\n"
	    "\r\n"
	    "a\r\n--XyZabc\r\n"
	    "--XyZ--\r\n";

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), NULL, &fs),
	    HTTP_EBAD);
}

static void
test_http_multipart_no_parts(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;

	assert_int_equal(http_parse_multipart(a, MP_CT, LIT("--XyZ--\r\n"),
	    NULL, &fs), HTTP_OK);
	assert_int_equal(fs.n, 0);
	assert_null(http_fields_get(&fs, "x"));
}

static void
test_http_multipart_body_too_big(void **state)
{
	struct arena		*a = *state;
	struct http_fields	 fs;
	struct http_limits	 lim = http_default_limits;
	static const char	 body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
	    "--XyZ--\r\n";

	lim.max_body = sizeof(body) - 1;
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), &lim, &fs),
	    HTTP_OK);
	lim.max_body--;
	assert_int_equal(http_parse_multipart(a, MP_CT, LIT(body), &lim, &fs),
	    HTTP_ETOOBIG);
}

/* ---- lookups ---- */

static void
test_http_fields_get_missing(void **state)
{
	struct http_fields	 empty = { NULL, 0 };

	(void)state;
	assert_null(http_fields_get(&empty, "a"));
	assert_null(http_fields_get(NULL, "a"));
	assert_int_equal(http_fields_count(&empty, "a"), 0);
	assert_int_equal(http_fields_count(NULL, "a"), 0);
}

/* ---- response ---- */

static void
test_http_response_init(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;

	memset(&r, 0xa5, sizeof(r));
	http_response_init(&r, a);
	assert_ptr_equal(r.arena, a);
	assert_int_equal(r.status, 200);
	assert_null(r.headers);
	assert_int_equal(r.body.len, 0);
	assert_int_equal(r.body.max, 8 * 1024 * 1024);
	assert_false(r.body.failed);
	buf_puts(&r.body, "hallo");
	assert_string_equal(buf_cstr(&r.body), "hallo");
}

static void
test_http_header_add_get(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;
	char			 v[] = "text/html; charset=utf-8";

	http_response_init(&r, a);
	assert_int_equal(http_header_add(&r, "Content-Type", v), 0);
	assert_int_equal(http_header_add(&r, "X-A", "1"), 0);
	assert_int_equal(http_header_add(&r, "X-A", "2\tb"), 0);
	/* The value was copied. */
	v[0] = 'X';
	assert_string_equal(http_header_get(&r, "content-type"),
	    "text/html; charset=utf-8");
	assert_string_equal(http_header_get(&r, "x-a"), "1");
	assert_null(http_header_get(&r, "X-B"));
	/* In the order added. */
	assert_string_equal(r.headers->name, "Content-Type");
	assert_string_equal(r.headers->next->value, "1");
	assert_string_equal(r.headers->next->next->value, "2\tb");
	assert_null(r.headers->next->next->next);
}

static void
test_http_header_injection(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;

	http_response_init(&r, a);
	assert_int_equal(http_header_add(&r, "Location",
	    "/x\r\nSet-Cookie: sid=evil"), -1);
	assert_int_equal(http_header_add(&r, "Location", "/x\nfoo"), -1);
	assert_int_equal(http_header_add(&r, "Location", "/x\rfoo"), -1);
	assert_int_equal(http_header_add(&r, "Location", "/x\x01"), -1);
	assert_int_equal(http_header_add(&r, "X-A\r\nX-B", "1"), -1);
	assert_int_equal(http_header_add(&r, "X A", "1"), -1);
	assert_int_equal(http_header_add(&r, "X-A:", "1"), -1);
	assert_int_equal(http_header_add(&r, "", "1"), -1);
	assert_int_equal(http_header_add(&r, "X-\xc3\xa9", "1"), -1);
	assert_int_equal(http_header_set(&r, "Location", "/\r\n"), -1);
	assert_null(r.headers);
}

static void
test_http_header_set_replaces(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;

	http_response_init(&r, a);
	assert_int_equal(http_header_set(&r, "Cache-Control", "private"), 0);
	assert_int_equal(http_header_add(&r, "X-A", "1"), 0);
	assert_int_equal(http_header_add(&r, "cache-control", "public"), 0);
	assert_int_equal(http_header_set(&r, "CACHE-CONTROL", "no-store"), 0);
	assert_string_equal(http_header_get(&r, "Cache-Control"), "no-store");
	/* Exactly one left, in the first one's place. */
	assert_string_equal(r.headers->value, "no-store");
	assert_string_equal(r.headers->next->name, "X-A");
	assert_null(r.headers->next->next);
	/* A refused value leaves the old one. */
	assert_int_equal(http_header_set(&r, "Cache-Control", "a\nb"), -1);
	assert_string_equal(http_header_get(&r, "Cache-Control"), "no-store");
}

static void
test_http_cookie_set_exact(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;
	struct http_cookie	 c = { "__Host-sid", "abc123", 1800, 1, 1,
				    "Lax", NULL };

	http_response_init(&r, a);
	assert_int_equal(http_cookie_set(&r, &c), 0);
	assert_string_equal(http_header_get(&r, "Set-Cookie"),
	    "__Host-sid=abc123; Path=/; Max-Age=1800; Secure; HttpOnly; "
	    "SameSite=Lax");
}

static void
test_http_cookie_set_session_and_delete(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;
	struct http_cookie	 session = { "lang", "en", -1, 0, 0, NULL,
				    NULL };
	struct http_cookie	 del = { "sid", "", 0, 1, 1, "Strict",
				    "/app" };

	http_response_init(&r, a);
	assert_int_equal(http_cookie_set(&r, &session), 0);
	assert_int_equal(http_cookie_set(&r, &del), 0);
	assert_string_equal(r.headers->name, "Set-Cookie");
	assert_string_equal(r.headers->value, "lang=en; Path=/");
	assert_string_equal(r.headers->next->value,
	    "sid=; Path=/app; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
}

static void
test_http_cookie_set_refuses(void **state)
{
	struct arena		*a = *state;
	struct http_response	 r;
	struct http_cookie	 c = { "a", "ok", -1, 1, 1, NULL, NULL };
	const char		*badval[] = { "a b", "a;b", "a\"b", "a,b",
			    "a\\b", "a\r\nb", "caf\xc3\xa9", "a\x7f" };
	const char		*badname[] = { "", "a=b", "a b", "a;b",
			    "a\r\n" };
	size_t			 i;

	http_response_init(&r, a);
	for (i = 0; i < sizeof(badval) / sizeof(badval[0]); i++) {
		c.value = badval[i];
		assert_int_equal(http_cookie_set(&r, &c), -1);
	}
	c.value = "ok";
	for (i = 0; i < sizeof(badname) / sizeof(badname[0]); i++) {
		c.name = badname[i];
		assert_int_equal(http_cookie_set(&r, &c), -1);
	}
	c.name = "a";
	c.same_site = "None";
	assert_int_equal(http_cookie_set(&r, &c), -1);
	c.same_site = NULL;
	c.path = "/a;Domain=evil";
	assert_int_equal(http_cookie_set(&r, &c), -1);
	c.path = "relative";
	assert_int_equal(http_cookie_set(&r, &c), -1);
	c.path = NULL;
	/* Prefix rules: __Host- needs Secure and Path=/. */
	c.name = "__Host-sid";
	c.secure = 0;
	assert_int_equal(http_cookie_set(&r, &c), -1);
	c.secure = 1;
	c.path = "/x";
	assert_int_equal(http_cookie_set(&r, &c), -1);
	assert_null(r.headers);
}

static void
test_http_status_text(void **state)
{
	(void)state;
	assert_string_equal(http_status_text(200), "OK");
	assert_string_equal(http_status_text(303), "See Other");
	assert_string_equal(http_status_text(400), "Bad Request");
	assert_string_equal(http_status_text(403), "Forbidden");
	assert_string_equal(http_status_text(404), "Not Found");
	assert_string_equal(http_status_text(413), "Content Too Large");
	assert_string_equal(http_status_text(500), "Internal Server Error");
	assert_string_equal(http_status_text(999), "Unknown");
	assert_string_equal(http_status_text(-1), "Unknown");
}

static void
test_http_url_safe(void **state)
{
	(void)state;
	assert_int_equal(http_url_safe("/"), 1);
	assert_int_equal(http_url_safe("/a"), 1);
	assert_int_equal(http_url_safe("/documenten/x?a=1&b=%20#top"), 1);
	assert_int_equal(http_url_safe("https://x"), 1);
	assert_int_equal(http_url_safe("https://example.nl/pad"), 1);
	assert_int_equal(http_url_safe("//evil"), 0);
	assert_int_equal(http_url_safe("/\\evil"), 0);
	assert_int_equal(http_url_safe("javascript:x"), 0);
	assert_int_equal(http_url_safe("http://x"), 0);
	assert_int_equal(http_url_safe("https://"), 0);
	assert_int_equal(http_url_safe("/a b"), 0);
	assert_int_equal(http_url_safe("/a\tb"), 0);
	assert_int_equal(http_url_safe("/a\nb"), 0);
	assert_int_equal(http_url_safe("/a\x7f"), 0);
	assert_int_equal(http_url_safe("/\xc0\x80"), 0);
	assert_int_equal(http_url_safe(" /a"), 0);
	assert_int_equal(http_url_safe("a/b"), 0);
	assert_int_equal(http_url_safe(""), 0);
	assert_int_equal(http_url_safe(NULL), 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_http_default_limits),
		T(test_http_pct_decode_basic),
		T(test_http_pct_decode_bad_escape),
		T(test_http_pct_decode_nul),
		T(test_http_utf8_valid_ok),
		T(test_http_utf8_overlong),
		T(test_http_utf8_surrogate),
		T(test_http_utf8_above_max),
		T(test_http_utf8_truncated),
		T(test_http_urlencoded_basic),
		T(test_http_urlencoded_empty_pairs),
		T(test_http_urlencoded_plus_in_name),
		T(test_http_urlencoded_duplicates),
		T(test_http_urlencoded_bad_escape),
		T(test_http_urlencoded_nul),
		T(test_http_urlencoded_bad_utf8),
		T(test_http_urlencoded_too_many_fields),
		T(test_http_urlencoded_value_too_long),
		T(test_http_urlencoded_name_too_long),
		T(test_http_urlencoded_empty_name),
		T(test_http_urlencoded_body_too_big),
		T(test_http_cookies_basic),
		T(test_http_cookies_spaces),
		T(test_http_cookies_empty),
		T(test_http_cookies_malformed_skipped),
		T(test_http_cookies_many),
		T(test_http_cookies_value_too_long),
		T(test_http_multipart_text_and_file),
		T(test_http_multipart_quoted_boundary),
		T(test_http_multipart_missing_boundary),
		T(test_http_multipart_boundary_too_long),
		T(test_http_multipart_missing_final_delimiter),
		T(test_http_multipart_part_without_name),
		T(test_http_multipart_malformed_headers),
		T(test_http_multipart_lf_only),
		T(test_http_multipart_file_too_big),
		T(test_http_multipart_text_too_long),
		T(test_http_multipart_text_must_be_utf8),
		T(test_http_multipart_too_many_fields),
		T(test_http_multipart_name_too_long),
		T(test_http_multipart_filename),
		T(test_http_multipart_preamble_epilogue),
		T(test_http_multipart_boundary_inside_part),
		T(test_http_multipart_no_parts),
		T(test_http_multipart_body_too_big),
		T(test_http_fields_get_missing),
		T(test_http_response_init),
		T(test_http_header_add_get),
		T(test_http_header_injection),
		T(test_http_header_set_replaces),
		T(test_http_cookie_set_exact),
		T(test_http_cookie_set_session_and_delete),
		T(test_http_cookie_set_refuses),
		T(test_http_status_text),
		T(test_http_url_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
