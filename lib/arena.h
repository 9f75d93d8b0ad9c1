/*
 * arena.h - per-request memory.
 *
 * Owns: every allocation a request makes. Freed in one go by arena_reset()
 * when the request ends, so handlers and their error paths never free.
 * Never: used for memory that must outlive the request (use malloc at
 * start-up for that).
 *
 * Allocation failure (malloc failed, or the arena's hard cap reached) returns
 * NULL and sets a sticky flag that the request loop checks once at the end
 * (arena_failed); helpers built on the arena (buf, tmpl contexts) check for
 * NULL themselves, so most callers only need the final check.
 */
#ifndef GP_ARENA_H
#define GP_ARENA_H

#include <stddef.h>

struct arena;

/* cap: the most the arena will hand out in total (0 = 64 MiB). */
struct arena	*arena_new(size_t cap);
void		 arena_free(struct arena *);
/* Frees everything allocated since arena_new; keeps the first block. */
void		 arena_reset(struct arena *);
/* Zeroed memory, aligned for any type; NULL on failure or overflow. */
void		*arena_alloc(struct arena *, size_t n);
/* n elements of size sz, checked for overflow. */
void		*arena_calloc(struct arena *, size_t n, size_t sz);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 arena_failed(const struct arena *);
/* Bytes handed out since the last reset (for tests and limits). */
size_t		 arena_used(const struct arena *);

#endif
