/*
 * test_csrf.c - origin check and form tokens (lib/csrf).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "csrf.h"

static const unsigned char key1[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static const unsigned char key2[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x20,
};

#define SESS	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdef"
#define SESS2	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdee"

static int
lower_hex(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static void
test_csrf_token_format(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];

	(void)state;
	memset(tok, 'X', sizeof(tok));
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	assert_int_equal(strlen(tok), CSRF_TOKEN_LEN);
	assert_true(lower_hex(tok));
}

static void
test_csrf_token_known_answer(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];

	(void)state;
	/* HMAC-SHA-256(key1, "gezinsportaal-csrf:" SESS), made with
	 * openssl dgst -mac HMAC: pins the derivation, so tokens in pages
	 * stay valid across a restart or an upgrade. */
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	assert_string_equal(tok,
	    "29b289e9472994303490e6f7d53c8be0a76a928006a6f8fce7d2b1d6b955cb9d");
}

static void
test_csrf_token_deterministic(void **state)
{
	char	 a[CSRF_TOKEN_LEN + 1], b[CSRF_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, a), 0);
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, b), 0);
	assert_string_equal(a, b);
	assert_int_equal(csrf_token(key1, sizeof(key1), "pre-session", a), 0);
	assert_int_equal(csrf_token(key1, sizeof(key1), "pre-session", b), 0);
	assert_string_equal(a, b);
}

static void
test_csrf_token_differs_per_binding(void **state)
{
	char	 a[CSRF_TOKEN_LEN + 1], b[CSRF_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, a), 0);
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS2, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(csrf_token(key1, sizeof(key1), "a", a), 0);
	assert_int_equal(csrf_token(key1, sizeof(key1), "A", b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(csrf_token(key1, sizeof(key1), "ab", b), 0);
	assert_string_not_equal(a, b);
}

static void
test_csrf_token_differs_per_key(void **state)
{
	char	 a[CSRF_TOKEN_LEN + 1], b[CSRF_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, a), 0);
	assert_int_equal(csrf_token(key2, sizeof(key2), SESS, b), 0);
	assert_string_not_equal(a, b);
	/* A shorter key is a different key. */
	assert_int_equal(csrf_token(key1, 16, SESS, b), 0);
	assert_string_not_equal(a, b);
}

static void
test_csrf_token_refuses(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];

	(void)state;
	memset(tok, 'X', sizeof(tok));
	assert_int_equal(csrf_token(key1, 0, SESS, tok), -1);
	assert_string_equal(tok, "");
	memset(tok, 'X', sizeof(tok));
	assert_int_equal(csrf_token(key1, sizeof(key1), NULL, tok), -1);
	assert_string_equal(tok, "");
	memset(tok, 'X', sizeof(tok));
	assert_int_equal(csrf_token(key1, sizeof(key1), "", tok), -1);
	assert_string_equal(tok, "");
}

static void
test_csrf_token_long_binding(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1], bind[300];

	(void)state;
	memset(bind, 'b', sizeof(bind));
	bind[256] = '\0';
	assert_int_equal(csrf_token(key1, sizeof(key1), bind, tok), 0);
	assert_int_equal(strlen(tok), CSRF_TOKEN_LEN);
	assert_int_equal(csrf_valid(key1, sizeof(key1), bind, tok), 1);
	/* Longer bindings are refused, never cut (a cut would make two
	 * bindings share a token). */
	bind[256] = 'b';
	bind[257] = '\0';
	assert_int_equal(csrf_token(key1, sizeof(key1), bind, tok), -1);
	assert_string_equal(tok, "");
}

static void
test_csrf_valid_ok(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, tok), 1);
}

static void
test_csrf_valid_wrong_binding_or_key(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS2, tok), 0);
	assert_int_equal(csrf_valid(key2, sizeof(key2), SESS, tok), 0);
	assert_int_equal(csrf_valid(key1, 0, SESS, tok), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), NULL, tok), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), "", tok), 0);
}

