/*
 * kanon.h - k-anonymity of the research export (issue 18, part 6) on its
 * quasi-identifiers: birth year, municipality, family size.
 *
 * Every record gets the least general level at which its released values
 * are shared by at least k records of that level, trying in turn:
 *   0  the birth year, the municipality, the family size;
 *   1  the birth year in a band of 5 ("1985-1989"), the municipality, the
 *      family size with 5 or more as "5+";
 *   2  the same with the municipality as "*";
 *   3  a band of 10 years, "*", and the size with 3 or more as "3+".
 * What fits at no level is left out (level -1). Each group released holds
 * at least k records; where tuples of two levels are equal (an unknown
 * municipality is "*" at every level) their groups add up. So every tuple
 * released is shared by at least k records: kanon_check proves it on the
 * output.
 *
 * Owns: the levels and the grouping. Never: reads a database, sees a name
 * or an id; the caller's records hold the three values only.
 */
#ifndef GP_KANON_H
#define GP_KANON_H

#include <stddef.h>

#define KANON_LEVELS	4
#define KANON_YEAR_LEN	24	/* "1985-1989" and its NUL, with room */
#define KANON_SIZE_LEN	8	/* "5+" */
#define KANON_MUNI_MAX	100	/* bytes of a municipality */

struct kanon_rec {
	/* in */
	int		 birth_year;	/* 1..9999 */
	const char	*municipality;	/* 1..KANON_MUNI_MAX bytes, not "*";
					 * NULL or "": unknown (then "*") */
	int		 family_size;	/* 1 or more */
	/* out */
	int		 level;		/* 0..KANON_LEVELS-1, or -1: left out */
	char		 year[KANON_YEAR_LEN];
	const char	*muni;		/* municipality, or "*" */
	char		 size[KANON_SIZE_LEN];
};

/*
 * Assigns every record its level and released values for k (at least 1).
 * Returns the number of records kept, or -1 (k < 1, a value out of range,
 * no memory; then every record is left out).
 */
long	kanon_apply(struct kanon_rec *, size_t n, size_t k);

/* 1 if every kept record's released (year, muni, size) is shared by at
 * least k kept records, else 0. */
int	kanon_check(const struct kanon_rec *, size_t n, size_t k);

#endif
