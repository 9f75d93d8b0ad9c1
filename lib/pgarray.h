/*
 * pgarray.h - a PostgreSQL array literal of text values ("{"a","b"}"),
 * built in an arena: one parameter for "= ANY ($n::text[])" instead of
 * one statement per value.
 *
 * Owns: nothing; the bytes live in the arena given to pg_array_init.
 * Every element is double-quoted, with '"' and '\' escaped by a
 * backslash, so no value can end the literal, add an element, or read as
 * NULL (an unquoted NULL would be one). The empty set is "{}".
 */
#ifndef GP_PGARRAY_H
#define GP_PGARRAY_H

#include <stddef.h>

#include "buf.h"

struct arena;

struct pg_array {
	struct buf	 b;
	size_t		 n;	/* elements added */
};

void		 pg_array_init(struct pg_array *, struct arena *);
void		 pg_array_add(struct pg_array *, const char *);
/* Closes the literal (call once): NUL-terminated, in the arena; NULL
 * when the arena ran out. A NULL value is added as the empty text. */
const char	*pg_array_end(struct pg_array *);
/* The literal of what was added so far, closed, as a copy in the arena
 * given; the array stays open for more (a set that grows over several
 * statements). NULL when an arena ran out. */
const char	*pg_array_now(struct pg_array *, struct arena *);

#endif
