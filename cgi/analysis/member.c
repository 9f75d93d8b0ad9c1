/*
 * member.c - GET and POST /analyse for a family member: the open analyses
 * of their families, each question with their own answer (which they may
 * change) and their choice whether the other members may read it, and
 * what the others chose to share.
 *
 * An answer of another member is shown only when its writer shared it and
 * lib/policy shows that writer to the reader (a member shielded from the
 * reader never reaches them: policy_actor_shown). An analysis or question
 * of another family, an unknown one, or another member's answer is 404;
 * an empty answer is the page again with a B1 error summary and the text
 * kept. At the counter the clerk answers for the citizen (helped_by).
 *
 * Owns: the member's page and answer. Never: what a professional sees
 * (professional.c).
 */
#include <string.h>

#include "form.h"
#include "analysis/analysis.h"
#include "core/portal.h"

/* One page of the analyses of the families of person $1, newest first
 * (issue 21: keyset on (opened_at, id), no cap): $2 the public id of the
 * analysis the page starts after ("": the newest), $3 how many. A cursor
 * that is not an analysis of one of $1's families gives no rows (the
 * caller shows the first page). */
static const struct stmt_def ST_AN_OF_MEMBER[1] = {{ "an_of_member",
	"WITH cur AS (SELECT coalesce(max(a.opened_at), 'infinity') AS t, "
	"    coalesce(max(a.id), 9223372036854775807) AS i, count(*) AS n "
	"    FROM analysis a JOIN family_member m ON m.family_id = a.family_id "
	"   WHERE a.public_id = $2 AND m.person_id = $1) "
	"SELECT a.id, a.public_id, f.name, a.published_at IS NOT NULL, "
	"  coalesce(d.public_id, ''), extract(epoch FROM a.opened_at)::bigint "
	"  FROM cur CROSS JOIN analysis a "
	"  JOIN family_member m ON m.family_id = a.family_id "
	"   AND m.person_id = $1 "
	"  JOIN family f ON f.id = a.family_id "
	"  LEFT JOIN document d ON d.id = a.document_id "
	" WHERE ($2 = '' OR cur.n = 1) "
	"   AND (a.opened_at, a.id) < (cur.t, cur.i) "
	" ORDER BY a.opened_at DESC, a.id DESC LIMIT $3::int", 3, 6 }};
enum { AM_ID, AM_PUBLIC, AM_FAMILY, AM_PUBLISHED, AM_DOC, AM_OPENED };

/* The questions of analysis $1 with the answer of person $2, if any. */
static const struct stmt_def ST_AN_MY_ANSWERS[1] = {{ "an_my_answers",
	"SELECT q.public_id, q.text, coalesce(a.public_id, ''), "
	"  coalesce(a.body, ''), coalesce(a.shared, false) "
	"  FROM analysis_question q "
	"  LEFT JOIN analysis_answer a ON a.question_id = q.id "
	"   AND a.person_id = $2 "
	" WHERE q.analysis_id = $1 ORDER BY q.position", 2, 5 }};
enum { MY_QUESTION, MY_TEXT, MY_ANSWER, MY_BODY, MY_SHARED };

/* The answers other members of analysis $1 shared (not person $2's). */
static const struct stmt_def ST_AN_SHARED[1] = {{ "an_shared",
	"SELECT q.public_id, a.person_id, p.given_name, a.body "
	"  FROM analysis_answer a "
	"  JOIN analysis_question q ON q.id = a.question_id "
	"  JOIN person p ON p.id = a.person_id "
	" WHERE q.analysis_id = $1 AND a.person_id <> $2 AND a.shared "
	" ORDER BY q.position, a.created_at, a.id", 2, 4 }};
enum { SH_QUESTION, SH_PERSON, SH_NAME, SH_BODY };

/* Question $2 of analysis $1 when person $3 is a member of its family. */
static const struct stmt_def ST_AN_QUESTION[1] = {{ "an_question",
	"SELECT q.id, a.family_id, a.published_at IS NOT NULL "
	"  FROM analysis a "
	"  JOIN analysis_question q ON q.analysis_id = a.id "
	"  JOIN family_member m ON m.family_id = a.family_id "
	"   AND m.person_id = $3 "
	" WHERE a.public_id = $1 AND q.public_id = $2", 3, 3 }};
enum { QU_ID, QU_FAMILY, QU_PUBLISHED };

/* Answer $1 when it is person $2's to question $3. */
static const struct stmt_def ST_AN_ANSWER_MINE[1] = {{ "an_answer_mine",
	"SELECT 1 FROM analysis_answer "
	" WHERE public_id = $1 AND person_id = $2 AND question_id = $3",
	3, 1 }};

