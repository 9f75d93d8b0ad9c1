/*
 * audit.c - append one audit row (see audit.h).
 */
#include "audit.h"

void
audit_params(const struct audit_event *ev, const char *params[AUDIT_NPARAMS])
{
	params[0] = ev->actor_id;
	params[1] = ev->actor_role != NULL ? ev->actor_role : "anonymous";
	params[2] = ev->on_behalf_of;
	params[3] = ev->action;
	params[4] = ev->object_kind;
	params[5] = ev->object_id;
	params[6] = ev->family_id;
	params[7] = ev->remote_addr;
	params[8] = ev->outcome;
	params[9] = ev->request_id;
}

enum db_err
audit_write(struct db *db, const struct audit_event *ev)
{
	const char	*params[AUDIT_NPARAMS];

	audit_params(ev, params);
	return db_exec(db, ST_AUDIT_INSERT, params, NULL);
}
