/*
 * code.c - the second log-in step for staff: a one-time code from an app
 * (TOTP, lib/totp.h) after the right password.
 *
 * After the password (auth.c) a staff member gets no session but a login
 * challenge: a random token in an HttpOnly cookie, kept hashed in
 * login_challenge with the person, for CHALLENGE_SECONDS. Only the right
 * code of a time step not used before turns it into a session
 * (login_session). Wrong codes count as wrong passwords do (lib/auth: too
 * many of one (name, address) pair or address answer "wait N seconds",
 * lib/throttle.h; that ends the challenge) and are audited; a challenge
 * dies after CHALLENGE_MAX_FAILURES of them. Without a live
 * challenge the page sends people back to /inloggen.
 *
 * A secret made by `portal totp-enrol` is shown once, on this page, as a
 * QR code, in groups of four and as the otpauth:// URI; it is marked shown
 * in the same transaction that produces the page.
 *
 * Owns: the challenge and its cookie. Never: logs a secret or a code.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "form.h"
#include "log.h"
#include "returnpath.h"
#include "totp.h"
#include "util.h"
#include "core/portal.h"

/* A new challenge: $1 the hex SHA-256 of the cookie's token, $2 the
 * person, $3 the client's address. */
static const struct stmt_def ST_CHALLENGE_INSERT[1] = {{ "challenge_insert",
	"INSERT INTO login_challenge (id_hash, person_id, remote_addr) "
	"VALUES (decode($1, 'hex'), $2, $3)", 3, 0 }};

static const struct stmt_def ST_CHALLENGE_PURGE[1] = {{ "challenge_purge",
	"DELETE FROM login_challenge WHERE expires_at < now()", 0, 0 }};

/* A live challenge, locked until commit (one code at a time), of an
 * account that is not disabled: person, kind, user name, whether a
 * secret is set up, whether it still has to be shown, the secret, the
 * failures so far. */
static const struct stmt_def ST_CHALLENGE_LOAD[1] = {{ "challenge_load",
	"SELECT c.person_id, p.kind, a.username, t.person_id IS NOT NULL, "
	"       t.person_id IS NOT NULL AND t.shown_at IS NULL, "
	"       coalesce(t.secret, ''), c.failures "
	"  FROM login_challenge c JOIN person p ON p.id = c.person_id "
	"  JOIN account a ON a.person_id = c.person_id AND NOT a.disabled "
	"  LEFT JOIN staff_totp t ON t.person_id = c.person_id "
	" WHERE c.id_hash = decode($1, 'hex') AND c.expires_at > now() "
	"   FOR UPDATE OF c", 1, 7 }};
enum { C_PERSON, C_KIND, C_USERNAME, C_ENROLLED, C_TO_SHOW, C_SECRET,
	C_FAILURES };

/* One more wrong code: the failures now. */
static const struct stmt_def ST_CHALLENGE_FAIL[1] = {{ "challenge_fail",
	"UPDATE login_challenge SET failures = failures + 1 "
	" WHERE id_hash = decode($1, 'hex') RETURNING failures", 1, 1 }};
enum { FAIL_FAILURES };

/* The new secret of person $1 is shown now: a row (the secret) only for
 * the one request that shows it. */
static const struct stmt_def ST_TOTP_MARK_SHOWN[1] = {{ "totp_mark_shown",
	"UPDATE staff_totp SET shown_at = now() "
	" WHERE person_id = $1 AND shown_at IS NULL RETURNING secret", 1, 1 }};
enum { SHOWN_SECRET };

static const struct stmt_def *const stmts[] = {
	ST_CHALLENGE_INSERT,
	ST_CHALLENGE_PURGE,
	ST_CHALLENGE_LOAD,
	ST_CHALLENGE_FAIL,
	ST_TOTP_MARK_SHOWN,
};
const struct stmt_table code_stmts = {
	"account/code.c", stmts, NELEM(stmts)
};

#define CHALLENGE_SECONDS	300
#define CHALLENGE_MAX_FAILURES	3
#define CODE_MAX_CHARS		16

