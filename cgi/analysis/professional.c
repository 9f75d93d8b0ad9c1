/*
 * professional.c - the explanatory analysis for a professional assigned
 * to the family now: GET /analyse (their families' analyses and the form
 * to open one), POST /analyse (open one with its questions), GET
 * /analyse/{id} (all answers side by side, shared or not) and POST
 * /analyse/{id}/publiceren (the analysis as a document).
 *
 * The document is made by the one path that makes documents
 * (dossier/upload.c: doc_create), about every member, so it then follows
 * the rules of any document (consent, own view, youths, shields). It
 * quotes only answers their writers shared with the family; the answers
 * of a member who is shielded from someone go into the document's hidden
 * part, hidden from those members (lib/policy: policy_actor_shown), so
 * they never reach them. A family the professional does not work with
 * now, or an unknown analysis, is 404.
 *
 * Owns: opening, reading and publishing. Never: a member's answer
 * (member.c).
 */
#include <string.h>

#include "buf.h"
#include "form.h"
#include "analysis/analysis.h"
#include "core/portal.h"
#include "dossier/dossier.h"

#define MAX_QUESTIONS	10
#define QUESTION_MAX	300
#define INTRO_MAX	5000

/* The families professional $1 works with now. */
static const struct stmt_def ST_AN_PRO_FAMILIES[1] = {{ "an_pro_families",
	"SELECT DISTINCT f.id, f.public_id, f.name FROM assignment_now an "
	"  JOIN family f ON f.id = an.family_id "
	" WHERE an.professional_id = $1 ORDER BY f.name, f.public_id", 1, 3 }};
enum { PF_ID, PF_PUBLIC, PF_NAME };

/* One page of the analyses of those families, newest first (issue 21:
 * keyset on (opened_at, id), no cap): $2 the public id of the analysis
 * the page starts after ("": the newest), $3 how many. A cursor that is
 * not an analysis of one of $1's families now gives no rows (the caller
 * shows the first page). */
#define AN_PRO_MINE(a) \
	"EXISTS (SELECT 1 FROM assignment_now an " \
	"   WHERE an.family_id = " a ".family_id AND an.professional_id = $1)"
static const struct stmt_def ST_AN_PRO_LIST[1] = {{ "an_pro_list",
	"WITH cur AS (SELECT coalesce(max(c.opened_at), 'infinity') AS t, "
	"    coalesce(max(c.id), 9223372036854775807) AS i, count(*) AS n "
	"    FROM analysis c WHERE c.public_id = $2 AND " AN_PRO_MINE("c") ") "
	"SELECT a.public_id, f.name, extract(epoch FROM a.opened_at)::bigint, "
	"  a.published_at IS NOT NULL "
	"  FROM cur CROSS JOIN analysis a JOIN family f ON f.id = a.family_id "
	" WHERE " AN_PRO_MINE("a") " AND ($2 = '' OR cur.n = 1) "
	"   AND (a.opened_at, a.id) < (cur.t, cur.i) "
	" ORDER BY a.opened_at DESC, a.id DESC LIMIT $3::int", 3, 4 }};
enum { PL_PUBLIC, PL_FAMILY, PL_OPENED, PL_PUBLISHED };

/* A new analysis of family $1 by $2 with the questions of $3 (one per
 * line), in their order. */
static const struct stmt_def ST_AN_OPEN[1] = {{ "an_open",
	"WITH a AS (INSERT INTO analysis (family_id, opened_by) "
	"  VALUES ($1, $2) RETURNING id, public_id), "
	"q AS (INSERT INTO analysis_question (analysis_id, position, text) "
	"  SELECT a.id, t.n, t.line FROM a, "
	"    regexp_split_to_table($3, E'\\n') WITH ORDINALITY AS t(line, n)) "
	"SELECT public_id FROM a", 3, 1 }};

