/*
 * worklist.c - "Wat wacht op mij" (GET /antwoord, issue 15, part 5):
 * everything the families of the logged-in professional said, in one
 * table: comments and requests waiting for an answer (late requests
 * first, marked "te laat"), disagreements and partial agreements with
 * their explanation, own views, share requests that wait for the
 * family's yes, conversations whose last message is the member's, and
 * help requests to the professional's team that are not done yet.
 * ?gezin=<family id> shows one family;
 * a family the professional does not work with is 404.
 *
 * Only the professional assigned to the family now sees its items: the
 * statement narrows to those families, and every item about a document
 * passes lib/policy (POL_COMMENT: working with the family on it; a
 * comment also policy_comment_visible). A request not about a document
 * has no policy rule: the assignment in the statement decides.
 */
#include <stdlib.h>
#include <string.h>

#include "core/portal.h"
#include "dossier/dossier.h"
#include "help/help.h"
#include "requests/requests.h"
#include "stmts.h"

/*
 * One page of what the families of professional $1 said (issue 21):
 * keyset pagination on the page's order (late first, then the newest;
 * kind, id and author make the key unique), no cap. $2 one family (its
 * public id; "": all), $3..$7 the key of the last item of the page
 * before (late, made, kind, id, author; the first page: a key after
 * every item), $8 how many. The conditions on the family and the key
 * are pushed into every branch of the UNION ALL (PostgreSQL does this
 * for a UNION ALL subquery), so a branch reads only the families asked
 * for. Columns: enum below. The newest consent of each member on the
 * current version counts: read from the disagreements
 * (document_consent_disagree, sql/049), not from every document of the
 * families.
 */
