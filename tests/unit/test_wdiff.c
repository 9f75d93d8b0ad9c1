/*
 * test_wdiff.c - the word-level difference of two versions (lib/wdiff):
 * changed words only, removals before additions, the blanks of the text
 * a word comes from, and the cap: a huge or very different text is "too
 * big to compare" at once, not slow.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "wdiff.h"

static struct arena *ar;

static int
setup(void **state)
{
	(void)state;
	return (ar = arena_new(0)) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(ar);
	return 0;
}

/* The runs as one string: kept text as is, [-removed-] and {+added+}. */
static const char *
show(const struct wdiff *d)
{
	static char	 out[4096];
	size_t		 i, o = 0;
	int		 k;

	out[0] = '\0';
	for (i = 0; i < d->nruns; i++) {
		k = snprintf(out + o, sizeof(out) - o, "%s%s%s",
		    d->runs[i].op == WDIFF_DEL ? "[-" :
		    d->runs[i].op == WDIFF_INS ? "{+" : "", d->runs[i].text,
		    d->runs[i].op == WDIFF_DEL ? "-]" :
		    d->runs[i].op == WDIFF_INS ? "+}" : "");
		assert_true(k > 0 && (size_t)k < sizeof(out) - o);
		o += (size_t)k;
	}
	return out;
}

static void
test_same_text(void **state)
{
	struct wdiff	 d;

	(void)state;
	assert_int_equal(wdiff_words(ar, "Een plan voor Daan.",
	    "Een plan voor Daan.", &d), 0);
	assert_false(d.too_big);
	assert_int_equal(d.nruns, 1);
	assert_int_equal(d.runs[0].op, WDIFF_SAME);
	assert_int_equal(d.ndel + d.nins, 0);
	assert_string_equal(show(&d), "Een plan voor Daan.");
	assert_int_equal(wdiff_words(ar, "", "", &d), 0);
	assert_int_equal(d.nruns, 0);
	assert_int_equal(wdiff_words(ar, NULL, "  \n ", &d), 0);
	assert_int_equal(d.nruns, 0);
}

static void
test_changed_words_only(void **state)
{
	struct wdiff	 d;

	(void)state;
	assert_int_equal(wdiff_words(ar, "Daan gaat op dinsdag naar school.",
	    "Daan gaat op woensdag en vrijdag naar school.", &d), 0);
	assert_string_equal(show(&d),
	    "Daan gaat op [-dinsdag -]{+woensdag en vrijdag +}naar school.");
	assert_int_equal(d.ndel, 1);
	assert_int_equal(d.nins, 1);
	/* only added, only removed */
	assert_int_equal(wdiff_words(ar, "a b c", "a b x c", &d), 0);
	assert_string_equal(show(&d), "a b {+x +}c");
	assert_int_equal(d.ndel, 0);
	assert_int_equal(wdiff_words(ar, "a b x c", "a b c", &d), 0);
	assert_string_equal(show(&d), "a b [-x -]c");
	assert_int_equal(d.nins, 0);
	/* the last word removed: the blank before it is kept, so the
	 * removed word does not touch the kept one */
	assert_int_equal(wdiff_words(ar, "a b", "a", &d), 0);
	assert_string_equal(show(&d), "a [-b-]");
	/* at the start and the end */
	assert_int_equal(wdiff_words(ar, "oud begin midden", "nieuw begin "
	    "midden eind", &d), 0);
	assert_string_equal(show(&d),
	    "[-oud -]{+nieuw +}begin midden {+eind+}");
	assert_int_equal(d.ndel, 1);
	assert_int_equal(d.nins, 2);
}

static void
test_everything_new(void **state)
{
	struct wdiff	 d;

	(void)state;
	assert_int_equal(wdiff_words(ar, "", "Nieuw stuk.", &d), 0);
	assert_string_equal(show(&d), "{+Nieuw stuk.+}");
	assert_int_equal(wdiff_words(ar, "Weg ermee.", "", &d), 0);
	assert_string_equal(show(&d), "[-Weg ermee.-]");
	assert_int_equal(wdiff_words(ar, "a b c", "x y z", &d), 0);
	assert_string_equal(show(&d), "[-a b c-]{+x y z+}");
}

