/*
 * export.c - everything the portal holds about the logged-in person
 * (GDPR art. 15): GET /mijn-gegevens.json for a computer (json-c), and
 * GET /mijn-gegevens, the same as a page to read and print.
 *
 * One table says what is exported: per section its statement and, per
 * column, the JSON key, the label people read, and the kind of value.
 * Both forms are made from the same rows, in one round trip, so they
 * cannot disagree. Documents are the ones about the person that lib/policy
 * lets them read (a document hidden from them stays hidden, also in the
 * audit rows).
 */
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "dossier/dossier.h"
#include "log.h"
#include "util.h"

/*
 * The export of everything the portal holds about person $1 (columns: the
 * section tables below). Times are epoch seconds or NULL. $2, where
 * used, is the array of public ids of the documents about $1 that $1 may
 * see (decided by lib/policy in C).
 */
#define EPOCH(x) "extract(epoch FROM " x ")::bigint"
static const struct stmt_def ST_EXPORT_PERSON[1] = {{ "export_person",
	"SELECT p.public_id, p.given_name, p.family_name, p.birth_date::text, "
	"  p.language, a.username, " EPOCH("a.created_at") " "
	"FROM person p LEFT JOIN account a ON a.person_id = p.id "
	"WHERE p.id = $1", 1, 7 }};
static const struct stmt_def ST_EXPORT_CONTACT[1] = {{ "export_contact",
	"SELECT phone, email, address, reach_by, " EPOCH("updated_at") " "
	"FROM contact_details WHERE person_id = $1", 1, 5 }};
static const struct stmt_def ST_EXPORT_CONTACT_HISTORY[1] = {{
	"export_contact_history",
	"SELECT phone, email, address, reach_by, language, "
	EPOCH("changed_at") " FROM contact_history WHERE person_id = $1 "
	"ORDER BY changed_at, id", 1, 6 }};
/* Yes or no to research (sql/042), every choice. */
static const struct stmt_def ST_EXPORT_RESEARCH[1] = {{ "export_research",
	"SELECT agrees, " EPOCH("decided_at") ", helped_by IS NOT NULL "
	"  FROM research_choice WHERE person_id = $1 ORDER BY id", 1, 3 }};
/* My answers in the explanatory analysis (sql/043). */
static const struct stmt_def ST_EXPORT_ANALYSIS[1] = {{ "export_analysis",
	"SELECT q.text, a.body, a.shared, " EPOCH("a.created_at") ", "
	EPOCH("a.updated_at") ", a.helped_by IS NOT NULL "
	"  FROM analysis_answer a "
	"  JOIN analysis_question q ON q.id = a.question_id "
	" WHERE a.person_id = $1 ORDER BY a.id", 1, 6 }};
/* New mail addresses: waiting, confirmed or ended (sql/047). */
static const struct stmt_def ST_EXPORT_EMAIL_CONFIRM[1] = {{
	"export_email_confirm",
	"SELECT email, " EPOCH("created_at") ", " EPOCH("used_at") ", "
	EPOCH("ended_at") " FROM email_confirm WHERE person_id = $1 "
	"ORDER BY created_at, id", 1, 4 }};
static const struct stmt_def ST_EXPORT_MEMBERSHIPS[1] = {{ "export_memberships",
	"SELECT f.name, m.role, EXISTS (SELECT 1 FROM authority au "
	"  JOIN family_member c ON c.person_id = au.child_person "
	"  WHERE au.adult_person = m.person_id AND c.family_id = f.id), "
	"  f.framework "
	"FROM family_member m JOIN family f ON f.id = m.family_id "
	"WHERE m.person_id = $1 ORDER BY f.name", 1, 4 }};
static const struct stmt_def ST_EXPORT_DOCUMENTS[1] = {{ "export_documents",
	"SELECT d.public_id, d.title, " EPOCH("d.created_at") ", "
	"  ap.given_name || ' ' || ap.family_name, coalesce(o.name, ''), "
	"  d.version, d.body "
	"FROM document d JOIN person ap ON ap.id = d.author_id "
	/* a member's own document has no organisation (sql/044) */
	"LEFT JOIN organisation o ON o.id = d.organisation_id "
	"WHERE d.public_id = ANY ($1::text[]) "
	"ORDER BY d.created_at, d.id", 1, 7 }};
/* The hidden parts of those documents ($2) that person $1 may see: those
 * not hidden from them (lib/policy: policy_part_visible, for a citizen,
 * the only one who has documents about them). */
static const struct stmt_def ST_EXPORT_PARTS[1] = {{ "export_parts",
	"SELECT d.public_id, dp.label, dp.body FROM document_part dp "
	"JOIN document d ON d.id = dp.document_id "
	"WHERE d.public_id = ANY ($2::text[]) "
	"  AND NOT EXISTS (SELECT 1 FROM document_part_hidden h "
	"    WHERE h.part_id = dp.id AND h.person_id = $1) "
	"ORDER BY d.created_at, d.id, dp.id", 2, 3 }};
/* Own comments, answers and shares are the person's, also on a document
 * they can no longer read (a child turned 16); its id and title then
 * stay out (NULL). */
#define VISIBLE(col) "CASE WHEN d.public_id = ANY ($2::text[]) THEN " col \
	" END"
static const struct stmt_def ST_EXPORT_COMMENTS[1] = {{ "export_comments",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", c.body, "
	"  NOT c.private, c.audience, " EPOCH("c.created_at") " "
	"FROM document_comment c JOIN document d ON d.id = c.document_id "
	"WHERE c.author_id = $1 ORDER BY c.created_at, c.id", 2, 6 }};
/* Own views with their history (sql/034): a text changed later, or
 * withdrawn, stays in the writer's export with when. */
static const struct stmt_def ST_EXPORT_VIEWS[1] = {{ "export_views",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", v.body, "
	"  " EPOCH("v.created_at") ", " EPOCH("v.superseded_at") ", "
	"  " EPOCH("v.withdrawn_at") " "
	"FROM document_view v JOIN document d ON d.id = v.document_id "
	"WHERE v.author_id = $1 ORDER BY v.created_at, v.id", 2, 6 }};
static const struct stmt_def ST_EXPORT_CONSENTS[1] = {{ "export_consents",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", "
	"  c.version, c.decision, c.explanation, " EPOCH("c.created_at") " "
	"FROM document_consent c JOIN document d ON d.id = c.document_id "
	"WHERE c.person_id = $1 ORDER BY c.created_at, c.id", 2, 6 }};
static const struct stmt_def ST_EXPORT_APPOINTMENTS[1] = {{
	"export_appointments",
	"SELECT ap.public_id, " EPOCH("s.starts_at") ", " EPOCH("s.ends_at")
	", s.place, pp.given_name || ' ' || pp.family_name, o.name, "
	EPOCH("ap.booked_at") ", " EPOCH("ap.cancelled_at") ", "
	"  ap.cancel_reason "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person pp ON pp.id = s.professional_id "
	"JOIN professional pr ON pr.person_id = s.professional_id "
	"JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE ap.person_id = $1 ORDER BY s.starts_at, ap.id", 1, 9 }};
/* Shares $1 asked for or agreed to; until is the moment a share ends,
 * last_day the last day it may be read (the day chosen, issue 15). */
static const struct stmt_def ST_EXPORT_SHARES[1] = {{ "export_shares",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", o.name, "
	"  s.court_order, s.pending, "
	/* when a member shielded from $1 ($3) asked for it: not said */
	"  s.includes_comments, CASE WHEN s.requested_by <> ALL "
	"    ($3::bigint[]) THEN " EPOCH("s.created_at") " END, "
	EPOCH("s.until")
	", to_char(((s.until - interval '1 microsecond') AT TIME ZONE "
	"  'Europe/Amsterdam')::date, 'YYYY-MM-DD'), "
	EPOCH("s.revoked_at") ", s.requested_by = $1 "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"WHERE s.requested_by = $1 OR EXISTS (SELECT 1 FROM share_consent c "
	"  WHERE c.share_id = s.id AND c.person_id = $1) "
	"ORDER BY s.created_at, s.id", 3, 11 }};
#undef VISIBLE
/* The audit rows about $1 (not those of the people in $3, whom lib/policy
 * shields from $1): what $1 did, what was done with $1's own
 * details and requests, and every look at a document in $2 (about $1,
 * visible to $1), but not another person's comment on it. Not the
 * address others acted from. The page's statements (months, one month's
 * lines); the JSON finds the same rows through AUDIT_ABOUT_ROWS. */
#define AUDIT_ABOUT_X(DOCS, HIDDEN) \
"WHERE (l.actor_id = $1 OR l.on_behalf_of = $1 " \
	"   OR (l.object_kind = 'person' AND l.object_id = $1::text) " \
	"   OR (l.object_kind = 'document' AND " DOCS " " \
	/* not that someone else wrote a comment: it may be for their \
	 * professionals only (audience hulpverlener); not who said no to \
	 * a share (a youth may refuse a parent's request unnamed) */ \
	"     AND l.action NOT IN ('comment.create', 'share.refuse')) " \
	"   OR (l.object_kind = 'request' AND l.object_id IN (SELECT " \
	"     rq.public_id FROM request rq WHERE rq.author_id = $1)) " \
	/* their own help requests: who read and marked them */ \
	"   OR (l.object_kind = 'help' AND l.object_id IN (SELECT " \
	"     h.public_id FROM help_request h WHERE h.author_id = $1)) " \
	/* their own conversations: who read and answered them */ \
	"   OR (l.object_kind = 'conversation' AND l.object_id IN (SELECT " \
	"     cv.public_id FROM conversation cv WHERE cv.member_id = $1)) " \
	"   OR (l.object_kind = 'message' AND l.object_id IN (SELECT " \
	"     cm.public_id FROM conversation_message cm JOIN conversation cv " \
	"       ON cv.id = cm.conversation_id WHERE cv.member_id = $1))) " \
	/* nothing a member shielded from $1 did ($3, lib/policy), also \
	 * not through a clerk */ \
	"  AND coalesce(l.actor_id, 0) <> ALL (" HIDDEN "::bigint[]) " \
	"  AND coalesce(l.on_behalf_of, 0) <> ALL (" HIDDEN "::bigint[]) "
/*
 * The other actors (than $1; 0: none) of the rows about documents of
 * $1's families: act (f, a), by a loose index scan over sql/056's index
 * (a probe per actor, whatever the number of rows), so that the page's
 * statements reach another's rows about a document about $1 without
 * walking over $1's own.
 */
#define AUDIT_OTHERS \
	"fam AS (SELECT family_id FROM family_member WHERE person_id = $1), " \
	"actors (f, a) AS (SELECT fam.family_id, (SELECT min(coalesce(" \
	"      l.actor_id, 0)) FROM audit_log l " \
	"    WHERE l.family_id = fam.family_id " \
	"      AND l.object_kind = 'document') FROM fam " \
	"  UNION ALL SELECT ac.f, (SELECT min(coalesce(l.actor_id, 0)) " \
	"    FROM audit_log l WHERE l.family_id = ac.f " \
	"      AND l.object_kind = 'document' " \
	"      AND coalesce(l.actor_id, 0) > ac.a) " \
	"  FROM actors ac WHERE ac.a IS NOT NULL), " \
	"act (f, a) AS (SELECT f, a FROM actors " \
	"  WHERE a IS NOT NULL AND a <> $1)"
/* The things about $1 other than documents, as (object_kind, object_id):
 * $1 as a person, and $1's requests, help requests, conversations and
 * their messages (the parts of AUDIT_ABOUT_PAGE by object). */
