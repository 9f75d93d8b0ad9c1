/*
 * mail.c - every mail the portal writes: one template per mail
 * (templates/mail/<name>.txt, whole sentences, the shared footer),
 * rendered in the receiver's language and form, put in the outbox by the
 * statement that picks the receivers (DESIGN.md s. 7).
 *
 * Owns: switching to the receiver's language for the length of one
 * render and back. Never: builds mail text in C, puts a reply token in a
 * mail (the outbox sender does, at TOKEN_MARK: lib/token.h), writes
 * dossier content (the templates take dates, links and ids only).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "core/portal.h"

/*
 * The reply invitation: a mail ($5 subject, $6 text with TOKEN_MARK where
 * the link goes) to every professional assigned to family $1 now, one
 * each, each with its own reply_token row for the comment or request ($2
 * 'comment' / 'request') that person $3 just stored with form nonce $4.
 * The token itself is made when the mail is sent (ST_REPLY_TOKEN_MINT).
 */
static const struct stmt_def ST_REPLY_INVITE[1] = {{ "reply_invite",
	"WITH pros AS (SELECT DISTINCT ON (pr.email) pr.person_id, pr.email "
	"    FROM assignment_now a JOIN professional pr "
	"      ON pr.person_id = a.professional_id "
	"   WHERE a.family_id = $1 "
	"     AND pr.email IS NOT NULL ORDER BY pr.email, pr.person_id), "
	"m AS (INSERT INTO outbox (kind, recipient, subject, body) "
	"  SELECT 'mail', email, $5, $6 FROM pros RETURNING id, recipient) "
	"INSERT INTO reply_token (outbox_id, professional_id, comment_id, "
	"  request_id) "
	"SELECT m.id, pros.person_id, "
	"  CASE WHEN $2 = 'comment' THEN (SELECT id FROM document_comment "
	"    WHERE author_id = $3 AND form_nonce = $4) END, "
	"  CASE WHEN $2 = 'request' THEN (SELECT id FROM request "
	"    WHERE author_id = $3 AND form_nonce = $4) END "
	"  FROM m JOIN pros ON pros.email = m.recipient", 6, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_REPLY_INVITE,
};
const struct stmt_table mail_stmts = {
	"core/mail.c", stmts, NELEM(stmts)
};

int
mail_render(const struct tmpl_set *set, struct arena *a,
    const char *base_url, const char *name, const struct i18n_lang *lang,
    int youth, struct tctx *vars, const char **subject, const char **body)
{
	const struct i18n_lang	*cur = i18n_current();
	int			 was_youth = i18n_youth();
	struct buf		 s, b;
	enum tmpl_err		 rc;
	char			 tname[128], err[256];

	if (vars == NULL && (vars = tctx_new(a, NULL)) == NULL)
		return -1;
	if (snprintf(tname, sizeof(tname), "mail/%s", name) >=
	    (int)sizeof(tname))
		return -1;
	tctx_str(vars, "base_url", base_url);
	buf_init(&s, a, 0);
	buf_init(&b, a, 0);
	i18n_use(lang != NULL ? lang : i18n_choose("nl", NULL));
	i18n_use_youth(youth);
	rc = tmpl_render_mail(set, tname, vars, &s, &b, err, sizeof(err));
	i18n_use(cur);
	i18n_use_youth(was_youth);
	if (rc != TMPL_OK) {
		log_error("mail %s: %s", name, err);
		return -1;
	}
	*subject = buf_cstr(&s);
	*body = buf_cstr(&b);
	return *subject != NULL && *body != NULL ? 0 : -1;
}

enum db_err
mail_queue(struct req *r, const char *name, const struct i18n_lang *lang,
    int youth, struct tctx *vars, const struct stmt_def *st, const char **params,
    size_t at)
{
	enum db_err	 e;

	/* an action that mails takes its place first (core/notify.c) */
	if ((e = req_notify_take(r)) != DB_OK)
		return e;
	if (mail_render(r->app->tmpl, r->a, r->app->cfg.base_url, name, lang,
	    youth, vars, &params[at], &params[at + 1]) == -1)
		return DB_ERROR;
	return db_exec(r->db, st, params, NULL);
}

enum db_err
reply_invite(struct req *r, const char *family_id, const char *kind,
    const char *nonce, const char *name, struct tctx *vars)
{
	const char	*p[6];

	p[0] = family_id;
	p[1] = kind;
	p[2] = r->sess.person_id_s;
	p[3] = nonce;
	return mail_queue(r, name, NULL, 0, vars, ST_REPLY_INVITE, p, 4);
}