static void
test_line_breaks_kept(void **state)
{
	struct wdiff	 d;

	(void)state;
	assert_int_equal(wdiff_words(ar, "Eerste alinea.\n\nTweede alinea.",
	    "Eerste alinea.\n\nDerde alinea.", &d), 0);
	assert_string_equal(show(&d),
	    "Eerste alinea.\n\n[-Tweede -]{+Derde +}alinea.");
	/* only blanks differ: the words are the same */
	assert_int_equal(wdiff_words(ar, "a  b", "a b", &d), 0);
	assert_int_equal(d.ndel + d.nins, 0);
	assert_string_equal(show(&d), "a b");
}

static void
test_utf8_and_bytes(void **state)
{
	struct wdiff	 d;

	(void)state;
	assert_int_equal(wdiff_words(ar, "café \xff\xfe ولد",
	    "café ولد", &d), 0);
	assert_string_equal(show(&d), "café [-\xff\xfe -]ولد");
}

/* A long text with one word changed: the common start and end are taken
 * off first, so it is compared, not refused. */
static void
test_long_text_small_change(void **state)
{
	struct wdiff	 d;
	char		*a, *b;
	size_t		 i, n = 20000;

	(void)state;
	a = malloc(n * 6 + 1);
	b = malloc(n * 6 + 1);
	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; i < n; i++) {
		memcpy(a + i * 6, "woord ", 6);
		memcpy(b + i * 6, i == n / 2 ? "anders" : "woord ", 6);
	}
	b[n / 2 * 6 + 5] = ' ';
	a[n * 6] = b[n * 6] = '\0';
	assert_int_equal(wdiff_words(ar, a, b, &d), 0);
	assert_false(d.too_big);
	assert_int_equal(d.ndel, 1);
	assert_int_equal(d.nins, 1);
	assert_int_equal(d.nruns, 4);
	assert_string_equal(d.runs[1].text, "woord ");
	assert_string_equal(d.runs[2].text, "ander ");
	free(a);
	free(b);
	arena_reset(ar);
}

/* Two long texts that share nothing: too big, answered at once and
 * without the table's memory. */
static void
test_cap(void **state)
{
	struct wdiff	 d;
	char		*a, *b;
	size_t		 i, n = 5000, before;
	clock_t		 t0;

	(void)state;
	a = malloc(n * 4 + 1);
	b = malloc(n * 4 + 1);
	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; i < n; i++) {
		snprintf(a + i * 4, 5, "a%02zu ", i % 100);
		snprintf(b + i * 4, 5, "b%02zu ", i % 100);
	}
	arena_reset(ar);
	before = arena_used(ar);
	t0 = clock();
	assert_int_equal(wdiff_words(ar, a, b, &d), 0);
	assert_true(d.too_big);
	assert_int_equal(d.nruns, 0);
	assert_true(arena_used(ar) - before < 1024 * 1024);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	/* more words than WDIFF_MAX_WORDS: refused before anything */
	free(a);
	a = malloc((WDIFF_MAX_WORDS + 1) * 2 + 1);
	assert_non_null(a);
	for (i = 0; i <= WDIFF_MAX_WORDS; i++)
		memcpy(a + i * 2, "x ", 2);
	a[(WDIFF_MAX_WORDS + 1) * 2] = '\0';
	assert_int_equal(wdiff_words(ar, a, "x", &d), 0);
	assert_true(d.too_big);
	/* just under the cap: compared */
	assert_int_equal(wdiff_words(ar, "a b c d", "e f g h", &d), 0);
	assert_false(d.too_big);
	free(a);
	free(b);
	arena_reset(ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_text),
		cmocka_unit_test(test_changed_words_only),
		cmocka_unit_test(test_everything_new),
		cmocka_unit_test(test_line_breaks_kept),
		cmocka_unit_test(test_utf8_and_bytes),
		cmocka_unit_test(test_long_text_small_change),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
