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
#include <stdio.h>
#include <time.h>

#include "arena.h"
#include "b1.h"
#include "config.h"
#include "csrf.h"
#include "db.h"
#include "hashcap.h"
#include "http.h"
#include "i18n.h"
#include "policy.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "core/mail.h"

/* Process-wide, built at start-up, read-only in workers. */
struct app {
	struct config		 cfg;
	struct tmpl_set		*tmpl;
	unsigned char		 secret[64];
	size_t			 secretlen;
	struct db		*db;		/* this worker's connection */
	struct hashcap		 hashcap;	/* password hashes at once */
	struct b1_rules		*b1;		/* the B1 check (lib/b1) */
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
	const char		*nav;		/* the row's nav item, or NULL */
	int			 error_page;	/* an error page: NULL nav is
						 * no menu item, not Start */
	int			 form_failed;	/* the page shows form errors:
						 * its title starts "Fout:" */
	const char		*deny_reason;	/* msgid: why a 403 (B1) */
	/* The page's own statement, run with the session's (struct page:
	 * prefetch); NULL when there was none or no live session. */
	const PGresult		*prefetched;
	const struct stmt_def	*prefetched_st;
	/* Actions that mail or notify (cgi/core/notify.c): this request
	 * took its place; or which limit is full and until when (429). */
	int			 notify_taken;
	const char		*limit_which;
	time_t			 limit_until;
	/* The audit row (core/reqaudit.c, sql/036): the short stable name
	 * of the rule that decided (lib/policy's pol_decision.rule, or the
	 * dispatcher's), put in every row written after it is set; the
	 * HTTP status a handler is about to answer with a refusal row
	 * (0: none); 1 once a refusal row was written, so the dispatcher
	 * does not write a second one (cgi/app/app.c). */
	const char		*rule;
	/* On whose behalf, also: the children under 12 the parent acts
	 * for on the document this request decided about (lib/policy:
	 * policy_acting_for, sql/054), "{105}"; NULL: none. Set with the
	 * rule, in every row written after it. */
	const char		*for_children;
	int			 audit_status;
	int			 refusal_logged;
	/* The page shows a form's text kept over a time-out
	 * (core/draft.h: draft_take); the layout says so. */
	int			 draft_shown;
	/* The shields of the person's families (cgi/core/shield.c,
	 * req_shields), loaded once per request; NULL until asked. */
	const struct req_shields *shields;
	/* A response written while it is made (the export, issue 21), set
	 * up by cgi/app for every request: begin sends the status and
	 * headers of rs (no Content-Length), write sends body bytes (-1:
	 * the client is gone). Once started, the dispatcher writes nothing
	 * more, also not an error page (the handler ends the body so that
	 * a cut one cannot be taken for whole). */
	struct req_stream {
		int	(*begin)(struct req *);
		int	(*write)(struct req *, const char *, size_t);
		void	*out;
		int	 started;
	} stream;
};

typedef int (*handler_fn)(struct req *);
/*
 * A page may send its first statement in the session's round trip
 * (lib/session: session_load_with): fills b (route parameters are known,
 * the person is not: the statement takes it from the session hash) and
 * returns 1, or returns 0. Saves a round trip on hot pages.
 */
typedef int (*prefetch_fn)(struct req *, const char *session_hash,
    struct db_batch *);

/* What the dispatcher does for a row besides calling its handler. */
enum page_flag {
	/* HEAD (otherwise answered as GET without a body) gets 405: the
	 * page logs a read that a HEAD would not get. */
	RF_NO_HEAD		= 1 << 0,
	/* The path is a link that works by itself (a token): logs keep the
	 * pattern with "[link]" for its placeholders, never the path. */
	RF_SECRET_PATH		= 1 << 1,
	/* The log-in page: a logged-out person is sent here (303). */
	RF_LOGIN_PAGE		= 1 << 2,
	/* A POST here also takes a form token bound to the pre-session
	 * cookie when logged in (a log-in form from before another tab
	 * logged in). */
	RF_PRE_SESSION_CSRF	= 1 << 3,
	/* A counter page (a ROLE_CLERK row): during an assisted session
	 * the clerk reaches it as the clerk (lib/session:
	 * session_assist_as_clerk), while every other page acts as the
	 * citizen. A clerk outside a session gets 404 and an audit row on
	 * every route without a clerk or public row. */
	RF_COUNTER		= 1 << 4,
	/* A POST whose text is kept when it arrives after the session
	 * ended by time (core/draft.h): the log-in page says so, and the
	 * form's page (the path; without its last part when that follows a
	 * placeholder: /documenten/{id}/reacties -> /documenten/{id}) shows
	 * it again after the log-in. */
	RF_KEEPS_TEXT		= 1 << 5
};

