/*
 * feedback.c - "Hoe was de hulp?" (issue 18, part 5): a member gives a
 * score of 1 to 10 and, if they like, an answer to one open question.
 *
 *   GET/POST /feedback           a member: about a finished appointment
 *                                or an answered request (?over=afspraak-
 *                                <id> / verzoek-<id>, the link in "Wat
 *                                wacht op u", once per contact), or else
 *                                about the help in general, once a quarter
 *   GET /feedback                a professional: the answers about their
 *                                organisation, per finished quarter, from
 *                                5 answers (lib/policy:
 *                                policy_feedback_shown)
 *
 * Anonymous towards professionals (sql/041): the answer is stored without
 * the person, without a time but its quarter and under a random id;
 * what the member gave feedback on (feedback_given) is kept apart, with
 * nothing to join the two. A quarter is shown only once it is over, so
 * nobody can tell one answer from the change in the average after an
 * appointment; the texts come sorted by their words, not by when.
 * Another member's appointment or request, one not finished or answered,
 * or one that does not exist: 404.
 */
#include <string.h>

#include "form.h"
#include "policy.h"
#include "util.h"
#include "core/portal.h"

/* The quarter now, Dutch time (the first day). */
#define QUARTER_NOW \
	"date_trunc('quarter', now() AT TIME ZONE 'Europe/Amsterdam')::date"

/* Appointment $1 (public id): who booked it, whether it is over (not
 * cancelled, its end passed), its professional's organisation, the
 * professional's name and when it was. */
static const struct stmt_def ST_FB_APPOINTMENT[1] = {{ "fb_appointment",
	"SELECT ap.person_id, ap.cancelled_at IS NULL AND s.ends_at < now(), "
	"  '{' || pr.organisation_id || '}', "
	"  p.given_name || ' ' || p.family_name, "
	"  extract(epoch FROM s.starts_at)::bigint "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN professional pr ON pr.person_id = s.professional_id "
	"JOIN person p ON p.id = pr.person_id "
	"WHERE ap.public_id = $1", 1, 5 }};
/* (and of the other two) */
enum { FC_OWNER, FC_DONE, FC_ORGS, FC_WHO, FC_AT };

/* Request $1 (public id): its writer, whether it has an answer, the
 * organisation of who answered (else those working with the family). */
static const struct stmt_def ST_FB_REQUEST[1] = {{ "fb_request",
	"SELECT r.author_id, r.answered_at IS NOT NULL, "
	"  coalesce((SELECT '{' || pr.organisation_id || '}' "
	"    FROM professional pr WHERE pr.person_id = r.answered_by), "
	"    (SELECT '{' || string_agg(DISTINCT pr.organisation_id::text, "
	"      ',') || '}' FROM assignment_now a JOIN professional pr "
	"      ON pr.person_id = a.professional_id "
	"     WHERE a.family_id = r.family_id), '{}'), "
	"  '', extract(epoch FROM coalesce(r.answered_at, r.created_at))::bigint "
	"FROM request r WHERE r.public_id = $1", 1, 5 }};

/* The help in general of person $1: the organisations working with
 * their families now. */
static const struct stmt_def ST_FB_GENERAL[1] = {{ "fb_general",
	"SELECT $1::bigint, true, coalesce('{' || string_agg(DISTINCT "
	"  pr.organisation_id::text, ',') || '}', '{}'), "
	"  coalesce(string_agg(DISTINCT o.name, ', '), ''), 0::bigint "
	"FROM family_member m JOIN assignment_now a "
	"  ON a.family_id = m.family_id "
	"JOIN professional pr ON pr.person_id = a.professional_id "
	"JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE m.person_id = $1", 1, 5 }};

/* Whether person $1 gave feedback on contact $2 (the general question:
 * this quarter), and the first day of the next quarter. */
static const struct stmt_def ST_FB_GIVEN[1] = {{ "fb_given",
	"SELECT EXISTS (SELECT 1 FROM feedback_given g "
	"  WHERE g.person_id = $1 AND g.contact = $2 "
	"    AND ($2 <> 'kwartaal' OR g.quarter = " QUARTER_NOW ")), "
	"  extract(epoch FROM (" QUARTER_NOW " + interval '3 months' "
	"    + interval '12 hours'))::bigint", 2, 2 }};
enum { FG_GIVEN, FG_NEXT };

/* Person $1 gave feedback on contact $2 now (no row: before). */
static const struct stmt_def ST_FB_MARK[1] = {{ "fb_mark",
	"INSERT INTO feedback_given (person_id, contact, quarter) "
	"VALUES ($1, $2, " QUARTER_NOW ") ON CONFLICT DO NOTHING "
	"RETURNING 1", 2, 1 }};

