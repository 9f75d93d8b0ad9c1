/*
 * test_outbox.c - the retry schedule, the mail text and SMTP failure
 * (lib/outbox). Delivery to a real mail catcher is tested over HTTP in
 * tests/integration/test_outbox.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "outbox.h"

#define FROM	"Gezinsportaal <noreply@portaal.example>"
#define TO	"fatima@demo.gezinsportaal.invalid"
#define WHEN	((time_t)1795428000)	/* 2026-11-23 10:00:00 UTC */

static void
test_outbox_backoff(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff(30, 1), 30);
	assert_int_equal(outbox_backoff(30, 2), 60);
	assert_int_equal(outbox_backoff(30, 3), 120);
	assert_int_equal(outbox_backoff(30, 10), 15360);
	assert_int_equal(outbox_backoff(30, 11), 21600);	/* 6 h cap */
	assert_int_equal(outbox_backoff(30, 1000), 21600);
	assert_int_equal(outbox_backoff(0, 1), 1);
	assert_int_equal(outbox_backoff(1, 0), 1);
}

static const char *
format(struct arena *a, const char *from, const char *to, const char *subj,
    const char *body, int *rc)
{
	struct buf	 b;

	buf_init(&b, a, 0);
	*rc = outbox_format_mail(&b, from, to, subj, body, "abcDEF123_-x",
	    WHEN);
	return *rc == 0 ? buf_cstr(&b) : NULL;
}

static void
test_outbox_format(void **state)
{
	struct arena	*a = arena_new(0);
	const char	*m;
	int		 rc;

	(void)state;
	m = format(a, FROM, TO, "Nieuwe reactie in Gezinsportaal",
	    "Lees hier:\nhttps://portaal.example/documenten/x\n", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(m, "From: " FROM "\r\n"));
	assert_non_null(strstr(m, "To: " TO "\r\n"));
	assert_non_null(strstr(m,
	    "Subject: Nieuwe reactie in Gezinsportaal\r\n"));
	assert_non_null(strstr(m, "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"));
	assert_non_null(strstr(m,
	    "Message-ID: <abcDEF123_-x@portaal.example>\r\n"));
	assert_non_null(strstr(m, "Content-Type: text/plain; charset=utf-8\r\n"));
	/* headers end once; the body has CRLF line ends */
	assert_non_null(strstr(m, "\r\n\r\nLees hier:\r\nhttps://"));
	assert_null(strstr(m, "x\n\r"));
	assert_null(strstr(strstr(m, "\r\n\r\n"), "\r\r"));
	/* a lone CR in the body (SMTP smuggling) never reaches the server */
	m = format(a, FROM, TO, "s", "een\rtwee\r\n.\r\n", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(m, "\r\n\r\neentwee\r\n.\r\n"));
	arena_free(a);
}

static void
test_outbox_subject_not_ascii(void **state)
{
	struct arena	*a = arena_new(0);
	const char	*m;
	int		 rc;

	(void)state;
	/* "Reactie op één stuk" in RFC 2047 base64 */
	m = format(a, FROM, TO, "Reactie op \xc3\xa9\xc3\xa9n stuk", "x", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(m,
	    "Subject: =?UTF-8?B?UmVhY3RpZSBvcCDDqcOpbiBzdHVr?=\r\n"));
	arena_free(a);
}

static void
test_outbox_header_injection_refused(void **state)
{
	struct arena	*a = arena_new(0);
	int		 rc;

	(void)state;
	assert_null(format(a, FROM, TO, "Hallo\r\nBcc: x@evil.example", "x",
	    &rc));
	assert_int_equal(rc, -1);
	assert_null(format(a, FROM, TO "\nBcc: x@evil.example", "s", "x", &rc));
	assert_null(format(a, FROM, "", "s", "x", &rc));
	assert_null(format(a, FROM, "geen adres", "s", "x", &rc));
	assert_null(format(a, "Naam <>", TO, "s", "x", &rc));
	arena_free(a);
}

