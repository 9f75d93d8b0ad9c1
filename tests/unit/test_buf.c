/*
 * test_buf.c - growable byte strings in an arena (lib/buf).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

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

static void
test_buf_init_empty(void **state)
{
	struct buf	 b;

	memset(&b, 0x5a, sizeof(b));
	buf_init(&b, *state, 10);
	assert_ptr_equal(b.arena, *state);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 10);
	assert_int_equal(b.failed, 0);
	assert_non_null(buf_cstr(&b));
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_append_basic(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_append(&b, LIT("abc"));
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");	/* NUL-terminated, len > 0 */
	buf_puts(&b, "def");
	buf_putc(&b, 'g');
	buf_append(&b, "hij", 2);
	assert_int_equal(b.len, 9);
	assert_string_equal(buf_cstr(&b), "abcdefghi");
	/* Zero-length appends change nothing. */
	buf_append(&b, "zzz", 0);
	buf_puts(&b, "");
	assert_int_equal(b.len, 9);
	assert_string_equal(buf_cstr(&b), "abcdefghi");
	assert_int_equal(b.failed, 0);
}

static void
test_buf_append_binary(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_putc(&b, '\0');
	assert_int_equal(b.len, 4);
	assert_int_equal(b.data[3], '\0');
	assert_int_equal(b.data[4], '\0');
}

static void
test_buf_growth_keeps_content(void **state)
{
	struct buf	 b;
	char		 want[5001];
	size_t		 i;

	buf_init(&b, *state, 0);
	for (i = 0; i < 5000; i++) {
		want[i] = (char)('a' + i % 26);
		buf_putc(&b, want[i]);
		assert_int_equal(b.len, i + 1);
		assert_true(b.cap >= b.len + 1);
		assert_int_equal(b.data[b.len], '\0');
	}
	want[5000] = '\0';
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), want);
	/* One big append on top of existing content. */
	buf_init(&b, *state, 0);
	buf_puts(&b, "head:");
	buf_append(&b, want, 5000);
	assert_int_equal(b.len, 5005);
	assert_memory_equal(b.data, "head:", 5);
	assert_memory_equal(b.data + 5, want, 5000);
	assert_int_equal(b.data[5005], '\0');
}

static void
test_buf_growth_boundaries(void **state)
{
	struct buf	 b;
	char		 s[600];

	memset(s, 'x', sizeof(s));
	/* Exactly filling a capacity (len + NUL == cap), then one more. */
	buf_init(&b, *state, 0);
	buf_append(&b, s, 255);
	assert_int_equal(b.len, 255);
	assert_true(b.cap >= 256);
	buf_putc(&b, 'y');
	assert_int_equal(b.len, 256);
	assert_true(b.cap >= 257);
	assert_int_equal(b.data[255], 'y');
	assert_int_equal(b.data[256], '\0');
	assert_int_equal(b.data[254], 'x');
	buf_append(&b, s, 600);
	assert_int_equal(b.len, 856);
	assert_int_equal(b.data[255], 'y');
	assert_int_equal(b.data[855], 'x');
	assert_int_equal(b.data[856], '\0');
	assert_int_equal(b.failed, 0);
}

static void
test_buf_printf(void **state)
{
	struct buf	 b;
	char		 big[2001];

	buf_init(&b, *state, 0);
	buf_printf(&b, "%d-%s", 42, "x");
	buf_printf(&b, "|%05.2f|%c", 2.5, 'q');
	assert_string_equal(buf_cstr(&b), "42-x|02.50|q");
	assert_int_equal(b.len, 12);
	/* Empty output appends nothing. */
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 12);
	/* Growth through printf. */
	memset(big, 'k', 2000);
	big[2000] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, 12 + 2002);
	assert_memory_equal(b.data, "42-x|02.50|q[", 13);
	assert_int_equal(b.data[13], 'k');
	assert_int_equal(b.data[2012], 'k');
	assert_int_equal(b.data[2013], ']');
	assert_int_equal(b.data[2014], '\0');
	assert_int_equal(b.failed, 0);
}

