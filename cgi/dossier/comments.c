/*
 * comments.c - the comment thread under a document: showing it, and
 * POST /documenten/{id}/reacties (fields `body`, `audience`).
 *
 * Who reads a comment is its audience (CONTRACT.md), chosen by every member
 * of every age:
 *   hulpverlener (the default; stored as document_comment.private): the
 *     writer and the professionals assigned to the family now. Nobody
 *     else: not the other members, not an organisation the document is
 *     shared with (also when the share includes comments).
 *   gezin: whoever may read the document's comments (lib/policy,
 *     POL_READ_COMMENTS): the members who may read the document, the
 *     assigned professionals, and an organisation the document is shared
 *     with comments included.
 * A professional's own comment is for gezin (the form offers no choice);
 * their answer to a comment (cgi/requests/reply.c) has the audience of the
 * comment, and the writer of that comment reads it. The old checkbox
 * `visible_to_family` ("ja") still means gezin when `audience` is not sent.
 * The form says, per choice, who reads it by name (comment_readers_fill:
 * lib/policy per member, and the professionals and organisations of
 * ST_COMMENT_READERS), so the sentence is true for every member; who
 * sees one is lib/policy's policy_comment_visible.
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

/* $1 document, $2 author, $3 body, $4 private, $5 form nonce, $6 the
 * clerk who helped at the counter (NULL: none). No row back: this form
 * was already sent (one comment for a double click). */
static const struct stmt_def ST_COMMENT_INSERT[1] = {{ "comment_insert",
	"INSERT INTO document_comment (document_id, author_id, body, private, "
	"  form_nonce, helped_by) VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING public_id",
	6, 1 }};

/* The comments on document $1, oldest first: the newest COMMENTS_SHOWN
 * of them, or with $2 (a comment's public id on this document) the
 * COMMENTS_SHOWN before that one; one more when there are earlier ones
 * (the first row, then not shown). A $2 that is no comment of $1: the
 * newest. So the newest are never cut off (issue 21). */
