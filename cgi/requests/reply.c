/*
 * reply.c - the professional's answer to what a family member wrote: a
 * comment on a document, a request (/verzoeken), or a message in a
 * conversation with them (/berichten; cgi/messages loads and stores it,
 * the answer goes to the member alone).
 *
 *   GET/POST /antwoord/{token}       from the link in the mail; works
 *                                    without logging in: the token is the
 *                                    credential
 *   GET      /antwoord               "Wat wacht op mij": worklist.c
 *   GET/POST /antwoord/{kind}/{id}   the same form from that list
 *                                    (kind: reactie / verzoek / bericht),
 *                                    no token; the list sends a
 *                                    conversation to /berichten/{id}
 *   GET      /antwoord/verstuurd     "thank you" after a token answer
 *
 * A token (lib/token) is made when the outbox process sends the mail;
 * the database holds its SHA-256 only. It is bound to one professional and
 * one comment, request or message, works once, for 14 days. It stops working too
 * when the professional is no longer assigned to the family (lib/policy
 * decides, as for every other answer), or when the item was answered (by
 * the worklist or another professional's link). A malformed, unknown or
 * someone else's token -> 404, a used or expired one -> 410: the same B1
 * page, an audit row, nothing saved. Somebody logged in as another person
 * than the token's professional is refused the same way (a shared
 * computer must not answer in somebody else's name).
 *
 * A forwarded mail alone shows nothing a family wrote: before the item and
 * its form, the professional confirms who they are with their portal
 * password and a one-time code from their app (the form on the same URL,
 * fields `password` and `code`). Wrong ones count and lock as at log-in
 * (lib/auth), a code works once (staff_totp.last_step), every attempt is
 * audited (reply.confirm). A right one sets a cookie for 24 hours whose
 * random value is kept hashed in reply_confirmation with the professional:
 * it confirms their links only, not another professional's. A session of
 * the token's professional counts as confirmed. The confirmation does not
 * use the token; an answer sent without one is not stored.
 *
 * The answer to a comment is a comment by the professional in the same
 * thread with the audience of the comment it answers (hulpverlener or
 * gezin; cgi/dossier/comments.c shows it to whoever sees that comment, and
 * to its writer), and the form names who will read it. The answer to a request is its outcome and
 * a text in the request's timeline; a refusal and a partial grant need
 * the text (the reason).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "messages/messages.h"
#include "requests/requests.h"
#include "token.h"
#include "totp.h"
#include "util.h"

/* Professional $2 answers request $1: outcome $3, answer $4. No row: it
 * was answered already. */
static const struct stmt_def ST_REQUEST_ANSWER[1] = {{ "request_answer",
	"WITH r AS (UPDATE request SET status = $3, answer = $4, "
	"    answered_at = now(), answered_by = $2 "
	"  WHERE id = $1 AND status IN ('ingediend', 'in behandeling') "
	"  RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what, text) "
	"SELECT id, $2, $3, $4 FROM r RETURNING 1", 4, 1 }};

/* The language the author of request $1 chose ("" for none). */
static const struct stmt_def ST_REQUEST_AUTHOR_LANGUAGE[1] = {{
	"request_author_language",
	"SELECT coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) FROM request rq "
	"  JOIN person p ON p.id = rq.author_id WHERE rq.id = $1", 1, 2 }};
enum { LANG_LANGUAGE, LANG_AGE };

/* A mail ($2 subject, $3 body) to the author of request $1, at the
 * address they gave on /gegevens; a letter when they chose post or the
 * counter (lib/stmts.h: MEMBER_OUTBOX); none without either. */
static const struct stmt_def ST_REQUEST_MAIL_AUTHOR[1] = {{
	"request_mail_author",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT " MEMBER_OUTBOX("cd", "rq.author_id", "'vraag-beantwoord'",
	"$2", "$3") " FROM request rq "
	"  JOIN contact_details cd ON cd.person_id = rq.author_id "
	" WHERE rq.id = $1 AND " MEMBER_REACHED("cd"), 3, 0 }};

/* The token with hash $1: id, professional, used, expired, what it is
 * for (kind, public id). */
static const struct stmt_def ST_REPLY_TOKEN_FIND[1] = {{ "reply_token_find",
	"SELECT t.id, t.professional_id, t.used_at IS NOT NULL, "
	"       t.expires_at IS NULL OR t.expires_at <= now(), "
	"       CASE WHEN t.comment_id IS NOT NULL THEN 'reactie' "
	"         WHEN t.message_id IS NOT NULL THEN 'bericht' "
	"         ELSE 'verzoek' END, "
	"       coalesce(c.public_id, r.public_id, m.public_id), "
	/* used minutes ago: most likely a second click */
	"       coalesce(t.used_at > now() - interval '10 minutes', false) "
	"  FROM reply_token t "
	"  LEFT JOIN document_comment c ON c.id = t.comment_id "
	"  LEFT JOIN request r ON r.id = t.request_id "
	"  LEFT JOIN conversation_message m ON m.id = t.message_id "
	" WHERE t.token_hash = decode($1, 'hex')", 1, 7 }};
enum { T_ID, T_PRO, T_USED, T_EXPIRED, T_KIND, T_OBJECT, T_JUST_USED };

