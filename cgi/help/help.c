/*
 * help.c - "Hulp vragen" (issue 18, part 1): a family member, or a clerk
 * in their assisted session at the counter, says in their own words what
 * they need, how urgent it is and how they want to be contacted.
 *
 *   GET  /hulp-vragen             the member's own help requests, with
 *                                 their state and what happens next, and
 *                                 the form
 *   POST /hulp-vragen             a new one (body, urgency, contact)
 *   GET  /hulp-vragen/{id}        one; the writer, or its team
 *   POST /hulp-vragen/{id}/stand  the team marks it (status = contact:
 *                                 "iemand neemt contact op", with a note
 *                                 the member reads; afgerond)
 *
 * Where it goes: the family's local team, the organisation of the
 * professionals assigned to the family now (a wijkteam first); when
 * nobody works with the family, the municipal intake of the
 * configuration (help_intake, an organisation's slug). The request, its
 * audit row, one mail to that organisation's intake (intake_email, else
 * notify_email; no dossier text, a link) and one webhook event
 * `help.requested` (opaque ids, the urgency) are stored in one
 * transaction. Who sees one is lib/policy's (policy_help_access):
 * anybody else gets 404, as for documents.
 *
 * "nu" shows a fixed notice before anything else on the page (112,
 * Veilig Thuis): it is the choice that decides, never the text.
 */
#include <string.h>

#include "log.h"
#include "core/draft.h"
#include "core/portal.h"
#include "help/help.h"
#include "stmts.h"
#include "util.h"

/* The days of a help request as Unix times at noon in the Netherlands. */
#define HELP_NOON(d) "extract(epoch FROM ((" d ") + time '12:00') " \
	"AT TIME ZONE 'Europe/Amsterdam')::bigint"

/* Columns of a help request (enum help_col) as person $1 sees it. */
#define HELP_COLUMNS \
	"SELECT h.public_id, h.body, h.urgency, h.contact, h.status, " \
	"  extract(epoch FROM h.created_at)::bigint, " \
	"  " HELP_NOON("h.contact_by") ", " \
	"  coalesce(extract(epoch FROM h.contact_at)::bigint, 0), " \
	"  h.contact_note, " \
	"  coalesce(extract(epoch FROM h.done_at)::bigint, 0), " \
	"  o.name, coalesce(cp.given_name || ' ' || cp.family_name, ''), " \
	"  h.author_id, h.family_id, " \
	"  ap.given_name || ' ' || ap.family_name, f.name, " \
	"  " HELP_ASSIGNED("h") ", " HELP_INTAKE("h") ", h.id, " \
	"  h.helped_by IS NOT NULL, h.contact_by < " \
	"    (now() AT TIME ZONE 'Europe/Amsterdam')::date, " \
	"  coalesce(cd.phone, ''), coalesce(cd.email, '') " \
	"FROM help_request h JOIN organisation o ON o.id = h.organisation_id " \
	"JOIN person ap ON ap.id = h.author_id " \
	"JOIN family f ON f.id = h.family_id " \
	"LEFT JOIN person cp ON cp.id = h.contact_person " \
	"LEFT JOIN contact_details cd ON cd.person_id = h.author_id "
enum help_col {
	H_PUBLIC_ID, H_BODY, H_URGENCY, H_CONTACT, H_STATUS, H_CREATED,
	H_CONTACT_BY, H_CONTACT_AT, H_NOTE, H_DONE_AT, H_TEAM, H_CONTACT_PERSON,
	H_AUTHOR_ID, H_FAMILY, H_AUTHOR, H_FAMILY_NAME, H_ASSIGNED, H_INTAKE,
	H_ID, H_AT_COUNTER, H_LATE, H_PHONE, H_EMAIL, H__N
};

/* One page of person $1's own help requests, newest first (issue 21:
 * keyset on (created_at, id), no cap): $2 the public id of the request
 * the page starts after ("": the newest), $3 how many. A cursor that is
 * not one of $1's own requests gives no rows (the caller shows the
 * first page). */
