/*
 * documents.c - the family dossier: the list of documents a person may
 * see, and one document. Every decision is lib/policy's, on facts loaded
 * here; every read (allowed or denied) leaves an audit row. A document a
 * person may not see answers 404, the same as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "dossier/dossier.h"
#include "filetype.h"
#include "log.h"
#include "core/draft.h"
#include "core/portal.h"
#include "util.h"

/* A document read: the audit row ($1..$14 as ST_AUDIT_INSERT) and the
 * read marker for the reader ($1, or at the counter the citizen helped,
 * $3) of document $15 (internal id) at version $16, in one statement, so
 * one round trip and both or neither. The marker keeps the newest version
 * read (sql/045): the list says "gewijzigd" until the reader read it; and
 * every version opened (sql/046: the earlier versions a member may read
 * again, cgi/dossier/versions.c). */
static const struct stmt_def ST_DOC_READ_LOG[1] = {{ "doc_read_log",
	"WITH a AS (INSERT INTO audit_log (actor_id, actor_role, on_behalf_of, "
	"  action, object_kind, object_id, family_id, remote_addr, outcome, "
	"  request_id, http_status, rule, assist_id, for_children) "
	"  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
	"    $14::bigint[]) "
	"  RETURNING coalesce(on_behalf_of, actor_id) AS reader) "
	"INSERT INTO document_read (document_id, person_id, read_version, "
	"  seen_versions) "
	"SELECT $15, reader, $16, ARRAY[$16::integer] FROM a "
	"ON CONFLICT (document_id, person_id) DO UPDATE "
	"SET read_version = greatest(document_read.read_version, "
	"  EXCLUDED.read_version), "
	"  seen_versions = CASE WHEN EXCLUDED.read_version = "
	"    ANY (document_read.seen_versions) "
	"    THEN document_read.seen_versions "
	"    ELSE document_read.seen_versions || EXCLUDED.read_version END",
	16, 0 }};

/* The hidden parts of document $1, each with whom it is hidden from (ids
 * for lib/policy, given names for the page), oldest first. */
static const struct stmt_def ST_DOC_PARTS[1] = {{ "doc_parts",
	"SELECT dp.label, dp.body, "
	"  string_agg(h.person_id::text, ',' ORDER BY h.person_id), "
	"  string_agg(p.given_name, ', ' ORDER BY p.birth_date, p.id), "
	/* the document's file belongs to this part */
	"  EXISTS (SELECT 1 FROM document_file f WHERE f.part_id = dp.id) "
	"FROM document_part dp "
	"JOIN document_part_hidden h ON h.part_id = dp.id "
	"JOIN person p ON p.id = h.person_id "
	"WHERE dp.document_id = $1 GROUP BY dp.id ORDER BY dp.id", 1, 5 }};
enum { PART_LABEL, PART_BODY, PART_HIDDEN, PART_NAMES, PART_FILE };

/* For the list of professional $1: every member of the families $1
 * works with, per document of the page ($2, an array of public ids), with
 * the facts lib/policy needs to say whether they may give their opinion,
 * and their newest decision on the current version (""). Ordered by
 * document. */
static const struct stmt_def ST_DOC_OPINIONS[1] = {{ "doc_opinions",
	"SELECT d.public_id, m.person_id, "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1), authority_over(m.person_id), coalesce(k.decision, ''), "
	"  coalesce((SELECT string_agg(ys.youth_id::text, ',') "
	"    FROM document_youth_share ys WHERE ys.document_id = d.id "
	"     AND ys.parent_id = m.person_id), '') "
	"FROM document d "
	"JOIN family_member m ON m.family_id = d.family_id "
	"JOIN person p ON p.id = m.person_id "
	"LEFT JOIN LATERAL (SELECT c.decision FROM document_consent c "
	"  WHERE c.document_id = d.id AND c.person_id = m.person_id "
	"   AND c.version = d.version "
	"  ORDER BY c.created_at DESC, c.id DESC LIMIT 1) k ON true "
	"WHERE d.family_id IN (SELECT a.family_id FROM assignment_now a "
	"  WHERE a.professional_id = $1) AND d.public_id = ANY ($2::text[]) "
	"ORDER BY d.public_id, p.birth_date, p.id", 2, 6 }};
enum { O_DOC, O_PERSON, O_AGE, O_AUTHORITY, O_DECISION, O_SHARED_BY };

