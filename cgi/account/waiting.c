/*
 * waiting.c - "Wat wacht op u" on the start page (see waiting.h).
 *
 * One table of sources, one row per kind of line. A row names:
 *   - for whom (members, professionals) and whether it is a task (it
 *     waits for the reader to act) or news;
 *   - a statement with one parameter, $1 the reader's person id, that
 *     returns the columns of enum wait_col, newest first; news
 *     statements compare with NEWS_FROM (the marker, sql/027). The
 *     database may narrow; it never decides alone;
 *   - may(): the lib/policy check each row passes for the reader (the
 *     one decider). Document rows are decided on one set of facts for the
 *     documents the rows name (struct doc_set, ST_DOC_BY_IDS), shared
 *     with the share tasks;
 *   - the wording (a msgid with {title}, {who}, {when}; a second one when
 *     the row's S_ALT is true) and the link ({id}: the row's S_LINK).
 * Adding a kind is one row here and one statement above it, listed in
 * `stmts`. (A share waiting for your "yes" comes from cgi/sharing:
 * fill_share_tasks.)
 *
 * Owns: the marker and the list. Never: writes anything else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "i18n.h"
#include "policy.h"
#include "account/waiting.h"
#include "dossier/dossier.h"
#include "help/help.h"
#include "sharing/share_tasks.h"

/* The marker of person $1 for the session with hash $2 (hex): the first
 * start page of a new log-in moves news_from to the last view of the
 * log-in before (a first visit ever: 14 days back); every view sets
 * seen_at. */
static const struct stmt_def ST_WAIT_VISIT[1] = {{ "wait_visit",
	"INSERT INTO start_visit (person_id, session_hash, news_from) "
	"VALUES ($1, decode($2, 'hex'), now() - interval '14 days') "
	"ON CONFLICT (person_id) DO UPDATE SET "
	"  news_from = CASE WHEN start_visit.session_hash = "
	"      excluded.session_hash THEN start_visit.news_from "
	"    ELSE start_visit.seen_at END, "
	"  session_hash = excluded.session_hash, seen_at = now() "
	"RETURNING person_id", 2, 1 }};

/*
 * Each kind of line shows at most WAIT_SHOW lines, the first in its
 * statement's order (issue 21): a start page is the same size for a
 * family of 10 documents and of 10 000, and a parent reads a short list.
 * A statement reads one row more (WAIT_LIMIT); when it returns that many,
 * there may be more than the page shows, and the kind's last line links
 * to the page where every one can be reached (the source's `more`).
 */
#define WAIT_SHOW	5
#define WAIT_LIMIT	"6"	/* WAIT_SHOW + 1 */

/* The reader's marker, set by ST_WAIT_VISIT earlier in the transaction. */
#define NEWS_FROM \
	"(SELECT v.news_from FROM start_visit v WHERE v.person_id = $1)"
/* Professional $1 works with family f now. */
#define WORKS_WITH(f) "EXISTS (SELECT 1 FROM assignment_now a " \
	"WHERE a.family_id = " f " AND a.professional_id = $1)"
/* A member's candidate documents: of their families (policy decides). */
#define OF_MY_FAMILY(d) "EXISTS (SELECT 1 FROM family_member m " \
	"WHERE m.family_id = " d ".family_id AND m.person_id = $1)"
#define NAME(p)	p ".given_name || ' ' || " p ".family_name"
#define EPOCH(t) "extract(epoch FROM " t ")::bigint"
#define NONE	"false, 0::bigint, 0::bigint, 0::bigint"

/* Every statement returns these columns. */
enum wait_col {
	S_DOC,		/* the document's public id ("": none) */
	S_LINK,		/* the public id the link takes ({id}) */
	S_TITLE,	/* the document's title ({title}) */
	S_WHO,		/* who did it ({who}) */
	S_AT,		/* when (Unix time; {when}, the order) */
	S_PRIVATE,	/* a comment for hulpverlener only */
	S_AUTHOR,	/* a comment's writer (person id) */
	S_ANSWERS,	/* the writer of the comment it answers */
	S_OWNER,	/* whose own thing it is (person id) */
	S_ALT		/* true: the row's second wording */
};
#define WAIT_COLS	10

/* A member's families, each walked newest change first along the index
 * document_family_changed (sql/038) and cut at WAIT_LIMIT, so the cost is
 * that of the page's lines, not of the dossier (issue 21): FAMILY_DOCS(cond)
 * is a FROM of documents d of $1's families meeting cond, narrowed with
 * doc_may_read (sql/038; lib/policy still decides each line). Without it
 * a document hidden from $1 took one of the few places, so a line of $1
 * went when Sanne wrote something Mark may not read: Mark learnt of it
 * from the gap (test_shield_matrix). That costs about 1 ms a statement
 * (the function's body is planned per statement); the same holds for
 * every kind below that names a document. */
#define CHANGED(d) "coalesce(" d ".updated_at, " d ".created_at)"
#define FAMILY_DOCS(cond) "family_member fm CROSS JOIN LATERAL (" \
	"SELECT x.* FROM document x WHERE x.family_id = fm.family_id " \
	"  AND " cond " AND doc_may_read($1, x.id) " \
	"  ORDER BY " CHANGED("x") " DESC, x.id DESC " \
	"  LIMIT " WAIT_LIMIT ") d "

/* Members: a document asks for your opinion (none yet on this version;
 * alt: you gave one on an older version). */