#define AUDIT_OBJECTS \
	" obj (k, id) AS (SELECT 'person'::text, $1::text " \
	"   UNION ALL SELECT 'request', public_id FROM request " \
	"    WHERE author_id = $1 " \
	"   UNION ALL SELECT 'help', public_id FROM help_request " \
	"    WHERE author_id = $1 " \
	"   UNION ALL SELECT 'conversation', public_id FROM conversation " \
	"    WHERE member_id = $1 " \
	"   UNION ALL SELECT 'message', cm.public_id " \
	"    FROM conversation_message cm JOIN conversation cv " \
	"      ON cv.id = cm.conversation_id WHERE cv.member_id = $1)"
/*
 * The same rows as AUDIT_ABOUT_X with the documents of $2, for the JSON,
 * each part through its own index, so that the export reads the rows
 * about $1 and not the log of every family (issue 21: before, a scan of
 * the whole audit_log: with 2.1 million rows of others 0.54 s for a
 * person with 60 000 rows, growing with everyone's log):
 * - what $1 did (audit_log_actor), at the counter for $1
 *   (audit_log_on_behalf);
 * - about $1 and $1's requests, help requests, conversations and
 *   messages (audit_log_object, a probe per thing of AUDIT_OBJECTS);
 * - another's row about a document in $2 (sql/056's index per family of
 *   $1 and other actor, AUDIT_OTHERS, as on the page: such a document is
 *   of $1's family and its rows carry that family). Not a probe per
 *   document: where one document has many rows the planner made that a
 *   scan of the log per document. Of $2 (the export's documents, also
 *   the person's own documents about only their child) only those about
 *   $1 (a subject), as on the page (DOC_ABOUT_ME) and /inzage.
 * OFFSET 0 keeps each probe a probe (joined, the planner hashed the
 * actors and read the whole log). The parts do not overlap (a row done
 * by or for $1 is in the first two only), so no row comes twice. Needs
 * "WITH RECURSIVE " AUDIT_OTHERS ", " AUDIT_OBJECTS before it; the
 * shield ($3) comes after, on the row.
 */
#define NOT_BY_ME(a) \
	a ".actor_id IS DISTINCT FROM $1 AND " a ".on_behalf_of IS DISTINCT FROM $1"
#define AUDIT_ABOUT_ROWS \
	"(SELECT a.* FROM audit_log a WHERE a.actor_id = $1 " \
	" UNION ALL SELECT a.* FROM audit_log a WHERE a.on_behalf_of = $1 " \
	"   AND a.actor_id IS DISTINCT FROM $1 " \
	" UNION ALL SELECT a.* FROM obj, LATERAL (SELECT * FROM audit_log x " \
	"   WHERE x.object_kind = obj.k AND x.object_id = obj.id " \
	"     AND " NOT_BY_ME("x") " OFFSET 0) a " \
	" UNION ALL SELECT a.* FROM act, LATERAL (SELECT * FROM audit_log x " \
	"   WHERE x.family_id = act.f AND coalesce(x.actor_id, 0) = act.a " \
	"     AND x.object_kind = 'document' OFFSET 0) a " \
	"   WHERE a.object_id IN (SELECT d.public_id " \
	"       FROM unnest($2::text[]) u (pid) " \
	"       JOIN document d ON d.public_id = u.pid " \
	"       JOIN document_subject ds ON ds.document_id = d.id " \
	"         AND ds.person_id = $1) " \
	"     AND a.action NOT IN ('comment.create', 'share.refuse') " \
	"     AND a.on_behalf_of IS DISTINCT FROM $1) l "
/*
 * The page's statements (issue 21: they do not grow with the dossier)
 * do not take the list of every readable document: the database narrows
 * a document row to one about $1 (a subject) that doc_may_read (sql/044)
 * lets $1 read, and lib/policy decides on every line shown (the page
 * asks it about the documents its lines name: struct doc_set). $2 is
 * the people shielded from $1.
 */
#define DOC_ABOUT_ME(col) \
	"EXISTS (SELECT 1 FROM document ad WHERE ad.public_id = " col " " \
	"  AND EXISTS (SELECT 1 FROM document_subject ads " \
	"    WHERE ads.document_id = ad.id AND ads.person_id = $1) " \
	"  AND doc_may_read($1, ad.id))"
#define AUDIT_ABOUT_PAGE AUDIT_ABOUT_X(DOC_ABOUT_ME("l.object_id"), "$2")
/* Every audit row about $1 (AUDIT_ABOUT_ROWS), newest first: no cap (the JSON
 * streams them, issue 21). */
static const struct stmt_def ST_EXPORT_AUDIT[1] = {{ "export_audit",
	"WITH RECURSIVE " AUDIT_OTHERS ", " AUDIT_OBJECTS " "
	"SELECT " EPOCH("l.at") ", "
	"  coalesce(p.given_name || ' ' || p.family_name, ''), "
	"  coalesce(o.name, ''), l.actor_role, l.action, "
	"  coalesce(l.object_kind, ''), "
	/* a person (or their account) by the opaque id, never the counter */
	"  CASE WHEN l.object_kind IN ('person', 'account') THEN coalesce("
	"    (SELECT op.public_id FROM person op "
	"      WHERE op.id::text = l.object_id), '') "
	"    ELSE coalesce(l.object_id, '') END, l.outcome, "
	/* done at the counter by a clerk: on behalf of $1 or of another */
	"  CASE WHEN l.on_behalf_of = $1 THEN 'namens-u' "
	"    WHEN l.on_behalf_of IS NOT NULL THEN 'namens-ander' "
	"    ELSE '' END, "
	/* for the page only (not in the JSON): done by $1 (or for $1 at
	 * the counter), in this calendar month, and the day (Dutch time) */
	"  l.actor_id = $1 OR l.on_behalf_of = $1, "
	"  l.at >= date_trunc('month', now() AT TIME ZONE 'Europe/Amsterdam') "
	"    AT TIME ZONE 'Europe/Amsterdam', "
	"  extract(epoch FROM ((l.at AT TIME ZONE 'Europe/Amsterdam')::date "
	"    + time '12:00') AT TIME ZONE 'Europe/Amsterdam')::bigint "
	"FROM " AUDIT_ABOUT_ROWS
	"LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	/* nothing a member shielded from $1 did ($3), also not through a
	 * clerk (as in AUDIT_ABOUT_X) */
	"WHERE coalesce(l.actor_id, 0) <> ALL ($3::bigint[]) "
	"  AND coalesce(l.on_behalf_of, 0) <> ALL ($3::bigint[]) "
	"ORDER BY l.id DESC", 3, 12 }};
/* The columns after those exported (see the audit section below). */
enum { AU_AT, AU_WHO, AU_ORG, AU_ROLE, AU_ACTION, AU_KIND, AU_OBJECT,
    AU_OUTCOME, AU_COUNTER, AU_BY_ME, AU_THIS_MONTH, AU_DAY };
/*
 * For the page (issue 21: its size does not grow with the log): the
 * months that have audit rows about $1 (Dutch time), newest first, and
 * the middle of each (to name it). Not counted: a loose index scan
 * (recursive CTE) finds the first row about $1 at or after the start of
 * the next month, step by step, so a month costs a few index probes
 * whatever its number of rows. Each step takes the first row of every
 * part of AUDIT_ABOUT_PAGE, each through its own index: what $1 did
 * (audit_log_actor), at the counter for $1 (audit_log_on_behalf), about
 * $1 or $1's requests, help requests, conversations and messages
 * (audit_log_object, one probe per thing), and another's row about a
 * document about $1 (sql/056's index, per family of $1 and other actor,
 * AUDIT_OTHERS: such a document is of $1's family, and its rows carry
 * the family). Each probe is one
 * part of AUDIT_ABOUT_PAGE with its shield; together they are all of it
 * (test_export_pages compares the months with the JSON's rows). What
 * is walked over: another's rows about other documents of the family
 * (once: the next step starts after them).
 */
#define AM_SHIELD \
	"coalesce(l.actor_id, 0) <> ALL ($2::bigint[]) " \
	"AND coalesce(l.on_behalf_of, 0) <> ALL ($2::bigint[])"
#define AM_FIRST(drive, t) \
	"(SELECT l.at FROM audit_log l WHERE " drive " AND " AM_SHIELD " " \
	"  AND l.at >= " t " ORDER BY l.at LIMIT 1)"
/* Another's row about a document about $1 (per act (f, a) of
 * AUDIT_OTHERS): the document part of AUDIT_ABOUT_PAGE for a row that is
 * not $1's own (those are the first two parts). */
#define AM_OTHERS_ROW \
	"l.family_id = act.f AND coalesce(l.actor_id, 0) = act.a " \
	"AND l.object_kind = 'document' " \
	"AND coalesce(l.on_behalf_of, 0) <> $1 " \
	"AND l.action NOT IN ('comment.create', 'share.refuse')"
#define AM_NEXT(t) \
	"least(" AM_FIRST("l.actor_id = $1", t) ", " \
	AM_FIRST("l.on_behalf_of = $1", t) ", " \
	"(SELECT min(x.at) FROM obj CROSS JOIN LATERAL " \
	AM_FIRST("l.object_kind = obj.k AND l.object_id = obj.id", t) \
	"  x), " \
	"(SELECT min(x.at) FROM act CROSS JOIN LATERAL " \
	AM_FIRST(AM_OTHERS_ROW " " \
	"AND " DOC_ABOUT_ME("l.object_id"), t) " x))"
#define AM_MONTH_AFTER(t) \
	"((date_trunc('month', " t " AT TIME ZONE 'Europe/Amsterdam') " \
	"  + interval '1 month') AT TIME ZONE 'Europe/Amsterdam')"
static const struct stmt_def ST_EXPORT_AUDIT_MONTHS[1] = {{
	"export_audit_months",
	"WITH RECURSIVE " AUDIT_OTHERS ", " AUDIT_OBJECTS ", "
	" m (at) AS (SELECT " AM_NEXT("'-infinity'::timestamptz") " "
	"   UNION ALL SELECT " AM_NEXT(AM_MONTH_AFTER("m.at")) " FROM m "
	"   WHERE m.at IS NOT NULL) "
	"SELECT to_char(at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM'), "
	"  extract(epoch FROM (date_trunc('month', at AT TIME ZONE "
	"    'Europe/Amsterdam') + interval '14 days 12 hours') AT TIME ZONE "
	"    'Europe/Amsterdam')::bigint "
	"FROM m WHERE at IS NOT NULL ORDER BY at DESC", 2, 2 }};
#undef AM_FIRST
#undef AM_NEXT
#undef AM_MONTH_AFTER
enum { AM_MONTH, AM_MID };
/*
 * The lines of month $3 (YYYY-MM): one per day, person, action and thing
 * with how many times; keyset paged by the last row of a line ($4:
 * microseconds since the epoch; older lines than it), 200 lines a page
 * and every line of the same moment as the last (WITH TIES: the next
 * page loses none). more: there are lines after this page. mine: a line
 * shown for what $1 did, or not about a document; the others are about
 * a document lib/policy must let $1 read (the page asks it).
 *
 * Issue 21: a page reads only the rows about $1 of the days it shows.
 * A line is of one day, so the page walks the days newest first (w, a
 * recursive CTE) from the cursor's (or the month's end) and stops once
 * it holds 200 lines: each step finds the newest row about $1 before
 * the day it did last (AL_PREV: a probe per part of AUDIT_ABOUT_PAGE,
 * like the month list's AM_NEXT, backwards), then groups that whole day
 * (AL_DAY_LINES). The rows of a day come per part, each through its own
 * index: what $1 did (audit_log_actor), at the counter for $1
 * (audit_log_on_behalf), about $1 as a person or $1's requests, help
 * requests, conversations and messages (audit_log_object), and
 * another's row about a document about $1 (sql/056, AUDIT_OTHERS); a row
 * of two parts is taken in the first only. They are grouped twice:
 * first by the row's own columns (no join per row, a document narrowed
 * once per group), then by the names people read, as before (two people
 * of the same name are one line). Each step of w is one "lead" row (the
 * day's start and the lines so far) and the day's lines.
 */
