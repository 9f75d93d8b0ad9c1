/*
 * session.h - log-in sessions, kept in PostgreSQL.
 *
 * The cookie carries a random 256-bit token (64 hex characters); the
 * database keeps only its SHA-256, so reading the session table does not
 * let anyone log in. A session ends when it is idle longer than its
 * idle_seconds (30 min for citizens and professionals, 15 for clerks) or on
 * logout, which deletes it server-side.
 *
 * Owns: making, finding and ending sessions; the cookie name.
 * Never: accepts a token it did not make (anything but 64 hex characters
 * is "no session" before it reaches the database).
 */
#ifndef GP_SESSION_H
#define GP_SESSION_H

#include "db.h"

struct arena;

#define SESSION_TOKEN_LEN	64

struct session {
	int		 valid;
	long		 person_id;
	const char	*person_id_s;	/* decimal, for SQL parameters */
	const char	*kind;		/* "citizen", "professional", "clerk" */
	const char	*given_name;
	const char	*family_name;
	const char	*language;	/* "" when not chosen */
	int		 age;		/* whole years today; -1: staff */
	char		 token[SESSION_TOKEN_LEN + 1];
};

/* Cookie name: "__Host-gp_session" with secure cookies, else "gp_session"
 * (the __Host- prefix requires Secure, which plain-HTTP dev cannot use). */
const char	*session_cookie_name(int secure);
/* 1 if s looks like a token we issue (64 lower-case hex). */
int		 session_token_wellformed(const char *s);
/* New session for person; writes the token for the cookie. device: the
 * words for the person's list (lib/useragent key; NULL: none). */
enum db_err	 session_create(struct db *, long person_id, long idle_seconds,
		    const char *remote_addr, const char *device,
		    char token[SESSION_TOKEN_LEN + 1]);
/* Finds a live session and touches it. No session: DB_OK, out->valid 0. */
enum db_err	 session_load(struct db *, struct arena *, const char *token,
		    struct session *out);
/*
 * The same, with up to SESSION_MAX_EXTRA more statements in the same
 * round trip (one libpq pipeline, one implicit transaction). They find
 * the person themselves from the session hash (session_hash), and must
 * return nothing without a live session; their results are handed back
 * in extra[i].res only when the session is valid (else NULL).
 */
#define SESSION_MAX_EXTRA	2
enum db_err	 session_load_with(struct db *, struct arena *,
		    const char *token, struct db_batch *extra, size_t nextra,
		    struct session *out);
/* SHA-256 of the token's 32 bytes as hex: the key in the session table.
 * -1 if the token is not well formed. */
#define SESSION_HASH_LEN	64
int		 session_hash(const char *token,
		    char out[SESSION_HASH_LEN + 1]);
enum db_err	 session_destroy(struct db *, const char *token);
/* Ends every other session of person (all of them when token is NULL):
 * "log out everywhere else", and what a new password must do. *ended
 * (may be NULL) is how many ended. */
enum db_err	 session_end_others(struct db *, long person_id,
		    const char *token, long *ended);

#endif
