/*
 * test_pgarray.c - PostgreSQL array literals of text values (lib/pgarray):
 * the empty set, plain ids, and quoting of what could end the literal,
 * add an element or read as NULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "pgarray.h"

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
test_pgarray_empty(void **state)
{
	struct pg_array	 a;

	pg_array_init(&a, *state);
	assert_string_equal(pg_array_end(&a), "{}");
	assert_int_equal(a.n, 0);
}

static void
test_pgarray_ids(void **state)
{
	struct pg_array	 a;

	pg_array_init(&a, *state);
	pg_array_add(&a, "Ab3_-x");
	assert_string_equal(pg_array_end(&a), "{\"Ab3_-x\"}");
	pg_array_init(&a, *state);
	pg_array_add(&a, "a");
	pg_array_add(&a, "b");
	pg_array_add(&a, "c");
	assert_string_equal(pg_array_end(&a), "{\"a\",\"b\",\"c\"}");
	assert_int_equal(a.n, 3);
}

/* A quote or backslash is escaped; a comma, brace or blank stays inside
 * the quotes, so it neither ends the literal nor adds an element. */
static void
test_pgarray_quoting(void **state)
{
	struct pg_array	 a;

	pg_array_init(&a, *state);
	pg_array_add(&a, "a\"b");
	pg_array_add(&a, "c\\d");
	pg_array_add(&a, "e,f}{g h");
	pg_array_add(&a, "\\\"");
	assert_string_equal(pg_array_end(&a),
	    "{\"a\\\"b\",\"c\\\\d\",\"e,f}{g h\",\"\\\\\\\"\"}");
}

/* NULL in the literal means SQL NULL unquoted: quoted it is the text;
 * an empty value and a NULL pointer are the empty text. */
static void
test_pgarray_null_and_empty(void **state)
{
	struct pg_array	 a;

	pg_array_init(&a, *state);
	pg_array_add(&a, "NULL");
	pg_array_add(&a, "");
	pg_array_add(&a, NULL);
	assert_string_equal(pg_array_end(&a), "{\"NULL\",\"\",\"\"}");
}

static void
test_pgarray_many(void **state)
{
	struct pg_array	 a;
	const char	*s;
	int		 i;

	pg_array_init(&a, *state);
	for (i = 0; i < 10000; i++)
		pg_array_add(&a, "xyz");
	s = pg_array_end(&a);
	assert_non_null(s);
	assert_int_equal(strlen(s), 2 + 10000 * 5 + 9999);
}

static void
test_pgarray_arena_exhausted(void **state)
{
	struct arena	*small;
	struct pg_array	 a;
	int		 i;

	(void)state;
	small = arena_new(1024);
	assert_non_null(small);
	pg_array_init(&a, small);
	for (i = 0; i < 1000; i++)
		pg_array_add(&a, "abcdefgh");
	assert_null(pg_array_end(&a));
	arena_free(small);
}

/* pg_array_now: the set so far, closed, while it stays open (/inzage's
 * windows add to it between statements) */
static void
test_pgarray_now_grows(void **state)
{
	struct pg_array	 a;

	pg_array_init(&a, *state);
	assert_string_equal(pg_array_now(&a, *state), "{}");
	pg_array_add(&a, "Q_KQ");
	assert_string_equal(pg_array_now(&a, *state), "{\"Q_KQ\"}");
	pg_array_add(&a, "a\"b");
	assert_string_equal(pg_array_now(&a, *state), "{\"Q_KQ\",\"a\\\"b\"}");
	assert_string_equal(pg_array_end(&a), "{\"Q_KQ\",\"a\\\"b\"}");
}

static void
test_pgarray_now_arena_exhausted(void **state)
{
	struct arena	*small;
	struct pg_array	 a;
	int		 i;

	small = arena_new(1024);
	assert_non_null(small);
	pg_array_init(&a, small);
	for (i = 0; i < 1000; i++)
		pg_array_add(&a, "abcdefgh");
	assert_null(pg_array_now(&a, *state));
	arena_free(small);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pgarray_empty),
		T(test_pgarray_ids),
		T(test_pgarray_quoting),
		T(test_pgarray_null_and_empty),
		T(test_pgarray_many),
		T(test_pgarray_arena_exhausted),
		T(test_pgarray_now_grows),
		T(test_pgarray_now_arena_exhausted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