#define AL_LAST(drive, t) \
	"(SELECT l.at FROM audit_log l WHERE " drive " AND " AM_SHIELD " " \
	"  AND l.at < " t " AND l.at >= b.ms ORDER BY l.at DESC LIMIT 1)"
#define AL_PREV(t) \
	"greatest(" AL_LAST("l.actor_id = $1", t) ", " \
	AL_LAST("l.on_behalf_of = $1", t) ", " \
	"(SELECT max(x.at) FROM obj CROSS JOIN LATERAL " \
	AL_LAST("l.object_kind = obj.k AND l.object_id = obj.id", t) \
	"  x), " \
	"(SELECT max(x.at) FROM act CROSS JOIN LATERAL " \
	AL_LAST(AM_OTHERS_ROW " AND " DOC_ABOUT_ME("l.object_id"), t) " x))"
/* The rows of one part of the day [d.lo, d.hi), grouped by their own
 * columns (the counter: for $1, for another, or not): each part on its
 * own, so that PostgreSQL hashes a busy day's rows rather than sorting
 * them (EXPLAIN in README.md, Performance). */
#define AL_GROUP(from, where) \
	"SELECT l.actor_id, l.actor_role, l.action, l.object_kind, " \
	"  l.object_id, l.outcome, " \
	"  CASE WHEN l.on_behalf_of = $1 THEN 'namens-u' " \
	"    WHEN l.on_behalf_of IS NOT NULL THEN 'namens-ander' " \
	"    ELSE '' END AS counter, count(*) AS n, max(l.at) AS last, " \
	"  bool_or(coalesce(l.actor_id = $1 OR l.on_behalf_of = $1, false) " \
	"    OR l.object_kind IS DISTINCT FROM 'document') AS mine " \
	"FROM " from " WHERE " where " AND l.at >= d.lo AND l.at < d.hi " \
	"  AND " AM_SHIELD " GROUP BY 1, 2, 3, 4, 5, 6, 7"
/* The lines of that day older than the cursor (columns AL_DAY ...
 * AL_CURSOR and AL_MINE), from the groups of the four parts: what $1
 * did, at the counter for $1, about $1 or $1's things (obj), another's
 * row about a document about $1 that doc_may_read allows (narrowed per
 * group); a row of two parts counts in the first only. */
#define AL_DAY_LINES \
	"SELECT extract(epoch FROM ((d.lo AT TIME ZONE 'Europe/Amsterdam')" \
	"    ::date + time '12:00') AT TIME ZONE 'Europe/Amsterdam')" \
	"    ::bigint AS day, " \
	"  coalesce(p.given_name || ' ' || p.family_name, '') AS who, " \
	"  coalesce(o.name, '') AS org, g.actor_role AS role, g.action, " \
	"  coalesce(g.object_kind, '') AS kind, " \
	"  CASE WHEN g.object_kind IN ('person', 'account') THEN coalesce(" \
	"    (SELECT op.public_id FROM person op " \
	"      WHERE op.id::text = g.object_id), '') " \
	"    ELSE coalesce(g.object_id, '') END AS object, g.outcome, " \
	"  g.counter, sum(g.n)::bigint AS n, " \
	"  (extract(epoch FROM max(g.last)) * 1000000)::bigint AS cur, " \
	"  bool_or(g.mine) AS mine " \
	"FROM (" AL_GROUP("audit_log l", "l.actor_id = $1") " " \
	"  UNION ALL " AL_GROUP("audit_log l", "l.on_behalf_of = $1 " \
	"    AND coalesce(l.actor_id, 0) <> $1") " " \
	"  UNION ALL " AL_GROUP("obj JOIN audit_log l " \
	"    ON l.object_kind = obj.k AND l.object_id = obj.id", \
	"    coalesce(l.actor_id, 0) <> $1 " \
	"    AND coalesce(l.on_behalf_of, 0) <> $1") " " \
	"  UNION ALL " AL_GROUP("act JOIN audit_log l ON " AM_OTHERS_ROW, \
	"    true") " HAVING " DOC_ABOUT_ME("l.object_id") ") g " \
	"LEFT JOIN person p ON p.id = g.actor_id " \
	"LEFT JOIN professional pr ON pr.person_id = g.actor_id " \
	"LEFT JOIN organisation o ON o.id = pr.organisation_id " \
	"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 " \
	"HAVING $4::bigint IS NULL OR max(g.last) < timestamptz 'epoch' + " \
	"  $4::bigint * interval '1 microsecond'"
#define AL_DAY_OF(t, k) \
	"((((" t " AT TIME ZONE 'Europe/Amsterdam')::date + " k ")" \
	"::timestamp) AT TIME ZONE 'Europe/Amsterdam')"
static const struct stmt_def ST_EXPORT_AUDIT_LINES[1] = {{
	"export_audit_lines",
	"WITH RECURSIVE " AUDIT_OTHERS ", " AUDIT_OBJECTS ", "
	" b (ms, me) AS (SELECT to_date($3, 'YYYY-MM')::timestamp AT TIME "
	"   ZONE 'Europe/Amsterdam', (to_date($3, 'YYYY-MM') + "
	"   interval '1 month')::timestamp AT TIME ZONE 'Europe/Amsterdam'), "
	/* lo: the start of the day of the step (the first: the cursor or
	 * the month's end); total: the lines so far (lead rows only) */
	" w (lead, lo, total, day, who, org, role, action, kind, object, "
	"   outcome, counter, n, cur, mine) AS ("
	"   SELECT true, least(timestamptz 'epoch' + $4::bigint * "
	"     interval '1 microsecond', b.me), 0::bigint, NULL::bigint, "
	"     NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, "
	"     NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint, "
	"     NULL::boolean FROM b "
	"   UNION ALL SELECT x.* FROM w CROSS JOIN b "
	/* OFFSET 0: each once per step, not inlined where used */
	"   CROSS JOIN LATERAL (SELECT " AL_PREV("w.lo") " AS t OFFSET 0) p "
	"   CROSS JOIN LATERAL (SELECT " AL_DAY_OF("p.t", "0") " AS lo, "
	"     " AL_DAY_OF("p.t", "1") " AS hi OFFSET 0) d "
	"   CROSS JOIN LATERAL (WITH dl AS (" AL_DAY_LINES ") "
	"     SELECT true, d.lo, w.total + (SELECT count(*) FROM dl), "
	"       NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, "
	"       NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint, "
	"       NULL::bigint, NULL::boolean "
	"     UNION ALL SELECT false, d.lo, NULL, dl.* FROM dl) x "
	"   WHERE w.lead AND w.total < 200 AND p.t IS NOT NULL), "
	/* more lines after this page: more walked than shown, or a row
	 * about $1 in the month before the oldest day walked */
	" more (lines, older) AS (SELECT (SELECT count(*) FROM w "
	"   WHERE NOT w.lead), " AL_PREV("(SELECT min(w.lo) FROM w "
	"   WHERE w.lead)") " IS NOT NULL FROM b) "
	/* the page's lines in a fixed order: lines of the same moment (one
	 * transaction) by who, what and which (the inner ORDER BY must stay
	 * the moment alone: WITH TIES keeps a moment on one page) */
	"SELECT t.day, t.who, t.org, t.role, t.action, t.kind, t.object, "
	"  t.outcome, t.counter, t.n, t.cur, "
	"  more.lines > count(*) OVER () OR more.older, t.mine "
	"FROM (SELECT * FROM w WHERE NOT w.lead "
	"  ORDER BY w.cur DESC FETCH FIRST 200 ROWS WITH TIES) t CROSS JOIN more "
	"ORDER BY t.cur DESC, t.who, t.action, t.kind, t.object, t.outcome, "
	"  t.counter, t.role, t.org", 4, 13 }};
#undef AM_SHIELD
#undef AM_OTHERS_ROW
#undef AL_LAST
#undef AL_PREV
#undef AL_GROUP
#undef AL_DAY_LINES
#undef AL_DAY_OF
enum { AL_DAY, AL_WHO, AL_ORG, AL_ROLE, AL_ACTION, AL_KIND, AL_OBJECT,
    AL_OUTCOME, AL_COUNTER, AL_N, AL_CURSOR, AL_MORE, AL_MINE };
#define LINES_PER_PAGE	200	/* the FETCH FIRST and the walk above */
/* The summary: who else read or downloaded documents about $1 this
 * calendar month (Dutch time), per person, organisation and document,
 * with how many times; the newest first. The rows AUDIT_ABOUT_PAGE
 * holds (only its document part can hold another's read), per other
 * actor of $1's families (AUDIT_OTHERS, sql/056: never $1's own reads);
 * a document narrowed once per line, not per read. */
static const struct stmt_def ST_EXPORT_READERS[1] = {{ "export_readers",
	"WITH RECURSIVE " AUDIT_OTHERS " "
	"SELECT g.who, g.org, g.object, g.n FROM (SELECT "
	"  coalesce(p.given_name || ' ' || p.family_name, '') AS who, "
	"  coalesce(o.name, '') AS org, l.object_id AS object, count(*) AS n, "
	"  max(l.at) AS last "
	"FROM act JOIN audit_log l ON l.family_id = act.f "
	"  AND coalesce(l.actor_id, 0) = act.a AND l.object_kind = 'document' "
	"LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE l.outcome = 'allowed' "
	"  AND l.action IN ('document.read', 'document.download') "
	"  AND coalesce(l.on_behalf_of, 0) <> $1 "
	"  AND coalesce(l.actor_id, 0) <> ALL ($2::bigint[]) "
	"  AND coalesce(l.on_behalf_of, 0) <> ALL ($2::bigint[]) "
	"  AND l.at >= date_trunc('month', now() AT TIME ZONE "
	"    'Europe/Amsterdam') AT TIME ZONE 'Europe/Amsterdam' "
	"GROUP BY 1, 2, 3) g "
	"WHERE " DOC_ABOUT_ME("g.object") " "
	"ORDER BY g.last DESC, 1, 2, 3", 2, 4 }};
enum { RD_WHO, RD_ORG, RD_OBJECT, RD_N };
/* For the page: the documents $1's own comments, views, answers, requests
 * and shares are about (their sections name a document's title only when
 * it is about $1 and lib/policy lets $1 read it; the page asks it about
 * these, not about every document of the family). */
static const struct stmt_def ST_EXPORT_PAGE_REFS[1] = {{ "export_page_refs",
	"SELECT d.public_id FROM document d WHERE d.id IN ("
	"  SELECT document_id FROM document_comment WHERE author_id = $1 "
	"  UNION SELECT document_id FROM document_view WHERE author_id = $1 "
	"  UNION SELECT document_id FROM document_consent WHERE person_id = $1 "
	"  UNION SELECT document_id FROM request WHERE author_id = $1 "
	"  UNION SELECT s.document_id FROM document_share s "
	"    WHERE s.requested_by = $1 OR EXISTS (SELECT 1 FROM share_consent c "
	"      WHERE c.share_id = s.id AND c.person_id = $1))", 1, 1 }};
/* The organisations $1's address is shielded from. */
static const struct stmt_def ST_EXPORT_SHIELDED[1] = {{ "export_shielded",
	"SELECT o.name, " EPOCH("cc.marked_at") " FROM contact_confidential cc "
	"JOIN organisation o ON o.id = cc.organisation_id "
	"WHERE cc.person_id = $1 ORDER BY o.name", 1, 2 }};
/* $1's requests (/verzoeken) and what happened to them; the title of a
 * document $1 can no longer read stays out (NULL). */
