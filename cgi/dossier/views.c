/*
 * views.c - a family member's own view of a document ("eigen visie",
 * DESIGN.md section 3): POST /documenten/{id}/visie, and the part of the
 * document page that shows the views.
 *
 * Who may add one: whoever may say whether they agree (lib/policy,
 * POL_CONSENT: a family member who may read the document); on the page
 * it is the tick "Zet dit als uw eigen visie bij het stuk" of the consent
 * form (consent.c, view_add), and POST .../visie with `view_body` still
 * adds one. Who reads them: everybody who may read the document, also an
 * organisation it is shared with, because a view goes wherever the
 * document goes; not to a member the writer is shielded from
 * (policy_actor_shown).
 *
 * Its writer changes it (`view` = its id, `view_body` the new text: a new
 * row that replaces it) or withdraws it (`view`, `withdraw` = "ja"); who
 * may is lib/policy's (policy_view_editable: the writer, or the clerk in
 * their session). Nothing is deleted or overwritten (sql/034: the old row
 * is only marked): the old texts stay for the writer (page and export),
 * the assigned professionals (policy_view_history_visible) and the audit
 * log (view.change, view.withdraw); everybody else reads the current
 * text, or nothing after a withdrawal. A view that is not the actor's, or
 * not on this document, answers 404.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "core/portal.h"

/* The members' current own views of document $1 ("eigen visie": not
 * changed since, not withdrawn), oldest first. */
const struct stmt_def ST_VIEW_LIST[1] = {{ "view_list",
	"SELECT p.given_name || ' ' || p.family_name, v.body, "
	"       extract(epoch FROM v.created_at)::bigint, "
	/* written at the counter: the clerk who helped (else '') */
	"       coalesce((SELECT h.given_name || ' ' || h.family_name "
	"         FROM person h WHERE h.id = v.helped_by), ''), "
	"       v.author_id, v.public_id "
	"  FROM document_view v JOIN person p ON p.id = v.author_id "
	" WHERE v.document_id = $1 AND v.superseded_at IS NULL "
	"   AND v.withdrawn_at IS NULL "
	" ORDER BY v.created_at, v.id LIMIT 200",
	1, 6 }};
enum { V_AUTHOR, V_BODY, V_AT, V_HELPED_BY, V_AUTHOR_ID, V_PUBLIC_ID };

/* The earlier texts of the own views of document $1: changed (ended:
 * when) or withdrawn (withdrawn true; helped: the clerk who helped
 * withdraw it), oldest first. */
const struct stmt_def ST_VIEW_HISTORY[1] = {{ "view_history",
	"SELECT p.given_name || ' ' || p.family_name, v.author_id, v.body, "
	"       extract(epoch FROM v.created_at)::bigint, "
	"       extract(epoch FROM coalesce(v.superseded_at, "
	"         v.withdrawn_at))::bigint, v.withdrawn_at IS NOT NULL, "
	"       coalesce((SELECT h.given_name || ' ' || h.family_name "
	"         FROM person h WHERE h.id = v.withdrawn_helped_by), '') "
	"  FROM document_view v JOIN person p ON p.id = v.author_id "
	" WHERE v.document_id = $1 AND (v.superseded_at IS NOT NULL "
	"    OR v.withdrawn_at IS NOT NULL) "
	" ORDER BY v.created_at, v.id LIMIT 200", 1, 7 }};
enum { VH_AUTHOR, VH_AUTHOR_ID, VH_BODY, VH_AT, VH_ENDED, VH_WITHDRAWN,
    VH_HELPED_BY };

/* $1 document, $2 author, $3 text, $4 form nonce, $5 the clerk who
 * helped at the counter (NULL: none), $6 the view it replaces (NULL: a
 * new one). No row back: this form was sent before (see
 * req_insert_once). */
static const struct stmt_def ST_VIEW_INSERT[1] = {{ "view_insert",
	"INSERT INTO document_view (document_id, author_id, body, form_nonce, "
	"  helped_by, replaces) VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING id", 6, 1 }};

static const struct stmt_def ST_VIEW_SAME[1] = {{ "view_same",
	"SELECT EXISTS (SELECT 1 FROM document_view WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND document_id = $4)", 4, 1 }};

/* View $1 (public id) of document $2, locked until the transaction ends:
 * its id, writer, and whether it is current or withdrawn. */
static const struct stmt_def ST_VIEW_LOCK[1] = {{ "view_lock",
	"SELECT id, author_id, superseded_at IS NULL AND withdrawn_at IS NULL, "
	"       withdrawn_at IS NOT NULL "
	"  FROM document_view WHERE public_id = $1 AND document_id = $2 "
	"   FOR UPDATE", 2, 4 }};
