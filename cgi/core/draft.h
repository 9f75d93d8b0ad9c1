/*
 * draft.h - text typed in a form that arrives after the session ended
 * (issue 15, part 4): not lost without a word.
 *
 * A POST to a route with the flag RF_KEEPS_TEXT (cgi/app/routes.c: the
 * comment, request, message and contact forms) that carries the cookie
 * of a session that ended by time AND a form token bound to that very
 * session is kept in PostgreSQL (sql/033_form_draft.sql) for that
 * session's person, under the path of the form's page. The log-in page
 * then says so (?bewaard=1) and the log-in returns to that page with
 * ?bewaard=1, where the handler calls draft_take(): the fields come back
 * into the form, once (taking deletes it), and the page says that it was
 * not sent yet. Only the same person sees it; after an hour it is never
 * shown and is deleted (draft_purge at every log-in of anyone, and when
 * its person opens the page). Clerks' drafts are not kept (the text was
 * the citizen's). An ended session's row stays an hour for this
 * (lib/stmts.c ST_SESSION_PURGE); it is never live again.
 *
 * Owns: keeping and taking drafts. Never: sends a kept form itself.
 */
#ifndef GP_DRAFT_H
#define GP_DRAFT_H

#include <stddef.h>

#include "db.h"
#include "form.h"

struct req;

/*
 * Keeps the form of this POST for the person of the ended session whose
 * token is `token`, under `page` (a same-site path). On success *login_to
 * is where to send the person ("/inloggen?terug=<page>?bewaard=1&
 * bewaard=1", arena memory); else *login_to is NULL (nothing kept: no such
 * session, a clerk's, too long). 0, or an HTTP status.
 */
int	draft_keep(struct req *, const char *token, const char *page,
	    const char **login_to);
/*
 * On a page opened with ?bewaard=1 by a logged-in person (not an assisted
 * session): takes their draft of this page (r->rq->path), if any and not
 * older than an hour, and puts its values into v[] for the fields of spec
 * (never "csrf" or "nonce"). 1 when values were put, 0 when none, or -1
 * on a database error. Sets r->draft_shown (the layout's notice).
 */
int	draft_take(struct req *, const struct form_spec *spec, size_t n,
	    const char **v);
/* Deletes drafts older than an hour (at every log-in). */
enum db_err	draft_purge(struct req *);

#endif
