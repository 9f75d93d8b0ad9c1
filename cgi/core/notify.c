/*
 * notify.c - limits on actions that mail or notify (issue 17, part 5).
 *
 * Every action that writes a mail, a letter or a webhook to the outbox
 * (a comment, a request, an appointment booked, moved or cancelled, an
 * own view, new contact details, a share that starts or waits, an
 * answer) takes a place: mail_queue() and reply_invite() (core/mail.c),
 * doc_webhook() (dossier/dossier.c, when an event was written) and the
 * share letters (sharing/share.c, when a letter was written) call
 * req_notify_take(), once per request. The places
 * are counted in PostgreSQL (sql/025_b_notify_limit.sql: notify_take), in
 * the action's transaction, so every worker agrees and parallel requests
 * cannot pass a limit together.
 *
 * The limits (table notify_limit, sql/025_b_notify_limit.sql), far above
 * what a family does on a real day (a busy family writes a few comments
 * a day; the first complaint was ten comments in a tenth of a second):
 *
 *	per person:	10 a minute,	200 a day (24 hours)
 *	per family:	30 a minute,	500 a day (everyone in the person's
 *					families together)
 *
 * Over a limit the handler's `return db_status(e)` answers 429 (DB_LIMIT),
 * the dispatcher rolls the whole action back (nothing half-stored), writes
 * the audit row (req_notify_refused) and shows the B1 page that says from
 * when it works again (core/render.c), with Retry-After.
 */

#include "core/portal.h"

/* Person $1 takes a place: no limit full (both NULL), or which and from
 * when (Unix time) there is room again. */
static const struct stmt_def ST_NOTIFY_TAKE[1] = {{ "notify_take",
	"SELECT which, extract(epoch FROM until)::bigint "
	"  FROM notify_take($1)", 1, 2 }};
enum { NT_WHICH, NT_UNTIL };

static const struct stmt_def *const stmts[] = {
	ST_NOTIFY_TAKE,
};
const struct stmt_table notify_stmts = {
	"core/notify.c", stmts, NELEM(stmts)
};

enum db_err
req_notify_take(struct req *r)
{
	const char	*p[1];
	PGresult	*res;
	enum db_err	 e;

	/* One place per action; a link that works by itself (a reply
	 * token, used once) has no person to count. */
	if (r->notify_taken || !r->sess.valid || r->sess.person_id_s == NULL ||
	    r->sess.person_id_s[0] == '\0')
		return DB_OK;
	p[0] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_NOTIFY_TAKE, p, &res)) != DB_OK)
		return e;
	if (db_rows(res) != 1)
		return DB_ERROR;
	if (db_isnull(res, 0, NT_WHICH)) {
		r->notify_taken = 1;
		return DB_OK;
	}
	r->limit_which = arena_strdup(r->a, db_val(res, 0, NT_WHICH));
	r->limit_until = (time_t)db_long(res, 0, NT_UNTIL);
	return DB_LIMIT;
}

void
req_notify_refused(struct req *r)
{
	/* After the rollback: in autocommit. A failure is only logged by
	 * lib/db; the person gets their 429 page all the same. */
	r->rule = "notify.limit";
	r->audit_status = 429;
	(void)req_audit(r, "notify.limit", "limit", r->limit_which != NULL ?
	    r->limit_which : "", NULL, "denied");
}
