/*
 * inzage.c - "Wie heeft mijn gegevens bekeken?": who else read the
 * documents about the logged-in person, when, and from which organisation
 * (DESIGN.md s. 6). Looking at this page is itself audited.
 */
#include <string.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "form.h"
#include "pgarray.h"
#include "policy.h"
#include "dossier/dossier.h"
#include "core/portal.h"
#include "util.h"

/* Who read or downloaded documents about $1, or (only among the documents
 * $1 may read, $2: lib/policy decided, on the candidates of the same days:
 * ST_INZAGE_CHILD_DOCS) about a child under 12 of theirs: parents act
 * for such a child (DESIGN.md section 3), who has no account.
 * Not documents hidden from $1; not $1's own reads; not the reads of
 * those lib/policy says $1 may not see ($3: shielded from $1, also when
 * a clerk acted for them). Within the days $4 to $5 (Dutch time, both
 * included); one line per person, day, action, helper (the counter)
 * and child the documents are about (so each line says whom), newest
 * first, PER_PAGE from $6, with the number of lines in all; per line
 * the titles, each with how many times (issue 20: grouped per person,
 * document and day, not one line per read).
 *
 * Names of staff (CJEU C-579/21: the data subject has a right to the
 * identity of the employees who consulted their data only where that is
 * needed to exercise their rights): `named` is true for a family member,
 * a clerk who helped at the counter (DESIGN.md section 9: "Kees Visser
 * (balie) namens u") and a professional assigned to the family on that
 * day (the family works with them by name and asks them); anyone else
 * (an organisation the document was shared with) is shown by
 * organisation and job title only: the organisation answers for its
 * employees, and the person can ask it (README: Audit log). */
