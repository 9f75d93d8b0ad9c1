/*
 * test_util.c - numbers, randomness, hex, comparison, hashes, files
 * (lib/util).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define SENTINEL	12345L

static void
expect_long(const char *s, long min, long max, long want)
{
	long	 v = SENTINEL;

	assert_int_equal(util_parse_long(s, min, max, &v), 0);
	assert_int_equal(v, want);
}

static void
expect_no_long(const char *s, long min, long max)
{
	long	 v = SENTINEL;

	assert_int_equal(util_parse_long(s, min, max, &v), -1);
	assert_int_equal(v, SENTINEL);	/* untouched on failure */
}

static void
test_util_parse_long_ok(void **state)
{
	(void)state;
	expect_long("0", 0, 10, 0);
	expect_long("7", 0, 10, 7);
	expect_long("10", 0, 10, 10);
	expect_long("-5", -10, 10, -5);
	expect_long("-0", 0, 0, 0);
	expect_long("007", 0, 10, 7);
	expect_long("9223372036854775807", LONG_MIN, LONG_MAX, LONG_MAX);
	expect_long("-9223372036854775808", LONG_MIN, LONG_MAX, LONG_MIN);
}

static void
test_util_parse_long_bounds(void **state)
{
	(void)state;
	expect_long("1", 1, 1, 1);
	expect_no_long("0", 1, 10);
	expect_no_long("11", 1, 10);
	expect_no_long("-1", 0, 10);
	expect_no_long("-11", -10, 10);
	expect_no_long("5", 6, 4);	/* empty range */
}

static void
test_util_parse_long_garbage(void **state)
{
	(void)state;
	expect_no_long("", 0, 100);
	expect_no_long(NULL, 0, 100);
	expect_no_long("abc", 0, 100);
	expect_no_long("12abc", 0, 100);
	expect_no_long("1 2", 0, 100);
	expect_no_long("1.0", 0, 100);
	expect_no_long("0x10", 0, 100);
	expect_no_long("1e2", 0, 100);
	expect_no_long("-", -100, 100);
	expect_no_long("--1", -100, 100);
	expect_no_long("- 1", -100, 100);
	expect_no_long("-+1", -100, 100);
	expect_no_long("+1", 0, 100);
	expect_no_long("\xc2\xbd", 0, 100);
}

static void
test_util_parse_long_blanks(void **state)
{
	(void)state;
	expect_no_long(" 5", 0, 100);
	expect_no_long("\t5", 0, 100);
	expect_no_long("\n5", 0, 100);
	expect_no_long("5 ", 0, 100);
	expect_no_long("5\n", 0, 100);
	expect_no_long("-\t5", -100, 100);
	expect_no_long(" ", 0, 100);
}

static void
test_util_parse_long_overflow(void **state)
{
	(void)state;
	expect_no_long("9223372036854775808", LONG_MIN, LONG_MAX);
	expect_no_long("-9223372036854775809", LONG_MIN, LONG_MAX);
	expect_no_long("99999999999999999999999999", LONG_MIN, LONG_MAX);
	expect_no_long("-99999999999999999999999999", LONG_MIN, LONG_MAX);
}

static void
test_util_hex(void **state)
{
	static const unsigned char in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab,
	    0xcd, 0xef, 0xff };
	char		 out[2 * sizeof(in) + 1];

	(void)state;
	memset(out, 'X', sizeof(out));
	util_hex(in, sizeof(in), out);
	assert_string_equal(out, "00017f80abcdefff");
	memset(out, 'X', sizeof(out));
	util_hex(in, 0, out);
	assert_string_equal(out, "");
}

static void
test_util_hex_round_trip(void **state)
{
	unsigned char	 in[256], back[256];
	char		 hex[513];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	util_hex(in, sizeof(in), hex);
	assert_int_equal(strlen(hex), 512);
	memset(back, 0, sizeof(back));
	assert_int_equal(util_unhex(hex, back, sizeof(back)), 0);
	assert_memory_equal(in, back, sizeof(in));
}

static void
test_util_unhex(void **state)
{
	unsigned char	 out[4];

	(void)state;
	assert_int_equal(util_unhex("00ff7F80", out, 4), 0);
	assert_int_equal(out[0], 0x00);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(out[2], 0x7f);
	assert_int_equal(out[3], 0x80);
	assert_int_equal(util_unhex("ABCDEFab", out, 4), 0);
	assert_int_equal(out[0], 0xab);
	assert_int_equal(out[1], 0xcd);
	assert_int_equal(out[2], 0xef);
	assert_int_equal(out[3], 0xab);
	assert_int_equal(util_unhex("", out, 0), 0);
}

