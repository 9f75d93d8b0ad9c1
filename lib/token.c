/*
 * token.c - reply-link tokens (see token.h).
 */
#include <string.h>

#include <openssl/rand.h>

#include "buf.h"
#include "token.h"
#include "util.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* 32 bytes -> 43 characters (the last one carries 4 bits and 2 zero
 * padding bits). */
static void
encode(const unsigned char in[TOKEN_BYTES], char out[TOKEN_LEN + 1])
{
	unsigned long	 v;
	size_t		 i, o = 0;

	for (i = 0; i + 3 <= TOKEN_BYTES; i += 3) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 |
		    in[i + 2];
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		out[o++] = b64url[(v >> 6) & 63];
		out[o++] = b64url[v & 63];
	}
	/* 30 bytes done, 2 left: 16 bits -> 3 characters. */
	v = (unsigned long)in[i] << 8 | in[i + 1];
	out[o++] = b64url[(v >> 10) & 63];
	out[o++] = b64url[(v >> 4) & 63];
	out[o++] = b64url[(v << 2) & 63];
	out[o] = '\0';
}

static int
value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(b64url, c)) == NULL)
		return -1;
	return (int)(p - b64url);
}

static void
hash_hex(const unsigned char raw[TOKEN_BYTES], char hash[TOKEN_HASH_HEX + 1])
{
	unsigned char	 h[32];

	util_sha256(raw, TOKEN_BYTES, h);
	util_hex(h, sizeof(h), hash);
}

int
token_new(char tok[TOKEN_LEN + 1], char hash[TOKEN_HASH_HEX + 1])
{
	unsigned char	 raw[TOKEN_BYTES];

	tok[0] = hash[0] = '\0';
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	encode(raw, tok);
	hash_hex(raw, hash);
	return 0;
}

int
token_hash(const char *s, char hash[TOKEN_HASH_HEX + 1])
{
	unsigned char	 raw[TOKEN_BYTES];
	unsigned long	 v = 0;
	size_t		 i, bits = 0, o = 0;
	int		 d;

	hash[0] = '\0';
	if (s == NULL || strlen(s) != TOKEN_LEN)
		return -1;
	for (i = 0; i < TOKEN_LEN; i++) {
		if ((d = value(s[i])) == -1)
			return -1;
		v = (v << 6 | (unsigned long)d) & 0xffffUL;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[o++] = (unsigned char)(v >> bits);
		}
	}
	/* 43 x 6 = 258 bits: the 2 left over must be zero (one spelling per
	 * token). */
	if (o != TOKEN_BYTES || bits != 2 || (v & 3) != 0)
		return -1;
	hash_hex(raw, hash);
	return 0;
}

int
token_fill(struct buf *out, const char *body, const char *link)
{
	const char	*at = strstr(body, TOKEN_MARK);

	if (at == NULL) {
		buf_puts(out, body);
		return out->failed ? -1 : 0;
	}
	buf_append(out, body, (size_t)(at - body));
	buf_puts(out, link);
	buf_puts(out, at + strlen(TOKEN_MARK));
	return out->failed ? -1 : 1;
}