static void
test_outbox_address(void **state)
{
	char	 out[64];

	(void)state;
	assert_int_equal(outbox_address("Gp <a@b.nl>", out, sizeof(out)), 0);
	assert_string_equal(out, "a@b.nl");
	assert_int_equal(outbox_address("a@b.nl", out, sizeof(out)), 0);
	assert_string_equal(out, "a@b.nl");
	assert_int_equal(outbox_address("Gp <a@b.nl", out, sizeof(out)), -1);
	assert_int_equal(outbox_address("ab.nl", out, sizeof(out)), -1);
	assert_int_equal(outbox_address("a b@c.nl", out, sizeof(out)), -1);
	assert_int_equal(outbox_address("a@b.nl", out, 4), -1);
	assert_int_equal(outbox_address("a,b@c.nl", out, sizeof(out)), -1);
	assert_int_equal(outbox_address("a\tb@c.nl", out, sizeof(out)), -1);
	assert_int_equal(outbox_address("G <a@b.nl>>", out, sizeof(out)), 0);
	assert_int_equal(outbox_address("\"a\"@b.nl", out, sizeof(out)), -1);
}

static void
test_outbox_smtp_down(void **state)
{
	char	 err[256] = "";

	(void)state;
	/* Port 9 on localhost: nothing listens; the error is reported. */
	assert_int_equal(outbox_smtp("smtp://127.0.0.1:9", FROM, TO, "x", 1,
	    5, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	assert_int_equal(outbox_smtp("smtp://127.0.0.1:9", FROM, "nobody",
	    "x", 1, 5, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	/* Only SMTP: a file URL is not a mail server. */
	assert_int_equal(outbox_smtp("file:///etc/passwd", FROM, TO, "x", 1,
	    5, err, sizeof(err)), -1);
}

static void
test_outbox_webhook_refused(void **state)
{
	char	 err[256] = "";

	(void)state;
	assert_int_equal(outbox_webhook("http://127.0.0.1:9/hook", "", "e",
	    "d", "{}", 2, 5, err, sizeof(err)), -1);
	assert_string_equal(err, "no secret or a bad event");
	assert_int_equal(outbox_webhook("http://127.0.0.1:9/hook", "ab",
	    "e\r\nX-Evil: 1", "d", "{}", 2, 5, err, sizeof(err)), -1);
	/* nothing listens on port 9; only http(s) */
	assert_int_equal(outbox_webhook("http://127.0.0.1:9/hook", "ab", "e",
	    "d", "{}", 2, 5, err, sizeof(err)), -1);
	assert_int_equal(outbox_webhook("file:///etc/passwd", "ab", "e", "d",
	    "{}", 2, 5, err, sizeof(err)), -1);
}

/* Events leave the machine over https only; plain http to this machine
 * (the test sink) is the one exception. */
static void
test_outbox_url_allowed(void **state)
{
	static const struct { const char *url; int ok; } t[] = {
		{ "https://hooks.example.nl/gp", 1 },
		{ "https://h", 1 },
		{ "https://", 0 },
		{ "https:///x", 0 },
		{ "http://127.0.0.1:8080/hook", 1 },
		{ "http://127.0.0.1/hook", 1 },
		{ "http://localhost:9/x", 1 },
		{ "http://[::1]:9/x", 1 },
		{ "http://127.0.0.1.evil.nl/x", 0 },
		{ "http://localhost:80@evil.example/", 0 },
		{ "http://127.0.0.1:1@evil.example/x", 0 },
		{ "http://[::1]:x@evil.example", 0 },
		{ "http://127.0.0.1/a@b", 1 },
		{ "http://localhost.evil.nl/x", 0 },
		{ "http://hooks.example.nl/gp", 0 },
		{ "ftp://hooks.example.nl/gp", 0 },
		{ "HTTPS://hooks.example.nl", 0 },
		{ "", 0 },
	};
	char	 err[128];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (outbox_url_allowed(t[i].url) != t[i].ok)
			fail_msg("%s: want %d", t[i].url, t[i].ok);
	/* Refused before anything is sent. */
	assert_int_equal(outbox_webhook("http://hooks.example.nl/gp", "k",
	    "e", "d", "{}", 2, 1, err, sizeof(err)), -1);
	assert_string_equal(err, "not an https URL");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outbox_backoff),
		cmocka_unit_test(test_outbox_format),
		cmocka_unit_test(test_outbox_subject_not_ascii),
		cmocka_unit_test(test_outbox_header_injection_refused),
		cmocka_unit_test(test_outbox_address),
		cmocka_unit_test(test_outbox_smtp_down),
		cmocka_unit_test(test_outbox_webhook_refused),
		cmocka_unit_test(test_outbox_url_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