static const struct stmt_def ST_WORKLIST[1] = {{ "worklist",
	"SELECT * FROM ("
	"SELECT 'verzoek' AS kind, r.public_id AS id, "
	"  coalesce(d.public_id, '') AS doc, "
	"  coalesce(d.title, '') AS title, "
	"  p.given_name || ' ' || p.family_name AS author, "
	"  f.public_id AS family_key, f.name AS family, "
	"  extract(epoch FROM r.created_at)::bigint AS made, "
	"  " NOON("r.due_on") " AS due, " REQUEST_LATE " AS late, '' AS text, "
	"  false AS private, r.author_id AS author_id "
	"  FROM request r JOIN person p ON p.id = r.author_id "
	"  JOIN family f ON f.id = r.family_id "
	"  LEFT JOIN document d ON d.id = r.document_id "
	" WHERE r.status IN ('ingediend', 'in behandeling') "
	"   AND " ASSIGNED("r.family_id") " "
	"UNION ALL "
	"SELECT 'reactie', c.public_id, d.public_id, d.title, "
	"  p.given_name || ' ' || p.family_name, f.public_id, f.name, "
	"  extract(epoch FROM c.created_at)::bigint, 0, false, '', "
	"  c.private, c.author_id "
	"  FROM document_comment c JOIN document d ON d.id = c.document_id "
	"  JOIN family f ON f.id = d.family_id "
	"  JOIN person p ON p.id = c.author_id "
	" WHERE p.kind = 'citizen' AND c.answer_to IS NULL "
	"   AND NOT EXISTS (SELECT 1 FROM document_comment x "
	"     WHERE x.answer_to = c.id) "
	"   AND " ASSIGNED("d.family_id") " "
	"UNION ALL "
	"SELECT k.decision, d.public_id, d.public_id, d.title, "
	"  p.given_name || ' ' || p.family_name, f.public_id, f.name, "
	"  extract(epoch FROM k.created_at)::bigint, 0, false, "
	"  k.explanation, false, p.id "
	"  FROM document_consent k "
	"  JOIN document d ON d.id = k.document_id AND d.version = k.version "
	"  JOIN family f ON f.id = d.family_id "
	"  JOIN family_member m ON m.family_id = d.family_id "
	"   AND m.person_id = k.person_id "
	"  JOIN person p ON p.id = k.person_id "
	" WHERE k.decision IN ('oneens', 'deels') "
	/* the member's newest decision on this version */
	"   AND NOT EXISTS (SELECT 1 FROM document_consent n "
	"     WHERE n.document_id = k.document_id "
	"       AND n.person_id = k.person_id AND n.version = k.version "
	"       AND (n.created_at, n.id) > (k.created_at, k.id)) "
	"   AND " ASSIGNED("d.family_id") " "
	"UNION ALL "
	"SELECT 'visie', d.public_id, d.public_id, d.title, "
	"  p.given_name || ' ' || p.family_name, f.public_id, f.name, "
	"  extract(epoch FROM v.created_at)::bigint, 0, false, v.body, "
	"  false, v.author_id "
	"  FROM document_view v JOIN document d ON d.id = v.document_id "
	"  JOIN family f ON f.id = d.family_id "
	"  JOIN person p ON p.id = v.author_id "
	/* the current text only (sql/034) */
	" WHERE v.superseded_at IS NULL AND v.withdrawn_at IS NULL "
	"   AND " ASSIGNED("d.family_id") " "
	/* a conversation with $1 whose last message is the member's
	 * (cgi/messages): private to the two of them, no document */
	"UNION ALL "
	"SELECT 'bericht', cv.public_id, '', cv.subject, "
	"  p.given_name || ' ' || p.family_name, f.public_id, f.name, "
	"  extract(epoch FROM cm.created_at)::bigint, 0, false, '', "
	"  true, cv.member_id "
	"  FROM conversation cv "
	"  JOIN conversation_message cm ON cm.conversation_id = cv.id "
	"  JOIN family f ON f.id = cv.family_id "
	"  JOIN person p ON p.id = cv.member_id "
	" WHERE cv.professional_id = $1 AND cm.author_id = cv.member_id "
	"   AND cm.id = (SELECT max(x.id) FROM conversation_message x "
	"     WHERE x.conversation_id = cv.id) "
	"   AND " ASSIGNED("cv.family_id") " "
	/* a request to share a document that waits for the family's yes
	 * (cgi/sharing): who asked, with which organisation, until when it
	 * waits at most (30 days, or its last day) */
	"UNION ALL "
	"SELECT 'delen', s.public_id, d.public_id, d.title, "
	"  coalesce(rq.given_name || ' ' || rq.family_name, ''), "
	"  f.public_id, f.name, extract(epoch FROM s.created_at)::bigint, "
	"  " SHARE_LAST_DAY("least(s.created_at + interval '30 days', "
	"    s.until)") ", false, o.name, false, "
	"  coalesce(s.requested_by, 0) "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN family f ON f.id = d.family_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	"  LEFT JOIN person rq ON rq.id = s.requested_by "
	" WHERE " SHARE_WAITING("s") " AND " ASSIGNED("d.family_id") " "
	/* a help request to the team (cgi/help): not done yet, urgent
	 * ("nu") at the top with the late ones; its own words */
	"UNION ALL "
	"SELECT 'hulp', h.public_id, '', '', "
	"  p.given_name || ' ' || p.family_name, f.public_id, f.name, "
	"  extract(epoch FROM h.created_at)::bigint, "
	"  " NOON("h.contact_by") ", h.urgency = 'nu' AND "
	"  h.status = 'ontvangen', h.body, h.status = 'contact', h.author_id "
	"  FROM help_request h JOIN family f ON f.id = h.family_id "
	"  JOIN person p ON p.id = h.author_id "
	" WHERE h.status <> 'afgerond' "
	"   AND (" HELP_ASSIGNED("h") " OR " HELP_INTAKE("h") ")) w "
	"WHERE ($2 = '' OR w.family_key = $2) "
	"  AND (w.late, w.made, w.kind, w.id, w.author_id) < "
	"    ($3::boolean, $4::bigint, $5::text, $6::text, $7::bigint) "
	"ORDER BY w.late DESC, w.made DESC, w.kind DESC, w.id DESC, "
	"  w.author_id DESC LIMIT $8", 8, 13 }};
