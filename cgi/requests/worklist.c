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

/* What the families of professional $1 said. Columns: enum below. The
 * newest consent of each member on the current version counts. */
static const struct stmt_def ST_WORKLIST[1] = {{ "worklist",
	"SELECT * FROM ("
	"SELECT 'verzoek' AS kind, r.public_id, coalesce(d.public_id, ''), "
	"  coalesce(d.title, ''), p.given_name || ' ' || p.family_name, "
	"  f.public_id, f.name, "
	"  extract(epoch FROM r.created_at)::bigint AS made, "
	"  " NOON("r.due_on") " AS due, " REQUEST_LATE " AS late, '', "
	"  false, r.author_id "
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
	"  FROM document d JOIN family f ON f.id = d.family_id "
	"  JOIN family_member m ON m.family_id = d.family_id "
	"  JOIN person p ON p.id = m.person_id "
	"  CROSS JOIN LATERAL (SELECT c.decision, c.explanation, c.created_at "
	"    FROM document_consent c WHERE c.document_id = d.id "
	"     AND c.person_id = m.person_id AND c.version = d.version "
	"   ORDER BY c.created_at DESC, c.id DESC LIMIT 1) k "
	" WHERE k.decision IN ('oneens', 'deels') "
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
	"ORDER BY late DESC, made DESC LIMIT 500", 1, 13 }};
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

int
h_reply_list(struct req *r)
{
	const char		*p[1] = { r->sess.person_id_s };
	const struct http_field	*gf = http_fields_get(&r->rq->query, "gezin");
	const char		*chosen = NULL;
	struct tctx		*c = page_ctx(r), *it;
	struct doc_set		 docs;
	PGresult		*res;
	enum db_err		 e;
	int			 i, st, shown = 0;

	if (gf != NULL && gf->value[0] != '\0')
		chosen = gf->value;
	if ((st = fill_families(r, c, chosen)) != 0) {
		if (st == 404 && (e = req_audit(r, "reply.list", "family",
		    chosen, NULL, "denied")) != DB_OK)
			return db_status(e);
		return st;
	}
	if ((e = db_exec(r->db, ST_WORKLIST, p, &res)) != DB_OK)
		return db_status(e);
	/* the facts of the documents the items name, in one statement */
	doc_set_init(r, &docs);
	for (i = 0; i < db_rows(res); i++)
		doc_set_want(&docs, db_val(res, i, W_DOC));
	if ((st = doc_set_load(&docs)) != 0)
		return st;
	tctx_list(c, "items");
	for (i = 0; i < db_rows(res); i++) {
		if (chosen != NULL &&
		    strcmp(chosen, db_val(res, i, W_FAMILY_KEY)) != 0)
			continue;
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
	if ((e = req_audit(r, "reply.list", chosen != NULL ? "family" : NULL,
	    chosen, NULL, "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "antwoord-lijst", N_("Wat wacht op mij"), c);
}
