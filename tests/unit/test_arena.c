/*
 * test_arena.c - per-request memory (lib/arena).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"

#define ALIGN		16
#define BLOCK		(64 * 1024)
#define MIB		((size_t)1024 * 1024)

static int
aligned(const void *p)
{
	return ((uintptr_t)p % ALIGN) == 0;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
test_arena_new_empty(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_int_equal(arena_used(a), 0);
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
	arena_free(NULL);	/* harmless */
}

static void
test_arena_alloc_zeroed_aligned(void **state)
{
	static const size_t sizes[] = { 1, 2, 3, 7, 15, 16, 17, 31, 33, 100,
	    255, 1000, 4095 };
	struct arena	*a;
	unsigned char	*p, *prev = NULL;
	size_t		 i;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = arena_alloc(a, sizes[i]);
		assert_non_null(p);
		assert_true(aligned(p));
		assert_true(all_zero(p, sizes[i]));
		memset(p, 0xA5, sizes[i]);	/* writable, whole size */
		if (prev != NULL)
			assert_ptr_not_equal(p, prev);
		prev = p;
	}
	/* Earlier allocations are not overwritten by later ones. */
	p = arena_alloc(a, 8);
	assert_non_null(p);
	assert_int_equal(prev[0], 0xA5);
	assert_int_equal(prev[4094], 0xA5);
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

