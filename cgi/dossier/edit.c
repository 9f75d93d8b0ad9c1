/*
 * edit.c - a new version of a document: GET and POST
 * /documenten/{id}/wijzigen, for a professional assigned to the family
 * (lib/policy, POL_ADD_DOCUMENT: whoever may add documents to the family
 * may write a new version of one).
 *
 * The old title and text stay in document_version; everybody is asked
 * again whether they agree (consent is per version); comments stay. Two
 * professionals saving at the same moment: the second is told the document
 * changed meanwhile (the form carries the version it started from).
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* A new version of document $1: $2 title, $3 body, by $5, replacing
 * version $4 (no row back when somebody else made a newer one first).
 * The old version is kept in document_version, in the same statement. */
static const struct stmt_def ST_DOC_NEW_VERSION[1] = {{ "doc_new_version",
	"WITH old AS (INSERT INTO document_version (document_id, version, "
	"    title, body, written_at, replaced_by) "
	"  SELECT id, version, title, body, coalesce(updated_at, created_at), $5 "
	"    FROM document WHERE id = $1 AND version = $4 RETURNING 1) "
	"UPDATE document SET title = $2, body = $3, version = version + 1, "
	"       updated_at = now() "
	" WHERE id = $1 AND version = $4 AND EXISTS (SELECT 1 FROM old) "
	"RETURNING version", 5, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_DOC_NEW_VERSION,
};
const struct stmt_table edit_stmts = {
	"dossier/edit.c", stmts, NELEM(stmts)
};

enum { F_TITLE, F_BODY, F_VERSION, F__MAX };

static const struct form_spec edit_form[F__MAX] = {
	[F_TITLE] = { .name = "title", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 200, .msg_missing = N_("Vul een titel in."),
	    .msg_too_long = N_("De titel is te lang. U kunt 200 tekens "
	    "gebruiken.") },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 10000,
	    .msg_missing = N_("Vul de tekst van het stuk in."),
	    .msg_too_long = N_("De tekst is te lang. U kunt 10000 tekens "
	    "gebruiken.") },
	/* hidden: a number, its range checked in h_document_update */
	[F_VERSION] = { .name = "version", .kind = FORM_ID, .required = 1,
	    .max_chars = 9 },
};

static int
show_form(struct req *r, const struct doc *d, const char *title,
    const char *body, const char *version, const struct form_error *errs,
    size_t nerr, int changed, const char *checked)
{
	struct tctx	*c = page_ctx(r);

	tctx_str(c, "id", d->public_id);
	tctx_nl(c, "doc_title", db_val(d->res, d->row, C_TITLE));
	tctx_str(c, "form_title", title);
	tctx_str(c, "form_body", body);
	tctx_str(c, "version", version);
	tctx_bool(c, "changed", changed);
	tctx_str(c, "title_error",
	    i18n_gettext(form_error_for(errs, nerr, "title")));
	tctx_str(c, "body_error",
	    i18n_gettext(form_error_for(errs, nerr, "body")));
	page_form_errors(r, c, errs, nerr);
	if (page_b1(r, c, checked) != 0)
		return 500;
	return page_render(r, "document-edit", N_("Nieuwe versie van een stuk"),
	    c);
}

int
h_edit_form(struct req *r)
{
	struct doc	 d;
	int		 st;
	enum db_err	 e;

	st = doc_open(r, route_param(&r->params, "id"), POL_ADD_DOCUMENT,
	    "document.update", &d);
	if (st != 0)
		return st;
	/* The form shows the whole text: a read of the document, on the
	 * family's /inzage like any other. */
	if ((e = audit_doc(r, "document.read", d.public_id, d.family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	return show_form(r, &d, db_val(d.res, 0, C_TITLE),
	    db_val(d.res, 0, C_BODY), d.version, NULL, 0, 0, NULL);
}

int
h_edit(struct req *r)
{
	const char		*v[F__MAX], *p[5], *title, *body;
	struct form_error	 errs[F__MAX];
	struct audit_event	 ev;
	struct doc		 d;
	PGresult		*res;
	enum db_err		 e;
	size_t			 nerr = 0;
	long			 version;
	int			 st;

	st = doc_open(r, route_param(&r->params, "id"), POL_ADD_DOCUMENT,
	    "document.update", &d);
	if (st != 0)
		return st;
	if (form_read(&r->rq->form, edit_form, F__MAX, v, errs, &nerr) == -1 ||
	    util_parse_long(v[F_VERSION], 1, 100000000L, &version) == -1)
		return 400;		/* the form's own hidden field */
	title = req_unix_lines(r, v[F_TITLE]);
	body = req_unix_lines(r, v[F_BODY]);
	/* "Controleren": the B1 check, the form again as typed; nothing
	 * stored. */
	if (req_b1_asked(r))
		return show_form(r, &d, title, body, v[F_VERSION], NULL, 0,
		    0, body);
	if (nerr > 0) {
		r->rs->status = 400;
		return show_form(r, &d, title, body, v[F_VERSION], errs, nerr,
		    0, NULL);
	}
	p[0] = d.id;
	p[1] = title;
	p[2] = body;
	p[3] = v[F_VERSION];
	p[4] = r->sess.person_id_s;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	e = db_exec(r->db, ST_DOC_NEW_VERSION, p, &res);
	if (e == DB_UNIQUE || (e == DB_OK && db_rows(res) != 1)) {
		/* Somebody saved a newer version first: show theirs, keep
		 * what this person typed, and say so. */
		db_rollback(r->db);
		r->rs->status = 409;
		return show_form(r, &d, title, body, d.version, NULL, 0, 1,
		    NULL);
	}
	if (e != DB_OK)
		return db_status(e);
	doc_event(r, &ev, "document.update", d.public_id, d.family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/documenten/%s?gewijzigd=1", d.public_id));
}