static const struct stmt_def ST_INZAGE[1] = {{ "inzage",
	/* the reads of the days first, gathered per document; then each
	 * document read once (its subjects, $2, hidden), its reads unnested
	 * from its own row: per document, not per read (issue 21: a child's
	 * documents read 9 000 times in a period cost the lateral subquery
	 * 9 000 times, most of the statement). No join of two CTEs: with
	 * the generic plan's estimates it was a nested loop (7 million
	 * comparisons, 2 s). */
	"WITH o AS (SELECT a.object_id, a.family_id, array_agg(a.at) AS ats, "
	"    array_agg(a.actor_id) AS actors, "
	"    array_agg(a.on_behalf_of) AS behalfs, "
	"    array_agg(a.action) AS actions, array_agg(a.rule) AS rules "
	/* sql/050: the family's reads, per day (every read row has the
	 * family of its document) */
	"  FROM audit_log a "
	" WHERE a.object_kind = 'document' "
	"   AND a.action IN ('document.read', 'document.download') "
	/* the index of sql/050 by family: only $1's families (their
	 * reads, not the whole portal's; issue 21: not found through the
	 * documents about $1, which are the dossier). Every document about
	 * $1 is of a family of theirs (upload.c and owndoc.c store only
	 * members as whom it is about, and no membership ends), and lib/
	 * policy lets a citizen read no document of another family. */
	"   AND a.family_id = ANY (ARRAY(SELECT family_id FROM family_member "
	"     WHERE person_id = $1)) "
	"   AND a.outcome = 'allowed' AND a.actor_id <> $1 "
	"   AND a.actor_id <> ALL ($3::bigint[]) "
	"   AND coalesce(a.on_behalf_of, 0) <> ALL ($3::bigint[]) "
	"   AND a.at >= $4::date::timestamp AT TIME ZONE 'Europe/Amsterdam' "
	"   AND a.at < ($5::date + 1)::timestamp AT TIME ZONE "
	"     'Europe/Amsterdam' "
	" GROUP BY a.object_id, a.family_id), "
	"dk AS MATERIALIZED (SELECT o.*, d.id AS doc, d.title, "
	"    CASE WHEN k.me THEN NULL ELSE k.children END AS children "
	"  FROM o JOIN document d ON d.public_id = o.object_id "
	"   AND d.family_id = o.family_id "
	"  CROSS JOIN LATERAL (SELECT bool_or(ds.person_id = $1) AS me, "
	"    string_agg(c.given_name, ', ' ORDER BY c.birth_date) FILTER ("
	"      WHERE ds.person_id <> $1 AND pm.adult_person IS NOT NULL "
	"        AND c.birth_date > current_date - interval '12 years') "
	"      AS children "
	"    FROM document_subject ds JOIN person c ON c.id = ds.person_id "
	"    LEFT JOIN authority pm ON pm.child_person = ds.person_id "
	"     AND pm.adult_person = $1 "
	"   WHERE ds.document_id = d.id) k "
	/* $2 as a hashed set (a subquery under OR: one hash probe a
	 * document; = ANY compared each with every id of the list) */
	" WHERE (k.me OR (k.children IS NOT NULL "
	"     AND d.public_id IN (SELECT unnest($2::text[])))) "
	"   AND NOT EXISTS (SELECT 1 FROM document_hidden h "
	"     WHERE h.document_id = d.id AND h.person_id = $1)), "
	"r AS (SELECT u.at, u.actor_id, u.on_behalf_of, u.action, u.rule, "
	"    dk.doc, dk.title, dk.children, "
	"    (p.kind <> 'professional' OR u.on_behalf_of IS NOT NULL OR "
	"     EXISTS (SELECT 1 FROM assignment s WHERE s.family_id = "
	"       dk.family_id AND s.professional_id = u.actor_id "
	"       AND s.starts_on <= u.at::date "
	"       AND (s.ends_on IS NULL OR s.ends_on >= u.at::date))) AS named "
	"  FROM dk CROSS JOIN LATERAL unnest(dk.ats, dk.actors, dk.behalfs, "
	"    dk.actions, dk.rules) u (at, actor_id, on_behalf_of, action, rule) "
	"  JOIN person p ON p.id = u.actor_id), "
	/* per person, day, action and document: how many times (issue 20) */
	"rd AS (SELECT (r.at AT TIME ZONE 'Europe/Amsterdam')::date AS day, "
	"    r.actor_id, r.on_behalf_of, r.action, r.children, r.doc, "
	"    min(r.title) AS title, count(*) AS times, max(r.at) AS last, "
	"    string_agg(DISTINCT r.rule, ',') AS rules, "
	"    bool_and(r.named) AS named "
	"  FROM r GROUP BY 1, 2, 3, 4, 5, 6), "
	"g AS (SELECT rd.day, rd.actor_id, rd.on_behalf_of, rd.action, "
	"    max(rd.last) AS last, count(*) AS n, min(rd.title) AS title, "
	"    string_agg(rd.title || chr(30) || rd.times, chr(31) "
	"      ORDER BY rd.title) AS titles, "
	"    rd.children, string_agg(rd.rules, ',') AS rules, "
	"    bool_and(rd.named) AS named, sum(rd.times)::bigint AS times "
	"  FROM rd GROUP BY 1, 2, 3, 4, rd.children) "
	/* keyset (issue 21): the lines older than $6 (microseconds since the
	 * epoch of a line's last read), or newer when $7; PER_PAGE of them,
	 * and every line as old as the last one (WITH TIES: a page never
	 * splits lines of the same moment, so the next one loses none);
	 * shown newest first. total: the lines on this side of $6 within
	 * the days $4 to $5. */
	"SELECT x.at, x.name, x.org, x.job, x.action, x.n, x.title, "
	"       x.titles, x.children, x.behalf, x.rules, x.named, x.times, "
	"       x.total, x.day || '_' || x.last_us "
	"  FROM (SELECT extract(epoch FROM g.last)::bigint AS at, "
	"       p.given_name || ' ' || p.family_name AS name, "
	"       coalesce(o.name, '') AS org, "
	"       coalesce(pr.job_title, '') AS job, g.action, g.n, g.title, "
	"       g.titles, coalesce(g.children, '') AS children, "
	/* at the counter: on behalf of $1 ('u'), of someone else (name) */
	"       CASE WHEN g.on_behalf_of = $1 THEN 'u' "
	"         ELSE coalesce((SELECT b.given_name || ' ' || b.family_name "
	"           FROM person b WHERE b.id = g.on_behalf_of), '') END "
	"         AS behalf, "
	"       coalesce(g.rules, '') AS rules, g.named, g.times, "
	"       count(*) OVER () AS total, g.day::text AS day, "
	"       (extract(epoch FROM g.last) * 1000000)::bigint AS last_us, "
	"       g.last, g.actor_id "
	"  FROM g JOIN person p ON p.id = g.actor_id "
	"  LEFT JOIN professional pr ON pr.person_id = g.actor_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE $6::bigint IS NULL OR CASE WHEN $7::bool "
	"   THEN g.last > timestamptz 'epoch' + $6::bigint * "
	"     interval '1 microsecond' "
	"   ELSE g.last < timestamptz 'epoch' + $6::bigint * "
	"     interval '1 microsecond' END "
	" ORDER BY CASE WHEN $7::bool THEN g.last END, g.last DESC "
	" FETCH FIRST 25 ROWS WITH TIES) x "
	" ORDER BY x.last DESC, x.actor_id, x.action", 7, 15 }};
enum { I_AT, I_NAME, I_ORG, I_JOB, I_ACTION, I_N, I_TITLE, I_TITLES,
    I_CHILDREN, I_BEHALF, I_RULES, I_NAMED, I_TIMES, I_TOTAL, I_CURSOR };
