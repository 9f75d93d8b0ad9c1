/*
 * audit.h - the audit log (NEN 7513): who did what with whose data, when,
 * from where, and with what outcome. One row per read or write of family
 * data, written through the caller's db connection, so inside the caller's
 * transaction: the row and the action it records commit or fail together.
 *
 * Owns: the row format. Never: updates or deletes (the table refuses it).
 */
#ifndef GP_AUDIT_H
#define GP_AUDIT_H

#include "db.h"

struct audit_event {
	const char	*actor_id;	/* person id, or NULL when anonymous */
	const char	*actor_role;	/* "citizen", "professional", "clerk", "anonymous" */
	const char	*on_behalf_of;	/* person id in an assisted session */
	const char	*action;	/* "login", "logout", "family.read", ... */
	const char	*object_kind;	/* "family", "document", "account", ... */
	const char	*object_id;
	const char	*family_id;
	const char	*remote_addr;
	const char	*outcome;	/* "allowed", "denied", "failed" */
	const char	*request_id;
};

enum db_err	audit_write(struct db *, const struct audit_event *);
/* The ten parameters of an audit row, in the order of ST_AUDIT_INSERT,
 * for statements that write the row together with something else. */
#define AUDIT_NPARAMS	10
void		audit_params(const struct audit_event *,
		    const char *params[AUDIT_NPARAMS]);

#endif