static void
test_buf_printf_empty_buffer(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_max_exact(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 5);
	buf_puts(&b, "abcde");		/* exactly max */
	assert_int_equal(b.failed, 0);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_cstr(&b), "abcde");
}

static void
test_buf_max_sticky(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 5);
	buf_puts(&b, "abc");
	buf_puts(&b, "def");		/* 6 > 5: dropped, failed */
	assert_int_equal(b.failed, 1);
	assert_int_equal(b.len, 3);
	assert_string_equal(buf_cstr(&b), "");
	/* Later appends are dropped, even ones that would fit. */
	buf_putc(&b, 'x');
	buf_append(&b, "y", 1);
	buf_printf(&b, "%d", 1);
	buf_html(&b, LIT("<"));
	buf_urlenc(&b, LIT(" "));
	assert_int_equal(b.failed, 1);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "abc", 3);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_max_printf(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 4);
	buf_printf(&b, "%d", 1234);
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), "1234");
	buf_printf(&b, "%d", 5);
	assert_int_equal(b.failed, 1);
	assert_int_equal(b.len, 4);
	assert_string_equal(buf_cstr(&b), "");

	buf_init(&b, *state, 4);
	buf_printf(&b, "%d", 12345);
	assert_int_equal(b.failed, 1);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_max_escapes_count(void **state)
{
	struct buf	 b;

	/* The limit is on the output: "&" becomes 5 bytes. */
	buf_init(&b, *state, 5);
	buf_html(&b, LIT("&"));
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), "&amp;");
	buf_init(&b, *state, 5);
	buf_html(&b, LIT("a&"));
	assert_int_equal(b.failed, 1);
	assert_string_equal(buf_cstr(&b), "");
	buf_init(&b, *state, 5);
	buf_urlenc(&b, LIT("a b"));	/* "a%20b" is 5 */
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), "a%20b");
	buf_urlenc(&b, LIT("c"));
	assert_int_equal(b.failed, 1);
}

static void
test_buf_arena_exhausted(void **state)
{
	struct arena	*a;
	struct buf	 b;
	char		 s[3000];

	(void)state;
	memset(s, 'z', sizeof(s));
	a = arena_new(2048);
	assert_non_null(a);
	buf_init(&b, a, 0);
	buf_append(&b, s, 100);
	assert_int_equal(b.failed, 0);
	buf_append(&b, s, sizeof(s));
	assert_int_equal(b.failed, 1);
	assert_int_equal(arena_failed(a), 1);
	assert_int_equal(b.len, 100);
	assert_string_equal(buf_cstr(&b), "");
	buf_putc(&b, 'q');
	assert_int_equal(b.len, 100);
	arena_free(a);
}

static void
test_buf_reset(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 4);
	buf_puts(&b, "abcd");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.failed, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "xy");
	assert_string_equal(buf_cstr(&b), "xy");
	buf_puts(&b, "xyz");		/* over max */
	assert_int_equal(b.failed, 1);
	buf_reset(&b);			/* clears the failure too */
	assert_int_equal(b.failed, 0);
	buf_puts(&b, "ok");
	assert_string_equal(buf_cstr(&b), "ok");
	/* Reset of a never-used buffer is harmless. */
	buf_init(&b, *state, 0);
	buf_reset(&b);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_html_each(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_html(&b, LIT("&"));
	assert_string_equal(buf_cstr(&b), "&amp;");
	buf_reset(&b);
	buf_html(&b, LIT("<"));
	assert_string_equal(buf_cstr(&b), "&lt;");
	buf_reset(&b);
	buf_html(&b, LIT(">"));
	assert_string_equal(buf_cstr(&b), "&gt;");
	buf_reset(&b);
	buf_html(&b, LIT("\""));
	assert_string_equal(buf_cstr(&b), "&quot;");
	buf_reset(&b);
	buf_html(&b, LIT("'"));
	assert_string_equal(buf_cstr(&b), "&#39;");
}