static const struct stmt_def *const stmts[] = {
	ST_DOC_READ_LOG,
	ST_DOC_PARTS,
	ST_DOC_OPINIONS,
};
const struct stmt_table documents_stmts = {
	"dossier/documents.c", stmts, NELEM(stmts)
};

#define PER_PAGE	20

static void
fill_summary(struct tctx *it, const PGresult *res, int i)
{
	tctx_nl(it, "title", db_val(res, i, C_TITLE));
	tctx_strf(it, "href", "/documenten/%s", db_val(res, i, C_PUBLIC_ID));
	tctx_nl(it, "author", db_val(res, i, C_AUTHOR));
	tctx_nl(it, "organisation", db_val(res, i, C_ORG));
	/* a member's own document (issue 18): "zelf geschreven" */
	tctx_bool(it, "own", db_long(res, i, C_OWN_AUTHOR) != 0);
	tctx_nl(it, "about", db_val(res, i, C_ABOUT_NAMES));
	tctx_date(it, "date", db_val(res, i, C_CREATED));
}

/* In the list, for whoever may give consent: what they answered. */
static void
fill_my_decision(struct tctx *it, const struct doc_facts *f,
    const char *decision)
{
	int	 can = policy_decide(&f->actor, &f->doc, POL_CONSENT).allow;

	tctx_bool(it, "ask", can);
	consent_decision_flags(it, decision);
}

/*
 * For a professional who works with the family on the document (lib/policy,
 * POL_COMMENT): "2 van 5 eens, 1 deels, 1 niet eens, 1 nog niet", counting
 * only the members lib/policy lets give their opinion on it. ops:
 * ST_DOC_OPINIONS, or NULL for anyone else. Members never see counts:
 * with a shield (policy_actor_shown) "1 van 5" would let Mark work out
 * Sanne's answer. A count for members would have to leave her out of
 * the total too, as the consent list does.
 */
static void
fill_opinions(struct tctx *it, const struct doc_facts *f, const char *id,
    const PGresult *ops)
{
	struct doc	 d;
	const char	*dec;
	long		 eens = 0, deels = 0, oneens = 0, open = 0;
	int		 i;

	tctx_bool(it, "opinions", 0);
	if (ops == NULL || !policy_decide(&f->actor, &f->doc,
	    POL_COMMENT).allow)
		return;
	memset(&d, 0, sizeof(d));
	d.f = *f;
	for (i = 0; i < db_rows(ops); i++) {
		if (strcmp(db_val(ops, i, O_DOC), id) != 0)
			continue;
		if (!doc_member_may(&d, db_long(ops, i, O_PERSON),
		    (int)db_long(ops, i, O_AGE), db_val(ops, i, O_AUTHORITY),
		    db_val(ops, i, O_SHARED_BY), POL_CONSENT))
			continue;
		dec = db_val(ops, i, O_DECISION);
		if (strcmp(dec, "eens") == 0)
			eens++;
		else if (strcmp(dec, "deels") == 0)
			deels++;
		else if (strcmp(dec, "oneens") == 0)
			oneens++;
		else
			open++;
	}
	tctx_bool(it, "opinions", eens + deels + oneens + open > 0);
	tctx_long(it, "n_total", eens + deels + oneens + open);
	tctx_long(it, "n_eens", eens);
	tctx_long(it, "n_deels", deels);
	tctx_long(it, "n_oneens", oneens);
	tctx_long(it, "n_open", open);
}

/*
 * The list pages (issue 21): keyset pagination on the documents' order,
 * newest first, PER_PAGE a page, every document reachable. ?na=<id>: the
 * page after document <id> (older); ?voor=<id>: the page before it
 * (newer); ?pagina=laatste: the oldest. Anything else, or a cursor the
 * person may not read or that does not exist: the first page.
 */
enum list_mode { L_FIRST, L_OLDER, L_NEWER, L_LAST };

struct list_page {
	enum list_mode	 mode;
	const PGresult	*res;		/* candidates, in the statement's order */
	int		 n;		/* rows shown: min(rows, PER_PAGE) */
	int		 has_prev, has_next;
	const char	*prev, *next;	/* cursors: public ids */
};

