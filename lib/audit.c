/*
 * audit.c - append one audit row (see audit.h).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "util.h"

void
audit_params(struct audit_event *ev, const char *params[AUDIT_NPARAMS])
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
	params[10] = NULL;
	if (ev->http_status >= 100 && ev->http_status <= 599) {
		(void)snprintf(ev->status_s, sizeof(ev->status_s), "%d",
		    ev->http_status);
		params[10] = ev->status_s;
	}
	params[11] = ev->rule != NULL && ev->rule[0] != '\0' ? ev->rule : NULL;
	params[12] = ev->assist_id;
	params[13] = ev->for_children != NULL && ev->for_children[0] != '\0' ?
	    ev->for_children : NULL;
}

enum db_err
audit_write(struct db *db, struct audit_event *ev)
{
	const char	*params[AUDIT_NPARAMS];

	audit_params(ev, params);
	return db_exec(db, ST_AUDIT_INSERT, params, NULL);
}

int
audit_name_key(const unsigned char *key, size_t keylen, const char *name,
    char out[AUDIT_NAME_LEN + 1])
{
	static const char	 domain[] = "gezinsportaal audit user name";
	unsigned char		 mac[32], data[sizeof(domain) + 256];
	size_t			 n;

	(void)snprintf(out, AUDIT_NAME_LEN + 1, "n:?");
	if (key == NULL || keylen == 0 || name == NULL ||
	    (n = strlen(name)) > 256)
		return -1;
	/* the domain with its NUL, then the name: no other HMAC of this
	 * key (the CSRF tokens) takes this input */
	memcpy(data, domain, sizeof(domain));
	memcpy(data + sizeof(domain), name, n);
	if (util_hmac_sha256(key, keylen, data, sizeof(domain) + n, mac) == -1)
		return -1;
	out[0] = 'n';
	out[1] = ':';
	util_hex(mac, 16, out + 2);
	out[AUDIT_NAME_LEN] = '\0';
	return 0;
}