#define PER_PAGE	25	/* the FETCH FIRST above */

/* The period of the page: from $1 and until $2 (NULL: the last three
 * months, until today, Dutch time). */
static const struct stmt_def ST_INZAGE_PERIOD[1] = {{ "inzage_period",
	"WITH t AS (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS d) "
	"SELECT coalesce($1::date, (t.d - interval '3 months')::date)::text, "
	"       coalesce($2::date, t.d)::text FROM t", 2, 2 }};
enum { P_FROM, P_UNTIL };

/* What a clerk did on behalf of $1 at the counter (every audit row of
 * their assisted sessions) within the days $2 to $3, newest first:
 * keyset paged (issue 21: no silent cap), 200 rows a page and every row
 * of the same moment as the 200th (WITH TIES: one transaction's rows
 * stay on one page), older than $4 (microseconds since the epoch; NULL:
 * the newest). cur: the page's last moment (the next page's $4); more:
 * a row of the period older than the page. Through audit_log_on_behalf
 * (on_behalf_of, at). */
static const struct stmt_def ST_INZAGE_COUNTER[1] = {{ "inzage_counter",
	"WITH p AS (SELECT l.id, l.at, l.action, l.outcome, l.object_kind, "
	"    l.object_id, l.actor_id FROM audit_log l "
	"  WHERE l.on_behalf_of = $1 "
	"    AND l.at >= $2::date::timestamp AT TIME ZONE 'Europe/Amsterdam' "
	"    AND l.at < ($3::date + 1)::timestamp AT TIME ZONE "
	"      'Europe/Amsterdam' "
	"    AND ($4::bigint IS NULL OR l.at < timestamptz 'epoch' + "
	"      $4::bigint * interval '1 microsecond') "
	"  ORDER BY l.at DESC FETCH FIRST 200 ROWS WITH TIES) "
	"SELECT extract(epoch FROM p.at)::bigint, "
	"       k.given_name || ' ' || k.family_name, p.action, "
	/* a title only where the read was allowed: not of a document
	 * hidden from them that the clerk tried to open */
	"       CASE WHEN p.outcome = 'allowed' THEN coalesce(d.title, '') "
	"         ELSE '' END, "
	"       (SELECT (extract(epoch FROM min(at)) * 1000000)::bigint "
	"          FROM p), "
	"       EXISTS (SELECT 1 FROM audit_log o WHERE o.on_behalf_of = $1 "
	"         AND o.at >= $2::date::timestamp AT TIME ZONE "
	"           'Europe/Amsterdam' "
	"         AND o.at < (SELECT min(at) FROM p)) "
	"  FROM p JOIN person k ON k.id = p.actor_id "
	"  LEFT JOIN document d ON p.object_kind = 'document' "
	"   AND d.public_id = p.object_id "
	" ORDER BY p.at DESC, p.id DESC", 4, 6 }};
enum { IC_AT, IC_CLERK, IC_ACTION, IC_TITLE, IC_CURSOR, IC_MORE };

/* $1's assisted sessions at the counter that began in the days $2 to $3:
 * the receipts (the period bounds them). */
static const struct stmt_def ST_INZAGE_RECEIPTS[1] = {{ "inzage_receipts",
	"SELECT public_id, extract(epoch FROM started_at)::bigint "
	"  FROM assist_session WHERE citizen_id = $1 "
	"   AND started_at >= $2::date::timestamp AT TIME ZONE "
	"     'Europe/Amsterdam' "
	"   AND started_at < ($3::date + 1)::timestamp AT TIME ZONE "
	"     'Europe/Amsterdam' "
	" ORDER BY started_at DESC, id DESC", 3, 2 }};
enum { IR_ID, IR_AT };

/* The candidates for ST_INZAGE's $2 (issue 21: found in the reads of
 * the days the page reads, not among every document of the dossier): the
 * documents about a child under 12 that $1 has authority over, not about
 * $1 and not hidden from $1, read or downloaded in the days $3 to $4
 * (Dutch time, both included) by someone other than $1 whom $1 may see
 * ($2: not those shielded from $1, also when a clerk acted for them).
 * The same conditions as ST_INZAGE's lines about a child, so no line can
 * lose a document (a superset: the cursor is left out). Only $1's
 * families: lib/policy lets a citizen read no document of another
 * family. No row, and no read of the log, when $1 has authority over no
 * child under 12 (a one-time test). Not the documents $5 (decided already
 * for this page, in the days next to these). lib/policy decides on each
 * (decide_days). */
