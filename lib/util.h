/*
 * util.h - small helpers every module needs: bounded number parsing,
 * random bytes, hex, constant-time comparison, SHA-256 and HMAC-SHA-256
 * (OpenSSL), reading a whole file.
 *
 * Never: uses rand()/random() (random comes from getrandom(2)), compares
 * secrets with memcmp/strcmp.
 */
#ifndef GP_UTIL_H
#define GP_UTIL_H

#include <stddef.h>

/* Decimal integer in [min, max], the whole string, no blanks. 0 or -1. */
int	util_parse_long(const char *s, long min, long max, long *out);
/* Fills buf with n cryptographically random bytes. 0 or -1. */
int	util_random(void *buf, size_t n);
/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void	util_hex(const unsigned char *in, size_t n, char *out);
/* Value of one hex digit (either case), or -1. */
int	util_hexval(char c);
/* Parses exactly 2n hex characters. 0 or -1. */
int	util_unhex(const char *hex, unsigned char *out, size_t n);
/* 1 if equal; time depends only on n. */
int	util_ct_equal(const void *a, const void *b, size_t n);
/* 1 if the NUL-terminated strings are equal; time independent of where
 * they differ (length still leaks, which is public for our tokens). */
int	util_ct_streq(const char *a, const char *b);
void	util_sha256(const void *data, size_t n, unsigned char out[32]);
int	util_hmac_sha256(const void *key, size_t keylen, const void *data,
	    size_t n, unsigned char out[32]);
/* Reads a whole file (at most max bytes) into a malloc'd NUL-terminated
 * buffer. -1 with errno on failure (EFBIG if larger than max). */
int	util_read_file(const char *path, size_t max, char **out, size_t *len);

#endif
