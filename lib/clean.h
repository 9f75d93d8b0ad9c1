/*
 * clean.h - an uploaded file made new, so that it keeps what a reader sees
 * and nothing else: no place where a photo was taken, no author, no
 * second picture, no script.
 *
 * Decided by allow-list, not by removing what is known to be bad:
 *   - A photo (JPEG, PNG) is decoded to pixels and encoded again
 *     (libjpeg-turbo, libpng). Nothing of the file but its pixels reaches
 *     the new file: no Exif, XMP, comments, ICC profile, text chunks, a
 *     second image (MPF), data after the end of the image, or segments
 *     between scans. An unknown critical PNG chunk makes libpng refuse
 *     the file (as the PNG standard says a reader must).
 *   - A PDF is rebuilt from its pages only (libqpdf): a new document gets
 *     copies of the pages; the old catalog (open actions, scripts, named
 *     scripts, embedded files, forms, outlines, metadata) is not copied.
 *     A page keeps only the keys that say how it looks (page_keys in
 *     clean.c): annotations (links, actions, file attachments), page
 *     metadata, thumbnails and page actions go. Everything the pages
 *     reach loses its metadata streams and actions; an image keeps only the
 *     keys that draw it; a JPEG image inside is cleaned as a photo, any
 *     other image keeps exactly its pixels (decoded and cut to size). A
 *     PDF with a JPEG 2000 image (that can hold its own metadata boxes),
 *     a CCITT or JBIG2 image (cannot be checked), or locked with a
 *     password is refused.
 *   - Plain text is copied as it is.
 *
 * Owns: the decoders' memory (malloc'd and freed here, except the result,
 * which the caller frees with free()).
 * Never: returns a half-cleaned file; keeps a byte of the input that is
 * not a pixel, a page's drawing or a font.
 */
#ifndef GP_CLEAN_H
#define GP_CLEAN_H

#include <stddef.h>

struct filetype;

enum clean_status {
	CLEAN_OK = 0,
	CLEAN_BROKEN,		/* not a whole, readable file of its kind */
	CLEAN_TOO_LARGE,	/* more pixels than CLEAN_MAX_PIXELS */
	CLEAN_UNSUPPORTED,	/* readable, but holds what cannot be cleaned */
};

/* 40 megapixels: every phone's normal photo fits; decoding stays bounded. */
#define CLEAN_MAX_PIXELS	(40UL * 1000 * 1000)
#define CLEAN_MAX_SIDE		20000UL
/* A progressive JPEG with more scans than this is refused (a file of a
 * few kB could otherwise keep a worker busy for minutes). */
#define CLEAN_MAX_SCANS		100

/*
 * The n bytes at in (of kind ft, from filetype_detect) made new. On
 * CLEAN_OK *out is a malloc'd buffer of *outlen bytes (free() it);
 * otherwise *out is NULL and *outlen 0.
 */
enum clean_status	 clean_file(const struct filetype *ft,
			    const unsigned char *in, size_t n,
			    unsigned char **out, size_t *outlen);

enum clean_status	 clean_jpeg(const unsigned char *in, size_t n,
			    unsigned char **out, size_t *outlen);
enum clean_status	 clean_png(const unsigned char *in, size_t n,
			    unsigned char **out, size_t *outlen);
enum clean_status	 clean_pdf(const unsigned char *in, size_t n,
			    unsigned char **out, size_t *outlen);

#endif
