/*
 * totp.h - the one-time code of the second log-in step for staff, and the
 * QR code that sets it up in an app.
 *
 * Codes: RFC 6238 (HMAC-SHA1, steps of TOTP_STEP seconds from the Unix
 * epoch, TOTP_DIGITS digits), checked by liboath within TOTP_WINDOW steps
 * either side of now, compared in constant time. Secrets travel as base32
 * text (RFC 4648, as apps show and scan them; case and blanks do not
 * matter), at least TOTP_SECRET_MIN bytes.
 * QR code: libqrencode makes the modules; this file writes them as SVG
 * rectangles with a <title> (the text alternative the caller gives).
 *
 * Owns: checking and making codes, new secrets (OpenSSL RAND_bytes), the
 * otpauth:// URI, the SVG.
 * Never: logs a secret or a code; decides about reuse (the caller stores
 * the last accepted step per person and accepts only a later one).
 */
#ifndef GP_TOTP_H
#define GP_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;

#define TOTP_STEP		30
#define TOTP_DIGITS		6
#define TOTP_WINDOW		1
#define TOTP_SECRET_MIN		10	/* bytes: 80 bits, RFC 4226's least */
#define TOTP_SECRET_BYTES	20	/* bytes of a new secret: 160 bits */
#define TOTP_SECRET_B32_MAX	64	/* characters of a secret as text */
#define TOTP_ISSUER		"Gezinsportaal"

/* liboath's start-up; once per process. 0 or -1. */
int	 totp_init(void);
/*
 * Checks code (TOTP_DIGITS digits; blanks between them are allowed)
 * against the base32 secret at time now. 0: valid, *step is the time
 * step it belongs to (now / TOTP_STEP, give or take TOTP_WINDOW); 1: not
 * valid (wrong, too old, or not digits); -1: the secret is unusable.
 */
int	 totp_verify(const char *secret_b32, time_t now, const char *code,
	    int64_t *step);
/* The code of the given step (digits 6 to 8), for tests and helpers.
 * 0 or -1. */
int	 totp_code(const char *secret_b32, int64_t step, unsigned digits,
	    char *out, size_t outlen);
/* 1 if s is a usable base32 secret, else 0. */
int	 totp_secret_ok(const char *s);
/* A new random secret as base32 text without padding (32 characters).
 * 0 or -1. */
int	 totp_secret_new(char *out, size_t outlen);
/* The otpauth://totp/ URI an app scans, for user name `user`. */
void	 totp_uri(struct buf *, const char *user, const char *secret_b32);
/* The secret in groups of four characters, as people copy it. */
void	 totp_secret_groups(struct buf *, const char *secret_b32);
/* The QR code of text as an inline <svg> with role="img" and <title>
 * title (escaped here). 0, or -1 when the text does not fit. */
int	 totp_qr_svg(struct buf *, const char *text, const char *title);

#endif