/* Analysis $1 when professional $2 works with its family now. */
static const struct stmt_def ST_AN_PRO_ONE[1] = {{ "an_pro_one",
	"SELECT a.id, a.family_id, f.name, a.published_at IS NOT NULL, "
	"  coalesce(d.public_id, ''), f.public_id "
	"  FROM analysis a JOIN family f ON f.id = a.family_id "
	"  LEFT JOIN document d ON d.id = a.document_id "
	" WHERE a.public_id = $1 AND EXISTS (SELECT 1 FROM assignment_now an "
	"   WHERE an.family_id = a.family_id AND an.professional_id = $2)",
	2, 6 }};
enum { PO_ID, PO_FAMILY, PO_NAME, PO_PUBLISHED, PO_DOC, PO_FAMILY_PUBLIC };

/* Every answer to analysis $1, by question, with who wrote it. */
static const struct stmt_def ST_AN_ALL[1] = {{ "an_all",
	"SELECT q.public_id, q.text, coalesce(a.person_id, 0), "
	"  coalesce(p.given_name || ' ' || p.family_name, ''), "
	"  coalesce(p.given_name, ''), coalesce(a.body, ''), "
	"  coalesce(a.shared, false) "
	"  FROM analysis_question q "
	"  LEFT JOIN analysis_answer a ON a.question_id = q.id "
	"  LEFT JOIN person p ON p.id = a.person_id "
	" WHERE q.analysis_id = $1 "
	" ORDER BY q.position, p.birth_date, p.id", 1, 7 }};
enum { AA_QUESTION, AA_TEXT, AA_PERSON, AA_NAME, AA_GIVEN, AA_BODY,
    AA_SHARED };

/* The members of family $1. */
static const struct stmt_def ST_AN_MEMBERS[1] = {{ "an_members",
	"SELECT p.id, p.public_id FROM family_member m "
	"  JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.id", 1, 2 }};
enum { MB_ID, MB_PUBLIC };

