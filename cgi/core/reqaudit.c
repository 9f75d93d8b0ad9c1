/*
 * reqaudit.c - the audit row of a request: who (the logged-in person and
 * their role), on whose behalf, from where (the address; the assisted
 * session at the counter), which request, did what with which object,
 * with what outcome (and, for a refusal, the HTTP status), and by which
 * rule (r->rule: lib/policy's or the dispatcher's). Every handler writes
 * its rows through these (lib/audit writes). In an assisted session
 * (lib/session: struct session_assist) the row names who really acted,
 * the clerk, and on whose behalf: the citizen. NEN 7513: issue 17 part 2,
 * sql/036_audit_nen7513.sql, README "Audit log".
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "core/portal.h"

/* A failed or held-back log-in ($1 action, $2 outcome, $3 status, $4
 * rule, $5 address, $6 request id): the account of the typed name $7
 * (normalised; NULL when it could not be) as its person id, else the
 * keyed hash $8. Actor: nobody logged in. */
static const struct stmt_def ST_LOGIN_AUDIT[1] = {{ "login_audit",
	"INSERT INTO audit_log (actor_id, actor_role, action, object_kind, "
	"    object_id, remote_addr, outcome, request_id, http_status, rule) "
	"SELECT NULL, 'anonymous', $1, 'account', coalesce((SELECT "
	"    a.person_id::text FROM account a WHERE a.username = $7), $8), "
	"  $5, $2, $6, $3::smallint, $4", 8, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_LOGIN_AUDIT,
};
const struct stmt_table reqaudit_stmts = {
	"core/reqaudit.c", stmts, NELEM(stmts)
};

void
req_event(struct req *r, struct audit_event *ev, const char *action,
    const char *kind, const char *object_id, const char *family_id,
    const char *outcome)
{
	memset(ev, 0, sizeof(*ev));
	ev->actor_id = r->sess.person_id_s;
	ev->actor_role = r->sess.kind;
	if (r->sess.valid && r->sess.assisted_by.live) {
		ev->actor_id = r->sess.assisted_by.clerk_id_s;
		ev->actor_role = "clerk";
		ev->on_behalf_of = r->sess.assisted_by.citizen_id_s;
		ev->assist_id = r->sess.assisted_by.id;
	}
	ev->action = action;
	ev->object_kind = kind;
	ev->object_id = object_id;
	ev->family_id = family_id;
	ev->remote_addr = req_addr(r);
	ev->outcome = outcome;
	ev->request_id = r->rq->request_id;
	ev->rule = r->rule;
	ev->for_children = r->for_children;
	/* a refusal row with its status is the request's refusal row; one
	 * without (a handler that did not say) gets the dispatcher's too */
	if (outcome != NULL && strcmp(outcome, "allowed") != 0 &&
	    (ev->http_status = r->audit_status) != 0)
		r->refusal_logged = 1;
}

enum db_err
req_audit(struct req *r, const char *action, const char *kind,
    const char *object_id, const char *family_id, const char *outcome)
{
	struct audit_event	 ev;

	req_event(r, &ev, action, kind, object_id, family_id, outcome);
	return audit_write(r->db, &ev);
}

enum db_err
req_refused(struct req *r, int status, const char *action, const char *kind,
    const char *object_id, const char *rule)
{
	struct audit_event	 ev;

	req_event(r, &ev, action, kind, object_id, NULL, "denied");
	ev.http_status = status;
	r->refusal_logged = 1;
	if (rule != NULL)
		ev.rule = rule;
	return audit_write(r->db, &ev);
}

enum db_err
req_login_refused(struct req *r, const char *username, const char *action,
    const char *outcome, int status, const char *rule)
{
	char		 user[AUTH_MAX_USERNAME + 1], key[AUDIT_NAME_LEN + 1];
	char		 st[8];
	const char	*p[8];
	int		 known;

	/* the name as lib/auth looks it up; one that cannot be an account
	 * is hashed as typed */
	known = auth_normalise_username(username, user, sizeof(user)) == 0;
	(void)audit_name_key(r->app->secret, r->app->secretlen,
	    known ? user : username, key);
	(void)snprintf(st, sizeof(st), "%d", status);
	p[0] = action;
	p[1] = outcome;
	p[2] = st;
	p[3] = rule;
	p[4] = req_addr(r);
	p[5] = r->rq->request_id;
	p[6] = known ? user : NULL;
	p[7] = key;
	r->refusal_logged = 1;
	return db_exec(r->db, ST_LOGIN_AUDIT, p, NULL);
}

int
req_auth_record(struct req *r, const char *user, int ok)
{
	switch (auth_record(r->db, user, req_addr(r), ok)) {
	case AUTH_OK:
	case AUTH_BAD:
		return 0;
	case AUTH_UNAVAILABLE:
		return 503;
	default:
		return 500;
	}
}