static const struct stmt_def ST_INZAGE_CHILD_DOCS[1] = {{ "inzage_child_docs",
	/* the reads first (MATERIALIZED: else the planner walks every
	 * document about the child, the dossier, to look up its reads) */
	"WITH r AS MATERIALIZED (SELECT DISTINCT a.object_id "
	"    FROM audit_log a "
	"   WHERE EXISTS (SELECT 1 FROM authority au "
	"       JOIN person c ON c.id = au.child_person "
	"      WHERE au.adult_person = $1 "
	"        AND c.birth_date > current_date - interval '12 years') "
	"     AND a.object_kind = 'document' "
	"     AND a.family_id = ANY (ARRAY(SELECT family_id "
	"       FROM family_member WHERE person_id = $1)) "
	"     AND a.action IN ('document.read', 'document.download') "
	"     AND a.outcome = 'allowed' AND a.actor_id <> $1 "
	"     AND a.actor_id <> ALL ($2::bigint[]) "
	"     AND coalesce(a.on_behalf_of, 0) <> ALL ($2::bigint[]) "
	"     AND a.at >= $3::date::timestamp AT TIME ZONE "
	"       'Europe/Amsterdam' "
	"     AND a.at < ($4::date + 1)::timestamp AT TIME ZONE "
	"       'Europe/Amsterdam') "
	/* per document read (an aggregate: not turned into a join over
	 * every document about the child) */
	"SELECT d.public_id FROM r JOIN document d ON d.public_id = r.object_id "
	"  CROSS JOIN LATERAL (SELECT bool_or(ds.person_id = $1) AS me, "
	"    bool_or(ds.person_id <> $1 AND pm.adult_person IS NOT NULL "
	"      AND c.birth_date > current_date - interval '12 years') "
	"      AS child "
	"    FROM document_subject ds JOIN person c ON c.id = ds.person_id "
	"    LEFT JOIN authority pm ON pm.child_person = ds.person_id "
	"     AND pm.adult_person = $1 "
	"   WHERE ds.document_id = d.id) k "
	" WHERE k.child AND NOT k.me "
	"   AND NOT EXISTS (SELECT 1 FROM document_hidden h "
	"     WHERE h.document_id = d.id AND h.person_id = $1)"
	/* not those decided for a window before (a hashed set) */
	"   AND r.object_id NOT IN (SELECT unnest($5::text[]))", 5, 1 }};
enum { CD_PUBLIC_ID };

