/*
 * checkin.c - "Zo gaat het" (issue 18, part 4): a member measures their
 * own situation with five questions on a scale of 1 to 5 (safety at home,
 * stress, sleep, support, school or work; 5 is best).
 *
 *   GET/POST /zo-gaat-het        the form and the member's own history:
 *                                a chart per question (lib/chart, inline
 *                                SVG) and the same data in a table
 *   POST /zo-gaat-het/{id}       the member changes whether their
 *                                professionals may see one check-in
 *                                (field share = ja / nee)
 *   GET /gezinnen/{id}/zo-gaat-het  a professional assigned to the family
 *                                reads the check-ins members shared
 *
 * The answers are the member's own: no other member sees them (a parent
 * neither); lib/policy (policy_checkin_visible) decides every row. In an
 * assisted session the clerk fills it in for the citizen (helped_by).
 * Another member's check-in, or one that does not exist: 404.
 */
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "form.h"
#include "policy.h"
#include "util.h"
#include "core/portal.h"

#define CHECKIN_SHOWN	CHART_MAX_POINTS	/* the newest, in chart and table */

/* The newest check-ins of person $1, newest first. */
static const struct stmt_def ST_CHECKIN_MINE[1] = {{ "checkin_mine",
	"SELECT public_id, extract(epoch FROM created_at)::bigint, safety, "
	"  stress, sleep, support, school, shared, person_id "
	"FROM checkin WHERE person_id = $1 "
	"ORDER BY created_at DESC, id DESC LIMIT 24", 1, 9 }};
/* (and of ST_CHECKIN_FAMILY after its first two columns) */
enum { CK_ID, CK_AT, CK_Q1, CK_Q2, CK_Q3, CK_Q4, CK_Q5, CK_SHARED,
    CK_OWNER };

/* Person $1 checks in: $2..$6 the answers, $7 shared, $8 helped by, $9
 * the form nonce (a second send of the same form stores nothing). */
static const struct stmt_def ST_CHECKIN_ADD[1] = {{ "checkin_add",
	"INSERT INTO checkin (person_id, safety, stress, sleep, support, "
	"  school, shared, helped_by, form_nonce) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
	"ON CONFLICT (form_nonce) DO NOTHING RETURNING public_id", 9, 1 }};

/* Check-in $1 (public id): whose it is and whether it is shared. */
static const struct stmt_def ST_CHECKIN_GET[1] = {{ "checkin_get",
	"SELECT person_id, shared FROM checkin WHERE public_id = $1", 1, 2 }};
enum { CG_OWNER, CG_SHARED };

/* Check-in $1 of person $2 shared ($3) or not. */
static const struct stmt_def ST_CHECKIN_SHARE[1] = {{ "checkin_share",
	"UPDATE checkin SET shared = $3, shared_changed_at = now() "
	"WHERE public_id = $1 AND person_id = $2 RETURNING id", 3, 1 }};

/* Family $2 (public id) and whether professional $1 works with it now. */
static const struct stmt_def ST_CHECKIN_FAMILY_OF[1] = {{
	"checkin_family_of",
	"SELECT f.id, f.name, EXISTS (SELECT 1 FROM assignment_now a "
	"  WHERE a.family_id = f.id AND a.professional_id = $1) "
	"FROM family f WHERE f.public_id = $2", 2, 3 }};
enum { CF_ID, CF_NAME, CF_ASSIGNED };

/* The members of family $1 and their newest shared check-ins (the
 * database narrows to shared ones; lib/policy decides each row), per
 * member oldest last. */
static const struct stmt_def ST_CHECKIN_FAMILY[1] = {{ "checkin_family",
	"SELECT p.given_name || ' ' || p.family_name, p.id::text, "
	"  c.public_id, extract(epoch FROM c.created_at)::bigint, c.safety, "
	"  c.stress, c.sleep, c.support, c.school, c.shared, c.person_id "
	"FROM family_member m JOIN person p ON p.id = m.person_id "
	"CROSS JOIN LATERAL (SELECT * FROM checkin x "
	"  WHERE x.person_id = p.id AND x.shared "
	"  ORDER BY x.created_at DESC, x.id DESC LIMIT 24) c "
	"WHERE m.family_id = $1 "
	"ORDER BY p.birth_date, p.id, c.created_at DESC, c.id DESC", 1, 11 }};
enum { CM_NAME, CM_PERSON };
#define CM_OFF	2	/* CK_* + CM_OFF */

