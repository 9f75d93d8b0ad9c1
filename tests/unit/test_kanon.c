/*
 * test_kanon.c - k-anonymity of the research export (lib/kanon): records
 * that would break k are generalised level by level or left out, and
 * every released (birth year, municipality, family size) is shared by at
 * least k records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kanon.h"

static void
fill(struct kanon_rec *r, int year, const char *muni, int size)
{
	memset(r, 0, sizeof(*r));
	r->birth_year = year;
	r->municipality = muni;
	r->family_size = size;
}

static void
test_kanon_exact_group_of_k_is_kept_as_is(void **state)
{
	struct kanon_rec	 r[5];
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], 1987, "Tiel", 4);
	assert_int_equal(kanon_apply(r, 5, 5), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].level, 0);
		assert_string_equal(r[i].year, "1987");
		assert_string_equal(r[i].muni, "Tiel");
		assert_string_equal(r[i].size, "4");
	}
	assert_true(kanon_check(r, 5, 5));
}

static void
test_kanon_too_few_are_left_out(void **state)
{
	struct kanon_rec	 r[4];
	size_t			 i;

	(void)state;
	for (i = 0; i < 4; i++)
		fill(&r[i], 1987, "Tiel", 4);
	assert_int_equal(kanon_apply(r, 4, 5), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(r[i].level, -1);
		assert_string_equal(r[i].year, "");
	}
	assert_true(kanon_check(r, 4, 5));
}

static void
test_kanon_years_become_a_band(void **state)
{
	struct kanon_rec	 r[5];
	static const int	 years[5] = { 1985, 1986, 1987, 1988, 1989 };
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], years[i], "Tiel", 3);
	assert_int_equal(kanon_apply(r, 5, 5), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].level, 1);
		assert_string_equal(r[i].year, "1985-1989");
		assert_string_equal(r[i].muni, "Tiel");
		assert_string_equal(r[i].size, "3");
	}
}

static void
test_kanon_large_families_are_capped(void **state)
{
	struct kanon_rec	 r[5];
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], 2010, "Tiel", 5 + (int)i);
	assert_int_equal(kanon_apply(r, 5, 5), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].level, 1);
		assert_string_equal(r[i].size, "5+");
		assert_string_equal(r[i].year, "2010-2014");
	}
}

static void
test_kanon_municipality_hidden_when_needed(void **state)
{
	static const char *const munis[5] = { "Tiel", "Culemborg", "Buren",
	    "Zaltbommel", "Tiel" };
	struct kanon_rec	 r[5];
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], 1990, munis[i], 2);
	assert_int_equal(kanon_apply(r, 5, 5), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].level, 2);
		assert_string_equal(r[i].muni, "*");
		assert_string_equal(r[i].year, "1990-1994");
		assert_string_equal(r[i].size, "2");
	}
}

static void
test_kanon_mixed_levels_each_hold_k(void **state)
{
	struct kanon_rec	 r[12];
	size_t			 i;

	(void)state;
	/* 6 exact, 5 that need a band, 1 alone in another decade */
	for (i = 0; i < 6; i++)
		fill(&r[i], 1980, "Tiel", 4);
	for (i = 6; i < 11; i++)
		fill(&r[i], 1981 + (int)(i - 6) % 4, "Tiel", 4);
	fill(&r[11], 1950, "Buren", 1);
	assert_int_equal(kanon_apply(r, 12, 5), 11);
	for (i = 0; i < 6; i++)
		assert_int_equal(r[i].level, 0);
	for (i = 6; i < 11; i++) {
		assert_int_equal(r[i].level, 1);
		assert_string_equal(r[i].year, "1980-1984");
	}
	assert_int_equal(r[11].level, -1);
	assert_true(kanon_check(r, 12, 5));
}

static void
test_kanon_ten_year_band_is_the_last_level(void **state)
{
	struct kanon_rec	 r[5];
	static const int	 years[5] = { 1970, 1972, 1975, 1977, 1979 };
	static const int	 sizes[5] = { 3, 4, 5, 6, 7 };
	static const char *const munis[5] = { "A", "B", "C", "D", "E" };
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], years[i], munis[i], sizes[i]);
	assert_int_equal(kanon_apply(r, 5, 5), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].level, 3);
		assert_string_equal(r[i].year, "1970-1979");
		assert_string_equal(r[i].muni, "*");
		assert_string_equal(r[i].size, "3+");
	}
}

static void
test_kanon_check_finds_a_small_group(void **state)
{
	struct kanon_rec	 r[6];
	size_t			 i;

	(void)state;
	for (i = 0; i < 6; i++)
		fill(&r[i], 1987, "Tiel", 4);
	assert_int_equal(kanon_apply(r, 6, 5), 6);
	/* a record changed after the fact breaks k */
	memcpy(r[0].year, "1986", 5);
	assert_false(kanon_check(r, 6, 5));
	assert_false(kanon_check(r, 6, 7));
}

static void
test_kanon_bad_input_keeps_nothing(void **state)
{
	struct kanon_rec	 r[5];
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(&r[i], 1987, "Tiel", 4);
	assert_int_equal(kanon_apply(r, 5, 0), -1);
	r[2].municipality = "*";
	assert_int_equal(kanon_apply(r, 5, 5), -1);
	r[2].municipality = "Tiel";
	r[3].family_size = 0;
	assert_int_equal(kanon_apply(r, 5, 5), -1);
	for (i = 0; i < 5; i++)
		assert_int_equal(r[i].level, -1);
	assert_int_equal(kanon_apply(NULL, 0, 5), 0);
}

/* Random populations: whatever comes in, k holds on what goes out, and a
 * record is left out only when no level could keep it. */
static void
test_kanon_random_populations_hold_k(void **state)
{
	static const char *const munis[4] = { "Tiel", "Buren", "Culemborg",
	    NULL };
	struct kanon_rec	*r;
	size_t			 n, i, k, round;
	unsigned int		 seed = 18;

	(void)state;
	for (round = 0; round < 200; round++) {
		n = (size_t)(rand_r(&seed) % 300);
		k = 1 + (size_t)(rand_r(&seed) % 7);
		r = calloc(n + 1, sizeof(*r));
		assert_non_null(r);
		for (i = 0; i < n; i++)
			fill(&r[i], 1940 + rand_r(&seed) % 80,
			    munis[rand_r(&seed) % 4], 1 + rand_r(&seed) % 9);
		assert_true(kanon_apply(r, n, k) >= 0);
		assert_true(kanon_check(r, n, k));
		if (k == 1)
			for (i = 0; i < n; i++)
				assert_int_equal(r[i].level, 0);
		free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kanon_exact_group_of_k_is_kept_as_is),
		cmocka_unit_test(test_kanon_too_few_are_left_out),
		cmocka_unit_test(test_kanon_years_become_a_band),
		cmocka_unit_test(test_kanon_large_families_are_capped),
		cmocka_unit_test(test_kanon_municipality_hidden_when_needed),
		cmocka_unit_test(test_kanon_mixed_levels_each_hold_k),
		cmocka_unit_test(test_kanon_ten_year_band_is_the_last_level),
		cmocka_unit_test(test_kanon_check_finds_a_small_group),
		cmocka_unit_test(test_kanon_bad_input_keeps_nothing),
		cmocka_unit_test(test_kanon_random_populations_hold_k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