static const struct stmt_def ST_WAIT_CONSENT[1] = {{ "wait_consent",
	"SELECT d.public_id, d.public_id, d.title, '', "
	EPOCH(CHANGED("d")) ", " NONE ", "
	"  EXISTS (SELECT 1 FROM document_consent c "
	"    WHERE c.document_id = d.id AND c.person_id = $1) "
	"FROM " FAMILY_DOCS("NOT EXISTS (SELECT 1 FROM document_consent c "
	"    WHERE c.document_id = x.id AND c.person_id = $1 "
	"    AND c.version = x.version)")
	"WHERE fm.person_id = $1 "
	"ORDER BY 5 DESC, d.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: documents added since the marker (alt: changed since). */
static const struct stmt_def ST_WAIT_DOC_NEWS[1] = {{ "wait_doc_news",
	"SELECT d.public_id, d.public_id, d.title, " NAME("ap") ", "
	EPOCH(CHANGED("d")) ", " NONE ", "
	"  d.created_at <= " NEWS_FROM " "
	"FROM " FAMILY_DOCS("x.author_id <> $1 AND " CHANGED("x") " > "
	NEWS_FROM)
	"JOIN person ap ON ap.id = d.author_id "
	"WHERE fm.person_id = $1 "
	"ORDER BY 5 DESC, d.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: answers to my comments since the marker. */
static const struct stmt_def ST_WAIT_ANSWERS[1] = {{ "wait_answers",
	"SELECT d.public_id, d.public_id, d.title, " NAME("ap") ", "
	EPOCH("a.created_at") ", a.private, a.author_id, c.author_id, "
	"  0::bigint, false "
	"FROM document_comment a "
	"JOIN document_comment c ON c.id = a.answer_to "
	"JOIN document d ON d.id = a.document_id "
	"JOIN person ap ON ap.id = a.author_id "
	"WHERE c.author_id = $1 AND a.created_at > " NEWS_FROM " "
	"  AND doc_may_read($1, d.id) "
	"ORDER BY 5 DESC, a.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: my requests answered since the marker (alt: not about a
 * document). */
static const struct stmt_def ST_WAIT_REQUESTS[1] = {{ "wait_requests",
	"SELECT coalesce(d.public_id, ''), r.public_id, "
	"  coalesce(d.title, ''), '', " EPOCH("r.answered_at") ", "
	"  false, 0::bigint, 0::bigint, r.author_id, r.document_id IS NULL "
	"FROM request r LEFT JOIN document d ON d.id = r.document_id "
	"WHERE r.author_id = $1 AND r.answered_at > " NEWS_FROM " "
	"ORDER BY 5 DESC, r.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Everybody: my next appointment (members: booked by me; professionals:
 * on my times), with whom. */
static const struct stmt_def ST_WAIT_APPOINTMENT[1] = {{
	"wait_appointment",
	"SELECT '', ap.public_id, '', "
	"  CASE WHEN ap.person_id = $1 THEN " NAME("pp") " "
	"    ELSE " NAME("mp") " END, "
	EPOCH("s.starts_at") ", false, 0::bigint, 0::bigint, $1::bigint, "
	"  false "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person pp ON pp.id = s.professional_id "
	"JOIN person mp ON mp.id = ap.person_id "
	"WHERE (ap.person_id = $1 OR s.professional_id = $1) "
	"  AND ap.cancelled_at IS NULL AND s.starts_at > now() "
	"ORDER BY s.starts_at, ap.id LIMIT 1", 1, WAIT_COLS }};

/* Members: appointments a professional proposed to $1 (a single time
 * opened for $1 by name, sql/053), still free and bookable (from two
 * hours on, within the 8 weeks /afspraken lists), one line per
 * professional with the first time (alt: more than one). Booking it is
 * the confirmation; the task is also done when $1 books any coming time
 * with that professional after the proposal, or says it does not suit
 * them (sql/059). lib/policy
 * (policy_slot_offered) decides on S_OWNER, the member it is for. */
static const struct stmt_def ST_WAIT_SLOT_OFFER[1] = {{ "wait_slot_offer",
	"SELECT '', '', '', " NAME("pp") ", " EPOCH("x.starts_at") ", "
	"  false, 0::bigint, 0::bigint, $1::bigint, x.n > 1 "
	"FROM (SELECT s.professional_id, min(s.starts_at) AS starts_at, "
	"    count(*) AS n FROM appointment_slot s "
	"  WHERE s.person_id = $1 AND s.proposed AND s.withdrawn_at IS NULL "
	"    AND s.declined_at IS NULL "
	"    AND s.starts_at >= now() + interval '2 hours' "
	"    AND s.starts_at < now() + interval '8 weeks' "
	"    AND EXISTS (SELECT 1 FROM family_member m JOIN assignment_now a "
	"      ON a.family_id = m.family_id WHERE m.person_id = $1 "
	"      AND m.family_id = s.family_id "
	"      AND a.professional_id = s.professional_id) "
	"    AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"      WHERE ap.slot_id = s.id AND ap.cancelled_at IS NULL) "
	"    AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"      JOIN appointment_slot t ON t.id = ap.slot_id "
	"      WHERE ap.person_id = $1 AND ap.cancelled_at IS NULL "
	"      AND t.professional_id = s.professional_id "
	"      AND t.starts_at > now() AND ap.booked_at >= s.created_at) "
	"  GROUP BY s.professional_id) x "
	"JOIN person pp ON pp.id = x.professional_id "
	"ORDER BY 5, 4 LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: a new mail address of $1 that waits for its confirmation
 * link (sql/047; alt: the link's 24 hours are over). {title}: the
 * address. */
static const struct stmt_def ST_WAIT_EMAIL_CONFIRM[1] = {{
	"wait_email_confirm",
	"SELECT '', '', e.email, '', " EPOCH("e.created_at") ", false, "
	"  0::bigint, 0::bigint, e.person_id, "
	"  e.expires_at IS NOT NULL AND e.expires_at <= now() "
	"FROM email_confirm e WHERE e.person_id = $1 "
	"  AND e.used_at IS NULL AND e.ended_at IS NULL "
	"ORDER BY e.id DESC LIMIT 1", 1, WAIT_COLS }};

/* Members: my coming appointments the professional called off since the
 * marker (the reason is on /afspraken). */
static const struct stmt_def ST_WAIT_CALLED_OFF[1] = {{
	"wait_called_off",
	"SELECT '', '', '', " NAME("pp") ", " EPOCH("s.starts_at") ", false, "
	"  0::bigint, 0::bigint, ap.person_id, false "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person pp ON pp.id = s.professional_id "
	"WHERE ap.person_id = $1 AND ap.cancelled_by = s.professional_id "
	"  AND ap.cancelled_at > " NEWS_FROM " AND s.starts_at > now() "
	"ORDER BY 5, ap.id LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Everybody: conversations of $1 (the member, or the professional while
 * assigned to the family) with messages of the other one that $1 did not
 * read yet (cgi/messages keeps the read marks). Private to the two: the
 * statement decides, as /berichten does. */
static const struct stmt_def ST_WAIT_MESSAGES[1] = {{ "wait_messages",
	"SELECT '', c.public_id, c.subject, "
	"  CASE WHEN c.member_id = $1 THEN " NAME("pp") " "
	"    ELSE " NAME("mp") " END, "
	EPOCH("m.created_at") ", false, 0::bigint, 0::bigint, $1::bigint, "
	"  false "
	"FROM conversation c "
	"JOIN person pp ON pp.id = c.professional_id "
	"JOIN person mp ON mp.id = c.member_id "
	"CROSS JOIN LATERAL (SELECT x.created_at FROM conversation_message x "
	"  WHERE x.conversation_id = c.id AND x.author_id <> $1 "
	"    AND x.id > coalesce((SELECT cr.last_message_id "
	"      FROM conversation_read cr WHERE cr.conversation_id = c.id "
	"       AND cr.person_id = $1), 0) "
	"  ORDER BY x.id DESC LIMIT 1) m "
	"WHERE c.member_id = $1 OR (c.professional_id = $1 AND "
	WORKS_WITH("c.family_id") ") "
	"ORDER BY 5 DESC, c.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: comments of members waiting for an answer. */
static const struct stmt_def ST_WAIT_PRO_COMMENTS[1] = {{
	"wait_pro_comments",
	"SELECT d.public_id, c.public_id, d.title, " NAME("p") ", "
	EPOCH("c.created_at") ", c.private, c.author_id, 0::bigint, "
	"  0::bigint, false "
	"FROM document_comment c JOIN document d ON d.id = c.document_id "
	"JOIN person p ON p.id = c.author_id "
	"WHERE p.kind = 'citizen' AND c.answer_to IS NULL "
	"  AND NOT EXISTS (SELECT 1 FROM document_comment x "
	"    WHERE x.answer_to = c.id) AND " WORKS_WITH("d.family_id") " "
	"  AND doc_may_read($1, d.id) "
	"ORDER BY 5 DESC, c.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: requests waiting for an answer (alt: not about a
 * document; those are narrowed by the assignment alone). */
static const struct stmt_def ST_WAIT_PRO_REQUESTS[1] = {{
	"wait_pro_requests",
	"SELECT coalesce(d.public_id, ''), r.public_id, "
	"  coalesce(d.title, ''), " NAME("p") ", " EPOCH("r.created_at") ", "
	"  false, 0::bigint, 0::bigint, 0::bigint, r.document_id IS NULL "
	"FROM request r JOIN person p ON p.id = r.author_id "
	"LEFT JOIN document d ON d.id = r.document_id "
	"WHERE r.status IN ('ingediend', 'in behandeling') "
	"  AND " WORKS_WITH("r.family_id") " "
	"  AND (d.id IS NULL OR doc_may_read($1, d.id)) "
	"ORDER BY 5 DESC, r.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: a help request to their team that nobody took up yet
 * (cgi/help; alt: "nu"), oldest first so none waits unseen. The two
 * facts lib/policy decides on (policy_help_access) ride in S_PRIVATE
 * (assigned to the family now) and S_ANSWERS (1: of the municipal intake
 * it went to); S_OWNER is its writer. */
static const struct stmt_def ST_WAIT_PRO_HELP[1] = {{ "wait_pro_help",
	"SELECT '', h.public_id, '', " NAME("p") ", " EPOCH("h.created_at") ", "
	"  " HELP_ASSIGNED("h") ", 0::bigint, "
	"  CASE WHEN " HELP_INTAKE("h") " THEN 1 ELSE 0 END::bigint, "
	"  h.author_id, h.urgency = 'nu' "
	"FROM help_request h JOIN person p ON p.id = h.author_id "
	"WHERE h.status = 'ontvangen' "
	"  AND (" HELP_ASSIGNED("h") " OR " HELP_INTAKE("h") ") "
	"ORDER BY h.urgency = 'nu' DESC, 5, h.id LIMIT " WAIT_LIMIT, 1,
	WAIT_COLS }};

/* Members: what the team did with their own help request since the
 * marker: someone calls (with who), or it is done (alt). */
static const struct stmt_def ST_WAIT_HELP[1] = {{ "wait_help",
	"SELECT '', h.public_id, '', coalesce(" NAME("cp") ", ''), "
	"  " EPOCH("coalesce(h.done_at, h.contact_at)") ", false, "
	"  0::bigint, 0::bigint, h.author_id, h.status = 'afgerond' "
	"FROM help_request h LEFT JOIN person cp ON cp.id = h.contact_person "
	"WHERE h.author_id = $1 AND h.status <> 'ontvangen' "
	"  AND coalesce(h.done_at, h.contact_at) > " NEWS_FROM " "
	"ORDER BY 5 DESC, h.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: "niet eens" (alt: "deels eens") since the marker, on
 * the current version. */
static const struct stmt_def ST_WAIT_PRO_OPINIONS[1] = {{
	"wait_pro_opinions",
	"SELECT d.public_id, d.public_id, d.title, " NAME("p") ", "
	EPOCH("k.created_at") ", " NONE ", k.decision = 'deels' "
	"FROM document_consent k JOIN document d ON d.id = k.document_id "
	"  AND k.version = d.version "
	"JOIN person p ON p.id = k.person_id "
	"WHERE k.decision IN ('oneens', 'deels') "
	"  AND k.created_at > " NEWS_FROM
	"  AND " WORKS_WITH("d.family_id") " AND doc_may_read($1, d.id) "
	"ORDER BY 5 DESC, k.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: own views added since the marker. */
static const struct stmt_def ST_WAIT_PRO_VIEWS[1] = {{ "wait_pro_views",
	"SELECT d.public_id, d.public_id, d.title, " NAME("p") ", "
	EPOCH("v.created_at") ", " NONE ", false "
	"FROM document_view v JOIN document d ON d.id = v.document_id "
	"JOIN person p ON p.id = v.author_id "
	"WHERE v.created_at > " NEWS_FROM
	"  AND v.superseded_at IS NULL AND v.withdrawn_at IS NULL "
	"  AND " WORKS_WITH("d.family_id") " AND doc_may_read($1, d.id) "
	"ORDER BY 5 DESC, v.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: whom share s concerns - who asked, who said yes, whom its
 * document is about (cgi/sharing). */
#define SHARE_CONCERNS(s) "(" s ".requested_by = $1 OR EXISTS (SELECT 1 " \
	"FROM share_consent sc WHERE sc.share_id = " s ".id " \
	"AND sc.person_id = $1) OR EXISTS (SELECT 1 FROM document_subject " \
	"ds WHERE ds.document_id = " s ".document_id AND ds.person_id = $1))"

/* Members: shares of documents of my families that concern me and started
 * since the marker (a court order's is no news of the family's). */
static const struct stmt_def ST_WAIT_SHARE_STARTED[1] = {{
	"wait_share_started",
	"SELECT d.public_id, d.public_id, d.title, o.name, "
	EPOCH("s.starts_at") ", " NONE ", false "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"WHERE " OF_MY_FAMILY("d") " AND NOT s.pending AND NOT s.court_order "
	"  AND s.starts_at > " NEWS_FROM " AND " SHARE_CONCERNS("s") " "
	"ORDER BY 5 DESC, s.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: those that ended since the marker (stopped, or their last day
 * passed). */
static const struct stmt_def ST_WAIT_SHARE_ENDED[1] = {{
	"wait_share_ended",
	"SELECT d.public_id, d.public_id, d.title, o.name, "
	EPOCH("least(coalesce(s.revoked_at, s.until), s.until)") ", "
	NONE ", false "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"WHERE " OF_MY_FAMILY("d") " AND NOT s.pending AND NOT s.court_order "
	"  AND ((s.revoked_at > " NEWS_FROM ") OR (s.revoked_at IS NULL "
	"    AND s.until > " NEWS_FROM " AND s.until <= now())) "
	"  AND " SHARE_CONCERNS("s") " "
	"ORDER BY 5 DESC, s.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Professionals: shares of documents of the families I work with that
 * started (alt: ended: stopped, or their last day passed) since the
 * marker; a court order's is not the family's doing. */
static const struct stmt_def ST_WAIT_PRO_SHARES[1] = {{
	"wait_pro_shares",
	"SELECT d.public_id, d.public_id, d.title, o.name, x.at, "
	NONE ", x.ended "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"CROSS JOIN LATERAL (SELECT " EPOCH("s.starts_at") " AS at, "
	"    false AS ended WHERE s.starts_at > " NEWS_FROM " "
	"  UNION ALL SELECT " EPOCH("least(coalesce(s.revoked_at, s.until), "
	"    s.until)") ", true WHERE s.revoked_at > " NEWS_FROM " "
	"    OR (s.revoked_at IS NULL AND s.until > " NEWS_FROM " "
	"      AND s.until <= now())) x "
	"WHERE NOT s.pending AND NOT s.court_order "
	"  AND " WORKS_WITH("d.family_id") " "
	"ORDER BY 5 DESC, s.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: my requests to share that stopped without starting since the
 * marker: someone said no (alt: not everybody said yes within 30 days or
 * before its last day). Who said no is never said (cgi/sharing). */
static const struct stmt_def ST_WAIT_SHARE_STOPPED[1] = {{
	"wait_share_stopped",
	"SELECT d.public_id, d.public_id, d.title, o.name, "
	EPOCH("s.ended_at") ", false, 0::bigint, 0::bigint, s.requested_by, "
	"  s.ended_reason = 'verlopen' "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"WHERE s.requested_by = $1 AND s.pending AND s.revoked_at IS NULL "
	"  AND s.ended_at > " NEWS_FROM " "
	"ORDER BY 5 DESC, s.id DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: feedback asked on my appointments that ended (alt: my
 * requests answered) in the last 30 days, once per contact (sql/041:
 * feedback_given; what I answered is not linked to me). */
static const struct stmt_def ST_WAIT_FEEDBACK[1] = {{ "wait_feedback",
	"SELECT '', 'afspraak-' || ap.public_id, '', " NAME("pp") ", "
	EPOCH("s.starts_at") ", false, 0::bigint, 0::bigint, ap.person_id, "
	"  false "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person pp ON pp.id = s.professional_id "
	"WHERE ap.person_id = $1 AND ap.cancelled_at IS NULL "
	"  AND s.ends_at < now() AND s.ends_at > now() - interval '30 days' "
	"  AND NOT EXISTS (SELECT 1 FROM feedback_given g "
	"    WHERE g.person_id = $1 AND g.contact = 'afspraak:' || ap.public_id) "
	"UNION ALL "
	"SELECT '', 'verzoek-' || r.public_id, '', '', "
	EPOCH("r.answered_at") ", false, 0::bigint, 0::bigint, r.author_id, "
	"  true "
	"FROM request r WHERE r.author_id = $1 "
	"  AND r.answered_at > now() - interval '30 days' "
	"  AND NOT EXISTS (SELECT 1 FROM feedback_given g "
	"    WHERE g.person_id = $1 AND g.contact = 'verzoek:' || r.public_id) "
	"ORDER BY 5 DESC LIMIT " WAIT_LIMIT, 1, WAIT_COLS }};

/* Members: otherwise every quarter (Dutch time), how the help is, while
 * an organisation works with one of my families and I gave no feedback
 * this quarter. */
static const struct stmt_def ST_WAIT_FEEDBACK_QUARTER[1] = {{
	"wait_feedback_quarter",
	"SELECT '', '', '', '', 0::bigint, false, 0::bigint, 0::bigint, "
	"  $1::bigint, false "
	"WHERE EXISTS (SELECT 1 FROM family_member m JOIN assignment_now a "
	"    ON a.family_id = m.family_id WHERE m.person_id = $1) "
	"  AND NOT EXISTS (SELECT 1 FROM feedback_given g "
	"    WHERE g.person_id = $1 AND g.quarter = date_trunc('quarter', "
	"      now() AT TIME ZONE 'Europe/Amsterdam')::date)", 1, WAIT_COLS }};

static const struct stmt_def *const stmts[] = {
	ST_WAIT_VISIT,
	ST_WAIT_SHARE_STARTED,
	ST_WAIT_SHARE_ENDED,
	ST_WAIT_SHARE_STOPPED,
	ST_WAIT_PRO_SHARES,
	ST_WAIT_CONSENT,
	ST_WAIT_DOC_NEWS,
	ST_WAIT_ANSWERS,
	ST_WAIT_REQUESTS,
	ST_WAIT_APPOINTMENT,
	ST_WAIT_SLOT_OFFER,
	ST_WAIT_EMAIL_CONFIRM,
	ST_WAIT_CALLED_OFF,
	ST_WAIT_PRO_COMMENTS,
	ST_WAIT_PRO_REQUESTS,
	ST_WAIT_PRO_OPINIONS,
	ST_WAIT_PRO_VIEWS,
	ST_WAIT_MESSAGES,
	ST_WAIT_PRO_HELP,
	ST_WAIT_HELP,
	ST_WAIT_FEEDBACK,
	ST_WAIT_FEEDBACK_QUARTER,
};
const struct stmt_table waiting_stmts = {
	"account/waiting.c", stmts, NELEM(stmts)
};

/* The reader and the documents lib/policy decides on: one set of facts
 * for every line and the share tasks (cgi/dossier, struct doc_set). */
struct wait_reader {
	struct req		*r;
	struct doc_set		 docs;
};

#define FOR_MEMBER	0x1
#define FOR_PRO		0x2

/* The last line of a kind cut at WAIT_SHOW: the page that lists them
 * all (paged), and its wording. */
struct wait_more {
	const char		*line;		/* msgid */
	const char		*href;
};

static const struct wait_more MORE_DOCS[1] = {{
	N_("Er is meer. Bekijk alle stukken."), "/documenten" }};
static const struct wait_more MORE_SHARES[1] = {{
	N_("Er is meer. Bekijk alles over delen."), "/delen" }};
static const struct wait_more MORE_REQUESTS[1] = {{
	N_("Er is meer. Bekijk alle vragen om iets te veranderen."),
	"/verzoeken" }};
static const struct wait_more MORE_WORKLIST[1] = {{
	N_("Er is meer. Bekijk alles wat op antwoord wacht."), "/antwoord" }};
static const struct wait_more MORE_HELP[1] = {{
	N_("Er is meer. Bekijk alle vragen om hulp."), "/hulp-vragen" }};
static const struct wait_more MORE_MESSAGES[1] = {{
	N_("Er is meer. Bekijk alle berichten."), "/berichten" }};
static const struct wait_more MORE_APPOINTMENTS[1] = {{
	N_("Er is meer. Bekijk alle afspraken."), "/afspraken" }};
static const struct wait_more MORE_FEEDBACK[1] = {{
	N_("Er is meer. Bekijk alle vragen over de hulp."), "/feedback" }};

struct wait_source {
	const char		*kind;		/* data-kind of the line */
	unsigned int		 who;		/* FOR_MEMBER, FOR_PRO */
	int			 task;		/* 1 task, 0 news */
	const struct stmt_def	*st;
	int			(*may)(const struct wait_reader *,
				    const PGresult *, int row);
	const char		*line;		/* msgid */
	const char		*line_alt;	/* msgid when S_ALT */
	const char		*href;		/* {id}: S_LINK */
	const struct wait_more	*more;		/* where all of them are */
};

/* lib/policy's answer on `action` for the reader and document `id`; 0
 * for a document the reader has no facts of. */
static int
doc_allows(const struct wait_reader *w, const char *id,
    enum pol_action action, struct doc_facts *f)
{
	if (doc_set_facts(&w->docs, id, f, NULL) == -1)
		return 0;
	return policy_decide(&f->actor, &f->doc, action).allow;
}

static int
may_consent(const struct wait_reader *w, const PGresult *res, int i)
{
	struct doc_facts	 f;

	return doc_allows(w, db_val(res, i, S_DOC), POL_CONSENT, &f);
}

static int
may_read(const struct wait_reader *w, const PGresult *res, int i)
{
	struct doc_facts	 f;

	return doc_allows(w, db_val(res, i, S_DOC), POL_READ, &f);
}

/* The comment (or answer) itself: its thread and its audience. */
static int
may_read_comment(const struct wait_reader *w, const PGresult *res, int i)
{
	struct doc_facts	 f;

	return doc_allows(w, db_val(res, i, S_DOC), POL_READ_COMMENTS, &f) &&
	    policy_comment_visible(&f.actor, db_bool(res, i, S_PRIVATE),
	    db_long(res, i, S_AUTHOR), db_long(res, i, S_ANSWERS));
}

/* A professional who works with the family on this document (comments
 * are theirs to answer; a share with their organisation is not). */
static int
may_work_on(const struct wait_reader *w, const PGresult *res, int i)
{
	struct doc_facts	 f;

	return doc_allows(w, db_val(res, i, S_DOC), POL_COMMENT, &f);
}

static int
may_answer_comment(const struct wait_reader *w, const PGresult *res, int i)
{
	return may_work_on(w, res, i) && may_read_comment(w, res, i);
}

/* A request not about a document: the statement's assignment decides
 * (lib/policy has no rule for it); one about a document: as a comment. */
static int
may_answer_request(const struct wait_reader *w, const PGresult *res, int i)
{
	if (db_val(res, i, S_DOC)[0] == '\0')
		return 1;
	return may_work_on(w, res, i);
}

/* The reader's own: their request, their appointment. */
static int
may_own(const struct wait_reader *w, const PGresult *res, int i)
{
	return db_long(res, i, S_OWNER) == w->r->sess.person_id;
}

/* A time proposed to one member: lib/policy offers it to them only. */
static int
may_book(const struct wait_reader *w, const PGresult *res, int i)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.kind = POL_CITIZEN;
	a.person_id = w->r->sess.person_id;
	a.member = 1;
	a.age = w->r->sess.age;
	return w->r->role == ROLE_CITIZEN &&
	    policy_slot_offered(&a, db_long(res, i, S_OWNER), 0);
}

/* A help request to the reader's team: lib/policy on the statement's
 * two facts (see ST_WAIT_PRO_HELP). */
static int
may_help_team(const struct wait_reader *w, const PGresult *res, int i)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.kind = POL_PROFESSIONAL;
	a.person_id = w->r->sess.person_id;
	a.assigned = db_bool(res, i, S_PRIVATE);
	return w->r->role == ROLE_PROFESSIONAL &&
	    policy_help_access(&a, db_long(res, i, S_OWNER),
	    db_long(res, i, S_ANSWERS) == 1) == POL_HELP_MARK;
}

static const struct wait_source sources[] = {
	/* tasks */
	{ "mening", FOR_MEMBER, 1, ST_WAIT_CONSENT, may_consent,
	    N_("Wat vindt u van '{title}'? Zeg het bij het stuk."),
	    N_("'{title}' is veranderd. Wat vindt u er nu van?"),
	    "/documenten/{id}#instemming",
	    MORE_DOCS },
	{ "reactie", FOR_PRO, 1, ST_WAIT_PRO_COMMENTS, may_answer_comment,
	    N_("{who} schreef een reactie bij '{title}'. Geef antwoord."),
	    NULL, "/antwoord/reactie/{id}",
	    MORE_WORKLIST },
	{ "verzoek", FOR_PRO, 1, ST_WAIT_PRO_REQUESTS, may_answer_request,
	    N_("{who} vraagt iets te veranderen in '{title}'. Geef antwoord."),
	    N_("{who} vraagt iets te veranderen. Geef antwoord."),
	    "/antwoord/verzoek/{id}",
	    MORE_WORKLIST },
	{ "hulp", FOR_PRO, 1, ST_WAIT_PRO_HELP, may_help_team,
	    N_("{who} vraagt om hulp. Neem contact op."),
	    N_("{who} vraagt nu om hulp. Neem vandaag contact op."),
	    "/hulp-vragen/{id}",
	    MORE_HELP },
	{ "bericht", FOR_MEMBER | FOR_PRO, 1, ST_WAIT_MESSAGES, may_own,
	    N_("{who} stuurde u een bericht: '{title}'. Lees het en geef antwoord."),
	    NULL, "/berichten/{id}",
	    MORE_MESSAGES },
	{ "afspraak-voorstel", FOR_MEMBER, 1, ST_WAIT_SLOT_OFFER, may_book,
	    N_("{who} stelt een afspraak voor: {when}. Past die tijd? "
	    "Bevestig dan de afspraak."),
	    N_("{who} stelt afspraken voor. De eerste is op {when}. "
	    "Kies de tijd die u past."), "/afspraken#voorstel",
	    MORE_APPOINTMENTS },
	{ "e-mail", FOR_MEMBER, 1, ST_WAIT_EMAIL_CONFIRM, may_own,
	    N_("Uw nieuwe e-mailadres {title} is nog niet bevestigd. Open "
	    "de link in de e-mail die wij naar dat adres stuurden."),
	    N_("De link om {title} te bevestigen werkt niet meer. Vul het "
	    "adres nog een keer in."), "/gegevens#email",
	    NULL },
	{ "feedback", FOR_MEMBER, 1, ST_WAIT_FEEDBACK, may_own,
	    N_("Hoe was uw afspraak met {who} op {when}? Zeg het ons."),
	    N_("Uw vraag heeft antwoord. Hoe was de hulp? Zeg het ons."),
	    "/feedback?over={id}",
	    MORE_FEEDBACK },
	{ "feedback", FOR_MEMBER, 1, ST_WAIT_FEEDBACK_QUARTER, may_own,
	    N_("Hoe vindt u de hulp van de laatste 3 maanden? Zeg het ons."),
	    NULL, "/feedback",
	    NULL },
	/* news */
	{ "stuk", FOR_MEMBER, 0, ST_WAIT_DOC_NEWS, may_read,
	    N_("Er is een nieuw stuk: '{title}'."),
	    N_("'{title}' is veranderd."), "/documenten/{id}",
	    MORE_DOCS },
	{ "antwoord", FOR_MEMBER, 0, ST_WAIT_ANSWERS, may_read_comment,
	    N_("{who} gaf antwoord op uw reactie bij '{title}'."), NULL,
	    "/documenten/{id}#reacties",
	    MORE_DOCS },
	{ "verzoek-antwoord", FOR_MEMBER, 0, ST_WAIT_REQUESTS, may_own,
	    N_("Uw vraag over '{title}' heeft antwoord."),
	    N_("Uw vraag heeft antwoord."), "/verzoeken/{id}",
	    MORE_REQUESTS },
	{ "hulp", FOR_MEMBER, 0, ST_WAIT_HELP, may_own,
	    N_("{who} neemt contact met u op over uw vraag om hulp."),
	    N_("Uw vraag om hulp is afgerond."), "/hulp-vragen/{id}",
	    MORE_HELP },
	{ "gedeeld", FOR_MEMBER, 0, ST_WAIT_SHARE_STARTED, may_read,
	    N_("'{title}' wordt nu gedeeld met {who}."), NULL, "/delen",
	    MORE_SHARES },
	{ "niet-meer-gedeeld", FOR_MEMBER, 0, ST_WAIT_SHARE_ENDED, may_read,
	    N_("'{title}' wordt niet meer gedeeld met {who}."), NULL,
	    "/delen",
	    MORE_SHARES },
	{ "delen-gestopt", FOR_MEMBER, 0, ST_WAIT_SHARE_STOPPED, may_own,
	    N_("Uw vraag om '{title}' te delen met {who} is gestopt. Niet "
	    "iedereen gaf toestemming."),
	    N_("Uw vraag om '{title}' te delen met {who} is gestopt. Niet "
	    "iedereen gaf op tijd toestemming."), "/delen",
	    MORE_SHARES },
	{ "oneens", FOR_PRO, 0, ST_WAIT_PRO_OPINIONS, may_work_on,
	    N_("{who} is het niet eens met '{title}'."),
	    N_("{who} is het deels eens met '{title}'."),
	    "/documenten/{id}#instemming",
	    MORE_DOCS },
	{ "gedeeld", FOR_PRO, 0, ST_WAIT_PRO_SHARES, may_work_on,
	    N_("'{title}' wordt nu gedeeld met {who}."),
	    N_("'{title}' wordt niet meer gedeeld met {who}."),
	    "/documenten/{id}",
	    MORE_DOCS },
	{ "visie", FOR_PRO, 0, ST_WAIT_PRO_VIEWS, may_work_on,
	    N_("{who} zette een eigen visie bij '{title}'."), NULL,
	    "/documenten/{id}#visie",
	    MORE_DOCS },
	{ "afspraak-afgezegd", FOR_MEMBER, 0, ST_WAIT_CALLED_OFF, may_own,
	    N_("{who} heeft uw afspraak van {when} afgezegd."), NULL,
	    "/afspraken",
	    MORE_APPOINTMENTS },
	{ "afspraak", FOR_MEMBER | FOR_PRO, 0, ST_WAIT_APPOINTMENT, may_own,
	    N_("Uw volgende afspraak is op {when}, met {who}."), NULL,
	    "/afspraken",
	    NULL },
};

/* s with {title}, {who}, {when} and {id} filled in; NULL when out of
 * memory. An unknown {name} stays as it is. */
static const char *
expand(struct req *r, const char *s, const PGresult *res, int i,
    const char *when)
{
	static const struct {
		const char	*name;
		int		 col;	/* -1: when */
	} names[] = {
		{ "{title}", S_TITLE }, { "{who}", S_WHO },
		{ "{id}", S_LINK }, { "{when}", -1 },
	};
	struct buf	 b;
	size_t		 k, n;

	buf_init(&b, r->a, 0);
	while (*s != '\0') {
		for (k = 0; k < NELEM(names); k++) {
			n = strlen(names[k].name);
			if (strncmp(s, names[k].name, n) == 0)
				break;
		}
		if (k == NELEM(names)) {
			buf_putc(&b, *s++);
			continue;
		}
		buf_puts(&b, names[k].col < 0 ? when :
		    db_val(res, i, names[k].col));
		s += n;
	}
	return b.failed ? NULL : buf_cstr(&b);
}

static int
add_line(struct wait_reader *w, struct tctx *c, const char *list,
    const struct wait_source *src, const PGresult *res, int i)
{
	const char	*msgid = src->line, *text, *href;
	struct tctx	*it;
	char		 when[64];
	long		 at = db_long(res, i, S_AT);

	if (src->line_alt != NULL && db_bool(res, i, S_ALT))
		msgid = src->line_alt;
	when[0] = '\0';
	if (at > 0)
		i18n_format_when(when, sizeof(when), (time_t)at);
	text = expand(w->r, i18n_gettext(msgid), res, i, when);
	href = expand(w->r, src->href, res, i, when);
	if (text == NULL || href == NULL ||
	    (it = tctx_list_add(c, list)) == NULL)
		return 500;
	tctx_str(it, "kind", src->kind);
	tctx_str(it, "text", text);
	tctx_str(it, "href", href);
	return 0;
}

/* The "more" line of a kind: its wording, the page with all of them. */
static int
add_more(struct tctx *c, const char *list, const struct wait_source *src)
{
	struct tctx	*it;
	char		 kind[64];

	if ((it = tctx_list_add(c, list)) == NULL)
		return 500;
	snprintf(kind, sizeof(kind), "meer-%s", src->kind);
	tctx_str(it, "kind", kind);
	tctx_str(it, "text", i18n_gettext(src->more->line));
	tctx_str(it, "href", src->more->href);
	return 0;
}

/* The lines of one source that lib/policy allows, at most WAIT_SHOW; then,
 * when its statement was cut (WAIT_LIMIT rows: there may be more than
 * shown), a line to the page where all are. *n counts the lines. */
static int
add_lines(struct wait_reader *w, struct tctx *c,
    const struct wait_source *src, const PGresult *res, int *n)
{
	const char	*list = src->task ? "tasks" : "news";
	int		 i, shown = 0, st;

	for (i = 0; i < db_rows(res) && shown < WAIT_SHOW; i++) {
		if (!src->may(w, res, i))
			continue;
		if ((st = add_line(w, c, list, src, res, i)) != 0)
			return st;
		shown++;
	}
	if (src->more != NULL && db_rows(res) > WAIT_SHOW) {
		if ((st = add_more(c, list, src)) != 0)
			return st;
		shown++;
	}
	*n += shown;
	return 0;
}

/* Share requests that wait for this member's yes (cgi/sharing decides,
 * with lib/policy): the list `share_tasks`, each linking to its question
 * on /delen (the same order, so the same anchor). */
static int
fill_share_tasks(struct wait_reader *w, const PGresult *waiting,
    struct tctx *c, int *ntask)
{
	struct share_task	*t;
	struct tctx		*it;
	size_t			 n, i;
	int			 st;

	tctx_list(c, "share_tasks");
	if ((st = share_tasks_from(w->r, &w->docs, waiting, &t, &n)) != 0)
		return st;
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "share_tasks")) == NULL)
			return 500;
		tctx_str(it, "title", t[i].doc_title);
		tctx_str(it, "organisation", t[i].organisation);
		tctx_str(it, "asker", t[i].asker);
		tctx_bool(it, "has_asker", t[i].asker[0] != '\0');
		tctx_date(it, "until", t[i].last_day);
		tctx_strf(it, "href", "/delen#vraag-%zu", i);
		(*ntask)++;
	}
	return 0;
}

/*
 * First every source's rows and the waiting share requests, then the facts
 * of all the documents they name in one statement (doc_set_load), then
 * lib/policy on each row: the statements are the same in number and size
 * for a family of 10 documents and one of 10 000 (issue 21).
 */
int
waiting_fill(struct req *r, struct tctx *c)
{
	const char		*p[2];
	char			 hash[SESSION_HASH_LEN + 1];
	const PGresult		*rows[NELEM(sources)], *waiting = NULL;
	struct wait_reader	 w;
	unsigned int		 who;
	PGresult		*res;
	enum db_err		 e;
	size_t			 k;
	int			 i, st, ntask = 0, nnews = 0;

	tctx_list(c, "tasks");
	tctx_list(c, "share_tasks");
	tctx_list(c, "news");
	tctx_bool(c, "has_tasks", 0);
	tctx_bool(c, "has_news", 0);
	if (r->role == ROLE_CITIZEN)
		who = FOR_MEMBER;
	else if (r->role == ROLE_PROFESSIONAL)
		who = FOR_PRO;
	else
		return 0;
	if (session_hash(r->sess.token, hash) == -1)
		return 500;
	p[0] = r->sess.person_id_s;
	p[1] = hash;
	if ((e = db_exec(r->db, ST_WAIT_VISIT, p, NULL)) != DB_OK)
		return db_status(e);
	w.r = r;
	doc_set_init(r, &w.docs);
	for (k = 0; k < NELEM(sources); k++) {
		rows[k] = NULL;
		if ((sources[k].who & who) == 0)
			continue;
		if ((e = db_exec(r->db, sources[k].st, p, &res)) != DB_OK)
			return db_status(e);
		rows[k] = res;
		for (i = 0; i < db_rows(res); i++)
			doc_set_want(&w.docs, db_val(res, i, S_DOC));
	}
	if (who == FOR_MEMBER &&
	    (st = share_tasks_want(r, &w.docs, &waiting)) != 0)
		return st;
	if ((st = doc_set_load(&w.docs)) != 0)
		return st;
	for (k = 0; k < NELEM(sources); k++) {
		if (rows[k] == NULL)
			continue;
		if ((st = add_lines(&w, c, &sources[k], rows[k],
		    sources[k].task ? &ntask : &nnews)) != 0)
			return st;
	}
	if (who == FOR_MEMBER &&
	    (st = fill_share_tasks(&w, waiting, c, &ntask)) != 0)
		return st;
	tctx_bool(c, "has_tasks", ntask > 0);
	tctx_bool(c, "has_news", nnews > 0);
	return 0;
}
