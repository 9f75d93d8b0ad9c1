/*
 * versions.c - earlier versions of a document and what changed (issue
 * 20, part 2): GET /documenten/{id}/versies (every version, newest
 * first), /documenten/{id}/versies/{n} (the text of version n) and
 * /documenten/{id}/versies/{n}/verschil (what changed from version n-1,
 * or ?van=m, to n: a word-level difference made here by lib/wdiff and
 * shown with <ins>/<del> that carry words, not colour alone).
 *
 * Whoever may read the document (lib/policy, POL_READ) may read its
 * earlier versions; anyone else gets 404, as for the document. Only the
 * title and the text have versions: the hidden parts (document_part)
 * stay with the document and are never in a version or a difference,
 * so a part hidden from the reader cannot show here. Each page is a
 * read of the document in the audit log (document.read: on /inzage), but
 * does not clear the "gewijzigd" mark: only reading the new version on
 * the document page does.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"
#include "wdiff.h"

/* Every version of document $1: the earlier ones (document_version) and
 * the current one, newest first. Text is not read here. */
static const struct stmt_def ST_DOC_VERSION_LIST[1] = {{ "doc_version_list",
	"SELECT version, title, extract(epoch FROM written_at)::bigint, "
	"  false FROM document_version WHERE document_id = $1 "
	"UNION ALL SELECT version, title, "
	"  extract(epoch FROM coalesce(updated_at, created_at))::bigint, true "
	"  FROM document WHERE id = $1 "
	"ORDER BY 1 DESC", 1, 4 }};
enum { VL_NUMBER, VL_TITLE, VL_WRITTEN, VL_CURRENT };

/* Versions $2 and $3 of document $1 (either may be the current one),
 * with title and text; the older first. */
static const struct stmt_def ST_DOC_VERSION_TEXT[1] = {{ "doc_version_text",
	"SELECT version, title, body, "
	"  extract(epoch FROM written_at)::bigint, false "
	"  FROM document_version WHERE document_id = $1 "
	"   AND version IN ($2::int, $3::int) "
	"UNION ALL SELECT version, title, body, "
	"  extract(epoch FROM coalesce(updated_at, created_at))::bigint, true "
	"  FROM document WHERE id = $1 AND version IN ($2::int, $3::int) "
	"ORDER BY 1", 3, 5 }};
enum { VT_NUMBER, VT_TITLE, VT_BODY, VT_WRITTEN, VT_CURRENT };

static const struct stmt_def *const stmts[] = {
	ST_DOC_VERSION_LIST,
	ST_DOC_VERSION_TEXT,
};
const struct stmt_table versions_stmts = {
	"dossier/versions.c", stmts, NELEM(stmts)
};

/* Opens the document for reading (404 for anyone lib/policy does not let
 * read it) and logs the read. 0 or an HTTP status. */