/* The answer, for each organisation of $1 (a bigint array): score $2,
 * text $3. No person, no time. */
static const struct stmt_def ST_FB_ADD[1] = {{ "fb_add",
	"INSERT INTO feedback (organisation_id, quarter, score, body) "
	"SELECT DISTINCT o, " QUARTER_NOW ", $2::smallint, $3 "
	"FROM unnest($1::bigint[]) AS o", 3, 0 }};

/* Person $2 answered about each organisation of $1 this quarter (the
 * threshold counts people, sql/048; no link to the answer). */
static const struct stmt_def ST_FB_GIVER[1] = {{ "fb_giver",
	"INSERT INTO feedback_giver (organisation_id, quarter, person_id) "
	"SELECT DISTINCT o, " QUARTER_NOW ", $2::bigint "
	"FROM unnest($1::bigint[]) AS o ON CONFLICT DO NOTHING", 2, 0 }};

/* Professional $1's organisation and its answers per quarter: the four
 * quarters before this one, newest first, with their number and mean,
 * and how many people gave them. */
static const struct stmt_def ST_FB_QUARTERS[1] = {{ "fb_quarters",
	"SELECT o.id, o.name, extract(epoch FROM q.q + interval '12 hours')"
	"::bigint, extract(epoch FROM (q.q + interval '3 months' "
	"  - interval '1 day' + interval '12 hours'))::bigint, "
	"  count(f.score), coalesce(round(avg(f.score), 1)::text, ''), "
	"  q.q::text, (SELECT count(*) FROM feedback_giver g "
	"    WHERE g.organisation_id = o.id AND g.quarter = q.q) "
	"FROM professional pr JOIN organisation o ON o.id = pr.organisation_id "
	"CROSS JOIN LATERAL (SELECT (" QUARTER_NOW " - make_interval("
	"  months => 3 * k))::date AS q FROM generate_series(1, 4) k) q "
	"LEFT JOIN feedback f ON f.organisation_id = o.id AND f.quarter = q.q "
	"WHERE pr.person_id = $1 "
	"GROUP BY o.id, o.name, q.q ORDER BY q.q DESC", 1, 8 }};
enum { FQ_ORG, FQ_ORG_NAME, FQ_FROM, FQ_TO, FQ_N, FQ_MEAN, FQ_QUARTER,
	FQ_PEOPLE };

