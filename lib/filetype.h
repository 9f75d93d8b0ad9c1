/*
 * filetype.h - what kind of file an upload is, from its bytes (libmagic),
 * never from its name or the browser's Content-Type.
 *
 * Owns: the list of kinds the portal accepts as an attachment, and the
 * process's libmagic handle (opened on first use, kept for the process).
 * Never: trusts a file name; accepts a kind it cannot name.
 */
#ifndef GP_FILETYPE_H
#define GP_FILETYPE_H

#include <stddef.h>

struct filetype {
	const char	*mime;		/* "application/pdf" */
	const char	*label;		/* for people: "PDF" */
	const char	*ext;		/* for the download name: ".pdf" */
};

/*
 * The accepted kind of the n bytes at data (PDF, PNG, JPEG, plain text),
 * or NULL when it is something else, empty, or libmagic fails (logged).
 */
const struct filetype	*filetype_detect(const void *data, size_t n);
/* The accepted kind with this MIME type (from the database), or NULL. */
const struct filetype	*filetype_by_mime(const char *mime);
/*
 * A safe download name from what the uploader's browser sent: the last
 * path part without leading dots, control characters, quotes, backslashes and slashes
 * replaced by '_', at most 100 bytes (not cutting a UTF-8 character),
 * ending in the kind's extension. Writes into out (outlen >= 128).
 */
void			 filetype_safe_name(const char *sent,
			    const struct filetype *, char *out, size_t outlen);

/*
 * Photos lose what they tell besides the picture: for JPEG the APP1
 * (Exif with GPS position, XMP), APP3-APP13, APP15 and comment segments;
 * for PNG every ancillary chunk except the ones colours depend on (tRNS,
 * gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, pHYs): tEXt, zTXt, iTXt, eXIf,
 * tIME, unknown. Other kinds are copied as they are. Writes at most n
 * bytes into out (*outlen). -1 when the file is not a whole JPEG/PNG (the
 * caller refuses it: a broken photo is not stored half-cleaned).
 */
int			 filetype_strip(const struct filetype *,
			    const unsigned char *in, size_t n,
			    unsigned char *out, size_t *outlen);

/*
 * A PDF without what it tells besides its pages: the document
 * information dictionary (/Info: author, the program and computer it was
 * made on, dates) and the document's XMP metadata stream, rewritten by
 * libqpdf (Debian libqpdf-dev) with a deterministic /ID. Writes at most
 * cap bytes into out (*outlen). -1 when qpdf cannot read it (broken, or
 * locked with a password) or the result does not fit: the caller refuses
 * the file.
 */
int			 filetype_clean_pdf(const unsigned char *in, size_t n,
			    unsigned char *out, size_t cap, size_t *outlen);

#endif
