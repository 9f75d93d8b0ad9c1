/*
 * fuzz_wdiff.c - libFuzzer target for the word difference (lib/wdiff):
 * any two texts (the input split at its first NUL byte, or in half) give
 * runs that put both texts together again, word for word, or "too big";
 * never a read outside the texts, never more memory than the cap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "wdiff.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	*ar;

/* The words of s joined by one space (blanks as lib/wdiff counts them). */
static char *
words(const char *s)
{
	char	*o = malloc(strlen(s) + 2), *q = o;
	int	 in = 0;

	if (o == NULL)
		abort();
	for (; *s != '\0'; s++) {
		if (strchr(" \t\n\r\f\v", *s) != NULL) {
			in = 0;
			continue;
		}
		if (!in && q != o)
			*q++ = ' ';
		in = 1;
		*q++ = *s;
	}
	*q = '\0';
	return o;
}

/* Both sides again from the runs: SAME+DEL is old, SAME+INS is new. */
static char *
side(const struct wdiff *d, enum wdiff_op skip, size_t cap)
{
	char	*o = malloc(cap + 1), *w;
	size_t	 i, n = 0;

	if (o == NULL)
		abort();
	for (i = 0; i < d->nruns; i++) {
		if (d->runs[i].op == skip)
			continue;
		if (strlen(d->runs[i].text) != d->runs[i].len ||
		    n + d->runs[i].len > cap)
			abort();
		memcpy(o + n, d->runs[i].text, d->runs[i].len);
		n += d->runs[i].len;
	}
	o[n] = '\0';
	w = words(o);
	free(o);
	return w;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wdiff	 d;
	char		*a, *b, *wa, *wb, *ra, *rb;
	const uint8_t	*nul = memchr(data, 0, size);
	size_t		 na = nul != NULL ? (size_t)(nul - data) : size / 2;
	size_t		 nb = size - na - (nul != NULL ? 1 : 0), i;

	if (ar == NULL && (ar = arena_new(64UL * 1024 * 1024)) == NULL)
		abort();
	if ((a = malloc(na + 1)) == NULL || (b = malloc(nb + 1)) == NULL)
		abort();
	memcpy(a, data, na);
	a[na] = '\0';
	memcpy(b, data + size - nb, nb);
	b[nb] = '\0';
	if (wdiff_words(ar, a, b, &d) == 0 && !d.too_big) {
		for (i = 0; i + 1 < d.nruns; i++)
			if (d.runs[i].op == d.runs[i + 1].op ||
			    (d.runs[i].op == WDIFF_INS &&
			    d.runs[i + 1].op == WDIFF_DEL))
				abort();
		wa = words(a);
		wb = words(b);
		ra = side(&d, WDIFF_INS, na + nb);
		rb = side(&d, WDIFF_DEL, na + nb);
		if (strcmp(wa, ra) != 0 || strcmp(wb, rb) != 0)
			abort();
		free(wa);
		free(wb);
		free(ra);
		free(rb);
	}
	arena_reset(ar);
	free(a);
	free(b);
	return 0;
}