enum { F_CODE, F_TERUG, F__MAX };

static const struct form_spec code_form[F__MAX] = {
	[F_CODE] = { .name = "code", .kind = FORM_LINE, .required = 1,
	    .max_chars = CODE_MAX_CHARS,
	    .msg_missing = N_("Vul de code uit uw app in."),
	    .msg_too_long = N_("De code heeft 6 cijfers."),
	    .msg_invalid = N_("De code heeft 6 cijfers.") },
	/* Where to go after the log-in (req_return_path checks it). */
	[F_TERUG] = { .name = "terug", .kind = FORM_LINE,
	    .max_chars = RETURNPATH_MAX },
};


/* What the page shows besides the form. */
enum state {
	S_FORM,		/* the form (with an error, if any) */
	S_ENDED,	/* too many wrong codes: log in again */
	S_LOCKED,	/* wait a while, then log in again */
	S_NO_APP	/* no secret set up: ask the administrator */
};

static const char *
cookie_name(const struct req *r)
{
	return r->app->cfg.secure_cookies ? "__Host-gp_code" : "gp_code";
}

/* To the first step again, still with where the log-in returns to. */
static int
back_to_login(struct req *r)
{
	char	 link[RETURNPATH_MAX * 3 + 32];

	if (http_fields_get(&r->rq->cookies, cookie_name(r)) != NULL)
		page_cookie(r, cookie_name(r), "", 0);
	if (returnpath_link(link, sizeof(link), "/inloggen",
	    req_return_path(r)) == -1)
		return page_redirect(r, "/inloggen");
	return page_redirect(r, arena_strdup(r->a, link));
}

static enum db_err
audit_code(struct req *r, const PGresult *c, const char *action,
    const char *outcome)
{
	struct audit_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.actor_id = db_val(c, 0, C_PERSON);
	ev.actor_role = db_val(c, 0, C_KIND);
	ev.action = action;
	ev.object_kind = "account";
	ev.object_id = db_val(c, 0, C_PERSON);
	ev.remote_addr = req_addr(r);
	ev.outcome = outcome;
	ev.request_id = r->rq->request_id;
	return audit_write(r->db, &ev);
}

/*
 * The page. `enrol`: the challenge's row when a new secret is to be shown
 * now (its secret is shown), else NULL.
 */
static int
show_wait(struct req *r, enum state st, const PGresult *enrol,
    const char *msgid, long wait, int status)
{
	struct tctx		*c = page_ctx(r);
	struct form_error	 e;
	struct buf		 uri, svg, groups;
	const char		*secret;

	e.field = "code";
	e.msgid = msgid;
	page_form_errors(r, c, &e, msgid != NULL && st == S_FORM ? 1 : 0);
	tctx_str(c, "code_error", msgid != NULL && st == S_FORM ?
	    i18n_gettext(msgid) : "");
	tctx_str(c, "notice", msgid != NULL && st != S_FORM ?
	    i18n_gettext(msgid) : "");
	tctx_bool(c, "form", st == S_FORM);
	page_wait(r, c, wait);
	tctx_str(c, "terug", req_return_path(r));
	tctx_bool(c, "enrol", enrol != NULL);
	buf_init(&uri, r->a, 0);
	buf_init(&svg, r->a, 0);
	buf_init(&groups, r->a, 0);
	if (enrol != NULL) {
		secret = db_val(enrol, 0, C_SECRET);
		totp_uri(&uri, db_val(enrol, 0, C_USERNAME), secret);
		totp_secret_groups(&groups, secret);
		if (totp_qr_svg(&svg, buf_cstr(&uri), i18n_gettext(
		    N_("QR-code voor uw app. Lukt scannen niet? "
		    "Typ dan de geheime sleutel over."))) == -1)
			return 500;
	}
	tctx_str(c, "uri", buf_cstr(&uri));
	tctx_str(c, "secret_groups", buf_cstr(&groups));
	tctx_html(c, "qr_svg", buf_cstr(&svg));
	if (uri.failed || svg.failed || groups.failed)
		return 500;
	r->rs->status = status;
	return page_render(r, "login-code", enrol != NULL ?
	    N_("Uw app instellen") : N_("Code invullen"), c);
}

