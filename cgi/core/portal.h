/*
 * portal.h - what the handlers in cgi/ share: the process-wide app and
 * the per-request context.
 *
 * A handler: parse and check input -> decide access -> run SQL -> fill a
 * template context -> page_render(). It returns 0 when the response is
 * complete, or an HTTP status (400, 403, 404, 413, 500, 503) for which the
 * dispatcher renders the B1 error page (throwing away anything half made).
 */
#ifndef GP_PORTAL_H
#define GP_PORTAL_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "csrf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

/* Process-wide, built at start-up, read-only in workers. */
struct app {
	struct config		 cfg;
	struct tmpl_set		*tmpl;
	unsigned char		 secret[64];
	size_t			 secretlen;
	struct db		*db;		/* this worker's connection */
};

/* The number of elements of array a. */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct req {
	struct app		*app;
	struct arena		*a;
	struct db		*db;
	struct http_request	*rq;
	struct http_response	*rs;
	struct session		 sess;		/* sess.valid: logged in */
	enum role		 role;		/* ROLE_PUBLIC: not logged in */
	struct route_params	 params;
	const struct i18n_lang	*lang;
	const char		*pre;		/* pre-session cookie value */
	char			 csrf[CSRF_TOKEN_LEN + 1]; /* for forms */
	const char		*nav;		/* current nav item, or NULL */
	const char		*deny_reason;	/* msgid: why a 403 (B1) */
	/* The page's own statement, run with the session's (see
	 * page_prefetch); NULL when there was none or no live session. */
	const PGresult		*prefetched;
	enum stmt		 prefetched_st;
};

typedef int (*handler_fn)(struct req *);

struct page {
	const char	*method;
	const char	*pattern;
	handler_fn	 fn;
	enum role	 role;
};

/* cgi/routes.c */
extern const struct page pages[];
extern const size_t npages;
/*
 * A page may send its first statement in the session's round trip
 * (lib/session: session_load_with): fills b for page p (route parameters
 * are known, the person is not: the statement takes it from the session
 * hash) and returns 1, or returns 0. Saves a round trip on hot pages.
 */
int	page_prefetch(const struct page *p, struct req *,
	    const char *session_hash, struct db_batch *b);
/* The prefetched result if it is of statement st (taken: a second call
 * gives NULL), else NULL. */
const PGresult	*req_prefetched(struct req *, enum stmt st);

/* cgi/app.c: one request, from FastCGI parameters to a response. */
struct FCGX_Request;
void	app_handle(struct app *, struct arena *, struct FCGX_Request *);

/* A citizen under 18 (age in whole years today, -1 if unknown): the
 * pages address them with "je" (lib/i18n: i18n_use_youth). */
#define req_is_youth(kind, age) \
	(strcmp((kind), "citizen") == 0 && (age) >= 0 && (age) < 18)

/* cgi/render.c */
/* A template context with what every page needs (csrf, lang, user). */
struct tctx	*page_ctx(struct req *);
/* Renders template `name` with ctx inside the layout, with the page title
 * (a msgid, translated here). Returns 0 or 500. */
int	page_render(struct req *, const char *name, const char *title_msgid,
	    struct tctx *ctx);
/* The same with a title that is data (a document's title), not a msgid. */
int	page_render_text(struct req *, const char *name, const char *title,
	    struct tctx *ctx);
/* Template `name` rendered with ctx alone (no layout), for a page that
 * puts parts together; NULL (logged) on an error. */
const char *page_partial(struct req *, const char *name, struct tctx *ctx);
/* The B1 error page for status. Always produces a response. */
void	page_error(struct req *, int status);
/* 303 See Other to a local path. */
int	page_redirect(struct req *, const char *path);
/* Adds the error summary list ("errors") to ctx. */
struct form_error;
void	page_form_errors(struct req *, struct tctx *,
	    const struct form_error *, size_t n);
/* Sets a cookie with the portal's defaults (HttpOnly, SameSite=Lax,
 * Secure when configured). max_age < 0: session cookie; 0: delete. */
void	page_cookie(struct req *, const char *name, const char *value,
	    long max_age);
/* The client's address as nginx passed it. */
const char *req_addr(const struct req *);

/* cgi/reqaudit.c */
struct audit_event;
/* Fills ev for `action` by the logged-in person on object (kind, id) of
 * family_id (may be NULL), with the request's address and id (borrowed
 * strings). */
void	req_event(struct req *, struct audit_event *ev, const char *action,
	    const char *kind, const char *object_id, const char *family_id,
	    const char *outcome);
/* That event written, in autocommit (or the caller's transaction). */
enum db_err req_audit(struct req *, const char *action, const char *kind,
	    const char *object_id, const char *family_id, const char *outcome);

/* cgi/core/common.c */
#define FORM_NONCE_LEN	32	/* hex characters of a form nonce */
/* The HTTP status for a database error (503 unreachable, else 500); the
 * _ok variant answers 0 for DB_OK. */
