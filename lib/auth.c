/*
 * auth.c - argon2id passwords and throttled log-in (see auth.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <argon2.h>

#include "auth.h"
#include "hashcap.h"
#include "log.h"
#include "throttle.h"
#include "util.h"

#define T_COST		2
#define M_COST		19456	/* KiB = 19 MiB */
#define PARALLELISM	1
#define SALT_LEN	16
#define HASH_LEN	32

static char	 dummy_hash[AUTH_HASH_LEN];

int
auth_hash(const char *password, char out[AUTH_HASH_LEN])
{
	unsigned char	 salt[SALT_LEN];

	if (strlen(password) > AUTH_MAX_PASSWORD ||
	    util_random(salt, sizeof(salt)) == -1)
		return -1;
	if (argon2id_hash_encoded(T_COST, M_COST, PARALLELISM, password,
	    strlen(password), salt, sizeof(salt), HASH_LEN, out,
	    AUTH_HASH_LEN) != ARGON2_OK)
		return -1;
	return 0;
}

int
auth_init(void)
{
	unsigned char	 raw[24];
	char		 pw[49];

	if (util_random(raw, sizeof(raw)) == -1)
		return -1;
	util_hex(raw, sizeof(raw), pw);
	return auth_hash(pw, dummy_hash);
}

int
auth_verify(const char *encoded, const char *password)
{
	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0 ||
	    strlen(password) > AUTH_MAX_PASSWORD)
		return 0;
	return argon2id_verify(encoded, password, strlen(password)) ==
	    ARGON2_OK;
}

int
auth_normalise_username(const char *in, char *out, size_t outlen)
{
	size_t	 n, len;

	while (*in == ' ' || *in == '\t')
		in++;
	len = strlen(in);
	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	if (len > AUTH_MAX_USERNAME || len + 1 > outlen)
		return -1;
	for (n = 0; n < len; n++)
		out[n] = (char)tolower((unsigned char)in[n]);
	out[n] = '\0';
	return n == 0 ? -1 : 0;
}

static enum auth_result
record(struct db *db, const char *user, const char *addr, int ok,
    int throttled)
{
	const char	*params[4] = { user, addr, ok ? "t" : "f",
	    throttled ? "t" : "f" };

	switch (db_exec(db, ST_LOGIN_ATTEMPT_INSERT, params, NULL)) {
	case DB_OK:
		return ok ? AUTH_OK : throttled ? AUTH_WAIT : AUTH_BAD;
	case DB_UNAVAILABLE:
		return AUTH_UNAVAILABLE;
	default:
		return AUTH_ERROR;
	}
}

enum auth_result
auth_record(struct db *db, const char *user, const char *addr, int ok)
{
	return record(db, user, addr, ok, 0);
}

static enum auth_result
fail(enum db_err e)
{
	return e == DB_UNAVAILABLE ? AUTH_UNAVAILABLE : AUTH_ERROR;
}

enum auth_result
auth_throttle(struct db *db, const char *user, const char *addr,
    long *wait)
{
	char			 pw[16], aw[16];
	const char		*params[4];
	struct throttle_counts	 c;
	PGresult		*r;
	enum db_err		 e;

	*wait = 0;
	snprintf(pw, sizeof(pw), "%d", THROTTLE_PAIR_WINDOW);
	snprintf(aw, sizeof(aw), "%d", THROTTLE_ADDR_WINDOW);
	params[0] = user;
	params[1] = addr;
	if ((e = db_exec(db, ST_LOGIN_LOCK, params, NULL)) != DB_OK)
		return fail(e);
	params[2] = pw;
	params[3] = aw;
	if ((e = db_exec(db, ST_LOGIN_FAILURES, params, &r)) != DB_OK)
		return fail(e);
	c.pair_failures = db_long(r, 0, FAIL_PAIR);
	c.pair_since_ms = db_long(r, 0, FAIL_PAIR_SINCE);
	c.addr_failures = db_long(r, 0, FAIL_ADDR);
	c.addr_since_ms = db_long(r, 0, FAIL_ADDR_SINCE);
	if ((*wait = throttle_wait(&c)) == 0)
		return AUTH_OK;
	log_info("auth: wait %ld s (%ld failures of the pair, %ld of the "
	    "address)", *wait, c.pair_failures, c.addr_failures);
	return record(db, user, addr, 0, 1);
}

/* The decision itself, inside the caller's transaction. */
static enum auth_result
decide(struct db *db, const char *user, const char *password,
    const char *addr, long *person_id, char *kind, size_t kindlen,
    long *wait)
{
	const char	*params[1];
	const char	*hash = dummy_hash;
	PGresult	*r;
	enum auth_result res;
	enum db_err	 e;
	int		 ok, known = 0;

	if ((res = auth_throttle(db, user, addr, wait)) != AUTH_OK)
		return res;
	params[0] = user;
	if ((e = db_exec(db, ST_ACCOUNT_BY_USERNAME, params, &r)) != DB_OK)
		return fail(e);
	if (db_rows(r) == 1) {
		known = 1;
		hash = db_val(r, 0, ACCT_HASH);
	}
	ok = auth_verify(hash, password) && known;
	if (ok) {
		*person_id = db_long(r, 0, ACCT_PERSON);
		snprintf(kind, kindlen, "%s", db_val(r, 0, ACCT_KIND));
		/* Staff: the password alone is no success yet (it would end
		 * the count of wrong codes); the code step records it. */
		if (strcmp(db_val(r, 0, ACCT_KIND), "citizen") != 0)
			return AUTH_OK;
	}
	return auth_record(db, user, addr, ok);
}

enum auth_result
auth_login(struct db *db, struct hashcap *cap, const char *username,
    const char *password, const char *addr, long *person_id, char *kind,
    size_t kindlen, long *wait)
{
	char		 user[AUTH_MAX_USERNAME + 1];
	enum auth_result res;
	enum db_err	 e;
	long		 slot = -1;

	*person_id = 0;
	*wait = 0;
	if (kindlen > 0)
		kind[0] = '\0';
	/* Before anything else: a refused attempt costs no statement. */
	if (cap != NULL && (slot = hashcap_take(cap)) == -1)
		return AUTH_BUSY;
	if (auth_normalise_username(username, user, sizeof(user)) == -1) {
		/* Nothing to look up; spend the same time anyway. */
		(void)auth_verify(dummy_hash, password);
		res = AUTH_BAD;
	} else if ((e = db_begin(db)) != DB_OK)
		res = fail(e);
	else {
		res = decide(db, user, password, addr, person_id, kind,
		    kindlen, wait);
		if (res == AUTH_OK || res == AUTH_BAD || res == AUTH_WAIT) {
			if ((e = db_commit(db)) != DB_OK)
				res = fail(e);
		} else
			db_rollback(db);
	}
	if (cap != NULL)
		hashcap_give(cap, slot);
	if (res != AUTH_OK) {
		*person_id = 0;
		if (kindlen > 0)
			kind[0] = '\0';
	}
	if (res != AUTH_WAIT)
		*wait = 0;
	return res;
}