static const struct stmt_def *const stmts[] = {
	ST_CHECKIN_MINE,
	ST_CHECKIN_ADD,
	ST_CHECKIN_GET,
	ST_CHECKIN_SHARE,
	ST_CHECKIN_FAMILY_OF,
	ST_CHECKIN_FAMILY,
};
const struct stmt_table checkin_stmts = {
	"selfcare/checkin.c", stmts, NELEM(stmts)
};

static const char *const scale[] = { "1", "2", "3", "4", "5", NULL };
static const char *const yes_no[] = { "ja", "nee", NULL };

enum { F_Q1, F_Q2, F_Q3, F_Q4, F_Q5, F_SHARE, F__MAX };

static const struct form_spec checkin_form[F__MAX] = {
	[F_Q1] = { .name = "q1", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 1, .choices = scale,
	    .msg_missing = N_("Kies hoe veilig u zich thuis voelt."),
	    .msg_too_long = N_("Kies hoe veilig u zich thuis voelt."),
	    .msg_invalid = N_("Kies hoe veilig u zich thuis voelt.") },
	[F_Q2] = { .name = "q2", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 1, .choices = scale,
	    .msg_missing = N_("Kies hoe rustig u zich voelt."),
	    .msg_too_long = N_("Kies hoe rustig u zich voelt."),
	    .msg_invalid = N_("Kies hoe rustig u zich voelt.") },
	[F_Q3] = { .name = "q3", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 1, .choices = scale,
	    .msg_missing = N_("Kies hoe u slaapt."),
	    .msg_too_long = N_("Kies hoe u slaapt."),
	    .msg_invalid = N_("Kies hoe u slaapt.") },
	[F_Q4] = { .name = "q4", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 1, .choices = scale,
	    .msg_missing = N_("Kies hoeveel steun u krijgt."),
	    .msg_too_long = N_("Kies hoeveel steun u krijgt."),
	    .msg_invalid = N_("Kies hoeveel steun u krijgt.") },
	[F_Q5] = { .name = "q5", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 1, .choices = scale,
	    .msg_missing = N_("Kies hoe het gaat op school of werk."),
	    .msg_too_long = N_("Kies hoe het gaat op school of werk."),
	    .msg_invalid = N_("Kies hoe het gaat op school of werk.") },
	[F_SHARE] = { .name = "share", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 3, .choices = yes_no,
	    .msg_missing = N_("Kies of uw hulpverlener dit mag zien."),
	    .msg_too_long = N_("Kies of uw hulpverlener dit mag zien."),
	    .msg_invalid = N_("Kies of uw hulpverlener dit mag zien.") },
};

/* The questions: the field, the short name (chart title, table head)
 * and the question itself (msgids). */
static const struct {
	const char	*field;
	const char	*name;
	const char	*question;
} questions[5] = {
	{ "q1", N_("Veilig thuis"), N_("Hoe veilig voelt u zich thuis?") },
	{ "q2", N_("Rust"), N_("Hoe rustig voelt u zich? Heeft u weinig "
	    "stress?") },
	{ "q3", N_("Slaap"), N_("Hoe slaapt u?") },
	{ "q4", N_("Steun"), N_("Hoeveel steun krijgt u van anderen?") },
	{ "q5", N_("School of werk"), N_("Hoe gaat het op school of op uw "
	    "werk?") },
};

static const char *const scale_words[5] = {
	N_("heel slecht"), N_("slecht"), N_("gaat wel"), N_("goed"),
	N_("heel goed"),
};

/* s with each "{name}" of names[i] replaced by vals[i]. */
static const char *
fill(struct req *r, const char *s, const char *const *names,
    const char *const *vals, size_t n)
{
	struct buf	 b;
	size_t		 k, len;

	buf_init(&b, r->a, 0);
	while (*s != '\0') {
		for (k = 0; k < n; k++) {
			len = strlen(names[k]);
			if (strncmp(s, names[k], len) == 0)
				break;
		}
		if (k == n) {
			buf_putc(&b, *s++);
			continue;
		}
		buf_puts(&b, vals[k]);
		s += len;
	}
	return b.failed ? NULL : buf_cstr(&b);
}

/*
 * The charts and the table of `rows` check-ins of res (newest first,
 * columns CK_* + off) into c: the list "charts" (svg: trusted, made by
 * lib/chart from numbers and escaped text) and "rows" (the table,
 * newest first). prefix makes the chart ids unique on the page.
 */
