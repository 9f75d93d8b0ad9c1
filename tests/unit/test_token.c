/*
 * test_token.c - reply-link tokens (lib/token): format, hashing, what is
 * refused, and putting the link into a mail body.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "token.h"
#include "util.h"

static void
test_token_new_format(void **state)
{
	char	 tok[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX + 1], again[65];
	size_t	 i;

	(void)state;
	assert_int_equal(token_new(tok, hash), 0);
	assert_int_equal(strlen(tok), TOKEN_LEN);
	assert_int_equal(strlen(hash), TOKEN_HASH_HEX);
	for (i = 0; i < TOKEN_LEN; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
		    "nopqrstuvwxyz0123456789-_", tok[i]));
	/* What comes back in the URL hashes to what was stored. */
	assert_int_equal(token_hash(tok, again), 0);
	assert_string_equal(hash, again);
}

static void
test_token_new_differs(void **state)
{
	char	 a[TOKEN_LEN + 1], b[TOKEN_LEN + 1], ha[65], hb[65];

	(void)state;
	assert_int_equal(token_new(a, ha), 0);
	assert_int_equal(token_new(b, hb), 0);
	assert_string_not_equal(a, b);
	assert_string_not_equal(ha, hb);
}

/* 32 zero bytes: "AAAA...A" (43), hash = SHA-256 of 32 zero bytes. */
static void
test_token_hash_known_value(void **state)
{
	char	 tok[TOKEN_LEN + 1], hash[65];

	(void)state;
	memset(tok, 'A', TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	assert_int_equal(token_hash(tok, hash), 0);
	assert_string_equal(hash, "66687aadf862bd776c8fc18b8e9f8e20089714856ee"
	    "233b3902a591d0d5f2925");
	/* 32 bytes 0xff: 42 x '_' and a last character with zero padding. */
	memset(tok, '_', TOKEN_LEN);
	tok[TOKEN_LEN - 1] = '8';	/* 111100 */
	assert_int_equal(token_hash(tok, hash), 0);
	assert_string_equal(hash, "af9613760f72635fbdb44a5a0a63c39f12af30f950a"
	    "6ee5c971be188e89c4051");
}

static void
test_token_hash_refuses_malformed(void **state)
{
	char	 tok[TOKEN_LEN + 2], hash[65];

	(void)state;
	assert_int_equal(token_hash(NULL, hash), -1);
	assert_int_equal(token_hash("", hash), -1);
	assert_string_equal(hash, "");
	memset(tok, 'A', TOKEN_LEN + 1);
	tok[TOKEN_LEN + 1] = '\0';
	assert_int_equal(token_hash(tok, hash), -1);	/* 44 */
	tok[TOKEN_LEN - 1] = '\0';
	assert_int_equal(token_hash(tok, hash), -1);	/* 42 */
	memset(tok, 'A', TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	tok[5] = '+';					/* base64, not url */
	assert_int_equal(token_hash(tok, hash), -1);
	tok[5] = '/';
	assert_int_equal(token_hash(tok, hash), -1);
	tok[5] = '=';
	assert_int_equal(token_hash(tok, hash), -1);
	tok[5] = '.';
	assert_int_equal(token_hash(tok, hash), -1);
	tok[5] = 'A';
	tok[TOKEN_LEN - 1] = 'B';	/* padding bits not zero */
	assert_int_equal(token_hash(tok, hash), -1);
	tok[TOKEN_LEN - 1] = 'E';	/* 000100: zero padding */
	assert_int_equal(token_hash(tok, hash), 0);
}

static void
test_token_fill(void **state)
{
	struct arena	*a = arena_new(0);
	struct buf	 b;

	(void)state;
	assert_non_null(a);
	buf_init(&b, a, 0);
	assert_int_equal(token_fill(&b, "Antwoord hier:\n" TOKEN_MARK
	    "\nDank u.", "https://x.invalid/antwoord/abc"), 1);
	assert_string_equal(buf_cstr(&b), "Antwoord hier:\n"
	    "https://x.invalid/antwoord/abc\nDank u.");
	buf_init(&b, a, 0);
	assert_int_equal(token_fill(&b, "Geen link.", "x"), 0);
	assert_string_equal(buf_cstr(&b), "Geen link.");
	/* Only the first mark: a second is text, not a second token. */
	buf_init(&b, a, 0);
	assert_int_equal(token_fill(&b, TOKEN_MARK TOKEN_MARK, "L"), 1);
	assert_string_equal(buf_cstr(&b), "L" TOKEN_MARK);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_new_format),
		cmocka_unit_test(test_token_new_differs),
		cmocka_unit_test(test_token_hash_known_value),
		cmocka_unit_test(test_token_hash_refuses_malformed),
		cmocka_unit_test(test_token_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
