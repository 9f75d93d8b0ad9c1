/*
 * misc.c - health check and the language switch.
 */
#include <string.h>

#include "log.h"
#include "core/portal.h"

static const struct stmt_def ST_PERSON_SET_LANGUAGE[1] = {{
	"person_set_language",
	"UPDATE person SET language = $2 WHERE id = $1", 2, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_PERSON_SET_LANGUAGE,
};
const struct stmt_table misc_stmts = {
	"account/misc.c", stmts, NELEM(stmts)
};

/* 200 "ok" only when the database answers. */
int
h_health(struct req *r)
{
	enum db_err	 e = db_exec(r->db, ST_HEALTH, NULL, NULL);

	http_header_set(r->rs, "Content-Type", "text/plain; charset=utf-8");
	buf_reset(&r->rs->body);
	if (e != DB_OK) {
		r->rs->status = 503;
		buf_puts(&r->rs->body, "unavailable\n");
		return 0;
	}
	buf_puts(&r->rs->body, "ok\n");
	return 0;
}

/* Sets the language (unknown codes mean Dutch, without an error), keeps
 * it in a cookie and, on POST when logged in, in the account (a GET link
 * from another site must not change account data); then back to the page
 * the person came from (a local path only). */
static int
set_language(struct req *r, const struct http_fields *f, int save)
{
	const struct http_field	*l = http_fields_get(f, "l");
	const struct http_field	*back = http_fields_get(f, "terug");
	const struct i18n_lang	*lang;
	const char		*params[2];

	lang = i18n_find(l != NULL ? l->value : NULL);
	if (lang == NULL)
		lang = i18n_choose(NULL, NULL);
	page_cookie(r, "gp_lang", lang->code, 365L * 24 * 3600);
	/* saved to the account: a change of account data, audited in the
	 * same transaction (NEN 7513; at the counter: for the citizen) */
	if (save && r->sess.valid) {
		params[0] = r->sess.person_id_s;
		params[1] = lang->code;
		r->rule = "account.self";
		if (db_begin(r->db) != DB_OK ||
		    db_exec(r->db, ST_PERSON_SET_LANGUAGE, params, NULL) !=
		    DB_OK || req_audit(r, "account.language", "person",
		    r->sess.person_id_s, NULL, "allowed") != DB_OK ||
		    db_commit(r->db) != DB_OK) {
			db_rollback(r->db);
			log_warn("language: not saved for the account");
		}
	}
	return page_redirect(r, back != NULL ? back->value : "/");
}

int
h_language(struct req *r)
{
	return set_language(r, &r->rq->query, 0);
}

int
h_language_post(struct req *r)
{
	return set_language(r, &r->rq->form, 1);
}
