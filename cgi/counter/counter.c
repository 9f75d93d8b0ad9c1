/*
 * counter.c - the municipal counter (DESIGN.md section 9): a clerk finds
 * a citizen (GET/POST /balie), starts an assisted session for them after
 * checking who they are and asking whether they want help
 * (POST /balie/sessie), and stops it (POST /balie/sessie/stop: to the
 * receipt, receipt.c).
 *
 * What a session means for every other page is not here: lib/session
 * loads a clerk's request as the citizen while the session is live,
 * cgi/app/app.c keeps these counter pages (routes.c flag "counter") the
 * clerk's, and cgi/core/reqaudit.c names both in every audit row.
 *
 * A search shows at most 3 people, found by exact surname and birth date
 * only, each with an opaque `person` id: the person's public id and an
 * HMAC of it bound to the clerk's log-in (so an id works only for the
 * clerk who searched, in that log-in). Every search is audited with what
 * was searched.
 */
#include <ctype.h>
#include <string.h>

#include "audit.h"
#include "form.h"
#include "core/portal.h"
#include "counter/counter.h"
#include "util.h"

#define PUBLIC_ID_LEN	22	/* opaque_id(): 16 bytes, base64url */
#define PERSON_MAC_LEN	32	/* hex characters of the HMAC kept */
#define MAX_FOUND	3

/* Citizens with surname $1 (as typed, case aside) born on $2: at most 3. */
static const struct stmt_def ST_COUNTER_FIND[1] = {{ "counter_find",
	"SELECT p.public_id, p.given_name, p.family_name, "
	"       to_char(p.birth_date, 'DD-MM-YYYY'), a.person_id IS NOT NULL "
	"  FROM person p LEFT JOIN account a ON a.person_id = p.id "
	" WHERE p.kind = 'citizen' AND lower(p.family_name) = lower($1) "
	"   AND p.birth_date = $2::date "
	" ORDER BY p.given_name, p.id LIMIT 3", 2, 5 }};
enum { FIND_ID, FIND_GIVEN, FIND_FAMILY, FIND_BORN, FIND_LOGIN };

/* The citizen with public id $1. */
static const struct stmt_def ST_COUNTER_PERSON[1] = {{ "counter_person",
	"SELECT p.id, p.given_name, p.family_name, "
	"       to_char(p.birth_date, 'DD-MM-YYYY'), "
	"       EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id) "
	"  FROM person p WHERE p.public_id = $1 AND p.kind = 'citizen'",
	1, 5 }};
enum { PERSON_ID, PERSON_GIVEN, PERSON_FAMILY, PERSON_BORN, PERSON_LOGIN };

/* $1 clerk, $2 citizen, $3 the clerk's log-in session hash (hex), $4 the
 * kind of document, $5 its last 3 characters: a new assisted session,
 * unless this log-in has one open. */
static const struct stmt_def ST_ASSIST_START[1] = {{ "assist_start",
	"INSERT INTO assist_session (clerk_id, citizen_id, login_hash, "
	"  id_document, id_last3, agrees) "
	"VALUES ($1, $2, decode($3, 'hex'), $4, $5, true) "
	"ON CONFLICT DO NOTHING RETURNING public_id", 5, 1 }};