/* Analysis $1 published as document $2 (no row: published meanwhile). */
static const struct stmt_def ST_AN_PUBLISHED[1] = {{ "an_published",
	"UPDATE analysis SET published_at = now(), document_id = $2 "
	" WHERE id = $1 AND published_at IS NULL RETURNING 1", 2, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_AN_PRO_FAMILIES,
	ST_AN_PRO_LIST,
	ST_AN_OPEN,
	ST_AN_PRO_ONE,
	ST_AN_ALL,
	ST_AN_MEMBERS,
	ST_AN_PUBLISHED,
};
const struct stmt_table analysis_pro_stmts = {
	"analysis/professional.c", stmts, NELEM(stmts)
};

/* The default questions (issue 18, part 3). */
static const char *const default_questions[] = {
	N_("Wat gaat goed?"),
	N_("Wat maakt u zorgen?"),
	N_("Waar komt het volgens u door?"),
	N_("Wat zou helpen?"),
};

/* A default question stands in the analysis as its Dutch msgid (the
 * professional kept it as the form offered it): each member reads it in
 * their own words ("je" for a youth, their language). */
const char *
analysis_default_question(const char *text)
{
	size_t	 i;

	for (i = 0; i < NELEM(default_questions); i++)
		if (strcmp(text, default_questions[i]) == 0)
			return i18n_gettext(default_questions[i]);
	return NULL;
}

enum { O_FAMILY, O_QUESTIONS, O__MAX };
static const struct form_spec open_form[O__MAX] = {
	[O_FAMILY] = { .name = "family", .kind = FORM_ID, .required = 1,
	    .max_chars = 64, .msg_missing = N_("Kies een gezin."),
	    .msg_too_long = N_("Kies een gezin.") },
	[O_QUESTIONS] = { .name = "questions", .kind = FORM_TEXT,
	    .required = 1, .max_chars = 3020,	/* MAX_QUESTIONS lines of QUESTION_MAX */
	    .msg_missing = N_("Schrijf minstens een vraag op."),
	    .msg_too_long = N_("Dit zijn te veel vragen. U kunt 10 vragen "
	    "stellen.") },
};

enum { P_INTRO, P__MAX };
static const struct form_spec publish_form[P__MAX] = {
	[P_INTRO] = { .name = "intro", .kind = FORM_TEXT,
	    .max_chars = INTRO_MAX,
	    .msg_too_long = N_("De tekst is te lang. U kunt 5000 tekens "
	    "gebruiken.") },
};

#define AN_PRO_PER_PAGE	50
#define AN_PRO_READ	"51"	/* one more: is there an older page? */

/* The page of the list ?na= asks for, falling back to the first (a
 * cursor that is not one of the families' analyses, or none): 0 or an
 * HTTP status; *later: not the first page. */
static int
list_load(struct req *r, PGresult **res, int *later)
{
	const char	*p[3] = { r->sess.person_id_s, "", AN_PRO_READ };

	return req_page_after(r, ST_AN_PRO_LIST, p, 1, res, later);
}

static int
show_list(struct req *r, const char *family, const char *questions,
    const struct form_error *errs, size_t nerr, int status)
{
	const char	*p[1] = { r->sess.person_id_s };
	struct tctx	*c = page_ctx(r), *it;
	PGresult	*fam, *res;
	struct buf	 b;
	enum db_err	 e;
	size_t		 i;
	int		 k, n, later;

	if ((e = db_exec(r->db, ST_AN_PRO_FAMILIES, p, &fam)) != DB_OK)
		return db_status(e);
	if ((k = list_load(r, &res, &later)) != 0)
		return k;
	n = db_rows(res) > AN_PRO_PER_PAGE ? AN_PRO_PER_PAGE : db_rows(res);
	tctx_bool(c, "has_older", db_rows(res) > AN_PRO_PER_PAGE);
	tctx_str(c, "older_href", n > 0 ? arena_printf(r->a,
	    "/analyse?na=%s", db_val(res, n - 1, PL_PUBLIC)) : "");
	tctx_bool(c, "later_page", later);
	tctx_list(c, "families");
	for (k = 0; k < db_rows(fam); k++) {
		if ((it = tctx_list_add(c, "families")) == NULL)
			return 500;
		tctx_str(it, "value", db_val(fam, k, PF_PUBLIC));
		tctx_str(it, "name", db_val(fam, k, PF_NAME));
		tctx_str(it, "field_id", k == 0 ? "family" :
		    arena_printf(r->a, "family-%d", k));
		tctx_bool(it, "checked", family != NULL ? strcmp(family,
		    db_val(fam, k, PF_PUBLIC)) == 0 : db_rows(fam) == 1);
	}
	tctx_bool(c, "has_families", db_rows(fam) > 0);
	tctx_list(c, "analyses");
	for (k = 0; k < n; k++) {
		if ((it = tctx_list_add(c, "analyses")) == NULL)
			return 500;
		tctx_strf(it, "href", "/analyse/%s", db_val(res, k,
		    PL_PUBLIC));
		tctx_str(it, "family", db_val(res, k, PL_FAMILY));
		tctx_date(it, "opened_on", db_val(res, k, PL_OPENED));
		tctx_bool(it, "published", db_bool(res, k, PL_PUBLISHED));
	}
	tctx_bool(c, "no_analyses", db_rows(res) == 0);
	if (questions == NULL) {
		buf_init(&b, r->a, 0);
		for (i = 0; i < NELEM(default_questions); i++) {
			buf_puts(&b, i18n_gettext(default_questions[i]));
			if (i + 1 < NELEM(default_questions))
				buf_putc(&b, '\n');
		}
		questions = buf_cstr(&b);
	}
	tctx_str(c, "questions", questions);
	tctx_str(c, "family_error", i18n_gettext(form_error_for(errs, nerr,
	    "family")));
	tctx_str(c, "questions_error", i18n_gettext(form_error_for(errs, nerr,
	    "questions")));
	page_form_errors(r, c, errs, nerr);
	r->rs->status = status;
	return page_render(r, "analyse-hulpverlener",
	    N_("Verklarende analyse"), c);
}

int
h_analysis_pro(struct req *r)
{
	return show_list(r, NULL, NULL, NULL, 0, 200);
}

/* The questions one per line, blank lines and blanks around dropped;
 * NULL (an error added) when there are none, too many, or one too long. */
static const char *
clean_questions(struct req *r, const char *text, struct form_error *errs,
    size_t maxerr, size_t *nerr)
{
	struct buf	 b;
	const char	*s = text, *e, *end;
	size_t		 n = 0;

	buf_init(&b, r->a, 0);
	while (*s != '\0') {
		end = strchr(s, '\n');
		e = end != NULL ? end : s + strlen(s);
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'))
			e--;
		if (e > s) {
			if (form_chars(arena_strndup(r->a, s,
			    (size_t)(e - s))) > QUESTION_MAX) {
				form_add_error(errs, maxerr, nerr,
				    "questions", N_("Een vraag is te lang. "
				    "U kunt 300 tekens per vraag gebruiken."));
				return NULL;
			}
			if (n++ > 0)
				buf_putc(&b, '\n');
			buf_append(&b, s, (size_t)(e - s));
		}
		if (end == NULL)
			break;
		s = end + 1;
	}
	if (n == 0 || n > MAX_QUESTIONS) {
		form_add_error(errs, maxerr, nerr, "questions", n == 0 ?
		    open_form[O_QUESTIONS].msg_missing :
		    open_form[O_QUESTIONS].msg_too_long);
		return NULL;
	}
	return b.failed ? NULL : buf_cstr(&b);
}

int
h_analysis_open(struct req *r)
{
	const char		*v[O__MAX], *p[3], *questions = NULL;
	struct form_error	 errs[O__MAX + 2];
	size_t			 nerr = 0;
	PGresult		*fam, *res;
	enum db_err		 e;
	int			 k, found = -1;

	memset(errs, 0, sizeof(errs));
	if (form_read(&r->rq->form, open_form, O__MAX, v, errs, &nerr) == -1)
		return 400;
	p[0] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_AN_PRO_FAMILIES, p, &fam)) != DB_OK)
		return db_status(e);
	for (k = 0; k < db_rows(fam); k++)
		if (strcmp(v[O_FAMILY], db_val(fam, k, PF_PUBLIC)) == 0)
			found = k;
	/* a family sent that is not one of theirs: as if it did not exist */
	if (v[O_FAMILY][0] != '\0' && found < 0)
		return 404;
	if (form_error_for(errs, nerr, "questions") == NULL)
		questions = clean_questions(r, v[O_QUESTIONS], errs,
		    NELEM(errs), &nerr);
	if (nerr > 0 || questions == NULL)
		return show_list(r, v[O_FAMILY], v[O_QUESTIONS], errs,
		    nerr, 400);
	p[0] = db_val(fam, found, PF_ID);
	p[1] = r->sess.person_id_s;
	p[2] = questions;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_AN_OPEN, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 500;
	if ((e = req_audit(r, "analysis.open", "analysis", db_val(res, 0, 0),
	    db_val(fam, found, PF_ID), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/analyse/%s",
	    db_val(res, 0, 0)));
}