static const struct stmt_def *const stmts[] = {
	ST_INZAGE,
	ST_INZAGE_CHILD_DOCS,
	ST_INZAGE_PERIOD,
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

/* What the counter did on the person's behalf in the period, a page of
 * it from cursor (balie-na: microseconds; NULL, or one that shows
 * nothing: the newest page), and the receipts of the period. */
static int
counter_rows(struct req *r, struct tctx *c, const char *from,
    const char *until, const char *cursor)
{
	const char	*params[4] = { r->sess.person_id_s, from, until, NULL };
	PGresult	*res, *bons;
	struct tctx	*it;
	enum db_err	 e;
	int		 i, n;

	/* at most 18 digits: a bigint, never an error page (issue 21) */
	if (cursor != NULL && *cursor != '\0' && strlen(cursor) <= 18 &&
	    strspn(cursor, "0123456789") == strlen(cursor))
		params[3] = cursor;
	if ((e = db_exec(r->db, ST_INZAGE_COUNTER, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 0 && params[3] != NULL) {
		params[3] = NULL;
		if ((e = db_exec(r->db, ST_INZAGE_COUNTER, params, &res)) !=
		    DB_OK)
			return db_status(e);
	}
	if ((e = db_exec(r->db, ST_INZAGE_RECEIPTS, params, &bons)) != DB_OK)
		return db_status(e);
	tctx_list(c, "counter");
	n = db_rows(res);
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "counter")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(res, i, IC_AT));
		tctx_nl(it, "name", db_val(res, i, IC_CLERK));
		tctx_str(it, "what", audit_action_words(db_val(res, i,
		    IC_ACTION)));
		tctx_nl(it, "document", db_val(res, i, IC_TITLE));
	}
	tctx_bool(c, "counter_more", n > 0 && db_bool(res, 0, IC_MORE));
	tctx_bool(c, "counter_later", params[3] != NULL);
	tctx_strf(c, "counter_next_href", "/inzage?van=%s&tot=%s&balie-na=%s",
	    from, until, n > 0 ? db_val(res, 0, IC_CURSOR) : "");
	tctx_strf(c, "counter_first_href", "/inzage?van=%s&tot=%s", from,
	    until);
	tctx_list(c, "receipts");
	for (i = 0; i < db_rows(bons); i++) {
		if ((it = tctx_list_add(c, "receipts")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(bons, i, IR_AT));
		tctx_strf(it, "href", "/balie/bon/%s", db_val(bons, i, IR_ID));
	}
	tctx_bool(c, "at_counter", n > 0 || db_rows(bons) > 0);
	return 0;
}

/* The basis of a line (its rules, sql/036: the first one known) in B1
 * words; "" for a row written before rules were kept. */
static const char *
basis(const char *rules)
{
	static const struct {
		const char	*rule, *msgid;
	} words[] = {
		{ POL_RULE_PRO_ASSIGNED, N_("werkt met uw gezin") },
		{ POL_RULE_PRO_ORG_SHARE, N_("uw gezin deelde het stuk met "
		    "hen") },
		{ POL_RULE_MEMBER_SELF, N_("het stuk gaat ook over deze "
		    "persoon") },
		{ POL_RULE_MEMBER_PARENT, N_("ouder met gezag over het kind") },
		{ POL_RULE_MEMBER_YOUTH, N_("het kind van 16 of 17 vond het "
		    "goed") },
	};
	size_t	 i, n;

	for (; rules != NULL && *rules != '\0';
	    rules += n + (rules[n] == ',')) {
		n = strcspn(rules, ",");
		for (i = 0; i < NELEM(words); i++)
			if (strlen(words[i].rule) == n &&
			    strncmp(rules, words[i].rule, n) == 0)
				return i18n_gettext(words[i].msgid);
	}
	return "";
}

/* Who did it, as /inzage may say it (ST_INZAGE: names of staff only
 * where `named`). */
static const char *
who(struct req *r, const PGresult *res, int i)
{
	const char	*behalf = db_val(res, i, I_BEHALF);
	const char	*org = db_val(res, i, I_ORG), *job = db_val(res, i, I_JOB);

	if (strcmp(behalf, "u") == 0)
		return fill(r, i18n_gettext(N_("{name} (balie) namens u")),
		    "{name}", db_val(res, i, I_NAME));
	if (*behalf != '\0')
		return fill(r, fill(r, i18n_gettext(
		    N_("{name} (balie) namens {other}")), "{name}",
		    db_val(res, i, I_NAME)), "{other}", behalf);
	if (*org == '\0')		/* a family member */
		return db_val(res, i, I_NAME);
	if (db_bool(res, i, I_NAMED))
		return arena_printf(r->a, "%s (%s, %s)", db_val(res, i, I_NAME),
		    job, org);
	return fill(r, fill(r, i18n_gettext(N_("Iemand van {org} ({job})")),
	    "{org}", org), "{job}", job);
}

/* The titles of a line as "“A” (3 keer), “B”" (ST_INZAGE: title, 0x1e,
 * times; separated by 0x1f). */
static const char *
titles(struct req *r, const char *s)
{
	struct buf	 b;
	const char	*times;
	size_t		 n, t;

	buf_init(&b, r->a, 0);
	for (;;) {
		n = strcspn(s, "\x1f");
		t = strcspn(s, "\x1e");
		if (t > n)
			t = n;
		buf_printf(&b, "\xe2\x80\x9c%.*s\xe2\x80\x9d", (int)t, s);
		times = arena_strndup(r->a, s + t + (t < n), n - t - (t < n));
		if (times != NULL && strcmp(times, "1") != 0 && *times != '\0')
			buf_puts(&b, fill(r, i18n_gettext(N_(" ({n} keer)")),
			    "{n}", times));
		if (s[n] == '\0')
			break;
		buf_puts(&b, ", ");
		s += n + 1;
	}
	return b.failed ? "" : buf_cstr(&b);
}

enum { Q_FROM, Q_UNTIL, Q_OLDER, Q_NEWER, Q_COUNTER, Q__MAX };

static const struct form_spec period_form[Q__MAX] = {
	[Q_FROM] = { .name = "van", .kind = FORM_DATE, .max_chars = 10,
	    .msg_too_long = N_("Dit is geen dag. Kijk naar het voorbeeld."),
	    .msg_invalid = N_("Dit is geen dag. Kijk naar het voorbeeld.") },
	[Q_UNTIL] = { .name = "tot", .kind = FORM_DATE, .max_chars = 10,
	    .msg_too_long = N_("Dit is geen dag. Kijk naar het voorbeeld."),
	    .msg_invalid = N_("Dit is geen dag. Kijk naar het voorbeeld.") },
	/* a line's place (ST_INZAGE: I_CURSOR, "YYYY-MM-DD_microseconds"):
	 * the lines older than it (na) or newer (voor) */
	[Q_OLDER] = { .name = "na", .kind = FORM_LINE, .max_chars = 40 },
	[Q_NEWER] = { .name = "voor", .kind = FORM_LINE, .max_chars = 40 },
	/* the counter's page: rows older than this moment (microseconds) */
	[Q_COUNTER] = { .name = "balie-na", .kind = FORM_LINE,
	    .max_chars = 40 },
};

/* The day "YYYY-MM-DD" as year, month and day; -1 when it is not one. */
static int
parse_day(const char *v, long *y, long *m, long *d)
{
	char	 part[5];

	if (strlen(v) < 10 || v[4] != '-' || v[7] != '-')
		return -1;
	memcpy(part, v, 4);
	part[4] = '\0';
	if (util_parse_long(part, 2000, 9999, y) == -1)
		return -1;
	memcpy(part, v + 5, 2);
	part[2] = '\0';
	if (util_parse_long(part, 1, 12, m) == -1)
		return -1;
	memcpy(part, v + 8, 2);
	return util_parse_long(part, 1, 31, d);
}

/* A cursor "YYYY-MM-DD_digits" split into its day and microseconds;
 * -1 when it is not one (the page then starts at the newest lines). */
static int
parse_cursor(struct req *r, const char *v, const char **day,
    const char **us)
{
	long	 y, m, d;
	size_t	 n = strlen(v);

	/* at most 18 digits: a bigint, never an error page (issue 21) */
	if (n < 12 || n > 29 || v[10] != '_' ||
	    strspn(v + 11, "0123456789") != n - 11 ||
	    parse_day(v, &y, &m, &d) == -1)
		return -1;
	*day = arena_strndup(r->a, v, 10);
	*us = v + 11;
	return *day != NULL ? 0 : -1;
}

/* "YYYY-MM-DD" plus n days (n may be negative), in out[11]. */
static void
day_add(const char *day, long n, char out[11])
{
	struct tm	 tm;
	time_t		 t;
	long		 y, m, d;

	if (parse_day(day, &y, &m, &d) == -1) {
		snprintf(out, 11, "%s", day);
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = 12;
	t = timegm(&tm) + n * 86400;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		snprintf(out, 11, "%s", day);
}

/* The documents about a child decided for one page, over its windows of
 * days: those lib/policy allowed (ST_INZAGE's $2) and every one decided
 * (ST_INZAGE_CHILD_DOCS's $5), as PostgreSQL array literals that grow
 * window by window (lib/pgarray). */
struct decided {
	struct pg_array	 allowed, all;
};

/*
 * Of the candidates read in the days from to until (ST_INZAGE_CHILD_DOCS:
 * documents about a child under 12 of the person, not decided before for
 * this page), those lib/policy lets the person read, added to dd. Their
 * facts in one statement (struct doc_set); the cost grows with the
 * documents read in the days, not with the dossier (issue 21). 0, or an
 * HTTP status.
 */
static int
decide_days(struct req *r, const char *hidden_actors, const char *from,
    const char *until, struct decided *dd)
{
	const char		*p[5] = { r->sess.person_id_s, hidden_actors,
				    from, until, NULL };
	struct doc_set		 set;
	struct doc_facts	 f;
	PGresult		*res;
	const char		*id;
	enum db_err		 e;
	int			 i, st;

	if ((p[4] = pg_array_now(&dd->all, r->a)) == NULL)
		return 500;
	if ((e = db_exec(r->db, ST_INZAGE_CHILD_DOCS, p, &res)) != DB_OK)
		return db_status(e);
	doc_set_init(r, &set);
	doc_set_facts_only(&set);
	for (i = 0; i < db_rows(res); i++)
		doc_set_want(&set, db_val(res, i, CD_PUBLIC_ID));
	if ((st = doc_set_load(&set)) != 0)
		return st;
	for (i = 0; i < db_rows(res); i++) {
		id = db_val(res, i, CD_PUBLIC_ID);
		pg_array_add(&dd->all, id);
		/* gone meanwhile, or odd facts (logged): not read */
		if (doc_set_facts(&set, id, &f, NULL) == -1 ||
		    !policy_decide(&f.actor, &f.doc, POL_READ).allow)
			continue;
		pg_array_add(&dd->allowed, id);
	}
	return dd->all.b.failed || dd->allowed.b.failed ? 500 : 0;
}

/* The span of the next window, after one of span days held lines (at
 * most a page): as many days as should hold a page at that density, and
 * a quarter more; the rest of the period after a window with none, or
 * after two windows. */
static long
next_span(long span, long lines, int step)
{
	long	 want;

	if (lines <= 0 || step >= 1)
		return 4001;
	want = span * (PER_PAGE + 1) * 5 / (lines * 4) + 1;
	return want > span ? want : span + 1;
}

/*
 * The lines of one page (issue 21): not all the lines of the period but
 * those of the week next to the cursor when that holds more than a page;
 * otherwise the days that should hold a page at the week's density
 * (issue 21: a week of 7 lines and thousands of reads no longer reads
 * the whole period); otherwise the rest of the period on that side. So a
 * busy log costs a page the rows of about a page's days, a quiet one the
 * rows of the period. params[2]: the actors shielded from the person;
 * params[3..4]: the period; params[5]: the cursor's microseconds or NULL
 * (params[1] is set per window: decide_days, which decides only the
 * documents of the days a window adds); newer: the lines newer than the
 * cursor (from its day on), else older (until its day). *reached: the
 * window came to the end of the period on that side. 0, or an HTTP
 * status.
 */
static int
read_page(struct req *r, const char **params, const char *cursor_day,
    int newer, PGresult **res, int *reached)
{
	const char	*from = params[3], *until = params[4];
	char		 edge[11], prev[11], nf[11], nu[11];
	const char	*p[7];
	struct decided	 dd;
	enum db_err	 e;
	long		 span = 7, lines;
	int		 st, step;

	memcpy(p, params, sizeof(p));
	p[6] = newer ? "t" : "f";
	pg_array_init(&dd.allowed, r->a);
	pg_array_init(&dd.all, r->a);
	for (step = 0;; step++) {
		if (newer) {
			p[3] = cursor_day;
			day_add(cursor_day, span - 1, edge);
			*reached = strcmp(edge, until) >= 0 || span > 4000;
			p[4] = *reached ? until : edge;
		} else {
			p[4] = cursor_day != NULL ? cursor_day : until;
			day_add(p[4], -(span - 1), edge);
			*reached = strcmp(edge, from) <= 0 || span > 4000;
			p[3] = *reached ? from : edge;
		}
		if ((p[3] = arena_strdup(r->a, p[3])) == NULL ||
		    (p[4] = arena_strdup(r->a, p[4])) == NULL)
			return 500;
		/* the days this window adds to the one before */
		snprintf(nf, sizeof(nf), "%s", p[3]);
		snprintf(nu, sizeof(nu), "%s", p[4]);
		if (step > 0 && newer)
			day_add(prev, 1, nf);
		else if (step > 0)
			day_add(prev, -1, nu);
		snprintf(prev, sizeof(prev), "%s", newer ? p[4] : p[3]);
		/* lib/policy on the documents about a child read in these
		 * days: every one the page may count is decided before it
		 * groups, sorts and cuts, so a refused one takes no place
		 * and the cursor loses no line */
		if ((st = decide_days(r, p[2], nf, nu, &dd)) != 0)
			return st;
		if ((p[1] = pg_array_now(&dd.allowed, r->a)) == NULL)
			return 500;
		if ((e = db_exec(r->db, ST_INZAGE, p, res)) != DB_OK)
			return db_status(e);
		lines = db_rows(*res) > 0 ? db_long(*res, 0, I_TOTAL) : 0;
		if (*reached || lines > PER_PAGE)
			return 0;
		span = next_span(span, lines, step);
	}
}

/* The lines of the page, from ST_INZAGE. */
static int
fill_views(struct req *r, struct tctx *c, const PGresult *res)
{
	struct tctx	*it;
	long		 n;
	int		 i, children = 0;

	tctx_list(c, "views");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "views")) == NULL)
			return 500;
		n = db_long(res, i, I_N);
		tctx_date(it, "date", db_val(res, i, I_AT));
		tctx_str(it, "who", who(r, res, i));
		tctx_strf(it, "n", "%ld", n);
		tctx_nl(it, "document", db_val(res, i, I_TITLE));
		tctx_str(it, "times", db_val(res, i, I_TIMES));
		tctx_bool(it, "more_times", db_long(res, i, I_TIMES) > 1);
		tctx_str(it, "documents", titles(r, db_val(res, i, I_TITLES)));
		tctx_bool(it, "one", n == 1);
		tctx_bool(it, "downloaded", strcmp(db_val(res, i, I_ACTION),
		    "document.download") == 0);
		tctx_str(it, "basis", basis(db_val(res, i, I_RULES)));
		tctx_str(it, "children", db_val(res, i, I_CHILDREN));
		children |= *db_val(res, i, I_CHILDREN) != '\0';
	}
	tctx_bool(c, "has_children", children);
	return 0;
}