static const struct stmt_def ST_HELP_LIST[1] = {{ "help_list",
	"WITH cur AS (SELECT coalesce(max(created_at), 'infinity') AS t, "
	"    coalesce(max(id), 9223372036854775807) AS i, count(*) AS n "
	"    FROM help_request WHERE public_id = $2 AND author_id = $1) "
	HELP_COLUMNS
	"CROSS JOIN cur "
	"WHERE h.author_id = $1 AND ($2 = '' OR cur.n = 1) "
	"  AND (h.created_at, h.id) < (cur.t, cur.i) "
	"ORDER BY h.created_at DESC, h.id DESC LIMIT $3::int", 3, H__N }};

/* Help request $2 (public id) with the facts about person $1. */
static const struct stmt_def ST_HELP_ONE[1] = {{ "help_one", HELP_COLUMNS
	"WHERE h.public_id = $2", 2, H__N }};

/* The team of family $1: the organisation of a professional assigned to
 * it now (a wijkteam first), else the municipal intake ($2, a slug; ''
 * for none). No row: there is nobody to send it to. */
static const struct stmt_def ST_HELP_TEAM[1] = {{ "help_team",
	"SELECT id, via FROM ("
	"  SELECT pr.organisation_id AS id, false AS via, "
	"    o.kind = 'wijkteam' AS local "
	"    FROM assignment_now a JOIN professional pr "
	"      ON pr.person_id = a.professional_id "
	"    JOIN organisation o ON o.id = pr.organisation_id "
	"   WHERE a.family_id = $1::bigint "
	"  UNION ALL "
	"  SELECT o.id, true, false FROM organisation o WHERE o.slug = $2 "
	"     AND NOT EXISTS (SELECT 1 FROM assignment_now a "
	"       WHERE a.family_id = $1::bigint)) t "
	"ORDER BY via, local DESC, id LIMIT 1", 2, 2 }};
enum { T_ID, T_VIA };

/* A new help request: $1 family, $2 author, $3 clerk who helped (NULL),
 * $4 text, $5 urgency, $6 contact, $7 team, $8 via the intake, $9 form
 * nonce. No row back: this form was already sent. */
static const struct stmt_def ST_HELP_INSERT[1] = {{ "help_insert",
	"INSERT INTO help_request (family_id, author_id, helped_by, body, "
	"  urgency, contact, organisation_id, via_intake, form_nonce) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING "
	"RETURNING public_id", 9, 1 }};

/* Whether person $1 already sent exactly this ($3 text, $4 urgency,
 * $5 contact) with form nonce $2. */
static const struct stmt_def ST_HELP_SAME[1] = {{ "help_same",
	"SELECT EXISTS (SELECT 1 FROM help_request WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND urgency = $4 "
	"  AND contact = $5)", 5, 1 }};

/* The mail ($2 subject, $3 text) to the intake of organisation $1: its
 * intake_email, else its notify_email; none: no mail (the worklist
 * still shows it). */
static const struct stmt_def ST_HELP_MAIL[1] = {{ "help_mail",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', coalesce(o.intake_email, o.notify_email), $2, $3 "
	"  FROM organisation o WHERE o.id = $1::bigint "
	"   AND coalesce(o.intake_email, o.notify_email) IS NOT NULL", 3, 0 }};

/* Event help.requested about help request $2 (public id) of family $3
 * with urgency $4, for the system of team $1 (opaque ids and codes, never
 * the text), like ST_REQUEST_WEBHOOK. */
static const struct stmt_def ST_HELP_WEBHOOK[1] = {{ "help_webhook",
	"INSERT INTO outbox (kind, recipient, subject, body, organisation_id) "
	"SELECT 'webhook', o.webhook_url, 'help.requested', json_build_object("
	"    'event', 'help.requested', 'help', $2::text, "
	"    'family', (SELECT public_id FROM family WHERE id = $3::bigint), "
	"    'urgency', $4::text, "
	"    'at', to_char(now() AT TIME ZONE 'UTC', "
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text, o.id "
	"  FROM organisation o WHERE o.id = $1::bigint "
	"   AND o.webhook_url IS NOT NULL AND o.webhook_secret IS NOT NULL",
	4, 0 }};

/* Professional $3 marks help request $1: $2 'contact' (with note $4; may
 * be said again, to change the note) or 'afgerond'. No row: it was done
 * already. */
