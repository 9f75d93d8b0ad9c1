/*
 * sessions.c - the person's own sessions on /gegevens, and POST
 * /gegevens/elders-uitloggen ("log out everywhere else").
 *
 * The list shows every live session of the person logged in: the device
 * in words (lib/useragent: only the browser's and system's names are
 * kept, never the User-Agent), since when, last used (to the minute:
 * lib/session writes last_seen at most once a minute) and from which
 * address. This browser's session comes first and is marked. Logging out
 * elsewhere ends every other session at once, in one transaction with its
 * audit row; the session of this browser stays.
 *
 * Owns: the list and the form. Never: shows or ends a session of anyone
 * else (every statement is bound to the session's own person).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "log.h"
#include "useragent.h"
#include "util.h"
#include "core/portal.h"

/* Live sessions of person $1, the one with hash $2 (hex) first: is it
 * this one, device, since, last used (epoch seconds), address. */
static const struct stmt_def ST_SESSIONS_MINE[1] = {{ "sessions_mine",
	"SELECT s.id_hash = decode($2, 'hex'), s.device, "
	"       extract(epoch FROM s.created_at)::bigint, "
	"       extract(epoch FROM s.last_seen)::bigint, "
	"       coalesce(s.remote_addr, '') "
	"  FROM session s "
	" WHERE s.person_id = $1 "
	"   AND s.last_seen + make_interval(secs => s.idle_seconds) > now() "
	"   AND s.created_at > now() - interval '12 hours' "
	" ORDER BY s.id_hash = decode($2, 'hex') DESC, s.last_seen DESC, "
	"       s.created_at DESC LIMIT 50", 2, 5 }};
enum { SM_THIS, SM_DEVICE, SM_SINCE, SM_LAST, SM_ADDR };

static const struct stmt_def *const stmts[] = {
	ST_SESSIONS_MINE,
};
const struct stmt_table sessions_stmts = {
	"account/sessions.c", stmts, NELEM(stmts)
};

/* The device in words, by the template: "Firefox op Windows",
 * "Firefox", "Een apparaat met Windows" or "Een onbekend apparaat". */
static void
device(struct tctx *it, const char *key)
{
	const char	*browser, *system;

	useragent_parts(key, &browser, &system);
	tctx_str(it, "browser", browser);
	tctx_str(it, "system", system);
	tctx_bool(it, "has_browser", *browser != '\0');
	tctx_bool(it, "has_system", *system != '\0');
}

static const char *
when(struct req *r, const char *epoch)
{
	char	 out[96];
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == -1)
		t = 0;
	i18n_format_datetime(out, sizeof(out), (time_t)t);
	return arena_strdup(r->a, out);
}

int
sessions_fill(struct req *r, struct tctx *c)
{
	char		 hash[SESSION_HASH_LEN + 1];
	const char	*params[2];
	const struct http_field *f;
	struct tctx	*it;
	PGresult	*res;
	enum db_err	 e;
	long		 ended;
	int		 i, others = 0;

	if (session_hash(r->sess.token, hash) == -1)
		return 500;
	params[0] = r->sess.person_id_s;
	params[1] = hash;
	if ((e = db_exec(r->db, ST_SESSIONS_MINE, params, &res)) != DB_OK)
		return db_status(e);
	tctx_list(c, "sessions");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "sessions")) == NULL)
			return 500;
		tctx_bool(it, "this", db_bool(res, i, SM_THIS));
		others += !db_bool(res, i, SM_THIS);
		device(it, db_val(res, i, SM_DEVICE));
		tctx_str(it, "since", when(r, db_val(res, i, SM_SINCE)));
		tctx_str(it, "last", when(r, db_val(res, i, SM_LAST)));
		tctx_str(it, "from", db_val(res, i, SM_ADDR));
	}
	tctx_bool(c, "other_sessions", others > 0);
	/* After "log out everywhere else" (the redirect below). */
	f = http_fields_get(&r->rq->query, "elders");
	if (f == NULL || util_parse_long(f->value, 0, 1000000, &ended) == -1)
		ended = -1;
	tctx_bool(c, "ended_notice", ended >= 0);
	tctx_long(c, "ended", ended > 0 ? ended : 0);
	tctx_bool(c, "ended_none", ended == 0);
	return 0;
}

int
h_sessions_end_others(struct req *r)
{
	struct audit_event	 ev;
	char			 n[24];
	long			 ended;
	enum db_err		 e;

	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = session_end_others(r->db, r->sess.person_id,
	    r->sess.token, &ended)) != DB_OK)
		return db_status(e);
	snprintf(n, sizeof(n), "%ld", ended);
	req_event(r, &ev, "session.end_others", "account",
	    r->sess.person_id_s, NULL, "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	log_info("sessions: person %s ended %ld other sessions",
	    r->sess.person_id_s, ended);
	return page_redirect(r, arena_printf(r->a,
	    "/gegevens?elders=%ld#sessies", ended));
}