enum { W_KIND, W_ID, W_DOC, W_TITLE, W_AUTHOR, W_FAMILY_KEY, W_FAMILY,
    W_MADE, W_DUE, W_LATE, W_TEXT, W_PRIVATE, W_AUTHOR_ID };

static const struct stmt_def *const stmts[] = {
	ST_WORKLIST,
};
const struct stmt_table worklist_stmts = {
	"requests/worklist.c", stmts, NELEM(stmts)
};

/* Whether lib/policy lets the professional see item i (see the top), on
 * the facts of the documents the items name (docs, one statement). */
static int
item_visible(const struct doc_set *docs, const PGresult *res, int i)
{
	struct doc_facts	 f;
	const char		*id = db_val(res, i, W_DOC);

	/* Not about a document: a request of the family, or a conversation
	 * with this professional (the statement's conditions decide). */
	if (id[0] == '\0')
		return strcmp(db_val(res, i, W_KIND), "verzoek") == 0 ||
		    strcmp(db_val(res, i, W_KIND), "bericht") == 0 ||
		    strcmp(db_val(res, i, W_KIND), "hulp") == 0;
	if (doc_set_facts(docs, id, &f, NULL) == -1 ||
	    !policy_decide(&f.actor, &f.doc, POL_COMMENT).allow)
		return 0;
	if (strcmp(db_val(res, i, W_KIND), "reactie") == 0)
		return policy_comment_visible(&f.actor,
		    db_bool(res, i, W_PRIVATE), db_long(res, i, W_AUTHOR_ID), 0);
	return 1;
}

static int
fill_item(struct tctx *it, const PGresult *res, int i)
{
	const char	*kind = db_val(res, i, W_KIND);

	tctx_bool(it, "is_request", strcmp(kind, "verzoek") == 0);
	tctx_bool(it, "is_comment", strcmp(kind, "reactie") == 0);
	tctx_bool(it, "is_oneens", strcmp(kind, "oneens") == 0);
	tctx_bool(it, "is_deels", strcmp(kind, "deels") == 0);
	tctx_bool(it, "is_view", strcmp(kind, "visie") == 0);
	tctx_bool(it, "is_message", strcmp(kind, "bericht") == 0);
	tctx_bool(it, "is_share", strcmp(kind, "delen") == 0);
	tctx_bool(it, "is_help", strcmp(kind, "hulp") == 0);
	/* a help request: "nu" and nobody called yet; someone calls */
	tctx_bool(it, "is_urgent", strcmp(kind, "hulp") == 0 &&
	    db_bool(res, i, W_LATE));
	tctx_bool(it, "help_contact", strcmp(kind, "hulp") == 0 &&
	    db_bool(res, i, W_PRIVATE));
	tctx_str(it, "kind", kind);
	/* A conversation is answered on its own page. */
	if (strcmp(kind, "hulp") == 0)
		tctx_strf(it, "href", "/hulp-vragen/%s", db_val(res, i, W_ID));
	else if (strcmp(kind, "bericht") == 0)
		tctx_strf(it, "href", "/berichten/%s", db_val(res, i, W_ID));
	else if (strcmp(kind, "delen") == 0)
		tctx_strf(it, "href", "/documenten/%s", db_val(res, i, W_DOC));
	else if (strcmp(kind, "verzoek") == 0 || strcmp(kind, "reactie") == 0)
		tctx_strf(it, "href", "/antwoord/%s/%s", kind,
		    db_val(res, i, W_ID));
	else
		tctx_strf(it, "href", "/documenten/%s#%s", db_val(res, i, W_ID),
		    strcmp(kind, "visie") == 0 ? "visie" : "instemming");
	tctx_nl(it, "doc_title", db_val(res, i, W_TITLE));
	tctx_nl(it, "author", db_val(res, i, W_AUTHOR));
	tctx_nl(it, "family_name", db_val(res, i, W_FAMILY));
	/* a share request: its organisation, no text of its own */
	if (strcmp(kind, "delen") == 0) {
		tctx_str(it, "organisation", db_val(res, i, W_TEXT));
		tctx_str(it, "text", "");
	} else {
		tctx_str(it, "organisation", "");
		tctx_str(it, "text", db_val(res, i, W_TEXT));
	}
	tctx_bool(it, "is_late", strcmp(kind, "hulp") != 0 &&
	    db_bool(res, i, W_LATE));
	tctx_date(it, "made", db_val(res, i, W_MADE));
	tctx_date(it, "due", db_val(res, i, W_DUE));
	return 0;
}

