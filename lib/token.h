/*
 * token.h - reply-link tokens (/antwoord/{token}): 32 random bytes from
 * OpenSSL's RAND_bytes, written base64url without padding (43 characters).
 * The database keeps only the SHA-256 of the 32 bytes (as hex), so a copy
 * of the database does not open a single reply form.
 *
 * Also: putting the link into a mail body at the place the action marked
 * (TOKEN_MARK), because the token is made only when the mail is sent
 * (cgi/outbox/outboxd.c), never when the action writes the mail.
 *
 * Owns: the token format. Never: accepts a token it would not have made
 * (wrong length, other characters, non-zero padding bits), compares
 * secrets itself (lookups are by hash).
 */
#ifndef GP_TOKEN_H
#define GP_TOKEN_H

#include <stddef.h>

struct buf;

#define TOKEN_BYTES	32
#define TOKEN_LEN	43		/* base64url characters */
#define TOKEN_HASH_HEX	64		/* SHA-256 as lower-case hex */
/* Where a mail body wants its reply link (see token_fill): written so
 * in templates/mail/ *.txt, outside {{t}}. */
#define TOKEN_MARK	"{link}"

/* A fresh token and the hex SHA-256 of its bytes. 0, or -1 when no
 * random bytes could be had (then both are ""). */
int	token_new(char tok[TOKEN_LEN + 1], char hash[TOKEN_HASH_HEX + 1]);
/* The hex SHA-256 of a token as it came in a URL. -1 (hash "") when s
 * is not a token token_new could have made. */
int	token_hash(const char *s, char hash[TOKEN_HASH_HEX + 1]);
/* body with its first TOKEN_MARK replaced by link, into out. 1 replaced,
 * 0 no mark (out holds body as it is), -1 out failed. */
int	token_fill(struct buf *out, const char *body, const char *link);

#endif