static int
show(struct req *r, enum state st, const PGresult *enrol, const char *msgid,
    int status)
{
	return show_wait(r, st, enrol, msgid, 0, status);
}

int
login_challenge(struct req *r, long person_id, const char *to)
{
	unsigned char	 raw[32];
	char		 token[SESSION_TOKEN_LEN + 1], hash[SESSION_HASH_LEN + 1];
	char		 pid[24], link[RETURNPATH_MAX * 3 + 32];
	const char	*params[3];
	enum db_err	 e;

	if (util_random(raw, sizeof(raw)) == -1)
		return 500;
	util_hex(raw, sizeof(raw), token);
	if (session_hash(token, hash) == -1)
		return 500;
	snprintf(pid, sizeof(pid), "%ld", person_id);
	params[0] = hash;
	params[1] = pid;
	params[2] = req_addr(r);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_CHALLENGE_PURGE, NULL, NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_CHALLENGE_INSERT, params, NULL)) !=
	    DB_OK || (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	page_cookie(r, cookie_name(r), token, CHALLENGE_SECONDS);
	if (returnpath_link(link, sizeof(link), "/inloggen/code", to) == -1)
		return page_redirect(r, "/inloggen/code");
	return page_redirect(r, arena_strdup(r->a, link));
}

/* The live challenge of this browser, locked until commit, in an open
 * transaction; *c NULL when there is none. Returns 0 or an HTTP status. */
static int
load(struct req *r, const PGresult **c)
{
	const char	*params[1];
	PGresult	*res;
	enum db_err	 e;

	*c = NULL;
	if ((params[0] = req_cookie_hash(r, cookie_name(r))) == NULL)
		return 0;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_CHALLENGE_LOAD, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 1)
		*c = res;
	return 0;
}