/* The analysis of the route for this professional, or NULL (*st: 404
 * with its audit row, or a database status). */
static const PGresult *
load_one(struct req *r, const char *action, int *st)
{
	const char	*p[2];
	PGresult	*res;
	enum db_err	 e;

	*st = 0;
	p[0] = route_param(&r->params, "id");
	p[1] = r->sess.person_id_s;
	if (p[0] == NULL) {
		*st = 404;
		return NULL;
	}
	if ((e = db_exec(r->db, ST_AN_PRO_ONE, p, &res)) != DB_OK) {
		*st = db_status(e);
		return NULL;
	}
	if (db_rows(res) != 1) {
		*st = 404;
		(void)req_refused(r, 404, action, "analysis", p[0],
		    "analysis.not_assigned");
		r->refusal_logged = 1;
		return NULL;
	}
	return res;
}

static int
show_one(struct req *r, const PGresult *an, const char *intro,
    const struct form_error *errs, size_t nerr, int status)
{
	const char	*p[1] = { db_val(an, 0, PO_ID) };
	struct tctx	*c = page_ctx(r), *q = NULL, *it;
	PGresult	*res;
	enum db_err	 e;
	const char	*prev = "";
	int		 i;

	if ((e = db_exec(r->db, ST_AN_ALL, p, &res)) != DB_OK)
		return db_status(e);
	tctx_str(c, "id", route_param(&r->params, "id"));
	tctx_str(c, "family", db_val(an, 0, PO_NAME));
	tctx_bool(c, "published", db_bool(an, 0, PO_PUBLISHED));
	tctx_str(c, "document", db_val(an, 0, PO_DOC));
	tctx_str(c, "intro", intro != NULL ? intro : "");
	tctx_str(c, "intro_error", i18n_gettext(form_error_for(errs, nerr,
	    "intro")));
	tctx_list(c, "questions");
	for (i = 0; i < db_rows(res); i++) {
		if (strcmp(prev, db_val(res, i, AA_QUESTION)) != 0) {
			prev = db_val(res, i, AA_QUESTION);
			if ((q = tctx_list_add(c, "questions")) == NULL)
				return 500;
			tctx_str(q, "text", db_val(res, i, AA_TEXT));
			tctx_list(q, "answers");
			tctx_bool(q, "no_answers", 1);
		}
		if (db_long(res, i, AA_PERSON) == 0 || q == NULL)
			continue;
		tctx_bool(q, "no_answers", 0);
		if ((it = tctx_list_add(q, "answers")) == NULL)
			return 500;
		tctx_str(it, "name", db_val(res, i, AA_NAME));
		tctx_str(it, "body", db_val(res, i, AA_BODY));
		tctx_bool(it, "shared", db_bool(res, i, AA_SHARED));
	}
	page_form_errors(r, c, errs, nerr);
	r->rs->status = status;
	return page_render(r, "analyse-antwoorden",
	    N_("Antwoorden van het gezin"), c);
}

