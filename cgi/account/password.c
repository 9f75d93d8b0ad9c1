/*
 * password.c - GET/POST /gegevens/wachtwoord: a citizen changes their own
 * password (issue 17, part 8).
 *
 * The form asks the current password and the new one twice. The new one
 * is hashed (argon2id, lib/auth) before the transaction; in it the
 * attempt is throttled like a log-in (lib/auth: auth_throttle, per user
 * name and address, a growing wait, never a lock), the current password
 * is checked (taking a hash slot, lib/hashcap), and only then the new
 * hash is stored, every other session of the person ends (this one
 * stays), an audit row is written and, when the person gave an e-mail
 * address on /gegevens, the mail "Uw wachtwoord is gewijzigd" goes to
 * the outbox: all in one transaction. A wrong current password counts as
 * a failed log-in and leaves a "denied" audit row.
 *
 * Not on someone's behalf (DESIGN.md section 9): a clerk in an assisted
 * session gets the page with a B1 reason (403), never the form.
 *
 * Owns: the form and the change. Never: shows, logs or mails a password.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "form.h"
#include "hashcap.h"
#include "log.h"
#include "session.h"
#include "core/mail.h"
#include "core/portal.h"

#define MIN_PASSWORD	10	/* as cgi/counter/activation.c */

/* The account of person $1: user name (the throttling key), hash, and
 * for the mail: language and age. */
static const struct stmt_def ST_PW_ACCOUNT[1] = {{ "pw_account",
	"SELECT a.username, a.password_hash, coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) "
	"  FROM account a JOIN person p ON p.id = a.person_id "
	" WHERE a.person_id = $1 AND p.kind = 'citizen'", 1, 4 }};
enum { PA_USERNAME, PA_HASH, PA_LANGUAGE, PA_AGE };

/* The new hash $3 for person $1 while the stored one is still $2
 * (sql/037_authority.sql: the portal's role cannot update accounts). */
static const struct stmt_def ST_PW_SET[1] = {{ "pw_set",
	"SELECT password_set($1, $2, $3)", 3, 1 }};

/* The mail ($2 subject, $3 body) to the address person $1 gave on
 * /gegevens; none without one. */
static const struct stmt_def ST_PW_MAIL[1] = {{ "pw_mail",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', cd.email, $2, $3 FROM contact_details cd "
	" WHERE cd.person_id = $1 AND cd.email <> ''", 3, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_PW_ACCOUNT,
	ST_PW_SET,
	ST_PW_MAIL,
};
const struct stmt_table password_stmts = {
	"account/password.c", stmts, NELEM(stmts)
};

enum { P_CURRENT, P_PASSWORD, P_PASSWORD2, P__MAX };
static const struct form_spec pw_form[P__MAX] = {
	/* As typed: a password may have any characters. */
	[P_CURRENT] = { .name = "current", .kind = FORM_TEXT, .required = 1,
	    .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Vul uw huidige wachtwoord in."),
	    .msg_too_long = N_("Dit wachtwoord is te lang.") },
	[P_PASSWORD] = { .name = "password", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Kies een nieuw wachtwoord."),
	    .msg_too_long = N_("Dit wachtwoord is te lang.") },
	[P_PASSWORD2] = { .name = "password2", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Typ het wachtwoord nog een keer."),
	    .msg_too_long = N_("Dit wachtwoord is te lang.") },
};

struct pw_state {
	const char		*v[P__MAX];
	struct form_error	 errs[P__MAX + 2];
	size_t			 nerr;
	long			 wait;		/* throttled: seconds */
	int			 done;
};

#define ADD(f, field, msgid) form_add_error((f)->errs, NELEM((f)->errs), \
	    &(f)->nerr, field, msgid)

static int
show(struct req *r, struct pw_state *f, int status)
{
	static const char *const fields[] = { "current", "password",
	    "password2" };
	struct tctx	*c = page_ctx(r);
	size_t		 i;

	tctx_bool(c, "done", f->done);
	for (i = 0; i < NELEM(fields); i++)
		tctx_str(c, arena_printf(r->a, "%s_error", fields[i]),
		    i18n_gettext(form_error_for(f->errs, f->nerr,
		    fields[i])));
	page_form_errors(r, c, f->errs, f->nerr);
	page_wait(r, c, f->wait);
	r->rs->status = status;
	return page_render(r, "wachtwoord", N_("Uw wachtwoord veranderen"),
	    c);
}

/* A clerk in an assisted session: the citizen changes it themself. */
static int
not_on_behalf(struct req *r)
{
	enum db_err	 e;

	if ((e = req_audit(r, "account.password", "account",
	    r->sess.person_id_s, NULL, "denied")) != DB_OK)
		return db_status(e);
	r->deny_reason = N_("Een wachtwoord verandert iemand alleen zelf. "
	    "Ook niet met hulp aan de balie.");
	return 403;
}

int
h_password_form(struct req *r)
{
	struct pw_state	 f;

	if (r->sess.assisted_by.live)
		return not_on_behalf(r);
	memset(&f, 0, sizeof(f));
	f.done = http_fields_get(&r->rq->query, "klaar") != NULL;
	return show(r, &f, 200);
}

/* "Uw wachtwoord is gewijzigd" to the address of /gegevens, in the
 * person's language and form of address, in the caller's transaction. */