static void
test_util_unhex_wrong_length(void **state)
{
	unsigned char	 out[4];

	(void)state;
	assert_int_equal(util_unhex("00ff7f8", out, 4), -1);
	assert_int_equal(util_unhex("00ff7f8000", out, 4), -1);
	assert_int_equal(util_unhex("", out, 4), -1);
	assert_int_equal(util_unhex("0", out, 0), -1);
	assert_int_equal(util_unhex("abc", out, 1), -1);
}

static void
test_util_unhex_bad_char(void **state)
{
	unsigned char	 out[2];

	(void)state;
	assert_int_equal(util_unhex("0g00", out, 2), -1);
	assert_int_equal(util_unhex("g000", out, 2), -1);
	assert_int_equal(util_unhex("000G", out, 2), -1);
	assert_int_equal(util_unhex("00 0", out, 2), -1);
	assert_int_equal(util_unhex("-001", out, 2), -1);
	assert_int_equal(util_unhex("0x00", out, 2), -1);
	assert_int_equal(util_unhex("00:0", out, 2), -1);
	assert_int_equal(util_unhex("00/0", out, 2), -1);	/* '0' - 1 */
	assert_int_equal(util_unhex("00@0", out, 2), -1);	/* 'A' - 1 */
	assert_int_equal(util_unhex("00`0", out, 2), -1);	/* 'a' - 1 */
	assert_int_equal(util_unhex("\xc3\xa9\xc3\xa9", out, 2), -1);
}

static void
test_util_ct_equal(void **state)
{
	static const unsigned char a[] = { 1, 2, 3, 4, 0, 6 };
	static const unsigned char b[] = { 1, 2, 3, 4, 0, 6 };
	static const unsigned char c[] = { 1, 2, 3, 4, 0, 7 };
	static const unsigned char d[] = { 0, 2, 3, 4, 0, 6 };

	(void)state;
	assert_int_equal(util_ct_equal(a, b, sizeof(a)), 1);
	assert_int_equal(util_ct_equal(a, c, sizeof(a)), 0);
	assert_int_equal(util_ct_equal(a, d, sizeof(a)), 0);
	assert_int_equal(util_ct_equal(a, c, 5), 1);	/* only n bytes */
	assert_int_equal(util_ct_equal(a, d, 0), 1);
	/* Bytes past a NUL still count. */
	assert_int_equal(util_ct_equal("ab\0c", "ab\0d", 4), 0);
}

static void
test_util_ct_streq(void **state)
{
	(void)state;
	assert_int_equal(util_ct_streq("", ""), 1);
	assert_int_equal(util_ct_streq("abc", "abc"), 1);
	assert_int_equal(util_ct_streq("abc", "abd"), 0);
	assert_int_equal(util_ct_streq("abc", "Abc"), 0);
	assert_int_equal(util_ct_streq("abc", "ab"), 0);
	assert_int_equal(util_ct_streq("ab", "abc"), 0);
	assert_int_equal(util_ct_streq("", "a"), 0);
	assert_int_equal(util_ct_streq("a", ""), 0);
}

static void
hex32(const unsigned char h[32], char out[65])
{
	util_hex(h, 32, out);
}