/*
 * One row of the route table (cgi/app/routes.c). A request's row: the
 * first row whose pattern fits the path and whose method is the
 * request's (HEAD as GET) names the route; among the rows of that method
 * and pattern, the one of the person's role, else the one for anyone
 * logged in (ROLE_USER), else the one for anyone (ROLE_PUBLIC). None
 * fits: a logged-out person goes to the log-in page, anyone else gets
 * 403.
 */
struct page {
	const char	*method;	/* "GET" or "POST" */
	const char	*pattern;	/* lib/route */
	enum role	 role;		/* whom this row is for */
	unsigned int	 flags;		/* enum page_flag */
	handler_fn	 fn;
	const char	*fn_name;	/* for `portal routes` */
	const char	*nav;		/* the menu item shown as current
					 * (r->nav), or NULL: "Start" */
	prefetch_fn	 prefetch;	/* or NULL; the same in every row
					 * of a method and pattern */
	const char	*prefetch_name;
};

/* cgi/app/routes.c */
extern const struct page pages[];
extern const size_t npages;
/* The pattern of the RF_LOGIN_PAGE row. */
const char	*login_path(void);
/* 0 if the table holds together (one row per role of a method and
 * pattern, ...), else -1 with why in err. */
int	routes_check(char *err, size_t errlen);
/* The table as `portal routes` prints it (README.md: the route list). */
void	routes_print(FILE *);
/* The prefetched result if it is of statement st (taken: a second call
 * gives NULL), else NULL. */
const PGresult	*req_prefetched(struct req *, const struct stmt_def *st);

/* cgi/app/app.c: one request, from FastCGI parameters to a response. */
struct FCGX_Request;
void	app_handle(struct app *, struct arena *, struct FCGX_Request *);

/* A citizen under 18 (age in whole years today, -1 if unknown): the
 * pages address them with "je" (lib/i18n: i18n_use_youth). */
#define req_is_youth(kind, age) \
	(strcmp((kind), "citizen") == 0 && (age) >= 0 && (age) < 18)

/* cgi/core/b1check.c: the B1 check of what a professional writes. */
/* 1 when the form was sent with the "Controleren" button (actie). */
int	req_b1_asked(const struct req *);
/* Sets "b1" and the values of partials/b1-check for text in c; with text
 * NULL "b1" is false (no check shown). 0 or 500. */
int	page_b1(struct req *, struct tctx *c, const char *text);

/* cgi/core/render.c */
/* A template context with what every page needs (csrf, lang, user). */
struct tctx	*page_ctx(struct req *);
/* Renders template `name` with ctx inside the layout, with the page title
 * (a msgid, translated here). Returns 0 or 500. */
int	page_render(struct req *, const char *name, const char *title_msgid,
	    struct tctx *ctx);
/* The same with a title that is data (a document's title), not a msgid:
 * Dutch content, marked lang="nl" on pages in other languages. */
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
/* The "wait" notice of partials/wait (a log-in step answered without
 * checking, lib/throttle): seconds > 0 shows it, in minutes from two
 * minutes on, and sets Retry-After; 0 declares it off. */
void	page_wait(struct req *, struct tctx *, long seconds);
/* The client's address as nginx passed it. */
const char *req_addr(const struct req *);
/* In an assisted session at the counter: the helping clerk's person id
 * (decimal), for a row that keeps who helped; else NULL (SQL NULL). */
const char *req_helped_by(const struct req *);

/* cgi/core/notify.c: limits on actions that mail or notify. */
/* The place of this request's action (once per request, in its
 * transaction, before the outbox row is written): DB_OK, or DB_LIMIT
 * (429: r->limit_which, r->limit_until) when a limit is full. Nothing
 * to count without a logged-in person. */
enum db_err	 req_notify_take(struct req *);
/* The audit row of a 429, after the action was rolled back. */
void		 req_notify_refused(struct req *);

/* cgi/core/reqaudit.c */
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
/* A refusal the handler did not log itself (every 403, 404 and 429
 * reaches the audit log): `action` on object (kind, id) answered with
 * `status`, decided by `rule` (NULL: r->rule), in autocommit. */
enum db_err req_refused(struct req *, int status, const char *action,
	    const char *kind, const char *object_id, const char *rule);
/* A log-in that failed (outcome "failed", status 200: the form again) or
 * was held back ("denied", 429): the row names the account the typed
 * name belongs to (its person id) when there is one, else the name only
 * as a keyed hash (lib/audit: audit_name_key); never the password. The
 * page answers the same either way (no enumeration). In autocommit. */
