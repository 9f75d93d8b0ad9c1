/*
 * filetype.c - see filetype.h. libmagic answers the MIME type of the
 * bytes; the portal then accepts only the kinds in `kinds`.
 */
#include <string.h>

#include <magic.h>

#include "filetype.h"
#include "log.h"

static const struct filetype kinds[] = {
	{ "application/pdf",	"PDF",	".pdf" },
	{ "image/png",		"PNG",	".png" },
	{ "image/jpeg",		"JPG",	".jpg" },
	{ "text/plain",		"TXT",	".txt" },
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static magic_t	 cookie;

static magic_t
handle(void)
{
	if (cookie != NULL)
		return cookie;
	/* MAGIC_NO_CHECK_COMPRESS etc. keep libmagic from looking inside
	 * archives; MIME type only. */
	cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR |
	    MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
	    MAGIC_NO_CHECK_ELF);
	if (cookie == NULL) {
		log_error("filetype: magic_open failed");
		return NULL;
	}
	if (magic_load(cookie, NULL) == -1) {
		log_error("filetype: magic_load: %s", magic_error(cookie));
		magic_close(cookie);
		cookie = NULL;
	}
	return cookie;
}

const struct filetype *
filetype_by_mime(const char *mime)
{
	size_t	 i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].mime, mime) == 0)
			return &kinds[i];
	return NULL;
}

const struct filetype *
filetype_detect(const void *data, size_t n)
{
	magic_t		 m;
	const char	*mime;

	if (n == 0 || (m = handle()) == NULL)
		return NULL;
	if ((mime = magic_buffer(m, data, n)) == NULL) {
		log_error("filetype: magic_buffer: %s", magic_error(m));
		return NULL;
	}
	return filetype_by_mime(mime);
}

/* Bytes of the UTF-8 sequence at s (1 if it is not a whole one). */
static size_t
seqlen(const char *s)
{
	unsigned char	 c = (unsigned char)s[0];
	size_t		 k, i;

	if (c >= 0xf0 && c <= 0xf4)
		k = 4;
	else if (c >= 0xe0)
		k = c <= 0xef ? 3 : 1;
	else if (c >= 0xc2)
		k = 2;
	else
		return 1;
	for (i = 1; i < k; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return k;
}

/* Characters that change how a name looks without being seen: C1
 * controls, zero-width and direction marks (U+200B-U+200F, U+202A-U+202E,
 * U+2060-U+2069, U+FEFF), so "gezinsplan\u202Efdp.exe" cannot pose as a
 * PDF. s is a whole UTF-8 sequence of k bytes. */
static int
invisible(const char *s, size_t k)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned long		 cp;

	if (k == 2)
		cp = ((u[0] & 0x1fUL) << 6) | (u[1] & 0x3fUL);
	else if (k == 3)
		cp = ((u[0] & 0x0fUL) << 12) | ((u[1] & 0x3fUL) << 6) |
		    (u[2] & 0x3fUL);
	else
		return 0;
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

void
filetype_safe_name(const char *sent, const struct filetype *ft, char *out,
    size_t outlen)
{
	const char	*base, *dot;
	size_t		 n = 0, k, extlen = strlen(ft->ext), max;
	unsigned char	 c;

	if (outlen < 128)
		return;
	base = sent != NULL ? sent : "";
	if (strrchr(base, '/') != NULL)
		base = strrchr(base, '/') + 1;
	if (strrchr(base, '\\') != NULL)
		base = strrchr(base, '\\') + 1;
	/* No hidden-file names: leading dots and blanks go. */
	while (*base == '.' || *base == ' ')
		base++;
	/* The name without its own extension: ours is added. */
	dot = strrchr(base, '.');
	max = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	if (max > 100)
		max = 100;
	while (n < max) {
		c = (unsigned char)base[n];
		k = seqlen(base + n);
		if (n + k > max)
			break;
		if ((k == 1 && (c < 0x20 || c == 0x7f || c == '"' ||
		    c == '\'' || c == ';' || c >= 0x80)) ||
		    (k > 1 && invisible(base + n, k)))
			memset(out + n, '_', k);
		else
			memcpy(out + n, base + n, k);
		n += k;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	if (n == 0) {
		n = strlen("bijlage");
		memcpy(out, "bijlage", n + 1);
	}
	memcpy(out + n, ft->ext, extlen + 1);
}
