/*
 * auth.h - passwords (argon2id) and the log-in decision with throttling.
 *
 * Hashes: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP minimum), 16-byte salt,
 * 32-byte hash, stored as the standard encoded string.
 * Throttling (lib/throttle.h): every attempt is recorded (user name as
 * typed, known or not, and client address). Too many failures of one
 * (user name, address) pair, or of one address, answer AUTH_WAIT with the
 * seconds still to wait, without checking the password: a soft step that
 * grows with each failure, never a lock of the account. Someone at another
 * address is not slowed down by it, so nobody can lock the real user out.
 * Attempts of one pair are serialised (an advisory lock in the
 * transaction), so parallel guesses cannot all slip under the count.
 * Unknown names are checked against a dummy hash, so they take as long as
 * known ones and answer the same (no account enumeration); a "wait" is
 * the same for both.
 * Hashing is capped per host (lib/hashcap.h): with no free slot the
 * answer is AUTH_BUSY at once, before any statement.
 *
 * Owns: hashing, verifying, the throttling rule. Never: logs a password.
 */
#ifndef GP_AUTH_H
#define GP_AUTH_H

#include <stddef.h>

#include "db.h"

struct hashcap;

#define AUTH_HASH_LEN		128	/* room for the encoded string */
#define AUTH_MAX_PASSWORD	1024
#define AUTH_MAX_USERNAME	64

enum auth_result {
	AUTH_OK,
	AUTH_BAD,	/* wrong name or password (which, is not said) */
	AUTH_WAIT,	/* too many failures of this pair or address: *wait s */
	AUTH_BUSY,	/* every hash slot of this host is busy: try again */
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
 * "professional", "clerk"; kindlen bytes) are set; on AUTH_WAIT *wait is
 * the seconds to wait (else 0). Records the attempt; takes a hash slot of
 * cap (NULL: no cap) for the time of the decision. */
enum auth_result auth_login(struct db *, struct hashcap *cap,
		    const char *username, const char *password,
		    const char *remote_addr, long *person_id, char *kind,
		    size_t kindlen, long *wait);
/*
 * The same throttling for the second step of staff (a one-time code,
 * cgi/account/code.c) and a reply link's confirmation, inside the
 * caller's transaction: auth_throttle takes the pair's lock and answers
 * AUTH_OK, or AUTH_WAIT with *wait (the throttled attempt is recorded; the
 * caller commits); auth_record records the attempt (AUTH_OK or AUTH_BAD,
 * or AUTH_UNAVAILABLE / AUTH_ERROR). A staff member's right password is
 * recorded only with the right code, so wrong passwords and wrong codes
 * count together until a whole log-in succeeds.
 */
enum auth_result auth_throttle(struct db *, const char *username,
		    const char *remote_addr, long *wait);
enum auth_result auth_record(struct db *, const char *username,
		    const char *remote_addr, int ok);

#endif