/* Person $2's answer $3 to question $1, shared $4, helped by $5. */
static const struct stmt_def ST_AN_ANSWER_SAVE[1] = {{ "an_answer_save",
	"INSERT INTO analysis_answer (question_id, person_id, body, shared, "
	"  helped_by) VALUES ($1, $2, $3, $4::boolean, $5::bigint) "
	"ON CONFLICT (question_id, person_id) DO UPDATE SET "
	"  body = excluded.body, shared = excluded.shared, "
	"  updated_at = now(), helped_by = excluded.helped_by "
	"RETURNING public_id", 5, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_AN_OF_MEMBER,
	ST_AN_MY_ANSWERS,
	ST_AN_SHARED,
	ST_AN_QUESTION,
	ST_AN_ANSWER_MINE,
	ST_AN_ANSWER_SAVE,
};
const struct stmt_table analysis_member_stmts = {
	"analysis/member.c", stmts, NELEM(stmts)
};

enum { F_ANALYSIS, F_QUESTION, F_ANSWER, F_BODY, F_SHARE, F__MAX };
static const char *const yes_no[] = { "ja", "nee", NULL };
static const struct form_spec answer_form[F__MAX] = {
	[F_ANALYSIS] = { .name = "analysis", .kind = FORM_ID, .required = 1,
	    .max_chars = 64 },
	[F_QUESTION] = { .name = "question", .kind = FORM_ID, .required = 1,
	    .max_chars = 64 },
	[F_ANSWER] = { .name = "answer", .kind = FORM_ID, .max_chars = 64 },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = ANALYSIS_ANSWER_MAX,
	    .msg_missing = N_("Schrijf uw antwoord op."),
	    .msg_too_long = N_("Uw antwoord is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_SHARE] = { .name = "share", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 3, .choices = yes_no,
	    .msg_missing = N_("Kies of de anderen uit uw gezin dit mogen "
	    "lezen."),
	    .msg_too_long = N_("Kies of de anderen uit uw gezin dit mogen "
	    "lezen.") },
};

/* A form sent with an error: which question, and what was typed. */
struct sent {
	const char		*question;	/* public id, or NULL */
	const char		*body;
	const char		*share;
	const struct form_error	*errs;
	size_t			 nerr;
};

static int
fill_questions(struct req *r, struct tctx *an, const char *analysis_id,
    int open, const struct sent *s, const struct req_shields *sh)
{
	const char	*p[2] = { analysis_id, r->sess.person_id_s };
	struct tctx	*q, *o;
	PGresult	*mine, *shared;
	const char	*shown;
	enum db_err	 e;
	int		 i, j, err;

	if ((e = db_exec(r->db, ST_AN_MY_ANSWERS, p, &mine)) != DB_OK ||
	    (e = db_exec(r->db, ST_AN_SHARED, p, &shared)) != DB_OK)
		return db_status(e);
	tctx_list(an, "questions");
	for (i = 0; i < db_rows(mine); i++) {
		if ((q = tctx_list_add(an, "questions")) == NULL)
			return 500;
		err = s != NULL && s->question != NULL &&
		    strcmp(s->question, db_val(mine, i, MY_QUESTION)) == 0;
		tctx_str(q, "question", db_val(mine, i, MY_QUESTION));
		if ((shown = analysis_default_question(db_val(mine, i,
		    MY_TEXT))) != NULL)
			tctx_str(q, "text", shown);
		else
			tctx_nl(q, "text", db_val(mine, i, MY_TEXT));
		tctx_str(q, "answer", db_val(mine, i, MY_ANSWER));
		tctx_bool(q, "answered", *db_val(mine, i, MY_ANSWER) != '\0');
		tctx_str(q, "my_body", err ? s->body : db_val(mine, i,
		    MY_BODY));
		tctx_bool(q, "my_shared", err ? strcmp(s->share, "ja") == 0 :
		    db_bool(mine, i, MY_SHARED));
		tctx_bool(q, "open", open);
		/* the field ids the error summary links to */
		tctx_str(q, "body_id", err ? "body" : arena_printf(r->a,
		    "body-%s", db_val(mine, i, MY_QUESTION)));
		tctx_str(q, "share_id", err ? "share" : arena_printf(r->a,
		    "share-%s", db_val(mine, i, MY_QUESTION)));
		tctx_str(q, "body_error", err ? i18n_gettext(form_error_for(
		    s->errs, s->nerr, "body")) : "");
		tctx_str(q, "share_error", err ? i18n_gettext(form_error_for(
		    s->errs, s->nerr, "share")) : "");
		tctx_list(q, "others");
		for (j = 0; j < db_rows(shared); j++) {
			if (strcmp(db_val(shared, j, SH_QUESTION),
			    db_val(mine, i, MY_QUESTION)) != 0 ||
			    !req_actor_shown(sh, db_long(shared, j,
			    SH_PERSON)))
				continue;
			if ((o = tctx_list_add(q, "others")) == NULL)
				return 500;
			tctx_str(o, "name", db_val(shared, j, SH_NAME));
			tctx_str(o, "body", db_val(shared, j, SH_BODY));
		}
	}
	return 0;
}

/*
 * The analyses a page (issue 21): AN_PER_PAGE, newest first; "Oudere
 * analyses" (?na=<analysis>) goes on, "Naar de nieuwste analyses" back.
 * A cursor that is not one of the person's families' analyses, or does
 * not exist: the first page, never an error.
 */
#define AN_PER_PAGE	10
#define AN_READ		"11"	/* one more: is there an older page? */

/* The page ?na= asks for (or the first): 0 or an HTTP status. */
static int
page_load(struct req *r, struct tctx *c, PGresult **res)
{
	const char	*p[3] = { r->sess.person_id_s, "", AN_READ };
	int		 st, later;

	if ((st = req_page_after(r, ST_AN_OF_MEMBER, p, 1, res, &later)) != 0)
		return st;
	tctx_bool(c, "later_page", later);
	return 0;
}

static int
show(struct req *r, const struct sent *s, int status)
{
	const struct req_shields	*sh;
	struct tctx			*c = page_ctx(r), *an;
	PGresult			*res;
	int				 i, n, st, open, more;

	if ((sh = req_shields(r, &st)) == NULL)
		return st != 0 ? st : 500;
	if ((st = page_load(r, c, &res)) != 0)
		return st;
	more = db_rows(res) > AN_PER_PAGE;
	n = more ? AN_PER_PAGE : db_rows(res);
	tctx_bool(c, "has_older", more);
	tctx_str(c, "older_href", more ? arena_printf(r->a, "/analyse?na=%s",
	    db_val(res, n - 1, AM_PUBLIC)) : "");
	tctx_list(c, "analyses");
	for (i = 0; i < n; i++) {
		if ((an = tctx_list_add(c, "analyses")) == NULL)
			return 500;
		open = !db_bool(res, i, AM_PUBLISHED);
		tctx_str(an, "id", db_val(res, i, AM_PUBLIC));
		tctx_str(an, "family", db_val(res, i, AM_FAMILY));
		tctx_bool(an, "open", open);
		tctx_str(an, "document", db_val(res, i, AM_DOC));
		tctx_date(an, "opened_on", db_val(res, i, AM_OPENED));
		if ((st = fill_questions(r, an, db_val(res, i, AM_ID), open,
		    s, sh)) != 0)
			return st;
	}
	tctx_bool(c, "none", db_rows(res) == 0);
	tctx_bool(c, "saved", http_fields_get(&r->rq->query, "opgeslagen") !=
	    NULL);
	tctx_bool(c, "closed", status == 409);
	page_form_errors(r, c, s != NULL ? s->errs : NULL, s != NULL ?
	    s->nerr : 0);
	r->rs->status = status;
	return page_render(r, "analyse", N_("Meedenken over de hulp"), c);
}

int
h_analysis_member(struct req *r)
{
	enum db_err	 e;

	if ((e = req_audit(r, "analysis.list", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	return show(r, NULL, 200);
}

int
h_analysis_answer(struct req *r)
{
	const char		*v[F__MAX], *p[5];
	struct form_error	 errs[F__MAX + 1];
	struct sent		 s;
	size_t			 nerr = 0;
	PGresult		*q, *res;
	enum db_err		 e;

	memset(errs, 0, sizeof(errs));
	if (form_read(&r->rq->form, answer_form, F__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	/* the analysis and question must be of the member's family */
	if (form_error_for(errs, nerr, "analysis") != NULL ||
	    form_error_for(errs, nerr, "question") != NULL)
		return 404;
	p[0] = v[F_ANALYSIS];
	p[1] = v[F_QUESTION];
	p[2] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_AN_QUESTION, p, &q)) != DB_OK)
		return db_status(e);
	if (db_rows(q) != 1)
		return 404;
	if (v[F_ANSWER][0] != '\0') {
		/* an answer named must be the member's own, to this question */
		p[0] = v[F_ANSWER];
		p[1] = r->sess.person_id_s;
		p[2] = db_val(q, 0, QU_ID);
		if ((e = db_exec(r->db, ST_AN_ANSWER_MINE, p, &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1)
			return 404;
	}
	v[F_BODY] = req_unix_lines(r, v[F_BODY]);
	memset(&s, 0, sizeof(s));
	s.question = v[F_QUESTION];
	s.body = v[F_BODY];
	s.share = v[F_SHARE];
	s.errs = errs;
	s.nerr = nerr;
	if (db_bool(q, 0, QU_PUBLISHED))
		return show(r, &s, 409);
	if (nerr > 0)
		return show(r, &s, 400);
	p[0] = db_val(q, 0, QU_ID);
	p[1] = r->sess.person_id_s;
	p[2] = v[F_BODY];
	p[3] = strcmp(v[F_SHARE], "ja") == 0 ? "true" : "false";
	p[4] = req_helped_by(r);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_AN_ANSWER_SAVE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 500;
	if ((e = req_audit(r, "analysis.answer", "analysis_answer",
	    db_val(res, 0, 0), db_val(q, 0, QU_FAMILY), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/analyse?opgeslagen=1");
}