int
h_analysis_read(struct req *r)
{
	const PGresult	*an;
	enum db_err	 e;
	int		 st;

	if ((an = load_one(r, "analysis.read", &st)) == NULL)
		return st;
	if ((e = req_audit(r, "analysis.read", "analysis",
	    route_param(&r->params, "id"), db_val(an, 0, PO_FAMILY),
	    "allowed")) != DB_OK)
		return db_status(e);
	return show_one(r, an, NULL, NULL, 0, 200);
}

/* PostgreSQL text array of the public ids of members with mark[i]. */
static const char *
id_array(struct req *r, const PGresult *m, const int *mark)
{
	struct buf	 b;
	int		 i, first = 1;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (i = 0; i < db_rows(m); i++) {
		if (!mark[i])
			continue;
		buf_printf(&b, "%s\"%s\"", first ? "" : ",",
		    db_val(m, i, MB_PUBLIC));
		first = 0;
	}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

#define MAX_MEMBERS	64

/*
 * The text of the document: the professional's intro, then each question
 * with the answers shared with the family. An answer of a writer whom
 * lib/policy hides from some member goes into `part` instead, and those
 * members are marked in hide[]. 0 or an HTTP status.
 */
static int
compose(const PGresult *all, const PGresult *members,
    const struct req_shields *sh, const char *intro, struct buf *body,
    struct buf *part, int *hide)
{
	const char	*prev = "", *prev_part = "";
	long		 who;
	int		 i, j, hidden;

	if (intro[0] != '\0') {
		buf_puts(body, intro);
		buf_puts(body, "\n\n");
	}
	for (i = 0; i < db_rows(all); i++) {
		if (strcmp(prev, db_val(all, i, AA_QUESTION)) != 0) {
			prev = db_val(all, i, AA_QUESTION);
			buf_puts(body, db_val(all, i, AA_TEXT));
			buf_putc(body, '\n');
		}
		who = db_long(all, i, AA_PERSON);
		if (who == 0 || !db_bool(all, i, AA_SHARED))
			continue;	/* not for the family: not quoted */
		hidden = 0;
		for (j = 0; j < db_rows(members); j++)
			if (!req_actor_shown_to(sh, db_long(members, j, MB_ID),
			    who)) {
				hide[j] = 1;
				hidden = 1;
			}
		if (hidden) {
			if (strcmp(prev_part, prev) != 0) {
				prev_part = prev;
				buf_puts(part, db_val(all, i, AA_TEXT));
				buf_putc(part, '\n');
			}
			buf_printf(part, "%s: \"%s\"\n", db_val(all, i,
			    AA_GIVEN), db_val(all, i, AA_BODY));
		} else
			buf_printf(body, "%s: \"%s\"\n", db_val(all, i,
			    AA_GIVEN), db_val(all, i, AA_BODY));
	}
	return body->failed || part->failed ? 500 : 0;
}

int
h_analysis_publish(struct req *r)
{
	const PGresult			*an;
	const struct req_shields	*sh;
	const char			*v[P__MAX], *p[2];
	const char			*doc_id = NULL, *public_id = NULL;
	const char			*part_id = NULL;
	struct form_error		 errs[P__MAX + 1];
	struct audit_event		 ev;
	struct doc_new			 n;
	struct buf			 body, part;
	PGresult			*all, *members, *res;
	size_t				 nerr = 0;
	int				 st, about[MAX_MEMBERS], hide[MAX_MEMBERS];
	int				 i;
	enum db_err			 e;

	if ((an = load_one(r, "analysis.publish", &st)) == NULL)
		return st;
	memset(errs, 0, sizeof(errs));
	if (form_read(&r->rq->form, publish_form, P__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	if (nerr > 0)
		return show_one(r, an, v[P_INTRO], errs, nerr, 400);
	if (db_bool(an, 0, PO_PUBLISHED))
		return show_one(r, an, v[P_INTRO], NULL, 0, 409);
	if ((sh = req_family_shields(r, db_val(an, 0, PO_FAMILY), &st)) ==
	    NULL)
		return st != 0 ? st : 500;
	p[0] = db_val(an, 0, PO_ID);
	if ((e = db_exec(r->db, ST_AN_ALL, p, &all)) != DB_OK)
		return db_status(e);
	p[0] = db_val(an, 0, PO_FAMILY);
	if ((e = db_exec(r->db, ST_AN_MEMBERS, p, &members)) != DB_OK)
		return db_status(e);
	if (db_rows(members) > MAX_MEMBERS)
		return 500;
	memset(hide, 0, sizeof(hide));
	for (i = 0; i < MAX_MEMBERS; i++)
		about[i] = 1;
	buf_init(&body, r->a, 0);
	buf_init(&part, r->a, 0);
	if ((st = compose(all, members, sh, req_unix_lines(r,
	    v[P_INTRO]), &body, &part, hide)) != 0)
		return st;
	memset(&n, 0, sizeof(n));
	n.family_id = db_val(an, 0, PO_FAMILY);
	n.title = "Verklarende analyse";
	n.body = buf_cstr(&body);
	n.part_label = "Antwoorden die niet iedereen mag lezen";
	/* a part holds 2000 characters (sql/014): quotes that do not fit
	 * are left out rather than shown to whom they are hidden from */
	n.part_body = part.len > 0 && form_chars(buf_cstr(&part)) <= 2000 ?
	    buf_cstr(&part) : "";
	n.hidden = "{}";
	if ((n.about = id_array(r, members, about)) == NULL ||
	    (n.part_hidden = id_array(r, members, hide)) == NULL)
		return 500;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((st = doc_create(r, &n, &doc_id, &public_id, &part_id)) != 0)
		return st;
	p[0] = db_val(an, 0, PO_ID);
	p[1] = doc_id;
	if ((e = db_exec(r->db, ST_AN_PUBLISHED, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		db_rollback(r->db);
		return show_one(r, an, v[P_INTRO], NULL, 0, 409);
	}
	doc_event(r, &ev, "document.create", public_id, n.family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = req_audit(r, "analysis.publish", "analysis",
	    route_param(&r->params, "id"), n.family_id, "allowed")) !=
	    DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/documenten/%s",
	    public_id));
}
