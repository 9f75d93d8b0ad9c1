/*
 * wdiff.h - what changed between two texts, word by word (issue 20,
 * part 2: "Wat is er veranderd" between two versions of a document).
 *
 * Owns: splitting both texts into words (runs of non-blank bytes, the
 * blanks after a word go with it), the longest common subsequence of the
 * two word lists, and the result as runs of kept, removed and added
 * text, each pointing into the arena. Before the quadratic part the
 * common start and end are taken off (linear); what is left may have at
 * most WDIFF_MAX_CELLS word pairs, else the answer is "too big to
 * compare" (too_big), so no text can make it slow or large.
 * Never: decides what a reader may see (the caller hands it only text
 * the reader may read), or renders HTML.
 */
#ifndef GP_WDIFF_H
#define GP_WDIFF_H

#include <stddef.h>

struct arena;

/* Word pairs the comparison may look at after the common start and end
 * are taken off (2 bytes each: at most 8 MB). */
#define WDIFF_MAX_CELLS		(4UL * 1000 * 1000)
/* Words per text; more is too_big at once. */
#define WDIFF_MAX_WORDS		60000

enum wdiff_op { WDIFF_SAME, WDIFF_DEL, WDIFF_INS };

struct wdiff_run {
	enum wdiff_op	 op;
	const char	*text;		/* NUL-terminated, in the arena */
	size_t		 len;
};

struct wdiff {
	struct wdiff_run *runs;		/* in text order; a removal comes
					 * before the addition that replaces
					 * it */
	size_t		  nruns;
	size_t		  ndel, nins;	/* runs removed, added */
	int		  too_big;	/* nothing compared: see above */
};

/* The difference from old to new (NULL counts as ""). 0, or -1 when the
 * arena is out of memory. Same texts: one SAME run (none when empty). */
int	wdiff_words(struct arena *, const char *old, const char *new,
	    struct wdiff *out);

#endif