static const struct stmt_def ST_EXPORT_REQUESTS[1] = {{ "export_requests",
	"SELECT r.public_id, CASE WHEN d.public_id = ANY ($2::text[]) "
	"  THEN d.title END, r.kind, r.body, r.status, " EPOCH("r.created_at")
	", r.due_on::text, r.extended, r.extension_reason, r.answer, "
	EPOCH("r.answered_at") " "
	"FROM request r LEFT JOIN document d ON d.id = r.document_id "
	"WHERE r.author_id = $1 ORDER BY r.created_at, r.id", 2, 11 }};
static const struct stmt_def ST_EXPORT_REQUEST_EVENTS[1] = {{
	"export_request_events",
	"SELECT r.public_id, " EPOCH("e.at") ", e.what, e.text "
	"FROM request_event e JOIN request r ON r.id = e.request_id "
	"WHERE r.author_id = $1 ORDER BY e.at, e.id", 1, 4 }};
/* $1's help requests (/hulp-vragen): their words, to which team, and
 * what the team did. */
static const struct stmt_def ST_EXPORT_HELP[1] = {{ "export_help",
	"SELECT h.public_id, h.body, h.urgency, h.contact, o.name, h.status, "
	"  " EPOCH("h.created_at") ", h.contact_by::text, "
	"  " EPOCH("h.contact_at") ", h.contact_note, " EPOCH("h.done_at") " "
	"FROM help_request h JOIN organisation o ON o.id = h.organisation_id "
	"WHERE h.author_id = $1 ORDER BY h.created_at, h.id", 1, 11 }};
/* The reminders of $1's appointments: to where, when, sent or not. */
static const struct stmt_def ST_EXPORT_REMINDERS[1] = {{ "export_reminders",
	"SELECT o.recipient, o.subject, " EPOCH("o.not_before") ", "
	EPOCH("o.sent_at") ", " EPOCH("o.cancelled_at") " "
	"FROM outbox o JOIN appointment ap "
	"  ON o.topic = 'reminder:' || ap.public_id "
	"WHERE ap.person_id = $1 ORDER BY o.id", 1, 5 }};

/* The messages of $1's own conversations (/berichten), both sides: the
 * conversation is between $1 and one professional, nobody else. */
static const struct stmt_def ST_EXPORT_MESSAGES[1] = {{ "export_messages",
	"SELECT c.public_id, c.subject, "
	"  pp.given_name || ' ' || pp.family_name, "
	"  ap.given_name || ' ' || ap.family_name, m.author_id = $1, m.body, "
	"  " EPOCH("m.created_at") " "
	"FROM conversation c "
	"  JOIN conversation_message m ON m.conversation_id = c.id "
	"  JOIN person pp ON pp.id = c.professional_id "
	"  JOIN person ap ON ap.id = m.author_id "
	"WHERE c.member_id = $1 ORDER BY c.created_at, c.id, m.id", 1, 7 }};

/* $1's own check-ins (/zo-gaat-het): the answers, and whether the
 * professionals may see them. */
static const struct stmt_def ST_EXPORT_CHECKINS[1] = {{ "export_checkins",
	"SELECT public_id, " EPOCH("created_at") ", safety, stress, sleep, "
	"  support, school, shared FROM checkin WHERE person_id = $1 "
	"ORDER BY created_at, id", 1, 8 }};

/* What $1 gave feedback on (/feedback): the answers themselves are
 * kept without a name, so nobody (not $1 either) can find them again. */
static const struct stmt_def ST_EXPORT_FEEDBACK_GIVEN[1] = {{
	"export_feedback_given",
	"SELECT contact, quarter::text FROM feedback_given WHERE person_id = $1 "
	"ORDER BY quarter, contact", 1, 2 }};

static const struct stmt_def *const stmts[] = {
	ST_EXPORT_CHECKINS,
	ST_EXPORT_FEEDBACK_GIVEN,
	ST_EXPORT_PERSON,
	ST_EXPORT_CONTACT,
	ST_EXPORT_CONTACT_HISTORY,
	ST_EXPORT_RESEARCH,
	ST_EXPORT_ANALYSIS,
	ST_EXPORT_EMAIL_CONFIRM,
	ST_EXPORT_MEMBERSHIPS,
	ST_EXPORT_DOCUMENTS,
	ST_EXPORT_PARTS,
	ST_EXPORT_COMMENTS,
	ST_EXPORT_VIEWS,
	ST_EXPORT_CONSENTS,
	ST_EXPORT_APPOINTMENTS,
	ST_EXPORT_SHARES,
	ST_EXPORT_AUDIT,
	ST_EXPORT_AUDIT_MONTHS,
	ST_EXPORT_AUDIT_LINES,
	ST_EXPORT_READERS,
	ST_EXPORT_PAGE_REFS,
	ST_EXPORT_SHIELDED,
	ST_EXPORT_REQUESTS,
	ST_EXPORT_REQUEST_EVENTS,
	ST_EXPORT_HELP,
	ST_EXPORT_REMINDERS,
	ST_EXPORT_MESSAGES,
};
const struct stmt_table export_stmts = {
	"account/export.c", stmts, NELEM(stmts)
};

#define EXPORT_SCHEMA_VERSION	1

/* K_CODE: a code ("document.read") that the page says in words; K_LANG a
 * language code (the page: its name); K_DATE a day, YYYY-MM-DD (the page:
 * written out); K_ROLE a family role (the page: in words); K_ID an opaque
 * number for computers (not on the page); K_DOC the id of a document
 * about the person (the page: its title). The JSON has them as stored. */
enum kind { K_TEXT, K_BOOL, K_TIME, K_INT, K_CODE, K_LANG, K_DATE, K_ROLE,
    K_ID, K_DOC };

static const struct label codes[] = {
	{ "login", N_("ingelogd") },
	{ "logout", N_("uitgelogd") },
	{ "family.read", N_("het gezin bekeken") },
	{ "document.list", N_("de lijst met stukken bekeken") },
	{ "document.read", N_("een stuk gelezen") },
	{ "document.download", N_("een bijlage gedownload") },
	{ "document.create", N_("een stuk gemaakt") },
	{ "document.update", N_("een stuk veranderd") },
	{ "document.remove", N_("een eigen stuk verwijderd") },
	{ "document.share_family", N_("gekozen welke ouders een stuk mogen "
	    "lezen") },
	{ "view.create", N_("een eigen visie bij een stuk gezet") },
	{ "view.change", N_("een eigen visie veranderd") },
	{ "view.withdraw", N_("een eigen visie ingetrokken") },
	{ "share_family.add", N_("een ouder een stuk laten lezen") },
	{ "share_family.remove", N_("een ouder een stuk niet meer laten "
	    "lezen") },
	{ "comment.create", N_("een reactie geschreven") },
	{ "consent.give", N_("gezegd of het klopt") },
	{ "share.list", N_("bekeken wie stukken kan zien") },
	{ "share.start", N_("een stuk gedeeld") },
	{ "share.agree", N_("ja gezegd tegen delen") },
	{ "share.revoke", N_("gestopt met delen") },
	{ "share.refuse", N_("nee gezegd tegen delen") },
	{ "contact.read", N_("de contactgegevens bekeken") },
	{ "contact.update", N_("de contactgegevens veranderd") },
	{ "contact.email_confirm", N_("een nieuw mailadres bevestigd") },
	{ "audit.read", N_("bekeken wie meelas") },
	{ "account.language", N_("de taal veranderd") },
	{ "request.denied", N_("iets geprobeerd dat niet mocht") },
	{ "export.read", N_("alle gegevens bekeken") },
	{ "appointment.list", N_("de afspraken bekeken") },
	{ "appointment.book", N_("een afspraak gemaakt") },
	{ "appointment.move", N_("een afspraak verzet") },
	{ "appointment.cancel", N_("een afspraak afgezegd") },
	{ "appointment.export", N_("een afspraak in de agenda gezet") },
	{ "contact.shield", N_("een adres afgeschermd") },
	{ "shield.add", N_("een gezinslid afgeschermd voor een ander gezinslid") },
	{ "contact.unshield", N_("een adres weer laten zien") },
	{ "slot.create", N_("een tijd voor afspraken opengezet") },
	{ "slot.withdraw", N_("een tijd voor afspraken weggehaald") },
	{ "account", N_("account") },
	{ "organisation", N_("organisatie") },
	{ "request.list", N_("de vragen om iets te veranderen bekeken") },
	{ "request.read", N_("een vraag om iets te veranderen gelezen") },
	{ "request.create", N_("een vraag om iets te veranderen gesteld") },
	{ "request.take_up", N_("een vraag om iets te veranderen opgepakt") },
	{ "request.extend", N_("langer de tijd genomen voor een vraag") },
	{ "request.answer", N_("een vraag om iets te veranderen beantwoord") },
	{ "comment.answer", N_("een reactie beantwoord") },
	{ "help.list", N_("de vragen om hulp bekeken") },
	{ "help.read", N_("een vraag om hulp gelezen") },
	/* review S12: no action on the page as a code */
	{ "waiting.read", N_("bekeken wat op u wacht") },
	{ "account.password", N_("het wachtwoord veranderd") },
	{ "checkin.create", N_("de vragen van 'Zo gaat het' ingevuld") },
	{ "checkin.read", N_("de antwoorden van 'Zo gaat het' bekeken") },
	{ "feedback.give", N_("gezegd hoe de hulp was") },
	{ "slot.decline", N_("laten weten dat een tijd niet past") },
	{ "analysis.list", N_("de vragen voor de analyse bekeken") },
	{ "analysis.answer", N_("een vraag voor de analyse beantwoord") },
	{ "analysis.read", N_("een analyse bekeken") },
	{ "research.read", N_("bekeken of u meedoet aan onderzoek") },
	{ "counter.receipt.read", N_("een bon van de balie bekeken") },
	{ "help.create", N_("om hulp gevraagd") },
	{ "help.contact", N_("gezegd dat iemand contact opneemt") },
	{ "help.done", N_("een vraag om hulp afgerond") },
	{ "help.mark", N_("iets gedaan met een vraag om hulp") },
	{ "help", N_("vraag om hulp") },
	{ "nu", N_("nu") },
	{ "deze-week", N_("deze week") },
	{ "geen-haast", N_("geen haast") },
	{ "ontvangen", N_("ontvangen") },
	{ "contact", N_("iemand neemt contact op") },
	{ "afgerond", N_("afgerond") },
	{ "reply.list", N_("bekeken wat op antwoord wacht") },
	{ "reply.read", N_("een antwoordformulier geopend") },
	{ "reply.token", N_("een antwoordlink gebruikt") },
	{ "request", N_("vraag om iets te veranderen") },
	{ "comment", N_("reactie") },
	{ "conversation.list", N_("de berichten bekeken") },
	{ "conversation.read", N_("een gesprek met berichten gelezen") },
	{ "conversation.start", N_("een gesprek met een hulpverlener "
	    "begonnen") },
	{ "message.create", N_("een bericht geschreven") },
	{ "message.answer", N_("een bericht beantwoord") },
	{ "conversation", N_("gesprek") },
	{ "message", N_("bericht") },
	{ "hulpverlener", N_("alleen de hulpverlener") },
	{ "gezin", N_("het gezin en de hulpverlener") },
	{ "citizen", N_("gezinslid") },
	{ "professional", N_("hulpverlener") },
	{ "clerk", N_("baliemedewerker") },
	{ "anonymous", N_("niet ingelogd") },
	{ "namens-u", N_("door de baliemedewerker namens u") },
	{ "namens-ander", N_("door de baliemedewerker namens een ander") },
	{ "allowed", N_("gedaan") },
	{ "denied", N_("niet toegestaan") },
	{ "failed", N_("mislukt") },
	{ "document", N_("stuk") },
	{ "person", N_("persoon") },
	{ "family", N_("gezin") },
	{ "appointment", N_("afspraak") },
	{ "slot", N_("tijd voor een afspraak") },
	{ "share", N_("delen") },
	/* how to reach, answers, requests, the kind of help */
	{ "telefoon", N_("Bellen") },
	{ "email", N_("E-mail") },
	{ "post", N_("Een brief") },
	{ "balie", N_("Aan de balie van de gemeente") },
	{ "eens", N_("eens") },
	{ "deels", N_("deels eens") },
	{ "oneens", N_("niet eens") },
	{ "wijzigen", N_("Iets veranderen") },
	{ "aanvullen", N_("Iets toevoegen") },
	{ "verwijderen", N_("Iets weghalen") },
	{ "ingediend", N_("Wacht op antwoord") },
	{ "in behandeling", N_("De hulpverlener is ermee bezig") },
	{ "verlengd", N_("Langer de tijd genomen") },
	{ "toegekend", N_("Toegekend") },
	{ "deels toegekend", N_("Deels toegekend") },
	{ "afgewezen", N_("Afgewezen") },
	{ "vrijwillig", N_("Hulp die u zelf wilt") },
	{ "gedwongen", N_("Hulp die de rechter heeft bepaald") },
};