static void
test_csrf_valid_wrong_length(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1], g[CSRF_TOKEN_LEN + 2];

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	memcpy(g, tok, CSRF_TOKEN_LEN - 1);
	g[CSRF_TOKEN_LEN - 1] = '\0';
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, g), 0);
	memcpy(g, tok, CSRF_TOKEN_LEN);
	g[CSRF_TOKEN_LEN] = '0';
	g[CSRF_TOKEN_LEN + 1] = '\0';
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, g), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, ""), 0);
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, NULL), 0);
}

static void
test_csrf_valid_one_char_changed(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1], g[CSRF_TOKEN_LEN + 1];
	size_t	 i;

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	for (i = 0; i < CSRF_TOKEN_LEN; i++) {
		memcpy(g, tok, sizeof(g));
		g[i] = g[i] == '0' ? '1' : '0';
		if (csrf_valid(key1, sizeof(key1), SESS, g) != 0)
			fail_msg("accepted with position %zu changed", i);
	}
}

static void
test_csrf_valid_case_matters(void **state)
{
	char	 tok[CSRF_TOKEN_LEN + 1];
	size_t	 i;
	int	 changed = 0;

	(void)state;
	assert_int_equal(csrf_token(key1, sizeof(key1), SESS, tok), 0);
	for (i = 0; i < CSRF_TOKEN_LEN; i++)
		if (tok[i] >= 'a' && tok[i] <= 'f') {
			tok[i] = (char)toupper((unsigned char)tok[i]);
			changed = 1;
		}
	assert_true(changed);
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, tok), 0);
}

static void
test_csrf_valid_other_tokens(void **state)
{
	char	 zeros[CSRF_TOKEN_LEN + 1];

	(void)state;
	memset(zeros, '0', CSRF_TOKEN_LEN);
	zeros[CSRF_TOKEN_LEN] = '\0';
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, zeros), 0);
	/* The binding itself (64 hex) is not its token. */
	assert_int_equal(csrf_valid(key1, sizeof(key1), SESS, SESS), 0);
}

static void
test_csrf_origin_absent_headers(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok(NULL, NULL, "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok(NULL, NULL, NULL), 1);
	assert_int_equal(csrf_origin_ok("", "", "portaal.example"), 1);
}

static void
test_csrf_origin_sec_fetch_site(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok(NULL, "same-origin", "h"), 1);
	assert_int_equal(csrf_origin_ok(NULL, "none", "h"), 1);
	assert_int_equal(csrf_origin_ok(NULL, "same-site", "h"), 0);
	assert_int_equal(csrf_origin_ok(NULL, "cross-site", "h"), 0);
	assert_int_equal(csrf_origin_ok(NULL, "bogus", "h"), 0);
	assert_int_equal(csrf_origin_ok(NULL, "same-origin ", "h"), 0);
	assert_int_equal(csrf_origin_ok(NULL, "Same-Origin", "h"), 0);
	/* same-origin but an Origin naming another host: refused. */
	assert_int_equal(csrf_origin_ok("https://evil.example", "same-origin",
	    "portaal.example"), 0);
	/* cross-site even with a matching Origin: refused. */
	assert_int_equal(csrf_origin_ok("https://portaal.example",
	    "cross-site", "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example",
	    "same-origin", "portaal.example"), 1);
}

static void
test_csrf_origin_matches_host(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok("https://portaal.example", NULL,
	    "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok("http://portaal.example", NULL,
	    "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok("http://127.0.0.1:8080", NULL,
	    "127.0.0.1:8080"), 1);
	assert_int_equal(csrf_origin_ok("https://portaal.example:8443", NULL,
	    "portaal.example:8443"), 1);
	assert_int_equal(csrf_origin_ok("http://[::1]:8080", NULL,
	    "[::1]:8080"), 1);
	/* Host names compare without case. */
	assert_int_equal(csrf_origin_ok("https://Portaal.EXAMPLE", NULL,
	    "portaal.example"), 1);
}

