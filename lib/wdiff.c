/*
 * wdiff.c - a word-level difference (see wdiff.h).
 *
 * The texts are cut into words; a word is compared by its bytes without
 * the blanks after it, so only changed words are marked, and the blanks
 * shown are those of the text the word comes from. The LCS table holds,
 * for each pair (i, j), the length of the longest common subsequence of
 * the words from i and from j on (uint16_t: the cap keeps the shorter
 * list under 2 000 words). Walking it from the start gives the runs.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "wdiff.h"

struct word {
	const char	*p;	/* the word */
	size_t		 len;	/* without the blanks after it */
	size_t		 full;	/* with them */
};

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* The words of s into *out (arena); blanks before the first word are
 * dropped. -1: out of memory, or more than WDIFF_MAX_WORDS (*too_big). */
static int
split(struct arena *a, const char *s, struct word **out, size_t *n,
    int *too_big)
{
	const char	*p = s;
	struct word	*w;
	size_t		 count = 0, k = 0;

	/* count first: one allocation */
	while (*p != '\0') {
		while (is_blank((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		count++;
		while (*p != '\0' && !is_blank((unsigned char)*p))
			p++;
	}
	*out = NULL;
	*n = 0;
	if (count > WDIFF_MAX_WORDS) {
		*too_big = 1;
		return -1;
	}
	/* at least one, so that w + 0 is never a null pointer */
	if ((w = arena_calloc(a, count > 0 ? count : 1, sizeof(*w))) == NULL)
		return -1;
	p = s;
	while (is_blank((unsigned char)*p))
		p++;
	while (*p != '\0' && k < count) {
		w[k].p = p;
		while (*p != '\0' && !is_blank((unsigned char)*p))
			p++;
		w[k].len = (size_t)(p - w[k].p);
		while (is_blank((unsigned char)*p))
			p++;
		w[k].full = (size_t)(p - w[k].p);
		k++;
	}
	*out = w;
	*n = k;
	return 0;
}

static int
same(const struct word *x, const struct word *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/* Word k of a run: w[k], or for kept words (alt, the same words in the
 * other text) the one of the two that has blanks after it, so that a
 * removed or added word next to it never touches it. */
static const struct word *
pick(const struct word *w, const struct word *alt, size_t k)
{
	if (alt != NULL && w[k].full == w[k].len && alt[k].full > alt[k].len)
		return &alt[k];
	return &w[k];
}

/* Adds the n words w[0..n) (alt: see pick) as one run of op, joined to
 * the last run when that has the same op. */
static int
add_run(struct arena *a, struct wdiff *d, size_t cap, enum wdiff_op op,
    const struct word *w, const struct word *alt, size_t n)
{
	const struct word	*p;
	struct wdiff_run	*r;
	size_t			 len = 0, i, off;
	char			*s;

	for (i = 0; i < n; i++)
		len += pick(w, alt, i)->full;
	if (len == 0)
		return 0;
	if (d->nruns > 0 && d->runs[d->nruns - 1].op == op) {
		r = &d->runs[d->nruns - 1];
		if ((s = arena_alloc(a, r->len + len + 1)) == NULL)
			return -1;
		memcpy(s, r->text, r->len);
		off = r->len;
	} else {
		if (d->nruns == cap)
			return -1;	/* cannot happen: cap is enough */
		r = &d->runs[d->nruns++];
		r->op = op;
		if (op == WDIFF_DEL)
			d->ndel++;
		else if (op == WDIFF_INS)
			d->nins++;
		if ((s = arena_alloc(a, len + 1)) == NULL)
			return -1;
		off = 0;
	}
	for (i = 0; i < n; i++) {
		p = pick(w, alt, i);
		memcpy(s + off, p->p, p->full);
		off += p->full;
	}
	s[off] = '\0';
	r->text = s;
	r->len = off;
	return 0;
}

int
wdiff_words(struct arena *a, const char *old, const char *new,
    struct wdiff *out)
{
	struct word	*x = NULL, *y = NULL;
	uint16_t	*t;
	size_t		 nx = 0, ny = 0, pre = 0, suf = 0, n, m, i, j;
	size_t		 cap, di, ij;

	memset(out, 0, sizeof(*out));
	if (old == NULL)
		old = "";
	if (new == NULL)
		new = "";
	if (split(a, old, &x, &nx, &out->too_big) == -1 ||
	    split(a, new, &y, &ny, &out->too_big) == -1)
		return out->too_big ? 0 : -1;
	while (pre < nx && pre < ny && same(&x[pre], &y[pre]))
		pre++;
	while (suf < nx - pre && suf < ny - pre &&
	    same(&x[nx - 1 - suf], &y[ny - 1 - suf]))
		suf++;
	n = nx - pre - suf;
	m = ny - pre - suf;
	if (n > 0 && m > 0 && (n + 1) > WDIFF_MAX_CELLS / (m + 1)) {
		out->too_big = 1;
		return 0;
	}
	/* every word may start a run, plus the common start and end */
	cap = nx + ny + 2;
	if ((out->runs = arena_calloc(a, cap, sizeof(*out->runs))) == NULL)
		return -1;
	if (add_run(a, out, cap, WDIFF_SAME, y, x, pre) == -1)
		return -1;
	if ((t = arena_calloc(a, (n + 1) * (m + 1), sizeof(*t))) == NULL)
		return -1;
#define T(i, j)	t[(i) * (m + 1) + (j)]
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = same(&x[pre + i], &y[pre + j]) ?
			    (uint16_t)(T(i + 1, j + 1) + 1) :
			    T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) :
			    T(i, j + 1);
	i = j = 0;
	while (i < n || j < m) {
		/* kept words: as many as follow each other, in one run */
		di = 0;
		while (i + di < n && j + di < m &&
		    same(&x[pre + i + di], &y[pre + j + di]))
			di++;
		if (di > 0) {
			if (add_run(a, out, cap, WDIFF_SAME, y + pre + j,
			    x + pre + i, di) == -1)
				return -1;
			i += di;
			j += di;
			continue;
		}
		/* a change: every removed word, then every added one, up to
		 * the next common word */
		di = i;
		ij = j;
		while (i < n || j < m) {
			if (i < n && j < m && same(&x[pre + i], &y[pre + j]))
				break;
			if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1)))
				i++;
			else
				j++;
		}
		if (add_run(a, out, cap, WDIFF_DEL, x + pre + di, NULL,
		    i - di) == -1 || add_run(a, out, cap, WDIFF_INS,
		    y + pre + ij, NULL, j - ij) == -1)
			return -1;
	}
#undef T
	if (add_run(a, out, cap, WDIFF_SAME, y + ny - suf, x + nx - suf,
	    suf) == -1)
		return -1;
	return 0;
}
