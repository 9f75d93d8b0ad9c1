/*
 * shared_with.c - what a professional of an organisation a document is
 * shared with needs to place it (issue 15, part 6): who shared it and
 * until when ("Gedeeld door Lotte de Vries (16) tot en met ..."), the
 * full name and birth date of each person it is about, and, on the start
 * page, which documents were shared with the organisation or stopped
 * being shared in the last 30 days.
 *
 * Only for that organisation while the share is valid (lib/policy's
 * org_share_valid, read in SQL on every request): the family agreed to
 * share the document, and a document is only useful to the receiver when
 * it can tell whom it is about. After a share stopped the start page says
 * so without the title: the organisation may no longer see the document.
 */
#include <string.h>
#include <time.h>

#include "dossier/dossier.h"
#include "util.h"

/* The valid share of document $1 with the organisation of professional
 * $2: who asked for it (full name, age today; "" / -1 for a share
 * nobody asked for) and its last day (0: none). */
static const struct stmt_def ST_SHARED_BY[1] = {{ "shared_by",
	"SELECT coalesce(p.given_name || ' ' || p.family_name, ''), "
	"       coalesce(extract(year FROM age(current_date, "
	"         p.birth_date))::int, -1), "
	"       coalesce(" SHARE_LAST_DAY("s.until") ", 0) "
	"  FROM document_share s JOIN professional pr "
	"    ON pr.organisation_id = s.organisation_id AND pr.person_id = $2 "
	"  LEFT JOIN person p ON p.id = s.requested_by "
	" WHERE s.document_id = $1 AND NOT s.pending AND s.revoked_at IS NULL "
	"   AND s.starts_at <= now() AND (s.until IS NULL OR s.until > now()) "
	" ORDER BY s.starts_at DESC LIMIT 1", 2, 3 }};
enum { BY_NAME, BY_AGE, BY_LAST_DAY };

/* Whom document $1 is about: full name, birth date (noon, Unix time). */
static const struct stmt_def ST_SHARED_ABOUT[1] = {{ "shared_about",
	"SELECT p.given_name || ' ' || p.family_name, "
	"       coalesce(extract(epoch FROM (p.birth_date + time '12:00') "
	"         AT TIME ZONE 'Europe/Amsterdam')::bigint, 0) "
	"  FROM document_subject ds JOIN person p ON p.id = ds.person_id "
	" WHERE ds.document_id = $1 ORDER BY p.birth_date", 1, 2 }};
enum { AB_NAME, AB_BORN };

/* Shares with the organisation of professional $1 that started or ended
 * in the last 30 days, newest first: document (public id, title), the
 * family's name, who asked (full name), last day, whether it still runs,
 * when it ended. */
static const struct stmt_def ST_SHARED_NEWS[1] = {{ "shared_news",
	"SELECT d.public_id, d.title, f.name, "
	"       coalesce(p.given_name || ' ' || p.family_name, ''), "
	"       coalesce(" SHARE_LAST_DAY("s.until") ", 0), "
	"       s.revoked_at IS NULL AND (s.until IS NULL OR s.until > now()), "
	"       coalesce(extract(epoch FROM least(s.revoked_at, s.until))"
	"         ::bigint, 0) "
	"  FROM document_share s JOIN professional pr "
	"    ON pr.organisation_id = s.organisation_id AND pr.person_id = $1 "
	"  JOIN document d ON d.id = s.document_id "
	"  JOIN family f ON f.id = d.family_id "
	"  LEFT JOIN person p ON p.id = s.requested_by "
	" WHERE NOT s.pending AND NOT s.court_order AND ("
	"     (s.revoked_at IS NULL AND (s.until IS NULL OR s.until > now()) "
	"      AND s.starts_at > now() - interval '30 days') "
	"  OR s.revoked_at > now() - interval '30 days' "
	"  OR (s.until <= now() AND s.until > now() - interval '30 days')) "
	" ORDER BY greatest(s.starts_at, least(s.revoked_at, s.until)) DESC "
	" LIMIT 20", 1, 7 }};
