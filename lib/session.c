/*
 * session.c - sessions in PostgreSQL, id stored hashed (see session.h).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "session.h"
#include "util.h"

const char *
session_cookie_name(int secure)
{
	return secure ? "__Host-gp_session" : "gp_session";
}

int
session_token_wellformed(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != SESSION_TOKEN_LEN)
		return 0;
	for (i = 0; i < SESSION_TOKEN_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
session_hash(const char *token, char out[SESSION_HASH_LEN + 1])
{
	unsigned char	 raw[32], h[32];

	if (!session_token_wellformed(token) ||
	    util_unhex(token, raw, sizeof(raw)) == -1)
		return -1;
	util_sha256(raw, sizeof(raw), h);
	util_hex(h, sizeof(h), out);
	return 0;
}

enum db_err
session_create(struct db *db, long person_id, long idle_seconds,
    const char *remote_addr, const char *device,
    char token[SESSION_TOKEN_LEN + 1])
{
	unsigned char	 raw[32];
	char		 hash[65], pid[24], idle[24];
	const char	*params[5];

	if (util_random(raw, sizeof(raw)) == -1)
		return DB_ERROR;
	util_hex(raw, sizeof(raw), token);
	if (session_hash(token, hash) == -1)
		return DB_ERROR;
	snprintf(pid, sizeof(pid), "%ld", person_id);
	snprintf(idle, sizeof(idle), "%ld", idle_seconds);
	params[0] = hash;
	params[1] = pid;
	params[2] = idle;
	params[3] = remote_addr;
	params[4] = device != NULL ? device : "";
	return db_exec(db, ST_SESSION_INSERT, params, NULL);
}

/*
 * The open assisted session of clerk's log-in session `hash`: live, out
 * becomes the citizen (the clerk kept in out->assisted_by); past its end,
 * it is closed now (stopped at its end time) and only its id is kept.
 */
static enum db_err
assist_load(struct db *db, struct arena *a, const char *hash,
    struct session *out)
{
	struct session_assist	*as = &out->assisted_by;
	const char		*params[1] = { hash };
	PGresult		*r;
	enum db_err		 e;

	if ((e = db_exec(db, ST_ASSIST_LOAD, params, &r)) != DB_OK)
		return e;
	if (db_rows(r) != 1)
		return DB_OK;
	if ((as->id = arena_strdup(a, db_val(r, 0, ASSIST_ID))) == NULL)
		return DB_ERROR;
	if (!db_bool(r, 0, ASSIST_LIVE))
		return db_exec(db, ST_ASSIST_CLOSE, params, NULL);
	as->clerk_id = out->person_id;
	as->clerk_id_s = out->person_id_s;
	as->clerk_given_name = out->given_name;
	as->clerk_family_name = out->family_name;
	as->clerk_language = out->language;
	as->organisation = arena_strdup(a, db_val(r, 0, ASSIST_ORG));
	as->ends_at = arena_strdup(a, db_val(r, 0, ASSIST_ENDS));
	as->citizen_id_s = arena_strdup(a, db_val(r, 0, ASSIST_CITIZEN));
	as->citizen_given_name = arena_strdup(a, db_val(r, 0, ASSIST_GIVEN));
	as->citizen_family_name = arena_strdup(a, db_val(r, 0,
	    ASSIST_FAMILY));
	out->language = arena_strdup(a, db_val(r, 0, ASSIST_LANGUAGE));
	if (as->organisation == NULL || as->ends_at == NULL ||
	    as->citizen_id_s == NULL || as->citizen_given_name == NULL ||
	    as->citizen_family_name == NULL || out->language == NULL)
		return DB_ERROR;
	out->person_id = db_long(r, 0, ASSIST_CITIZEN);
	out->person_id_s = as->citizen_id_s;
	out->kind = "citizen";
	out->given_name = as->citizen_given_name;
	out->family_name = as->citizen_family_name;
	out->age = (int)db_long(r, 0, ASSIST_AGE);
	as->live = 1;
	return DB_OK;
}

enum db_err
session_load(struct db *db, struct arena *a, const char *token,
    struct session *out)
{
	return session_load_with(db, a, token, NULL, 0, out);
}

