/*
 * auth.h - passwords (argon2id) and the log-in decision with throttling.
 *
 * Hashes: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP minimum), 16-byte salt,
 * 32-byte hash, stored as the standard encoded string.
 * Throttling: every attempt is recorded (user name as typed, known or not,
 * and client address). After AUTH_MAX_FAILURES failures for one user name
 * since its last success within AUTH_LOCK_SECONDS, or AUTH_MAX_ADDR_FAILURES
 * from one address, the log-in is refused as AUTH_LOCKED without checking
 * the password (AUTH_LOCKED, AUTH_LOCKED_ADDR). Attempts for one name are
 * serialised (an advisory lock in the transaction), so parallel guesses
 * cannot all slip under the limit. Unknown names are checked against a dummy hash, so they take
 * as long as known ones and answer the same (no account enumeration).
 *
 * Owns: hashing, verifying, the throttling rule. Never: logs a password.
 */
#ifndef GP_AUTH_H
#define GP_AUTH_H

#include <stddef.h>

#include "db.h"

#define AUTH_MAX_FAILURES	5
#define AUTH_MAX_ADDR_FAILURES	30
#define AUTH_LOCK_SECONDS	900
#define AUTH_HASH_LEN		128	/* room for the encoded string */
#define AUTH_MAX_PASSWORD	1024
#define AUTH_MAX_USERNAME	64

enum auth_result {
	AUTH_OK,
	AUTH_BAD,	/* wrong name or password (which, is not said) */
	AUTH_LOCKED,	/* too many failures for this name: try again later */
	AUTH_LOCKED_ADDR, /* too many failures from this address */
	AUTH_UNAVAILABLE,
	AUTH_ERROR
};

/* Makes the dummy hash used for unknown user names. 0 or -1. */
int		 auth_init(void);
int		 auth_hash(const char *password, char out[AUTH_HASH_LEN]);
/* 1 if password matches encoded, else 0. */
int		 auth_verify(const char *encoded, const char *password);
/* Lower-cases and trims a typed user name into out (AUTH_MAX_USERNAME+1).
 * -1 if empty or too long. */
int		 auth_normalise_username(const char *in, char *out, size_t outlen);
/* The log-in decision. On AUTH_OK *person_id and kind ("citizen",
 * "professional", "clerk"; kindlen bytes) are set. Records the attempt. */
enum auth_result auth_login(struct db *, const char *username,
		    const char *password, const char *remote_addr,
		    long *person_id, char *kind, size_t kindlen);
/*
 * The same throttling for the second step of staff (a one-time code,
 * cgi/account/code.c), inside the caller's transaction: auth_throttle
 * takes the user name's lock and answers AUTH_OK, AUTH_LOCKED or
 * AUTH_LOCKED_ADDR; auth_record records the attempt (AUTH_OK or AUTH_BAD,
 * or AUTH_UNAVAILABLE / AUTH_ERROR). A staff member's right password is
 * recorded only with the right code, so wrong passwords and wrong codes
 * count together until a whole log-in succeeds.
 */
enum auth_result auth_throttle(struct db *, const char *username,
		    const char *remote_addr);
enum auth_result auth_record(struct db *, const char *username,
		    const char *remote_addr, int ok);

#endif
