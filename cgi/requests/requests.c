/*
 * requests.c - "Vraag om iets te veranderen": a family member asks to
 * change, add to or remove what is written about them (AVG art. 16-17).
 *
 *   GET  /verzoeken                 own requests and the form (a member);
 *                                   the requests of the families a
 *                                   professional is assigned to
 *   POST /verzoeken                 a new request (document, kind, body)
 *   GET  /verzoeken/{id}            one request with its timeline
 *   POST /verzoeken/{id}/behandelen the professional takes it up
 *   POST /verzoeken/{id}/verlengen  the professional extends the deadline
 *                                   once, by two months, with a reason
 *
 * Which documents a member may ask about: the ones they may read, by
 * lib/policy through doc_open; anything else is "unknown" (the form again,
 * nothing said about whether it exists). The deadline is PostgreSQL's
 * (sql/011_requests.sql, request_deadline), never computed here.
 * The request, its timeline line, its audit row, the mail to each assigned
 * professional (a reply link, cgi/requests/reply.c) and the webhook event are
 * stored in one transaction.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/draft.h"
#include "core/portal.h"
#include "requests/requests.h"
#include "util.h"

/* Columns of a request: enum request_col in requests.h. */
#define REQUEST_COLUMNS \
	"SELECT r.public_id, r.kind, r.status, coalesce(d.title, ''), " \
	"  extract(epoch FROM r.created_at)::bigint, " NOON("r.due_on") ", " \
	"  " REQUEST_LATE ", r.extended, " \
	"  coalesce(extract(epoch FROM r.answered_at)::bigint, 0), " \
	"  p.given_name || ' ' || p.family_name, r.author_id = $1, " \
	"  " ASSIGNED("r.family_id") ", r.id, r.family_id, " \
	"  coalesce(d.public_id, ''), r.body, " \
	"  coalesce(r.extension_reason, ''), coalesce(r.answer, ''), " \
	"  to_char(r.due_on, 'YYYY-MM-DD') " \
	"FROM request r JOIN person p ON p.id = r.author_id " \
	"LEFT JOIN document d ON d.id = r.document_id "

/* A new request: $1 family, $2 author, $3 document (internal id, NULL:
 * "iets anders"), $4 kind, $5 text, $6 form nonce; with its first line in
 * the timeline. No row back: this form was already sent. */
static const struct stmt_def ST_REQUEST_INSERT[1] = {{ "request_insert",
	"WITH r AS (INSERT INTO request (family_id, author_id, document_id, "
	"    kind, body, form_nonce) VALUES ($1, $2, $3, $4, $5, $6) "
	"  ON CONFLICT (author_id, form_nonce) DO NOTHING "
	"  RETURNING id, public_id, author_id, created_at), "
	"e AS (INSERT INTO request_event (request_id, at, actor_id, what) "
	"  SELECT id, created_at, author_id, 'ingediend' FROM r) "
	"SELECT public_id, id FROM r", 6, 2 }};
enum { INS_PUBLIC_ID, INS_ID };

/* Whether person $1 already sent exactly this ($3 text, $4 kind) with
 * form nonce $2. */
static const struct stmt_def ST_REQUEST_SAME[1] = {{ "request_same",
	"SELECT EXISTS (SELECT 1 FROM request WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND kind = $4)", 4, 1 }};
enum { SAME_SENT };

/* Answered (true) or still waiting (false), for the list's order. */
#define REQUEST_DONE(r) "(" r ".status NOT IN ('ingediend', " \
	"'in behandeling'))"

/* One page of the requests person $1 may see (issue 21): their own, and
 * (a professional) those of the families they are assigned to now. Open
 * ones first, the earliest deadline first; keyset pagination on that
 * order, no cap: $2 the public id of the request the page starts after
 * ("": from the start), $3 how many. A cursor that does not exist gives
 * no rows (the row comparison with NULL): the caller shows the first
 * page. */