static enum db_err
list_fetch(struct req *r, struct list_page *lp, const char *cursor)
{
	const char	*p[3] = { r->sess.person_id_s, cursor, NULL };
	PGresult	*res;
	enum db_err	 e;

	p[2] = arena_printf(r->a, "%d", PER_PAGE + 1);
	e = db_exec(r->db, lp->mode == L_NEWER || lp->mode == L_LAST ?
	    ST_DOC_PAGE_UP : ST_DOC_PAGE_DOWN, p, &res);
	lp->res = res;
	return e;
}

/* Reads the page the query asks for, falling back to the first. */
static enum db_err
list_load(struct req *r, struct list_page *lp)
{
	const struct http_field	*na = http_fields_get(&r->rq->query, "na");
	const struct http_field	*voor = http_fields_get(&r->rq->query, "voor");
	const struct http_field	*pg = http_fields_get(&r->rq->query,
				    "pagina");
	const char		*cursor = "";
	enum db_err		 e;
	int			 rows;

	memset(lp, 0, sizeof(*lp));
	lp->mode = L_FIRST;
	lp->prev = lp->next = "";
	if (na != NULL && na->value[0] != '\0') {
		lp->mode = L_OLDER;
		cursor = na->value;
	} else if (voor != NULL && voor->value[0] != '\0') {
		lp->mode = L_NEWER;
		cursor = voor->value;
	} else if (pg != NULL && strcmp(pg->value, "laatste") == 0)
		lp->mode = L_LAST;
	if ((e = list_fetch(r, lp, cursor)) != DB_OK)
		return e;
	rows = db_rows(lp->res);
	/* A bad cursor (no rows), or newer ones that fit on the first
	 * page: the first page. */
	if ((lp->mode != L_FIRST && lp->mode != L_LAST && rows == 0) ||
	    (lp->mode == L_NEWER && rows <= PER_PAGE)) {
		lp->mode = L_FIRST;
		if ((e = list_fetch(r, lp, "")) != DB_OK)
			return e;
		rows = db_rows(lp->res);
	}
	lp->n = rows < PER_PAGE ? rows : PER_PAGE;
	switch (lp->mode) {
	case L_FIRST:
	case L_OLDER:
		/* newest first: row n-1 is the oldest shown */
		lp->has_prev = lp->mode == L_OLDER;
		lp->has_next = rows > PER_PAGE;
		if (lp->n > 0) {
			lp->prev = db_val(lp->res, 0, C_PUBLIC_ID);
			lp->next = db_val(lp->res, lp->n - 1, C_PUBLIC_ID);
		}
		break;
	case L_NEWER:
	case L_LAST:
		/* oldest first: row 0 is the oldest shown */
		lp->has_prev = rows > PER_PAGE;
		lp->has_next = lp->mode == L_NEWER;
		if (lp->n > 0) {
			lp->prev = db_val(lp->res, lp->n - 1, C_PUBLIC_ID);
			lp->next = db_val(lp->res, 0, C_PUBLIC_ID);
		}
		break;
	}
	return DB_OK;
}

/* The row shown at place k (0: the newest on the page). */
static int
list_row(const struct list_page *lp, int k)
{
	return lp->mode == L_NEWER || lp->mode == L_LAST ? lp->n - 1 - k : k;
}

/* The page's public ids as a PostgreSQL array literal ("{a,b}"; ids are
 * base64url, nothing needs quoting), for ST_DOC_OPINIONS. */