static const struct stmt_def ST_HELP_MARK[1] = {{ "help_mark",
	"UPDATE help_request SET status = $2, "
	"  contact_at = CASE WHEN $2 = 'contact' THEN now() "
	"    ELSE contact_at END, "
	"  contact_person = CASE WHEN $2 = 'contact' THEN $3::bigint "
	"    ELSE contact_person END, "
	"  contact_note = CASE WHEN $2 = 'contact' THEN $4 "
	"    ELSE contact_note END, "
	"  done_at = CASE WHEN $2 = 'afgerond' THEN now() END, "
	"  done_by = CASE WHEN $2 = 'afgerond' THEN $3::bigint END "
	"WHERE id = $1 AND status <> 'afgerond' RETURNING 1", 4, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_HELP_LIST,
	ST_HELP_ONE,
	ST_HELP_TEAM,
	ST_HELP_INSERT,
	ST_HELP_SAME,
	ST_HELP_MAIL,
	ST_HELP_WEBHOOK,
	ST_HELP_MARK,
};
const struct stmt_table help_stmts = {
	"help/help.c", stmts, NELEM(stmts)
};

#define HELP_MAX	2000	/* characters */
#define NOTE_MAX	500

enum { F_BODY, F_URGENCY, F_CONTACT, F_NONCE, F__MAX };

static const char *const urgency_codes[] = { "nu", "deze-week",
    "geen-haast", NULL };
static const char *const contact_codes[] = { "telefoon", "e-mail",
    "portaal", "balie", NULL };

static const struct form_spec help_form[F__MAX] = {
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = HELP_MAX,
	    .msg_missing = N_("Schrijf waar u hulp bij wilt."),
	    .msg_too_long = N_("Uw tekst is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_URGENCY] = { .name = "urgency", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 16,
	    .msg_missing = N_("Kies hoe snel u hulp nodig heeft."),
	    .msg_invalid = N_("Kies hoe snel u hulp nodig heeft."),
	    .choices = urgency_codes },
	[F_CONTACT] = { .name = "contact", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 16,
	    .msg_missing = N_("Kies hoe wij contact met u opnemen."),
	    .msg_invalid = N_("Kies hoe wij contact met u opnemen."),
	    .choices = contact_codes },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

static const struct label urgencies[] = {
	{ "nu",		N_("Nu, het is dringend") },
	{ "deze-week",	N_("Deze week") },
	{ "geen-haast",	N_("Het heeft geen haast") },
};

static const struct label contacts[] = {
	{ "telefoon",	N_("Bel mij op") },
	{ "e-mail",	N_("Stuur mij een e-mail") },
	{ "portaal",	N_("Stuur mij een bericht in het portaal") },
	{ "balie",	N_("Ik kom naar de balie") },
};

static const struct label statuses[] = {
	{ "ontvangen",	N_("Ontvangen") },
	{ "contact",	N_("Iemand neemt contact op") },
	{ "afgerond",	N_("Afgerond") },
};

static enum db_err
audit_help(struct req *r, const char *action, const char *id,
    const char *family_id, const char *outcome)
{
	return req_audit(r, action, "help", id, family_id, outcome);
}

/* The logged-in person as lib/policy sees them for help request row i:
 * what they may do with it. */
static enum pol_help
help_access(const struct req *r, const PGresult *res, int i)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.person_id = r->sess.person_id;
	switch (r->role) {
	case ROLE_CITIZEN:
		/* also a clerk in the citizen's assisted session: the
		 * session layer made the request the citizen's */
		a.kind = POL_CITIZEN;
		break;
	case ROLE_PROFESSIONAL:
		a.kind = POL_PROFESSIONAL;
		a.assigned = db_bool(res, i, H_ASSIGNED);
		break;
	case ROLE_CLERK:
		a.kind = POL_CLERK;
		break;
	default:
		a.kind = POL_ANONYMOUS;
		break;
	}
	return policy_help_access(&a, db_long(res, i, H_AUTHOR_ID),
	    r->role == ROLE_PROFESSIONAL && db_bool(res, i, H_INTAKE));
}

/* What a page says about row i: the words, the choices, the state and
 * what happens next. */
static void
help_fill(struct tctx *c, const PGresult *res, int i)
{
	const char	*st = db_val(res, i, H_STATUS);
	const char	*urg = db_val(res, i, H_URGENCY);
	int		 received = strcmp(st, "ontvangen") == 0;

	tctx_str(c, "help_id", db_val(res, i, H_PUBLIC_ID));
	tctx_str(c, "help_text", db_val(res, i, H_BODY));
	tctx_str(c, "urgency_label", LABEL(urgencies, urg));
	tctx_str(c, "contact_label", LABEL(contacts, db_val(res, i,
	    H_CONTACT)));
	tctx_str(c, "status_label", LABEL(statuses, st));
	tctx_str(c, "status", st);
	tctx_bool(c, "is_received", received);
	tctx_bool(c, "is_contact", strcmp(st, "contact") == 0);
	tctx_bool(c, "is_done", strcmp(st, "afgerond") == 0);
	tctx_bool(c, "is_now", strcmp(urg, "nu") == 0);
	/* the day someone should have called has passed */
	tctx_bool(c, "is_late", received && db_bool(res, i, H_LATE));
	tctx_str(c, "team", db_val(res, i, H_TEAM));
	tctx_str(c, "contact_person", db_val(res, i, H_CONTACT_PERSON));
	tctx_str(c, "note", db_val(res, i, H_NOTE));
	tctx_str(c, "author", db_val(res, i, H_AUTHOR));
	tctx_str(c, "family_name", db_val(res, i, H_FAMILY_NAME));
	tctx_bool(c, "at_counter", db_bool(res, i, H_AT_COUNTER));
	tctx_date(c, "made", db_val(res, i, H_CREATED));
	tctx_date(c, "contact_by", db_val(res, i, H_CONTACT_BY));
	tctx_date(c, "contact_at", db_val(res, i, H_CONTACT_AT));
	tctx_date(c, "done_at", db_val(res, i, H_DONE_AT));
}

/* ---- the member's page: their requests and the form ---- */

struct help_form_state {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
};

/* The list's pages (issue 21): HELP_PER_PAGE, newest first; "Oudere
 * vragen om hulp" (?na=<request>) goes on, a cursor that is not one of
 * the person's own requests is the first page. */
#define HELP_PER_PAGE	50
#define HELP_READ	"51"	/* one more: is there an older page? */

static int
fill_list(struct req *r, struct tctx *c)
{
	const char		*params[3] = { r->sess.person_id_s, "",
				    HELP_READ };
	struct tctx		*it;
	PGresult		*res;
	int			 i, n = 0, rows, st, later;

	if ((st = req_page_after(r, ST_HELP_LIST, params, 1, &res, &later)) !=
	    0)
		return st;
	rows = db_rows(res) > HELP_PER_PAGE ? HELP_PER_PAGE : db_rows(res);
	tctx_bool(c, "helps_older", db_rows(res) > HELP_PER_PAGE);
	tctx_str(c, "helps_older_href", rows > 0 ? arena_printf(r->a,
	    "/hulp-vragen?na=%s", db_val(res, rows - 1, H_PUBLIC_ID)) : "");
	tctx_bool(c, "helps_later_page", later);
	tctx_list(c, "helps");
	for (i = 0; i < rows; i++) {
		if (help_access(r, res, i) == POL_HELP_NONE)
			continue;
		if ((it = tctx_list_add(c, "helps")) == NULL)
			return 500;
		help_fill(it, res, i);
		n++;
	}
	tctx_bool(c, "has_helps", n > 0);
	return 0;
}

static int
show(struct req *r, const struct help_form_state *f, const char *notice)
{
	struct tctx	*c = page_ctx(r);
	int		 st;

	if ((st = fill_list(r, c)) != 0)
		return st;
	tctx_bool(c, "urgency_nu", strcmp(f->v[F_URGENCY], "nu") == 0);
	tctx_bool(c, "urgency_deze_week", strcmp(f->v[F_URGENCY],
	    "deze-week") == 0);
	tctx_bool(c, "urgency_geen_haast", strcmp(f->v[F_URGENCY],
	    "geen-haast") == 0);
	tctx_bool(c, "contact_telefoon", strcmp(f->v[F_CONTACT],
	    "telefoon") == 0);
	tctx_bool(c, "contact_e_mail", strcmp(f->v[F_CONTACT], "e-mail") == 0);
	tctx_bool(c, "contact_portaal", strcmp(f->v[F_CONTACT],
	    "portaal") == 0);
	tctx_bool(c, "contact_balie", strcmp(f->v[F_CONTACT], "balie") == 0);
	/* "nu" chosen: the fixed notice first, before anything else */
	tctx_bool(c, "show_danger", strcmp(f->v[F_URGENCY], "nu") == 0);
	tctx_str(c, "body", f->v[F_BODY]);
	tctx_str(c, "body_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "body")));
	tctx_str(c, "urgency_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "urgency")));
	tctx_str(c, "contact_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "contact")));
	tctx_str(c, "no_team", notice != NULL ? i18n_gettext(notice) : "");
	page_form_errors(r, c, f->errs, f->nerr);
	tctx_str(c, "nonce", f->v[F_NONCE]);
	if ((st = db_status_ok(audit_help(r, "help.list", NULL, NULL,
	    "allowed"))) != 0)
		return st;
	return page_render(r, "hulp-vragen", N_("Hulp vragen"), c);
}

int
h_help(struct req *r)
{
	struct help_form_state	 f;
	char			*nonce;

	memset(&f, 0, sizeof(f));
	f.v[F_BODY] = f.v[F_URGENCY] = f.v[F_CONTACT] = "";
	if ((nonce = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
		return 500;
	form_nonce_new(nonce);
	f.v[F_NONCE] = nonce;
	/* a request sent after a time-out (core/draft.h) */
	if (draft_take(r, help_form, F__MAX, f.v) == -1)
		return 500;
	return show(r, &f, NULL);
}

/* The member's family: their first (as /verzoeken's "iets anders"). 0
 * with *family, or an HTTP status. */
static int
own_family(struct req *r, const char **family)
{
	const char	*params[1] = { r->sess.person_id_s };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_CITIZEN, params, &res)) !=
	    DB_OK)
		return db_status(e);
	if (db_rows(res) == 0)
		return 404;
	*family = db_val(res, 0, FAMILY_ID);
	return 0;
}

/* Inserts once per form (as requests.c): 1 stored (*id its public id),
 * 0 stored before with the same words, or minus a status. */
static int
insert_once(struct req *r, const char **params, const char **same,
    const char **id)
{
	PGresult	*res, *s;
	char		*fresh;
	enum db_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = db_exec(r->db, ST_HELP_INSERT, params, &res)) !=
		    DB_OK)
			return -db_status(e);
		if (db_rows(res) == 1) {
			*id = db_val(res, 0, 0);
			return 1;
		}
		if ((e = db_exec(r->db, ST_HELP_SAME, same, &s)) != DB_OK)
			return -db_status(e);
		if (db_bool(s, 0, 0))
			return 0;
		/* The same form with other words: a new request. */
		if ((fresh = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
			return -500;
		form_nonce_new(fresh);
		params[8] = same[1] = fresh;
	}
	return -500;
}

/* The request, its audit row, the mail and the webhook event: all or
 * nothing. 0 (*id the new request, or NULL when this form was stored
 * before), 1 when there is no team to send it to, or a status. */
static int
store(struct req *r, const char *family, const struct help_form_state *f,
    const char **id)
{
	const char	*team[2], *params[9], *same[5], *mail[3], *hook[4];
	struct tctx	*v;
	PGresult	*t;
	enum db_err	 e;
	int		 n;

	*id = NULL;
	team[0] = family;
	team[1] = r->app->cfg.help_intake != NULL ?
	    r->app->cfg.help_intake : "";
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_HELP_TEAM, team, &t)) != DB_OK)
		return db_status(e);
	if (db_rows(t) != 1) {
		log_error("help request: no team for family %s and no "
		    "help_intake organisation", family);
		db_rollback(r->db);
		return 1;
	}
	params[0] = family;
	params[1] = r->sess.person_id_s;
	params[2] = req_helped_by(r);
	params[3] = f->v[F_BODY];
	params[4] = f->v[F_URGENCY];
	params[5] = f->v[F_CONTACT];
	params[6] = db_val(t, 0, T_ID);
	params[7] = db_bool(t, 0, T_VIA) ? "true" : "false";
	params[8] = f->v[F_NONCE];
	same[0] = r->sess.person_id_s;
	same[1] = f->v[F_NONCE];
	same[2] = f->v[F_BODY];
	same[3] = f->v[F_URGENCY];
	same[4] = f->v[F_CONTACT];
	if ((n = insert_once(r, params, same, id)) < 0)
		return -n;
	if (n == 0)
		return db_status_ok(db_commit(r->db));
	if ((v = tctx_new(r->a, NULL)) == NULL)
		return 500;
	tctx_str(v, "help", *id);
	tctx_bool(v, "nu", strcmp(f->v[F_URGENCY], "nu") == 0);
	mail[0] = params[6];
	hook[0] = params[6];
	hook[1] = *id;
	hook[2] = family;
	hook[3] = f->v[F_URGENCY];
	if ((e = audit_help(r, "help.create", *id, family, "allowed")) !=
	    DB_OK ||
	    (e = mail_queue(r, "hulp-vraag", NULL, 0, v, ST_HELP_MAIL, mail,
	    1)) != DB_OK ||
	    (e = db_exec(r->db, ST_HELP_WEBHOOK, hook, NULL)) != DB_OK)
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