static enum db_err
mail_changed(struct req *r, const PGresult *acc)
{
	const char	*p[3];

	p[0] = r->sess.person_id_s;
	return mail_queue(r, "wachtwoord-gewijzigd", i18n_choose(
	    *db_val(acc, 0, PA_LANGUAGE) != '\0' ? db_val(acc, 0,
	    PA_LANGUAGE) : NULL, NULL), req_is_youth("citizen",
	    (int)db_long(acc, 0, PA_AGE)), NULL, ST_PW_MAIL, p, 1);
}

/* Checks the current password inside the transaction, with a hash slot
 * (AUTH_BUSY when none is free). */
static enum auth_result
check_current(struct req *r, const char *encoded, const char *password)
{
	struct hashcap	*cap;
	long		 slot = 0;
	int		 ok;

	cap = r->app->hashcap.slots > 0 ? &r->app->hashcap : NULL;
	if (cap != NULL && (slot = hashcap_take(cap)) == -1)
		return AUTH_BUSY;
	ok = auth_verify(encoded, password);
	if (cap != NULL)
		hashcap_give(cap, slot);
	return ok ? AUTH_OK : AUTH_BAD;
}

int
h_password(struct req *r)
{
	struct pw_state		 f;
	struct audit_event	 ev;
	char			 pw[AUTH_HASH_LEN];
	const char		*params[3], *user;
	PGresult		*acc, *res;
	enum auth_result	 ar;
	enum db_err		 e;
	long			 ended = 0;
	int			 st;

	if (r->sess.assisted_by.live)
		return not_on_behalf(r);
	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, pw_form, P__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	if (form_error_for(f.errs, f.nerr, "password") == NULL &&
	    form_chars(f.v[P_PASSWORD]) < MIN_PASSWORD)
		ADD(&f, "password", N_("Kies een wachtwoord van minstens 10 "
		    "tekens."));
	if (f.nerr == 0 && strcmp(f.v[P_PASSWORD], f.v[P_PASSWORD2]) != 0)
		ADD(&f, "password2", N_("De twee wachtwoorden zijn niet "
		    "gelijk."));
	if (f.nerr == 0 && strcmp(f.v[P_PASSWORD], f.v[P_CURRENT]) == 0)
		ADD(&f, "password", N_("Kies een ander wachtwoord dan uw "
		    "huidige."));
	if (f.nerr > 0)
		return show(r, &f, 400);

	/* the slow hash of the new one before the transaction and its lock */
	if (auth_hash(f.v[P_PASSWORD], pw) == -1)
		return 500;
	params[0] = r->sess.person_id_s;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_PW_ACCOUNT, params, &acc)) != DB_OK)
		return db_status(e);
	if (db_rows(acc) != 1) {
		/* a citizen without a log-in of their own (only the counter) */
		db_rollback(r->db);
		return 404;
	}
	user = db_val(acc, 0, PA_USERNAME);
	ar = auth_throttle(r->db, user, req_addr(r), &f.wait);
	if (ar == AUTH_UNAVAILABLE)
		return 503;
	if (ar == AUTH_WAIT) {
		/* the waited attempt is recorded (lib/auth) */
		if ((e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		return show(r, &f, 429);
	}
	if (ar != AUTH_OK)
		return 500;
	switch (check_current(r, db_val(acc, 0, PA_HASH), f.v[P_CURRENT])) {
	case AUTH_OK:
		break;
	case AUTH_BAD:
		req_event(r, &ev, "account.password", "account",
		    r->sess.person_id_s, NULL, "denied");
		if ((st = req_auth_record(r, user, 0)) != 0)
			return st;
		if ((e = audit_write(r->db, &ev)) != DB_OK ||
		    (e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		ADD(&f, "current", N_("Uw huidige wachtwoord klopt niet. Let "
		    "op hoofdletters en spaties."));
		return show(r, &f, 400);
	case AUTH_BUSY:
		db_rollback(r->db);
		log_info("password: every hash slot busy, 429");
		http_header_set(r->rs, "Retry-After", "10");
		return 429;
	default:
		return 500;
	}

	params[1] = db_val(acc, 0, PA_HASH);
	params[2] = pw;
	if ((e = db_exec(r->db, ST_PW_SET, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, 0)) {
		/* changed meanwhile by another change at the same moment: what
		 * was typed is not the current password any more */
		db_rollback(r->db);
		log_warn("password: person %s: hash changed meanwhile",
		    r->sess.person_id_s);
		ADD(&f, "current", N_("Uw huidige wachtwoord klopt niet. Let "
		    "op hoofdletters en spaties."));
		return show(r, &f, 400);
	}
	if ((e = session_end_others(r->db, r->sess.person_id, r->sess.token,
	    &ended)) != DB_OK)
		return db_status(e);
	if ((st = req_auth_record(r, user, 1)) != 0)
		return st;
	req_event(r, &ev, "account.password", "account", r->sess.person_id_s,
	    NULL, "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = mail_changed(r, acc)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	explicit_bzero(pw, sizeof(pw));
	log_info("password: person %s changed it, %ld other sessions ended",
	    r->sess.person_id_s, ended);
	return page_redirect(r, "/gegevens/wachtwoord?klaar=1");
}
