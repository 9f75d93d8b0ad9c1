/*
 * pgarray.c - PostgreSQL array literals of text values (see pgarray.h).
 */
#include "pgarray.h"

#include "arena.h"

void
pg_array_init(struct pg_array *a, struct arena *arena)
{
	buf_init(&a->b, arena, 0);
	a->n = 0;
	buf_putc(&a->b, '{');
}

void
pg_array_add(struct pg_array *a, const char *v)
{
	if (v == NULL)
		v = "";
	if (a->n++ > 0)
		buf_putc(&a->b, ',');
	buf_putc(&a->b, '"');
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			buf_putc(&a->b, '\\');
		buf_putc(&a->b, *v);
	}
	buf_putc(&a->b, '"');
}

const char *
pg_array_end(struct pg_array *a)
{
	buf_putc(&a->b, '}');
	if (a->b.failed)
		return NULL;
	return buf_cstr(&a->b);
}

const char *
pg_array_now(struct pg_array *a, struct arena *arena)
{
	const char	*s;

	if (a->b.failed || (s = buf_cstr(&a->b)) == NULL)
		return NULL;
	return arena_printf(arena, "%s}", s);
}
