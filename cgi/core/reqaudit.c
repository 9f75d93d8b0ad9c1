/*
 * reqaudit.c - the audit row of a request: who (the logged-in person and
 * their role), from where, which request, did what with which object.
 * Every handler writes its rows through these two (lib/audit writes).
 * In an assisted session (lib/session: struct session_assist) the row
 * names who really acted, the clerk, and on whose behalf: the citizen.
 */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "core/portal.h"

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
	}
	ev->action = action;
	ev->object_kind = kind;
	ev->object_id = object_id;
	ev->family_id = family_id;
	ev->remote_addr = req_addr(r);
	ev->outcome = outcome;
	ev->request_id = r->rq->request_id;
}

enum db_err
req_audit(struct req *r, const char *action, const char *kind,
    const char *object_id, const char *family_id, const char *outcome)
{
	struct audit_event	 ev;

	req_event(r, &ev, action, kind, object_id, family_id, outcome);
	return audit_write(r->db, &ev);
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