enum db_err req_login_refused(struct req *, const char *username,
	    const char *action, const char *outcome, int status,
	    const char *rule);
/* A log-in attempt of user from this address recorded (lib/auth:
 * auth_record, ok or not) in the caller's transaction: 0, or the HTTP
 * status (503 the database away, 500). */
int	req_auth_record(struct req *, const char *user, int ok);

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
int	req_insert_once(struct req *, const struct stmt_def *ins,
	    const char **params, size_t nonce_at, const struct stmt_def *same,
	    const char **same_params, size_t same_nonce_at);
/*
 * One page of a keyset-paged list (issue 21): statement st with
 * params[at] set to the query's ?na= (the last item of the page before;
 * "" without one), and when that shows nothing (a cursor that is not the
 * person's, unknown, or past the end) st again from the first page.
 * *later: the page is not the first. Returns 0 or an HTTP status.
 */
int	req_page_after(struct req *, const struct stmt_def *st,
	    const char **params, size_t at, PGresult **res, int *later);
/* The SHA-256 (hex, as lib/session hashes tokens) of the random token in
 * cookie `name`, or NULL when there is none or it is malformed: what the
 * database keeps of a token that works by itself (a log-in challenge, a
 * reply-link confirmation). */
const char *req_cookie_hash(struct req *, const char *name);
/* cgi/core/shield.c: the people whose activity the logged-in person may
 * not see (lib/policy, policy_hidden_actors: those shielded from them),
 * as a PostgreSQL bigint array literal ("{101,103}", "{}" for none), for
 * `actor_id <> ALL ($n::bigint[])`. NULL on an error (*st: 500/503). */
const char *req_hidden_actors(struct req *, int *st);
/*
 * The same facts for pages that show what members did (a comment, an
 * opinion, an own view, a yes to a share): the shields of the logged-in
 * person's families, loaded once per request, and lib/policy's
 * policy_actor_shown on them. req_shields: NULL on an error (*st).
 * req_actor_shown: whether the person may see that `actor` (person id;
 * 0: nobody) did something, their name next to it or its time.
 * req_shown_ids: ids[0..n) without those hidden from the person (in
 * place, order kept); the new count.
 */
struct req_shields {
	struct pol_actor	 viewer;
	struct pol_shield	*s;
	size_t			 n;
};
const struct req_shields *req_shields(struct req *, int *st);
/* The shields of one family (internal id), for req_actor_shown_to: who
 * reads what a member of it writes. Not kept in the request. */
const struct req_shields *req_family_shields(struct req *,
	    const char *family_id, int *st);
int	req_actor_shown(const struct req_shields *, long actor);
/* The same seen by another citizen of the person's families (`viewer`,
 * a person id): for what is sent to them (a mail, a letter). */
int	req_actor_shown_to(const struct req_shields *, long viewer,
	    long actor);
size_t	req_shown_ids(const struct req_shields *, long *ids, size_t n);
/* Text from a textarea with "\r\n" made "\n" (otherwise as typed). */
const char *req_unix_lines(struct req *, const char *);
/* Where a log-in returns to: the field or query value "terug" (the form's
 * on a POST, else the query's), checked by lib/returnpath; "/" when none
 * or not a same-site path. */
const char *req_return_path(const struct req *);
/* ctx[key] = the date of a Unix time given as text, in the page language. */
void	tctx_date(struct tctx *, const char *key, const char *epoch);

/* A stored code and how a page says it (a msgid). */
struct label {
	const char	*code;
	const char	*label;
};
/* cgi/core/render.c: the translated label of code in t (n entries), or the
 * code itself when t has none. */
const char *label_of(const struct label *t, size_t n, const char *code);
#define LABEL(t, code)	label_of((t), sizeof(t) / sizeof((t)[0]), (code))

/* cgi/core/actions.c: an audit action ("comment.create") in B1 words
 * for the citizen ("Een reactie geschreven."); one it does not know yet
 * says so plainly. */
const char *audit_action_words(const char *action);

/* cgi/core/render.c: how a page says a family role ("grootmoeder" -> "oma"). */
const char *family_role_label(const char *code);

/* Handlers (one file per area). */
int	h_home(struct req *);		/* home.c: logged out */
int	h_home_citizen(struct req *);
int	h_home_professional(struct req *);
int	h_home_clerk(struct req *);
int	h_login_form(struct req *);	/* auth.c */
int	h_login(struct req *);
int	h_logout(struct req *);
/* login.c: a new session for person (kind: "citizen", "professional",
 * "clerk"); the old one ends and the log-in is audited, committed in the
 * caller's transaction if one is open, else in its own. Answers the 303
 * to `to` (a path req_return_path checked; NULL: "/") (0) or an HTTP
 * status. */
