/*
 * activation.c - the counter's activation letter and /activeren
 * (DESIGN.md section 9, issue 14 part 5).
 *
 * POST /balie/activatie (the clerk, in a live assisted session): a letter
 * to print for the citizen of the session, with a random single-use code
 * valid 14 days. Only the code's SHA-256 is stored; a new letter ends the
 * person's older codes. The clerk never sees or sets a password.
 *
 * GET/POST /activeren (anyone): with the letter's code the citizen makes
 * their own log-in (a user name they choose and a password), or, when
 * they have one, sets a new password for it (the way back after a
 * forgotten password). A wrong, used or expired code is one B1 answer,
 * throttled together with wrong passwords for that user name (lib/auth),
 * and audited.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "form.h"
#include "core/portal.h"
#include "counter/counter.h"
#include "util.h"

#define CODE_CHARS	12	/* 12 of 32 symbols: 60 bits */
#define MIN_PASSWORD	10

/* The citizen $1 (id) of the running session: name, public id, user name
 * ("" without a log-in). */
static const struct stmt_def ST_ACTIVATION_PERSON[1] = {{
	"activation_person",
	"SELECT p.given_name || ' ' || p.family_name, p.public_id, "
	"       coalesce(a.username, '') "
	"  FROM person p LEFT JOIN account a ON a.person_id = p.id "
	" WHERE p.id = $1 AND p.kind = 'citizen'", 1, 3 }};
enum { AP_NAME, AP_PUBLIC, AP_USERNAME };

/* A new code for person $1 (hash $2, hex) made by clerk $3; the older
 * codes of $1 end. The last day it works, as a Unix time. */
static const struct stmt_def ST_ACTIVATION_NEW[1] = {{ "activation_new",
	"WITH old AS (UPDATE activation_code SET expires_at = now() "
	"  WHERE person_id = $1 AND used_at IS NULL AND expires_at > now() "
	"  RETURNING 1) "
	"INSERT INTO activation_code (person_id, code_hash, created_by) "
	"SELECT $1, decode($2, 'hex'), $3 "
	"  FROM (SELECT count(*) FROM old) o "
	"RETURNING extract(epoch FROM expires_at)::bigint", 3, 1 }};

/* Code $1 (hash, hex) used for user name $2 with password hash $3
 * (024_counter.sql: activation_use): the person's id, 'bad' or 'taken'. */
static const struct stmt_def ST_ACTIVATION_USE[1] = {{ "activation_use",
	"SELECT activation_use(decode($1, 'hex'), $2, $3)", 3, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_ACTIVATION_PERSON,
	ST_ACTIVATION_NEW,
	ST_ACTIVATION_USE,
};
const struct stmt_table activation_stmts = {
	"counter/activation.c", stmts, NELEM(stmts)
};

/* Letters and digits that cannot be mistaken for one another. */
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/* The SHA-256 (hex) of a code as typed: blanks and dashes left out, in
 * capitals. NULL when it is not CODE_CHARS symbols of the alphabet. */
static const char *
code_hash(struct req *r, const char *typed)
{
	char		 norm[CODE_CHARS + 1], *hex;
	unsigned char	 h[32];
	size_t		 n = 0;
	char		 ch;

	for (; *typed != '\0'; typed++) {
		if (*typed == ' ' || *typed == '-')
			continue;
		ch = (char)toupper((unsigned char)*typed);
		if (n == CODE_CHARS || strchr(code_alphabet, ch) == NULL ||
		    ch == '\0')
			return NULL;
		norm[n++] = ch;
	}
	if (n != CODE_CHARS)
		return NULL;
	norm[n] = '\0';
	util_sha256(norm, n, h);
	if ((hex = arena_alloc(r->a, 65)) == NULL)
		return NULL;
	util_hex(h, sizeof(h), hex);
	return hex;
}

int
h_counter_activation(struct req *r)
{
	static const struct form_spec spec[1] = {{ .name = "person",
	    .kind = FORM_ID, .required = 1, .max_chars = 64 }};
	const char	*v[1], *params[3], *hash, *who;
	char		 code[CODE_CHARS + 1], shown[CODE_CHARS + 3];
	unsigned char	 rnd[CODE_CHARS];
	struct form_error errs[1];
	struct tctx	*c;
	PGresult	*p, *res;
	size_t		 nerr = 0, i;
	enum db_err	 e;

	if (form_read(&r->rq->form, spec, 1, v, errs, &nerr) == -1 ||
	    nerr > 0)
		return 400;
	if (!r->sess.assisted_by.live)
		return 404;
	params[0] = r->sess.assisted_by.citizen_id_s;
	if ((e = db_exec(r->db, ST_ACTIVATION_PERSON, params, &p)) != DB_OK)
		return db_status(e);
	/* only the citizen of the running session */
	if (db_rows(p) != 1 || (who = counter_person_of(r, v[0])) == NULL ||
	    strcmp(who, db_val(p, 0, AP_PUBLIC)) != 0)
		return 404;
	if (util_random(rnd, sizeof(rnd)) == -1)
		return 500;
	for (i = 0; i < CODE_CHARS; i++)
		code[i] = code_alphabet[rnd[i] % (sizeof(code_alphabet) - 1)];
	code[CODE_CHARS] = '\0';
	if ((hash = code_hash(r, code)) == NULL)
		return 500;
	params[1] = hash;
	params[2] = r->sess.assisted_by.clerk_id_s;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_ACTIVATION_NEW, params, &res)) != DB_OK ||
	    (e = req_audit(r, "counter.activation", "person",
	    r->sess.assisted_by.citizen_id_s, NULL, "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	snprintf(shown, sizeof(shown), "%.4s-%.4s-%.4s", code, code + 4,
	    code + 8);
	c = page_ctx(r);
	tctx_nl(c, "name", db_val(p, 0, AP_NAME));
	tctx_str(c, "code", shown);
	tctx_str(c, "username", db_val(p, 0, AP_USERNAME));
	tctx_bool(c, "has_login", *db_val(p, 0, AP_USERNAME) != '\0');
	tctx_strf(c, "link", "%s/activeren", r->app->cfg.base_url != NULL ?
	    r->app->cfg.base_url : "");
	tctx_date(c, "until", db_val(res, 0, 0));
	return page_render(r, "balie-activatie", N_("Brief: zelf inloggen"), c);
}