/* The filter: the professional's families, the chosen one selected.
 * Returns 0, 404 for a family that is not theirs, or a status. */
static int
fill_families(struct req *r, struct tctx *c, const char *chosen)
{
	const char	*p[1] = { r->sess.person_id_s };
	struct tctx	*it;
	PGresult	*res;
	enum db_err	 e;
	int		 i, found = 0;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_PROFESSIONAL, p, &res)) !=
	    DB_OK)
		return db_status(e);
	tctx_list(c, "families");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "families")) == NULL)
			return 500;
		tctx_str(it, "key", db_val(res, i, FAMILY_PUBLIC_ID));
		tctx_nl(it, "family_name", db_val(res, i, FAMILY_NAME));
		tctx_bool(it, "selected", chosen != NULL &&
		    strcmp(chosen, db_val(res, i, FAMILY_PUBLIC_ID)) == 0);
		if (chosen != NULL &&
		    strcmp(chosen, db_val(res, i, FAMILY_PUBLIC_ID)) == 0)
			found = 1;
	}
	return chosen == NULL || found ? 0 : 404;
}

#define ITEMS_PER_PAGE	50

/* Characters of a cursor part: digits, a-z, or an id (base64url). */
static int
cursor_part_ok(const char *s, size_t n, int what)
{
	size_t	 i;

	if (n == 0 && what != 'i')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char	 ch = (unsigned char)s[i];

		if (what == 'd' && !(ch >= '0' && ch <= '9'))
			return 0;
		if (what == 'k' && !(ch >= 'a' && ch <= 'z'))
			return 0;
		if (what == 'i' && !((ch >= '0' && ch <= '9') ||
		    (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    ch == '-' || ch == '_'))
			return 0;
	}
	/* a number fits a bigint: at most 18 digits */
	return n <= (what == 'd' ? 18 : 64);
}

/*
 * ?na=<late>.<made>.<kind>.<id>.<author>: the key of the last item of the
 * page before, into p[2..6] (ST_WORKLIST's $3..$7). 1 when it is one,
 * 0 (p[2..6] a key after every item: the first page) for anything else.
 */
static int
cursor_read(struct req *r, const char *v, const char **p)
{
	static const char	 what[5] = { 'b', 'd', 'k', 'i', 'd' };
	const char		*s = v, *dot;
	size_t			 n;
	int			 k;

	p[2] = "true";
	p[3] = "9223372036854775807";
	p[4] = p[5] = "";
	p[6] = "0";
	if (v == NULL || strlen(v) > 200)
		return 0;
	for (k = 0; k < 5; k++) {
		dot = k < 4 ? strchr(s, '.') : s + strlen(s);
		if (dot == NULL)
			goto bad;
		n = (size_t)(dot - s);
		if (what[k] == 'b' ? !(n == 1 && (*s == '0' || *s == '1')) :
		    !cursor_part_ok(s, n, what[k]))
			goto bad;
		p[2 + k] = what[k] == 'b' ? (*s == '1' ? "true" : "false") :
		    arena_strndup(r->a, s, n);
		if (p[2 + k] == NULL)
			goto bad;
		s = dot + 1;
	}
	return 1;
bad:
	p[2] = "true";
	p[3] = "9223372036854775807";
	p[4] = p[5] = "";
	p[6] = "0";
	return 0;
}

