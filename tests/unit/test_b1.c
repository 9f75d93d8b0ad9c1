/*
 * test_b1.c - the check of what professionals write (lib/b1): the
 * issue's example sentence is marked (long, three stiff phrases, an
 * old-fashioned word), a B1 text is not; counting agrees with the
 * language linter on the 100 sentences of tests/language/b1-sentences.tsv
 * (tests/language/test_b1_agree.py checks the linter against the same
 * file); a text of 2 000 words or of only jargon still answers, on the
 * first 20 000 characters, and says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "b1.h"
#include "buf.h"
#include "util.h"

#define HYPH	"/usr/share/hyphen/hyph_nl_NL.dic"

struct fx {
	struct b1_rules	*r;
	struct arena	*a;
	char		 root[512];
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	const char	*root = getenv("GP_ROOT");
	char		 jargon[600], err[256];

	if (f == NULL)
		return -1;
	snprintf(f->root, sizeof(f->root), "%s", root != NULL ? root : ".");
	snprintf(jargon, sizeof(jargon), "%s/i18n/jargon-nl.txt", f->root);
	if (b1_rules_load(&f->r, HYPH, jargon, err, sizeof(err)) == -1) {
		fprintf(stderr, "b1_rules_load: %s\n", err);
		free(f);
		return -1;
	}
	if ((f->a = arena_new(0)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	b1_rules_free(f->r);
	arena_free(f->a);
	free(f);
	return 0;
}

static int
has_hit(const struct b1_report *rep, const char *term)
{
	size_t	i;

	for (i = 0; i < rep->nhits; i++)
		if (strcmp(rep->hits[i].term, term) == 0)
			return 1;
	return 0;
}

static void
test_issue_example_is_marked(void **state)
{
	struct fx		*f = *state;
	struct b1_report	 rep;

	assert_int_equal(b1_check(f->a, f->r, "In het kader van de "
	    "ondertoezichtstelling is er een multidisciplinaire afweging "
	    "gemaakt ten aanzien van de veiligheidsinschatting, waarbij de "
	    "risicotaxatie conform de vigerende richtlijnen is uitgevoerd.",
	    &rep), 0);
	assert_int_equal(rep.nlongs, 1);
	assert_int_equal(rep.longs[0].words, 26);
	assert_true(has_hit(&rep, "in het kader van"));
	assert_true(has_hit(&rep, "ten aanzien van"));
	assert_true(has_hit(&rep, "vigerende"));
	assert_true(has_hit(&rep, "conform"));
	/* a legal term to explain has no plain word */
	assert_true(has_hit(&rep, "ondertoezichtstelling"));
	assert_string_equal(rep.hits[0].found, "In het kader van");
	assert_string_equal(rep.hits[0].plain, "bij");
	assert_null(rep.hits[1].plain);
	assert_int_equal(rep.verdict, B1_HARD);
	assert_false(rep.truncated);
	arena_reset(f->a);
}

static void
test_b1_text_is_not_marked(void **state)
{
	struct fx		*f = *state;
	struct b1_report	 rep;

	assert_int_equal(b1_check(f->a, f->r, "We spraken op dinsdag met "
	    "Sanne en Mark.\nHet gaat goed met Daan op school. Hij heeft "
	    "een nieuwe vriend. We zien elkaar weer over twee weken.",
	    &rep), 0);
	assert_int_equal(rep.nlongs, 0);
	assert_int_equal(rep.nhits, 0);
	assert_int_equal(rep.sentences, 4);
	assert_int_equal(rep.verdict, B1_GOOD);
	assert_true(rep.score >= B1_MIN_SCORE);
	arena_reset(f->a);
}

static void
test_short_and_empty(void **state)
{
	struct fx		*f = *state;
	struct b1_report	 rep;

	assert_int_equal(b1_check(f->a, f->r, "", &rep), 0);
	assert_int_equal(rep.verdict, B1_EMPTY);
	assert_int_equal(b1_check(f->a, f->r, " ... !? \n\n", &rep), 0);
	assert_int_equal(rep.verdict, B1_EMPTY);
	assert_int_equal(b1_check(f->a, f->r, "Tot morgen.", &rep), 0);
	assert_int_equal(rep.verdict, B1_SHORT);
	arena_reset(f->a);
}

