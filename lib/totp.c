/*
 * totp.c - one-time codes (liboath) and the QR code (libqrencode); see
 * totp.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <openssl/rand.h>
#include <qrencode.h>

#include "buf.h"
#include "totp.h"
#include "util.h"

#define QR_QUIET	4	/* modules of white border (ISO 18004) */
#define QR_MODULE_PX	4	/* how large a module is drawn */

int
totp_init(void)
{
	return oath_init() == OATH_OK ? 0 : -1;
}

/* The secret's bytes (malloc'd by liboath; the caller wipes and frees). */
static int
decode(const char *b32, char **key, size_t *keylen)
{
	*key = NULL;
	*keylen = 0;
	if (b32 == NULL || strlen(b32) > TOTP_SECRET_B32_MAX ||
	    oath_base32_decode(b32, strlen(b32), key, keylen) != OATH_OK)
		return -1;
	if (*keylen < TOTP_SECRET_MIN) {
		if (*key != NULL) {
			explicit_bzero(*key, *keylen);
			free(*key);
		}
		*key = NULL;
		return -1;
	}
	return 0;
}

static void
wipe(char *key, size_t keylen)
{
	if (key != NULL) {
		explicit_bzero(key, keylen);
		free(key);
	}
}

int
totp_secret_ok(const char *s)
{
	char	*key;
	size_t	 keylen;

	if (decode(s, &key, &keylen) == -1)
		return 0;
	wipe(key, keylen);
	return 1;
}

/* liboath's comparison hook: 0 when equal, in constant time. */
static int
same_code(void *handle, const char *test_otp)
{
	return util_ct_streq(handle, test_otp) ? 0 : 1;
}

int
totp_verify(const char *secret_b32, time_t now, const char *code,
    int64_t *step)
{
	char		 digits[TOTP_DIGITS + 1], *key;
	size_t		 n = 0, keylen;
	int		 pos, rc;
	uint64_t	 counter = 0;

	*step = 0;
	for (; *code != '\0'; code++) {
		if (*code == ' ' || *code == '\t')
			continue;
		if (*code < '0' || *code > '9' || n == TOTP_DIGITS)
			return 1;
		digits[n++] = *code;
	}
	if (n != TOTP_DIGITS)
		return 1;
	digits[n] = '\0';
	if (decode(secret_b32, &key, &keylen) == -1)
		return -1;
	rc = oath_totp_validate3_callback(key, keylen, now, TOTP_STEP,
	    OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, TOTP_WINDOW, &pos,
	    &counter, same_code, digits);
	wipe(key, keylen);
	explicit_bzero(digits, sizeof(digits));
	if (rc < 0)
		return rc == OATH_INVALID_OTP ? 1 : -1;
	*step = (int64_t)counter;
	return 0;
}

int
totp_code(const char *secret_b32, int64_t step, unsigned digits, char *out,
    size_t outlen)
{
	char	*key;
	size_t	 keylen;
	int	 rc;

	if (digits < 6 || digits > 8 || outlen < digits + 1 || step < 0 ||
	    decode(secret_b32, &key, &keylen) == -1)
		return -1;
	rc = oath_totp_generate(key, keylen, (time_t)(step * TOTP_STEP),
	    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, digits, out);
	wipe(key, keylen);
	return rc == OATH_OK ? 0 : -1;
}

int
totp_secret_new(char *out, size_t outlen)
{
	unsigned char	 raw[TOTP_SECRET_BYTES];
	char		*b32 = NULL;
	size_t		 len = 0;
	int		 rc = -1;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) ==
	    OATH_OK) {
		/* 20 bytes are 32 characters: no padding to take off */
		while (len > 0 && b32[len - 1] == '=')
			len--;
		if (len + 1 <= outlen) {
			memcpy(out, b32, len);
			out[len] = '\0';
			rc = 0;
		}
	}
	explicit_bzero(raw, sizeof(raw));
	wipe(b32, len);
	return rc;
}

void
totp_uri(struct buf *b, const char *user, const char *secret_b32)
{
	buf_puts(b, "otpauth://totp/" TOTP_ISSUER ":");
	buf_urlenc(b, user, strlen(user));
	buf_puts(b, "?secret=");
	buf_urlenc(b, secret_b32, strlen(secret_b32));
	buf_printf(b, "&issuer=" TOTP_ISSUER "&algorithm=SHA1&digits=%d"
	    "&period=%d", TOTP_DIGITS, TOTP_STEP);
}

void
totp_secret_groups(struct buf *b, const char *secret_b32)
{
	size_t	 i, n = 0;

	for (i = 0; secret_b32[i] != '\0'; i++) {
		if (secret_b32[i] == ' ' || secret_b32[i] == '=')
			continue;
		if (n > 0 && n % 4 == 0)
			buf_putc(b, ' ');
		buf_putc(b, secret_b32[i]);
		n++;
	}
}

/* A number, in decimal (nothing to escape). */
static void
num(struct buf *b, int n)
{
	char	 s[16];

	snprintf(s, sizeof(s), "%d", n);
	buf_puts(b, s);
}

/* ` name="n"` */
static void
attr(struct buf *b, const char *name, int n)
{
	buf_putc(b, ' ');
	buf_puts(b, name);
	buf_puts(b, "=\"");
	num(b, n);
	buf_putc(b, '"');
}

int
totp_qr_svg(struct buf *b, const char *text, const char *title)
{
	QRcode	*qr;
	int	 x, y, run, size;

	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return -1;
	size = qr->width + 2 * QR_QUIET;
	buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"qr-code\" role=\"img\" aria-labelledby=\"qr-title\"");
	attr(b, "width", size * QR_MODULE_PX);
	attr(b, "height", size * QR_MODULE_PX);
	buf_puts(b, " viewBox=\"0 0 ");
	num(b, size);
	buf_putc(b, ' ');
	num(b, size);
	buf_puts(b, "\" shape-rendering=\"crispEdges\">");
	buf_puts(b, "<title id=\"qr-title\">");
	buf_html(b, title, strlen(title));
	buf_puts(b, "</title><rect");
	attr(b, "width", size);
	attr(b, "height", size);
	buf_puts(b, " fill=\"#fff\"/>");
	/* One rectangle per run of dark modules in a row. */
	for (y = 0; y < qr->width; y++) {
		for (x = 0; x < qr->width; x = x + run) {
			run = 0;
			while (x + run < qr->width &&
			    (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (run == 0) {
				run = 1;
				continue;
			}
			buf_puts(b, "<rect");
			attr(b, "x", x + QR_QUIET);
			attr(b, "y", y + QR_QUIET);
			attr(b, "width", run);
			buf_puts(b, " height=\"1\" fill=\"#000\"/>");
		}
	}
	buf_puts(b, "</svg>");
	QRcode_free(qr);
	return 0;
}