static void
test_arena_alloc_zero_size(void **state)
{
	struct arena	*a;
	void		*p, *q;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	assert_true(aligned(p));
	assert_true(aligned(q));
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

static void
test_arena_used_counts_rounded(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_non_null(arena_alloc(a, 1));
	assert_int_equal(arena_used(a), 16);
	assert_non_null(arena_alloc(a, 16));
	assert_int_equal(arena_used(a), 32);
	assert_non_null(arena_alloc(a, 17));
	assert_int_equal(arena_used(a), 64);
	assert_non_null(arena_alloc(a, 0));
	assert_int_equal(arena_used(a), 80);
	arena_free(a);
}

static void
test_arena_large_beyond_block(void **state)
{
	struct arena	*a;
	unsigned char	*small, *big, *after;
	size_t		 n = 3 * BLOCK + 5;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	small = arena_alloc(a, 10);
	assert_non_null(small);
	memset(small, 0x11, 10);
	big = arena_alloc(a, n);
	assert_non_null(big);
	assert_true(aligned(big));
	assert_true(all_zero(big, n));
	memset(big, 0x22, n);
	after = arena_alloc(a, 100);
	assert_non_null(after);
	assert_true(aligned(after));
	assert_true(all_zero(after, 100));
	/* Nothing overlaps. */
	assert_int_equal(small[9], 0x11);
	assert_int_equal(big[0], 0x22);
	assert_int_equal(big[n - 1], 0x22);
	assert_true(after + 100 <= big || after >= big + n);
	/* Exactly one block's worth, and one byte more. */
	assert_non_null(arena_alloc(a, BLOCK));
	assert_non_null(arena_alloc(a, BLOCK + 1));
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

static void
test_arena_many_small_fill_blocks(void **state)
{
	struct arena	*a;
	unsigned char	*p[2000];
	size_t		 i;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	/* 2000 x 100 bytes (112 rounded) spans several 64 KiB blocks. */
	for (i = 0; i < 2000; i++) {
		p[i] = arena_alloc(a, 100);
		assert_non_null(p[i]);
		assert_true(aligned(p[i]));
		memset(p[i], (int)(i & 0xff), 100);
	}
	for (i = 0; i < 2000; i++) {
		assert_int_equal(p[i][0], i & 0xff);
		assert_int_equal(p[i][99], i & 0xff);
	}
	assert_int_equal(arena_used(a), 2000 * 112);
	arena_free(a);
}

static void
test_arena_cap_reached(void **state)
{
	struct arena	*a;
	void		*p;

	(void)state;
	a = arena_new(4096);
	assert_non_null(a);
	p = arena_alloc(a, 4096);
	assert_non_null(p);
	assert_int_equal(arena_used(a), 4096);
	assert_int_equal(arena_failed(a), 0);
	assert_null(arena_alloc(a, 1));
	assert_int_equal(arena_failed(a), 1);
	assert_int_equal(arena_used(a), 4096);
	/* Sticky: later successful-looking calls do not clear it. */
	assert_null(arena_alloc(a, 1));
	assert_int_equal(arena_failed(a), 1);
	arena_free(a);
}

static void
test_arena_cap_single_too_big(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(4096);
	assert_non_null(a);
	assert_null(arena_alloc(a, 4097));
	assert_int_equal(arena_failed(a), 1);
	assert_int_equal(arena_used(a), 0);
	arena_free(a);

	/* Reaching the cap step by step. */
	a = arena_new(4096);
	assert_non_null(a);
	assert_non_null(arena_alloc(a, 2048));
	assert_non_null(arena_alloc(a, 2032));
	assert_non_null(arena_alloc(a, 16));
	assert_int_equal(arena_failed(a), 0);
	assert_null(arena_alloc(a, 0));
	assert_int_equal(arena_failed(a), 1);
	arena_free(a);
}

static void
test_arena_default_cap(void **state)
{
	struct arena	*a;
	unsigned char	*p;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_null(arena_alloc(a, 64 * MIB + 1));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	p = arena_alloc(a, 64 * MIB);
	assert_non_null(p);
	assert_int_equal(p[64 * MIB - 1], 0);
	assert_int_equal(arena_failed(a), 0);
	assert_null(arena_alloc(a, 1));
	assert_int_equal(arena_failed(a), 1);
	arena_free(a);
}

static void
test_arena_alloc_huge_overflow(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	assert_null(arena_alloc(a, SIZE_MAX - 15));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	assert_null(arena_alloc(a, SIZE_MAX - 16));
	assert_int_equal(arena_failed(a), 1);
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
	assert_null(arena_alloc(NULL, 1));
}

static void
test_arena_calloc(void **state)
{
	struct arena	*a;
	unsigned char	*p;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	p = arena_calloc(a, 10, 8);
	assert_non_null(p);
	assert_true(aligned(p));
	assert_true(all_zero(p, 80));
	assert_non_null(arena_calloc(a, 0, 8));
	assert_non_null(arena_calloc(a, 8, 0));
	assert_non_null(arena_calloc(a, 0, 0));
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

static void
test_arena_calloc_overflow(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	assert_null(arena_calloc(a, SIZE_MAX / 2 + 1, 2));
	assert_int_equal(arena_failed(a), 1);
	assert_int_equal(arena_used(a), 0);
	arena_reset(a);
	assert_null(arena_calloc(a, (size_t)1 << (sizeof(size_t) * 4),
	    (size_t)1 << (sizeof(size_t) * 4)));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	assert_null(arena_calloc(a, SIZE_MAX, SIZE_MAX));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	/* No overflow, but over the cap. */
	assert_null(arena_calloc(a, 65 * 1024, 1024));
	assert_int_equal(arena_failed(a), 1);
	arena_free(a);
	assert_null(arena_calloc(NULL, SIZE_MAX, 2));
}

static void
test_arena_reset_clears(void **state)
{
	struct arena	*a;
	unsigned char	*p, *q;
	size_t		 i;

	(void)state;
	a = arena_new(8192);
	assert_non_null(a);
	p = arena_alloc(a, 64);
	assert_non_null(p);
	memset(p, 0xff, 64);
	/* Extra blocks that reset must free (LeakSanitizer checks). */
	for (i = 0; i < 3; i++)
		assert_non_null(arena_alloc(a, 2000));
	assert_null(arena_alloc(a, 8192));
	assert_int_equal(arena_failed(a), 1);
	assert_int_not_equal(arena_used(a), 0);

	arena_reset(a);
	assert_int_equal(arena_failed(a), 0);
	assert_int_equal(arena_used(a), 0);
	/* The first block is kept and reused, and handed out zeroed. */
	q = arena_alloc(a, 64);
	assert_ptr_equal(q, p);
	assert_true(all_zero(q, 64));
	/* The whole cap is available again. */
	assert_non_null(arena_alloc(a, 8192 - 64));
	assert_int_equal(arena_used(a), 8192);
	assert_int_equal(arena_failed(a), 0);
	arena_reset(a);
	arena_reset(a);	/* twice is fine */
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
}

static void
test_arena_reset_after_big_blocks(void **state)
{
	struct arena	*a;
	int		 round;
	unsigned char	*p;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	for (round = 0; round < 5; round++) {
		p = arena_alloc(a, 5 * BLOCK);
		assert_non_null(p);
		assert_true(all_zero(p, 5 * BLOCK));
		memset(p, 0x5a, 5 * BLOCK);
		assert_non_null(arena_alloc(a, 10));
		arena_reset(a);
		assert_int_equal(arena_used(a), 0);
	}
	arena_free(a);
}

static void
test_arena_strdup(void **state)
{
	struct arena	*a;
	char		*s;
	char		 src[] = "hallo";

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	s = arena_strdup(a, src);
	assert_non_null(s);
	assert_string_equal(s, "hallo");
	assert_ptr_not_equal(s, src);
	src[0] = 'H';
	assert_string_equal(s, "hallo");	/* a copy */
	s = arena_strdup(a, "");
	assert_non_null(s);
	assert_string_equal(s, "");
	s = arena_strdup(a, "gr\xc3\xa9\xc3\xa9t");
	assert_string_equal(s, "gr\xc3\xa9\xc3\xa9t");
	arena_free(a);
}

static void
test_arena_strndup(void **state)
{
	struct arena	*a;
	char		*s;
	static const char src[] = "abcdef";

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	s = arena_strndup(a, src, 3);
	assert_non_null(s);
	assert_string_equal(s, "abc");
	assert_int_equal(s[3], '\0');
	s = arena_strndup(a, src, 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	s = arena_strndup(a, src, 6);
	assert_string_equal(s, "abcdef");
	/* Not NUL-terminated input: only n bytes are read. */
	s = arena_strndup(a, "xyz", 2);
	assert_string_equal(s, "xy");
	assert_int_equal(arena_failed(a), 0);
	/* SIZE_MAX cannot have room for the NUL. */
	assert_null(arena_strndup(a, src, SIZE_MAX));
	arena_free(a);
}

static void
test_arena_strdup_over_cap(void **state)
{
	struct arena	*a;
	char		 big[100];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	a = arena_new(64);
	assert_non_null(a);
	assert_null(arena_strdup(a, big));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	/* 63 characters plus the NUL fit exactly. */
	big[63] = '\0';
	assert_non_null(arena_strdup(a, big));
	assert_int_equal(arena_failed(a), 0);
	assert_null(arena_strdup(a, "y"));
	assert_int_equal(arena_failed(a), 1);
	arena_free(a);
}

static void
test_arena_printf(void **state)
{
	struct arena	*a;
	char		*s;

	(void)state;
	a = arena_new(0);
	assert_non_null(a);
	s = arena_printf(a, "%s-%d-%05.1f", "id", 42, 3.14159);
	assert_non_null(s);
	assert_string_equal(s, "id-42-003.1");
	s = arena_printf(a, "%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	s = arena_printf(a, "%ld|%zu|%c", -7L, (size_t)12, 'z');
	assert_string_equal(s, "-7|12|z");
	assert_true(aligned(s));
	/* Longer than one block. */
	s = arena_printf(a, "%*s", 100000, "e");
	assert_non_null(s);
	assert_int_equal(strlen(s), 100000);
	assert_int_equal(s[99999], 'e');
	assert_int_equal(s[0], ' ');
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

static void
test_arena_printf_over_cap(void **state)
{
	struct arena	*a;

	(void)state;
	a = arena_new(32);
	assert_non_null(a);
	assert_null(arena_printf(a, "%040d", 1));
	assert_int_equal(arena_failed(a), 1);
	arena_reset(a);
	/* 31 characters + NUL = 32 bytes: fits. */
	assert_string_equal(arena_printf(a, "%031d", 5),
	    "0000000000000000000000000000005");
	assert_int_equal(arena_failed(a), 0);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_new_empty),
		cmocka_unit_test(test_arena_alloc_zeroed_aligned),
		cmocka_unit_test(test_arena_alloc_zero_size),
		cmocka_unit_test(test_arena_used_counts_rounded),
		cmocka_unit_test(test_arena_large_beyond_block),
		cmocka_unit_test(test_arena_many_small_fill_blocks),
		cmocka_unit_test(test_arena_cap_reached),
		cmocka_unit_test(test_arena_cap_single_too_big),
		cmocka_unit_test(test_arena_default_cap),
		cmocka_unit_test(test_arena_alloc_huge_overflow),
		cmocka_unit_test(test_arena_calloc),
		cmocka_unit_test(test_arena_calloc_overflow),
		cmocka_unit_test(test_arena_reset_clears),
		cmocka_unit_test(test_arena_reset_after_big_blocks),
		cmocka_unit_test(test_arena_strdup),
		cmocka_unit_test(test_arena_strndup),
		cmocka_unit_test(test_arena_strdup_over_cap),
		cmocka_unit_test(test_arena_printf),
		cmocka_unit_test(test_arena_printf_over_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
