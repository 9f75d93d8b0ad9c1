/*
 * arena.c - per-request memory: a list of blocks, bump allocation.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_ALIGN	16
#define ARENA_BLOCK	((size_t)64 * 1024)
#define ARENA_CAP	((size_t)64 * 1024 * 1024)

struct block {
	struct block	*next;
	size_t		 size;	/* usable bytes after the header */
	size_t		 used;
	/* data follows, aligned */
};

struct arena {
	struct block	*head;	/* current block; first block is last */
	size_t		 cap;
	size_t		 total;	/* handed out since reset */
	int		 failed;
};

#define BLOCK_HDR	((sizeof(struct block) + ARENA_ALIGN - 1) & \
			    ~(size_t)(ARENA_ALIGN - 1))

static struct block *
block_new(size_t size)
{
	struct block	*b;

	if (size > SIZE_MAX - BLOCK_HDR)
		return NULL;
	if ((b = malloc(BLOCK_HDR + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(size_t cap)
{
	struct arena	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((a->head = block_new(ARENA_BLOCK)) == NULL) {
		free(a);
		return NULL;
	}
	a->cap = cap ? cap : ARENA_CAP;
	return a;
}

void
arena_free(struct arena *a)
{
	struct block	*b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct block	*b, *next;

	/* Keep only the first block (the last in the list). */
	for (b = a->head; b->next != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = b;
	b->used = 0;
	a->total = 0;
	a->failed = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b;
	size_t		 need, bsize;
	void		*p;

	if (a == NULL)
		return NULL;
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		goto fail;
	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need > a->cap || a->total > a->cap - need)
		goto fail;
	b = a->head;
	if (b->size - b->used < need) {
		bsize = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		if ((b = block_new(bsize)) == NULL)
			goto fail;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b + BLOCK_HDR + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
fail:
	a->failed = 1;
	return NULL;
}

void *
arena_calloc(struct arena *a, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz) {
		if (a != NULL)
			a->failed = 1;
		return NULL;
	}
	return arena_alloc(a, n * sz);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL) {
		if (a != NULL)
			a->failed = 1;
		return NULL;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_failed(const struct arena *a)
{
	return a->failed;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
