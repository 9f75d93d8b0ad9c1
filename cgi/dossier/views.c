/*
 * views.c - a family member's own view of a document ("eigen visie",
 * DESIGN.md section 3): POST /documenten/{id}/visie (field `body`), and
 * the part of the document page that shows the views.
 *
 * Who may add one: whoever may say whether they agree (lib/policy,
 * POL_CONSENT: a family member who may read the document). Who reads
 * them: everybody who may read the document, also an organisation it is
 * shared with, because a view goes wherever the document goes; not a
 * member the writer is shielded from (policy_actor_shown). Nobody
 * changes or removes one (the database role may only add and read).
 */
#include <string.h>

#include "dossier/dossier.h"
#include "core/portal.h"

/* The members' own views of document $1 ("eigen visie"), oldest first. */
const struct stmt_def ST_VIEW_LIST[1] = {{ "view_list",
	"SELECT p.given_name || ' ' || p.family_name, v.body, "
	"       extract(epoch FROM v.created_at)::bigint, "
	/* written at the counter: the clerk who helped (else '') */
	"       coalesce((SELECT h.given_name || ' ' || h.family_name "
	"         FROM person h WHERE h.id = v.helped_by), '') "
	"       , v.author_id "
	"  FROM document_view v JOIN person p ON p.id = v.author_id "
	" WHERE v.document_id = $1 ORDER BY v.created_at, v.id LIMIT 200",
	1, 5 }};
enum { V_AUTHOR, V_BODY, V_AT, V_HELPED_BY, V_AUTHOR_ID };

/* $1 document, $2 author, $3 text, $4 form nonce, $5 the clerk who
 * helped at the counter (NULL: none). No row back: this form was sent
 * before (see doc_insert_once). */
static const struct stmt_def ST_VIEW_INSERT[1] = {{ "view_insert",
	"INSERT INTO document_view (document_id, author_id, body, form_nonce, "
	"  helped_by) VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING id", 5, 1 }};

static const struct stmt_def ST_VIEW_SAME[1] = {{ "view_same",
	"SELECT EXISTS (SELECT 1 FROM document_view WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND document_id = $4)", 4, 1 }};

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
	ST_VIEW_INSERT,
	ST_VIEW_SAME,
	ST_OUTBOX_MAIL_ASSIGNED,
};
const struct stmt_table views_stmts = {
	"dossier/views.c", stmts, NELEM(stmts)
};

#define VIEW_MAX	2000	/* characters */

enum { F_BODY, F_NONCE, F__MAX };

static const struct form_spec view_form[F__MAX] = {
	[F_BODY] = { .name = "view_body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = VIEW_MAX,
	    .msg_missing = N_("Schrijf uw visie in het vak."),
	    .msg_too_long = N_("Uw visie is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

static int
fill(const struct doc *d, struct tctx *c, const struct doc_form *form,
    const struct doc_reads *reads)
{
	const PGresult	*views = reads->views;
	char		 nonce[FORM_NONCE_LEN + 1];
	struct tctx	*it;
	int		 i, n = views != NULL ? db_rows(views) : 0, can, shown;

	can = policy_decide(&d->f.actor, &d->f.doc, POL_CONSENT).allow;
	tctx_bool(c, "can_add_view", can);
	tctx_bool(c, "view_saved", form->saved == &doc_part_views);
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
		tctx_str(it, "author", db_val(views, i, V_AUTHOR));
		tctx_str(it, "helped_by", db_val(views, i, V_HELPED_BY));
		tctx_str(it, "text", db_val(views, i, V_BODY));
		tctx_date(it, "date", db_val(views, i, V_AT));
	}
	tctx_bool(c, "views_section", shown > 0 || can);
	tctx_str(c, "view_body", form->view_body != NULL ? form->view_body :
	    "");
	tctx_str(c, "view_body_error", i18n_gettext(form_error_for(form->errs,
	    form->nerr, "view_body")));
	form_nonce_new(nonce);
	tctx_str(c, "view_nonce", nonce);
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

/* Stores the view, its audit row and the mail in one transaction, once
 * per form (a double click stores one). 0 or an HTTP status. */
static int
store(struct req *r, const struct doc *d, const char *body,
    const char *nonce)
{
	const char		*params[5], *same[4];
	enum db_err		 e;
	int			 n;

	params[0] = d->id;
	params[1] = r->sess.person_id_s;
	params[2] = body;
	params[3] = nonce;
	params[4] = req_helped_by(r);
	same[0] = r->sess.person_id_s;
	same[1] = nonce;
	same[2] = body;
	same[3] = d->id;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	n = req_insert_once(r, ST_VIEW_INSERT, params, 3, ST_VIEW_SAME, same,
	    1);
	if (n < 0)
		return -n;
	/* The event goes to the organisations working with the family; one
	 * the document is shared with reads the view on the page (a share
	 * that ended or waits must not hear of it). */
	if (n == 1 && ((e = doc_added(r, d, "view.create", "view.created",
	    0)) != DB_OK || (e = mail_professionals(r, d)) != DB_OK))
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

/* POST /documenten/{id}/visie (see struct doc_part). */
static int
post(struct req *r, const struct doc *d, struct doc_form *form)
{
	const char		*v[F__MAX], *nonce;

	if (form_read(&r->rq->form, view_form, F__MAX, v, form->errs,
	    &form->nerr) == -1)
		return 400;
	form->view_body = req_unix_lines(r, v[F_BODY]);
	if (form->nerr > 0) {
		r->rs->status = 400;
		return DOC_SHOW_AGAIN;
	}
	if ((nonce = req_form_nonce(r)) == NULL)
		return 500;
	return store(r, d, form->view_body, nonce);
}

/* Anyone who may say whether they agree may add their own view. */
const struct doc_part doc_part_views = {
	"visie", POL_CONSENT, "view.create", "visie",
	"partials/doc-visie", post, fill
};