const struct stmt_def ST_COMMENT_LIST[1] = {{ "comment_list",
	"WITH cur AS (SELECT coalesce(max(created_at), 'infinity') AS t, "
	"    coalesce(max(id), 9223372036854775807) AS i "
	"    FROM document_comment WHERE public_id = $2 AND document_id = $1) "
	"SELECT c.author_id, p.given_name || ' ' || p.family_name, "
	"       p.kind, coalesce(o.name, ''), c.body, c.private, "
	"       extract(epoch FROM c.created_at)::bigint, c.public_id, "
	/* an answer: who wrote the comment it answers (else 0) */
	"       coalesce((SELECT o.author_id FROM document_comment o "
	"         WHERE o.id = c.answer_to), 0), "
	/* written at the counter: the clerk who helped (else '') */
	"       coalesce((SELECT h.given_name || ' ' || h.family_name "
	"         FROM person h WHERE h.id = c.helped_by), '') "
	"  FROM (SELECT k.* FROM document_comment k, cur "
	"         WHERE k.document_id = $1 AND (k.created_at, k.id) < "
	"           (cur.t, cur.i) "
	"         ORDER BY k.created_at DESC, k.id DESC LIMIT "
	COMMENTS_SHOWN_SQL " + 1) c "
	"  JOIN person p ON p.id = c.author_id "
	"  LEFT JOIN professional pr ON pr.person_id = c.author_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" ORDER BY c.created_at, c.id", 2, 10 }};
enum { K_AUTHOR_ID, K_AUTHOR, K_KIND, K_ORG, K_BODY, K_PRIVATE, K_AT,
    K_PUBLIC_ID, K_ANSWERS, K_HELPED_BY };

/* Who besides the members reads the comments on document $1 now: the
 * professionals assigned to its family (kind 'pro': person, name, job
 * title) and the organisations it is shared with, comments included
 * (kind 'org': name), as the facts of ST_DOC_ONE count a share. */
const struct stmt_def ST_COMMENT_READERS[1] = {{ "comment_readers",
	"SELECT 'pro', p.id, p.given_name || ' ' || p.family_name, "
	"       pr.job_title "
	"  FROM document d JOIN assignment_now a ON a.family_id = d.family_id "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN person p ON p.id = pr.person_id "
	" WHERE d.id = $1 "
	"UNION ALL "
	"SELECT 'org', 0, o.name, '' FROM organisation o "
	" WHERE o.id IN (SELECT s.organisation_id FROM document_share s "
	"   WHERE s.document_id = $1 AND s.revoked_at IS NULL "
	"     AND NOT s.pending AND s.includes_comments "
	"     AND s.starts_at <= now() "
	"     AND (s.until IS NULL OR s.until > now())) "
	"ORDER BY 1 DESC, 3", 1, 4 }};
enum { CR_KIND, CR_PERSON, CR_NAME, CR_JOB };

static const struct stmt_def *const stmts[] = {
	ST_COMMENT_SAME,
	ST_COMMENT_INSERT,
	ST_COMMENT_LIST,
	ST_COMMENT_READERS,
};
const struct stmt_table comments_stmts = {
	"dossier/comments.c", stmts, NELEM(stmts)
};

#define COMMENT_MAX	2000	/* characters */

enum { F_BODY, F_AUDIENCE, F_FAMILY, F_NONCE, F__MAX };

static const char *const audiences[] = { "hulpverlener", "gezin", NULL };

static const struct form_spec comment_form[F__MAX] = {
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = COMMENT_MAX,
	    .msg_missing = N_("Schrijf uw reactie in het vak."),
	    .msg_too_long = N_("Uw reactie is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_AUDIENCE] = { .name = "audience", .kind = FORM_CHOICE,
	    .max_chars = 16, .choices = audiences },
	/* The checkbox before `audience` (a youth of 16 or 17 had it). */
	[F_FAMILY] = { .name = "visible_to_family", .kind = FORM_FLAG,
	    .max_chars = 8 },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

/* "a, b" + ", " + name into key of c. */
static void
add_name(struct tctx *c, const char *key, const char *name)
{
	const char	*had = tctx_get(c, key);

	if (had == NULL || had[0] == '\0')
		tctx_nl(c, key, name);
	else {
		tctx_strf(c, key, "%s, %s", had, name);
		tctx_nl(c, key, tctx_get(c, key));
	}
}

int
comment_readers_fill(const struct doc *d, const PGresult *members,
    const PGresult *readers, long writer, long member,
    const struct req_shields *sh, struct tctx *c)
{
	int	 i;

	tctx_str(c, "readers_family", "");
	tctx_str(c, "readers_pros", "");
	tctx_str(c, "readers_orgs", "");
	if (members == NULL || readers == NULL)
		return -1;
	/* Members: lib/policy, as each of them would ask (hidden from
	 * them, a youth's document not shared with them, under 12). */
	for (i = 0; i < db_rows(members); i++) {
		if (db_long(members, i, M_PERSON) == writer ||
		    !doc_member_may(d, db_long(members, i, M_PERSON),
		    (int)db_long(members, i, M_AGE),
		    db_val(members, i, M_AUTHORITY),
		    db_val(members, i, M_SHARED_BY), POL_READ_COMMENTS))
			continue;
		/* Shielded from them: they do not see it (the page leaves
		 * it out, policy_actor_shown), so they are not named. */
		if (!req_actor_shown_to(sh, db_long(members, i, M_PERSON),
		    member))
			continue;
		add_name(c, "readers_family", db_val(members, i, M_NAME));
	}
	for (i = 0; i < db_rows(readers); i++) {
		if (strcmp(db_val(readers, i, CR_KIND), "org") == 0) {
			add_name(c, "readers_orgs", db_val(readers, i,
			    CR_NAME));
			continue;
		}
		if (db_long(readers, i, CR_PERSON) == writer)
			continue;
		tctx_strf(c, "pro_name", "%s (%s)", db_val(readers, i,
		    CR_NAME), db_val(readers, i, CR_JOB));
		add_name(c, "readers_pros", tctx_get(c, "pro_name"));
	}
	tctx_bool(c, "has_family_readers",
	    tctx_get(c, "readers_family")[0] != '\0');
	tctx_bool(c, "has_pro_readers",
	    tctx_get(c, "readers_pros")[0] != '\0');
	tctx_bool(c, "has_org_readers",
	    tctx_get(c, "readers_orgs")[0] != '\0');
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
	int			 i, see, can, mine, gezin, earlier;

	see = policy_decide(a, &d->f.doc, POL_READ_COMMENTS).allow &&
	    res != NULL;
	can = policy_decide(a, &d->f.doc, POL_COMMENT).allow;
	tctx_bool(c, "comments_section", see || can);
	tctx_bool(c, "show_comments", see);
	tctx_list(c, "comments");
	/* One row more than shown: there are earlier comments, and the
	 * link to them starts before the oldest shown. */
	earlier = see && db_rows(res) > COMMENTS_SHOWN;
	tctx_bool(c, "comments_earlier", earlier);
	if (earlier)
		tctx_strf(c, "comments_earlier_href",
		    "/documenten/%s?reacties_voor=%s#reacties", d->public_id,
		    db_val(res, 1, K_PUBLIC_ID));
	tctx_bool(c, "comments_older_page", see &&
	    form->comments_before != NULL);
	tctx_strf(c, "comments_newest_href", "/documenten/%s#reacties",
	    d->public_id);
	if (see) {
		for (i = earlier ? 1 : 0; i < db_rows(res); i++) {
			mine = db_long(res, i, K_AUTHOR_ID) == a->person_id ||
			    db_long(res, i, K_ANSWERS) == a->person_id;
			if (!policy_comment_visible(a,
			    db_bool(res, i, K_PRIVATE),
			    db_long(res, i, K_AUTHOR_ID),
			    db_long(res, i, K_ANSWERS)))
				continue;
			/* Written by a member shielded from the reader, or
			 * an answer to one: left out (lib/policy). */
			if (!req_actor_shown(reads->shields,
			    db_long(res, i, K_AUTHOR_ID)) ||
			    !req_actor_shown(reads->shields,
			    db_long(res, i, K_ANSWERS)))
				continue;
			if ((it = tctx_list_add(c, "comments")) == NULL)
				return 500;
			tctx_nl(it, "author", db_val(res, i, K_AUTHOR));
			tctx_nl(it, "organisation", db_val(res, i, K_ORG));
			tctx_nl(it, "helped_by", db_val(res, i, K_HELPED_BY));
			tctx_nl(it, "text", db_val(res, i, K_BODY));
			tctx_bool(it, "private", db_bool(res, i, K_PRIVATE));
			tctx_bool(it, "mine", mine);
			tctx_date(it, "date", db_val(res, i, K_AT));
		}
	}
	tctx_bool(c, "can_comment", can);
	if (can && comment_readers_fill(d, reads->members, reads->readers,
	    a->person_id, a->person_id, reads->shields, c) == -1)
		return 500;
	/* Members choose; a professional writes for gezin. */
	tctx_bool(c, "audience_choice", can && a->kind == POL_CITIZEN);
	gezin = form->audience != NULL && strcmp(form->audience, "gezin") == 0;
	tctx_bool(c, "audience_gezin", gezin);
	tctx_str(c, "comment_body", form->body != NULL ? form->body : "");
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
	const char		*params[6], *same[4];
	enum db_err		 e;
	int			 n;

	params[0] = d->id;
	params[1] = r->sess.person_id_s;
	params[2] = body;
	params[3] = private ? "true" : "false";
	params[4] = nonce;
	params[5] = req_helped_by(r);
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
	/* audience, else the old checkbox, else the default */
	if (v[F_AUDIENCE][0] != '\0')
		form->audience = v[F_AUDIENCE];
	else
		form->audience = v[F_FAMILY][0] != '\0' ? "gezin" :
		    "hulpverlener";
	/* A professional writes to whoever reads the comments; a note for
	 * professionals only is not for the family's thread. */
	if (d->f.actor.kind != POL_CITIZEN) {
		if (v[F_AUDIENCE][0] != '\0' &&
		    strcmp(v[F_AUDIENCE], "gezin") != 0)
			return 400;
		form->audience = "gezin";
	}
	if (form->nerr > 0) {
		r->rs->status = 400;
		return DOC_SHOW_AGAIN;
	}
	if ((nonce = req_form_nonce(r)) == NULL)
		return 500;
	private = strcmp(form->audience, "hulpverlener") == 0;
	return store(r, d, form->body, private, nonce);
}

const struct doc_part doc_part_comments = {
	"reacties", POL_COMMENT, "comment.create", "reactie",
	"partials/doc-reacties", post, fill
};