static void
test_util_sha256_vectors(void **state)
{
	unsigned char	 h[32];
	char		 hex[65];
	static const char two[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	util_sha256("abc", 3, h);
	hex32(h, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	util_sha256("", 0, h);
	hex32(h, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	util_sha256(two, sizeof(two) - 1, h);
	hex32(h, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_util_hmac_rfc4231_case2(void **state)
{
	unsigned char	 mac[32];
	char		 hex[65];
	static const char data[] = "what do ya want for nothing?";

	(void)state;
	assert_int_equal(util_hmac_sha256("Jefe", 4, data, sizeof(data) - 1,
	    mac), 0);
	hex32(mac, hex);
	assert_string_equal(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
test_util_hmac_rfc4231_case1(void **state)
{
	unsigned char	 key[20], mac[32];
	char		 hex[65];

	(void)state;
	memset(key, 0x0b, sizeof(key));
	assert_int_equal(util_hmac_sha256(key, sizeof(key), "Hi There", 8,
	    mac), 0);
	hex32(mac, hex);
	assert_string_equal(hex,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static void
test_util_hmac_rfc4231_case6_long_key(void **state)
{
	unsigned char	 key[131], mac[32];
	char		 hex[65];
	static const char data[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	memset(key, 0xaa, sizeof(key));
	assert_int_equal(util_hmac_sha256(key, sizeof(key), data,
	    sizeof(data) - 1, mac), 0);
	hex32(mac, hex);
	assert_string_equal(hex,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void
test_util_hmac_key_matters(void **state)
{
	unsigned char	 m1[32], m2[32];

	(void)state;
	assert_int_equal(util_hmac_sha256("key1", 4, "msg", 3, m1), 0);
	assert_int_equal(util_hmac_sha256("key2", 4, "msg", 3, m2), 0);
	assert_int_equal(util_ct_equal(m1, m2, 32), 0);
	assert_int_equal(util_hmac_sha256("key1", 4, "msh", 3, m2), 0);
	assert_int_equal(util_ct_equal(m1, m2, 32), 0);
	assert_int_equal(util_hmac_sha256("key1", 4, "msg", 3, m2), 0);
	assert_int_equal(util_ct_equal(m1, m2, 32), 1);
}

static void
test_util_random(void **state)
{
	unsigned char	 a[32], b[32], zero[32];
	unsigned char	 big[100000];

	(void)state;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	assert_int_equal(util_random(a, sizeof(a)), 0);
	assert_int_equal(util_random(b, sizeof(b)), 0);
	assert_int_equal(util_ct_equal(a, b, sizeof(a)), 0);
	assert_int_equal(util_ct_equal(a, zero, sizeof(a)), 0);
	assert_int_equal(util_random(a, 0), 0);
	/* More than one getrandom() call may return. */
	assert_int_equal(util_random(big, sizeof(big)), 0);
	assert_int_equal(util_ct_equal(big, big + 50000, 32), 0);
}

static char *
write_temp(const char *content, size_t n)
{
	char	*path;
	int	 fd;

	path = strdup("/tmp/test_util_XXXXXX");
	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	if (n > 0)
		assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
test_util_read_file(void **state)
{
	char	*path, *out = NULL;
	size_t	 len = 99;

	(void)state;
	path = write_temp("hello\0world", 11);
	assert_int_equal(util_read_file(path, 1024, &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(len, 11);
	assert_memory_equal(out, "hello\0world", 12);	/* + NUL */
	free(out);
	/* len may be NULL. */
	out = NULL;
	assert_int_equal(util_read_file(path, 11, &out, NULL), 0);
	assert_memory_equal(out, "hello\0world", 12);
	free(out);
	unlink(path);
	free(path);
}

static void
test_util_read_file_empty(void **state)
{
	char	*path, *out = NULL;
	size_t	 len = 99;

	(void)state;
	path = write_temp("", 0);
	assert_int_equal(util_read_file(path, 0, &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	unlink(path);
	free(path);
}

static void
test_util_read_file_max(void **state)
{
	char	*path, *out = NULL;
	size_t	 len = 99;

	(void)state;
	path = write_temp("0123456789", 10);
	errno = 0;
	assert_int_equal(util_read_file(path, 9, &out, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(out);
	assert_int_equal(len, 99);
	errno = 0;
	assert_int_equal(util_read_file(path, 0, &out, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(util_read_file(path, 10, &out, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(out, "0123456789");
	free(out);
	unlink(path);
	free(path);
}

static void
test_util_read_file_missing(void **state)
{
	char	*out = NULL;
	size_t	 len = 99;

	(void)state;
	errno = 0;
	assert_int_equal(util_read_file("/nonexistent-dir/file", 1024, &out,
	    &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(out);
	assert_int_equal(len, 99);
}

static void
test_util_read_file_directory(void **state)
{
	char	*out = NULL;

	(void)state;
	errno = 0;
	assert_int_equal(util_read_file("/", (size_t)1 << 30, &out, NULL), -1);
	assert_null(out);
	assert_int_not_equal(errno, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util_parse_long_ok),
		cmocka_unit_test(test_util_parse_long_bounds),
		cmocka_unit_test(test_util_parse_long_garbage),
		cmocka_unit_test(test_util_parse_long_blanks),
		cmocka_unit_test(test_util_parse_long_overflow),
		cmocka_unit_test(test_util_hex),
		cmocka_unit_test(test_util_hex_round_trip),
		cmocka_unit_test(test_util_unhex),
		cmocka_unit_test(test_util_unhex_wrong_length),
		cmocka_unit_test(test_util_unhex_bad_char),
		cmocka_unit_test(test_util_ct_equal),
		cmocka_unit_test(test_util_ct_streq),
		cmocka_unit_test(test_util_sha256_vectors),
		cmocka_unit_test(test_util_hmac_rfc4231_case2),
		cmocka_unit_test(test_util_hmac_rfc4231_case1),
		cmocka_unit_test(test_util_hmac_rfc4231_case6_long_key),
		cmocka_unit_test(test_util_hmac_key_matters),
		cmocka_unit_test(test_util_random),
		cmocka_unit_test(test_util_read_file),
		cmocka_unit_test(test_util_read_file_empty),
		cmocka_unit_test(test_util_read_file_max),
		cmocka_unit_test(test_util_read_file_missing),
		cmocka_unit_test(test_util_read_file_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
