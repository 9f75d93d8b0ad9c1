/*
 * login.c - the session at the end of a whole log-in: the password for
 * citizens (auth.c), the password and the one-time code for staff
 * (code.c).
 *
 * The new session always gets a new id (no fixation); an old session of
 * this browser ends in the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "useragent.h"
#include "core/draft.h"
#include "core/portal.h"

int
login_session(struct req *r, long person_id, const char *kind,
    const char *to)
{
	char		 token[SESSION_TOKEN_LEN + 1], pid[24];
	char		 device[USERAGENT_KEY_MAX + 1];
	long		 idle;
	struct audit_event ev;
	enum db_err	 e;

	idle = strcmp(kind, "clerk") == 0 ? r->app->cfg.session_idle_clerk :
	    r->app->cfg.session_idle_citizen;
	snprintf(pid, sizeof(pid), "%ld", person_id);
	useragent_key(r->rq->user_agent, device, sizeof(device));
	memset(&ev, 0, sizeof(ev));
	ev.actor_id = pid;
	ev.actor_role = kind;
	ev.action = "login";
	ev.object_kind = "account";
	ev.object_id = pid;
	ev.remote_addr = req_addr(r);
	ev.outcome = "allowed";
	ev.request_id = r->rq->request_id;

	/* Someone logged in who logs in again: the old session ends, in the
	 * same transaction as the new one begins (the caller's, if open). */
	if ((!db_in_tx(r->db) && (e = db_begin(r->db)) != DB_OK) ||
	    (r->sess.valid &&
	    (e = session_destroy(r->db, r->sess.token)) != DB_OK) ||
	    (e = db_exec(r->db, ST_SESSION_PURGE, NULL, NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_LOGIN_ATTEMPT_PURGE, NULL, NULL)) != DB_OK ||
	    (e = draft_purge(r)) != DB_OK ||
	    (e = session_create(r->db, person_id, idle, req_addr(r), device,
	    token)) != DB_OK || (e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	page_cookie(r, session_cookie_name(r->app->cfg.secure_cookies), token,
	    -1);
	return page_redirect(r, to != NULL ? to : "/");
}