/* The texts of organisation $1 in quarter $2, sorted by their words. */
static const struct stmt_def ST_FB_TEXTS[1] = {{ "fb_texts",
	"SELECT body FROM feedback WHERE organisation_id = $1 "
	"  AND quarter = $2::date AND body <> '' ORDER BY body", 2, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_FB_APPOINTMENT,
	ST_FB_REQUEST,
	ST_FB_GENERAL,
	ST_FB_GIVEN,
	ST_FB_MARK,
	ST_FB_ADD,
	ST_FB_GIVER,
	ST_FB_QUARTERS,
	ST_FB_TEXTS,
};
const struct stmt_table feedback_stmts = {
	"selfcare/feedback.c", stmts, NELEM(stmts)
};

static const char *const scores[] = { "1", "2", "3", "4", "5", "6", "7",
    "8", "9", "10", NULL };

enum { F_SCORE, F_BODY, F_OVER, F__MAX };

static const struct form_spec feedback_form[F__MAX] = {
	[F_SCORE] = { .name = "score", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 2, .choices = scores,
	    .msg_missing = N_("Kies een cijfer van 1 tot en met 10."),
	    .msg_too_long = N_("Kies een cijfer van 1 tot en met 10."),
	    .msg_invalid = N_("Kies een cijfer van 1 tot en met 10.") },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .max_chars = 2000,
	    .msg_too_long = N_("Uw antwoord is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	/* the contact, as the link gave it; checked in contact_load */
	[F_OVER] = { .name = "over", .kind = FORM_ID, .max_chars = 60 },
};

/* What the feedback is about. */
struct contact {
	const char	*over;		/* as in the link; "" the general */
	const char	*key;		/* feedback_given.contact */
	int		 kind;		/* 0 general, 1 appointment, 2 request */
	const char	*orgs;		/* bigint array literal */
	const char	*who;
	const char	*at;		/* Unix time */
	int		 given;
	const char	*next;		/* Unix time: the next quarter */
};

/*
 * Fills k for `over` ("" or absent: the help in general): 0, 404 when it
 * is not the member's own finished appointment or answered request (or
 * does not exist, or `over` is of no kind), or another HTTP status.
 */
static int
contact_load(struct req *r, const char *over, struct contact *k)
{
	const struct stmt_def	*st;
	const char		*p[2], *id;
	PGresult		*res, *g;
	enum db_err		 e;

	memset(k, 0, sizeof(*k));
	k->over = over != NULL ? over : "";
	if (strlen(k->over) > 60)
		return 404;
	if (k->over[0] == '\0') {
		st = ST_FB_GENERAL;
		id = r->sess.person_id_s;
		k->key = "kwartaal";
	} else if (strncmp(k->over, "afspraak-", 9) == 0) {
		st = ST_FB_APPOINTMENT;
		id = k->over + 9;
		k->kind = 1;
		k->key = arena_printf(r->a, "afspraak:%s", id);
	} else if (strncmp(k->over, "verzoek-", 8) == 0) {
		st = ST_FB_REQUEST;
		id = k->over + 8;
		k->kind = 2;
		k->key = arena_printf(r->a, "verzoek:%s", id);
	} else
		return 404;
	if (k->key == NULL)
		return 500;
	if (id[0] == '\0' || strlen(id) > 40)
		return 404;
	p[0] = id;
	if ((e = db_exec(r->db, st, p, &res)) != DB_OK)
		return db_status(e);
	/* The member's own (a clerk in their session acts as them), and
	 * over: nobody else's appointment or request, not even whether it
	 * exists. */
	if (db_rows(res) != 1 ||
	    db_long(res, 0, FC_OWNER) != r->sess.person_id ||
	    !db_bool(res, 0, FC_DONE)) {
		(void)req_refused(r, 404, "feedback.give", "contact", k->over,
		    "feedback.not_yours");
		return 404;
	}
	k->orgs = db_val(res, 0, FC_ORGS);
	k->who = db_val(res, 0, FC_WHO);
	k->at = db_val(res, 0, FC_AT);
	p[0] = r->sess.person_id_s;
	p[1] = k->key;
	if ((e = db_exec(r->db, ST_FB_GIVEN, p, &g)) != DB_OK)
		return db_status(e);
	k->given = db_bool(g, 0, FG_GIVEN);
	k->next = db_val(g, 0, FG_NEXT);
	return 0;
}

/* Whether an organisation is there to give feedback to. */
static int
has_orgs(const struct contact *k)
{
	return k->orgs != NULL && strcmp(k->orgs, "{}") != 0;
}

static int
show(struct req *r, const struct contact *k, const char *const *v,
    const struct form_error *errs, size_t nerr)
{
	struct tctx	*c = page_ctx(r), *it;
	char		 when[64];
	long		 t;
	size_t		 i;

	page_form_errors(r, c, errs, nerr);
	tctx_bool(c, "thanks", nerr == 0 &&
	    http_fields_get(&r->rq->query, "bedankt") != NULL);
	tctx_str(c, "over", k->over);
	tctx_bool(c, "about_appointment", k->kind == 1);
	tctx_bool(c, "about_request", k->kind == 2);
	tctx_bool(c, "about_general", k->kind == 0);
	tctx_str(c, "who", k->who);
	when[0] = '\0';
	if (util_parse_long(k->at, 1, 253402300799L, &t) == 0)
		i18n_format_when(when, sizeof(when), (time_t)t);
	tctx_str(c, "when", when);
	tctx_date(c, "next", k->next);
	tctx_bool(c, "given", k->given);
	tctx_bool(c, "no_help", !has_orgs(k));
	tctx_bool(c, "can_give", !k->given && has_orgs(k));
	tctx_str(c, "score_error", i18n_gettext(form_error_for(errs, nerr,
	    "score")));
	tctx_str(c, "body_error", i18n_gettext(form_error_for(errs, nerr,
	    "body")));
	tctx_str(c, "body", v[F_BODY]);
	tctx_list(c, "scores");
	for (i = 0; scores[i] != NULL; i++) {
		if ((it = tctx_list_add(c, "scores")) == NULL)
			return 500;
		tctx_str(it, "value", scores[i]);
		tctx_str(it, "input_id", i == 0 ? "score" :
		    arena_printf(r->a, "score-%s", scores[i]));
		tctx_bool(it, "checked", strcmp(v[F_SCORE], scores[i]) == 0);
	}
	return page_render(r, "feedback", N_("Hoe was de hulp?"), c);
}

static const char *
query(const struct req *r, const char *name)
{
	const struct http_field	*f = http_fields_get(&r->rq->query, name);

	return f != NULL ? f->value : NULL;
}

int
h_feedback(struct req *r)
{
	const char	*v[F__MAX] = { "", "", "" };
	struct contact	 k;
	int		 st;

	if ((st = contact_load(r, query(r, "over"), &k)) != 0)
		return st;
	return show(r, &k, v, NULL, 0);
}

int
h_feedback_post(struct req *r)
{
	const char		*v[F__MAX], *p[3];
	struct form_error	 errs[F__MAX];
	struct contact		 k;
	size_t			 nerr = 0;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	if (form_read(&r->rq->form, feedback_form, F__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	v[F_BODY] = req_unix_lines(r, v[F_BODY]);
	if ((st = contact_load(r, v[F_OVER], &k)) != 0)
		return st;
	if (nerr > 0) {
		r->rs->status = 400;
		return show(r, &k, v, errs, nerr);
	}
	if (k.given || !has_orgs(&k)) {
		r->rs->status = 409;
		return show(r, &k, v, NULL, 0);
	}
	p[0] = r->sess.person_id_s;
	p[1] = k.key;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_FB_MARK, p, &res)) != DB_OK)
		return db_status(e);
	/* No row: given meanwhile (a double click): nothing more. */
	if (db_rows(res) == 1) {
		p[0] = k.orgs;
		p[1] = v[F_SCORE];
		p[2] = v[F_BODY];
		/* The audit row names the contact, never the answer. */
		if ((e = db_exec(r->db, ST_FB_ADD, p, NULL)) != DB_OK)
			return db_status(e);
		p[1] = r->sess.person_id_s;
		if ((e = db_exec(r->db, ST_FB_GIVER, p, NULL)) != DB_OK ||
		    (e = req_audit(r, "feedback.give", "contact",
		    k.key, NULL, "allowed")) != DB_OK)
			return db_status(e);
	}
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, k.over[0] == '\0' ? "/feedback?bedankt=1" :
	    arena_printf(r->a, "/feedback?over=%s&bedankt=1", k.over));
}