int
h_help_post(struct req *r)
{
	struct help_form_state	 f;
	const char		*family = NULL, *id;
	int			 st;

	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, help_form, F__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	f.v[F_BODY] = req_unix_lines(r, f.v[F_BODY]);
	if ((f.v[F_NONCE] = req_form_nonce(r)) == NULL)
		return 500;
	if (f.nerr > 0) {
		r->rs->status = 400;
		return show(r, &f, NULL);
	}
	if ((st = own_family(r, &family)) != 0)
		return st;
	if ((st = store(r, family, &f, &id)) == 1) {
		/* nobody to send it to: say whom to call, keep the text */
		r->rs->status = 503;
		return show(r, &f, N_("Wij kunnen uw vraag nu niet "
		    "doorsturen. Bel uw gemeente. Het nummer is 14 en dan het "
		    "netnummer van uw gemeente."));
	}
	if (st != 0)
		return st;
	if (id == NULL)		/* sent twice: the list shows it */
		return page_redirect(r, "/hulp-vragen");
	return page_redirect(r, arena_printf(r->a,
	    "/hulp-vragen/%s?verstuurd=1", id));
}

/* ---- one help request ---- */

/* Help request {id} for the logged-in person: 0 with *res (row 0) and
 * *access, or 404 (unknown, or not theirs to see: the same answer,
 * logged as a denial). */
