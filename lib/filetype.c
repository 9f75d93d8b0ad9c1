/*
 * filetype.c - see filetype.h. libmagic answers the MIME type of the
 * bytes; the portal then accepts only the kinds in `kinds`.
 */
#include <string.h>

#include <magic.h>
#include <qpdf/qpdf-c.h>

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

static int
strip_jpeg(const unsigned char *in, size_t n, unsigned char *out,
    size_t *outlen)
{
	size_t		 i = 2, o = 2, len;
	unsigned char	 m;

	if (n < 4 || in[0] != 0xff || in[1] != 0xd8)
		return -1;
	memcpy(out, in, 2);
	for (;;) {
		if (i + 2 > n || in[i] != 0xff)
			return -1;
		while (i + 1 < n && in[i + 1] == 0xff)	/* fill bytes */
			i++;
		if (i + 2 > n)
			return -1;
		m = in[i + 1];
		if (m == 0xd9) {			/* EOI before a scan */
			memcpy(out + o, in + i, 2);
			*outlen = o + 2;
			return 0;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7) || m == 0xd8)
			return -1;			/* not before a scan */
		if (i + 4 > n)
			return -1;
		len = ((size_t)in[i + 2] << 8) | in[i + 3];
		if (len < 2 || i + 2 + len > n)
			return -1;
		if (m == 0xda) {
			/* The scan and everything after it: pixels. */
			memcpy(out + o, in + i, n - i);
			*outlen = o + (n - i);
			return 0;
		}
		/* Kept: APP0 (JFIF), APP2 (ICC colours), APP14 (Adobe colour
		 * transform) and every non-APP segment (tables, frame). */
		if (!((m >= 0xe0 && m <= 0xef && m != 0xe0 && m != 0xe2 &&
		    m != 0xee) || m == 0xfe)) {
			memcpy(out + o, in + i, 2 + len);
			o += 2 + len;
		}
		i += 2 + len;
	}
}

static int
png_keep(const unsigned char *type)
{
	static const char *const keep[] = { "tRNS", "gAMA", "cHRM", "sRGB",
	    "iCCP", "sBIT", "bKGD", "pHYs" };
	size_t	 k;

	if (!(type[0] & 0x20))		/* critical: IHDR, PLTE, IDAT, IEND */
		return 1;
	for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
		if (memcmp(type, keep[k], 4) == 0)
			return 1;
	return 0;
}

static int
strip_png(const unsigned char *in, size_t n, unsigned char *out,
    size_t *outlen)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', 0x0d,
	    0x0a, 0x1a, 0x0a };
	size_t	 i = 8, o = 8, len, k;

	if (n < 8 || memcmp(in, sig, 8) != 0)
		return -1;
	memcpy(out, in, 8);
	while (i + 12 <= n) {
		len = ((size_t)in[i] << 24) | ((size_t)in[i + 1] << 16) |
		    ((size_t)in[i + 2] << 8) | in[i + 3];
		if (len > 0x7fffffffUL || len > n - i - 12)
			return -1;
		for (k = 4; k < 8; k++)
			if (!((in[i + k] >= 'A' && in[i + k] <= 'Z') ||
			    (in[i + k] >= 'a' && in[i + k] <= 'z')))
				return -1;
		if (png_keep(in + i + 4)) {
			memcpy(out + o, in + i, 12 + len);
			o += 12 + len;
		}
		if (memcmp(in + i + 4, "IEND", 4) == 0) {
			*outlen = o;
			return 0;
		}
		i += 12 + len;
	}
	return -1;				/* no IEND */
}

int
filetype_strip(const struct filetype *ft, const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlen)
{
	*outlen = 0;
	if (strcmp(ft->mime, "image/jpeg") == 0)
		return strip_jpeg(in, n, out, outlen);
	if (strcmp(ft->mime, "image/png") == 0)
		return strip_png(in, n, out, outlen);
	memcpy(out, in, n);
	*outlen = n;
	return 0;
}

int
filetype_clean_pdf(const unsigned char *in, size_t n, unsigned char *out,
    size_t cap, size_t *outlen)
{
	qpdf_data		 q;
	const unsigned char	*buf;
	size_t			 len;
	int			 rc = -1;

	*outlen = 0;
	if ((q = qpdf_init()) == NULL)
		return -1;
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "upload.pdf", (const char *)in,
	    (unsigned long long)n, NULL) & QPDF_ERRORS)
		goto done;
	qpdf_oh_remove_key(q, qpdf_get_trailer(q), "/Info");
	qpdf_oh_remove_key(q, qpdf_get_root(q), "/Metadata");
	if (qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto done;
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_preserve_encryption(q, QPDF_FALSE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto done;
	len = qpdf_get_buffer_length(q);
	if ((buf = qpdf_get_buffer(q)) == NULL || len == 0 || len > cap)
		goto done;
	memcpy(out, buf, len);
	*outlen = len;
	rc = 0;
done:
	if (rc == -1 && qpdf_has_error(q))
		log_info("pdf refused: %s", qpdf_get_error_full_text(q,
		    qpdf_get_error(q)));
	qpdf_cleanup(&q);
	return rc;
}
