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

#include <stddef.h>

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
	/* NEN 7513 (sql/036): the HTTP status of a refusal or a failed
	 * log-in (0: not known when the row is written, NULL in the row);
	 * the short stable name of the rule that decided (lib/policy's
	 * pol_decision.rule, or the dispatcher's: "route.role", ...; NULL:
	 * none); the assisted session at the counter (its public id). */
	int		 http_status;
	const char	*rule;
	const char	*assist_id;
	/* on whose behalf, also: the children under 12 a parent acts for
	 * (sql/054, lib/policy: policy_acting_for), as a PostgreSQL array
	 * "{105,106}"; NULL: none */
	const char	*for_children;
	char		 status_s[8];	/* http_status as text (audit_params) */
};

enum db_err	audit_write(struct db *, struct audit_event *);
/* The fourteen parameters of an audit row, in the order of
 * ST_AUDIT_INSERT, for statements that write the row together with
 * something else. Writes ev->status_s. */
#define AUDIT_NPARAMS	14
void		audit_params(struct audit_event *,
		    const char *params[AUDIT_NPARAMS]);

/*
 * A name typed at the log-in that is no account, as the audit row keeps
 * it: "n:" and 32 hex characters of HMAC-SHA-256(key, domain || name), so
 * the row never holds what was typed (often a password typed in the wrong
 * field), while the same name from one key gives the same value (a
 * series of guesses stays visible). out: AUDIT_NAME_LEN + 1 bytes. 0, or
 * -1 (no key: out is "n:?").
 */
#define AUDIT_NAME_LEN	34
int		audit_name_key(const unsigned char *key, size_t keylen,
		    const char *name, char out[AUDIT_NAME_LEN + 1]);

#endif