static int
versions_open(struct req *r, struct doc *d, long *current)
{
	enum db_err	 e;
	int		 st;

	st = doc_open(r, route_param(&r->params, "id"), POL_READ,
	    "document.read", d);
	if (st != 0)
		return st;
	if (util_parse_long(d->version, 1, 100000000L, current) == -1)
		return 500;
	if ((e = audit_doc(r, "document.read", d->public_id, d->family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	return 0;
}

/* The version number in the path: 1 .. current, else -1 (a 404). */
static long
version_param(struct req *r, const char *name, long current)
{
	const char	*s = route_param(&r->params, name);
	long		 n;

	if (s == NULL || util_parse_long(s, 1, current, &n) == -1)
		return -1;
	return n;
}

static void
fill_head(struct tctx *c, const struct doc *d)
{
	tctx_str(c, "id", d->public_id);
	tctx_str(c, "doc_title", db_val(d->res, d->row, C_TITLE));
	tctx_strf(c, "doc_href", "/documenten/%s", d->public_id);
	tctx_strf(c, "versions_href", "/documenten/%s/versies", d->public_id);
	tctx_str(c, "last", d->version);
}

int
h_versions(struct req *r)
{
	const char	*p[1];
	struct tctx	*c, *it;
	struct doc	 d;
	PGresult	*res;
	enum db_err	 e;
	long		 current;
	int		 i, st;

	if ((st = versions_open(r, &d, &current)) != 0)
		return st;
	p[0] = d.id;
	if ((e = db_exec(r->db, ST_DOC_VERSION_LIST, p, &res)) != DB_OK)
		return db_status(e);
	c = page_ctx(r);
	fill_head(c, &d);
	tctx_list(c, "versions");
	tctx_list(c, "older");		/* to compare with the newest */
	tctx_bool(c, "can_compare", current > 2);
	tctx_strf(c, "compare_href", "/documenten/%s/versies/%ld/verschil",
	    d.public_id, current);
	for (i = 0; i < db_rows(res); i++) {
		if (!db_bool(res, i, VL_CURRENT)) {
			if ((it = tctx_list_add(c, "older")) == NULL)
				return 500;
			tctx_str(it, "number", db_val(res, i, VL_NUMBER));
		}
		if ((it = tctx_list_add(c, "versions")) == NULL)
			return 500;
		tctx_str(it, "number", db_val(res, i, VL_NUMBER));
		tctx_str(it, "version_title", db_val(res, i, VL_TITLE));
		tctx_date(it, "written", db_val(res, i, VL_WRITTEN));
		tctx_bool(it, "current", db_bool(res, i, VL_CURRENT));
		tctx_bool(it, "has_before", strcmp(db_val(res, i, VL_NUMBER),
		    "1") != 0);
		tctx_strf(it, "read_href", "/documenten/%s/versies/%s",
		    d.public_id, db_val(res, i, VL_NUMBER));
		tctx_strf(it, "diff_href", "/documenten/%s/versies/%s/verschil",
		    d.public_id, db_val(res, i, VL_NUMBER));
	}
	return page_render(r, "document-versies", N_("Alle versies van een "
	    "stuk"), c);
}

/* The text in paragraphs (blank lines separate them), into list key. */
static int
paragraphs(struct req *r, struct tctx *c, const char *key, const char *body)
{
	const char	*p = body, *e;
	struct tctx	*it;

	tctx_list(c, key);
	while (*p != '\0') {
		while (*p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if ((e = strstr(p, "\n\n")) == NULL)
			e = p + strlen(p);
		if ((it = tctx_list_add(c, key)) == NULL)
			return -1;
		tctx_str(it, "text", arena_strndup(r->a, p, (size_t)(e - p)));
		p = e;
	}
	return 0;
}

/* Versions a and b (a < b, or a == b) of d. 0 or an HTTP status; *res. */
static int
read_two(struct req *r, const struct doc *d, long a, long b,
    PGresult **res)
{
	const char	*p[3];
	enum db_err	 e;

	p[0] = d->id;
	p[1] = arena_printf(r->a, "%ld", a);
	p[2] = arena_printf(r->a, "%ld", b);
	if (p[1] == NULL || p[2] == NULL)
		return 500;
	if ((e = db_exec(r->db, ST_DOC_VERSION_TEXT, p, res)) != DB_OK)
		return db_status(e);
	/* every version up to the current one is kept (sql/006) */
	if (db_rows(*res) != (a == b ? 1 : 2)) {
		log_error("versions: %s lacks version %ld or %ld",
		    d->public_id, a, b);
		return 404;
	}
	return 0;
}

int
h_version(struct req *r)
{
	struct tctx	*c;
	struct doc	 d;
	PGresult	*res;
	long		 current, n;
	int		 st;

	if ((st = versions_open(r, &d, &current)) != 0)
		return st;
	if ((n = version_param(r, "n", current)) == -1)
		return 404;
	if ((st = read_two(r, &d, n, n, &res)) != 0)
		return st;
	c = page_ctx(r);
	fill_head(c, &d);
	tctx_strf(c, "number", "%ld", n);
	tctx_str(c, "version_title", db_val(res, 0, VT_TITLE));
	tctx_date(c, "written", db_val(res, 0, VT_WRITTEN));
	tctx_bool(c, "current", n == current);
	tctx_bool(c, "has_before", n > 1);
	tctx_strf(c, "diff_href", "/documenten/%s/versies/%ld/verschil",
	    d.public_id, n);
	if (paragraphs(r, c, "paragraphs", db_val(res, 0, VT_BODY)) == -1)
		return 500;
	return page_render(r, "document-versie", N_("Een versie van een stuk"),
	    c);
}

/* The runs of a difference as the list "pieces" (same / del / ins). */
static int
fill_diff(struct tctx *c, const struct wdiff *w)
{
	struct tctx	*it;
	size_t		 i;

	tctx_list(c, "pieces");
	for (i = 0; i < w->nruns; i++) {
		if ((it = tctx_list_add(c, "pieces")) == NULL)
			return -1;
		tctx_bool(it, "same", w->runs[i].op == WDIFF_SAME);
		tctx_bool(it, "del", w->runs[i].op == WDIFF_DEL);
		tctx_bool(it, "ins", w->runs[i].op == WDIFF_INS);
		tctx_str(it, "text", w->runs[i].text);
	}
	tctx_long(c, "n_del", (long)w->ndel);
	tctx_long(c, "n_ins", (long)w->nins);
	tctx_bool(c, "no_change", w->ndel + w->nins == 0);
	tctx_bool(c, "too_big", w->too_big);
	return 0;
}

int
h_version_diff(struct req *r)
{
	const struct http_field	*van;
	struct tctx		*c;
	struct wdiff		 w;
	struct doc		 d;
	PGresult		*res;
	long			 current, n, from;
	int			 st;

	if ((st = versions_open(r, &d, &current)) != 0)
		return st;
	if ((n = version_param(r, "n", current)) == -1 || n == 1)
		return 404;		/* version 1 has nothing before it */
	from = n - 1;
	/* ?van=m: compared with an earlier version m (anything else: the
	 * one before n) */
	van = http_fields_get(&r->rq->query, "van");
	if (van != NULL && util_parse_long(van->value, 1, n - 1, &from) == -1)
		from = n - 1;
	if ((st = read_two(r, &d, from, n, &res)) != 0)
		return st;
	if (wdiff_words(r->a, db_val(res, 0, VT_BODY), db_val(res, 1, VT_BODY),
	    &w) == -1)
		return 500;
	c = page_ctx(r);
	fill_head(c, &d);
	tctx_strf(c, "from", "%ld", from);
	tctx_strf(c, "number", "%ld", n);
	tctx_date(c, "from_written", db_val(res, 0, VT_WRITTEN));
	tctx_date(c, "written", db_val(res, 1, VT_WRITTEN));
	tctx_strf(c, "from_href", "/documenten/%s/versies/%ld", d.public_id,
	    from);
	tctx_strf(c, "read_href", "/documenten/%s/versies/%ld", d.public_id,
	    n);
	tctx_bool(c, "title_changed", strcmp(db_val(res, 0, VT_TITLE),
	    db_val(res, 1, VT_TITLE)) != 0);
	tctx_str(c, "old_title", db_val(res, 0, VT_TITLE));
	tctx_str(c, "new_title", db_val(res, 1, VT_TITLE));
	if (fill_diff(c, &w) == -1)
		return 500;
	return page_render(r, "document-verschil", N_("Wat is er veranderd?"),
	    c);
}