/*
 * GET /inzage?van=YYYY-MM-DD&tot=YYYY-MM-DD&na=CURSOR (or voor=CURSOR):
 * the lines of the period (default: the last three months until today),
 * PER_PAGE a page, keyset paged (issue 21: no OFFSET). A cursor that is
 * no cursor, or one past every line, is the first page. A date that is
 * no date, or a first day after the last: the form again with a B1
 * reason (400), and nothing read.
 */
int
h_inzage(struct req *r)
{
	const char		*params[7] = { r->sess.person_id_s, NULL,
				    NULL, NULL, NULL, NULL, NULL };
	const char		*v[Q__MAX], *period[2], *cursor_day = NULL;
	struct form_error	 errs[Q__MAX + 1];
	struct tctx		*c = page_ctx(r);
	PGresult		*res, *per;
	size_t			 nerr;
	enum db_err		 e;
	long			 total;
	int			 st = 0, newer = 0, reached = 0, rows;

	if (form_read(&r->rq->query, period_form, Q__MAX, v, errs, &nerr) ==
	    -1)
		return 400;
	period[0] = nerr == 0 && v[Q_FROM][0] != '\0' ? v[Q_FROM] : NULL;
	period[1] = nerr == 0 && v[Q_UNTIL][0] != '\0' ? v[Q_UNTIL] : NULL;
	if ((e = db_exec(r->db, ST_INZAGE_PERIOD, period, &per)) != DB_OK)
		return db_status(e);
	params[3] = db_val(per, 0, P_FROM);
	params[4] = db_val(per, 0, P_UNTIL);
	/* YYYY-MM-DD compares as text */
	if (nerr == 0 && strcmp(params[3], params[4]) > 0)
		form_add_error(errs, Q__MAX + 1, &nerr, "van",
		    N_("De eerste dag moet voor de laatste dag zijn."));
	tctx_str(c, "van", nerr == 0 ? params[3] : v[Q_FROM]);
	tctx_str(c, "tot", nerr == 0 ? params[4] : v[Q_UNTIL]);
	page_form_errors(r, c, errs, nerr);
	tctx_list(c, "views");
	tctx_list(c, "counter");
	tctx_list(c, "receipts");
	tctx_bool(c, "has_children", 0);
	tctx_bool(c, "at_counter", 0);
	tctx_bool(c, "counter_more", 0);
	tctx_bool(c, "counter_later", 0);
	tctx_str(c, "counter_next_href", "");
	tctx_str(c, "counter_first_href", "");
	tctx_bool(c, "shown", nerr == 0);
	tctx_bool(c, "has_prev", 0);
	tctx_bool(c, "has_next", 0);
	tctx_bool(c, "has_pager", 0);
	tctx_str(c, "prev_href", "");
	tctx_str(c, "next_href", "");
	if (nerr > 0) {
		r->rs->status = 400;
		return page_render(r, "inzage",
		    N_("Wie las mee?"), c);
	}
	/* params[1]: read_page, per window of days */
	if ((params[2] = req_hidden_actors(r, &st)) == NULL)
		return st != 0 ? st : 500;
	/* a cursor outside the period, or no cursor: the newest lines */
	if ((parse_cursor(r, v[Q_NEWER], &cursor_day, &params[5]) == 0 &&
	    (newer = 1)) || parse_cursor(r, v[Q_OLDER], &cursor_day,
	    &params[5]) == 0) {
		if (strcmp(cursor_day, params[3]) < 0 ||
		    strcmp(cursor_day, params[4]) > 0) {
			cursor_day = NULL;
			params[5] = NULL;
			newer = 0;
		}
	}
	if ((st = read_page(r, params, cursor_day, newer, &res, &reached)) !=
	    0)
		return st;
	if (db_rows(res) == 0 && params[5] != NULL) {
		/* past every line: the first page */
		cursor_day = NULL;
		params[5] = NULL;
		newer = 0;
		if ((st = read_page(r, params, NULL, 0, &res, &reached)) != 0)
			return st;
	}
	/* the log's own readers are in the log */
	if ((e = req_audit(r, "audit.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	if ((st = fill_views(r, c, res)) != 0)
		return st;
	rows = db_rows(res);
	total = rows > 0 ? db_long(res, 0, I_TOTAL) : 0;
	/* newer lines: the way we came (older), or more than shown */
	tctx_bool(c, "has_prev", rows > 0 && (newer ? total > rows ||
	    !reached : params[5] != NULL));
	tctx_bool(c, "has_next", rows > 0 && (newer || total > rows ||
	    !reached));
	/* no empty "Meer regels" nav (A9) */
	tctx_bool(c, "has_pager", rows > 0 && (newer || total > rows ||
	    !reached || params[5] != NULL));
	if (rows > 0) {
		tctx_strf(c, "prev_href", "/inzage?van=%s&tot=%s&voor=%s",
		    params[3], params[4], db_val(res, 0, I_CURSOR));
		tctx_strf(c, "next_href", "/inzage?van=%s&tot=%s&na=%s",
		    params[3], params[4], db_val(res, rows - 1, I_CURSOR));
	}
	if ((st = counter_rows(r, c, params[3], params[4], v[Q_COUNTER])) !=
	    0)
		return st;
	return page_render(r, "inzage", N_("Wie las mee?"), c);
}
