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

enum db_err
mail_queue(struct req *r, const char *name, const struct i18n_lang *lang,
    int youth, struct tctx *vars, enum stmt st, const char **params,
    size_t at)
{
	const struct i18n_lang	*cur = i18n_current();
	int			 was_youth = i18n_youth();
	struct buf		 subject, body;
	enum tmpl_err		 rc;
	char			 tname[128], err[256];

	if (vars == NULL && (vars = tctx_new(r->a, NULL)) == NULL)
		return DB_ERROR;
	if (snprintf(tname, sizeof(tname), "mail/%s", name) >=
	    (int)sizeof(tname))
		return DB_ERROR;
	tctx_str(vars, "base_url", r->app->cfg.base_url);
	buf_init(&subject, r->a, 0);
	buf_init(&body, r->a, 0);
	i18n_use(lang != NULL ? lang : i18n_choose("nl", NULL));
	i18n_use_youth(youth);
	rc = tmpl_render_mail(r->app->tmpl, tname, vars, &subject, &body, err,
	    sizeof(err));
	i18n_use(cur);
	i18n_use_youth(was_youth);
	if (rc != TMPL_OK) {
		log_error("mail %s: %s", name, err);
		return DB_ERROR;
	}
	params[at] = buf_cstr(&subject);
	params[at + 1] = buf_cstr(&body);
	if (params[at] == NULL || params[at + 1] == NULL)
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
