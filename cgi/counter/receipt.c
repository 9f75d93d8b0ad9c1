/*
 * receipt.c - GET /balie/bon/{id}: what was done in one assisted session
 * (DESIGN.md section 9), a page to print on A4 and take home.
 *
 * Built from the audit log alone: the rows of the session's clerk on
 * behalf of its citizen between its start and its end (the start and the
 * stop are rows of their own, written with the same time as the session's
 * start and end), so it lists exactly what happened, and nothing of
 * another session. Only the session's clerk (until an hour after its
 * end) and its citizen (always) open it; anyone else gets 404, audited.
 * Reading it reads the audit log: every opening is a row itself
 * (counter.receipt.read, rule assist.clerk or assist.citizen; refused:
 * assist.not_yours, object.unknown).
 */
#include <string.h>

#include "core/portal.h"

/* Assisted session $1 (public id): who, when. */
static const struct stmt_def ST_RECEIPT[1] = {{ "receipt",
	"SELECT s.clerk_id, s.citizen_id, "
	"       extract(epoch FROM s.started_at)::bigint, "
	"       to_char(s.started_at AT TIME ZONE 'Europe/Amsterdam', "
	"         'HH24:MI'), "
	"       to_char(coalesce(s.stopped_at, s.ends_at) "
	"         AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI'), "
	"       coalesce(s.stopped_at, s.ends_at) > now() - interval '1 hour', "
	"       k.given_name || ' ' || k.family_name, coalesce(o.name, ''), "
	"       c.given_name || ' ' || c.family_name "
	"  FROM assist_session s JOIN person k ON k.id = s.clerk_id "
	"  JOIN person c ON c.id = s.citizen_id "
	"  LEFT JOIN professional pr ON pr.person_id = s.clerk_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE s.public_id = $1", 1, 9 }};
enum { R_CLERK, R_CITIZEN, R_START, R_FROM, R_TO, R_RECENT, R_CLERK_NAME,
	R_ORG, R_CITIZEN_NAME };

/* The audit rows of session $1, in order: the time, the action, the
 * title of the document it was about (or ""), the outcome. */
static const struct stmt_def ST_RECEIPT_ROWS[1] = {{ "receipt_rows",
	"SELECT to_char(l.at AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI'), "
	"       l.action, CASE WHEN l.outcome = 'allowed' "
	"         THEN coalesce(d.title, '') ELSE '' END, l.outcome "
	"  FROM assist_session s "
	"  JOIN audit_log l ON l.on_behalf_of = s.citizen_id "
	"   AND l.actor_id = s.clerk_id "
	"   AND l.at BETWEEN s.started_at AND coalesce(s.stopped_at, s.ends_at) "
	"  LEFT JOIN document d ON l.object_kind = 'document' "
	"   AND d.public_id = l.object_id "
	" WHERE s.public_id = $1 ORDER BY l.id LIMIT 1000", 1, 4 }};
enum { RR_AT, RR_ACTION, RR_TITLE, RR_OUTCOME };

static const struct stmt_def *const stmts[] = {
	ST_RECEIPT,
	ST_RECEIPT_ROWS,
};
const struct stmt_table receipt_stmts = {
	"counter/receipt.c", stmts, NELEM(stmts)
};

int
h_counter_receipt(struct req *r)
{
	const char	*params[1] = { route_param(&r->params, "id") };
	struct tctx	*c, *it;
	PGresult	*s, *rows;
	enum db_err	 e;
	int		 i, mine = 0;

	if (params[0] == NULL || strlen(params[0]) > 64)
		return 404;
	if ((e = db_exec(r->db, ST_RECEIPT, params, &s)) != DB_OK)
		return db_status(e);
	if (db_rows(s) == 1) {
		if (r->role == ROLE_CLERK)
			mine = db_long(s, 0, R_CLERK) == r->sess.person_id &&
			    db_bool(s, 0, R_RECENT);
		else if (r->role == ROLE_CITIZEN)
			mine = db_long(s, 0, R_CITIZEN) == r->sess.person_id;
	}
	if (!mine) {
		/* one row with its status and rule (not the dispatcher's
		 * second one) */
		r->rule = db_rows(s) == 1 ? "assist.not_yours" :
		    "object.unknown";
		r->audit_status = 404;
		if ((e = req_audit(r, "counter.receipt.read", "assist",
		    params[0], NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	/* the log's own readers are in the log, with the rule */
	r->rule = r->role == ROLE_CLERK ? "assist.clerk" : "assist.citizen";
	if ((e = db_exec(r->db, ST_RECEIPT_ROWS, params, &rows)) != DB_OK ||
	    (e = req_audit(r, "counter.receipt.read", "assist", params[0],
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	c = page_ctx(r);
	tctx_date(c, "date", db_val(s, 0, R_START));
	tctx_str(c, "from", db_val(s, 0, R_FROM));
	tctx_str(c, "to", db_val(s, 0, R_TO));
	tctx_nl(c, "clerk", db_val(s, 0, R_CLERK_NAME));
	tctx_nl(c, "counter", db_val(s, 0, R_ORG));
	tctx_nl(c, "citizen", db_val(s, 0, R_CITIZEN_NAME));
	tctx_bool(c, "for_clerk", r->role == ROLE_CLERK);
	tctx_list(c, "rows");
	for (i = 0; i < db_rows(rows); i++) {
		if ((it = tctx_list_add(c, "rows")) == NULL)
			return 500;
		tctx_str(it, "at", db_val(rows, i, RR_AT));
		tctx_str(it, "what", audit_action_words(db_val(rows, i,
		    RR_ACTION)));
		tctx_nl(it, "title", db_val(rows, i, RR_TITLE));
		tctx_bool(it, "denied", strcmp(db_val(rows, i, RR_OUTCOME),
		    "allowed") != 0);
	}
	return page_render(r, "balie-bon", N_("Bon: wat we aan de balie "
	    "deden"), c);
}