struct column {
	const char	*key;		/* JSON key */
	const char	*label;		/* msgid, for the page */
	enum kind	 kind;
};

#define MAX_COLUMNS	11

struct section {
	const char	*key;		/* JSON key */
	const char	*title;		/* msgid, for the page */
	const struct stmt_def *st;
	int		 single;	/* one object (or null), not a list */
	int		 docs_param;	/* $2 (or $1 alone) is the document ids;
					 * 3: and $3 the people shielded from $1 */
	struct column	 cols[MAX_COLUMNS];
};

static const struct section sections[] = {
	{ "person", N_("Over u"), ST_EXPORT_PERSON, 1, 0, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "given_name", N_("Voornaam"), K_TEXT },
		{ "family_name", N_("Achternaam"), K_TEXT },
		{ "birth_date", N_("Geboortedatum"), K_DATE },
		{ "language", N_("Taal"), K_LANG },
		{ "username", N_("Gebruikersnaam"), K_TEXT },
		{ "account_created_at", N_("Account gemaakt op"), K_TIME } } },
	{ "contact", N_("Uw contactgegevens"), ST_EXPORT_CONTACT, 1, 0, {
		{ "phone", N_("Telefoonnummer"), K_TEXT },
		{ "email", N_("E-mailadres"), K_TEXT },
		{ "address", N_("Adres"), K_TEXT },
		{ "reach_by", N_("Zo bereiken wij u"), K_CODE },
		{ "updated_at", N_("Veranderd op"), K_TIME } } },
	{ "contact_history", N_("Eerdere contactgegevens"),
	    ST_EXPORT_CONTACT_HISTORY, 0, 0, {
		{ "phone", N_("Telefoonnummer"), K_TEXT },
		{ "email", N_("E-mailadres"), K_TEXT },
		{ "address", N_("Adres"), K_TEXT },
		{ "reach_by", N_("Zo bereiken wij u"), K_CODE },
		{ "language", N_("Taal"), K_LANG },
		{ "changed_at", N_("Veranderd op"), K_TIME } } },
	{ "email_confirmations", N_("Nieuwe mailadressen en hun bevestiging"),
	    ST_EXPORT_EMAIL_CONFIRM, 0, 0, {
		{ "email", N_("E-mailadres"), K_TEXT },
		{ "given_at", N_("Opgegeven op"), K_TIME },
		{ "confirmed_at", N_("Bevestigd op"), K_TIME },
		{ "ended_at", N_("Vervallen op"), K_TIME } } },
	{ "address_shielded_from", N_("Uw adres is afgeschermd voor"),
	    ST_EXPORT_SHIELDED, 0, 0, {
		{ "organisation", N_("Organisatie"), K_TEXT },
		{ "since", N_("Sinds"), K_TIME } } },
	{ "memberships", N_("Uw gezin"), ST_EXPORT_MEMBERSHIPS, 0, 0, {
		{ "family", N_("Gezin"), K_TEXT },
		{ "role", N_("Rol in het gezin"), K_ROLE },
		{ "parental_authority", N_("Gezag"), K_BOOL },
		{ "framework", N_("Soort hulp"), K_CODE } } },
	{ "documents", N_("Stukken over u en stukken die u schreef"),
	    ST_EXPORT_DOCUMENTS, 0, 1, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "title", N_("Titel"), K_TEXT },
		{ "created_at", N_("Gemaakt op"), K_TIME },
		{ "author", N_("Geschreven door"), K_TEXT },
		{ "organisation", N_("Organisatie"), K_TEXT },
		{ "version", N_("Versie"), K_INT },
		{ "text", N_("Tekst"), K_TEXT } } },
	{ "document_parts", N_("Afgeschermde delen van die stukken"),
	    ST_EXPORT_PARTS, 0, 2, {
		{ "document_id", N_("Stuk"), K_DOC },
		{ "label", N_("Naam van het deel"), K_TEXT },
		{ "text", N_("Tekst"), K_TEXT } } },
	{ "comments", N_("Uw reacties"), ST_EXPORT_COMMENTS, 0, 2, {
		{ "document_id", N_("Nummer van het stuk"), K_ID },
		{ "document_title", NC_("exportkolom: welk stuk", "Stuk"), K_TEXT },
		{ "text", N_("Tekst"), K_TEXT },
		{ "family_may_read", N_("Uw gezin mag het lezen"), K_BOOL },
		{ "audience", N_("Wie leest het"), K_CODE },
		{ "created_at", N_("Geschreven op"), K_TIME } } },
	{ "own_views", N_("Uw eigen visie bij stukken"), ST_EXPORT_VIEWS, 0, 2, {
		{ "document_id", N_("Nummer van het stuk"), K_ID },
		{ "document_title", NC_("exportkolom: welk stuk", "Stuk"), K_TEXT },
		{ "text", N_("Tekst"), K_TEXT },
		{ "created_at", N_("Geschreven op"), K_TIME },
		{ "changed_at", N_("Vervangen door een nieuwe tekst op"),
		    K_TIME },
		{ "withdrawn_at", N_("Ingetrokken op"), K_TIME } } },
	{ "consents", N_("Uw antwoorden: eens of niet eens"),
	    ST_EXPORT_CONSENTS, 0, 2, {
		{ "document_id", N_("Nummer van het stuk"), K_ID },
		{ "document_title", NC_("exportkolom: welk stuk", "Stuk"), K_TEXT },
		{ "version", N_("Versie"), K_INT },
		{ "decision", N_("Antwoord"), K_CODE },
		{ "explanation", N_("Uitleg"), K_TEXT },
		{ "created_at", N_("Gegeven op"), K_TIME } } },
	{ "appointments", N_("Uw afspraken"), ST_EXPORT_APPOINTMENTS, 0, 0, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "starts_at", N_("Begint"), K_TIME },
		{ "ends_at", N_("Eindigt"), K_TIME },
		{ "place", N_("Plaats"), K_TEXT },
		{ "professional", NC_("met welke hulpverlener", "Met"), K_TEXT },
		{ "organisation", N_("Organisatie"), K_TEXT },
		{ "booked_at", N_("Gemaakt op"), K_TIME },
		{ "cancelled_at", N_("Afgezegd op"), K_TIME },
		{ "cancel_reason", N_("Reden"), K_TEXT } } },
	{ "requests", N_("Uw vragen om iets te veranderen"), ST_EXPORT_REQUESTS, 0, 2, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "document_title", NC_("exportkolom: welk stuk", "Stuk"), K_TEXT },
		{ "kind", N_("Soort vraag"), K_CODE },
		{ "text", N_("Tekst"), K_TEXT },
		{ "status", N_("Hoe staat het?"), K_CODE },
		{ "created_at", N_("Gevraagd op"), K_TIME },
		{ "answer_due_on", N_("Antwoord uiterlijk op"), K_DATE },
		{ "extended", N_("Langer de tijd genomen"), K_BOOL },
		{ "extension_reason", N_("Waarom langer"), K_TEXT },
		{ "answer", N_("Antwoord"), K_TEXT },
		{ "answered_at", N_("Beantwoord op"), K_TIME } } },
	{ "request_timeline", N_("Wat er met uw vragen gebeurde"),
	    ST_EXPORT_REQUEST_EVENTS, 0, 0, {
		{ "request_id", N_("Nummer van de vraag"), K_ID },
		{ "at", N_("Wanneer"), K_TIME },
		{ "what", NC_("wat voor vraag of reactie", "Wat"), K_CODE },
		{ "text", N_("Tekst"), K_TEXT } } },
	{ "help_requests", N_("Uw vragen om hulp"), ST_EXPORT_HELP, 0, 0, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "text", N_("Tekst"), K_TEXT },
		{ "urgency", N_("Hoe snel"), K_CODE },
		{ "contact", N_("Contact via"), K_TEXT },
		{ "team", N_("Naar"), K_TEXT },
		{ "status", N_("Stand van zaken"), K_CODE },
		{ "created_at", N_("Gevraagd op"), K_TIME },
		{ "contact_by", N_("Contact uiterlijk op"), K_TEXT },
		{ "contact_at", N_("Iemand neemt contact op sinds"), K_TIME },
		{ "note", N_("Bericht van het team"), K_TEXT },
		{ "done_at", N_("Afgerond op"), K_TIME } } },
	{ "messages", N_("Uw berichten met uw hulpverlener"),
	    ST_EXPORT_MESSAGES, 0, 0, {
		{ "conversation_id", N_("Nummer van het gesprek"), K_ID },
		{ "subject", N_("Onderwerp"), K_TEXT },
		{ "professional", NC_("met welke hulpverlener", "Met"), K_TEXT },
		{ "author", N_("Geschreven door"), K_TEXT },
		{ "by_you", N_("Door u geschreven"), K_BOOL },
		{ "text", N_("Tekst"), K_TEXT },
		{ "created_at", N_("Geschreven op"), K_TIME } } },
	{ "checkins", N_("Zo gaat het: uw antwoorden"), ST_EXPORT_CHECKINS,
	    0, 0, {
		{ "id", N_("Nummer in het portaal"), K_ID },
		{ "created_at", N_("Ingevuld op"), K_TIME },
		{ "safety", N_("Veilig thuis"), K_INT },
		{ "calm", N_("Rust"), K_INT },
		{ "sleep", N_("Slaap"), K_INT },
		{ "support", N_("Steun"), K_INT },
		{ "school_work", N_("School of werk"), K_INT },
		{ "shared", N_("Hulpverlener mag het zien"), K_BOOL } } },
	{ "feedback_given", N_("Waarover u zei hoe de hulp was"),
	    ST_EXPORT_FEEDBACK_GIVEN, 0, 0, {
		{ "about", N_("Waarover"), K_TEXT },
		{ "quarter", N_("Kwartaal vanaf"), K_TEXT } } },
	{ "reminders", N_("Herinneringen per e-mail"), ST_EXPORT_REMINDERS,
	    0, 0, {
		{ "to", N_("Naar"), K_TEXT },
		{ "subject", N_("Onderwerp"), K_TEXT },
		{ "planned_at", N_("Gepland voor"), K_TIME },
		{ "sent_at", N_("Verstuurd op"), K_TIME },
		{ "called_off_at", N_("Niet meer nodig sinds"), K_TIME } } },
	{ "analysis_answers", N_("Uw antwoorden voor de analyse"),
	    ST_EXPORT_ANALYSIS, 0, 0, {
		{ "question", N_("Vraag"), K_TEXT },
		{ "text", N_("Tekst"), K_TEXT },
		{ "family_may_read", N_("Uw gezin mag het lezen"), K_BOOL },
		{ "created_at", N_("Geschreven op"), K_TIME },
		{ "changed_at", N_("Veranderd op"), K_TIME },
		{ "at_counter", N_("Aan de balie"), K_BOOL } } },
	{ "research_choices", N_("Uw keuze over meedoen aan onderzoek"),
	    ST_EXPORT_RESEARCH, 0, 0, {
		{ "agrees", N_("Ja, ik doe mee"), K_BOOL },
		{ "decided_at", N_("Gekozen op"), K_TIME },
		{ "at_counter", N_("Aan de balie"), K_BOOL } } },
	{ "shares", N_("Stukken die u deelde"), ST_EXPORT_SHARES, 0, 3, {
		{ "document_id", N_("Nummer van het stuk"), K_ID },
		{ "document_title", NC_("exportkolom: welk stuk", "Stuk"), K_TEXT },
		{ "organisation", N_("Organisatie"), K_TEXT },
		{ "court_order", N_("Door de rechter bepaald"), K_BOOL },
		{ "waiting", N_("Wacht op toestemming"), K_BOOL },
		{ "includes_comments", N_("Met de reacties"), K_BOOL },
		{ "created_at", N_("Gevraagd op"), K_TIME },
		{ "until", N_("Eindigt op"), K_TIME },
		{ "last_day", N_("Tot en met"), K_DATE },
		{ "revoked_at", N_("Gestopt op"), K_TIME },
		{ "asked_by_you", N_("Door u gevraagd"), K_BOOL } } },
	{ "audit", N_("Wie deed wat met uw gegevens"), ST_EXPORT_AUDIT, 0, 3, {
		{ "at", N_("Wanneer"), K_TIME },
		{ "who", N_("Wie"), K_TEXT },
		{ "organisation", N_("Organisatie"), K_TEXT },
		{ "role", NC_("exportkolom: in welke rol", "Als"), K_CODE },
		{ "action", NC_("exportkolom: wat er gebeurde", "Wat"), K_CODE },
		{ "object_kind", N_("Soort gegeven"), K_CODE },
		{ "object_id", N_("Nummer"), K_TEXT },
		{ "outcome", N_("Uitkomst"), K_CODE },
		{ "at_counter", N_("Aan de balie"), K_CODE } } },
};