int	login_session(struct req *, long person_id, const char *kind,
	    const char *to);
int	h_code_form(struct req *);	/* code.c: the second step */
int	h_code(struct req *);
/* code.c: after a staff member's right password, the challenge for the
 * one-time code (cookie); answers the 303 to /inloggen/code, with
 * ?terug=`to` when that is a page to return to. */
int	login_challenge(struct req *, long person_id, const char *to);
int	h_documents(struct req *);	/* documents.c */
int	h_document(struct req *);
int	doc_prefetch(struct req *, const char *session_hash,
	    struct db_batch *);
int	h_document_file(struct req *);	/* files.c */
int	h_versions(struct req *);	/* versions.c */
int	h_version(struct req *);
int	h_version_diff(struct req *);
int	h_edit_form(struct req *);	/* edit.c */
int	h_edit(struct req *);
int	h_upload_form(struct req *);	/* upload.c */
int	h_upload(struct req *);
int	h_owndoc_form(struct req *);	/* owndoc.c: a member's own */
int	h_owndoc_post(struct req *);
int	h_owndoc_edit_form(struct req *);
int	h_owndoc_edit(struct req *);
int	h_owndoc_remove(struct req *);
int	h_document_part(struct req *);	/* documents.c: a part's form */
int	h_inzage(struct req *);		/* inzage.c */
int	h_contact(struct req *);	/* contact.c */
int	h_contact_post(struct req *);
int	h_mail_confirm_form(struct req *);	/* mailconfirm.c */
int	h_mail_confirm(struct req *);
int	h_mail_confirmed(struct req *);
/* sessions.c: the person's own sessions on /gegevens (0 or a status),
 * and "log out everywhere else". */
int	sessions_fill(struct req *, struct tctx *);
int	h_sessions_end_others(struct req *);
int	h_password_form(struct req *);	/* password.c */
int	h_password(struct req *);
int	h_share_page(struct req *);	/* share.c */
int	h_share_post(struct req *);
int	h_share_revoke(struct req *);
int	h_share_decide(struct req *);
int	h_appointments(struct req *);	/* appointments.c */
int	h_appointment_book(struct req *);
int	h_appointment_cancel(struct req *);
int	h_appointment_decline(struct req *);
int	h_appointment_ics(struct req *);
int	h_slots(struct req *);		/* slots.c */
int	h_slot_add(struct req *);
int	h_slot_series(struct req *);
int	h_slot_cancel(struct req *);
int	h_slot_withdraw(struct req *);
int	h_family_contact(struct req *);	/* family_contact.c */
int	h_family_contact_hide(struct req *);
int	h_family_contact_show(struct req *);
int	h_family_contact_record(struct req *);
int	h_family_shield(struct req *);		/* member_shield.c */
int	h_family_shield_add(struct req *);
int	h_family_shield_end(struct req *);
int	h_export_json(struct req *);	/* export.c */
int	h_export_page(struct req *);
int	h_requests(struct req *);	/* requests.c */
int	h_request_post(struct req *);
int	h_request(struct req *);
int	h_request_take_up(struct req *);
int	h_request_extend(struct req *);
int	h_reply_list(struct req *);	/* worklist.c */
int	h_reply_sent(struct req *);
int	h_reply_token_form(struct req *);
int	h_reply_token_post(struct req *);
int	h_reply_item_form(struct req *);
int	h_reply_item_post(struct req *);
int	h_post_queue(struct req *);	/* counter/post.c: letters */
int	h_post_letter(struct req *);
int	h_post_printed(struct req *);
int	h_counter(struct req *);	/* counter/counter.c */
int	h_counter_search(struct req *);
int	h_counter_start(struct req *);
int	h_counter_stop(struct req *);
int	h_counter_receipt(struct req *);	/* counter/receipt.c */
int	h_counter_activation(struct req *);	/* counter/activation.c */
int	h_activate_form(struct req *);
int	h_activate(struct req *);
int	h_checkin(struct req *);	/* selfcare/checkin.c */
int	h_checkin_post(struct req *);
int	h_checkin_share(struct req *);
int	h_family_checkins(struct req *);
int	h_feedback(struct req *);	/* selfcare/feedback.c */
int	h_feedback_post(struct req *);
int	h_feedback_results(struct req *);
int	h_rights(struct req *);		/* rights.c */
int	h_glossary(struct req *);
int	h_privacy(struct req *);
int	h_accessibility(struct req *);
int	h_health(struct req *);		/* misc.c */
int	h_language(struct req *);
int	h_language_post(struct req *);

#endif