enum { A_USER, A_CODE, A_PASSWORD, A_PASSWORD2, A__MAX };
static const struct form_spec activate_form[A__MAX] = {
	[A_USER] = { .name = "username", .kind = FORM_LINE, .required = 1,
	    .max_chars = AUTH_MAX_USERNAME,
	    .msg_missing = N_("Vul een gebruikersnaam in."),
	    .msg_too_long = N_("Deze gebruikersnaam is te lang."),
	    .msg_invalid = N_("Vul een gebruikersnaam in.") },
	[A_CODE] = { .name = "code", .kind = FORM_LINE, .required = 1,
	    .max_chars = 40,
	    .msg_missing = N_("Vul de code uit de brief in."),
	    .msg_too_long = N_("Vul de code uit de brief in."),
	    .msg_invalid = N_("Vul de code uit de brief in.") },
	[A_PASSWORD] = { .name = "password", .kind = FORM_TEXT, .required = 1,
	    .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Kies een wachtwoord."),
	    .msg_too_long = N_("Dit wachtwoord is te lang.") },
	[A_PASSWORD2] = { .name = "password2", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Typ het wachtwoord nog een keer."),
	    .msg_too_long = N_("Dit wachtwoord is te lang.") },
};

struct activate_state {
	const char		*v[A__MAX];
	struct form_error	 errs[A__MAX + 2];
	size_t			 nerr;
};

static int
show(struct req *r, struct activate_state *f, int done)
{
	struct tctx	*c = page_ctx(r);
	static const char *const fields[] = { "username", "code", "password",
	    "password2" };
	size_t		 i;

	tctx_bool(c, "done", done);
	tctx_str(c, "username", f->v[A_USER] != NULL ? f->v[A_USER] : "");
	for (i = 0; i < NELEM(fields); i++)
		tctx_str(c, arena_printf(r->a, "%s_error", fields[i]),
		    i18n_gettext(form_error_for(f->errs, f->nerr,
		    fields[i])));
	page_form_errors(r, c, f->errs, f->nerr);
	return page_render(r, "activeren", N_("Zelf inloggen met uw brief"),
	    c);
}

int
h_activate_form(struct req *r)
{
	struct activate_state	 f;

	memset(&f, 0, sizeof(f));
	return show(r, &f, 0);
}

#define ADD(f, field, msgid) form_add_error((f)->errs, NELEM((f)->errs), \
	    &(f)->nerr, field, msgid)