int	db_status(enum db_err);
int	db_status_ok(enum db_err);
/* A fresh random form nonce (FORM_NONCE_LEN hex + NUL), or "" on failure. */
void	form_nonce_new(char out[FORM_NONCE_LEN + 1]);
/* The nonce a form sent, or a fresh one when it is missing or odd (then a
 * second send is not recognised, but nothing is refused). */
const char *req_form_nonce(struct req *);
/*
 * Runs insert `ins` (RETURNING a row; ON CONFLICT on the form nonce DO
 * NOTHING) once per form, in the caller's transaction: params[nonce_at]
 * is the form nonce. No row back: statement `same` (its parameter
 * same_nonce_at is the nonce too) says whether this form was stored
 * before with the same content (a double click: nothing more to do) or
 * with other content (sent again after an answer that never came, then
 * changed: stored as new, under a fresh nonce). Returns 1 stored, 0
 * stored before, or minus an HTTP status.
 */
int	req_insert_once(struct req *, enum stmt ins, const char **params,
	    size_t nonce_at, enum stmt same, const char **same_params,
	    size_t same_nonce_at);
/* 1 if s is empty or only blanks and line ends. */
int	text_blank(const char *);
/* Text from a textarea with "\r\n" made "\n" (otherwise as typed). */
const char *req_unix_lines(struct req *, const char *);
/* ctx[key] = the date of a Unix time given as text, in the page language. */
void	tctx_date(struct tctx *, const char *key, const char *epoch);
/* The mail to the family's professionals with a single-use reply link
 * (the sender makes the token; lib/token TOKEN_MARK), about object `kind`
 * of family_id, in the caller's transaction; `more`: a link to the item,
 * or NULL. */
enum db_err reply_invite(struct req *, const char *family_id,
	    const char *kind, const char *nonce, const char *subject_msgid,
	    const char *intro_msgid, const char *more);

/* A stored code and how a page says it (a msgid). */
struct label {
	const char	*code;
	const char	*label;
};
/* cgi/render.c: the translated label of code in t (n entries), or the
 * code itself when t has none. */
const char *label_of(const struct label *t, size_t n, const char *code);
#define LABEL(t, code)	label_of((t), sizeof(t) / sizeof((t)[0]), (code))

/* cgi/core/render.c: how a page says a family role ("grootmoeder" -> "oma"). */
const char *family_role_label(const char *code);

/* Handlers (one file per area). */
int	h_home(struct req *);		/* home.c */
int	h_login_form(struct req *);	/* auth.c */
int	h_login(struct req *);
int	h_logout(struct req *);
/* login.c: a new session for person (kind: "citizen", "professional",
 * "clerk"); the old one ends and the log-in is audited, committed in the
 * caller's transaction if one is open, else in its own. Answers the 303
 * to "/" (0) or an HTTP status. */
int	login_session(struct req *, long person_id, const char *kind);
int	h_code_form(struct req *);	/* code.c: the second step */
int	h_code(struct req *);
/* code.c: after a staff member's right password, the challenge for the
 * one-time code (cookie); answers the 303 to /inloggen/code. */
int	login_challenge(struct req *, long person_id);
int	h_documents(struct req *);	/* documents.c */
int	h_document(struct req *);
int	doc_prefetch(struct req *, const char *session_hash,
	    struct db_batch *);
int	h_document_file(struct req *);	/* files.c */
int	h_edit_form(struct req *);	/* edit.c */
int	h_edit(struct req *);
int	h_upload_form(struct req *);	/* upload.c */
int	h_upload(struct req *);
int	h_document_part(struct req *);	/* documents.c: a part's form */
int	h_inzage(struct req *);		/* inzage.c */
int	h_contact(struct req *);	/* contact.c */
int	h_contact_post(struct req *);
int	h_share_page(struct req *);	/* share.c */
int	h_share_post(struct req *);
int	h_share_revoke(struct req *);
int	h_appointments(struct req *);	/* appointments.c */
int	h_appointment_book(struct req *);
int	h_appointment_cancel(struct req *);
int	h_appointment_ics(struct req *);
int	h_slot_add(struct req *);	/* slots.c */
int	h_slot_withdraw(struct req *);
int	h_family_contact(struct req *);	/* family_contact.c */
int	h_family_contact_hide(struct req *);
int	h_family_contact_show(struct req *);
int	h_export_json(struct req *);	/* export.c */
int	h_export_page(struct req *);
int	h_requests(struct req *);	/* requests.c */
int	h_request_post(struct req *);
int	h_request(struct req *);
int	h_request_take_up(struct req *);
int	h_request_extend(struct req *);
int	h_reply_list(struct req *);	/* reply.c */
int	h_reply_sent(struct req *);
int	h_reply_token_form(struct req *);
int	h_reply_token_post(struct req *);
int	h_reply_item_form(struct req *);
int	h_reply_item_post(struct req *);
int	h_health(struct req *);		/* misc.c */
int	h_language(struct req *);
int	h_language_post(struct req *);

#endif
