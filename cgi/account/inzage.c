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
	"       CASE WHEN k.me THEN '' ELSE coalesce(k.children, '') END, "
	/* at the counter: on behalf of $1 ('u'), of someone else (name) */
	"       CASE WHEN a.on_behalf_of = $1 THEN 'u' "
	"         ELSE coalesce((SELECT b.given_name || ' ' || b.family_name "
	"           FROM person b WHERE b.id = a.on_behalf_of), '') END "
	"  FROM document d "
	"  CROSS JOIN LATERAL (SELECT bool_or(ds.person_id = $1) AS me, "
	"    string_agg(c.given_name, ', ' ORDER BY c.birth_date) FILTER ("
	"      WHERE ds.person_id <> $1 AND pm.adult_person IS NOT NULL "
	"        AND c.birth_date > current_date - interval '12 years') "
	"      AS children "
	"    FROM document_subject ds JOIN person c ON c.id = ds.person_id "
	"    LEFT JOIN authority pm ON pm.child_person = ds.person_id "
	"     AND pm.adult_person = $1 "
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
	" ORDER BY a.at DESC LIMIT 200", 3, 7 }};
enum { I_AT, I_NAME, I_ORG, I_TITLE, I_ACTION, I_CHILDREN, I_BEHALF };

/* What a clerk did on behalf of $1 at the counter (every audit row of
 * their assisted sessions), newest first. */
static const struct stmt_def ST_INZAGE_COUNTER[1] = {{ "inzage_counter",
	"SELECT extract(epoch FROM l.at)::bigint, "
	"       k.given_name || ' ' || k.family_name, l.action, "
	/* a title only where the read was allowed: not of a document
	 * hidden from them that the clerk tried to open */
	"       CASE WHEN l.outcome = 'allowed' THEN coalesce(d.title, '') "
	"         ELSE '' END "
	"  FROM audit_log l JOIN person k ON k.id = l.actor_id "
	"  LEFT JOIN document d ON l.object_kind = 'document' "
	"   AND d.public_id = l.object_id "
	" WHERE l.on_behalf_of = $1 ORDER BY l.id DESC LIMIT 200", 1, 4 }};
enum { IC_AT, IC_CLERK, IC_ACTION, IC_TITLE };

/* $1's assisted sessions at the counter: the receipts. */
static const struct stmt_def ST_INZAGE_RECEIPTS[1] = {{ "inzage_receipts",
	"SELECT public_id, extract(epoch FROM started_at)::bigint "
	"  FROM assist_session WHERE citizen_id = $1 "
	" ORDER BY started_at DESC LIMIT 50", 1, 2 }};
enum { IR_ID, IR_AT };

static const struct stmt_def *const stmts[] = {
	ST_INZAGE,
	ST_INZAGE_COUNTER,
	ST_INZAGE_RECEIPTS,
};
const struct stmt_table inzage_stmts = {
	"account/inzage.c", stmts, NELEM(stmts)
};


/* s with its first `key` ("{name}") replaced by val: a translated text
 * whose placeholder is a name from the database. */
static const char *
fill(struct req *r, const char *s, const char *key, const char *val)
{
	const char	*at;

	if (s == NULL || (at = strstr(s, key)) == NULL)
		return s;
	return arena_printf(r->a, "%.*s%s%s", (int)(at - s), s, val,
	    at + strlen(key));
}

/* What the counter did on the person's behalf, and the receipts. */
static int
counter_rows(struct req *r, struct tctx *c)
{
	const char	*params[1] = { r->sess.person_id_s };
	PGresult	*res, *bons;
	struct tctx	*it;
	enum db_err	 e;
	int		 i;

	if ((e = db_exec(r->db, ST_INZAGE_COUNTER, params, &res)) != DB_OK ||
	    (e = db_exec(r->db, ST_INZAGE_RECEIPTS, params, &bons)) != DB_OK)
		return db_status(e);
	tctx_list(c, "counter");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "counter")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(res, i, IC_AT));
		tctx_str(it, "name", db_val(res, i, IC_CLERK));
		tctx_str(it, "what", audit_action_words(db_val(res, i,
		    IC_ACTION)));
		tctx_str(it, "document", db_val(res, i, IC_TITLE));
	}
	tctx_list(c, "receipts");
	for (i = 0; i < db_rows(bons); i++) {
		if ((it = tctx_list_add(c, "receipts")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(bons, i, IR_AT));
		tctx_strf(it, "href", "/balie/bon/%s", db_val(bons, i, IR_ID));
	}
	tctx_bool(c, "at_counter", db_rows(res) > 0 || db_rows(bons) > 0);
	return 0;
}

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
		if (strcmp(db_val(res, i, I_BEHALF), "u") == 0)
			tctx_str(it, "who", fill(r, fill(r, i18n_gettext(
			    N_("{name} (balie) namens u")), "{name}",
			    db_val(res, i, I_NAME)), "{other}", ""));
		else if (*db_val(res, i, I_BEHALF) != '\0')
			tctx_str(it, "who", fill(r, fill(r, i18n_gettext(
			    N_("{name} (balie) namens {other}")), "{name}",
			    db_val(res, i, I_NAME)), "{other}",
			    db_val(res, i, I_BEHALF)));
		else if (*db_val(res, i, I_ORG) != '\0')
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
	if ((st = counter_rows(r, c)) != 0)
		return st;
	return page_render(r, "inzage", N_("Wie heeft uw stukken gelezen?"), c);
}
