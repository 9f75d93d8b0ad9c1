/*
 * mail.h - every mail the portal writes (cgi/core/mail.c): one template
 * per mail, templates/mail/<name>.txt (templates/README.md, "Mails").
 */
#ifndef GP_MAIL_H
#define GP_MAIL_H

#include <stddef.h>

#include "db.h"
#include "i18n.h"

struct arena;
struct req;
struct tctx;
struct tmpl_set;

/*
 * Mail `name` of set rendered in lang (NULL: Dutch, for staff) and, when
 * youth, in the "je" form, with the values in vars (NULL: none) and
 * "base_url" (set here) into *subject and *body (memory of a). The
 * thread's language and form are as before afterwards. 0, or -1 (and a
 * log line) when the template fails.
 */
int		 mail_render(const struct tmpl_set *set, struct arena *a,
		    const char *base_url, const char *name,
		    const struct i18n_lang *lang, int youth, struct tctx *vars,
		    const char **subject, const char **body);
/*
 * The same for a request, then statement st runs with params, of which
 * params[at] is the subject and params[at + 1] the body: the statement
 * picks the receivers and writes the outbox row(s), in the caller's
 * transaction. DB_ERROR when the template fails.
 */
enum db_err	 mail_queue(struct req *, const char *name,
		    const struct i18n_lang *lang, int youth, struct tctx *vars,
		    const struct stmt_def *st, const char **params, size_t at);
/* Mail `name` to each professional assigned to family_id now, in Dutch,
 * with a single-use reply link where the template has TOKEN_MARK (made
 * by the sender: lib/token.h) for object `kind` ("comment", "request")
 * that the person stored with form nonce `nonce`. */
enum db_err	 reply_invite(struct req *, const char *family_id,
		    const char *kind, const char *nonce, const char *name,
		    struct tctx *vars);

#endif