#define NSECTIONS	(sizeof(sections) / sizeof(sections[0]))

static size_t
ncols(const struct section *s)
{
	size_t	 n = 0;

	while (n < MAX_COLUMNS && s->cols[n].key != NULL)
		n++;
	return n;
}


/* "2026-11-23T16:05:00Z" in buf for a time given as epoch seconds
 * (text); NULL when it is no time. No arena: the JSON is streamed, and
 * its memory must not grow with the rows. */
static const char *
iso_time(char *buf, size_t size, const char *epoch)
{
	struct tm	 tm;
	time_t		 t;
	long		 v;

	if (util_parse_long(epoch, 0, 253402300799L, &v) == -1)
		return NULL;
	t = (time_t)v;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return buf;
}

static struct json_object *
json_value(const struct column *c, const PGresult *res, int row, int col)
{
	const char	*v;
	char		 buf[32];
	long		 n;

	if (db_isnull(res, row, col))
		return NULL;			/* JSON null */
	v = db_val(res, row, col);
	switch (c->kind) {
	case K_BOOL:
		return json_object_new_boolean(db_bool(res, row, col));
	case K_INT:
		if (util_parse_long(v, 0, 2147483647L, &n) == -1)
			return NULL;
		return json_object_new_int((int)n);
	case K_TIME:
		v = iso_time(buf, sizeof(buf), v);
		return v != NULL ? json_object_new_string(v) : NULL;
	case K_TEXT:
	case K_CODE:
	case K_LANG:
	case K_DATE:
	case K_ROLE:
	case K_ID:
	case K_DOC:
		break;
	}
	return json_object_new_string(v);
}

static struct json_object *
json_row(const struct section *s, const PGresult *res, int row)
{
	struct json_object	*o = json_object_new_object();
	size_t			 i, n = ncols(s);

	if (o == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		json_object_object_add(o, s->cols[i].key,
		    json_value(&s->cols[i], res, row, (int)i));
	return o;
}

/*
 * The JSON, streamed (issue 21): each section's rows are read one at a
 * time (lib/db: db_each, single-row mode) and written to the client as
 * they come, all sections in one read-only snapshot, so the worker's
 * memory does not grow with the rows and nothing is capped: every audit
 * row, every document. The same keys as before (schema_version 1).
 */
struct jstream {
	struct req		*r;
	const struct section	*s;
	long			 n;	/* rows written in this section */
};

static int
out(struct req *r, const char *s)
{
	return r->stream.write(r, s, strlen(s));
}

static int
json_each(void *arg, const PGresult *res)
{
	struct jstream		*j = arg;
	struct json_object	*o;
	const char		*text;
	int			 rc = -1;

	if (j->s->single && j->n > 0)
		return 0;			/* one object: the first row */
	if ((o = json_row(j->s, res, 0)) == NULL)
		return -1;
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text != NULL && (j->s->single || out(j->r, j->n > 0 ?
	    ",\n  " : "\n  ") == 0) && out(j->r, text) == 0)
		rc = 0;
	json_object_put(o);			/* frees text too */
	j->n++;
	return rc;
}

/* The sections after the head, each as it comes. 0, or -1 once a
 * statement or the client failed (the body is then cut). */
static int
json_sections(struct req *r, const char *const *one,
    const char *const *three)
{
	struct jstream	 j;
	size_t		 i;

	j.r = r;
	for (i = 0; i < NSECTIONS; i++) {
		j.s = &sections[i];
		j.n = 0;
		if (out(r, ",\n\"") != 0 || out(r, j.s->key) != 0 ||
		    out(r, j.s->single ? "\": " : "\": [") != 0)
			return -1;
		if (db_each(r->db, j.s->st, j.s->docs_param == 1 ? &three[1] :
		    j.s->docs_param >= 2 ? three : one, json_each, &j) !=
		    DB_OK)
			return -1;
		if (out(r, j.s->single ? (j.n == 0 ? "null" : "") :
		    j.n == 0 ? "]" : "\n]") != 0)
			return -1;
	}
	return 0;
}

/*
 * GET /mijn-gegevens.json. What can fail before the head is sent (the
 * readable documents, the audit row, the snapshot) gets the error page as
 * everywhere. A failure after it (PostgreSQL gone, the client gone) can
 * no longer change the status: the body is cut where it is, without the
 * closing brace, and ends in a line that is no JSON and says so in words.
 * So a cut export never parses, and nobody can take it for whole.
 */