/* Uses token $1, once. No row: used or expired meanwhile. */
static const struct stmt_def ST_REPLY_TOKEN_USE[1] = {{ "reply_token_use",
	"UPDATE reply_token SET used_at = now() "
	" WHERE id = $1 AND used_at IS NULL AND expires_at > now() "
	"RETURNING 1", 1, 1 }};

/* Comment $1 (public id) by a family member, to be answered: id, text,
 * private, author, document public id, answered already, when. */
static const struct stmt_def ST_REPLY_COMMENT_ONE[1] = {{ "reply_comment_one",
	"SELECT c.id, c.body, c.private, p.given_name || ' ' || p.family_name, "
	"       d.public_id, "
	"       EXISTS (SELECT 1 FROM document_comment x "
	"         WHERE x.answer_to = c.id), "
	"       extract(epoch FROM c.created_at)::bigint, c.author_id "
	"  FROM document_comment c JOIN document d ON d.id = c.document_id "
	"  JOIN person p ON p.id = c.author_id "
	" WHERE c.public_id = $1 AND p.kind = 'citizen' "
	"   AND c.answer_to IS NULL", 1, 8 }};
enum { K_ID, K_BODY, K_PRIVATE, K_AUTHOR, K_DOC, K_ANSWERED, K_AT,
    K_AUTHOR_ID };

/* The answer to comment $6: a comment on document $1 by professional $2,
 * $3 text, $4 private (as the comment), $5 form nonce. No row: the
 * comment has its answer already. */
static const struct stmt_def ST_REPLY_COMMENT_ANSWER[1] = {{
	"reply_comment_answer",
	"INSERT INTO document_comment (document_id, author_id, body, private, "
	"  form_nonce, answer_to) VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT DO NOTHING RETURNING public_id", 6, 1 }};

/* Confirmation $1 (hex SHA-256 of the cookie's token) is live and of
 * professional $2. */
static const struct stmt_def ST_REPLY_CONFIRMED[1] = {{ "reply_confirmed",
	"SELECT 1 FROM reply_confirmation "
	" WHERE id_hash = decode($1, 'hex') AND person_id = $2 "
	"   AND expires_at > now()", 2, 1 }};

/* The account of professional $1 that confirms: user name, password hash,
 * the secret of their app ("" when none is set up and shown). */
static const struct stmt_def ST_REPLY_CONFIRM_ACCOUNT[1] = {{
	"reply_confirm_account",
	"SELECT a.username, a.password_hash, "
	"       coalesce(t.secret, '') "
	"  FROM account a JOIN person p ON p.id = a.person_id "
	"  LEFT JOIN staff_totp t ON t.person_id = a.person_id "
	"   AND t.shown_at IS NOT NULL "
	" WHERE a.person_id = $1 AND NOT a.disabled "
	"   AND p.kind = 'professional'", 1, 3 }};
enum { A_USERNAME, A_HASH, A_SECRET };

/* A new confirmation: $1 the hex SHA-256 of the cookie's token, $2 the
 * professional. */
static const struct stmt_def ST_REPLY_CONFIRM_INSERT[1] = {{
	"reply_confirm_insert",
	"INSERT INTO reply_confirmation (id_hash, person_id) "
	"VALUES (decode($1, 'hex'), $2)", 2, 0 }};