enum { NEWS_DOC, NEWS_TITLE, NEWS_FAMILY, NEWS_BY, NEWS_LAST_DAY,
    NEWS_RUNS, NEWS_ENDED };

static const struct stmt_def *const stmts[] = {
	ST_SHARED_BY,
	ST_SHARED_ABOUT,
	ST_SHARED_NEWS,
};
const struct stmt_table shared_with_stmts = {
	"dossier/shared_with.c", stmts, NELEM(stmts)
};

/* A date (also before 1970: birth dates) in the page's language. */
static void
put_date(struct tctx *c, const char *key, const char *epoch)
{
	char	 buf[128];
	long	 t;

	if (util_parse_long(epoch, -62135596800L, 253402300799L, &t) == -1)
		t = 0;
	i18n_format_date(buf, sizeof(buf), (time_t)t);
	tctx_str(c, key, buf);
}

int
doc_shared_context(struct req *r, const struct doc *d, struct tctx *c)
{
	const char	*p[2] = { d->id, r->sess.person_id_s };
	struct tctx	*it;
	PGresult	*by, *about;
	enum db_err	 e;
	int		 i;

	tctx_bool(c, "shared_context", 0);
	if (d->f.actor.kind != POL_PROFESSIONAL || d->f.actor.assigned ||
	    !d->f.actor.org_share_valid)
		return 0;
	if ((e = db_exec(r->db, ST_SHARED_BY, p, &by)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARED_ABOUT, p, &about)) != DB_OK)
		return db_status(e);
	if (db_rows(by) != 1)
		return 0;
	tctx_bool(c, "shared_context", 1);
	tctx_nl(c, "shared_by", db_val(by, 0, BY_NAME));
	tctx_bool(c, "has_shared_by", db_val(by, 0, BY_NAME)[0] != '\0');
	tctx_long(c, "shared_age", db_long(by, 0, BY_AGE));
	tctx_bool(c, "has_shared_until", db_long(by, 0, BY_LAST_DAY) != 0);
	tctx_date(c, "shared_until", db_val(by, 0, BY_LAST_DAY));
	tctx_list(c, "about_people");
	for (i = 0; i < db_rows(about); i++) {
		if ((it = tctx_list_add(c, "about_people")) == NULL)
			return 500;
		tctx_nl(it, "name", db_val(about, i, AB_NAME));
		put_date(it, "born", db_val(about, i, AB_BORN));
	}
	return 0;
}

int
doc_shared_news(struct req *r, struct tctx *c)
{
	const char	*p[1] = { r->sess.person_id_s };
	struct tctx	*it;
	PGresult	*res;
	enum db_err	 e;
	int		 i;

	tctx_list(c, "share_news");
	if ((e = db_exec(r->db, ST_SHARED_NEWS, p, &res)) != DB_OK)
		return db_status(e);
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "share_news")) == NULL)
			return 500;
		tctx_bool(it, "runs", db_bool(res, i, NEWS_RUNS));
		tctx_str(it, "doc_id", db_val(res, i, NEWS_DOC));
		tctx_nl(it, "doc_title", db_val(res, i, NEWS_TITLE));
		tctx_nl(it, "family", db_val(res, i, NEWS_FAMILY));
		tctx_nl(it, "by", db_val(res, i, NEWS_BY));
		tctx_bool(it, "has_by", db_val(res, i, NEWS_BY)[0] != '\0');
		tctx_bool(it, "has_until", db_long(res, i, NEWS_LAST_DAY) != 0);
		tctx_date(it, "until", db_val(res, i, NEWS_LAST_DAY));
		tctx_date(it, "since", db_val(res, i, NEWS_ENDED));
	}
	tctx_bool(c, "has_share_news", db_rows(res) > 0);
	if (db_rows(res) > 0 && (e = audit_doc(r, "share.news", NULL, NULL,
	    "allowed")) != DB_OK)
		return db_status(e);
	return 0;
}