int
h_code_form(struct req *r)
{
	const PGresult	*c;
	const char	*params[1];
	PGresult	*res;
	enum db_err	 e;
	int		 status;

	if ((status = load(r, &c)) != 0)
		return status;
	if (c == NULL) {
		db_rollback(r->db);
		return back_to_login(r);
	}
	if (!db_bool(c, 0, C_ENROLLED)) {
		db_rollback(r->db);
		return show(r, S_NO_APP, NULL, N_("Er is nog geen app voor "
		    "uw codes ingesteld. Vraag de beheerder om hulp."), 200);
	}
	if (!db_bool(c, 0, C_TO_SHOW)) {
		db_rollback(r->db);
		return show(r, S_FORM, NULL, NULL, 200);
	}
	/* A new secret: shown by the one request that marks it shown. */
	params[0] = db_val(c, 0, C_PERSON);
	if ((e = db_exec(r->db, ST_TOTP_MARK_SHOWN, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		db_rollback(r->db);
		return show(r, S_FORM, NULL, NULL, 200);
	}
	if ((e = audit_code(r, c, "totp.enrolment_shown", "allowed")) !=
	    DB_OK)
		return db_status(e);
	/* Rendered before the commit: a page that cannot be made does not
	 * use up the one showing. */
	if ((status = show(r, S_FORM, c, NULL, 200)) != 0)
		return status;
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	log_info("totp: enrolment shown to person %s", params[0]);
	return 0;
}

/* A wrong, reused or expired code, in the open transaction: recorded,
 * counted, audited; the page says what next. */
static int
wrong_code(struct req *r, const PGresult *c, const char *user,
    const char *hash)
{
	const char	*params[1];
	PGresult	*res;
	enum db_err	 e;
	int		 ended, st;

	if ((st = req_auth_record(r, user, 0)) != 0)
		return st;
	params[0] = hash;
	if ((e = db_exec(r->db, ST_CHALLENGE_FAIL, params, &res)) != DB_OK)
		return db_status(e);
	ended = db_rows(res) != 1 ||
	    db_long(res, 0, FAIL_FAILURES) >= CHALLENGE_MAX_FAILURES;
	params[0] = db_val(c, 0, C_PERSON);
	if ((ended && (e = db_exec(r->db, ST_CHALLENGE_DELETE_PERSON, params,
	    NULL)) != DB_OK) ||
	    (e = audit_code(r, c, "login.code", "denied")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	log_info("login: person %s, wrong code", params[0]);
	if (!ended)
		return show(r, S_FORM, NULL, N_("De code klopt niet. Vul de "
		    "nieuwste code uit uw app in."), 200);
	page_cookie(r, cookie_name(r), "", 0);
	return show(r, S_ENDED, NULL, N_("De code was te vaak niet goed. "
	    "Log opnieuw in met uw wachtwoord."), 200);
}

int
h_code(struct req *r)
{
	const char		*v[F__MAX], *params[2], *hash;
	struct form_error	 errs[F__MAX];
	const PGresult		*c;
	PGresult		*res;
	char			 user[AUTH_MAX_USERNAME + 1], stepbuf[24];
	size_t			 nerr;
	int64_t			 step;
	enum db_err		 e;
	int			 status, rc, st;
	long			 wait;

	if (form_read(&r->rq->form, code_form, F__MAX, v, errs, &nerr) == -1)
		return 400;
	if ((status = load(r, &c)) != 0)
		return status;
	if (c == NULL) {
		db_rollback(r->db);
		return back_to_login(r);
	}
	if (!db_bool(c, 0, C_ENROLLED)) {
		db_rollback(r->db);
		return show(r, S_NO_APP, NULL, N_("Er is nog geen app voor "
		    "uw codes ingesteld. Vraag de beheerder om hulp."), 200);
	}
	if (nerr > 0) {
		db_rollback(r->db);
		return show(r, S_FORM, NULL, errs[0].msgid, 200);
	}
	hash = req_cookie_hash(r, cookie_name(r));
	snprintf(user, sizeof(user), "%s", db_val(c, 0, C_USERNAME));

	/* The same lock and count as wrong passwords. */
	switch (auth_throttle(r->db, user, req_addr(r), &wait)) {
	case AUTH_OK:
		break;
	case AUTH_WAIT:
		params[0] = db_val(c, 0, C_PERSON);
		if ((e = db_exec(r->db, ST_CHALLENGE_DELETE_PERSON, params,
		    NULL)) != DB_OK ||
		    (e = audit_code(r, c, "login.code", "denied")) != DB_OK ||
		    (e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		page_cookie(r, cookie_name(r), "", 0);
		return show_wait(r, S_LOCKED, NULL, N_("Log na het wachten "
		    "opnieuw in met uw wachtwoord."), wait, 429);
	case AUTH_UNAVAILABLE:
		return 503;
	default:
		return 500;
	}

	rc = totp_verify(db_val(c, 0, C_SECRET), time(NULL), v[F_CODE], &step);
	if (rc == -1) {
		log_error("totp: unusable secret for person %s",
		    db_val(c, 0, C_PERSON));
		return 500;
	}
	if (rc == 1)
		return wrong_code(r, c, user, hash);
	/* Right, and of a step after the last one accepted: else reused. */
	snprintf(stepbuf, sizeof(stepbuf), "%lld", (long long)step);
	params[0] = db_val(c, 0, C_PERSON);
	params[1] = stepbuf;
	if ((e = db_exec(r->db, ST_TOTP_USE_STEP, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return wrong_code(r, c, user, hash);

	if ((st = req_auth_record(r, user, 1)) != 0)
		return st;
	if ((e = db_exec(r->db, ST_CHALLENGE_DELETE_PERSON, params, NULL)) !=
	    DB_OK)
		return db_status(e);
	page_cookie(r, cookie_name(r), "", 0);
	log_info("login: person %s, code right", params[0]);
	return login_session(r, db_long(c, 0, C_PERSON), db_val(c, 0, C_KIND),
	    req_return_path(r));
}