static void
test_csrf_origin_port_ignored(void **state)
{
	(void)state;
	/* Only the host name is compared: nginx passes Host without the
	 * port (csrf.h). */
	assert_int_equal(csrf_origin_ok("http://127.0.0.1:8080", NULL,
	    "127.0.0.1"), 1);
	assert_int_equal(csrf_origin_ok("http://127.0.0.1", NULL,
	    "127.0.0.1:8080"), 1);
	assert_int_equal(csrf_origin_ok("http://127.0.0.1:9090", NULL,
	    "127.0.0.1:8080"), 1);
	assert_int_equal(csrf_origin_ok("https://portaal.example:443", NULL,
	    "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok("http://[::1]:8080", NULL, "[::1]"),
	    1);
	/* ... but the host name must still be the same. */
	assert_int_equal(csrf_origin_ok("http://127.0.0.2:8080", NULL,
	    "127.0.0.1:8080"), 0);
	assert_int_equal(csrf_origin_ok("http://[::2]:8080", NULL,
	    "[::1]:8080"), 0);
}

static void
test_csrf_origin_other_host(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok("https://evil.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example.evil", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://xportaal.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.exampl", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example", NULL,
	    "portaal.exampl"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example@evil.example",
	    NULL, "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://evil.example", NULL,
	    "evil.example.portaal.example"), 0);
}

/* Browsers send "Origin: null" on same-origin form posts when the page has
 * Referrer-Policy: no-referrer (as ours do): no information, the form
 * token decides. Sec-Fetch-Site, when sent, still counts. */
static void
test_csrf_origin_null_is_no_information(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok("null", "same-origin", "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok("null", NULL, "portaal.example"), 1);
	assert_int_equal(csrf_origin_ok("null", "cross-site", "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("Null", NULL, "portaal.example"), 0);
}

static void
test_csrf_origin_malformed(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok("portaal.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("ftp://portaal.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https:/portaal.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://", NULL, "portaal.example"),
	    0);
	assert_int_equal(csrf_origin_ok("https://portaal.example/", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("//portaal.example", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example:8443/", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok("https://portaal.example/x", NULL,
	    "portaal.example"), 0);
	assert_int_equal(csrf_origin_ok(" https://portaal.example", NULL,
	    "portaal.example"), 0);
}

static void
test_csrf_origin_without_host(void **state)
{
	(void)state;
	assert_int_equal(csrf_origin_ok("https://portaal.example", NULL, NULL),
	    0);
	assert_int_equal(csrf_origin_ok("https://portaal.example", NULL, ""),
	    0);
	/* An empty host must not match an empty origin host. */
	assert_int_equal(csrf_origin_ok("https://", NULL, ""), 0);
	assert_int_equal(csrf_origin_ok("https://", "same-origin", NULL), 0);
	/* Nor an empty host name with only a port. */
	assert_int_equal(csrf_origin_ok("https://:8080", NULL, ":8080"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csrf_token_format),
		cmocka_unit_test(test_csrf_token_known_answer),
		cmocka_unit_test(test_csrf_token_deterministic),
		cmocka_unit_test(test_csrf_token_differs_per_binding),
		cmocka_unit_test(test_csrf_token_differs_per_key),
		cmocka_unit_test(test_csrf_token_refuses),
		cmocka_unit_test(test_csrf_token_long_binding),
		cmocka_unit_test(test_csrf_valid_ok),
		cmocka_unit_test(test_csrf_valid_wrong_binding_or_key),
		cmocka_unit_test(test_csrf_valid_wrong_length),
		cmocka_unit_test(test_csrf_valid_one_char_changed),
		cmocka_unit_test(test_csrf_valid_case_matters),
		cmocka_unit_test(test_csrf_valid_other_tokens),
		cmocka_unit_test(test_csrf_origin_absent_headers),
		cmocka_unit_test(test_csrf_origin_sec_fetch_site),
		cmocka_unit_test(test_csrf_origin_matches_host),
		cmocka_unit_test(test_csrf_origin_port_ignored),
		cmocka_unit_test(test_csrf_origin_other_host),
		cmocka_unit_test(test_csrf_origin_null_is_no_information),
		cmocka_unit_test(test_csrf_origin_malformed),
		cmocka_unit_test(test_csrf_origin_without_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