static const char *
list_ids(struct req *r, const struct list_page *lp)
{
	struct buf	 b;
	int		 k;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (k = 0; k < lp->n; k++) {
		if (k > 0)
			buf_putc(&b, ',');
		buf_puts(&b, db_val(lp->res, k, C_PUBLIC_ID));
	}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

int
h_documents(struct req *r)
{
	const char		*params[2] = { r->sess.person_id_s, NULL };
	struct tctx		*c = page_ctx(r), *it;
	struct doc_facts	 f;
	struct list_page	 lp;
	PGresult		*res, *ops = NULL;
	enum db_err		 e;
	int			 i, k;

	if ((e = list_load(r, &lp)) != DB_OK)
		return db_status(e);
	if (r->role == ROLE_PROFESSIONAL && lp.n > 0) {
		if ((params[1] = list_ids(r, &lp)) == NULL)
			return 500;
		if ((e = db_exec(r->db, ST_DOC_OPINIONS, params, &ops)) !=
		    DB_OK)
			return db_status(e);
	}
	tctx_list(c, "documents");
	for (k = 0; k < lp.n; k++) {
		i = list_row(&lp, k);
		/* The database only narrowed: lib/policy decides. */
		if (doc_facts_load(r, lp.res, i, &f) == -1)
			continue;
		if (!policy_decide(&f.actor, &f.doc, POL_READ).allow) {
			log_error("documents: doc_may_read and lib/policy "
			    "disagree on %s", db_val(lp.res, i, C_PUBLIC_ID));
			continue;
		}
		if ((it = tctx_list_add(c, "documents")) == NULL)
			return 500;
		fill_summary(it, lp.res, i);
		tctx_bool(it, "unread", db_bool(lp.res, i, C_UNREAD));
		tctx_bool(it, "changed", db_bool(lp.res, i, C_CHANGED));
		fill_my_decision(it, &f, db_val(lp.res, i, C_MY_DECISION));
		fill_opinions(it, &f, db_val(lp.res, i, C_PUBLIC_ID), ops);
	}
	if ((e = audit_doc(r, "document.list", NULL, NULL, "allowed")) !=
	    DB_OK)
		return db_status(e);
	tctx_bool(c, "has_prev", lp.has_prev);
	tctx_bool(c, "has_next", lp.has_next);
	/* no empty landmark when there is nothing to page to */
	tctx_bool(c, "has_pager", lp.has_prev || lp.has_next);
	tctx_strf(c, "prev_href", "/documenten?voor=%s", lp.prev);
	tctx_strf(c, "next_href", "/documenten?na=%s", lp.next);
	tctx_str(c, "last_href", "/documenten?pagina=laatste");
	/* "Stuk toevoegen" only for a professional who works with a family
	 * now (lib/policy, POL_ADD_DOCUMENT; the form says the same). */
	params[1] = NULL;
	if (r->role == ROLE_PROFESSIONAL) {
		if ((e = db_exec(r->db, ST_FAMILIES_OF_PROFESSIONAL, params,
		    &res)) != DB_OK)
			return db_status(e);
		tctx_bool(c, "can_add", db_rows(res) > 0);
	} else
		tctx_bool(c, "can_add", 0);
	/* "Zelf een stuk toevoegen": every member with a log-in (12+), and
	 * the counter for them (owndoc.c decides on the form itself) */
	tctx_bool(c, "can_add_own", r->role == ROLE_CITIZEN);
	tctx_bool(c, "removed", r->role == ROLE_CITIZEN &&
	    http_fields_get(&r->rq->query, "verwijderd") != NULL);
	return page_render(r, "documents", N_("Stukken"), c);
}

/* The attachment link: "Gezinsplan.pdf (PDF, 2 kB)"; none when the file
 * belongs to a part hidden from the reader (in_hidden_part); file_in_part
 * when it belongs to a part the reader sees. */
static void
fill_file(struct tctx *c, const struct doc *d, int in_hidden_part,
    int in_part)
{
	const struct filetype	*ft;
	long			 size = db_long(d->res, d->row, C_FILE_SIZE);

	ft = filetype_by_mime(db_val(d->res, d->row, C_FILE_MIME));
	tctx_bool(c, "has_file", ft != NULL && size > 0 && !in_hidden_part &&
	    policy_decide(&d->f.actor, &d->f.doc, POL_DOWNLOAD).allow);
	tctx_bool(c, "file_in_part", in_part && !in_hidden_part);
	tctx_nl(c, "file_name", db_val(d->res, d->row, C_FILE_NAME));
	tctx_str(c, "file_kind", ft != NULL ? ft->label : "");
	tctx_long(c, "file_kb", (size + 1023) / 1024);
	tctx_strf(c, "file_href", "/documenten/%s/bestand", d->public_id);
}

/* The text in paragraphs: blank lines separate them. */
static void
add_paragraphs(struct req *r, struct tctx *c, const char *body)
{
	const char	*p = body, *e;
	struct tctx	*it;

	tctx_list(c, "paragraphs");
	while (*p != '\0') {
		while (*p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		e = strstr(p, "\n\n");
		if (e == NULL)
			e = p + strlen(p);
		if ((it = tctx_list_add(c, "paragraphs")) == NULL)
			return;
		tctx_nl(it, "text", arena_strndup(r->a, p, (size_t)(e - p)));
		p = e;
	}
}

/* The parts of the document hidden from some members (ST_DOC_PARTS):
 * those lib/policy lets this reader see, each with whom it is hidden
 * from. A part hidden from the reader is left out without a trace. */
static int
fill_parts(struct tctx *c, const struct doc *d, const PGresult *parts)
{
	long		 hidden[DOC_MAX_HIDDEN];
	size_t		 nhidden;
	struct tctx	*it;
	int		 i, k = 0, file_hidden = 0, file_in_part = 0;

	tctx_list(c, "parts");
	for (i = 0; i < db_rows(parts); i++) {
		if (doc_parse_ids(db_val(parts, i, PART_HIDDEN), hidden,
		    DOC_MAX_HIDDEN, &nhidden) == -1 || nhidden == 0) {
			/* Unreadable facts: show nothing, fail closed. */
			log_error("documents: odd part of %s", d->public_id);
			return 500;
		}
		file_in_part |= db_bool(parts, i, PART_FILE);
		if (!policy_part_visible(&d->f.actor, hidden, nhidden)) {
			/* its file goes with it, without a trace */
			file_hidden |= db_bool(parts, i, PART_FILE);
			continue;
		}
		if ((it = tctx_list_add(c, "parts")) == NULL)
			return 500;
		tctx_strf(it, "anchor", "deel-%d", ++k);
		tctx_nl(it, "label", db_val(parts, i, PART_LABEL));
		tctx_nl(it, "text", db_val(parts, i, PART_BODY));
		tctx_nl(it, "names", db_val(parts, i, PART_NAMES));
		tctx_bool(it, "part_file", db_bool(parts, i, PART_FILE));
	}
	fill_file(c, d, file_hidden, file_in_part);
	return 0;
}

/*
 * The parts of the document page with a form of their own, in the order
 * the page shows them (struct doc_part). A new part: one .c file, one
 * partial template, one row here and its route in cgi/app/routes.c.
 */
static const struct doc_part *const parts[] = {
	&doc_part_views,
	&doc_part_consent,	/* "what do you think": agree, why, own view */
	&doc_part_comments,	/* a question to the professional */
	&doc_part_parents,
};

/* The parts' values (fill) and their HTML (partial) in list
 * "part_sections" of c. 0 or an HTTP status. */
static int
show_parts(struct req *r, const struct doc *d, struct tctx *c,
    const struct doc_form *form, const struct doc_reads *reads)
{
	const char	*html;
	struct tctx	*it;
	size_t		 i;
	int		 st;

	for (i = 0; i < NELEM(parts); i++)
		if ((st = parts[i]->fill(d, c, form, reads)) != 0)
			return st;
	tctx_list(c, "part_sections");
	for (i = 0; i < NELEM(parts); i++) {
		if ((html = page_partial(r, parts[i]->partial, c)) == NULL ||
		    (it = tctx_list_add(c, "part_sections")) == NULL)
			return 500;
		tctx_html(it, "html", html);
	}
	return 0;
}

/*
 * The document page, with the forms in state `form` (NULL: empty forms).
 * No explicit transaction: the facts are read, the decision made, and the
 * audit row (with the read marker) stored before anything is shown; a
 * failed audit write means no page.
 */
static int
document_show(struct req *r, const struct doc *d, const struct doc_form *form)
{
	const char		*log[AUDIT_NPARAMS + 2], *one[1], *two[2];
	const char		*cm[2];
	const struct pol_actor	*a = &d->f.actor;
	struct audit_event	 ev;
	struct tctx		*c = page_ctx(r);
	struct doc_form		 empty;
	struct doc_reads	 reads;
	struct db_batch		 b[8];
	size_t			 n = 0, i_members = 0, i_history = 0;
	size_t			 i_comments = 0, i_readers = 0, i_views_old = 0;
	int			 can_comment;
	enum db_err		 e;
	int			 st;

	if (form == NULL) {
		memset(&empty, 0, sizeof(empty));
		form = &empty;
	}
	memset(&reads, 0, sizeof(reads));
	if ((reads.shields = req_shields(r, &st)) == NULL)
		return st;
	/* One round trip, one implicit transaction: the audit row (with
	 * the read marker) and the reads of the page's parts. */
	doc_event(r, &ev, "document.read", d->public_id, d->family_id,
	    "allowed");
	audit_params(&ev, log);
	log[AUDIT_NPARAMS] = d->id;
	log[AUDIT_NPARAMS + 1] = d->version;
	one[0] = d->id;
	two[0] = d->id;
	two[1] = r->sess.person_id_s;
	b[n].st = ST_DOC_READ_LOG;
	b[n++].params = log;
	b[n].st = ST_DOC_PARTS;
	b[n++].params = one;
	b[n].st = ST_VIEW_LIST;		/* wherever the document is shown */
	b[n++].params = one;
	/* The comment form names who will read it. */
	can_comment = policy_decide(a, &d->f.doc, POL_COMMENT).allow;
	if (consent_shown(d) || doc_youth_decides(d) || can_comment) {
		i_members = n;
		b[n].st = ST_DOC_MEMBERS;
		b[n++].params = one;
	}
	if (policy_decide(a, &d->f.doc, POL_CONSENT).allow) {
		i_history = n;
		b[n].st = ST_CONSENT_HISTORY;
		b[n++].params = two;
	}
	if (policy_decide(a, &d->f.doc, POL_READ_COMMENTS).allow) {
		i_comments = n;
		cm[0] = d->id;
		cm[1] = form->comments_before != NULL ?
		    form->comments_before : "";
		b[n].st = ST_COMMENT_LIST;
		b[n++].params = cm;
	}
	if (can_comment) {
		i_readers = n;
		b[n].st = ST_COMMENT_READERS;
		b[n++].params = one;
	}
	/* Earlier texts of own views: for their writers and the assigned
	 * professionals (views.c asks lib/policy per text). */
	if (policy_view_history_visible(a, a->person_id)) {
		i_views_old = n;
		b[n].st = ST_VIEW_HISTORY;
		b[n++].params = one;
	}
	if ((e = db_batch(r->db, b, n)) != DB_OK)
		return db_status(e);
	reads.views = b[2].res;
	if (i_members > 0)
		reads.members = b[i_members].res;
	if (i_history > 0)
		reads.history = b[i_history].res;
	if (i_comments > 0)
		reads.comments = b[i_comments].res;
	if (i_readers > 0)
		reads.readers = b[i_readers].res;
	if (i_views_old > 0)
		reads.views_history = b[i_views_old].res;

	fill_summary(c, d->res, d->row);
	if ((st = doc_shared_context(r, d, c)) != 0 ||
	    (st = doc_share_asks(r, d, c)) != 0)
		return st;
	tctx_str(c, "id", d->public_id);
	add_paragraphs(r, c, db_val(d->res, d->row, C_BODY));
	if ((st = fill_parts(c, d, b[1].res)) != 0)
		return st;
	/* On a page in another language: the text is Dutch; a member can
	 * ask for an interpreter in a message (partials/nederlands). */
	tctx_bool(c, "dutch_note", strcmp(r->lang->code, "nl") != 0);
	tctx_bool(c, "dutch_note_ask", r->role == ROLE_CITIZEN);
	/* a member asks to change it (/verzoeken, this one chosen) */
	tctx_bool(c, "ask_change", r->role == ROLE_CITIZEN);
	tctx_bool(c, "court_order", d->f.doc.court_ordered_share);
	/* Let in by a youth of 16+: says why there is nothing to answer. */
	tctx_bool(c, "youth_read_only", policy_decide(a, &d->f.doc,
	    POL_CONSENT).reason == POL_YOUTH_READ_ONLY);
	tctx_bool(c, "can_edit",
	    policy_decide(a, &d->f.doc, POL_ADD_DOCUMENT).allow);
	tctx_bool(c, "new_version", strcmp(d->version, "1") != 0);
	tctx_str(c, "version", d->version);
	tctx_date(c, "updated", db_val(d->res, d->row, C_UPDATED));
	tctx_bool(c, "edited", form->edited);
	/* After a new version: the B1 check of its text for its writer. */
	if (page_b1(r, c, form->edited && policy_decide(a, &d->f.doc,
	    POL_ADD_DOCUMENT).allow ? db_val(d->res, d->row, C_BODY) :
	    NULL) != 0)
		return 500;
	tctx_bool(c, "b1_saved", 1);
	if ((st = owndoc_fill(r, d, c)) != 0)
		return st;
	page_form_errors(r, c, form->errs, form->nerr);
	if ((st = show_parts(r, d, c, form, &reads)) != 0)
		return st;
	return page_render_text(r, "document",
	    db_val(d->res, d->row, C_TITLE), c);
}

/* The value of query field name, or NULL. */
static const char *
query_value(struct req *r, const char *name)
{
	const struct http_field	*f = http_fields_get(&r->rq->query, name);

	return f != NULL ? f->value : NULL;
}

/* The document page's facts come with the session (cgi/app/app.c): one round
 * trip less on the portal's most read page. */
int
doc_prefetch(struct req *r, const char *session_hash, struct db_batch *b)
{
	const char	**params = arena_alloc(r->a, 2 * sizeof(*params));

	if (params == NULL)
		return 0;
	params[0] = arena_strdup(r->a, session_hash);
	params[1] = route_param(&r->params, "id");
	if (params[0] == NULL || params[1] == NULL)
		return 0;
	b->st = ST_DOC_BY_SESSION;
	b->params = params;
	return 1;
}

/* The comment form's fields a draft brings back (core/draft.h: a
 * comment sent after a time-out). */
static const struct form_spec comment_draft[] = {
	{ .name = "body" }, { .name = "audience" },
};

int
h_document(struct req *r)
{
	const char	*id = route_param(&r->params, "id");
	const char	*kept[NELEM(comment_draft)] = { "", "" };
	const PGresult	*pre = req_prefetched(r, ST_DOC_BY_SESSION);
	const struct http_field	*before;
	struct doc	 d;
	struct doc_form	 form;
	size_t		 i;
	int		 st;

	/* No row: a logout may have committed between the two statements
	 * (each has its own snapshot); ask again, by person, before "404". */
	if (pre != NULL && db_rows(pre) == 1)
		st = doc_open_res(r, pre, id, POL_READ, "document.read", &d);
	else
		st = doc_open(r, id, POL_READ, "document.read", &d);
	if (st != 0)
		return st;
	memset(&form, 0, sizeof(form));
	form.edited = http_fields_get(&r->rq->query, "gewijzigd") != NULL;
	if ((before = http_fields_get(&r->rq->query, "reacties_voor")) !=
	    NULL && before->value[0] != '\0')
		form.comments_before = before->value;
	form.view_edit = query_value(r, "visie-veranderen");
	form.view_withdraw = query_value(r, "visie-intrekken");
	form.view_changed = query_value(r, "visie-veranderd") != NULL;
	form.view_withdrawn = query_value(r, "visie-ingetrokken") != NULL;
	form.consent_view = query_value(r, "keuze-en-visie") != NULL;
	for (i = 0; i < NELEM(parts) && form.saved == NULL; i++)
		if (http_fields_get(&r->rq->query, parts[i]->saved) != NULL)
			form.saved = parts[i];
	if ((st = draft_take(r, comment_draft, NELEM(comment_draft),
	    kept)) == -1)
		return 500;
	if (st == 1) {
		form.body = req_unix_lines(r, kept[0]);
		if (strcmp(kept[1], "gezin") == 0 ||
		    strcmp(kept[1], "hulpverlener") == 0)
			form.audience = kept[1];
	}
	return document_show(r, &d, &form);
}

/*
 * POST /documenten/{id}/<tail>: the part of that tail, for a person
 * lib/policy lets do the part's action. Stored: back to the page with the
 * part's notice; form errors: the page again with them.
 */
int
h_document_part(struct req *r)
{
	const char		*tail = strrchr(r->rq->path, '/');
	const struct doc_part	*part = NULL;
	struct doc		 d;
	struct doc_form		 form;
	size_t			 i;
	int			 st;

	for (i = 0; tail != NULL && i < NELEM(parts); i++)
		if (strcmp(tail + 1, parts[i]->tail) == 0)
			part = parts[i];
	if (part == NULL)
		return 404;
	if ((st = doc_open(r, route_param(&r->params, "id"), part->action,
	    part->audit, &d)) != 0)
		return st;
	memset(&form, 0, sizeof(form));
	if ((st = part->post(r, &d, &form)) == DOC_SHOW_AGAIN)
		return document_show(r, &d, &form);
	if (st != 0)
		return st;
	return page_redirect(r, arena_printf(r->a, "/documenten/%s?%s=1#%s",
	    d.public_id, form.redirect != NULL ? form.redirect : part->saved,
	    part->tail));
}
