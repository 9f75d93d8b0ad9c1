/*
 * auth.c - log in and log out.
 *
 * Log-in answers the same for an unknown name and a wrong password, and
 * takes about as long (auth.c in lib checks a dummy hash). Too many
 * failures of this (name, address) pair or address answer 429 "wait N
 * seconds" without checking (lib/throttle.h), the same for known and
 * unknown names; all hash slots of the host busy answer the B1 429 page
 * at once (lib/hashcap.h). A successful
 * log-in always gets a new session id (no fixation); log-out deletes the
 * session in the database, not only the cookie. Staff get no session for
 * the password alone: a one-time code comes first (code.c).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "form.h"
#include "log.h"
#include "returnpath.h"
#include "core/portal.h"

enum { F_USERNAME, F_PASSWORD, F_TERUG, F__MAX };

static const struct form_spec login_form[F__MAX] = {
	/* As typed: auth_login compares them (a password may have any
	 * characters). */
	[F_USERNAME] = { .name = "username", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_USERNAME,
	    .msg_missing = N_("Vul uw gebruikersnaam in."),
	    .msg_too_long = N_("Uw gebruikersnaam is te lang. Kijk of u "
	    "hem goed heeft getypt.") },
	[F_PASSWORD] = { .name = "password", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Vul uw wachtwoord in."),
	    .msg_too_long = N_("Uw wachtwoord is te lang. Kijk of u het "
	    "goed heeft getypt.") },
	/* Where to go after the log-in: the page asked for (the page puts
	 * it here; req_return_path checks it). */
	[F_TERUG] = { .name = "terug", .kind = FORM_LINE,
	    .max_chars = RETURNPATH_MAX },
};

static int
show_form(struct req *r, const char *username, const struct form_error *e,
    size_t nerr, long wait, int status)
{
	struct tctx	*c = page_ctx(r);
	const struct http_field *f = http_fields_get(&r->rq->query, "uit");

	tctx_str(c, "username", username);
	tctx_str(c, "terug", req_return_path(r));
	tctx_bool(c, "logged_out", f != NULL && strcmp(f->value, "1") == 0);
	/* a form sent after a time-out was kept (core/draft.h) */
	f = http_fields_get(&r->rq->query, "bewaard");
	tctx_bool(c, "kept", f != NULL && strcmp(f->value, "1") == 0);
	tctx_str(c, "username_error", "");
	tctx_str(c, "password_error", "");
	page_form_errors(r, c, e, nerr);
	page_wait(r, c, wait);
	/* Each field shows its own message too, tied to it with
	 * aria-describedby (the summary at the top links down to it). */
	for (size_t i = 0; i < nerr; i++) {
		if (strcmp(e[i].field, "username") == 0)
			tctx_str(c, "username_error", i18n_gettext(e[i].msgid));
		else if (strcmp(e[i].field, "password") == 0)
			tctx_str(c, "password_error", i18n_gettext(e[i].msgid));
	}
	r->rs->status = status;
	return page_render(r, "login", N_("Inloggen"), c);
}

int
h_login_form(struct req *r)
{
	if (r->sess.valid)
		return page_redirect(r, req_return_path(r));
	return show_form(r, "", NULL, 0, 0, 200);
}

int
h_login(struct req *r)
{
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX], one;
	size_t			 nerr;
	struct hashcap		*cap;
	long			 person_id, wait;
	char			 kind[16];

	if (form_read(&r->rq->form, login_form, F__MAX, v, errs, &nerr) == -1)
		return 400;
	if (nerr > 0)
		return show_form(r, v[F_USERNAME], errs, nerr, 0, 200);

	cap = r->app->hashcap.slots > 0 ? &r->app->hashcap : NULL;
	switch (auth_login(r->db, cap, v[F_USERNAME], v[F_PASSWORD],
	    req_addr(r), &person_id, kind, sizeof(kind), &wait)) {
	case AUTH_OK:
		break;
	case AUTH_BAD:
		/* the audit row (NEN 7513): which account, never what was
		 * typed; the page is the same for a known and unknown name */
		if (req_login_refused(r, v[F_USERNAME], "login.failed",
		    "failed", 200, "auth.password") != DB_OK)
			log_warn("login: no audit row for a failure");
		one.field = "username";
		one.msgid = N_("De gebruikersnaam of het wachtwoord klopt niet. "
		    "Let op hoofdletters en spaties.");
		return show_form(r, v[F_USERNAME], &one, 1, 0, 200);
	case AUTH_WAIT:
		if (req_login_refused(r, v[F_USERNAME], "login.wait",
		    "denied", 429, "auth.throttle") != DB_OK)
			log_warn("login: no audit row for a wait");
		return show_form(r, v[F_USERNAME], NULL, 0, wait, 429);
	case AUTH_BUSY:
		r->rule = "auth.hash_slots";	/* dispatcher's audit row */
		log_info("login: every hash slot busy, 429");
		http_header_set(r->rs, "Retry-After", "10");
		return 429;
	case AUTH_UNAVAILABLE:
		return 503;
	case AUTH_ERROR:
		return 500;
	}

	/* Staff: no session before the second step (cgi/account/code.c). */
	if (strcmp(kind, "citizen") != 0) {
		log_info("login: person %ld, password right, code next",
		    person_id);
		return login_challenge(r, person_id, req_return_path(r));
	}
	log_info("login: person %ld", person_id);
	return login_session(r, person_id, kind, req_return_path(r));
}

int
h_logout(struct req *r)
{
	struct audit_event	 ev;
	enum db_err		 e;

	req_event(r, &ev, "logout", "account", r->sess.person_id_s, NULL,
	    "allowed");
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = session_destroy(r->db, r->sess.token)) != DB_OK ||
	    (e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	page_cookie(r, session_cookie_name(r->app->cfg.secure_cookies), "", 0);
	return page_redirect(r, "/inloggen?uit=1");
}