enum db_err
session_load_with(struct db *db, struct arena *a, const char *token,
    struct db_batch *extra, size_t nextra, struct session *out)
{
	struct db_batch	 b[1 + SESSION_MAX_EXTRA];
	char		 hash[SESSION_HASH_LEN + 1];
	const char	*params[1];
	const PGresult	*r;
	enum db_err	 e;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nextra; i++)
		extra[i].res = NULL;
	if (nextra > SESSION_MAX_EXTRA)
		return DB_ERROR;
	if (!session_token_wellformed(token) || session_hash(token, hash) == -1)
		return DB_OK;
	params[0] = hash;
	b[0].st = ST_SESSION_LOAD;
	b[0].params = params;
	for (i = 0; i < nextra; i++)
		b[1 + i] = extra[i];
	if ((e = db_batch(db, b, 1 + nextra)) != DB_OK)
		return e;
	r = b[0].res;
	if (db_rows(r) != 1)
		return DB_OK;
	out->person_id = db_long(r, 0, SESS_PERSON);
	out->person_id_s = arena_strdup(a, db_val(r, 0, SESS_PERSON));
	out->kind = arena_strdup(a, db_val(r, 0, SESS_KIND));
	out->given_name = arena_strdup(a, db_val(r, 0, SESS_GIVEN));
	out->family_name = arena_strdup(a, db_val(r, 0, SESS_FAMILY));
	out->language = arena_strdup(a, db_val(r, 0, SESS_LANGUAGE));
	out->age = (int)db_long(r, 0, SESS_AGE);
	if (db_bool(r, 0, SESS_TOUCH_DUE) &&
	    (e = db_exec(db, ST_SESSION_TOUCH, params, NULL)) != DB_OK)
		return e;
	memcpy(out->token, token, SESSION_TOKEN_LEN + 1);
	if (out->person_id_s == NULL || out->kind == NULL ||
	    out->given_name == NULL || out->family_name == NULL ||
	    out->language == NULL)
		return DB_ERROR;
	if (strcmp(out->kind, "clerk") == 0 &&
	    (e = assist_load(db, a, hash, out)) != DB_OK)
		return e;
	/* Only now are the extra results for this person (they were made
	 * for the clerk, not for the citizen of an assisted session). */
	for (i = 0; i < nextra && !out->assisted_by.live; i++)
		extra[i].res = b[1 + i].res;
	out->valid = 1;
	return DB_OK;
}

void
session_assist_as_clerk(struct session *s)
{
	struct session_assist	*as = &s->assisted_by;

	if (!as->live)
		return;
	s->person_id = as->clerk_id;
	s->person_id_s = as->clerk_id_s;
	s->kind = "clerk";
	s->given_name = as->clerk_given_name;
	s->family_name = as->clerk_family_name;
	s->language = as->clerk_language;
	s->age = -1;
}

enum db_err
session_destroy(struct db *db, const char *token)
{
	char		 hash[65];
	const char	*params[1];
	enum db_err	 e;

	if (!session_token_wellformed(token) || session_hash(token, hash) == -1)
		return DB_OK;
	params[0] = hash;
	if ((e = db_exec(db, ST_ASSIST_CLOSE, params, NULL)) != DB_OK)
		return e;
	return db_exec(db, ST_SESSION_DELETE, params, NULL);
}

enum db_err
session_end_others(struct db *db, long person_id, const char *token,
    long *ended)
{
	char		 hash[65], pid[24];
	const char	*params[2];
	PGresult	*r;
	enum db_err	 e;

	if (ended != NULL)
		*ended = 0;
	hash[0] = '\0';
	if (token != NULL && (!session_token_wellformed(token) ||
	    session_hash(token, hash) == -1))
		return DB_ERROR;	/* never "all" by mistake */
	snprintf(pid, sizeof(pid), "%ld", person_id);
	params[0] = pid;
	params[1] = hash;
	if ((e = db_exec(db, ST_SESSION_DELETE_OTHERS, params, &r)) != DB_OK)
		return e;
	if (ended != NULL)
		*ended = db_rows(r);
	return DB_OK;
}
