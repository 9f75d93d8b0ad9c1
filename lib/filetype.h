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

/* Cleaning a file of what it tells besides its content: lib/clean.h. */

#endif