static int
fill_history(struct req *r, struct tctx *c, const PGresult *res,
    const int *rows, size_t n, int off, const char *prefix)
{
	struct chart_point	 pts[CHECKIN_SHOWN];
	struct chart		 ch;
	struct tctx		*it, *cell;
	struct buf		 b;
	char			 day[64], first[64], last[64];
	const char		*names[3] = { "{n}", "{first}", "{last}" };
	const char		*vals[3], *desc;
	size_t			 q, i;
	long			 v;
	const struct http_field	*changed = http_fields_get(&r->rq->query,
	    "veranderd");

	tctx_list(c, "charts");
	tctx_list(c, "rows");
	tctx_bool(c, "has_history", n > 0);
	tctx_str(c, "table_id", arena_printf(r->a, "%s-tabel", prefix));
	if (n == 0)
		return 0;
	if (n > CHECKIN_SHOWN)
		n = CHECKIN_SHOWN;
	for (q = 0; q < NELEM(questions); q++) {
		/* oldest first */
		for (i = 0; i < n; i++) {
			const int row = rows[n - 1 - i];

			if (util_parse_long(db_val(res, row, off + CK_AT), 0,
			    253402300799L, &v) == -1)
				v = 0;
			i18n_format_short(day, sizeof(day), (time_t)v);
			pts[i].label = arena_strdup(r->a, day);
			pts[i].value = (int)db_long(res, row,
			    off + CK_Q1 + (int)q);
		}
		(void)snprintf(first, sizeof(first), "%d", pts[0].value);
		(void)snprintf(last, sizeof(last), "%d", pts[n - 1].value);
		vals[0] = arena_printf(r->a, "%zu", n);
		vals[1] = first;
		vals[2] = last;
		desc = fill(r, n == 1 ? _("Een keer ingevuld. Antwoord: "
		    "{first}. 1 is heel slecht, 5 is heel goed.") :
		    _("Aantal keer ingevuld: {n}. De eerste keer: {first}. De "
		    "laatste keer: {last}. 1 is heel slecht, 5 is heel goed."),
		    names, vals, 3);
		if (desc == NULL || vals[0] == NULL)
			return 500;
		ch.id = arena_printf(r->a, "%s-q%zu", prefix, q + 1);
		ch.title = i18n_gettext(questions[q].name);
		ch.desc = desc;
		ch.ymin = 1;
		ch.ymax = 5;
		ch.pts = pts;
		ch.npts = n;
		buf_init(&b, r->a, 0);
		if (ch.id == NULL || chart_svg(&b, &ch) == -1 || b.failed ||
		    (it = tctx_list_add(c, "charts")) == NULL)
			return 500;
		tctx_str(it, "name", i18n_gettext(questions[q].name));
		tctx_html(it, "svg", buf_cstr(&b));
	}
	for (i = 0; i < n; i++) {
		const int row = rows[i];

		if ((it = tctx_list_add(c, "rows")) == NULL)
			return 500;
		tctx_str(it, "id", db_val(res, row, off + CK_ID));
		/* the member's choice for this row just changed: said in the
		 * row, beside its button (issue 20 part 5) */
		tctx_bool(it, "just_changed", changed != NULL &&
		    strcmp(changed->value, db_val(res, row, off + CK_ID)) == 0);
		tctx_date(it, "date", db_val(res, row, off + CK_AT));
		tctx_bool(it, "shared", db_bool(res, row, off + CK_SHARED));
		tctx_list(it, "answers");
		for (q = 0; q < NELEM(questions); q++) {
			if ((cell = tctx_list_add(it, "answers")) == NULL)
				return 500;
			v = db_long(res, row, off + CK_Q1 + (int)q);
			tctx_long(cell, "value", v);
			tctx_str(cell, "word", v >= 1 && v <= 5 ?
			    i18n_gettext(scale_words[v - 1]) : "");
		}
	}
	return 0;
}

/* The table's column heads. */
static int
fill_heads(struct tctx *c)
{
	struct tctx	*it;
	size_t		 q;

	tctx_list(c, "heads");
	for (q = 0; q < NELEM(questions); q++) {
		if ((it = tctx_list_add(c, "heads")) == NULL)
			return 500;
		tctx_str(it, "name", i18n_gettext(questions[q].name));
	}
	return 0;
}

/* The citizen (or the clerk in their session) as lib/policy's actor. */
static void
member_actor(const struct req *r, struct pol_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = POL_CITIZEN;		/* /zo-gaat-het is a citizen's route */
	a->person_id = r->sess.person_id;
	a->member = 1;
}

