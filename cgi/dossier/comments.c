/*
 * comments.c - the comment thread under a document: showing it, and
 * POST /documenten/{id}/reacties.
 *
 * Who sees a comment: whoever may read the document's comments (lib/policy,
 * POL_READ_COMMENTS), except a private one. A comment is private when a
 * youth of 16 or 17 writes it on a document about themself and does not
 * tick "my family may read this too": then only the youth and the
 * professionals assigned to the family see it (not parents, not an
 * organisation the document was shared with).
 *
 * A new comment, its audit row and the mail to the assigned professional
 * (a link only, no dossier text) are stored in one transaction.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* The same for a comment: $3 body, $4 document. */
static const struct stmt_def ST_COMMENT_SAME[1] = {{ "comment_same",
	"SELECT EXISTS (SELECT 1 FROM document_comment WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND document_id = $4)", 4, 1 }};

/* $1 document, $2 author, $3 body, $4 private, $5 form nonce. No row
 * back: this form was already sent (one comment for a double click). */
static const struct stmt_def ST_COMMENT_INSERT[1] = {{ "comment_insert",
	"INSERT INTO document_comment (document_id, author_id, body, private, "
	"  form_nonce) VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING public_id",
	5, 1 }};

/* The comments on document $1, oldest first. */
const struct stmt_def ST_COMMENT_LIST[1] = {{ "comment_list",
	"SELECT c.author_id, p.given_name || ' ' || p.family_name, "
	"       p.kind, coalesce(o.name, ''), c.body, c.private, "
	"       extract(epoch FROM c.created_at)::bigint, c.public_id, "
	/* an answer: who wrote the comment it answers (else 0) */
	"       coalesce((SELECT o.author_id FROM document_comment o "
	"         WHERE o.id = c.answer_to), 0) "
	"  FROM document_comment c "
	"  JOIN person p ON p.id = c.author_id "
	"  LEFT JOIN professional pr ON pr.person_id = c.author_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE c.document_id = $1 "
	" ORDER BY c.created_at, c.id LIMIT 500", 1, 9 }};
enum { K_AUTHOR_ID, K_AUTHOR, K_KIND, K_ORG, K_BODY, K_PRIVATE, K_AT,
    K_PUBLIC_ID, K_ANSWERS };

static const struct stmt_def *const stmts[] = {
	ST_COMMENT_SAME,
	ST_COMMENT_INSERT,
	ST_COMMENT_LIST,
};
const struct stmt_table comments_stmts = {
	"dossier/comments.c", stmts, NELEM(stmts)
};

#define COMMENT_MAX	2000	/* characters */

enum { F_BODY, F_FAMILY, F_NONCE, F__MAX };