int
h_export_json(struct req *r)
{
	const char	*one[1], *three[3];
	char		 now[32], made[32];
	enum db_err	 e;
	int		 st = 0;

	one[0] = r->sess.person_id_s;
	three[0] = r->sess.person_id_s;
	if ((three[1] = doc_readable_ids(r, 1, &st)) == NULL ||
	    (three[2] = req_hidden_actors(r, &st)) == NULL)
		return st != 0 ? st : 500;
	/* the audit row first, on its own: the snapshot is read-only */
	if ((e = req_audit(r, "export.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK || (e = db_begin_snapshot(r->db)) !=
	    DB_OK)
		return db_status(e);
	if (http_header_set(r->rs, "Content-Type",
	    "application/json; charset=utf-8") == -1 ||
	    http_header_set(r->rs, "Content-Disposition",
	    "attachment; filename=\"mijn-gegevens.json\"") == -1)
		return 500;
	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	if (r->stream.begin(r) != 0 ||
	    out(r, "{\n\"schema_version\": ") != 0 ||
	    r->stream.write(r, made, (size_t)snprintf(made, sizeof(made),
	    "%d", EXPORT_SCHEMA_VERSION)) != 0 ||
	    out(r, ",\n\"made_at\": \"") != 0 ||
	    out(r, iso_time(made, sizeof(made), now) != NULL ? made : "") != 0 ||
	    out(r, "\"") != 0 || json_sections(r, one, three) != 0) {
		log_error("export: cut: a statement or the client failed");
		if (!r->stream.started)
			return 500;	/* nothing sent: the error page */
		(void)out(r, "\n");
		(void)out(r, _("Afgebroken: dit bestand is niet compleet. "
		    "Download het opnieuw."));
		(void)out(r, "\n");
		return 500;
	}
	db_rollback(r->db);			/* read only: nothing to keep */
	return out(r, "\n}\n") == 0 ? 0 : 500;
}

/* "2026-12-03" written out in the page's language; "" when it is no day. */
static const char *
day_words(struct req *r, const char *v)
{
	struct tm	 tm;
	char		 part[5], buf[128];
	long		 y, m, d;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
		return "";
	memcpy(part, v, 4);
	part[4] = '\0';
	if (util_parse_long(part, 1, 9999, &y) == -1)
		return "";
	memcpy(part, v + 5, 2);
	part[2] = '\0';
	if (util_parse_long(part, 1, 12, &m) == -1)
		return "";
	memcpy(part, v + 8, 2);
	if (util_parse_long(part, 1, 31, &d) == -1)
		return "";
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = 12;
	i18n_format_date(buf, sizeof(buf), timegm(&tm));
	return arena_strdup(r->a, buf);
}

/*
 * The documents section of the page (issue 21): DOCS_PER_PAGE documents
 * about the person a page, newest first, keyset paged like /documenten
 * (ST_DOC_ABOUT_DOWN/_UP: doc_may_read narrows, lib/policy decides each
 * row): ?stukken-na=<id> the older ones after document <id>,
 * ?stukken-voor=<id> the newer ones before it. A cursor that does not
 * exist or that the person may not read: the first page. The JSON holds
 * them all.
 */
#define DOCS_PER_PAGE	50

struct doc_page {
	const PGresult	*res;		/* candidates, in the statement's order */
	int		 up;		/* ST_DOC_ABOUT_UP: oldest first */
	int		 n;		/* rows on the page: min(rows, PER_PAGE) */
	int		*shown;		/* [n]: lib/policy lets the person read it,
					 * and it is about them */
	int		 nshown;
	int		 has_newer, has_older;
	const char	*newer, *older;	/* cursors: public ids */
};

static enum db_err
docs_fetch(struct req *r, struct doc_page *dp, const char *cursor, int up)
{
	const char	*p[3];
	PGresult	*res;
	enum db_err	 e;

	p[0] = r->sess.person_id_s;
	p[1] = cursor;
	p[2] = arena_printf(r->a, "%d", DOCS_PER_PAGE + 1);
	if (p[2] == NULL)
		return DB_ERROR;
	e = db_exec(r->db, up ? ST_DOC_ABOUT_UP : ST_DOC_ABOUT_DOWN, p, &res);
	dp->res = res;
	dp->up = up;
	return e;
}

/* The page of documents the query asks for (after, before: the cursors,
 * "" when not given), falling back to the first; lib/policy decides on
 * every row. 0 or an HTTP status. */
static int
docs_load(struct req *r, struct doc_page *dp, const char *after,
    const char *before)
{
	struct doc_facts	 f;
	enum db_err		 e;
	int			 rows, k, i, newer;

	memset(dp, 0, sizeof(*dp));
	dp->newer = dp->older = "";
	newer = after[0] == '\0' && before[0] != '\0';
	if ((e = docs_fetch(r, dp, newer ? before : after, newer)) != DB_OK)
		return db_status(e);
	rows = db_rows(dp->res);
	/* A bad cursor (no rows), or newer ones that fit on the first
	 * page: the first page. */
	if ((after[0] != '\0' && rows == 0) ||
	    (newer && rows <= DOCS_PER_PAGE)) {
		after = "";
		if ((e = docs_fetch(r, dp, "", 0)) != DB_OK)
			return db_status(e);
		rows = db_rows(dp->res);
	}
	dp->n = rows < DOCS_PER_PAGE ? rows : DOCS_PER_PAGE;
	if (dp->n > 0) {
		/* newest first on the page: row k of a page read upwards
		 * is shown at n-1-k */
		dp->newer = db_val(dp->res, dp->up ? dp->n - 1 : 0,
		    C_PUBLIC_ID);
		dp->older = db_val(dp->res, dp->up ? 0 : dp->n - 1,
		    C_PUBLIC_ID);
	}
	dp->has_newer = dp->up ? rows > DOCS_PER_PAGE : after[0] != '\0';
	dp->has_older = dp->up ? 1 : rows > DOCS_PER_PAGE;
	if ((dp->shown = arena_calloc(r->a, (size_t)dp->n + 1,
	    sizeof(*dp->shown))) == NULL)
		return 500;
	for (k = 0; k < dp->n; k++) {
		i = dp->up ? dp->n - 1 - k : k;
		/* The database only narrowed: lib/policy decides. */
		if (doc_facts_load(r, dp->res, i, &f) == -1)
			continue;
		if (!doc_about_reader(&f)) {
			log_error("export: doc_may_read and lib/policy "
			    "disagree on %s", db_val(dp->res, i, C_PUBLIC_ID));
			continue;
		}
		dp->shown[k] = 1;
		dp->nshown++;
	}
	return 0;
}

/* The row of dp->res shown at place k (0: the newest on the page). */
static int
docs_row(const struct doc_page *dp, int k)
{
	return dp->up ? dp->n - 1 - k : k;
}

/* The public ids of the documents shown, as an array literal, for the
 * hidden parts of those documents (ST_EXPORT_PARTS). */
static const char *
docs_ids(struct req *r, const struct doc_page *dp)
{
	struct buf	 b;
	int		 k, n = 0;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (k = 0; k < dp->n; k++) {
		if (!dp->shown[k])
			continue;
		if (n++ > 0)
			buf_putc(&b, ',');
		buf_puts(&b, db_val(dp->res, docs_row(dp, k), C_PUBLIC_ID));
	}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

/* The title of document public_id when it is on this page of documents
 * (the hidden parts' "Stuk"); NULL when it is not. */
static const char *
docs_title(const struct doc_page *dp, const char *public_id)
{
	int	 k, i;

	for (k = 0; k < dp->n; k++) {
		i = docs_row(dp, k);
		if (dp->shown[k] && strcmp(db_val(dp->res, i, C_PUBLIC_ID),
		    public_id) == 0)
			return db_val(dp->res, i, C_TITLE);
	}
	return NULL;
}

/* The title of document public_id when it is about the person and
 * lib/policy lets them read it (set: the documents the page's lines and
 * sections name); NULL when not. */
static const char *
set_title(const struct doc_set *set, const char *public_id)
{
	struct doc_facts	 f;
	int			 row;

	if (doc_set_facts(set, public_id, &f, &row) == -1 ||
	    !doc_about_reader(&f))
		return NULL;
	return db_val(set->res, row, C_TITLE);
}

/* The documents in set that refs (ST_EXPORT_PAGE_REFS) names and that are
 * about the person and readable (lib/policy), as an array literal: $2 of
 * the sections (VISIBLE: a title only for those). */
static const char *
refs_ids(struct req *r, const struct doc_set *set, const PGresult *refs)
{
	struct buf	 b;
	int		 k, n = 0;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (k = 0; k < db_rows(refs); k++) {
		if (set_title(set, db_val(refs, k, 0)) == NULL)
			continue;
		if (n++ > 0)
			buf_putc(&b, ',');
		buf_puts(&b, db_val(refs, k, 0));
	}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

/* A value as people read it: dates in words, yes/no, codes in words;
 * "" for what the page does not show. dp: the page of documents. */
static const char *
page_value(struct req *r, const struct column *c, const PGresult *res,
    int row, int col, const struct doc_page *dp)
{
	const struct i18n_lang	*lang;
	const char		*v;
	char			 buf[128];
	long			 t;

	if (db_isnull(res, row, col))
		return "";
	v = db_val(res, row, col);
	switch (c->kind) {
	case K_BOOL:
		return db_bool(res, row, col) ? _("ja") : _("nee");
	case K_TIME:
		if (util_parse_long(v, 0, 253402300799L, &t) == -1)
			return "";
		i18n_format_datetime(buf, sizeof(buf), (time_t)t);
		return arena_strdup(r->a, buf);
	case K_CODE:
		return LABEL(codes, v);
	case K_LANG:
		return (lang = i18n_find(v)) != NULL ? lang->native : v;
	case K_DATE:
		return day_words(r, v);
	case K_ROLE:
		return family_role_label(v);
	case K_ID:
		return "";		/* a number for computers */
	case K_DOC:
		return (v = docs_title(dp, v)) != NULL ? v : "";
	case K_INT:
	case K_TEXT:
		break;
	}
	return v;
}

/* An audit action in words; one the table does not know says so plainly,
 * never as a code (review S12). */
static const char *
action_words(const char *action)
{
	const char	*w = LABEL(codes, action);

	/* label_of() gives the code itself back when it has no words */
	return w != action ? w : _("iets anders gedaan in het portaal");
}

/* The index of the section with JSON key `key`. */
static size_t
section_index(const char *key)
{
	size_t	 i;

	for (i = 0; i < NSECTIONS; i++)
		if (strcmp(sections[i].key, key) == 0)
			return i;
	return 0;
}

/*
 * The audit rows of one month, grouped as people read them (the lines
 * come grouped from ST_EXPORT_AUDIT_LINES, newest first): per day, and
 * within a day one line per person, action and thing (a document by its
 * title), with how many times. The months are links; a month has more
 * pages when it has more than LINES_PER_PAGE lines. A line shown only
 * because it is about a document (not mine) is shown when lib/policy
 * lets the person read the document (set).
 */
static int
fill_audit(struct req *r, struct tctx *sec, const PGresult *months,
    const char *month, const PGresult *res, const struct doc_set *set)
{
	struct tctx	*day = NULL, *it;
	const char	*title, *v, *prev = NULL;
	char		 buf[64];
	long		 t;
	int		 i, rows = db_rows(res);

	tctx_bool(sec, "grouped", 1);
	tctx_list(sec, "months");
	tctx_bool(sec, "has_months", db_rows(months) > 0);
	for (i = 0; i < db_rows(months); i++) {
		if ((it = tctx_list_add(sec, "months")) == NULL)
			return 500;
		if (util_parse_long(db_val(months, i, AM_MID), 0,
		    253402300799L, &t) == -1 ||
		    i18n_format_month(buf, sizeof(buf), (time_t)t) == 0)
			snprintf(buf, sizeof(buf), "%s",
			    db_val(months, i, AM_MONTH));
		tctx_str(it, "name", buf);
		tctx_bool(it, "current", strcmp(db_val(months, i, AM_MONTH),
		    month) == 0);
		tctx_strf(it, "href", "/mijn-gegevens?maand=%s#deel-audit",
		    db_val(months, i, AM_MONTH));
	}
	tctx_str(sec, "more_href", rows > 0 && db_bool(res, 0, AL_MORE) ?
	    arena_printf(r->a, "/mijn-gegevens?maand=%s&na=%s"
	    "#deel-audit", month, db_val(res, rows - 1, AL_CURSOR)) : "");
	for (i = 0; i < rows; i++) {
		title = strcmp(db_val(res, i, AL_KIND), "document") == 0 ?
		    set_title(set, db_val(res, i, AL_OBJECT)) : NULL;
		if (title == NULL && !db_bool(res, i, AL_MINE)) {
			log_error("export: doc_may_read and lib/policy "
			    "disagree on %s", db_val(res, i, AL_OBJECT));
			continue;
		}
		if (prev == NULL || strcmp(db_val(res, i, AL_DAY), prev) != 0) {
			if ((day = tctx_list_add(sec, "days")) == NULL)
				return 500;
			prev = db_val(res, i, AL_DAY);
			tctx_date(day, "day", prev);
			tctx_list(day, "lines");
		}
		if ((it = tctx_list_add(day, "lines")) == NULL)
			return 500;
		tctx_str(it, "n", db_val(res, i, AL_N));
		v = db_val(res, i, AL_WHO);
		if (*v != '\0')
			tctx_nl(it, "who", v);	/* a name: Dutch content */
		else
			tctx_str(it, "who", _("niemand (niet ingelogd)"));
		tctx_nl(it, "organisation", db_val(res, i, AL_ORG));
		tctx_str(it, "role", LABEL(codes, db_val(res, i, AL_ROLE)));
		tctx_str(it, "what", action_words(db_val(res, i, AL_ACTION)));
		tctx_nl(it, "document", title != NULL ? title : "");
		tctx_bool(it, "denied", strcmp(db_val(res, i, AL_OUTCOME),
		    "allowed") != 0);
		tctx_str(it, "outcome", LABEL(codes,
		    db_val(res, i, AL_OUTCOME)));
		v = db_val(res, i, AL_COUNTER);
		tctx_str(it, "counter", *v != '\0' ? LABEL(codes, v) : "");
	}
	return 0;
}

/*
 * The summary at the top, in words, counted from the same rows as the
 * sections below (so it says nothing they do not): how many documents
 * (this page's; "more than" when there are more pages), comments,
 * requests, appointments and shares; and who else read or downloaded
 * documents about the person this month (ST_EXPORT_READERS, the same
 * audit rows as the log below, each document decided by lib/policy),
 * per person, with the titles. Whatever a section leaves out (a
 * shielded member, a document hidden from the person) the summary
 * leaves out too.
 */
struct reader {
	const char	*who;
	long		 n;
	struct buf	 titles;
	struct tctx	*it;
};

static int
fill_summary(struct req *r, struct tctx *c, const PGresult *res[NSECTIONS],
    const struct doc_page *dp, const PGresult *rdr,
    const struct doc_set *set)
{
	struct reader	*rd;
	const char	*who, *title;
	int		 i, k, nrd = 0;

	tctx_long(c, "n_documents", dp->has_newer || dp->has_older ?
	    DOCS_PER_PAGE : dp->nshown);
	tctx_bool(c, "more_documents", dp->has_newer || dp->has_older);
	tctx_long(c, "n_comments", db_rows(res[section_index("comments")]));
	tctx_long(c, "n_requests", db_rows(res[section_index("requests")]));
	tctx_long(c, "n_appointments",
	    db_rows(res[section_index("appointments")]));
	tctx_long(c, "n_shares", db_rows(res[section_index("shares")]));
	tctx_list(c, "readers");
	if ((rd = arena_calloc(r->a, (size_t)db_rows(rdr) + 1,
	    sizeof(*rd))) == NULL)
		return 500;
	for (i = 0; i < db_rows(rdr); i++) {
		/* another's read: only of a document lib/policy lets the
		 * person read (the database narrowed) */
		if ((title = set_title(set, db_val(rdr, i, RD_OBJECT))) ==
		    NULL) {
			log_error("export: doc_may_read and lib/policy "
			    "disagree on %s", db_val(rdr, i, RD_OBJECT));
			continue;
		}
		who = db_val(rdr, i, RD_ORG)[0] != '\0' ? arena_printf(r->a,
		    "%s (%s)", db_val(rdr, i, RD_WHO), db_val(rdr, i, RD_ORG)) :
		    db_val(rdr, i, RD_WHO);
		if (who == NULL)
			return 500;
		for (k = 0; k < nrd; k++)
			if (strcmp(rd[k].who, who) == 0)
				break;
		if (k == nrd) {
			rd[k].who = who;
			buf_init(&rd[k].titles, r->a, 0);
			if ((rd[k].it = tctx_list_add(c, "readers")) == NULL)
				return 500;
			tctx_nl(rd[k].it, "who", who);
			nrd++;
		}
		rd[k].n += db_long(rdr, i, RD_N);
		if ((title = arena_printf(r->a, "\xe2\x80\x9c%s\xe2\x80\x9d",
		    title)) == NULL)
			return 500;
		if (strstr(buf_cstr(&rd[k].titles), title) == NULL)
			buf_printf(&rd[k].titles, "%s%s",
			    rd[k].titles.len > 0 ? ", " : "", title);
	}
	for (k = 0; k < nrd; k++) {
		if (rd[k].titles.failed)
			return 500;
		tctx_long(rd[k].it, "n", rd[k].n);
		tctx_nl(rd[k].it, "titles", buf_cstr(&rd[k].titles));
	}
	tctx_long(c, "n_readers", nrd);
	return 0;
}

/* The fields of row k of res (section s) in list "rows" of sec. */
static int
fill_row(struct req *r, struct tctx *sec, const struct section *s,
    const PGresult *res, int k, const int *col, const struct doc_page *dp)
{
	struct tctx	*row, *f;
	const char	*v;
	size_t		 j;

	if ((row = tctx_list_add(sec, "rows")) == NULL)
		return 500;
	tctx_list(row, "fields");
	for (j = 0; j < ncols(s); j++) {
		v = page_value(r, &s->cols[j], res, k, col != NULL ? col[j] :
		    (int)j, dp);
		if (v[0] == '\0')
			continue;	/* nothing to say */
		if ((f = tctx_list_add(row, "fields")) == NULL)
			return 500;
		tctx_str(f, "label", i18n_gettext(s->cols[j].label));
		/* what people wrote, names and titles are Dutch content;
		 * words the portal chose (dates, yes/no, codes) are the
		 * page's */
		if (s->cols[j].kind == K_TEXT || s->cols[j].kind == K_DOC)
			tctx_nl(f, "value", v);
		else
			tctx_str(f, "value", v);
	}
	return 0;
}

/* The section "documents" from this page of documents: its columns are
 * those of DOC_COLUMNS (id, title, created, author, organisation,
 * version, text), and the links to older and newer ones. */
static const int doc_cols[] = { C_PUBLIC_ID, C_TITLE, C_CREATED, C_AUTHOR,
    C_ORG, C_VERSION, C_BODY };

static int
fill_documents(struct req *r, struct tctx *sec, const struct section *s,
    const struct doc_page *dp)
{
	int	 k, st;

	if (ncols(s) != NELEM(doc_cols))
		return 500;		/* the table and doc_cols disagree */
	for (k = 0; k < dp->n; k++)
		if (dp->shown[k] && (st = fill_row(r, sec, s, dp->res,
		    docs_row(dp, k), doc_cols, dp)) != 0)
			return st;
	tctx_bool(sec, "paged", 1);
	tctx_long(sec, "per_page", DOCS_PER_PAGE);
	tctx_bool(sec, "has_pager", dp->has_newer || dp->has_older);
	tctx_str(sec, "newer_href", dp->has_newer ? arena_printf(r->a,
	    "/mijn-gegevens?stukken-voor=%s#deel-documents", dp->newer) : "");
	tctx_str(sec, "older_href", dp->has_older ? arena_printf(r->a,
	    "/mijn-gegevens?stukken-na=%s#deel-documents", dp->older) : "");
	return 0;
}

enum { E_MONTH, E_AFTER, E_DOCS_AFTER, E_DOCS_BEFORE, E__MAX };

/* Query field `name` when it is at most max characters of `chars` (a
 * month, a number, a document's public id: base64url); "" otherwise:
 * odd input is not given (the first page), never an error page. */
static const char *
query_field(struct req *r, const char *name, size_t max, const char *chars)
{
	const struct http_field	*f = http_fields_get(&r->rq->query, name);
	size_t			 n;

	if (f == NULL)
		return "";
	n = strlen(f->value);
	return n <= max && strspn(f->value, chars) == n ? f->value : "";
}

#define ID_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_"

/* What the page reads before its sections: the months, this month's
 * lines, who else read, the documents the sections name, and the page
 * of documents. */
struct page_reads {
	const char	*hidden;	/* the people shielded from the person */
	PGresult	*months, *lines, *readers, *refs;
	const char	*month;		/* "" when the log is empty */
	struct doc_page	 docs;
	struct doc_set	 set;
};

/* The month's lines (the newest month when `want` has none; cursor
 * `after`, when it is a number, for the next lines). */
static int
read_log(struct req *r, struct page_reads *pr, const char *want,
    const char *after)
{
	const char	*lp[4];
	enum db_err	 e;
	int		 k;

	pr->month = "";
	pr->lines = NULL;
	for (k = 0; k < db_rows(pr->months); k++)
		if (strcmp(db_val(pr->months, k, AM_MONTH), want) == 0)
			break;
	if (db_rows(pr->months) == 0)
		return 0;
	pr->month = db_val(pr->months, k < db_rows(pr->months) ? k : 0,
	    AM_MONTH);
	lp[0] = r->sess.person_id_s;
	lp[1] = pr->hidden;
	lp[2] = pr->month;
	/* at most 18 digits (query_field): a bigint */
	lp[3] = k < db_rows(pr->months) && after[0] != '\0' ? after : NULL;
	if ((e = db_exec(r->db, ST_EXPORT_AUDIT_LINES, lp, &pr->lines)) !=
	    DB_OK)
		return db_status(e);
	if (db_rows(pr->lines) == 0 && lp[3] != NULL) {
		lp[3] = NULL;	/* past every line: the first */
		if ((e = db_exec(r->db, ST_EXPORT_AUDIT_LINES, lp,
		    &pr->lines)) != DB_OK)
			return db_status(e);
	}
	return 0;
}

/* Everything before the sections; q: the query's fields. 0 or an HTTP
 * status. */
static int
read_page(struct req *r, struct page_reads *pr, const char *const *q)
{
	const char	*one[1], *two[2];
	struct db_batch	 b[3];
	enum db_err	 e;
	int		 i, st = 0;

	memset(pr, 0, sizeof(*pr));
	if ((pr->hidden = req_hidden_actors(r, &st)) == NULL)
		return st != 0 ? st : 500;
	one[0] = two[0] = r->sess.person_id_s;
	two[1] = pr->hidden;
	b[0].st = ST_EXPORT_AUDIT_MONTHS;
	b[0].params = two;
	b[1].st = ST_EXPORT_READERS;
	b[1].params = two;
	b[2].st = ST_EXPORT_PAGE_REFS;
	b[2].params = one;
	if ((e = db_batch(r->db, b, NELEM(b))) != DB_OK)
		return db_status(e);
	pr->months = b[0].res;
	pr->readers = b[1].res;
	pr->refs = b[2].res;
	if ((st = read_log(r, pr, q[E_MONTH], q[E_AFTER])) != 0 ||
	    (st = docs_load(r, &pr->docs, q[E_DOCS_AFTER],
	    q[E_DOCS_BEFORE])) != 0)
		return st;
	/* The documents the lines and sections name: their facts in one
	 * statement, for lib/policy. */
	doc_set_init(r, &pr->set);
	for (i = 0; i < db_rows(pr->refs); i++)
		doc_set_want(&pr->set, db_val(pr->refs, i, 0));
	for (i = 0; i < db_rows(pr->readers); i++)
		doc_set_want(&pr->set, db_val(pr->readers, i, RD_OBJECT));
	for (i = 0; pr->lines != NULL && i < db_rows(pr->lines); i++)
		if (strcmp(db_val(pr->lines, i, AL_KIND), "document") == 0)
			doc_set_want(&pr->set, db_val(pr->lines, i,
			    AL_OBJECT));
	return doc_set_load(&pr->set);
}

/* Every section but the documents and the audit rows, in one round trip,
 * then the page's audit row; res[i] for sections[i] (NULL for those
 * two). */
static int
read_sections(struct req *r, const struct page_reads *pr,
    const PGresult *res[NSECTIONS])
{
	const char	*one[1], *three[3], *parts[3];
	struct db_batch	 b[NSECTIONS];
	enum db_err	 e;
	size_t		 i, k;

	one[0] = three[0] = parts[0] = r->sess.person_id_s;
	if ((three[1] = refs_ids(r, &pr->set, pr->refs)) == NULL ||
	    (parts[1] = docs_ids(r, &pr->docs)) == NULL)
		return 500;
	three[2] = parts[2] = pr->hidden;
	for (i = k = 0; i < NSECTIONS; i++) {
		res[i] = NULL;
		if (sections[i].st == ST_EXPORT_AUDIT ||
		    sections[i].st == ST_EXPORT_DOCUMENTS)
			continue;
		b[k].st = sections[i].st;
		b[k++].params = sections[i].st == ST_EXPORT_PARTS ? parts :
		    sections[i].docs_param >= 2 ? three : one;
	}
	if ((e = db_batch(r->db, b, k)) != DB_OK ||
	    (e = req_audit(r, "export.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	for (i = k = 0; i < NSECTIONS; i++) {
		if (sections[i].st == ST_EXPORT_AUDIT ||
		    sections[i].st == ST_EXPORT_DOCUMENTS)
			continue;
		if ((res[i] = b[k++].res) == NULL)
			return 500;
	}
	return 0;
}

/*
 * GET /mijn-gegevens?maand=YYYY-MM&na=CURSOR&stukken-na=ID: everything as
 * a page. Its size and cost do not grow with the audit log or the
 * dossier (issue 21): the log shows one month (default the newest),
 * LINES_PER_PAGE lines at a time, with every month as a link; the
 * documents DOCS_PER_PAGE at a time; the JSON holds all. A month without
 * rows, a cursor that is no number or no document: the newest month, the
 * first lines, the newest documents.
 */
int
h_export_page(struct req *r)
{
	const PGresult		*res[NSECTIONS];
	const struct section	*s;
	struct page_reads	 pr;
	struct tctx		*c, *sec;
	const char		*q[E__MAX];
	size_t			 i;
	int			 k, st = 0;

	q[E_MONTH] = query_field(r, "maand", 7, "0123456789-");
	q[E_AFTER] = query_field(r, "na", 18, "0123456789");
	q[E_DOCS_AFTER] = query_field(r, "stukken-na", 64, ID_CHARS);
	q[E_DOCS_BEFORE] = query_field(r, "stukken-voor", 64, ID_CHARS);
	if ((st = read_page(r, &pr, q)) != 0 ||
	    (st = read_sections(r, &pr, res)) != 0)
		return st;
	c = page_ctx(r);
	if ((st = fill_summary(r, c, res, &pr.docs, pr.readers, &pr.set)) != 0)
		return st;
	tctx_list(c, "sections");
	for (i = 0; i < NSECTIONS; i++) {
		s = &sections[i];
		if ((sec = tctx_list_add(c, "sections")) == NULL)
			return 500;
		tctx_str(sec, "heading", i18n_gettext(s->title));
		tctx_strf(sec, "anchor", "deel-%s", s->key);
		tctx_list(sec, "rows");
		tctx_bool(sec, "grouped", 0);
		tctx_list(sec, "days");
		tctx_list(sec, "months");
		tctx_bool(sec, "has_months", 0);
		tctx_str(sec, "more_href", "");
		tctx_bool(sec, "paged", 0);
		tctx_long(sec, "per_page", 0);
		tctx_bool(sec, "has_pager", 0);
		tctx_str(sec, "newer_href", "");
		tctx_str(sec, "older_href", "");
		if (s->st == ST_EXPORT_AUDIT)
			st = fill_audit(r, sec, pr.months, pr.month, pr.lines,
			    &pr.set);
		else if (s->st == ST_EXPORT_DOCUMENTS)
			st = fill_documents(r, sec, s, &pr.docs);
		else
			for (k = 0; k < db_rows(res[i]) && st == 0; k++)
				st = fill_row(r, sec, s, res[i], k, NULL,
				    &pr.docs);
		if (st != 0)
			return st;
	}
	return page_render(r, "mijn-gegevens",
	    N_("Alles wat het portaal over u bewaart"), c);
}
