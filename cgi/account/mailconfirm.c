/*
 * mailconfirm.c - GET and POST /bevestigen/{token}: the link in the mail
 * that asks to confirm a new mail address (core/contactsave.c writes it,
 * the outbox process makes the token: only its hash is kept). The GET
 * shows the address and a button (a mail program that opens links to
 * scan them must not use the link up); the POST makes it the address
 * the portal mails to (the family's professionals are told that the
 * details changed). Then GET /bevestigd says so.
 *
 * Works logged out (holding the link proves the mailbox) and logged in
 * as the member it is for; logged in as anyone else it is 404, as an
 * unknown token, and nothing is used up: a link never confirms an
 * address for another account (the person comes from the token's row,
 * never from the form). Single use, 24 hours from sending, ended by a
 * newer address: 410.
 */
#include <string.h>

#include "audit.h"
#include "token.h"
#include "core/contactsave.h"
#include "core/portal.h"
#include "util.h"

/* The confirmation with hash $1 (hex). */
static const struct stmt_def ST_EMAIL_CONFIRM_FIND[1] = {{
	"email_confirm_find",
	"SELECT id, person_id, email, used_at IS NOT NULL OR "
	"  ended_at IS NOT NULL OR expires_at IS NULL OR expires_at <= now() "
	"  FROM email_confirm WHERE token_hash = decode($1, 'hex')", 1, 4 }};
enum { EC_ID, EC_PERSON, EC_EMAIL, EC_GONE };

/* Confirmation $1 used, once: its address becomes person's, and the
 * history says so ([email, before, after]). No row: used or ended
 * meanwhile, or past its time. */
static const struct stmt_def ST_EMAIL_CONFIRM_USE[1] = {{
	"email_confirm_use",
	"WITH u AS (UPDATE email_confirm SET used_at = now() "
	"  WHERE id = $1 AND used_at IS NULL AND ended_at IS NULL "
	"    AND expires_at > now() RETURNING person_id, email), "
	"d AS (UPDATE contact_details cd SET email = u.email, "
	"    updated_at = now() FROM u WHERE cd.person_id = u.person_id "
	"  RETURNING 1), "
	"h AS (INSERT INTO contact_history (person_id, phone, email, "
	"    address, reach_by, changes, changed_by) "
	"  SELECT cd.person_id, cd.phone, u.email, cd.address, cd.reach_by, "
	"    jsonb_build_array(jsonb_build_array('email', cd.email, "
	"      u.email)), u.person_id "
	"    FROM contact_details cd JOIN u ON u.person_id = cd.person_id) "
	"SELECT person_id, email FROM u", 1, 2 }};
enum { ECU_PERSON, ECU_EMAIL };

static const struct stmt_def *const stmts[] = {
	ST_EMAIL_CONFIRM_FIND,
	ST_EMAIL_CONFIRM_USE,
};
const struct stmt_table mailconfirm_stmts = {
	"account/mailconfirm.c", stmts, NELEM(stmts)
};

static enum db_err
audit(struct req *r, const char *person, const char *outcome)
{
	struct audit_event	 ev;

	req_event(r, &ev, "contact.email_confirm", "person",
	    person != NULL ? person : "", NULL, outcome);
	if (!r->sess.valid)
		ev.actor_role = "anonymous";
	return audit_write(r->db, &ev);
}

/* The token of the path: 0 with *res (ST_EMAIL_CONFIRM_FIND) when it
 * may be used by whoever holds it; else 404 (unknown, or another
 * person's while logged in), 410 (used, ended, too old), 500/503. */
static int
find(struct req *r, PGresult **res)
{
	char		 hash[TOKEN_HASH_HEX + 1];
	const char	*p[1] = { hash };
	enum db_err	 e;

	if (token_hash(route_param(&r->params, "token"), hash) == -1)
		return 404;
	if ((e = db_exec(r->db, ST_EMAIL_CONFIRM_FIND, p, res)) != DB_OK)
		return db_status(e);
	if (db_rows(*res) != 1)
		return 404;
	if (r->sess.valid && strcmp(r->sess.person_id_s,
	    db_val(*res, 0, EC_PERSON)) != 0) {
		if ((e = audit(r, db_val(*res, 0, EC_PERSON), "denied")) !=
		    DB_OK)
			return db_status(e);
		return 404;
	}
	if (db_bool(*res, 0, EC_GONE))
		return 410;
	return 0;
}

static int
gone(struct req *r)
{
	r->rs->status = 410;
	return page_render(r, "bevestigen-weg", N_("Deze link werkt niet "
	    "meer."), page_ctx(r));
}

int
h_mail_confirm_form(struct req *r)
{
	struct tctx	*c = page_ctx(r);
	PGresult	*res;
	int		 st;

	if ((st = find(r, &res)) == 410)
		return gone(r);
	if (st != 0)
		return st;
	tctx_str(c, "email", db_val(res, 0, EC_EMAIL));
	tctx_str(c, "action", arena_printf(r->a, "/bevestigen/%s",
	    route_param(&r->params, "token")));
	return page_render(r, "bevestigen", N_("Uw mailadres bevestigen"), c);
}

int
h_mail_confirm(struct req *r)
{
	const char	*p[1];
	PGresult	*res, *used;
	enum db_err	 e;
	int		 st;

	if ((st = find(r, &res)) == 410)
		return gone(r);
	if (st != 0)
		return st;
	p[0] = db_val(res, 0, EC_ID);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_EMAIL_CONFIRM_USE, p, &used)) != DB_OK)
		return db_status(e);
	if (db_rows(used) != 1) {	/* used meanwhile (a double click) */
		db_rollback(r->db);
		return gone(r);
	}
	if ((e = contact_readdress(r, db_val(used, 0, ECU_PERSON),
	    db_val(used, 0, ECU_EMAIL))) != DB_OK ||
	    (e = audit(r, db_val(used, 0, ECU_PERSON), "allowed")) != DB_OK ||
	    (e = contact_tell_pros(r, db_val(used, 0, ECU_PERSON),
	    db_val(used, 0, ECU_PERSON))) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	if (r->sess.valid)
		return page_redirect(r, "/gegevens?bevestigd=1");
	return page_redirect(r, "/bevestigd");
}

int
h_mail_confirmed(struct req *r)
{
	return page_render(r, "bevestigd", N_("Uw mailadres is bevestigd"),
	    page_ctx(r));
}
