/*
 * versions.c - earlier versions of a document and what changed (issue
 * 20, part 2): GET /documenten/{id}/versies (every version, newest
 * first), /documenten/{id}/versies/{n} (the text of version n) and
 * /documenten/{id}/versies/{n}/verschil (what changed from version n-1,
 * or ?van=m, to n: a word-level difference made here by lib/wdiff and
 * shown with <ins>/<del> that carry words, not colour alone).
 *
 * Whoever may read the document (lib/policy, POL_READ) opens these
 * pages; anyone else gets 404, as for the document. Which earlier
 * versions they read is lib/policy's too (policy_versions_all): the
 * assigned professionals and an own document's author every version,
 * anyone else the versions they opened while current (sql/046), so a
 * corrected text never reaches a reader who did not read it then;
 * another version is 404. Only the
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

/* The versions of document $1 that person $2 opened while current
 * (sql/046), as "1,3". */
static const struct stmt_def ST_DOC_VERSION_SEEN[1] = {{ "doc_version_seen",
	"SELECT coalesce((SELECT array_to_string(seen_versions, ',') "
	"  FROM document_read WHERE document_id = $1 AND person_id = $2), '')",
	2, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_DOC_VERSION_LIST,
	ST_DOC_VERSION_TEXT,
	ST_DOC_VERSION_SEEN,
};

/* What the reader may read of a document's versions. */
struct vset {
	long		 current;
	int		 all;		/* every version */
	const char	*seen;		/* else: these ("1,3") and current */
};

static int
may_read_version(const struct vset *v, long n)
{
	return n >= 1 && n <= v->current &&
	    (v->all || n == v->current || doc_ids_has(v->seen, n));
}

/* The newest version before n the reader may read; 0: none. */
static long
version_before(const struct vset *v, long n)
{
	long	 k;

	for (k = n - 1; k >= 1; k--)
		if (may_read_version(v, k))
			return k;
	return 0;
}
const struct stmt_table versions_stmts = {
	"dossier/versions.c", stmts, NELEM(stmts)
};

/* Opens the document for reading (404 for anyone lib/policy does not let
 * read it) and logs the read. 0 or an HTTP status. */
static int
versions_open(struct req *r, struct doc *d, struct vset *v)
{
	const char	*p[2];
	PGresult	*res;
	enum db_err	 e;
	int		 st;

	st = doc_open(r, route_param(&r->params, "id"), POL_READ,
	    "document.read", d);
	if (st != 0)
		return st;
	if (util_parse_long(d->version, 1, 100000000L, &v->current) == -1)
		return 500;
	v->all = policy_versions_all(&d->f.actor, &d->f.doc);
	v->seen = "";
	if (!v->all) {
		/* at the counter the session's citizen (as the read marker) */
		p[0] = d->id;
		p[1] = r->sess.person_id_s;
		if ((e = db_exec(r->db, ST_DOC_VERSION_SEEN, p, &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1)
			return 500;
		v->seen = db_val(res, 0, 0);
	}
	if ((e = audit_doc(r, "document.read", d->public_id, d->family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	return 0;
}

/* The version number in the path, one the reader may read; else -1 (a
 * 404, as for a version that does not exist). */
static long
version_param(struct req *r, const char *name, const struct vset *v)
{
	const char	*s = route_param(&r->params, name);
	long		 n;

	if (s == NULL || util_parse_long(s, 1, v->current, &n) == -1 ||
	    !may_read_version(v, n))
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
	struct vset	 v;
	PGresult	*res;
	enum db_err	 e;
	long		 n;
	int		 i, st, older = 0;

	if ((st = versions_open(r, &d, &v)) != 0)
		return st;
	p[0] = d.id;
	if ((e = db_exec(r->db, ST_DOC_VERSION_LIST, p, &res)) != DB_OK)
		return db_status(e);
	c = page_ctx(r);
	fill_head(c, &d);
	tctx_list(c, "versions");
	tctx_list(c, "older");		/* to compare with the newest */
	tctx_bool(c, "all_versions", v.all);
	tctx_strf(c, "compare_href", "/documenten/%s/versies/%ld/verschil",
	    d.public_id, v.current);
	for (i = 0; i < db_rows(res); i++) {
		if (util_parse_long(db_val(res, i, VL_NUMBER), 1, v.current,
		    &n) == -1)
			return 500;
		if (!may_read_version(&v, n))
			continue;
		if (!db_bool(res, i, VL_CURRENT)) {
			older++;
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
		tctx_bool(it, "has_before", version_before(&v, n) > 0);
		tctx_strf(it, "read_href", "/documenten/%s/versies/%s",
		    d.public_id, db_val(res, i, VL_NUMBER));
		tctx_strf(it, "diff_href", "/documenten/%s/versies/%s/verschil",
		    d.public_id, db_val(res, i, VL_NUMBER));
	}
	tctx_bool(c, "can_compare", older > 1);
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
	struct vset	 v;
	PGresult	*res;
	long		 n;
	int		 st;

	if ((st = versions_open(r, &d, &v)) != 0)
		return st;
	if ((n = version_param(r, "n", &v)) == -1)
		return 404;
	if ((st = read_two(r, &d, n, n, &res)) != 0)
		return st;
	c = page_ctx(r);
	fill_head(c, &d);
	tctx_strf(c, "number", "%ld", n);
	tctx_str(c, "version_title", db_val(res, 0, VT_TITLE));
	tctx_date(c, "written", db_val(res, 0, VT_WRITTEN));
	tctx_bool(c, "current", n == v.current);
	tctx_bool(c, "has_before", version_before(&v, n) > 0);
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
	struct vset		 v;
	PGresult		*res;
	long			 n, from, m;
	int			 st;

	if ((st = versions_open(r, &d, &v)) != 0)
		return st;
	/* 404 too when nothing the reader may read comes before n */
	if ((n = version_param(r, "n", &v)) == -1 ||
	    (from = version_before(&v, n)) == 0)
		return 404;
	/* ?van=m: compared with an earlier version m the reader may read
	 * (anything else: the one before n they may read) */
	van = http_fields_get(&r->rq->query, "van");
	if (van != NULL && util_parse_long(van->value, 1, n - 1, &m) == 0 &&
	    may_read_version(&v, m))
		from = m;
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
