/*
 * b1.h - the plain-language (B1) check of what professionals write: the
 * rules of `make lint-language` (scripts/lint-language.py) in C, so that a
 * professional sees before the family does which sentences are long, which
 * words are jargon (with the plain word to use) and how easy the text is
 * to read (Flesch-Douma).
 *
 * Counting is the Python linter's, on purpose to the letter (a fixture of
 * 100 sentences, tests/language/b1-sentences.tsv, is checked against both):
 *   - a line of the text is a string of its own (the linter never joins
 *     two strings); a line is split into sentences after . ! or ? followed
 *     by white space or the line's end;
 *   - words: split on white space, punctuation stripped from both ends; a
 *     piece counts when it holds a letter or a digit or is a {placeholder};
 *   - syllables: the larger of the vowel units and the hyphenation pieces
 *     that hold a vowel (the Liang patterns of Debian's hyphen-nl, read at
 *     start-up, exactly as python3-pyphen applies them: no break in the
 *     first or last two letters); digits one syllable each;
 *   - Flesch-Douma = 206.84 - 0.77 * syllables per 100 words
 *                    - 0.93 * words per sentence;
 *   - jargon: i18n/jargon-nl.txt, whole words or phrases, any case, the
 *     longest term first, no overlaps.
 * Letters, digits, white space and case outside Latin, Greek and Cyrillic
 * are an approximation of Python's Unicode tables (Dutch text is exact).
 *
 * Only the first B1_MAX_CHARS characters are checked (report.truncated
 * says so), so a text of any length answers within the page.
 *
 * Owns: the rules (patterns and jargon, malloc'd once at start-up and
 * read-only after) and the counting. Never: changes or stores the text,
 * decides anything (it advises; the professional decides).
 */
#ifndef GP_B1_H
#define GP_B1_H

#include <stddef.h>

struct arena;

#define B1_MAX_CHARS		20000	/* characters checked */
#define B1_LONG_SENTENCE	20	/* more words than this: long */
#define B1_MIN_SCORE		60.0	/* Flesch-Douma: "Goed te lezen" */
#define B1_MIN_WORDS		10	/* fewer words: no score judged */

struct b1_rules;

/*
 * Reads the jargon list (required) and the hyphenation patterns
 * (hyph_path may be NULL, or name a missing file: then syllables are the
 * vowel units only, as the Python linter without pyphen). 0, or -1 with
 * why in err.
 */
int	b1_rules_load(struct b1_rules **out, const char *hyph_path,
	    const char *jargon_path, char *err, size_t errlen);
void	b1_rules_free(struct b1_rules *);
/* 1 if hyphenation patterns were read. */
int	b1_rules_have_patterns(const struct b1_rules *);

/* Syllables of one word as the linter counts them (UTF-8). */
unsigned b1_syllables(const struct b1_rules *, const char *word);

struct b1_long {
	const char	*text;		/* the sentence (arena, NUL-ended) */
	unsigned	 words;
};

struct b1_hit {
	const char	*found;		/* as written in the text (arena) */
	const char	*term;		/* the list's term */
	const char	*plain;		/* the plain word; NULL: a legal
					 * term to explain ("-> explain") */
};

enum b1_verdict {
	B1_EMPTY = 0,	/* no words */
	B1_SHORT,	/* fewer than B1_MIN_WORDS words: not judged */
	B1_GOOD,	/* score at least B1_MIN_SCORE */
	B1_HARD
};

struct b1_report {
	unsigned	 words, sentences, syllables;
	double		 score;		/* Flesch-Douma; 0 when no words */
	enum b1_verdict	 verdict;
	int		 truncated;	/* text longer than B1_MAX_CHARS */
	struct b1_long	*longs;		/* sentences over B1_LONG_SENTENCE */
	size_t		 nlongs;
	struct b1_hit	*hits;		/* jargon, in text order */
	size_t		 nhits;
};

/* Checks text (UTF-8; invalid bytes count as one character each). 0, or
 * -1 when the arena is out of memory. */
int	b1_check(struct arena *, const struct b1_rules *, const char *text,
	    struct b1_report *out);

#endif
