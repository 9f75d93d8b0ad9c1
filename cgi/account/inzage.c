/*
 * inzage.c - "Wie heeft mijn gegevens bekeken?": who else read the
 * documents about the logged-in person, when, and from which organisation
 * (DESIGN.md s. 6). Looking at this page is itself audited.
 */
#include <string.h>
#include <time.h>

#include "audit.h"
#include "dossier/dossier.h"
#include "core/portal.h"
#include "util.h"

/* Who read or downloaded documents about $1, or (only among the documents
 * $1 may read, $2: lib/policy decided) about a child under 12 of theirs:
 * parents act for such a child (DESIGN.md section 3), who has no account.
 * Not documents hidden from $1; not $1's own reads; not the reads of
 * those lib/policy says $1 may not see ($3: shielded from $1, also when
 * a clerk acted for them). */
static const struct stmt_def ST_INZAGE[1] = {{ "inzage",
	"SELECT extract(epoch FROM a.at)::bigint, "
	"       p.given_name || ' ' || p.family_name, coalesce(o.name, ''), "
	"       d.title, a.action, "
	"       CASE WHEN k.me THEN '' ELSE coalesce(k.children, '') END "
	"  FROM document d "
	"  CROSS JOIN LATERAL (SELECT bool_or(ds.person_id = $1) AS me, "
	"    string_agg(c.given_name, ', ' ORDER BY c.birth_date) FILTER ("
	"      WHERE ds.person_id <> $1 AND pm.person_id IS NOT NULL "
	"        AND c.birth_date > current_date - interval '12 years') "
	"      AS children "
	"    FROM document_subject ds JOIN person c ON c.id = ds.person_id "
	"    LEFT JOIN family_member pm ON pm.family_id = d.family_id "
	"     AND pm.person_id = $1 AND pm.parental_authority "
	"   WHERE ds.document_id = d.id) k "
	"  JOIN audit_log a ON a.object_kind = 'document' "
	"   AND a.object_id = d.public_id "
	"  JOIN person p ON p.id = a.actor_id "
	"  LEFT JOIN professional pr ON pr.person_id = a.actor_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE (d.id IN (SELECT document_id FROM document_subject "
	"     WHERE person_id = $1) OR d.public_id = ANY ($2::text[])) "
	"   AND (k.me OR (k.children IS NOT NULL "
	"     AND d.public_id = ANY ($2::text[]))) "
	"   AND NOT EXISTS (SELECT 1 FROM document_hidden h "
	"     WHERE h.document_id = d.id AND h.person_id = $1) "
	"   AND a.action IN ('document.read', 'document.download') "
	"   AND a.outcome = 'allowed' AND a.actor_id <> $1 "
	"   AND a.actor_id <> ALL ($3::bigint[]) "
	"   AND coalesce(a.on_behalf_of, 0) <> ALL ($3::bigint[]) "
	" ORDER BY a.at DESC LIMIT 200", 3, 6 }};
enum { I_AT, I_NAME, I_ORG, I_TITLE, I_ACTION, I_CHILDREN };

static const struct stmt_def *const stmts[] = {
	ST_INZAGE,
};
const struct stmt_table inzage_stmts = {
	"account/inzage.c", stmts, NELEM(stmts)
};


int
h_inzage(struct req *r)
{
	const char		*params[3] = { r->sess.person_id_s, NULL,
				    NULL };
	struct tctx		*c = page_ctx(r), *it;
	PGresult		*res;
	enum db_err		 e;
	char			 when[128];
	long			 t;
	int			 i, children = 0, st = 0;

	if ((params[1] = doc_readable_ids(r, 0, &st)) == NULL ||
	    (params[2] = req_hidden_actors(r, &st)) == NULL)
		return st != 0 ? st : 500;
	if ((e = db_exec(r->db, ST_INZAGE, params, &res)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	if ((e = req_audit(r, "audit.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;

	tctx_list(c, "views");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "views")) == NULL)
			return 500;
		if (util_parse_long(db_val(res, i, I_AT), 0, 253402300799L,
		    &t) == -1)
			t = 0;
		i18n_format_datetime(when, sizeof(when), (time_t)t);
		tctx_str(it, "when", when);
		if (*db_val(res, i, I_ORG) != '\0')
			tctx_strf(it, "who", "%s (%s)", db_val(res, i, I_NAME),
			    db_val(res, i, I_ORG));
		else
			tctx_str(it, "who", db_val(res, i, I_NAME));
		tctx_str(it, "document", db_val(res, i, I_TITLE));
		tctx_str(it, "children", db_val(res, i, I_CHILDREN));
		children |= *db_val(res, i, I_CHILDREN) != '\0';
		tctx_bool(it, "downloaded",
		    strcmp(db_val(res, i, I_ACTION), "document.download") == 0);
	}
	tctx_bool(c, "has_children", children);
	return page_render(r, "inzage", N_("Wie heeft uw stukken gelezen?"), c);
}
