/*
 * kanon.c - k-anonymity by local recoding in fixed levels (kanon.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanon.h"

static const char	 HIDDEN[] = "*";

/* The released values of r at level. */
static void
release(struct kanon_rec *r, int level)
{
	int	 band, cap;

	r->level = level;
	r->muni = level >= 2 || r->municipality == NULL ||
	    r->municipality[0] == '\0' ? HIDDEN : r->municipality;
	if (level == 0)
		(void)snprintf(r->year, sizeof(r->year), "%d", r->birth_year);
	else {
		band = level >= 3 ? 10 : 5;
		(void)snprintf(r->year, sizeof(r->year), "%d-%d",
		    r->birth_year / band * band,
		    r->birth_year / band * band + band - 1);
	}
	cap = level == 0 ? 0 : level >= 3 ? 3 : 5;
	if (cap > 0 && r->family_size >= cap)
		(void)snprintf(r->size, sizeof(r->size), "%d+", cap);
	else
		(void)snprintf(r->size, sizeof(r->size), "%d", r->family_size);
}

static int
tuple_cmp(const struct kanon_rec *a, const struct kanon_rec *b)
{
	int	 c;

	if ((c = strcmp(a->year, b->year)) != 0)
		return c;
	if ((c = strcmp(a->muni, b->muni)) != 0)
		return c;
	return strcmp(a->size, b->size);
}

static int
ptr_cmp(const void *x, const void *y)
{
	const struct kanon_rec	*a = *(const struct kanon_rec *const *)x;
	const struct kanon_rec	*b = *(const struct kanon_rec *const *)y;

	return tuple_cmp(a, b);
}

static int
valid(const struct kanon_rec *r)
{
	if (r->birth_year < 1 || r->birth_year > 9999 || r->family_size < 1 ||
	    r->family_size > 9999)
		return 0;
	if (r->municipality != NULL && (strlen(r->municipality) >
	    KANON_MUNI_MAX || strcmp(r->municipality, HIDDEN) == 0))
		return 0;
	return 1;
}

static void
leave_out(struct kanon_rec *r)
{
	r->level = -1;
	r->year[0] = '\0';
	r->size[0] = '\0';
	r->muni = HIDDEN;
}

long
kanon_apply(struct kanon_rec *recs, size_t n, size_t k)
{
	struct kanon_rec	**open;
	size_t			  i, j, nopen, run, kept = 0;
	int			  level;

	for (i = 0; i < n; i++)
		leave_out(&recs[i]);
	if (k < 1)
		return -1;
	for (i = 0; i < n; i++)
		if (!valid(&recs[i]))
			return -1;
	if (n == 0)
		return 0;
	if ((open = calloc(n, sizeof(struct kanon_rec *))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		open[i] = &recs[i];
	nopen = n;
	for (level = 0; level < KANON_LEVELS && nopen > 0; level++) {
		for (i = 0; i < nopen; i++)
			release(open[i], level);
		qsort(open, nopen, sizeof(struct kanon_rec *), ptr_cmp);
		/* runs of at least k are released at this level; the rest
		 * stays open for the next */
		j = 0;
		for (i = 0; i < nopen; i += run) {
			for (run = 1; i + run < nopen &&
			    tuple_cmp(open[i], open[i + run]) == 0; run++)
				;
			if (run >= k) {
				kept += run;
				continue;
			}
			memmove(&open[j], &open[i], run * sizeof(struct kanon_rec *));
			j += run;
		}
		nopen = j;
	}
	for (i = 0; i < nopen; i++)
		leave_out(open[i]);
	free(open);
	return (long)kept;
}

int
kanon_check(const struct kanon_rec *recs, size_t n, size_t k)
{
	const struct kanon_rec	**kept;
	size_t			  i, m = 0, run;
	int			  ok = 1;

	if (n == 0)
		return 1;
	if ((kept = calloc(n, sizeof(const struct kanon_rec *))) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (recs[i].level >= 0)
			kept[m++] = &recs[i];
	qsort(kept, m, sizeof(const struct kanon_rec *), ptr_cmp);
	for (i = 0; i < m && ok; i += run) {
		for (run = 1; i + run < m &&
		    tuple_cmp(kept[i], kept[i + run]) == 0; run++)
			;
		ok = run >= k;
	}
	free(kept);
	return ok;
}