static void
test_syllables(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(b1_syllables(f->r, "gezin"), 2);
	assert_int_equal(b1_syllables(f->r, "idee"), 2);
	assert_int_equal(b1_syllables(f->r, "ideeën"), 3);
	assert_int_equal(b1_syllables(f->r, "museum"), 3);
	assert_int_equal(b1_syllables(f->r, "15"), 2);
	assert_int_equal(b1_syllables(f->r, "{name}"), 1);
	assert_int_equal(b1_syllables(f->r, "e-mail"), 3);
	assert_int_equal(b1_syllables(f->r, "gezinsportaal"), 4);
	assert_int_equal(b1_syllables(f->r, "..."), 1);
}

/* The 100 sentences: words, sentences, syllables, long ones and jargon
 * exactly as scripts/lint-language.py counts them. */
static void
test_agrees_with_linter(void **state)
{
	struct fx	*f = *state;
	char		 path[600], *text, *line, *next, *tab;
	size_t		 len, n = 0, i;
	int		 bad = 0;

	snprintf(path, sizeof(path), "%s/tests/language/b1-sentences.tsv",
	    f->root);
	assert_int_equal(util_read_file(path, 1 << 20, &text, &len), 0);
	for (line = text; line != NULL && *line != '\0'; line = next) {
		struct b1_report	 rep;
		struct buf		 got;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		assert_non_null(tab = strrchr(line, '\t'));
		*tab = '\0';
		assert_int_equal(b1_check(f->a, f->r, tab + 1, &rep), 0);
		buf_init(&got, f->a, 0);
		buf_printf(&got, "%u\t%u\t%u\t%zu\t", rep.words,
		    rep.sentences, rep.syllables, rep.nlongs);
		for (i = 0; i < rep.nhits; i++)
			buf_printf(&got, "%s%s", i ? ";" : "",
			    rep.hits[i].term);
		if (strcmp(buf_cstr(&got), line) != 0) {
			print_error("%s\n  linter: %s\n  lib/b1: %s\n", tab + 1,
			    line, buf_cstr(&got));
			bad++;
		}
		n++;
		arena_reset(f->a);
	}
	free(text);
	assert_int_equal(n, 100);
	assert_int_equal(bad, 0);
}

/* 2 000 words, and a text of only jargon: an answer, on the first
 * B1_MAX_CHARS characters, saying so. */
static void
test_big_texts_answer(void **state)
{
	struct fx		*f = *state;
	struct b1_report	 rep;
	struct buf		 b;
	int			 i;

	buf_init(&b, f->a, 0);
	for (i = 0; i < 2000; i++)
		buf_puts(&b, i % 25 == 24 ? "woord. " : "woord ");
	assert_int_equal(b1_check(f->a, f->r, buf_cstr(&b), &rep), 0);
	assert_true(rep.truncated == 0);
	assert_int_equal(rep.words, 2000);
	assert_int_equal(rep.nlongs, 80);

	buf_init(&b, f->a, 0);
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "ten aanzien van indien conform ");
	assert_int_equal(b1_check(f->a, f->r, buf_cstr(&b), &rep), 0);
	assert_true(rep.truncated);
	assert_true(rep.nhits > 1000);
	assert_int_equal(rep.nlongs, 1);
	arena_reset(f->a);
}

static void
test_bad_rules(void **state)
{
	struct b1_rules	*r;
	char		 err[256], path[] = "/tmp/b1-jargon-XXXXXX";
	FILE		*fp;
	int		 fd;

	(void)state;
	assert_int_equal(b1_rules_load(&r, NULL, "/nonexistent", err,
	    sizeof(err)), -1);
	assert_null(r);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("# comment\nindien als\n", fp);
	fclose(fp);
	assert_int_equal(b1_rules_load(&r, NULL, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2:"));
	unlink(path);
	/* no patterns file: vowel units only */
	assert_int_equal(b1_rules_load(&r, "/nonexistent.dic",
	    "i18n/jargon-nl.txt", err, sizeof(err)), 0);
	assert_false(b1_rules_have_patterns(r));
	assert_int_equal(b1_syllables(r, "museum"), 2);
	b1_rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_example_is_marked),
		cmocka_unit_test(test_b1_text_is_not_marked),
		cmocka_unit_test(test_short_and_empty),
		cmocka_unit_test(test_syllables),
		cmocka_unit_test(test_agrees_with_linter),
		cmocka_unit_test(test_big_texts_answer),
		cmocka_unit_test(test_bad_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