static int
open_help(struct req *r, const char *action, PGresult **res,
    enum pol_help *access)
{
	const char	*params[2];
	enum db_err	 e;

	*access = POL_HELP_NONE;
	params[0] = r->sess.person_id_s;
	params[1] = route_param(&r->params, "id");
	if ((e = db_exec(r->db, ST_HELP_ONE, params, res)) != DB_OK)
		return db_status(e);
	*access = db_rows(*res) == 1 ? help_access(r, *res, 0) :
	    POL_HELP_NONE;
	if (*access == POL_HELP_NONE) {
		if ((e = audit_help(r, action, params[1],
		    db_rows(*res) == 1 ? db_val(*res, 0, H_FAMILY) : NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	return 0;
}

static int
show_one(struct req *r, const PGresult *res, enum pol_help access,
    const char *note, const struct form_error *errs, size_t nerr)
{
	struct tctx	*c = page_ctx(r);
	enum db_err	 e;
	int		 team = access == POL_HELP_MARK;

	help_fill(c, res, 0);
	tctx_bool(c, "is_team", team);
	tctx_bool(c, "show_danger", !team &&
	    strcmp(db_val(res, 0, H_URGENCY), "nu") == 0 &&
	    strcmp(db_val(res, 0, H_STATUS), "afgerond") != 0);
	tctx_bool(c, "sent", http_fields_get(&r->rq->query, "verstuurd") !=
	    NULL);
	/* the team reaches the writer the way they asked */
	tctx_str(c, "phone", team ? db_val(res, 0, H_PHONE) : "");
	tctx_str(c, "email", team ? db_val(res, 0, H_EMAIL) : "");
	tctx_bool(c, "can_mark", team &&
	    strcmp(db_val(res, 0, H_STATUS), "afgerond") != 0);
	tctx_str(c, "note_input", note != NULL ? note :
	    db_val(res, 0, H_NOTE));
	tctx_str(c, "note_error", i18n_gettext(form_error_for(errs, nerr,
	    "note")));
	page_form_errors(r, c, errs, nerr);
	if ((e = audit_help(r, "help.read", db_val(res, 0, H_PUBLIC_ID),
	    db_val(res, 0, H_FAMILY), "allowed")) != DB_OK)
		return db_status(e);
	/* the writer's phone and e-mail read by the team: a row about them */
	if (team && (db_val(res, 0, H_PHONE)[0] != '\0' ||
	    db_val(res, 0, H_EMAIL)[0] != '\0') &&
	    (e = req_audit(r, "contact.read", "person", db_val(res, 0,
	    H_AUTHOR_ID), db_val(res, 0, H_FAMILY), "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "hulp-vraag", N_("Uw vraag om hulp"), c);
}

int
h_help_one(struct req *r)
{
	PGresult	*res;
	enum pol_help	 access = POL_HELP_NONE;
	int		 st;

	if ((st = open_help(r, "help.read", &res, &access)) != 0)
		return st;
	return show_one(r, res, access, NULL, NULL, 0);
}

int
h_help_mark(struct req *r)
{
	static const char *const status_codes[] = { "contact", "afgerond",
	    NULL };
	static const struct form_spec spec[] = {
		{ .name = "status", .kind = FORM_CHOICE, .required = 1,
		    .max_chars = 16, .choices = status_codes },
		{ .name = "note", .kind = FORM_TEXT, .max_chars = NOTE_MAX,
		    .msg_too_long = N_("Uw tekst is te lang. U kunt 500 "
		    "tekens gebruiken.") },
	};
	const char		*v[2] = { "", "" }, *p[4];
	struct form_error	 errs[3];
	size_t			 nerr = 0;
	PGresult		*res, *done;
	enum pol_help		 access = POL_HELP_NONE;
	enum db_err		 e;
	int			 st;

	if ((st = open_help(r, "help.mark", &res, &access)) != 0)
		return st;
	if (access != POL_HELP_MARK) {
		if ((e = audit_help(r, "help.mark", db_val(res, 0,
		    H_PUBLIC_ID), db_val(res, 0, H_FAMILY), "denied")) !=
		    DB_OK)
			return db_status(e);
		r->deny_reason = N_("Alleen het team van het gezin kan dit "
		    "doen.");
		return 403;
	}
	if (form_read(&r->rq->form, spec, NELEM(spec), v, errs, &nerr) == -1)
		return 400;
	v[1] = req_unix_lines(r, v[1]);
	if (nerr > 0) {
		r->rs->status = 400;
		return show_one(r, res, access, v[1], errs, nerr);
	}
	p[0] = db_val(res, 0, H_ID);
	p[1] = v[0];
	p[2] = r->sess.person_id_s;
	p[3] = v[1];
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_HELP_MARK, p, &done)) != DB_OK)
		return db_status(e);
	if (db_rows(done) == 0) {
		/* done already (another professional, a second click):
		 * nothing changes, the page shows it */
		db_rollback(r->db);
		return page_redirect(r, arena_printf(r->a,
		    "/hulp-vragen/%s", db_val(res, 0, H_PUBLIC_ID)));
	}
	if ((e = audit_help(r, strcmp(v[0], "afgerond") == 0 ?
	    "help.done" : "help.contact", db_val(res, 0, H_PUBLIC_ID),
	    db_val(res, 0, H_FAMILY), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/hulp-vragen/%s",
	    db_val(res, 0, H_PUBLIC_ID)));
}