int
h_reply_list(struct req *r)
{
	const char		*p[8] = { r->sess.person_id_s, "" };
	const struct http_field	*gf = http_fields_get(&r->rq->query, "gezin");
	const struct http_field	*na = http_fields_get(&r->rq->query, "na");
	const char		*chosen = NULL;
	struct tctx		*c = page_ctx(r), *it;
	struct doc_set		 docs;
	PGresult		*res;
	enum db_err		 e;
	int			 i, n, st, shown = 0, later;

	if (gf != NULL && gf->value[0] != '\0')
		chosen = gf->value;
	if ((st = fill_families(r, c, chosen)) != 0) {
		if (st == 404 && (e = req_audit(r, "reply.list", "family",
		    chosen, NULL, "denied")) != DB_OK)
			return db_status(e);
		return st;
	}
	/* the filter in the statement: a page holds that family only */
	p[1] = chosen != NULL ? chosen : "";
	later = cursor_read(r, na != NULL ? na->value : NULL, p);
	p[7] = arena_printf(r->a, "%d", ITEMS_PER_PAGE + 1);
	if ((e = db_exec(r->db, ST_WORKLIST, p, &res)) != DB_OK)
		return db_status(e);
	/* a key after the last item: the first page, never an empty one */
	if (later && db_rows(res) == 0) {
		later = cursor_read(r, NULL, p);
		if ((e = db_exec(r->db, ST_WORKLIST, p, &res)) != DB_OK)
			return db_status(e);
	}
	n = db_rows(res) < ITEMS_PER_PAGE ? db_rows(res) : ITEMS_PER_PAGE;
	/* the facts of the documents the items name, in one statement */
	doc_set_init(r, &docs);
	for (i = 0; i < n; i++)
		doc_set_want(&docs, db_val(res, i, W_DOC));
	if ((st = doc_set_load(&docs)) != 0)
		return st;
	tctx_list(c, "items");
	for (i = 0; i < n; i++) {
		if (!item_visible(&docs, res, i))
			continue;
		if ((it = tctx_list_add(c, "items")) == NULL ||
		    fill_item(it, res, i) != 0)
			return 500;
		shown++;
	}
	tctx_bool(c, "has_items", shown > 0);
	tctx_bool(c, "filtered", chosen != NULL);
	tctx_bool(c, "answered", http_fields_get(&r->rq->query,
	    "beantwoord") != NULL);
	tctx_bool(c, "has_next", db_rows(res) > ITEMS_PER_PAGE);
	tctx_bool(c, "has_first", later);
	tctx_strf(c, "first_href", "/antwoord%s%s", chosen != NULL ?
	    "?gezin=" : "", chosen != NULL ? chosen : "");
	if (n > 0)
		tctx_strf(c, "next_href", "/antwoord?%s%s%sna=%d.%s.%s.%s.%s",
		    chosen != NULL ? "gezin=" : "", chosen != NULL ? chosen : "",
		    chosen != NULL ? "&" : "", db_bool(res, n - 1, W_LATE),
		    db_val(res, n - 1, W_MADE), db_val(res, n - 1, W_KIND),
		    db_val(res, n - 1, W_ID), db_val(res, n - 1, W_AUTHOR_ID));
	else
		tctx_str(c, "next_href", "/antwoord");
	if ((e = req_audit(r, "reply.list", chosen != NULL ? "family" : NULL,
	    chosen, NULL, "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "antwoord-lijst", N_("Wat wacht op mij"), c);
}