static const struct stmt_def ST_REQUEST_LIST[1] = {{
	"request_list", REQUEST_COLUMNS
	"WHERE (r.author_id = $1 OR " ASSIGNED("r.family_id") ") "
	"  AND ($2 = '' OR (" REQUEST_DONE("r") ", r.due_on, r.id) > "
	"    (SELECT " REQUEST_DONE("k") ", k.due_on, k.id FROM request k "
	"      WHERE k.public_id = $2 "
	/* only a request of the list itself: another one's place in the
	 * order would tell that it exists (review of 4 December) */
	"        AND (k.author_id = $1 OR " ASSIGNED("k.family_id") "))) "
	"ORDER BY " REQUEST_DONE("r") ", r.due_on, r.id LIMIT $3", 3, 19 }};
/* Columns: enum request_col (requests.h). */

/* How many of the requests of ST_REQUEST_LIST wait for an answer (the
 * list's first sentence, whatever page). */
static const struct stmt_def ST_REQUEST_OPEN_COUNT[1] = {{
	"request_open_count",
	"SELECT count(*) FROM request r "
	"WHERE (r.author_id = $1 OR " ASSIGNED("r.family_id") ") "
	"  AND NOT " REQUEST_DONE("r"), 1, 1 }};

/* Request $2 (public id) with the facts about actor $1 (author? assigned
 * now?); the caller decides. */
const struct stmt_def ST_REQUEST_ONE[1] = {{ "request_one", REQUEST_COLUMNS
	"WHERE r.public_id = $2", 2, 19 }};
/* Columns: enum request_col (requests.h). */

/* The timeline of request $1 (internal id), oldest first. */
static const struct stmt_def ST_REQUEST_EVENTS[1] = {{ "request_events",
	"SELECT extract(epoch FROM e.at)::bigint, e.what, e.text, "
	"       coalesce(p.given_name || ' ' || p.family_name, '') "
	"  FROM request_event e LEFT JOIN person p ON p.id = e.actor_id "
	" WHERE e.request_id = $1 ORDER BY e.at, e.id", 1, 4 }};
enum { E_AT, E_WHAT, E_TEXT, E_WHO };

/* Professional $2 takes request $1 up. No row: it was not waiting. */
static const struct stmt_def ST_REQUEST_TAKE_UP[1] = {{ "request_take_up",
	"WITH r AS (UPDATE request SET status = 'in behandeling' "
	"  WHERE id = $1 AND status = 'ingediend' RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what) "
	"SELECT id, $2, 'in behandeling' FROM r RETURNING 1", 2, 1 }};

/* Professional $2 extends request $1's deadline by two months, once,
 * with reason $3 (the citizen reads it). The "too late" notice may come
 * again for the new deadline. No row: already extended or answered. */
static const struct stmt_def ST_REQUEST_EXTEND[1] = {{ "request_extend",
	"WITH r AS (UPDATE request SET extended = true, extension_reason = $3, "
	"    status = 'in behandeling', overdue_noticed_at = NULL "
	"  WHERE id = $1 AND NOT extended "
	"    AND status IN ('ingediend', 'in behandeling') "
	/* within the first month (AVG art. 12(3)), never once it is late */
	"    AND due_on >= (now() AT TIME ZONE 'Europe/Amsterdam')::date "
	"  RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what, text) "
	"SELECT id, $2, 'verlengd', $3 FROM r RETURNING 1", 3, 1 }};

/* Event $2 ("request.created") about request $3 (public id) of family
 * $1, for the systems of the organisations working with the family now;
 * opaque ids only, like ST_OUTBOX_WEBHOOK. */