/* The code did not work: counted like a wrong password, audited. */
static int
refuse(struct req *r, struct activate_state *f, const char *user,
    const char *msgid)
{
	struct audit_event	 ev;
	enum db_err		 e;
	int			 st;

	req_event(r, &ev, "account.activate", "account", NULL, NULL,
	    "denied");
	if ((st = req_auth_record(r, user, 0)) != 0)
		return st;
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	ADD(f, "code", msgid);
	r->rs->status = 400;
	f->v[A_PASSWORD] = f->v[A_PASSWORD2] = "";
	return show(r, f, 0);
}

int
h_activate(struct req *r)
{
	struct activate_state	 f;
	char			 user[AUTH_MAX_USERNAME + 1], pw[AUTH_HASH_LEN];
	char			 retry[24];
	const char		*hash, *params[3];
	struct audit_event	 ev;
	PGresult		*res;
	enum auth_result	 ar;
	enum db_err		 e;
	size_t			 i;
	long			 wait = 0;
	int			 st;

	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, activate_form, A__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	user[0] = '\0';
	if (form_error_for(f.errs, f.nerr, "username") == NULL) {
		if (auth_normalise_username(f.v[A_USER], user,
		    sizeof(user)) == -1 || strlen(user) < 2)
			ADD(&f, "username", N_("Kies een gebruikersnaam van 2 "
			    "tot 64 tekens."));
		for (i = 0; user[i] != '\0'; i++)
			if (strchr("abcdefghijklmnopqrstuvwxyz0123456789._-",
			    user[i]) == NULL) {
				ADD(&f, "username", N_("Gebruik alleen letters, "
				    "cijfers, punt, streepje of liggend "
				    "streepje."));
				break;
			}
	}
	if (form_error_for(f.errs, f.nerr, "password") == NULL &&
	    form_chars(f.v[A_PASSWORD]) < MIN_PASSWORD)
		ADD(&f, "password", N_("Kies een wachtwoord van minstens 10 "
		    "tekens."));
	if (f.nerr == 0 && strcmp(f.v[A_PASSWORD], f.v[A_PASSWORD2]) != 0)
		ADD(&f, "password2", N_("De twee wachtwoorden zijn niet "
		    "gelijk."));
	if (f.nerr > 0) {
		r->rs->status = 400;
		f.v[A_PASSWORD] = f.v[A_PASSWORD2] = "";
		return show(r, &f, 0);
	}
	/* the slow hash before the transaction and its lock */
	if (auth_hash(f.v[A_PASSWORD], pw) == -1)
		return 500;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	ar = auth_throttle(r->db, user, req_addr(r), &wait);
	if (ar == AUTH_UNAVAILABLE)
		return 503;
	if (ar == AUTH_WAIT) {
		/* the waited attempt is recorded (lib/auth) */
		if ((e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		ADD(&f, "code", N_("U hebt het te vaak geprobeerd. Wacht even "
		    "en probeer het dan opnieuw."));
		snprintf(retry, sizeof(retry), "%ld", wait > 0 ? wait : 1);
		http_header_set(r->rs, "Retry-After", arena_strdup(r->a, retry));
		r->rs->status = 429;
		f.v[A_PASSWORD] = f.v[A_PASSWORD2] = "";
		return show(r, &f, 0);
	}
	if (ar != AUTH_OK)
		return 500;
	if ((hash = code_hash(r, f.v[A_CODE])) == NULL)
		return refuse(r, &f, user, N_("Deze code werkt niet. Kijk of "
		    "u hem goed hebt overgenomen."));
	params[0] = hash;
	params[1] = user;
	params[2] = pw;
	if ((e = db_exec(r->db, ST_ACTIVATION_USE, params, &res)) != DB_OK)
		return db_status(e);
	/* a used, expired or unknown code, or a log-in of someone else */
	if (strcmp(db_val(res, 0, 0), "bad") == 0)
		return refuse(r, &f, user, N_("Deze code werkt niet. Misschien "
		    "is hij al gebruikt of te oud. Vraag aan de balie een "
		    "nieuwe brief."));
	if (strcmp(db_val(res, 0, 0), "taken") == 0) {
		db_rollback(r->db);
		ADD(&f, "username", N_("Deze gebruikersnaam is al in "
		    "gebruik. Kies een andere."));
		r->rs->status = 400;
		f.v[A_PASSWORD] = f.v[A_PASSWORD2] = "";
		return show(r, &f, 0);
	}
	req_event(r, &ev, "account.activate", "account", db_val(res, 0, 0),
	    NULL, "allowed");
	ev.actor_id = db_val(res, 0, 0);
	ev.actor_role = "citizen";
	if ((st = req_auth_record(r, user, 1)) != 0)
		return st;
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	memset(&f, 0, sizeof(f));
	return show(r, &f, 1);
}