/* "7.5" as the page's language writes it: a decimal comma but in
 * English (and Arabic, whose pages use Western digits and a point). */
static const char *
decimal(struct req *r, const char *s)
{
	const struct i18n_lang	*l = i18n_current();
	char			*d, *p;

	if (l != NULL && (strcmp(l->code, "en") == 0 ||
	    strcmp(l->code, "ar") == 0))
		return s;
	if ((d = arena_strdup(r->a, s)) == NULL)
		return s;
	if ((p = strchr(d, '.')) != NULL)
		*p = ',';
	return d;
}

/*
 * GET /feedback for a professional: per finished quarter of the last
 * year, the number of answers about their organisation is said only as
 * "fewer than 5" or shown with the mean and the texts (lib/policy).
 */
int
h_feedback_results(struct req *r)
{
	const char		*p[2] = { r->sess.person_id_s, NULL };
	struct pol_actor	 a;
	struct tctx		*c = page_ctx(r), *it, *tx;
	PGresult		*res, *texts;
	enum db_err		 e;
	int			 i, j;

	memset(&a, 0, sizeof(a));
	a.kind = POL_PROFESSIONAL;
	a.person_id = r->sess.person_id;
	if ((e = db_exec(r->db, ST_FB_QUARTERS, p, &res)) != DB_OK)
		return db_status(e);
	tctx_str(c, "organisation", db_rows(res) > 0 ?
	    db_val(res, 0, FQ_ORG_NAME) : "");
	tctx_long(c, "min", POL_FEEDBACK_MIN);
	tctx_list(c, "quarters");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "quarters")) == NULL)
			return 500;
		tctx_date(it, "from", db_val(res, i, FQ_FROM));
		tctx_date(it, "to", db_val(res, i, FQ_TO));
		tctx_list(it, "texts");
		/* five answers may be one family's: the fewer of answers
		 * and of people who gave them (sql/048) */
		if (!policy_feedback_shown(&a, db_long(res, i, FQ_N) <
		    db_long(res, i, FQ_PEOPLE) ? db_long(res, i, FQ_N) :
		    db_long(res, i, FQ_PEOPLE))) {
			tctx_bool(it, "shown", 0);
			continue;
		}
		tctx_bool(it, "shown", 1);
		tctx_long(it, "n", db_long(res, i, FQ_N));
		tctx_str(it, "mean", decimal(r, db_val(res, i, FQ_MEAN)));
		p[0] = db_val(res, i, FQ_ORG);
		p[1] = db_val(res, i, FQ_QUARTER);
		if ((e = db_exec(r->db, ST_FB_TEXTS, p, &texts)) != DB_OK)
			return db_status(e);
		for (j = 0; j < db_rows(texts); j++) {
			if ((tx = tctx_list_add(it, "texts")) == NULL)
				return 500;
			tctx_str(tx, "text", db_val(texts, j, 0));
		}
	}
	if ((e = req_audit(r, "feedback.read", "organisation",
	    db_rows(res) > 0 ? db_val(res, 0, FQ_ORG) : "", NULL,
	    "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "feedback-uitkomst", N_("Hoe was de hulp?"), c);
}