static const struct form_spec comment_form[F__MAX] = {
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = COMMENT_MAX,
	    .msg_missing = N_("Schrijf uw reactie in het vak."),
	    .msg_too_long = N_("Uw reactie is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_FAMILY] = { .name = "visible_to_family", .kind = FORM_FLAG,
	    .max_chars = 8 },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

/* A youth of 16 or 17 on a document about themself chooses who reads
 * their comment. */
static int
youth_about_self(const struct doc *d)
{
	const struct pol_actor	*a = &d->f.actor;
	size_t			 i;

	if (a->kind != POL_CITIZEN || a->age < 16 || a->age >= 18)
		return 0;
	for (i = 0; i < d->f.doc.nsubjects; i++)
		if (d->f.subjects[i].person_id == a->person_id)
			return 1;
	return 0;
}

static int
fill(const struct doc *d, struct tctx *c, const struct doc_form *form,
    const struct doc_reads *reads)
{
	const struct pol_actor	*a = &d->f.actor;
	const PGresult		*res = reads->comments;
	char			 nonce[FORM_NONCE_LEN + 1];
	struct tctx		*it;
	int			 i, see, can, mine;

	see = policy_decide(a, &d->f.doc, POL_READ_COMMENTS).allow &&
	    res != NULL;
	can = policy_decide(a, &d->f.doc, POL_COMMENT).allow;
	tctx_bool(c, "comments_section", see || can);
	tctx_bool(c, "show_comments", see);
	tctx_list(c, "comments");
	if (see) {
		for (i = 0; i < db_rows(res); i++) {
			/* A professional's answer to a private comment is
			 * the commenter's as much as the comment is. */
			mine = db_long(res, i, K_AUTHOR_ID) == a->person_id ||
			    db_long(res, i, K_ANSWERS) == a->person_id;
			if (db_bool(res, i, K_PRIVATE) && !mine &&
			    !(a->kind == POL_PROFESSIONAL && a->assigned))
				continue;
			if ((it = tctx_list_add(c, "comments")) == NULL)
				return 500;
			tctx_str(it, "author", db_val(res, i, K_AUTHOR));
			tctx_str(it, "organisation", db_val(res, i, K_ORG));
			tctx_str(it, "text", db_val(res, i, K_BODY));
			tctx_bool(it, "private", db_bool(res, i, K_PRIVATE));
			tctx_bool(it, "mine", mine);
			tctx_date(it, "date", db_val(res, i, K_AT));
		}
	}
	tctx_bool(c, "can_comment", can);
	tctx_bool(c, "youth_choice", can && youth_about_self(d));
	tctx_str(c, "comment_body", form->body != NULL ? form->body : "");
	tctx_bool(c, "visible_to_family", form->visible_to_family);
	tctx_str(c, "body_error", i18n_gettext(form_error_for(form->errs,
	    form->nerr, "body")));
	tctx_bool(c, "comment_saved", form->saved == &doc_part_comments);
	form_nonce_new(nonce);
	tctx_str(c, "comment_nonce", nonce);
	return 0;
}

/* The mail to the assigned professionals: one each, with a reply link
 * of their own (cgi/requests/reply.c); no dossier text. In Dutch: it goes to
 * professionals, not in the citizen's language. */
static enum db_err
mail_professionals(struct req *r, const struct doc *d, const char *nonce)
{
	struct tctx	*v = tctx_new(r->a, NULL);

	tctx_str(v, "document", d->public_id);
	return reply_invite(r, d->family_id, "comment", nonce, "reactie", v);
}

/*
 * Stores the comment, its audit row and the mail in one transaction, once
 * per form: the same form sent again with the same words (a double click,
 * a reload) stores nothing more. The same form with other words (sent
 * again after an answer that never arrived, then changed) is a new
 * comment. Returns 0 or an HTTP status.
 */
static int
store(struct req *r, const struct doc *d, const char *body, int private,
    const char *nonce)
{
	const char		*params[5], *same[4];
	enum db_err		 e;
	int			 n;

	params[0] = d->id;
	params[1] = r->sess.person_id_s;
	params[2] = body;
	params[3] = private ? "true" : "false";
	params[4] = nonce;
	same[0] = r->sess.person_id_s;
	same[1] = nonce;
	same[2] = body;
	same[3] = d->id;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	n = req_insert_once(r, ST_COMMENT_INSERT, params, 4, ST_COMMENT_SAME,
	    same, 1);
	if (n < 0)
		return -n;
	if (n == 1) {
		if ((e = doc_added(r, d, "comment.create", "comment.created",
		    0)) != DB_OK)
			return db_status(e);
		if (d->f.actor.kind == POL_CITIZEN &&
		    (e = mail_professionals(r, d, params[4])) != DB_OK)
			return db_status(e);
	}
	return db_status_ok(db_commit(r->db));
}

/* POST /documenten/{id}/reacties (see struct doc_part). */
static int
post(struct req *r, const struct doc *d, struct doc_form *form)
{
	const char		*v[F__MAX], *nonce;
	int			 private;

	if (form_read(&r->rq->form, comment_form, F__MAX, v, form->errs,
	    &form->nerr) == -1)
		return 400;
	form->body = req_unix_lines(r, v[F_BODY]);
	form->visible_to_family = v[F_FAMILY][0] != '\0';
	if (form->nerr > 0) {
		r->rs->status = 400;
		return DOC_SHOW_AGAIN;
	}
	if ((nonce = req_form_nonce(r)) == NULL)
		return 500;
	private = youth_about_self(d) && !form->visible_to_family;
	return store(r, d, form->body, private, nonce);
}

const struct doc_part doc_part_comments = {
	"reacties", POL_COMMENT, "comment.create", "reactie",
	"partials/doc-reacties", post, fill
};