static const struct stmt_def ST_REQUEST_WEBHOOK[1] = {{ "request_webhook",
	"INSERT INTO outbox (kind, recipient, subject, body, organisation_id) "
	"SELECT 'webhook', o.webhook_url, $2::text, json_build_object("
	"    'event', $2::text, 'request', $3::text, "
	"    'family', (SELECT public_id FROM family WHERE id = $1::bigint), "
	"    'at', to_char(now() AT TIME ZONE 'UTC', "
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text, o.id "
	"  FROM organisation o WHERE o.webhook_url IS NOT NULL "
	"   AND o.webhook_secret IS NOT NULL "
	"   AND o.id IN (SELECT pr.organisation_id FROM assignment_now a "
	"          JOIN professional pr ON pr.person_id = a.professional_id "
	"         WHERE a.family_id = $1::bigint)", 3, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_REQUEST_INSERT,
	ST_REQUEST_SAME,
	ST_REQUEST_LIST,
	ST_REQUEST_OPEN_COUNT,
	ST_REQUEST_ONE,
	ST_REQUEST_EVENTS,
	ST_REQUEST_TAKE_UP,
	ST_REQUEST_EXTEND,
	ST_REQUEST_WEBHOOK,
};
const struct stmt_table requests_stmts = {
	"requests/requests.c", stmts, NELEM(stmts)
};

#define REQUEST_MAX	2000	/* characters */
#define NO_DOCUMENT	"anders"	/* "iets anders": not one document */

enum { F_DOCUMENT, F_KIND, F_BODY, F_NONCE, F__MAX };

/* The codes of kinds[] below, the choices of the form. */
static const char *const kind_codes[] = { "wijzigen", "aanvullen",
    "verwijderen", NULL };

static const struct form_spec request_form[F__MAX] = {
	[F_DOCUMENT] = { .name = "document", .kind = FORM_ID, .required = 1,
	    .max_chars = 64,
	    .msg_missing = N_("Kies over welk stuk uw vraag gaat.") },
	[F_KIND] = { .name = "kind", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 16, .msg_missing = N_("Kies wat u wilt vragen."),
	    .choices = kind_codes },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = REQUEST_MAX,
	    .msg_missing = N_("Schrijf wat u wilt laten veranderen, "
	    "toevoegen of weghalen. En waarom."),
	    .msg_too_long = N_("Uw tekst is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

static const struct label kinds[] = {
	{ "wijzigen",	 N_("Iets veranderen") },
	{ "aanvullen",	 N_("Iets toevoegen") },
	{ "verwijderen", N_("Iets weghalen") },
};

static const struct label statuses[] = {
	{ "ingediend",		N_("Wacht op antwoord") },
	{ "in behandeling",	N_("De hulpverlener is ermee bezig") },
	{ "toegekend",		N_("Toegekend") },
	{ "deels toegekend",	N_("Deels toegekend") },
	{ "afgewezen",		N_("Afgewezen") },
};

int
request_open(const char *status)
{
	return strcmp(status, "ingediend") == 0 ||
	    strcmp(status, "in behandeling") == 0;
}

int
request_visible(const struct req *r, const PGresult *res, int i)
{
	if (db_bool(res, i, R_IS_AUTHOR))
		return r->role == ROLE_CITIZEN;
	return r->role == ROLE_PROFESSIONAL && db_bool(res, i, R_ASSIGNED);
}

void
request_fill(struct req *r, struct tctx *c, const PGresult *res, int i)
{
	const char	*status = db_val(res, i, R_STATUS);

	tctx_str(c, "request_id", db_val(res, i, R_PUBLIC_ID));
	tctx_str(c, "kind_label", label_of(kinds, NELEM(kinds),
	    db_val(res, i, R_KIND)));
	tctx_str(c, "status_label", label_of(statuses, NELEM(statuses),
	    status));
	tctx_bool(c, "is_open", request_open(status));
	tctx_bool(c, "is_late", db_bool(res, i, R_LATE));
	tctx_bool(c, "is_refused", strcmp(status, "afgewezen") == 0);
	tctx_bool(c, "extended", db_bool(res, i, R_EXTENDED));
	tctx_nl(c, "doc_title", db_val(res, i, R_DOC_TITLE));
	tctx_str(c, "doc_id", db_val(res, i, R_DOC_ID));
	tctx_nl(c, "author", db_val(res, i, R_AUTHOR));
	tctx_nl(c, "request_text", db_val(res, i, R_BODY));
	tctx_nl(c, "extension_reason", db_val(res, i, R_REASON));
	tctx_nl(c, "answer", db_val(res, i, R_ANSWER));
	tctx_str(c, "due_iso", db_val(res, i, R_DUE_ISO));
	tctx_date(c, "made", db_val(res, i, R_CREATED));
	tctx_date(c, "due", db_val(res, i, R_DUE));
	tctx_date(c, "answered", db_val(res, i, R_ANSWERED));
	(void)r;
}

static enum db_err
audit_request(struct req *r, const char *action, const char *id,
    const char *family_id, const char *outcome)
{
	return req_audit(r, action, "request", id, family_id, outcome);
}

/* ---- the list and the form ---- */

struct request_form_state {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
};

#define DOCS_PER_PAGE	20	/* documents in the form's choice */
#define REQUESTS_PER_PAGE 50	/* requests in the list */

/* A query field's value, "" when absent or too long to be an id. */
static const char *
query_id(struct req *r, const char *name)
{
	const struct http_field	*q = http_fields_get(&r->rq->query, name);

	if (q == NULL || strlen(q->value) > 64)
		return "";
	return q->value;
}

/* Adds document row i of res to the choice when lib/policy lets the
 * member read it (the database only narrowed). 0, or 500. */
static int
add_document(struct req *r, struct tctx *c, const PGresult *res, int i,
    const char *chosen)
{
	struct doc_facts	 f;
	struct tctx		*it;

	if (doc_facts_load(r, res, i, &f) == -1 ||
	    !policy_decide(&f.actor, &f.doc, POL_READ).allow)
		return 0;
	if ((it = tctx_list_add(c, "documents")) == NULL)
		return 500;
	tctx_str(it, "value", db_val(res, i, C_PUBLIC_ID));
	tctx_nl(it, "label", db_val(res, i, C_TITLE));
	tctx_bool(it, "selected", strcmp(chosen,
	    db_val(res, i, C_PUBLIC_ID)) == 0);
	return 0;
}

/*
 * The documents the member may read, for the choice (issue 21): one page
 * of DOCS_PER_PAGE, newest first, by the document list's keyset
 * statement (doc_may_read narrows, lib/policy decides each row), so the
 * form costs the same for 10 and 10 000 documents. ?stukken-na=<id>: the
 * page after document <id>; a cursor that does not exist, or that the
 * member may not read: the first page. The chosen document (from the
 * document page's link, ?document=<id>, or the form sent back) comes
 * first when it is not on the page, again only if lib/policy says yes.
 */
static int
fill_documents(struct req *r, struct tctx *c, const char *chosen)
{
	const char	*p[3] = { r->sess.person_id_s, "", NULL };
	PGresult	*res, *one;
	enum db_err	 e;
	int		 i, n, st, on_page = 0, later;

	p[1] = query_id(r, "stukken-na");
	p[2] = arena_printf(r->a, "%d", DOCS_PER_PAGE + 1);
	if ((e = db_exec(r->db, ST_DOC_PAGE_DOWN, p, &res)) != DB_OK)
		return db_status(e);
	if (p[1][0] != '\0' && db_rows(res) == 0) {
		p[1] = "";
		if ((e = db_exec(r->db, ST_DOC_PAGE_DOWN, p, &res)) != DB_OK)
			return db_status(e);
	}
	later = p[1][0] != '\0';
	n = db_rows(res) < DOCS_PER_PAGE ? db_rows(res) : DOCS_PER_PAGE;
	for (i = 0; i < n; i++)
		if (strcmp(chosen, db_val(res, i, C_PUBLIC_ID)) == 0)
			on_page = 1;
	tctx_list(c, "documents");
	if (!on_page && chosen[0] != '\0' && strcmp(chosen, NO_DOCUMENT) != 0) {
		p[1] = chosen;
		if ((e = db_exec(r->db, ST_DOC_ONE, p, &one)) != DB_OK)
			return db_status(e);
		if (db_rows(one) == 1 && (st = add_document(r, c, one, 0,
		    chosen)) != 0)
			return st;
	}
	for (i = 0; i < n; i++)
		if ((st = add_document(r, c, res, i, chosen)) != 0)
			return st;
	tctx_bool(c, "other_selected", strcmp(chosen, NO_DOCUMENT) == 0);
	tctx_bool(c, "docs_has_next", db_rows(res) > DOCS_PER_PAGE);
	/* back to the newest: the page is not the first */
	tctx_bool(c, "docs_has_prev", later);
	tctx_strf(c, "docs_next_href", "/verzoeken?stukken-na=%s#nieuw",
	    n > 0 ? db_val(res, n - 1, C_PUBLIC_ID) : "");
	return 0;
}

/*
 * One page of the requests (REQUESTS_PER_PAGE, keyset: ?vragen-na=<id>,
 * the page after request <id>); a cursor that does not exist or gives
 * nothing: the first page. The count of open requests is over all pages.
 */
static int
fill_list(struct req *r, struct tctx *c)
{
	const char	*params[3] = { r->sess.person_id_s, "", NULL };
	struct tctx	*it;
	PGresult	*res, *cnt;
	enum db_err	 e;
	int		 i, n, page_open = 0, ndone = 0;

	params[1] = query_id(r, "vragen-na");
	params[2] = arena_printf(r->a, "%d", REQUESTS_PER_PAGE + 1);
	if ((e = db_exec(r->db, ST_REQUEST_LIST, params, &res)) != DB_OK)
		return db_status(e);
	if (params[1][0] != '\0' && db_rows(res) == 0) {
		params[1] = "";
		if ((e = db_exec(r->db, ST_REQUEST_LIST, params, &res)) !=
		    DB_OK)
			return db_status(e);
	}
	if ((e = db_exec(r->db, ST_REQUEST_OPEN_COUNT, params, &cnt)) !=
	    DB_OK)
		return db_status(e);
	n = db_rows(res) < REQUESTS_PER_PAGE ? db_rows(res) :
	    REQUESTS_PER_PAGE;
	tctx_list(c, "requests");
	for (i = 0; i < n; i++) {
		if (!request_visible(r, res, i))
			continue;
		if ((it = tctx_list_add(c, "requests")) == NULL)
			return 500;
		request_fill(r, it, res, i);
		if (request_open(db_val(res, i, R_STATUS)))
			page_open++;
		else
			ndone++;
	}
	tctx_long(c, "nopen", db_long(cnt, 0, 0));
	tctx_bool(c, "page_open", page_open > 0);
	tctx_long(c, "ndone", ndone);
	tctx_bool(c, "first_page", params[1][0] == '\0');
	tctx_bool(c, "requests_has_next", db_rows(res) > REQUESTS_PER_PAGE);
	tctx_strf(c, "requests_next_href", "/verzoeken?vragen-na=%s",
	    n > 0 ? db_val(res, n - 1, R_PUBLIC_ID) : "");
	return 0;
}

static int
show(struct req *r, const struct request_form_state *f)
{
	struct tctx	*c = page_ctx(r);
	size_t		 i;
	int		 st;

	tctx_bool(c, "is_citizen", r->role == ROLE_CITIZEN);
	if ((st = fill_list(r, c)) != 0)
		return st;
	if (r->role == ROLE_CITIZEN &&
	    (st = fill_documents(r, c, f->v[F_DOCUMENT])) != 0)
		return st;
	if (r->role != ROLE_CITIZEN) {
		tctx_list(c, "documents");
		tctx_bool(c, "other_selected", 0);
	}
	for (i = 0; i < NELEM(kinds); i++)
		tctx_bool(c, arena_printf(r->a, "kind_%s", kinds[i].code),
		    strcmp(f->v[F_KIND], kinds[i].code) == 0);
	tctx_str(c, "body", f->v[F_BODY]);
	tctx_str(c, "document_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "document")));
	tctx_str(c, "kind_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "kind")));
	tctx_str(c, "body_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "body")));
	page_form_errors(r, c, f->errs, f->nerr);
	tctx_bool(c, "sent", http_fields_get(&r->rq->query, "verstuurd") !=
	    NULL);
	tctx_str(c, "nonce", f->v[F_NONCE]);
	if ((st = db_status_ok(audit_request(r, "request.list", NULL, NULL,
	    "allowed"))) != 0)
		return st;
	/* The page's heading is its menu label (templates/layout.html). */
	return page_render(r, "verzoeken", r->role == ROLE_CITIZEN ?
	    N_("Iets laten veranderen") : N_("Vragen om iets te "
	    "veranderen"), c);
}

int
h_requests(struct req *r)
{
	struct request_form_state	 f;
	char				*nonce;

	memset(&f, 0, sizeof(f));
	f.v[F_DOCUMENT] = f.v[F_KIND] = f.v[F_BODY] = "";
	if ((nonce = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
		return 500;
	form_nonce_new(nonce);
	f.v[F_NONCE] = nonce;
	/* "Vraag om iets te veranderen" on a document's page: that one
	 * chosen (fill_documents asks lib/policy again) */
	f.v[F_DOCUMENT] = query_id(r, "document");
	/* a request sent after a time-out (core/draft.h) */
	if (draft_take(r, request_form, F__MAX, f.v) == -1)
		return 500;
	return show(r, &f);
}

/* The member's family for "iets anders": their first (a member of more
 * than one family picks a document to say which). 0 with *family, or an
 * HTTP status. */
static int
own_family(struct req *r, const char **family)
{
	const char	*params[1] = { r->sess.person_id_s };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_CITIZEN, params, &res)) !=
	    DB_OK)
		return db_status(e);
	if (db_rows(res) == 0)
		return 404;
	*family = db_val(res, 0, FAMILY_ID);
	return 0;
}

/*
 * Inserts the request once per form, like req_insert_once, but keeping
 * the row it returns (public id, id) for the audit row and the webhook.
 * 1 stored (*res the new row), 0 this form was stored before with the
 * same words (a double click: nothing more to do), or minus a status.
 */
static int
insert_once(struct req *r, const char **params, const char **same,
    PGresult **res)
{
	PGresult	*s;
	char		*fresh;
	enum db_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = db_exec(r->db, ST_REQUEST_INSERT, params, res)) !=
		    DB_OK)
			return -db_status(e);
		if (db_rows(*res) == 1)
			return 1;
		if ((e = db_exec(r->db, ST_REQUEST_SAME, same, &s)) != DB_OK)
			return -db_status(e);
		if (db_bool(s, 0, SAME_SENT))
			return 0;
		/* The same form with other words: a new request. */
		if ((fresh = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
			return -500;
		form_nonce_new(fresh);
		params[5] = same[1] = fresh;
	}
	return -500;
}

/* The request, its timeline line (in ST_REQUEST_INSERT), its audit row,
 * the mails and the webhook event: all or nothing. 0 or a status. */
static int
store(struct req *r, const char *family, const char *doc_id,
    const struct request_form_state *f)
{
	const char	*params[6], *same[4], *hook[3];
	PGresult	*res;
	enum db_err	 e;
	int		 n;

	params[0] = family;
	params[1] = r->sess.person_id_s;
	params[2] = doc_id;
	params[3] = f->v[F_KIND];
	params[4] = f->v[F_BODY];
	params[5] = f->v[F_NONCE];
	same[0] = r->sess.person_id_s;
	same[1] = f->v[F_NONCE];
	same[2] = f->v[F_BODY];
	same[3] = f->v[F_KIND];
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((n = insert_once(r, params, same, &res)) < 0)
		return -n;
	if (n == 0)
		return db_status_ok(db_commit(r->db));
	hook[0] = family;
	hook[1] = "request.created";
	hook[2] = db_val(res, 0, INS_PUBLIC_ID);
	if ((e = audit_request(r, "request.create", hook[2], family,
	    "allowed")) != DB_OK ||
	    (e = reply_invite(r, family, "request", params[5],
	    "verzoek-nieuw", NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_REQUEST_WEBHOOK, hook, NULL)) != DB_OK)
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

int
h_request_post(struct req *r)
{
	struct request_form_state	 f;
	const char			*family = NULL, *doc_id = NULL;
	struct doc			 d;
	int				 st;

	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, request_form, F__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	f.v[F_BODY] = req_unix_lines(r, f.v[F_BODY]);
	if ((f.v[F_NONCE] = req_form_nonce(r)) == NULL)
		return 500;
	if (strcmp(f.v[F_DOCUMENT], NO_DOCUMENT) == 0) {
		if ((st = own_family(r, &family)) != 0)
			return st;
	} else if (f.v[F_DOCUMENT][0] != '\0') {
		/* Unknown, or not one this member may read: the same answer
		 * (doc_open logs the denial). */
		st = doc_open(r, f.v[F_DOCUMENT], POL_READ, "request.create",
		    &d);
		if (st == 404)
			form_add_error(f.errs, NELEM(f.errs), &f.nerr,
			    "document", N_("Dit stuk kennen wij niet. Kies "
			    "een stuk uit de lijst."));
		else if (st != 0)
			return st;
		else {
			family = d.family_id;
			doc_id = d.id;
		}
	}
	if (f.nerr > 0) {
		r->rs->status = 400;
		return show(r, &f);
	}
	if ((st = store(r, family, doc_id, &f)) != 0)
		return st;
	return page_redirect(r, "/verzoeken?verstuurd=1");
}

/* ---- one request ---- */

/* Request {id} for the logged-in person: 0 with *res (row 0), or 404
 * (unknown, or not theirs to see: the same answer, logged as a denial). */
static int
open_request(struct req *r, const char *action, PGresult **res)
{
	const char	*params[2];
	enum db_err	 e;

	params[0] = r->sess.person_id_s;
	params[1] = route_param(&r->params, "id");
	if ((e = db_exec(r->db, ST_REQUEST_ONE, params, res)) != DB_OK)
		return db_status(e);
	if (db_rows(*res) != 1 || !request_visible(r, *res, 0)) {
		if ((e = audit_request(r, action, params[1],
		    db_rows(*res) == 1 ? db_val(*res, 0, R_FAMILY) : NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	return 0;
}

static const struct label event_labels[] = {
	{ "ingediend",		N_("Vraag gestuurd") },
	{ "in behandeling",	N_("De hulpverlener is ermee bezig") },
	{ "verlengd",		N_("Het antwoord komt later") },
	{ "toegekend",		N_("Toegekend") },
	{ "deels toegekend",	N_("Deels toegekend") },
	{ "afgewezen",		N_("Afgewezen") },
};

static int
show_one(struct req *r, const PGresult *req, const char *reason,
    const struct form_error *errs, size_t nerr)
{
	const char	*params[1] = { db_val(req, 0, R_ID) };
	struct tctx	*c = page_ctx(r), *it;
	PGresult	*ev;
	enum db_err	 e;
	int		 i, pro, open;

	if ((e = db_exec(r->db, ST_REQUEST_EVENTS, params, &ev)) != DB_OK)
		return db_status(e);
	request_fill(r, c, req, 0);
	tctx_list(c, "events");
	for (i = 0; i < db_rows(ev); i++) {
		if ((it = tctx_list_add(c, "events")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(ev, i, E_AT));
		tctx_str(it, "what", label_of(event_labels, NELEM(event_labels),
		    db_val(ev, i, E_WHAT)));
		tctx_nl(it, "text", db_val(ev, i, E_TEXT));
		tctx_nl(it, "who", db_val(ev, i, E_WHO));
	}
	pro = r->role == ROLE_PROFESSIONAL;
	open = request_open(db_val(req, 0, R_STATUS));
	tctx_bool(c, "is_professional", pro);
	tctx_bool(c, "can_take_up", pro && strcmp(db_val(req, 0, R_STATUS),
	    "ingediend") == 0);
	tctx_bool(c, "can_extend", pro && open &&
	    !db_bool(req, 0, R_EXTENDED) && !db_bool(req, 0, R_LATE));
	tctx_bool(c, "can_answer", pro && open);
	tctx_str(c, "reason", reason != NULL ? reason : "");
	tctx_str(c, "reason_error", i18n_gettext(form_error_for(errs, nerr,
	    "reason")));
	page_form_errors(r, c, errs, nerr);
	if ((e = audit_request(r, "request.read", db_val(req, 0, R_PUBLIC_ID),
	    db_val(req, 0, R_FAMILY), "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "verzoek", N_("Vraag om iets te veranderen"),
	    c);
}

int
h_request(struct req *r)
{
	PGresult	*res;
	int		 st;

	if ((st = open_request(r, "request.read", &res)) != 0)
		return st;
	return show_one(r, res, NULL, NULL, 0);
}

/* The professional's two steps before the answer. */
static int
pro_step(struct req *r, int extend)
{
	static const struct form_spec spec[] = {
		{ .name = "reason", .kind = FORM_TEXT, .required = 1,
		    .max_chars = REQUEST_MAX,
		    .msg_missing = N_("Schrijf waarom het antwoord later "
		    "komt."),
		    .msg_too_long = N_("De reden is te lang. U kunt 2000 "
		    "tekens gebruiken.") },
	};
	const char		*v[1] = { "" }, *p[3];
	const char		*action = extend ? "request.extend" :
				    "request.take_up";
	struct form_error	 errs[2];
	size_t			 nerr = 0;
	PGresult		*req, *done;
	enum db_err		 e;
	int			 st;

	if ((st = open_request(r, action, &req)) != 0)
		return st;
	if (extend) {
		if (form_read(&r->rq->form, spec, 1, v, errs, &nerr) == -1)
			return 400;
		v[0] = req_unix_lines(r, v[0]);
		if (nerr > 0) {
			r->rs->status = 400;
			return show_one(r, req, v[0], errs, nerr);
		}
	}
	p[0] = db_val(req, 0, R_ID);
	p[1] = r->sess.person_id_s;
	p[2] = v[0];
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, extend ? ST_REQUEST_EXTEND :
	    ST_REQUEST_TAKE_UP, p, &done)) != DB_OK)
		return db_status(e);
	if (extend && db_rows(done) == 0) {
		if ((e = audit_request(r, action, db_val(req, 0, R_PUBLIC_ID),
		    db_val(req, 0, R_FAMILY), "denied")) != DB_OK ||
		    (e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		r->deny_reason = N_("U kunt maar een keer meer tijd "
		    "nemen. En alleen voor de dag van het antwoord.");
		return 403;
	}
	/* Taking up what was taken up already changes nothing: no row. */
	if (db_rows(done) > 0 && (e = audit_request(r, action,
	    db_val(req, 0, R_PUBLIC_ID), db_val(req, 0, R_FAMILY),
	    "allowed")) != DB_OK)
		return db_status(e);
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/verzoeken/%s",
	    db_val(req, 0, R_PUBLIC_ID)));
}

int
h_request_take_up(struct req *r)
{
	return pro_step(r, 0);
}

int
h_request_extend(struct req *r)
{
	return pro_step(r, 1);
}