/* The public id of citizen $1 (id). */
static const struct stmt_def ST_COUNTER_CITIZEN[1] = {{ "counter_citizen",
	"SELECT public_id FROM person WHERE id = $1 AND kind = 'citizen'",
	1, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_COUNTER_CITIZEN,
	ST_COUNTER_FIND,
	ST_COUNTER_PERSON,
	ST_ASSIST_START,
};
const struct stmt_table counter_stmts = {
	"counter/counter.c", stmts, NELEM(stmts)
};

enum { S_FAMILY, S_BORN, S__MAX };
static const struct form_spec search_form[S__MAX] = {
	[S_FAMILY] = { .name = "family_name", .kind = FORM_LINE,
	    .required = 1, .max_chars = 100,
	    .msg_missing = N_("Vul de achternaam in."),
	    .msg_too_long = N_("Deze achternaam is te lang."),
	    .msg_invalid = N_("Vul de achternaam in.") },
	[S_BORN] = { .name = "birth_date", .kind = FORM_DATE, .required = 1,
	    .max_chars = 10,
	    .msg_missing = N_("Vul de geboortedatum in."),
	    .msg_too_long = N_("Vul een echte datum in, zoals 1988-03-14."),
	    .msg_invalid = N_("Vul een echte datum in, zoals 1988-03-14.") },
};

static const char *const id_documents[] = {
	"paspoort", "id-kaart", "rijbewijs", "verblijfsdocument", NULL
};
static const struct label id_document_labels[] = {
	{ "paspoort", N_("Paspoort") },
	{ "id-kaart", N_("Identiteitskaart") },
	{ "rijbewijs", N_("Rijbewijs") },
	{ "verblijfsdocument", N_("Verblijfsdocument") },
};

enum { T_PERSON, T_DOCUMENT, T_LAST3, T_AGREES, T__MAX };
static const struct form_spec start_form[T__MAX] = {
	[T_PERSON] = { .name = "person", .kind = FORM_ID, .required = 1,
	    .max_chars = PUBLIC_ID_LEN + PERSON_MAC_LEN },
	[T_DOCUMENT] = { .name = "id_document", .kind = FORM_CHOICE, .max_chars = 20,
	    .required = 1, .choices = id_documents,
	    .msg_missing = N_("Kies het bewijs dat u hebt bekeken."),
	    .msg_invalid = N_("Kies het bewijs dat u hebt bekeken.") },
	[T_LAST3] = { .name = "id_last3", .kind = FORM_LINE, .required = 1,
	    .max_chars = 3,
	    .msg_missing = N_("Vul de laatste 3 tekens van het nummer in."),
	    .msg_too_long = N_("Vul alleen de laatste 3 tekens in. Niet het "
	    "hele nummer."),
	    .msg_invalid = N_("Vul de laatste 3 tekens van het nummer in.") },
	[T_AGREES] = { .name = "agrees", .kind = FORM_FLAG, .max_chars = 2,
	    .msg_invalid = N_("Vraag of de inwoner hulp wil.") },
};

/* The `person` id of public id pid for this clerk's log-in: pid and the
 * first PERSON_MAC_LEN hex characters of its HMAC. NULL on failure. */
static const char *
person_token(struct req *r, const char *pid)
{
	unsigned char	 mac[32];
	char		 hex[65];
	const char	*data;

	if (strlen(pid) != PUBLIC_ID_LEN ||
	    (data = arena_printf(r->a, "balie:%s:%s", r->sess.token,
	    pid)) == NULL ||
	    util_hmac_sha256(r->app->secret, r->app->secretlen, data,
	    strlen(data), mac) == -1)
		return NULL;
	util_hex(mac, sizeof(mac), hex);
	hex[PERSON_MAC_LEN] = '\0';
	return arena_printf(r->a, "%s%s", pid, hex);
}

const char *
counter_person_of(struct req *r, const char *tok)
{
	const char	*pid, *want;

	if (strlen(tok) != PUBLIC_ID_LEN + PERSON_MAC_LEN ||
	    (pid = arena_strndup(r->a, tok, PUBLIC_ID_LEN)) == NULL ||
	    (want = person_token(r, pid)) == NULL ||
	    !util_ct_streq(want, tok))
		return NULL;
	return pid;
}

/* One person found (or being helped) into list "results" of c. */
static int
add_result(struct req *r, struct tctx *c, const char *tok, const char *given,
    const char *family, const char *born, int login, const char *prefix)
{
	struct tctx	*it;
	size_t		 i;
	struct tctx	*d;

	if ((it = tctx_list_add(c, "results")) == NULL)
		return -1;
	tctx_str(it, "person", tok);
	tctx_nl(it, "name", arena_printf(r->a, "%s %s", given, family));
	tctx_str(it, "born", born);
	tctx_bool(it, "no_login", !login);
	tctx_str(it, "p", prefix);
	tctx_list(it, "documents");
	for (i = 0; id_documents[i] != NULL; i++) {
		if ((d = tctx_list_add(it, "documents")) == NULL)
			return -1;
		tctx_str(d, "value", id_documents[i]);
		tctx_str(d, "label", LABEL(id_document_labels,
		    id_documents[i]));
		tctx_strf(d, "id", "%sid_document%s%s", prefix,
		    i == 0 ? "" : "-", i == 0 ? "" : id_documents[i]);
	}
	return 0;
}

/* What every /balie page shows: the session being run, if any. */
static struct tctx *
counter_ctx(struct req *r)
{
	struct tctx	*c = page_ctx(r);
	static const char *const blank[] = { "helping_name", "helping_ends",
	    "family_name_error", "birth_date_error", "person_error",
	    "id_document_error", "id_last3_error", "agrees_error" };
	size_t		 i;

	for (i = 0; i < NELEM(blank); i++)
		tctx_str(c, blank[i], "");
	tctx_bool(c, "searched", 0);
	tctx_bool(c, "found", 0);
	page_form_errors(r, c, NULL, 0);
	tctx_bool(c, "helping", r->sess.assisted_by.live);
	tctx_str(c, "helping_person", "");
	if (r->sess.assisted_by.live) {
		tctx_nl(c, "helping_name", arena_printf(r->a, "%s %s",
		    r->sess.assisted_by.citizen_given_name,
		    r->sess.assisted_by.citizen_family_name));
		tctx_str(c, "helping_ends", r->sess.assisted_by.ends_at);
	}
	tctx_list(c, "results");
	return c;
}

int
h_counter(struct req *r)
{
	struct tctx	*c = counter_ctx(r);
	const char	*params[1] = { r->sess.assisted_by.citizen_id_s };
	const char	*tok;
	PGresult	*res;
	enum db_err	 e;

	/* while helping: the activation letter for this citizen */
	if (r->sess.assisted_by.live) {
		if ((e = db_exec(r->db, ST_COUNTER_CITIZEN, params,
		    &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1 || (tok = person_token(r,
		    db_val(res, 0, 0))) == NULL)
			return 500;
		tctx_str(c, "helping_person", tok);
	}

	tctx_str(c, "family_name", "");
	tctx_str(c, "birth_date", "");
	return page_render(r, "balie", N_("Balie: iemand helpen"), c);
}

int
h_counter_search(struct req *r)
{
	struct tctx		*c = counter_ctx(r);
	const char		*v[S__MAX], *what, *tok;
	struct form_error	 errs[S__MAX];
	size_t			 nerr = 0;
	PGresult		*res;
	enum db_err		 e;
	int			 i;

	if (form_read(&r->rq->form, search_form, S__MAX, v, errs, &nerr) == -1)
		return 400;
	tctx_str(c, "family_name", v[S_FAMILY]);
	tctx_str(c, "birth_date", v[S_BORN]);
	tctx_str(c, "family_name_error", i18n_gettext(form_error_for(errs,
	    nerr, "family_name")));
	tctx_str(c, "birth_date_error", i18n_gettext(form_error_for(errs,
	    nerr, "birth_date")));
	if (nerr > 0) {
		page_form_errors(r, c, errs, nerr);
		r->rs->status = 400;
		return page_render(r, "balie", N_("Balie: iemand helpen"), c);
	}
	/* What was searched, for the audit log (not a hint of a match). */
	if ((what = arena_printf(r->a, "family_name=%s birth_date=%s",
	    v[S_FAMILY], v[S_BORN])) == NULL)
		return 500;
	if ((e = db_exec(r->db, ST_COUNTER_FIND, v, &res)) != DB_OK ||
	    (e = req_audit(r, "counter.search", "search", what, NULL,
	    "allowed")) != DB_OK)
		return db_status(e);
	tctx_bool(c, "searched", 1);
	for (i = 0; i < db_rows(res) && i < MAX_FOUND; i++) {
		if ((tok = person_token(r, db_val(res, i, FIND_ID))) == NULL ||
		    add_result(r, c, tok, db_val(res, i, FIND_GIVEN),
		    db_val(res, i, FIND_FAMILY), db_val(res, i, FIND_BORN),
		    db_bool(res, i, FIND_LOGIN), arena_printf(r->a, "r%d-",
		    i + 1)) == -1)
			return 500;
	}
	tctx_bool(c, "found", db_rows(res) > 0);
	return page_render(r, "balie", N_("Balie: iemand helpen"), c);
}

/* 1 if s is exactly 3 letters or digits. */
static int
last3_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < 3; i++)
		if (!isalnum((unsigned char)s[i]) || (unsigned char)s[i] > 0x7f)
			return 0;
	return s[3] == '\0';
}

int
h_counter_start(struct req *r)
{
	struct tctx		*c;
	const char		*v[T__MAX], *pid, *params[5];
	char			 hash[SESSION_HASH_LEN + 1], last3[4];
	struct form_error	 errs[T__MAX + 1];
	struct audit_event	 ev;
	size_t			 nerr = 0, i;
	PGresult		*person, *res;
	enum db_err		 e;

	if (form_read(&r->rq->form, start_form, T__MAX, v, errs, &nerr) == -1)
		return 400;
	if ((pid = counter_person_of(r, v[T_PERSON])) == NULL)
		return 404;
	params[0] = pid;
	if ((e = db_exec(r->db, ST_COUNTER_PERSON, params, &person)) != DB_OK)
		return db_status(e);
	if (db_rows(person) != 1)
		return 404;
	if (form_error_for(errs, nerr, "id_last3") == NULL &&
	    !last3_ok(v[T_LAST3]))
		form_add_error(errs, NELEM(errs), &nerr, "id_last3",
		    start_form[T_LAST3].msg_invalid);
	if (strcmp(v[T_AGREES], "ja") != 0 &&
	    form_error_for(errs, nerr, "agrees") == NULL)
		form_add_error(errs, NELEM(errs), &nerr, "agrees",
		    N_("Vraag of de inwoner hulp wil. Zet dan een vinkje."));
	if (r->sess.assisted_by.live)
		form_add_error(errs, NELEM(errs), &nerr, "person",
		    N_("U helpt al iemand. Stop eerst met die hulp."));
	if (nerr > 0) {
		c = counter_ctx(r);
		tctx_str(c, "family_name", "");
		tctx_str(c, "birth_date", "");
		tctx_bool(c, "searched", 1);
		tctx_bool(c, "found", 1);
		tctx_str(c, "id_last3_error", i18n_gettext(form_error_for(errs,
		    nerr, "id_last3")));
		tctx_str(c, "id_document_error", i18n_gettext(form_error_for(
		    errs, nerr, "id_document")));
		tctx_str(c, "agrees_error", i18n_gettext(form_error_for(errs,
		    nerr, "agrees")));
		tctx_str(c, "person_error", i18n_gettext(form_error_for(errs,
		    nerr, "person")));
		if (add_result(r, c, v[T_PERSON], db_val(person, 0,
		    PERSON_GIVEN), db_val(person, 0, PERSON_FAMILY),
		    db_val(person, 0, PERSON_BORN), db_bool(person, 0,
		    PERSON_LOGIN), "") == -1)
			return 500;
		page_form_errors(r, c, errs, nerr);
		r->rs->status = 400;
		return page_render(r, "balie", N_("Balie: iemand helpen"), c);
	}
	for (i = 0; i < 3; i++)
		last3[i] = (char)toupper((unsigned char)v[T_LAST3][i]);
	last3[3] = '\0';
	if (session_hash(r->sess.token, hash) == -1)
		return 500;
	params[0] = r->sess.person_id_s;
	params[1] = db_val(person, 0, PERSON_ID);
	params[2] = hash;
	params[3] = v[T_DOCUMENT];
	params[4] = last3;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_ASSIST_START, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 409;	/* another tab started one meanwhile */
	/* The start is the session's first row (receipt.c): on behalf of
	 * the citizen from now on. */
	req_event(r, &ev, "counter.session.start", "assist",
	    db_val(res, 0, 0), NULL, "allowed");
	ev.on_behalf_of = db_val(person, 0, PERSON_ID);
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/");
}

int
h_counter_stop(struct req *r)
{
	char		 hash[SESSION_HASH_LEN + 1];
	const char	*params[1] = { hash }, *id = r->sess.assisted_by.id;
	const char	*to;
	PGresult	*res;
	enum db_err	 e;

	if (id == NULL)
		return page_redirect(r, "/balie");
	if ((to = arena_printf(r->a, "/balie/bon/%s", id)) == NULL)
		return 500;
	if (!r->sess.assisted_by.live)
		return page_redirect(r, to);
	if (session_hash(r->sess.token, hash) == -1)
		return 500;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_ASSIST_CLOSE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 409;
	if ((e = req_audit(r, "counter.session.stop", "assist", id, NULL,
	    "allowed")) != DB_OK || (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, to);
}