enum { L_ID, L_AUTHOR, L_CURRENT, L_WITHDRAWN };

/* View $1 (id) has a new text: marked, never changed. */
static const struct stmt_def ST_VIEW_SUPERSEDE[1] = {{ "view_supersede",
	"UPDATE document_view SET superseded_at = now() WHERE id = $1 "
	"   AND superseded_at IS NULL AND withdrawn_at IS NULL", 1, 0 }};

/* View $1 (id) withdrawn by its writer ($2: the clerk who helped, or
 * NULL): marked, never deleted. */
static const struct stmt_def ST_VIEW_WITHDRAW[1] = {{ "view_withdraw",
	"UPDATE document_view SET withdrawn_at = now(), "
	"       withdrawn_helped_by = $2 WHERE id = $1 "
	"   AND superseded_at IS NULL AND withdrawn_at IS NULL", 2, 0 }};

/* A mail ($2 subject, $3 body) to every professional assigned to family
 * $1 now. Written in the caller's transaction; lib/outbox sends it. */
static const struct stmt_def ST_OUTBOX_MAIL_ASSIGNED[1] = {{
	"outbox_mail_assigned",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT DISTINCT 'mail', pr.email, $2, $3 "
	"  FROM assignment_now a JOIN professional pr "
	"    ON pr.person_id = a.professional_id "
	" WHERE a.family_id = $1 "
	"   AND pr.email IS NOT NULL", 3, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_VIEW_LIST,
	ST_VIEW_HISTORY,
	ST_VIEW_INSERT,
	ST_VIEW_SAME,
	ST_VIEW_LOCK,
	ST_VIEW_SUPERSEDE,
	ST_VIEW_WITHDRAW,
	ST_OUTBOX_MAIL_ASSIGNED,
};
const struct stmt_table views_stmts = {
	"dossier/views.c", stmts, NELEM(stmts)
};

#define VIEW_MAX	2000	/* characters */

enum { F_BODY, F_VIEW, F_WITHDRAW, F_NONCE, F__MAX };

/* view_body is needed to add or change one; checked in post(). */
static const struct form_spec view_form[F__MAX] = {
	[F_BODY] = { .name = "view_body", .kind = FORM_TEXT,
	    .max_chars = VIEW_MAX,
	    .msg_too_long = N_("Uw visie is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	/* the view changed or withdrawn (its public id) */
	[F_VIEW] = { .name = "view", .kind = FORM_ID, .max_chars = 64 },
	[F_WITHDRAW] = { .name = "withdraw", .kind = FORM_FLAG,
	    .max_chars = 8 },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

/* A query value equal to s ("" and NULL never match). */
static int
same_id(const char *q, const char *s)
{
	return q != NULL && q[0] != '\0' && strcmp(q, s) == 0;
}

/* The earlier texts the reader may see (policy_view_history_visible):
 * the writer their own, an assigned professional everyone's. */
static int
fill_history(const struct doc *d, struct tctx *c, const PGresult *res,
    int *n)
{
	struct tctx	*it;
	int		 i;

	*n = 0;
	tctx_list(c, "view_history");
	for (i = 0; res != NULL && i < db_rows(res); i++) {
		if (!policy_view_history_visible(&d->f.actor,
		    db_long(res, i, VH_AUTHOR_ID)))
			continue;
		if ((it = tctx_list_add(c, "view_history")) == NULL)
			return 500;
		tctx_nl(it, "author", db_val(res, i, VH_AUTHOR));
		tctx_nl(it, "text", db_val(res, i, VH_BODY));
		tctx_date(it, "date", db_val(res, i, VH_AT));
		tctx_date(it, "ended", db_val(res, i, VH_ENDED));
		tctx_bool(it, "withdrawn", db_bool(res, i, VH_WITHDRAWN));
		tctx_nl(it, "helped_by", db_val(res, i, VH_HELPED_BY));
		(*n)++;
	}
	tctx_bool(c, "has_view_history", *n > 0);
	return 0;
}

static int
fill(const struct doc *d, struct tctx *c, const struct doc_form *form,
    const struct doc_reads *reads)
{
	const PGresult	*views = reads->views;
	const char	*pid;
	char		 nonce[FORM_NONCE_LEN + 1];
	struct tctx	*it;
	int		 i, n = views != NULL ? db_rows(views) : 0, can, st, shown;
	int		 mine, editing = 0, old;

	can = policy_decide(&d->f.actor, &d->f.doc, POL_CONSENT).allow;
	form_nonce_new(nonce);
	tctx_str(c, "view_nonce", nonce);
	tctx_str(c, "view_body_error", i18n_gettext(form_error_for(form->errs,
	    form->nerr, "view_body")));
	tctx_bool(c, "can_add_view", can);
	tctx_bool(c, "view_saved", form->saved == &doc_part_views);
	tctx_bool(c, "view_changed", form->view_changed);
	tctx_bool(c, "view_withdrawn", form->view_withdrawn);
	tctx_bool(c, "view_gone", form->view_gone);
	tctx_list(c, "views");
	for (i = 0, shown = 0; i < n; i++) {
		/* The view of a member shielded from the reader: left out
		 * (lib/policy, policy_actor_shown). */
		if (!req_actor_shown(reads->shields, db_long(views, i,
		    V_AUTHOR_ID)))
			continue;
		shown++;
		if ((it = tctx_list_add(c, "views")) == NULL)
			return 500;
		tctx_nl(it, "author", db_val(views, i, V_AUTHOR));
		tctx_nl(it, "helped_by", db_val(views, i, V_HELPED_BY));
		tctx_nl(it, "text", db_val(views, i, V_BODY));
		tctx_date(it, "date", db_val(views, i, V_AT));
		/* Its writer changes or withdraws it (lib/policy). */
		pid = db_val(views, i, V_PUBLIC_ID);
		mine = policy_view_editable(&d->f.actor, &d->f.doc,
		    db_long(views, i, V_AUTHOR_ID));
		tctx_bool(it, "mine", mine);
		tctx_str(it, "view_id", pid);
		tctx_strf(it, "anchor", "visie-%d", i + 1);
		tctx_bool(it, "editing", mine && same_id(form->view_edit, pid));
		tctx_bool(it, "withdrawing", mine && !same_id(form->view_edit,
		    pid) && same_id(form->view_withdraw, pid));
		tctx_str(it, "edit_body", form->view_body != NULL ?
		    form->view_body : db_val(views, i, V_BODY));
		editing |= mine && same_id(form->view_edit, pid);
	}
	if ((st = fill_history(d, c, reads->views_history, &old)) != 0)
		return st;
	/* The old route's form again, with its error (a new view). */
	tctx_bool(c, "view_add_again", can && !editing &&
	    form->view_body != NULL && form->view_edit == NULL);
	tctx_str(c, "view_body", form->view_body != NULL ? form->view_body :
	    "");
	tctx_bool(c, "views_section", shown > 0 || can || old > 0);
	return 0;
}

/* The assigned professionals hear that the family disagrees: that there
 * is a view and where, not what (in Dutch: staff mail). */
static enum db_err
mail_professionals(struct req *r, const struct doc *d)
{
	const char	*p[3];
	struct tctx	*v = tctx_new(r->a, NULL);

	p[0] = d->family_id;
	tctx_str(v, "document", d->public_id);
	return mail_queue(r, "eigen-visie", NULL, 0, v,
	    ST_OUTBOX_MAIL_ASSIGNED, p, 1);
}

/* Inserts a view once per form (replacing view `replaces`, or NULL), in
 * the caller's transaction. 1 stored, 0 stored before, -status. */
static int
insert(struct req *r, const struct doc *d, const char *body,
    const char *nonce, const char *replaces)
{
	const char	*params[6], *same[4];

	params[0] = d->id;
	params[1] = r->sess.person_id_s;
	params[2] = body;
	params[3] = nonce;
	params[4] = req_helped_by(r);
	params[5] = replaces;
	same[0] = r->sess.person_id_s;
	same[1] = nonce;
	same[2] = body;
	same[3] = d->id;
	return req_insert_once(r, ST_VIEW_INSERT, params, 3, ST_VIEW_SAME,
	    same, 1);
}

int
view_add(struct req *r, const struct doc *d, const char *body,
    const char *nonce)
{
	enum db_err	 e;
	int		 n;

	if ((n = insert(r, d, body, nonce, NULL)) < 0)
		return -n;
	/* The event goes to the organisations working with the family; one
	 * the document is shared with reads the view on the page (a share
	 * that ended or waits must not hear of it). */
	if (n == 1 && ((e = doc_added(r, d, "view.create", "view.created",
	    0)) != DB_OK || (e = mail_professionals(r, d)) != DB_OK))
		return db_status(e);
	return 0;
}

/* Stores a new view, its audit row and the mail in one transaction, once
 * per form (a double click stores one). 0 or an HTTP status. */
static int
store(struct req *r, const struct doc *d, const char *body,
    const char *nonce)
{
	enum db_err	 e;
	int		 st;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((st = view_add(r, d, body, nonce)) != 0)
		return st;
	return db_status_ok(db_commit(r->db));
}

/*
 * Changes (body not NULL) or withdraws view `view` of d, in one
 * transaction with its audit row (view.change / view.withdraw), the
 * webhook and, for a new text, the mail. The view is locked first: one
 * that is not on d, or that lib/policy does not let the actor change,
 * is 404; one changed or withdrawn meanwhile sets form->view_gone
 * (nothing stored), unless this very form did it (sent twice). 0 or an
 * HTTP status.
 */
static int
change(struct req *r, const struct doc *d, struct doc_form *form,
    const char *view, const char *body, const char *nonce)
{
	const char	*p[2], *same[4];
	PGresult	*res;
	enum db_err	 e;
	int		 n;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = view;
	p[1] = d->id;
	if ((e = db_exec(r->db, ST_VIEW_LOCK, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !policy_view_editable(&d->f.actor,
	    &d->f.doc, db_long(res, 0, L_AUTHOR))) {
		/* Not theirs, or not on d: as if it did not exist; the
		 * denial is logged. */
		db_rollback(r->db);
		return doc_refuse(r, body != NULL ? "view.change" :
		    "view.withdraw", d->public_id, d->family_id,
		    db_rows(res) != 1 ? "object.unknown" : "view.not_yours",
		    404);
	}
	p[0] = db_val(res, 0, L_ID);
	if (!db_bool(res, 0, L_CURRENT)) {
		db_rollback(r->db);
		/* Withdrawn twice: done. A change: done when this form's
		 * text is stored (sent twice). */
		if (body == NULL && db_bool(res, 0, L_WITHDRAWN))
			return 0;
		if (body != NULL) {
			same[0] = r->sess.person_id_s;
			same[1] = nonce;
			same[2] = body;
			same[3] = d->id;
			if ((e = db_exec(r->db, ST_VIEW_SAME, same, &res)) !=
			    DB_OK)
				return db_status(e);
			if (db_bool(res, 0, 0))
				return 0;
		}
		form->view_gone = 1;
		return 0;
	}
	if (body == NULL) {
		p[1] = req_helped_by(r);
		if ((e = db_exec(r->db, ST_VIEW_WITHDRAW, p, NULL)) != DB_OK ||
		    (e = doc_added(r, d, "view.withdraw", "view.withdrawn",
		    0)) != DB_OK)
			return db_status(e);
		return db_status_ok(db_commit(r->db));
	}
	if ((e = db_exec(r->db, ST_VIEW_SUPERSEDE, p, NULL)) != DB_OK)
		return db_status(e);
	if ((n = insert(r, d, body, nonce, p[0])) < 0)
		return -n;
	if ((e = doc_added(r, d, "view.change", "view.changed", 0)) !=
	    DB_OK || (e = mail_professionals(r, d)) != DB_OK)
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

/* POST /documenten/{id}/visie (see struct doc_part). */
static int
post(struct req *r, const struct doc *d, struct doc_form *form)
{
	const char	*v[F__MAX], *nonce;
	int		 withdraw, st;

	if (form_read(&r->rq->form, view_form, F__MAX, v, form->errs,
	    &form->nerr) == -1)
		return 400;
	withdraw = v[F_WITHDRAW][0] != '\0';
	if (withdraw && v[F_VIEW][0] == '\0')
		return 400;
	if (!withdraw) {
		form->view_body = req_unix_lines(r, v[F_BODY]);
		if (v[F_VIEW][0] != '\0')
			form->view_edit = v[F_VIEW];
		if (form->view_body[0] == '\0')
			form_add_error(form->errs, NELEM(form->errs),
			    &form->nerr, "view_body",
			    N_("Schrijf uw visie in het vak."));
	}
	if (form->nerr > 0) {
		r->rs->status = 400;
		return DOC_SHOW_AGAIN;
	}
	if ((nonce = req_form_nonce(r)) == NULL)
		return 500;
	if (v[F_VIEW][0] == '\0')
		return store(r, d, form->view_body, nonce);
	if ((st = change(r, d, form, v[F_VIEW], withdraw ? NULL :
	    form->view_body, nonce)) != 0)
		return st;
	if (form->view_gone) {
		/* Changed or withdrawn in another tab: the page as it is
		 * now, with a notice; nothing stored. */
		r->rs->status = 409;
		form->view_edit = NULL;
		form->view_body = NULL;
		return DOC_SHOW_AGAIN;
	}
	form->redirect = withdraw ? "visie-ingetrokken" : "visie-veranderd";
	return 0;
}

/* Anyone who may say whether they agree may add their own view. */
const struct doc_part doc_part_views = {
	"visie", POL_CONSENT, "view.create", "visie",
	"partials/doc-visie", post, fill
};