static const struct stmt_def ST_REPLY_CONFIRM_PURGE[1] = {{
	"reply_confirm_purge",
	"DELETE FROM reply_confirmation WHERE expires_at < now()", 0, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_REQUEST_ANSWER,
	ST_REQUEST_AUTHOR_LANGUAGE,
	ST_REQUEST_MAIL_AUTHOR,
	ST_REPLY_TOKEN_FIND,
	ST_REPLY_TOKEN_USE,
	ST_REPLY_COMMENT_ONE,
	ST_REPLY_COMMENT_ANSWER,
	ST_REPLY_CONFIRMED,
	ST_REPLY_CONFIRM_ACCOUNT,
	ST_REPLY_CONFIRM_INSERT,
	ST_REPLY_CONFIRM_PURGE,
};
const struct stmt_table reply_stmts = {
	"requests/reply.c", stmts, NELEM(stmts)
};

#define ANSWER_MAX	2000	/* characters */

/* ---- the invitation (comments.c, requests.c) ---- */

/* ---- one item to answer ---- */

struct item {
	int		 is_request;
	const char	*kind;		/* "reactie" / "verzoek", as in URLs */
	const char	*public_id;
	const char	*pro;		/* who answers (person id, decimal) */
	const char	*family_id;
	const char	*title;		/* document ("" for "iets anders") */
	const char	*author;
	const char	*text;		/* the family member's words */
	const char	*made;		/* Unix time, text */
	/* a comment */
	struct doc	 d;
	const char	*comment_id;
	long		 comment_author;	/* person id */
	int		 private;
	/* a request */
	const PGresult	*req;
	/* a member's message (cgi/messages) */
	int		 is_message;
	struct msg_reply msg;
	/* the token: an answer was sent with it minutes ago */
	int		 just_used;
};

/* A comment professional it->pro may answer: lib/policy on the document
 * (comment and read comments, as that professional), not answered yet.
 * 0, 404 (not there or not theirs), 410 (answered), 500/503. */
static int
load_comment(struct req *r, struct item *it)
{
	const char	*p[2];
	PGresult	*c, *res;
	enum db_err	 e;

	p[0] = it->public_id;
	if ((e = db_exec(r->db, ST_REPLY_COMMENT_ONE, p, &c)) != DB_OK)
		return db_status(e);
	if (db_rows(c) != 1)
		return 404;
	p[0] = it->pro;
	p[1] = db_val(c, 0, K_DOC);
	if ((e = db_exec(r->db, ST_DOC_ONE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || doc_facts_load(r, res, 0, &it->d.f) == -1)
		return 404;
	/* The facts are the answering professional's, also when nobody is
	 * logged in (the token's holder). */
	it->d.f.actor.kind = POL_PROFESSIONAL;
	if (util_parse_long(it->pro, 1, 1L << 62,
	    &it->d.f.actor.person_id) == -1)
		return 404;
	if (!policy_decide(&it->d.f.actor, &it->d.f.doc, POL_COMMENT).allow ||
	    !policy_decide(&it->d.f.actor, &it->d.f.doc,
	    POL_READ_COMMENTS).allow)
		return 404;
	it->d.res = res;
	it->d.public_id = db_val(res, 0, C_PUBLIC_ID);
	it->d.family_id = db_val(res, 0, C_FAMILY_ID);
	it->d.id = db_val(res, 0, C_ID);
	it->d.version = db_val(res, 0, C_VERSION);
	it->family_id = it->d.family_id;
	it->title = db_val(res, 0, C_TITLE);
	it->comment_id = db_val(c, 0, K_ID);
	it->text = db_val(c, 0, K_BODY);
	it->private = db_bool(c, 0, K_PRIVATE);
	it->author = db_val(c, 0, K_AUTHOR);
	it->comment_author = db_long(c, 0, K_AUTHOR_ID);
	it->made = db_val(c, 0, K_AT);
	return db_bool(c, 0, K_ANSWERED) ? 410 : 0;
}

/* A request of a family professional it->pro is assigned to now. */
static int
load_request(struct req *r, struct item *it)
{
	const char	*p[2] = { it->pro, it->public_id };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_REQUEST_ONE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, R_ASSIGNED))
		return 404;
	it->req = res;
	it->family_id = db_val(res, 0, R_FAMILY);
	it->title = db_val(res, 0, R_DOC_TITLE);
	it->text = db_val(res, 0, R_BODY);
	it->author = db_val(res, 0, R_AUTHOR);
	it->made = db_val(res, 0, R_CREATED);
	return request_open(db_val(res, 0, R_STATUS)) ? 0 : 410;
}

/* A member's message in a conversation of professional it->pro, who is
 * assigned to the family now (cgi/messages decides). */
static int
load_message(struct req *r, struct item *it)
{
	int	 st;

	it->is_message = 1;
	st = msg_reply_load(r, it->public_id, it->pro, &it->msg);
	if (st != 0 && st != 410)
		return st;
	it->family_id = it->msg.family_id;
	it->title = it->msg.subject;
	it->text = it->msg.text;
	it->author = it->msg.member;
	it->made = it->msg.made;
	it->private = 1;
	return st;
}

static int
load_item(struct req *r, const char *kind, const char *public_id,
    const char *pro, struct item *it)
{
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->public_id = public_id;
	it->pro = pro;
	if (strcmp(kind, "verzoek") == 0) {
		it->is_request = 1;
		return load_request(r, it);
	}
	if (strcmp(kind, "reactie") == 0)
		return load_comment(r, it);
	if (strcmp(kind, "bericht") == 0)
		return load_message(r, it);
	return 404;
}

/* One audit row in the name of professional `pro` (the token's holder,
 * or the logged-in professional); pro NULL: whoever is logged in, or
 * nobody. */
static enum db_err
audit_reply(struct req *r, const char *pro, const char *action,
    const char *object_kind, const char *object_id, const char *family_id,
    const char *outcome)
{
	struct audit_event	 ev;

	req_event(r, &ev, action, object_kind, object_id, family_id, outcome);
	if (pro != NULL) {		/* the token's holder */
		ev.actor_id = pro;
		ev.actor_role = "professional";
	} else if (!r->sess.valid)
		ev.actor_role = "anonymous";
	return audit_write(r->db, &ev);
}

static const char *
object_kind(const struct item *it)
{
	if (it->is_message)
		return "message";
	return it->is_request ? "request" : "comment";
}

/* The audit action of an answer to it. */
static const char *
answer_action(const struct item *it)
{
	if (it->is_message)
		return "message.answer";
	return it->is_request ? "request.answer" : "comment.answer";
}

/* "Deze link werkt niet meer." with status 404 or 410, and its audit row
 * (token_id: the token's row when it was found). just_used: an answer was
 * sent with this link minutes ago (a double click): the page says so. */
static int
gone(struct req *r, int status, const char *token_id, int just_used)
{
	struct tctx	*c = page_ctx(r);
	enum db_err	 e;

	db_rollback(r->db);
	tctx_bool(c, "just_used", just_used);
	if ((e = audit_reply(r, NULL, "reply.token", "reply_token", token_id,
	    NULL, "denied")) != DB_OK)
		return db_status(e);
	r->rs->status = status;
	return page_render(r, "antwoord-weg", N_("Deze link werkt niet meer."),
	    c);
}

/* ---- the form ---- */

enum { F_BODY, F_OUTCOME, F_ITEM, F_NONCE, F__MAX };

static const char *const outcomes[] = { "toegekend", "deels toegekend",
    "afgewezen", NULL };

/* Body and outcome are needed or not by the kind of item: checked in
 * read_answer. */
static const struct form_spec answer_form[F__MAX] = {
	[F_BODY] = { .name = "body", .kind = FORM_TEXT,
	    .max_chars = ANSWER_MAX,
	    .msg_too_long = N_("Uw antwoord is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_OUTCOME] = { .name = "outcome", .kind = FORM_CHOICE,
	    .max_chars = 16, .choices = outcomes },
	/* The form names its item; a POST without it (CONTRACT.md: `body`,
	 * `outcome`) answers the item of the link or page. */
	[F_ITEM] = { .name = "item", .kind = FORM_ID, .max_chars = 64 },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

struct answer {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
	const char		*checked;	/* "Controleren": the text */
};

/* Who will read the answer to comment it, into c (comment_readers_fill;
 * the answering professional is not named; nor a member from whom the
 * comment's writer is shielded, who does not see the answer). 0 or an
 * HTTP status. */
static int
answer_readers(struct req *r, const struct item *it, struct tctx *c)
{
	const char	*p[1] = { it->d.id };
	const struct req_shields *sh;
	struct db_batch	 b[2];
	long		 pro;
	enum db_err	 e;
	int		 st;

	b[0].st = ST_DOC_MEMBERS;
	b[0].params = p;
	b[1].st = ST_COMMENT_READERS;
	b[1].params = p;
	if ((e = db_batch(r->db, b, 2)) != DB_OK)
		return db_status(e);
	if ((sh = req_family_shields(r, it->d.family_id, &st)) == NULL)
		return st;
	if (util_parse_long(it->pro, 1, 1L << 62, &pro) == -1 ||
	    comment_readers_fill(&it->d, b[0].res, b[1].res, pro,
	    it->comment_author, sh, c) == -1)
		return 500;
	return 0;
}

/* F8: "Over: ..." links to the document only when the answering
 * professional may read it (lib/policy, as that professional, also when
 * nobody is logged in): the public id, or "" (the title stays text). */
static const char *
doc_link(struct req *r, const struct item *it, int *status)
{
	const char		*p[2];
	const char		*doc;
	struct doc_facts	 f;
	PGresult		*res;
	enum db_err		 e;

	*status = 0;
	if (it->is_message)
		return "";
	if (!it->is_request)
		return policy_decide(&it->d.f.actor, &it->d.f.doc,
		    POL_READ).allow ? it->d.public_id : "";
	doc = db_val(it->req, 0, R_DOC_ID);
	if (doc[0] == '\0')
		return "";
	p[0] = it->pro;
	p[1] = doc;
	if ((e = db_exec(r->db, ST_DOC_ONE, p, &res)) != DB_OK) {
		*status = db_status(e);
		return NULL;
	}
	memset(&f, 0, sizeof(f));
	if (db_rows(res) != 1 || doc_facts_load(r, res, 0, &f) == -1)
		return "";
	f.actor.kind = POL_PROFESSIONAL;
	if (util_parse_long(it->pro, 1, 1L << 62, &f.actor.person_id) == -1)
		return "";
	return policy_decide(&f.actor, &f.doc, POL_READ).allow ? doc : "";
}

static int
show_form(struct req *r, const struct item *it, const char *action,
    int by_token, const struct answer *a)
{
	struct tctx	*c = page_ctx(r);
	const char	*link;
	enum db_err	 e;
	int		 st;

	tctx_bool(c, "is_request", it->is_request);
	tctx_bool(c, "is_message", it->is_message);
	tctx_bool(c, "by_token", by_token);
	tctx_str(c, "action", action);
	tctx_str(c, "item", it->public_id);
	tctx_nl(c, "author", it->author);
	tctx_nl(c, "doc_title", it->title);
	if ((link = doc_link(r, it, &st)) == NULL)
		return st;
	tctx_str(c, "doc_link", link);
	tctx_nl(c, "words", it->text);
	tctx_bool(c, "private", it->private);
	tctx_date(c, "made", it->made);
	if (it->is_request)
		request_fill(r, c, it->req, 0);
	else if (it->is_message)	/* the member alone: nobody else */
		tctx_bool(c, "has_pro_readers", 0);
	else if ((st = answer_readers(r, it, c)) != 0)
		return st;
	tctx_str(c, "body", a->v[F_BODY]);
	tctx_bool(c, "o_toegekend", strcmp(a->v[F_OUTCOME], outcomes[0]) == 0);
	tctx_bool(c, "o_deels", strcmp(a->v[F_OUTCOME], outcomes[1]) == 0);
	tctx_bool(c, "o_afgewezen", strcmp(a->v[F_OUTCOME], outcomes[2]) == 0);
	tctx_str(c, "body_error", i18n_gettext(form_error_for(a->errs,
	    a->nerr, "body")));
	tctx_str(c, "outcome_error", i18n_gettext(form_error_for(a->errs,
	    a->nerr, "outcome")));
	tctx_str(c, "nonce", a->v[F_NONCE]);
	page_form_errors(r, c, a->errs, a->nerr);
	if (page_b1(r, c, a->checked) != 0)
		return 500;
	if ((e = audit_reply(r, it->pro, "reply.read", object_kind(it),
	    it->public_id, it->family_id, "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "antwoord", it->is_request ?
	    N_("Antwoord op een vraag om iets te veranderen") :
	    it->is_message ? N_("Antwoord op een bericht") :
	    N_("Antwoord op een reactie"), c);
}

static int
empty_form(struct req *r, const struct item *it, const char *action,
    int by_token)
{
	struct answer	 a;
	char		*nonce;

	memset(&a, 0, sizeof(a));
	a.v[F_BODY] = a.v[F_OUTCOME] = a.v[F_ITEM] = "";
	if ((nonce = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
		return 500;
	form_nonce_new(nonce);
	a.v[F_NONCE] = nonce;
	return show_form(r, it, action, by_token, &a);
}

/* Reads and checks the answer. 0 (a->nerr errors for the form), or 400
 * for a forged form. */
static int
read_answer(struct req *r, const struct item *it, struct answer *a)
{
	const char	*o;

	memset(a, 0, sizeof(*a));
	if (form_read(&r->rq->form, answer_form, F__MAX, a->v, a->errs,
	    &a->nerr) == -1)
		return 400;
	a->v[F_BODY] = req_unix_lines(r, a->v[F_BODY]);
	if ((a->v[F_NONCE] = req_form_nonce(r)) == NULL)
		return 500;
	o = a->v[F_OUTCOME];
	if (!it->is_request) {
		if (o[0] != '\0')
			return 400;
		if (a->nerr == 0 && a->v[F_BODY][0] == '\0')
			form_add_error(a->errs, NELEM(a->errs), &a->nerr,
			    "body", N_("Schrijf uw antwoord in het vak."));
		return 0;
	}
	if (o[0] == '\0')
		form_add_error(a->errs, NELEM(a->errs), &a->nerr, "outcome",
		    N_("Kies wat u met de vraag doet."));
	if (form_error_for(a->errs, a->nerr, "body") == NULL &&
	    a->v[F_BODY][0] == '\0') {
		if (strcmp(o, "afgewezen") == 0)
			form_add_error(a->errs, NELEM(a->errs), &a->nerr,
			    "body", N_("Schrijf waarom u de vraag afwijst."));
		else if (strcmp(o, "deels toegekend") == 0)
			form_add_error(a->errs, NELEM(a->errs), &a->nerr,
			    "body", N_("Schrijf wat u wel en niet verandert. "
			    "En schrijf waarom."));
	}
	return 0;
}

/* The member who asked hears that there is an answer (DESIGN.md section
 * 7): a mail in the language of their account, with a link and no words
 * from the answer. Without a mail address on /gegevens, no mail. */
static enum db_err
mail_author(struct req *r, const struct item *it)
{
	const char	*p[3];
	struct tctx	*v = tctx_new(r->a, NULL);
	PGresult	*res;
	enum db_err	 e;
	int		 known;

	p[0] = db_val(it->req, 0, R_ID);
	if ((e = db_exec(r->db, ST_REQUEST_AUTHOR_LANGUAGE, p, &res)) != DB_OK)
		return e;
	known = db_rows(res) == 1;
	tctx_str(v, "request", it->public_id);
	return mail_queue(r, "vraag-beantwoord",
	    i18n_choose(known ? db_val(res, 0, LANG_LANGUAGE) : NULL, NULL),
	    known && req_is_youth("citizen", (int)db_long(res, 0, LANG_AGE)), v,
	    ST_REQUEST_MAIL_AUTHOR, p, 1);
}

/* Stores the answer (and uses the token, when there is one) in one
 * transaction. 0, 410 (answered or used meanwhile: nothing stored), or
 * 500/503. */
static int
store_answer(struct req *r, const struct item *it, const char *token_id,
    const struct answer *a)
{
	const char	*p[6];
	PGresult	*res;
	enum db_err	 e;
	int		 st;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if (token_id != NULL) {
		p[0] = token_id;
		if ((e = db_exec(r->db, ST_REPLY_TOKEN_USE, p, &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1)
			return 410;
	}
	if (it->is_message) {
		if ((st = msg_reply_store(r, &it->msg, it->pro, a->v[F_BODY],
		    a->v[F_NONCE])) != 0)
			return st;
		if ((e = audit_reply(r, it->pro, answer_action(it),
		    object_kind(it), it->public_id, it->family_id,
		    "allowed")) != DB_OK)
			return db_status(e);
		return db_status_ok(db_commit(r->db));
	}
	if (it->is_request) {
		p[0] = db_val(it->req, 0, R_ID);
		p[1] = it->pro;
		p[2] = a->v[F_OUTCOME];
		p[3] = a->v[F_BODY];
		if ((e = db_exec(r->db, ST_REQUEST_ANSWER, p, &res)) != DB_OK)
			return db_status(e);
	} else {
		p[0] = it->d.id;
		p[1] = it->pro;
		p[2] = a->v[F_BODY];
		p[3] = it->private ? "true" : "false";
		p[4] = a->v[F_NONCE];
		p[5] = it->comment_id;
		if ((e = db_exec(r->db, ST_REPLY_COMMENT_ANSWER, p, &res)) !=
		    DB_OK)
			return db_status(e);
	}
	if (db_rows(res) != 1)
		return 410;
	if ((e = audit_reply(r, it->pro, answer_action(it), object_kind(it),
	    it->public_id, it->family_id, "allowed")) != DB_OK)
		return db_status(e);
	if (!it->is_request && (e = doc_webhook(r, &it->d, "comment.created",
	    0)) != DB_OK)
		return db_status(e);
	if (it->is_request && (e = mail_author(r, it)) != DB_OK)
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

/* ---- with a token ---- */

/*
 * The token of the URL, checked: 0 with *it loaded and *token_id; else
 * the status of the "link does not work" page (404, 410), with
 * *token_id when the token was found; or minus 500/503.
 */
static int
token_item(struct req *r, struct item *it, const char **token_id)
{
	char		 hash[TOKEN_HASH_HEX + 1];
	const char	*p[1] = { hash };
	PGresult	*t;
	enum db_err	 e;
	int		 st;

	*token_id = NULL;
	memset(it, 0, sizeof(*it));
	if (token_hash(route_param(&r->params, "token"), hash) == -1)
		return 404;
	if ((e = db_exec(r->db, ST_REPLY_TOKEN_FIND, p, &t)) != DB_OK)
		return -db_status(e);
	if (db_rows(t) != 1)
		return 404;
	*token_id = db_val(t, 0, T_ID);
	if (r->sess.valid && strcmp(r->sess.person_id_s,
	    db_val(t, 0, T_PRO)) != 0)
		return 404;		/* not this person's link */
	it->just_used = db_bool(t, 0, T_JUST_USED);
	if (db_bool(t, 0, T_USED) || db_bool(t, 0, T_EXPIRED))
		return 410;
	st = load_item(r, db_val(t, 0, T_KIND), db_val(t, 0, T_OBJECT),
	    db_val(t, 0, T_PRO), it);
	/* No longer assigned, or answered: the link has had its day. */
	if (st == 404 || st == 410)
		return 410;
	return st == 0 ? 0 : -st;
}

static const char *
token_path(struct req *r)
{
	return arena_printf(r->a, "/antwoord/%s",
	    route_param(&r->params, "token"));
}

/* The item of the token in the path. *done when the answer is made
 * already: the page for a link that does not work any more (logged), or
 * an error status; then return what this returns. */
static int
open_token(struct req *r, struct item *it, const char **token_id, int *done,
    int post)
{
	int	 st;

	*done = 1;
	st = token_item(r, it, token_id);
	if (st < 0)
		return -st;
	if (st > 0)	/* "pressed twice" only where that can be */
		return gone(r, st, *token_id, post && it->just_used);
	*done = 0;
	return 0;
}

/* ---- confirming who opens the link ---- */

#define CONFIRM_SECONDS		(24L * 3600)
#define CONFIRM_CODE_MAX	16	/* characters, blanks included */

enum { CF_PASSWORD, CF_CODE, CF__MAX };

static const struct form_spec confirm_form[CF__MAX] = {
	/* As typed, as at log-in (a password may have any characters). */
	[CF_PASSWORD] = { .name = "password", .kind = FORM_TEXT,
	    .required = 1, .max_chars = AUTH_MAX_PASSWORD,
	    .msg_missing = N_("Vul uw wachtwoord in."),
	    .msg_too_long = N_("Uw wachtwoord is te lang. Kijk of u het "
	    "goed heeft getypt.") },
	[CF_CODE] = { .name = "code", .kind = FORM_LINE, .required = 1,
	    .max_chars = CONFIRM_CODE_MAX,
	    .msg_missing = N_("Vul de code uit uw app in."),
	    .msg_too_long = N_("De code heeft 6 cijfers."),
	    .msg_invalid = N_("De code heeft 6 cijfers.") },
};

static const char *
confirm_cookie(const struct req *r)
{
	return r->app->cfg.secure_cookies ? "__Host-gp_reply" : "gp_reply";
}

/* Has professional pro confirmed who they are in this browser: their own
 * session, or a live confirmation of theirs? 1, 0, or minus an HTTP
 * status. */
static int
confirmed(struct req *r, const char *pro)
{
	const char	*p[2];
	PGresult	*res;
	enum db_err	 e;

	if (r->sess.valid && strcmp(r->sess.person_id_s, pro) == 0)
		return 1;
	if ((p[0] = req_cookie_hash(r, confirm_cookie(r))) == NULL)
		return 0;
	p[1] = pro;
	if ((e = db_exec(r->db, ST_REPLY_CONFIRMED, p, &res)) != DB_OK)
		return -db_status(e);
	return db_rows(res) == 1;
}

/*
 * "Bevestig wie u bent": the form for the password and the code, or
 * only a notice (form 0). Nothing of the item, the family or the
 * professional: whoever holds the link may not be them.
 */
static int
show_confirm(struct req *r, int form, const struct form_error *errs,
    size_t nerr, const char *notice, int status)
{
	struct tctx	*c = page_ctx(r);

	page_form_errors(r, c, errs, nerr);
	tctx_str(c, "password_error", i18n_gettext(form_error_for(errs, nerr,
	    "password")));
	tctx_str(c, "code_error", i18n_gettext(form_error_for(errs, nerr,
	    "code")));
	tctx_str(c, "notice", i18n_gettext(notice));
	tctx_bool(c, "form", form);
	tctx_str(c, "action", token_path(r));
	r->rs->status = status;
	return page_render(r, "antwoord-bevestig", N_("Bevestig wie u bent"),
	    c);
}

/* A confirmation attempt's audit row and the commit. */
static enum db_err
confirm_audit(struct req *r, const char *pro, const char *outcome)
{
	enum db_err	 e;

	if ((e = audit_reply(r, pro, "reply.confirm", "account", pro, NULL,
	    outcome)) != DB_OK)
		return e;
	return db_commit(r->db);
}

/*
 * The confirmation form sent for the link of professional pro (token
 * token_id): the same lock and count as log-in (lib/auth), a code once.
 * Right: a new confirmation, its cookie, back to the link (303).
 */
static int
confirm_slot(struct req *r, const char *pro, const char *token_id)
{
	const char		*v[CF__MAX], *p[2];
	struct form_error	 errs[CF__MAX], wrong;
	unsigned char		 raw[32];
	char			 user[AUTH_MAX_USERNAME + 1], stepbuf[24];
	char			 token[SESSION_TOKEN_LEN + 1];
	char			 hash[SESSION_HASH_LEN + 1];
	PGresult		*acct, *res;
	size_t			 nerr;
	int64_t			 step;
	enum db_err		 e;
	int			 ok, rc, st;
	long			 wait;
	char			 waits[24];

	if (form_read(&r->rq->form, confirm_form, CF__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	if (nerr > 0)
		return show_confirm(r, 1, errs, nerr, NULL, 400);
	p[0] = pro;
	if ((e = db_exec(r->db, ST_REPLY_CONFIRM_ACCOUNT, p, &acct)) != DB_OK)
		return db_status(e);
	if (db_rows(acct) != 1)		/* no account that may log in */
		return gone(r, 410, token_id, 0);
	if (db_val(acct, 0, A_SECRET)[0] == '\0')
		return show_confirm(r, 0, NULL, 0, N_("Er is nog geen app voor "
		    "uw codes ingesteld. Vraag de beheerder om hulp."), 200);
	snprintf(user, sizeof(user), "%s", db_val(acct, 0, A_USERNAME));

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	switch (auth_throttle(r->db, user, req_addr(r), &wait)) {
	case AUTH_OK:
		break;
	case AUTH_WAIT:
		if ((e = confirm_audit(r, pro, "denied")) != DB_OK)
			return db_status(e);
		log_info("reply: person %s, confirmation throttled", pro);
		snprintf(waits, sizeof(waits), "%ld", wait);
		http_header_set(r->rs, "Retry-After",
		    arena_strdup(r->a, waits));
		return show_confirm(r, 0, NULL, 0, N_("U heeft te vaak een "
		    "verkeerd wachtwoord of een verkeerde code ingevuld. Wacht "
		    "even en probeer het dan opnieuw."), 429);
	case AUTH_UNAVAILABLE:
		return 503;
	default:
		return 500;
	}
	ok = auth_verify(db_val(acct, 0, A_HASH), v[CF_PASSWORD]);
	if (ok) {
		rc = totp_verify(db_val(acct, 0, A_SECRET), time(NULL),
		    v[CF_CODE], &step);
		if (rc == -1) {
			log_error("totp: unusable secret for person %s", pro);
			return 500;
		}
		ok = rc == 0;
	}
	/* Right, and of a step after the last one accepted: else reused. */
	if (ok) {
		snprintf(stepbuf, sizeof(stepbuf), "%lld", (long long)step);
		p[0] = pro;
		p[1] = stepbuf;
		if ((e = db_exec(r->db, ST_TOTP_USE_STEP, p, &res)) != DB_OK)
			return db_status(e);
		ok = db_rows(res) == 1;
	}
	if ((st = req_auth_record(r, user, ok)) != 0)
		return st;
	if (!ok) {
		if ((e = confirm_audit(r, pro, "denied")) != DB_OK)
			return db_status(e);
		log_info("reply: person %s, confirmation refused", pro);
		wrong.field = "password";
		wrong.msgid = N_("Het wachtwoord of de code klopt niet. "
		    "Probeer het opnieuw.");
		return show_confirm(r, 1, &wrong, 1, NULL, 200);
	}

	if (util_random(raw, sizeof(raw)) == -1)
		return 500;
	util_hex(raw, sizeof(raw), token);
	if (session_hash(token, hash) == -1)
		return 500;
	p[0] = hash;
	p[1] = pro;
	if ((e = db_exec(r->db, ST_REPLY_CONFIRM_PURGE, NULL, NULL)) !=
	    DB_OK ||
	    (e = db_exec(r->db, ST_REPLY_CONFIRM_INSERT, p, NULL)) != DB_OK ||
	    (e = confirm_audit(r, pro, "allowed")) != DB_OK)
		return db_status(e);
	page_cookie(r, confirm_cookie(r), token, CONFIRM_SECONDS);
	log_info("reply: person %s confirmed", pro);
	return page_redirect(r, token_path(r));
}

/* The same, holding one of the host's hash slots (lib/hashcap.h) for
 * the password check: none free is the B1 429 page at once, before any
 * statement. */
static int
confirm(struct req *r, const char *pro, const char *token_id)
{
	long	 slot = -1;
	int	 status;

	if (r->app->hashcap.slots > 0 &&
	    (slot = hashcap_take(&r->app->hashcap)) == -1) {
		log_info("reply: every hash slot busy, 429");
		http_header_set(r->rs, "Retry-After", "10");
		return 429;
	}
	status = confirm_slot(r, pro, token_id);
	if (r->app->hashcap.slots > 0)
		hashcap_give(&r->app->hashcap, slot);
	return status;
}

int
h_reply_token_form(struct req *r)
{
	const char	*token_id;
	struct item	 it;
	int		 st, done;

	st = open_token(r, &it, &token_id, &done, 0);
	if (done)
		return st;
	if (it.pro == NULL)
		return 500;
	if ((st = confirmed(r, it.pro)) < 0)
		return -st;
	if (st == 0)
		return show_confirm(r, 1, NULL, 0, NULL, 200);
	return empty_form(r, &it, token_path(r), 1);
}

int
h_reply_token_post(struct req *r)
{
	const char	*token_id, *again;
	struct answer	 a;
	struct item	 it;
	int		 st, done;

	st = open_token(r, &it, &token_id, &done, 1);
	if (done)
		return st;
	if (it.pro == NULL)
		return 500;
	if (http_fields_get(&r->rq->form, "password") != NULL)
		return confirm(r, it.pro, token_id);
	if ((st = confirmed(r, it.pro)) < 0)
		return -st;
	if (st == 0) {	/* an answer without a confirmation: not stored */
		enum db_err e = audit_reply(r, NULL, answer_action(&it),
		    object_kind(&it), it.public_id, it.family_id, "denied");
		if (e != DB_OK)
			return db_status(e);
		return show_confirm(r, 1, NULL, 0, NULL, 403);
	}
	if ((st = read_answer(r, &it, &a)) != 0)
		return st;
	/* The form was for this token's item, not another one. */
	if (it.public_id == NULL || (a.v[F_ITEM][0] != '\0' &&
	    strcmp(a.v[F_ITEM], it.public_id) != 0))
		return gone(r, 404, token_id, 0);
	if (req_b1_asked(r)) {	/* the B1 check; nothing stored */
		a.nerr = 0;
		a.checked = a.v[F_BODY];
		return show_form(r, &it, token_path(r), 1, &a);
	}
	if (a.nerr > 0) {
		r->rs->status = 400;
		return show_form(r, &it, token_path(r), 1, &a);
	}
	st = store_answer(r, &it, token_id, &a);
	if (st == 410) {
		/* Used meanwhile (a double click?) or answered otherwise:
		 * look again, outside the rolled back transaction. */
		db_rollback(r->db);
		if ((st = token_item(r, &it, &again)) < 0)
			return -st;
		return gone(r, 410, token_id, it.just_used);
	}
	if (st != 0)
		return st;
	return page_redirect(r, "/antwoord/verstuurd");
}

int
h_reply_sent(struct req *r)
{
	return page_render(r, "antwoord-verstuurd",
	    N_("Uw antwoord is verstuurd"), page_ctx(r));
}

/* ---- logged in: the worklist ---- */

/* The item of /antwoord/{kind}/{id} for the logged-in professional: 0,
 * or 404 (also when answered: it is not waiting any more). */
static int
own_item(struct req *r, struct item *it)
{
	int	 st;

	st = load_item(r, route_param(&r->params, "kind"),
	    route_param(&r->params, "id"), r->sess.person_id_s, it);
	if (st == 404 || st == 410) {
		enum db_err e = audit_reply(r, NULL, "reply.read",
		    object_kind(it),
		    route_param(&r->params, "id"), NULL, "denied");
		return e != DB_OK ? db_status(e) : 404;
	}
	return st;
}

/* A refused answer from the worklist: nothing kept, one audit row (after
 * the rollback, so the row stays). */
static int
denied(struct req *r, const struct item *it, int status)
{
	enum db_err	 e;

	db_rollback(r->db);
	if ((e = audit_reply(r, NULL, answer_action(it), object_kind(it),
	    it->public_id, it->family_id, "denied")) != DB_OK)
		return db_status(e);
	return status;
}

int
h_reply_item_form(struct req *r)
{
	struct item	 it;
	int		 st;

	if ((st = own_item(r, &it)) != 0)
		return st;
	return empty_form(r, &it, r->rq->path, 0);
}

int
h_reply_item_post(struct req *r)
{
	struct answer	 a;
	struct item	 it;
	int		 st;

	if ((st = own_item(r, &it)) != 0)
		return st;
	if ((st = read_answer(r, &it, &a)) != 0)
		return st;
	if (it.public_id == NULL || (a.v[F_ITEM][0] != '\0' &&
	    strcmp(a.v[F_ITEM], it.public_id) != 0))
		return denied(r, &it, 400);
	if (req_b1_asked(r)) {	/* the B1 check; nothing stored */
		a.nerr = 0;
		a.checked = a.v[F_BODY];
		return show_form(r, &it, r->rq->path, 0, &a);
	}
	if (a.nerr > 0) {
		r->rs->status = 400;
		return show_form(r, &it, r->rq->path, 0, &a);
	}
	st = store_answer(r, &it, NULL, &a);
	if (st == 410)			/* answered meanwhile */
		return denied(r, &it, 404);
	if (st != 0)
		return st;
	return page_redirect(r, "/antwoord?beantwoord=1");
}
