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

/*
 * The counter's assisted session (DESIGN.md section 9) of a clerk's log-in
 * session. While it is live (`live`), struct session is the CITIZEN (person
 * id, names, kind "citizen", language, age): every page acts as them and
 * the clerk's own rights add nothing. The clerk is here. lib/audit rows of
 * the request then name the clerk as actor and the citizen in
 * on_behalf_of (cgi/core/reqaudit.c). A counter page (routes.c flag
 * "counter") runs as the clerk again: session_assist_as_clerk().
 */
struct session_assist {
	int		 live;		/* 1: a live assisted session */
	const char	*id;		/* its public id (the receipt); also
					 * set (live 0) when it just ended by
					 * time in this request */
	const char	*citizen_id_s;	/* the citizen helped */
	const char	*citizen_given_name;
	const char	*citizen_family_name;
	long		 clerk_id;	/* who helps */
	const char	*clerk_id_s;
	const char	*clerk_given_name;
	const char	*clerk_family_name;
	const char	*clerk_language;
	const char	*organisation;	/* the clerk's: "Gemeente Balie" */
	const char	*ends_at;	/* "HH:MM", Dutch time */
};

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
	struct session_assist assisted_by; /* live: the fields above are the
					 * citizen's */
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
/* Finds a live session and touches it. A clerk's session with a live
 * assisted session is loaded as the citizen (struct session_assist); one
 * whose assisted session passed its end is closed here (assisted_by.id
 * set, live 0). No session: DB_OK, out->valid 0. */
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
/* Ends the session and its open assisted session (a clerk's log-out). */
enum db_err	 session_destroy(struct db *, const char *token);
/* Ends every other session of person (all of them when token is NULL):
 * "log out everywhere else", and what a new password must do. *ended
 * (may be NULL) is how many ended. */
enum db_err	 session_end_others(struct db *, long person_id,
		    const char *token, long *ended);
/* s (a live assisted session) as the clerk again, for a counter page:
 * person, kind "clerk", names and language the clerk's; assisted_by kept. */
void		 session_assist_as_clerk(struct session *s);

#endif