static void
test_buf_html_mixed(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_html(&b, LIT("<script>alert('x&y')</script> \"q\""));
	assert_string_equal(buf_cstr(&b),
	    "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt; "
	    "&quot;q&quot;");
	buf_reset(&b);
	/* Already-escaped text is escaped again (no double-decoding). */
	buf_html(&b, LIT("&amp;"));
	assert_string_equal(buf_cstr(&b), "&amp;amp;");
	buf_reset(&b);
	/* Nothing else changes: UTF-8, '/', '=', '`', controls. */
	buf_html(&b, LIT("caf\xc3\xa9 /=`\t\n"));
	assert_string_equal(buf_cstr(&b), "caf\xc3\xa9 /=`\t\n");
	buf_reset(&b);
	buf_html(&b, LIT("<<>>"));
	assert_string_equal(buf_cstr(&b), "&lt;&lt;&gt;&gt;");
	buf_reset(&b);
	buf_html(&b, LIT("plain"));
	assert_string_equal(buf_cstr(&b), "plain");
}

static void
test_buf_html_length_bound(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	/* Only n bytes are read. */
	buf_html(&b, "<a>", 2);
	assert_string_equal(buf_cstr(&b), "&lt;a");
	buf_reset(&b);
	buf_html(&b, "<a>", 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* A NUL inside the range is copied, not a terminator. */
	buf_html(&b, "a\0<", 3);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "a\0&lt;", 6);
}

static void
test_buf_urlenc_reserved(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_urlenc(&b, LIT("a b&c=d/e?f#g+h%i:j@k;l,m[n]o!p*q'r(s)t$u\"v<w>"));
	assert_string_equal(buf_cstr(&b),
	    "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i%3Aj%40k%3Bl%2Cm%5Bn%5Do%21p"
	    "%2Aq%27r%28s%29t%24u%22v%3Cw%3E");
	buf_reset(&b);
	buf_urlenc(&b, LIT("AZaz09-._~"));
	assert_string_equal(buf_cstr(&b), "AZaz09-._~");
}

static void
test_buf_urlenc_utf8(void **state)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	buf_urlenc(&b, LIT("caf\xc3\xa9"));		/* café */
	assert_string_equal(buf_cstr(&b), "caf%C3%A9");
	buf_reset(&b);
	buf_urlenc(&b, LIT("\xe2\x82\xac"));		/* € */
	assert_string_equal(buf_cstr(&b), "%E2%82%AC");
	buf_reset(&b);
	buf_urlenc(&b, LIT("\xf0\x9f\x98\x80"));	/* U+1F600 */
	assert_string_equal(buf_cstr(&b), "%F0%9F%98%80");
	buf_reset(&b);
	buf_urlenc(&b, "a\0b\n\r\x7f\xff", 7);
	assert_string_equal(buf_cstr(&b), "a%00b%0A%0D%7F%FF");
	buf_reset(&b);
	buf_urlenc(&b, "", 0);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_urlenc_every_byte(void **state)
{
	struct buf	 b;
	unsigned int	 c;
	char		 in, want[4];

	buf_init(&b, *state, 0);
	for (c = 0; c < 256; c++) {
		buf_reset(&b);
		in = (char)c;
		buf_urlenc(&b, &in, 1);
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			want[0] = (char)c;
			want[1] = '\0';
		} else
			snprintf(want, sizeof(want), "%%%02X", c);
		assert_string_equal(buf_cstr(&b), want);
	}
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_buf_init_empty),
		T(test_buf_append_basic),
		T(test_buf_append_binary),
		T(test_buf_growth_keeps_content),
		T(test_buf_growth_boundaries),
		T(test_buf_printf),
		T(test_buf_printf_empty_buffer),
		T(test_buf_max_exact),
		T(test_buf_max_sticky),
		T(test_buf_max_printf),
		T(test_buf_max_escapes_count),
		T(test_buf_arena_exhausted),
		T(test_buf_reset),
		T(test_buf_html_each),
		T(test_buf_html_mixed),
		T(test_buf_html_length_bound),
		T(test_buf_urlenc_reserved),
		T(test_buf_urlenc_utf8),
		T(test_buf_urlenc_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
