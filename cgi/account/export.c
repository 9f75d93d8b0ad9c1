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
 * address others acted from. Shared by the JSON (every row) and the
 * page (counts, months, one month's lines). */
#define AUDIT_ABOUT \
"WHERE (l.actor_id = $1 OR l.on_behalf_of = $1 " \
	"   OR (l.object_kind = 'person' AND l.object_id = $1::text) " \
	"   OR (l.object_kind = 'document' AND l.object_id = ANY ($2::text[]) " \
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
	"  AND coalesce(l.actor_id, 0) <> ALL ($3::bigint[]) " \
	"  AND coalesce(l.on_behalf_of, 0) <> ALL ($3::bigint[]) "
/* Every audit row about $1 (AUDIT_ABOUT), newest first: no cap (the JSON
 * streams them, issue 21). */
static const struct stmt_def ST_EXPORT_AUDIT[1] = {{ "export_audit",
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
	"FROM audit_log l LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	AUDIT_ABOUT
	"ORDER BY l.id DESC", 3, 12 }};
/* The columns after those exported (see the audit section below). */
enum { AU_AT, AU_WHO, AU_ORG, AU_ROLE, AU_ACTION, AU_KIND, AU_OBJECT,
    AU_OUTCOME, AU_COUNTER, AU_BY_ME, AU_THIS_MONTH, AU_DAY };
/* For the page (issue 21: its size does not grow with the log): the
 * months that have audit rows about $1 (Dutch time), the middle of the
 * month (to name it) and how many rows. */
static const struct stmt_def ST_EXPORT_AUDIT_MONTHS[1] = {{
	"export_audit_months",
	"SELECT to_char(l.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM'), "
	"  extract(epoch FROM (date_trunc('month', l.at AT TIME ZONE "
	"    'Europe/Amsterdam') + interval '14 days 12 hours') AT TIME ZONE "
	"    'Europe/Amsterdam')::bigint, count(*) "
	"FROM audit_log l "
	AUDIT_ABOUT
	"GROUP BY 1, 2 ORDER BY 1 DESC", 3, 3 }};
enum { AM_MONTH, AM_MID, AM_N };
/* The lines of month $4 (YYYY-MM): one per day, person, action and thing
 * with how many times; keyset paged by the last row of a line ($5:
 * microseconds since the epoch; older lines than it), 200 lines a page
 * and every line of the same moment as the last (WITH TIES: the next
 * page loses none). total: the lines from $5 on. */
static const struct stmt_def ST_EXPORT_AUDIT_LINES[1] = {{
	"export_audit_lines",
	/* the page's lines in a fixed order: lines of the same moment (one
	 * transaction) by who, what and which (the inner ORDER BY must stay
	 * the moment alone: WITH TIES keeps a moment on one page) */
	"SELECT * FROM ("
	"SELECT g.day, g.who, g.org, g.role, g.action, g.kind, g.object, "
	"  g.outcome, g.counter, g.n, "
	"  (extract(epoch FROM g.last) * 1000000)::bigint AS cur, "
	"  count(*) OVER () "
	"FROM (SELECT extract(epoch FROM ((l.at AT TIME ZONE "
	"    'Europe/Amsterdam')::date + time '12:00') AT TIME ZONE "
	"    'Europe/Amsterdam')::bigint AS day, "
	"  coalesce(p.given_name || ' ' || p.family_name, '') AS who, "
	"  coalesce(o.name, '') AS org, l.actor_role AS role, l.action, "
	"  coalesce(l.object_kind, '') AS kind, "
	"  CASE WHEN l.object_kind IN ('person', 'account') THEN coalesce("
	"    (SELECT op.public_id FROM person op "
	"      WHERE op.id::text = l.object_id), '') "
	"    ELSE coalesce(l.object_id, '') END AS object, l.outcome, "
	"  CASE WHEN l.on_behalf_of = $1 THEN 'namens-u' "
	"    WHEN l.on_behalf_of IS NOT NULL THEN 'namens-ander' "
	"    ELSE '' END AS counter, count(*) AS n, max(l.at) AS last "
	"FROM audit_log l LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	AUDIT_ABOUT
	"  AND l.at >= to_date($4, 'YYYY-MM')::timestamp AT TIME ZONE "
	"    'Europe/Amsterdam' "
	"  AND l.at < (to_date($4, 'YYYY-MM') + interval '1 month')::timestamp "
	"    AT TIME ZONE 'Europe/Amsterdam' "
	"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9) g "
	"WHERE $5::bigint IS NULL OR g.last < timestamptz 'epoch' + "
	"  $5::bigint * interval '1 microsecond' "
	"ORDER BY g.last DESC FETCH FIRST 200 ROWS WITH TIES) t "
	"ORDER BY t.cur DESC, t.who, t.action, t.kind, t.object, t.outcome, "
	"  t.counter, t.role, t.org", 5, 12 }};
enum { AL_DAY, AL_WHO, AL_ORG, AL_ROLE, AL_ACTION, AL_KIND, AL_OBJECT,
    AL_OUTCOME, AL_COUNTER, AL_N, AL_CURSOR, AL_TOTAL };
#define LINES_PER_PAGE	200	/* the FETCH FIRST above */
/* The summary: who else read or downloaded documents about $1 this
 * calendar month (Dutch time), per person, organisation and document,
 * with how many times; the newest first. */
static const struct stmt_def ST_EXPORT_READERS[1] = {{ "export_readers",
	"SELECT coalesce(p.given_name || ' ' || p.family_name, ''), "
	"  coalesce(o.name, ''), l.object_id, count(*) "
	"FROM audit_log l LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	AUDIT_ABOUT
	"  AND coalesce(l.actor_id, 0) <> $1 "
	"  AND coalesce(l.on_behalf_of, 0) <> $1 "
	"  AND l.outcome = 'allowed' AND l.object_kind = 'document' "
	"  AND l.action IN ('document.read', 'document.download') "
	"  AND l.at >= date_trunc('month', now() AT TIME ZONE "
	"    'Europe/Amsterdam') AT TIME ZONE 'Europe/Amsterdam' "
	"GROUP BY 1, 2, 3 ORDER BY max(l.at) DESC, 1, 2, 3", 3, 4 }};
enum { RD_WHO, RD_ORG, RD_OBJECT, RD_N };
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
	{ "documents", N_("Stukken over u"), ST_EXPORT_DOCUMENTS, 0, 1, {
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


/* Reads every section but the audit rows (the page reads those per
 * month) in one round trip; res[i] for sections[i] (NULL for the audit
 * rows). docs and hidden: the documents' ids and the shielded people,
 * for the page's own statements. */
static int
read_all(struct req *r, const PGresult *res[NSECTIONS], const char **docs_out,
    const char **hidden_out)
{
	const char	*one[1], *three[3], *docs, *hidden;
	struct db_batch	 b[NSECTIONS];
	enum db_err	 e;
	size_t		 i, k;
	int		 st = 0;

	for (i = 0; i < NSECTIONS; i++)
		res[i] = NULL;
	if ((docs = doc_readable_ids(r, 1, &st)) == NULL ||
	    (hidden = req_hidden_actors(r, &st)) == NULL)
		return st != 0 ? st : 500;
	one[0] = r->sess.person_id_s;
	three[0] = r->sess.person_id_s;
	three[1] = docs;
	three[2] = hidden;
	*docs_out = docs;
	*hidden_out = hidden;
	for (i = k = 0; i < NSECTIONS; i++) {
		if (sections[i].st == ST_EXPORT_AUDIT)
			continue;
		b[k].st = sections[i].st;
		b[k++].params = sections[i].docs_param == 1 ? &three[1] :
		    sections[i].docs_param >= 2 ? three : one;
	}
	if ((e = db_batch(r->db, b, k)) != DB_OK ||
	    (e = req_audit(r, "export.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	for (i = k = 0; i < NSECTIONS; i++) {
		if (sections[i].st == ST_EXPORT_AUDIT)
			continue;
		if ((res[i] = b[k++].res) == NULL)
			return 500;
	}
	return 0;
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

/* The title of document public_id among the documents about the person
 * (the section "documents": id, title); NULL when it is not one. */
static const char *
doc_title(const PGresult *docs, const char *public_id)
{
	int	 i;

	for (i = 0; docs != NULL && i < db_rows(docs); i++)
		if (strcmp(db_val(docs, i, 0), public_id) == 0)
			return db_val(docs, i, 1);
	return NULL;
}

/* A value as people read it: dates in words, yes/no, codes in words;
 * "" for what the page does not show. docs: the documents section. */
static const char *
page_value(struct req *r, const struct column *c, const PGresult *res,
    int row, int col, const PGresult *docs)
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
		return (v = doc_title(docs, v)) != NULL ? v : "";
	case K_INT:
	case K_TEXT:
		break;
	}
	return v;
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
 * pages when it has more than LINES_PER_PAGE lines.
 */
static int
fill_audit(struct req *r, struct tctx *sec, const PGresult *months,
    const char *month, const PGresult *res, const PGresult *docs)
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
		tctx_str(it, "n", db_val(months, i, AM_N));
		tctx_bool(it, "current", strcmp(db_val(months, i, AM_MONTH),
		    month) == 0);
		tctx_strf(it, "href", "/mijn-gegevens?maand=%s#deel-audit",
		    db_val(months, i, AM_MONTH));
	}
	tctx_str(sec, "more_href", rows > 0 && db_long(res, 0, AL_TOTAL) >
	    rows ? arena_printf(r->a, "/mijn-gegevens?maand=%s&na=%s"
	    "#deel-audit", month, db_val(res, rows - 1, AL_CURSOR)) : "");
	for (i = 0; i < rows; i++) {
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
		tctx_str(it, "what", LABEL(codes, db_val(res, i, AL_ACTION)));
		title = strcmp(db_val(res, i, AL_KIND), "document") == 0 ?
		    doc_title(docs, db_val(res, i, AL_OBJECT)) : NULL;
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
 * sections below (so it says nothing they do not): how many documents,
 * comments, requests, appointments and shares; and who else read or
 * downloaded documents about the person this month (ST_EXPORT_READERS,
 * the same audit rows as the log below), per person, with the titles.
 * Whatever a section leaves out (a shielded member, a document hidden
 * from the person) the summary leaves out too.
 */
struct reader {
	const char	*who;
	long		 n;
	struct buf	 titles;
	struct tctx	*it;
};

static int
fill_summary(struct req *r, struct tctx *c, const PGresult *res[NSECTIONS],
    const PGresult *rdr)
{
	const PGresult	*docs = res[section_index("documents")];
	struct reader	*rd;
	const char	*who, *title;
	int		 i, k, nrd = 0;

	tctx_long(c, "n_documents", db_rows(docs));
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
		title = doc_title(docs, db_val(rdr, i, RD_OBJECT));
		if (title == NULL)
			continue;
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

enum { E_MONTH, E_AFTER, E__MAX };

static const struct form_spec page_form[E__MAX] = {
	[E_MONTH] = { .name = "maand", .kind = FORM_LINE, .max_chars = 7 },
	[E_AFTER] = { .name = "na", .kind = FORM_LINE, .max_chars = 20 },
};

/*
 * GET /mijn-gegevens?maand=YYYY-MM&na=CURSOR: everything as a page. Its
 * size does not grow with the audit log (issue 21): the log shows one
 * month (default the newest), LINES_PER_PAGE lines at a time, with every
 * month as a link; the JSON holds all rows. A month without rows, or a
 * cursor that is no number: the newest month, its first lines.
 */
int
h_export_page(struct req *r)
{
	const PGresult		*res[NSECTIONS], *docs;
	const struct section	*s;
	struct tctx		*c, *sec, *row, *f;
	const char		*v, *q[E__MAX], *lp[5], *month = "";
	struct form_error	 errs[E__MAX + 1];
	PGresult		*months, *lines = NULL, *rdr;
	size_t			 i, j, nerr;
	enum db_err		 e;
	int			 k, st;

	if (form_read(&r->rq->query, page_form, E__MAX, q, errs, &nerr) == -1)
		return 400;
	if ((st = read_all(r, res, &lp[1], &lp[2])) != 0)
		return st;
	lp[0] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_EXPORT_AUDIT_MONTHS, lp, &months)) !=
	    DB_OK || (e = db_exec(r->db, ST_EXPORT_READERS, lp, &rdr)) !=
	    DB_OK)
		return db_status(e);
	for (k = 0; k < db_rows(months); k++)
		if (strcmp(db_val(months, k, AM_MONTH), q[E_MONTH]) == 0)
			break;
	if (db_rows(months) > 0) {
		month = db_val(months, k < db_rows(months) ? k : 0, AM_MONTH);
		lp[3] = month;
		/* at most 18 digits: a bigint, never an error page */
		lp[4] = k < db_rows(months) && q[E_AFTER][0] != '\0' &&
		    strlen(q[E_AFTER]) <= 18 &&
		    strspn(q[E_AFTER], "0123456789") == strlen(q[E_AFTER]) ?
		    q[E_AFTER] : NULL;
		if ((e = db_exec(r->db, ST_EXPORT_AUDIT_LINES, lp, &lines)) !=
		    DB_OK)
			return db_status(e);
		if (db_rows(lines) == 0 && lp[4] != NULL) {
			lp[4] = NULL;	/* past every line: the first */
			if ((e = db_exec(r->db, ST_EXPORT_AUDIT_LINES, lp,
			    &lines)) != DB_OK)
				return db_status(e);
		}
	}
	docs = res[section_index("documents")];
	c = page_ctx(r);
	if ((st = fill_summary(r, c, res, rdr)) != 0)
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
		if (s->st == ST_EXPORT_AUDIT) {
			if ((st = fill_audit(r, sec, months, month, lines,
			    docs)) != 0)
				return st;
			continue;
		}
		for (k = 0; k < db_rows(res[i]); k++) {
			if ((row = tctx_list_add(sec, "rows")) == NULL)
				return 500;
			tctx_list(row, "fields");
			for (j = 0; j < ncols(s); j++) {
				v = page_value(r, &s->cols[j], res[i], k,
				    (int)j, docs);
				if (v[0] == '\0')
					continue;	/* nothing to say */
				if ((f = tctx_list_add(row, "fields")) == NULL)
					return 500;
				tctx_str(f, "label",
				    i18n_gettext(s->cols[j].label));
				/* what people wrote, names and titles are
				 * Dutch content; words the portal chose
				 * (dates, yes/no, codes) are the page's */
				if (s->cols[j].kind == K_TEXT ||
				    s->cols[j].kind == K_DOC)
					tctx_nl(f, "value", v);
				else
					tctx_str(f, "value", v);
			}
		}
	}
	return page_render(r, "mijn-gegevens",
	    N_("Alles wat het portaal over u bewaart"), c);
}
