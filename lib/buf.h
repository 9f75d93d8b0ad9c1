/*
 * buf.h - growable byte string in an arena.
 *
 * Owns: nothing; the bytes live in the arena given to buf_init.
 * Never: writes past len; a failed append (arena exhausted or the buffer's
 * max reached) sets buf->failed and drops that append and every later one,
 * so a caller checks once, at the end, instead of after every append.
 * data is always NUL-terminated when len > 0 or after buf_cstr().
 */
#ifndef GP_BUF_H
#define GP_BUF_H

#include <stddef.h>

struct arena;

struct buf {
	struct arena	*arena;
	char		*data;
	size_t		 len;
	size_t		 cap;
	size_t		 max;	/* 0 = no limit but the arena's */
	int		 failed;
};

void		 buf_init(struct buf *, struct arena *, size_t max);
void		 buf_append(struct buf *, const char *, size_t);
void		 buf_puts(struct buf *, const char *);
void		 buf_putc(struct buf *, char);
void		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* HTML-escapes & < > " ' (safe in element text and quoted attributes). */
void		 buf_html(struct buf *, const char *, size_t);
/* Percent-encodes everything but unreserved characters (RFC 3986). */
void		 buf_urlenc(struct buf *, const char *, size_t);
/* Always returns a NUL-terminated string ("" when empty or failed). */
const char	*buf_cstr(struct buf *);
void		 buf_reset(struct buf *);

#endif