static int
show(struct req *r, const char *const *v, const struct form_error *errs,
    size_t nerr)
{
	char			 nonce[FORM_NONCE_LEN + 1];
	const char		*p[1] = { r->sess.person_id_s };
	struct pol_actor	 a;
	struct tctx		*c = page_ctx(r), *it, *opt;
	const struct http_field	*ch;
	PGresult		*res;
	enum db_err		 e;
	int			 rows[CHECKIN_SHOWN];
	size_t			 q, k, n = 0;
	int			 i, st;

	page_form_errors(r, c, errs, nerr);
	/* the form's nonce: the same again after an error */
	if (nerr > 0)
		tctx_str(c, "nonce", req_form_nonce(r));
	else {
		form_nonce_new(nonce);
		tctx_str(c, "nonce", nonce);
	}
	tctx_bool(c, "own", 1);
	tctx_list(c, "questions");
	for (q = 0; q < NELEM(questions); q++) {
		if ((it = tctx_list_add(c, "questions")) == NULL)
			return 500;
		tctx_str(it, "field", questions[q].field);
		tctx_str(it, "question", i18n_gettext(questions[q].question));
		tctx_str(it, "error", i18n_gettext(form_error_for(errs, nerr,
		    questions[q].field)));
		tctx_list(it, "options");
		for (k = 0; k < 5; k++) {
			if ((opt = tctx_list_add(it, "options")) == NULL)
				return 500;
			tctx_str(opt, "value", scale[k]);
			tctx_str(opt, "word", i18n_gettext(scale_words[k]));
			tctx_str(opt, "input_id", k == 0 ? questions[q].field :
			    arena_printf(r->a, "%s-%s", questions[q].field,
			    scale[k]));
			tctx_bool(opt, "checked", strcmp(v[q], scale[k]) == 0);
		}
	}
	tctx_str(c, "share_error", i18n_gettext(form_error_for(errs, nerr,
	    "share")));
	tctx_bool(c, "share_ja", strcmp(v[F_SHARE], "ja") == 0);
	tctx_bool(c, "share_nee", strcmp(v[F_SHARE], "ja") != 0);
	tctx_bool(c, "saved", nerr == 0 &&
	    http_fields_get(&r->rq->query, "opgeslagen") != NULL);
	/* ?veranderd={id}: said in that row of the table; an old link
	 * (=1): at the top */
	ch = http_fields_get(&r->rq->query, "veranderd");
	tctx_bool(c, "changed", nerr == 0 && ch != NULL &&
	    strcmp(ch->value, "1") == 0);
	if ((e = db_exec(r->db, ST_CHECKIN_MINE, p, &res)) != DB_OK ||
	    (e = req_audit(r, "checkin.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	member_actor(r, &a);
	for (i = 0; i < db_rows(res) && n < CHECKIN_SHOWN; i++)
		if (policy_checkin_visible(&a, db_long(res, i, CK_OWNER),
		    db_bool(res, i, CK_SHARED)))
			rows[n++] = i;
	if ((st = fill_heads(c)) != 0 ||
	    (st = fill_history(r, c, res, rows, n, 0, "zgh")) != 0)
		return st;
	return page_render(r, "zo-gaat-het", N_("Zo gaat het"), c);
}

int
h_checkin(struct req *r)
{
	const char	*v[F__MAX] = { "", "", "", "", "", "nee" };

	return show(r, v, NULL, 0);
}

int
h_checkin_post(struct req *r)
{
	const char		*v[F__MAX], *p[9];
	struct form_error	 errs[F__MAX];
	size_t			 nerr = 0;
	PGresult		*res;
	enum db_err		 e;

	if (form_read(&r->rq->form, checkin_form, F__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	if (nerr > 0) {
		r->rs->status = 400;
		return show(r, v, errs, nerr);
	}
	p[0] = r->sess.person_id_s;
	p[1] = v[F_Q1];
	p[2] = v[F_Q2];
	p[3] = v[F_Q3];
	p[4] = v[F_Q4];
	p[5] = v[F_Q5];
	p[6] = strcmp(v[F_SHARE], "ja") == 0 ? "true" : "false";
	p[7] = req_helped_by(r);
	p[8] = req_form_nonce(r);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_CHECKIN_ADD, p, &res)) != DB_OK)
		return db_status(e);
	/* No row: this form was stored before (a double click). */
	if (db_rows(res) == 1 && (e = req_audit(r, "checkin.create",
	    "checkin", db_val(res, 0, 0), NULL, "allowed")) != DB_OK)
		return db_status(e);
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/zo-gaat-het?opgeslagen=1");
}

enum { S_SHARE, S__MAX };

static const struct form_spec share_form[S__MAX] = {
	[S_SHARE] = { .name = "share", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 3, .choices = yes_no },
};

int
h_checkin_share(struct req *r)
{
	const char		*id = route_param(&r->params, "id");
	const char		*v[S__MAX], *p[3];
	struct form_error	 errs[S__MAX];
	struct pol_actor	 a;
	size_t			 nerr = 0;
	PGresult		*res;
	enum db_err		 e;
	int			 yes;

	if (id == NULL || form_read(&r->rq->form, share_form, S__MAX, v,
	    errs, &nerr) == -1 || nerr > 0)
		return 400;
	yes = strcmp(v[S_SHARE], "ja") == 0;
	p[0] = id;
	if ((e = db_exec(r->db, ST_CHECKIN_GET, p, &res)) != DB_OK)
		return db_status(e);
	/* The member's own only: changing is for whom may see it as its
	 * owner (a professional never comes here: a citizen's route). */
	member_actor(r, &a);
	if (db_rows(res) != 1 || !policy_checkin_visible(&a,
	    db_long(res, 0, CG_OWNER), db_bool(res, 0, CG_SHARED))) {
		(void)req_refused(r, 404, "checkin.share", "checkin", id,
		    "checkin.owner");
		return 404;
	}
	p[1] = r->sess.person_id_s;
	p[2] = yes ? "true" : "false";
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_CHECKIN_SHARE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		db_rollback(r->db);
		return 404;
	}
	if ((e = req_audit(r, yes ? "checkin.share" : "checkin.unshare",
	    "checkin", id, NULL, "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/zo-gaat-het?veranderd=%s#opgeslagen", id));
}

/*
 * GET /gezinnen/{id}/zo-gaat-het: the check-ins the members of the family
 * shared, per member, for a professional assigned to it now (anyone
 * else: 404). One audit row per member whose check-ins were shown.
 */
int
h_family_checkins(struct req *r)
{
	const char		*fam = route_param(&r->params, "id");
	const char		*p[2];
	struct pol_actor	 a;
	struct tctx		*c, *it;
	PGresult		*res, *fr;
	enum db_err		 e;
	int			 rows[CHECKIN_SHOWN];
	size_t			 n, nmember = 0;
	int			 i, j, st;

	if (fam == NULL)
		return 404;
	p[0] = r->sess.person_id_s;
	p[1] = fam;
	if ((e = db_exec(r->db, ST_CHECKIN_FAMILY_OF, p, &fr)) != DB_OK)
		return db_status(e);
	if (db_rows(fr) != 1 || !db_bool(fr, 0, CF_ASSIGNED)) {
		(void)req_refused(r, 404, "checkin.read", "family", fam,
		    "pro.not_assigned");
		return 404;
	}
	memset(&a, 0, sizeof(a));
	a.kind = POL_PROFESSIONAL;
	a.person_id = r->sess.person_id;
	a.assigned = 1;
	r->rule = POL_RULE_PRO_ASSIGNED;
	p[0] = db_val(fr, 0, CF_ID);
	if ((e = db_exec(r->db, ST_CHECKIN_FAMILY, p, &res)) != DB_OK)
		return db_status(e);
	c = page_ctx(r);
	tctx_bool(c, "own", 0);
	tctx_str(c, "family_name", db_val(fr, 0, CF_NAME));
	tctx_str(c, "family_id", fam);
	if ((st = fill_heads(c)) != 0)
		return st;
	tctx_list(c, "members");
	for (i = 0; i < db_rows(res); i = j) {
		n = 0;
		for (j = i; j < db_rows(res) && strcmp(db_val(res, j,
		    CM_PERSON), db_val(res, i, CM_PERSON)) == 0; j++)
			if (n < CHECKIN_SHOWN && policy_checkin_visible(&a,
			    db_long(res, j, CM_OFF + CK_OWNER),
			    db_bool(res, j, CM_OFF + CK_SHARED)))
				rows[n++] = j;
		if (n == 0)
			continue;
		if ((it = tctx_list_add(c, "members")) == NULL)
			return 500;
		tctx_str(it, "name", db_val(res, i, CM_NAME));
		if ((st = fill_history(r, it, res, rows, n, CM_OFF,
		    arena_printf(r->a, "lid%zu", nmember))) != 0)
			return st;
		if ((e = req_audit(r, "checkin.read", "person",
		    db_val(res, i, CM_PERSON), p[0], "allowed")) != DB_OK)
			return db_status(e);
		nmember++;
	}
	return page_render(r, "gezin-zo-gaat-het", N_("Zo gaat het"), c);
}
