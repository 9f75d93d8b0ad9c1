/*
 * stmts.c - the SQL text of the statements lib/ and several areas share
 * (see stmts.h). Parameters are always $n; bytea ids travel as hex text.
 */
#include "stmts.h"

/*
 * A document with every fact lib/policy needs about it and about the
 * actor. Columns: see enum doc_col in cgi/dossier/dossier.h; `extras` are the
 * last three (unread marker, my newest answer, changed since read), which only the list needs.
 * `actor` is the SQL for the actor's person id ("$1" mostly), and
 * `actor_from` a join it may need, placed first (ST_DOC_BY_SESSION takes
 * the actor from the live session, in the same statement). Shares and
 * subjects are one lateral subquery each: the page's cost is mostly
 * PostgreSQL setting up plan nodes (measured with perf), so fewer
 * subplans is faster.
 * Ages are whole years today (the birthday counts), as policy_age; a
 * subject without a birth date gets age -1, which cgi/dossier/dossier.c refuses
 * (fails closed: a dropped subject would widen who sees a document).
 */
#define DOC_COLUMNS(actor_from, actor, extras) \
	"SELECT d.public_id, d.family_id, d.title, d.body, " \
	"  extract(epoch FROM d.created_at)::bigint, " \
	"  ap.given_name || ' ' || ap.family_name, coalesce(o.name, ''), " \
	"  m.person_id IS NOT NULL, authority_over(" actor "), " \
	"  coalesce(extract(year FROM age(current_date, me.birth_date))::int, 0), " \
	"  EXISTS (SELECT 1 FROM assignment_now a " \
	"    WHERE a.family_id = d.family_id " \
	"    AND a.professional_id = " actor "), " \
	"  sh.valid, sh.comments, sh.court, " \
	"  coalesce(subj.ids, ''), " \
	"  coalesce((SELECT string_agg(h.person_id::text, ',') " \
	"    FROM document_hidden h WHERE h.document_id = d.id), ''), " \
	"  coalesce(subj.names, ''), " \
	"  d.id, d.version, coalesce(f.filename, ''), coalesce(f.mime_type, ''), " \
	"  coalesce(f.size, 0), " \
	"  coalesce(extract(epoch FROM d.updated_at)::bigint, 0), " \
	/* the youths (16+) who let the actor read this document */ \
	"  coalesce((SELECT string_agg(ys.youth_id::text, ',') " \
	"    FROM document_youth_share ys WHERE ys.document_id = d.id " \
	"     AND ys.parent_id = " actor "), ''), " \
	/* a member's own document (sql/044): its author (0: a \
	 * professional's), the readers they chose, whether the author is \
	 * shielded from (ids), removed */ \
	"  CASE WHEN d.own_readers IS NULL THEN 0 ELSE d.author_id END, " \
	"  coalesce(d.own_readers, ''), " \
	"  coalesce((SELECT string_agg(orr.person_id::text, ',') " \
	"    FROM document_own_reader orr WHERE orr.document_id = d.id), ''), " \
	"  CASE WHEN d.own_readers IS NULL THEN '' ELSE coalesce((" \
	"    SELECT string_agg(ms.from_person_id::text, ',') " \
	"      FROM member_shield ms WHERE ms.family_id = d.family_id " \
	"       AND ms.person_id = d.author_id AND ms.ended_at IS NULL), '') " \
	"  END, " \
	"  d.removed_at IS NOT NULL, " \
	extras " " \
	"FROM document d " actor_from " " \
	"JOIN person ap ON ap.id = d.author_id " \
	"LEFT JOIN organisation o ON o.id = d.organisation_id " \
	"LEFT JOIN document_file f ON f.document_id = d.id " \
	"LEFT JOIN family_member m ON m.family_id = d.family_id " \
	"  AND m.person_id = " actor " " \
	"LEFT JOIN person me ON me.id = " actor " " \
	/* valid: shared with the actor's organisation now; court: any \
	 * share the court ordered (not revoked) */ \
	"CROSS JOIN LATERAL (SELECT " \
	"  coalesce(bool_or(pr.person_id IS NOT NULL AND s.starts_at <= now() " \
	"    AND (s.until IS NULL OR s.until > now())), false) AS valid, " \
	"  coalesce(bool_or(pr.person_id IS NOT NULL AND s.includes_comments " \
	"    AND s.starts_at <= now() " \
	"    AND (s.until IS NULL OR s.until > now())), false) AS comments, " \
	"  coalesce(bool_or(s.court_order), false) AS court " \
	"  FROM document_share s LEFT JOIN professional pr " \
	"    ON pr.organisation_id = s.organisation_id AND pr.person_id = " actor " " \
	"  WHERE s.document_id = d.id AND s.revoked_at IS NULL " \
	"    AND NOT s.pending) sh " \
	"CROSS JOIN LATERAL (SELECT " \
	"  string_agg(ds.person_id || ':' || coalesce(" \
	"    extract(year FROM age(current_date, p.birth_date))::int, -1), ',') " \
	"    AS ids, " \
	"  string_agg(p.given_name, ', ' ORDER BY p.birth_date) AS names " \
	"  FROM document_subject ds JOIN person p ON p.id = ds.person_id " \
	"  WHERE ds.document_id = d.id) subj "

/* The list's extras: unread, my newest answer on this version, and
 * changed: read before, but not this version (sql/045; the actor's own
 * row only, never another member's reading). */
#define DOC_LIST_EXTRAS \
	"NOT EXISTS (SELECT 1 FROM document_read r WHERE r.document_id = d.id " \
	"  AND r.person_id = $1), " \
	"coalesce((SELECT c.decision FROM document_consent c " \
	"  WHERE c.document_id = d.id AND c.person_id = $1 " \
	"  AND c.version = d.version ORDER BY c.created_at DESC, c.id DESC " \
	"  LIMIT 1), ''), " \
	"coalesce((SELECT r.read_version < d.version FROM document_read r " \
	"  WHERE r.document_id = d.id AND r.person_id = $1), false)"

const struct stmt_def ST_HEALTH[1] = {{ "health", "SELECT 1", 0, 1 }};

/* $1 id hash (hex), $2 person, $3 idle seconds, $4 client address */
const struct stmt_def ST_SESSION_INSERT[1] = {{ "session_insert",
	"INSERT INTO session (id_hash, person_id, idle_seconds, remote_addr, "
	"  device) VALUES (decode($1, 'hex'), $2, $3, $4, $5)", 5, 0 }};

/* A live session `s` (of an account `a` that is not disabled): used
 * within its idle time, and younger than 12 hours. */
#define SESSION_LIVE(s, a) \
	"JOIN account " a " ON " a ".person_id = " s ".person_id " \
	"  AND NOT " a ".disabled " \
	"  AND " s ".last_seen + make_interval(secs => " s ".idle_seconds) " \
	"    > now() " \
	"  AND " s ".created_at > now() - interval '12 hours' "

/* Finds a live session and who it belongs to.  last_seen is written at
 * most once a minute (the idle time is then exact to a minute), so most
 * requests do not write.  An idle session is not returned (and is removed
 * by ST_SESSION_PURGE later). */
const struct stmt_def ST_SESSION_LOAD[1] = {{ "session_load",
	"SELECT p.id, p.kind, p.given_name, p.family_name, "
	"       coalesce(p.language, ''), "
	"       s.last_seen < now() - interval '60 seconds', "
	"       coalesce(extract(year FROM age(current_date, p.birth_date))"
	"         ::int, -1) "
	"  FROM session s JOIN person p ON p.id = s.person_id "
	SESSION_LIVE("s", "a")
	" WHERE s.id_hash = decode($1, 'hex')", 1, 7 }};

/* The session was used: at most once a minute (ST_SESSION_LOAD says when
 * it is due), so most requests only read. */
const struct stmt_def ST_SESSION_TOUCH[1] = {{ "session_touch",
	"UPDATE session SET last_seen = now() "
	" WHERE id_hash = decode($1, 'hex') "
	"   AND last_seen < now() - interval '60 seconds'", 1, 0 }};

const struct stmt_def ST_SESSION_DELETE[1] = {{ "session_delete",
	"DELETE FROM session WHERE id_hash = decode($1, 'hex')", 1, 0 }};

/* Ends every session of person $1 but the one with hash $2 (hex; an
 * empty $2 ends them all): one row per ended session that was live (an
 * ended one waits an hour for ST_SESSION_PURGE; it goes too). */
const struct stmt_def ST_SESSION_DELETE_OTHERS[1] = {{
	"session_delete_others",
	"WITH d AS (DELETE FROM session WHERE person_id = $1 "
	"   AND id_hash IS DISTINCT FROM decode(nullif($2, ''), 'hex') "
	"RETURNING last_seen + make_interval(secs => idle_seconds) > now() "
	"   AND created_at > now() - interval '12 hours' AS live) "
	"SELECT 1 FROM d WHERE live", 2, 1 }};
/* The open assisted session of the clerk's log-in session with hash $1
 * (024_counter.sql), with its citizen and whether it is still live; the
 * end time as the page shows it (Dutch time). */
const struct stmt_def ST_ASSIST_LOAD[1] = {{ "assist_load",
	"SELECT s.public_id, c.id, c.given_name, c.family_name, "
	"       coalesce(c.language, ''), "
	"       coalesce(extract(year FROM age(current_date, c.birth_date))"
	"         ::int, -1), "
	"       to_char(s.ends_at AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI'), "
	"       s.ends_at > now(), coalesce(o.name, '') "
	"  FROM assist_session s JOIN person c ON c.id = s.citizen_id "
	"  LEFT JOIN professional pr ON pr.person_id = s.clerk_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE s.login_hash = decode($1, 'hex') AND s.stopped_at IS NULL",
	1, 9 }};

/* Ends the open assisted session of log-in session $1 (hex hash): at its
 * end time when that passed, else now. Its public id, or no row. */
const struct stmt_def ST_ASSIST_CLOSE[1] = {{ "assist_close",
	"UPDATE assist_session SET stopped_at = least(now(), ends_at) "
	" WHERE login_hash = decode($1, 'hex') AND stopped_at IS NULL "
	"RETURNING public_id", 1, 1 }};

/* An ended session stays an hour (never live: SESSION_LIVE), so that a
 * form sent after its time-out is kept for its person (cgi/core/draft.h). */
const struct stmt_def ST_SESSION_PURGE[1] = {{ "session_purge",
	"DELETE FROM session "
	"  WHERE last_seen + make_interval(secs => idle_seconds) "
	"      + interval '1 hour' < now() "
	"     OR created_at < now() - interval '12 hours'", 0, 0 }};

const struct stmt_def ST_ACCOUNT_BY_USERNAME[1] = {{ "account_by_username",
	"SELECT a.person_id, a.password_hash, p.kind "
	"  FROM account a JOIN person p ON p.id = a.person_id "
	" WHERE a.username = $1 AND NOT a.disabled", 1, 3 }};

/* Serialises log-in attempts of one (user name, address) pair (until
 * commit), so parallel guesses cannot all pass the count before any is
 * recorded; another address is never held up by it. */
const struct stmt_def ST_LOGIN_LOCK[1] = {{ "login_lock",
	"SELECT pg_advisory_xact_lock(hashtext('login:' || $1 || ' ' || $2))",
	2, 1 }};

/* Attempts are kept a day (for the delays and for looking into an
 * attack), then removed. */
const struct stmt_def ST_LOGIN_ATTEMPT_PURGE[1] = {{ "login_attempt_purge",
	"DELETE FROM login_attempt WHERE at < now() - interval '1 day'", 0, 0 }};

/* What lib/throttle needs: failures of the pair ($1 user name, $2
 * address) since its last success within $3 seconds, and milliseconds
 * since the last of them; failures of the address within $4 seconds, and
 * milliseconds since the last. Throttled attempts checked no password
 * and do not count. */
const struct stmt_def ST_LOGIN_FAILURES[1] = {{ "login_failures",
	"WITH pair AS (SELECT count(*) AS n, max(at) AS last "
	"    FROM login_attempt "
	"   WHERE username = $1 AND remote_addr = $2 AND NOT success "
	"     AND NOT throttled "
	"     AND at > now() - make_interval(secs => $3::int) "
	"     AND at > coalesce((SELECT max(at) FROM login_attempt "
	"          WHERE username = $1 AND remote_addr = $2 AND success), "
	"          '-infinity')), "
	" addr AS (SELECT count(*) AS n, max(at) AS last FROM login_attempt "
	"   WHERE remote_addr = $2 AND NOT success AND NOT throttled "
	"     AND at > now() - make_interval(secs => $4::int)) "
	"SELECT pair.n, coalesce(floor(extract(epoch FROM now() - pair.last) "
	"         * 1000), 0)::bigint, "
	"       addr.n, coalesce(floor(extract(epoch FROM now() - addr.last) "
	"         * 1000), 0)::bigint "
	"  FROM pair, addr", 4, 4 }};

/* An attempt: $1 user name, $2 address, $3 success, $4 throttled
 * (answered "wait" without checking the password). */
const struct stmt_def ST_LOGIN_ATTEMPT_INSERT[1] = {{ "login_attempt_insert",
	"INSERT INTO login_attempt (username, remote_addr, success, throttled) "
	"VALUES ($1, $2, $3, $4)", 4, 0 }};

/* actor, role, on behalf of, action, object kind, object id, family,
 * address, outcome, request id, HTTP status, rule, assisted session,
 * children under 12 acted for (lib/audit.h: audit_params) */
#define AUDIT_COLUMNS \
	"actor_id, actor_role, on_behalf_of, action, object_kind, object_id, " \
	"family_id, remote_addr, outcome, request_id, http_status, rule, " \
	"assist_id, for_children"
const struct stmt_def ST_AUDIT_INSERT[1] = {{ "audit_insert",
	"INSERT INTO audit_log (" AUDIT_COLUMNS ") "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
	"  $14::bigint[])", 14, 0 }};

const struct stmt_def ST_FAMILIES_OF_CITIZEN[1] = {{ "families_of_citizen",
	"SELECT f.id, f.public_id, f.name, f.framework "
	"  FROM family f JOIN family_member m ON m.family_id = f.id "
	" WHERE m.person_id = $1 ORDER BY f.name", 1, 4 }};

const struct stmt_def ST_FAMILIES_OF_PROFESSIONAL[1] = {{
	"families_of_professional",
	"SELECT DISTINCT f.id, f.public_id, f.name, f.framework "
	"  FROM family f JOIN assignment_now a ON a.family_id = f.id "
	" WHERE a.professional_id = $1 "
	" ORDER BY f.name", 1, 4 }};

/* Members in a stable order: adults first, then by age. */
const struct stmt_def ST_FAMILY_MEMBERS[1] = {{ "family_members",
	"SELECT p.id, p.given_name, p.family_name, m.role, "
	"       authority_over(p.id), "
	"       extract(year FROM age(current_date, p.birth_date))::int, "
	"       EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id) "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.birth_date, p.given_name", 1, 7 }};

const struct stmt_def ST_FAMILY_PROFESSIONALS[1] = {{ "family_professionals",
	"SELECT p.given_name, p.family_name, pr.job_title, o.name "
	"  FROM assignment_now a "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN person p ON p.id = pr.person_id "
	"  JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE a.family_id = $1 "
	" ORDER BY p.family_name", 1, 4 }};

/* $1 actor, $2 the document's public id. */
const struct stmt_def ST_DOC_ONE[1] = {{
	"doc_one", DOC_COLUMNS("", "$1", "false, '', false")
	"WHERE d.public_id = $2", 2, 32 }};

/* The same for the document page, sent in one round trip with
 * ST_SESSION_LOAD (cgi/app/app.c, "prefetch"): the actor is the person of the
 * live session with hash $1 (hex); no row without one. */
const struct stmt_def ST_DOC_BY_SESSION[1] = {{ "doc_by_session", DOC_COLUMNS(
	"JOIN session ls ON ls.id_hash = decode($1, 'hex') "
	SESSION_LIVE("ls", "la"), "ls.person_id", "false, '', false")
	"WHERE d.public_id = $2", 2, 32 }};

/* The documents with public ids $2 (an array literal) for actor $1, with
 * the list's extras: the facts of the documents other statements of a page
 * name (cgi/dossier/dossier.c, struct doc_set). lib/policy decides. */
const struct stmt_def ST_DOC_BY_IDS[1] = {{
	"doc_by_ids", DOC_COLUMNS("", "$1", DOC_LIST_EXTRAS)
	"WHERE d.public_id = ANY ($2::text[])", 2, 32 }};

/* The same without the list's extras (false, '', false): only what
 * lib/policy decides on (/inzage's documents about a child, issue 21:
 * the extras were about a third of the statement for 1 800 documents). */
const struct stmt_def ST_DOC_FACTS_BY_IDS[1] = {{
	"doc_facts_by_ids", DOC_COLUMNS("", "$1", "false, '', false")
	"WHERE d.public_id = ANY ($2::text[])", 2, 32 }};

/* Every document actor $1 may read (doc_may_read narrows, sql/038; the
 * caller asks lib/policy about each row), only those about $1 when $2:
 * no cap, for what must hold everything (the export, /inzage). The
 * families are a filter on d's own row (an array, not a join), so the
 * planner applies it while it scans and the lateral subqueries of
 * DOC_COLUMNS run only for the rows that pass (planned as a join, they
 * ran for every document first: measured in make bench). */
const struct stmt_def ST_DOC_READABLE[1] = {{
	"doc_readable", DOC_COLUMNS("", "$1", "false, '', false")
	"WHERE d.family_id = ANY (ARRAY(SELECT family_id FROM family_member "
	"      WHERE person_id = $1 "
	"    UNION SELECT family_id FROM assignment_now "
	"      WHERE professional_id = $1 "
	"    UNION SELECT dd.family_id FROM document dd "
	"      JOIN document_share s ON s.document_id = dd.id "
	"      JOIN professional pr ON pr.organisation_id = s.organisation_id "
	"      WHERE pr.person_id = $1)) "
	"  AND doc_may_read($1, d.id) "
	"  AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM document_subject ds "
	"    WHERE ds.document_id = d.id AND ds.person_id = $1) "
	/* a member's own document is theirs whatever it is about */
	"    OR (d.own_readers IS NOT NULL AND d.author_id = $1)) "
	"ORDER BY d.created_at DESC, d.id DESC", 2, 32 }};

/*
 * One page of the document list (issue 21): keyset pagination on
 * (created_at, id), no OFFSET, no cap. $1 actor, $2 the public id of the
 * document the page starts after ("": from the newest, or for the
 * _UP statement from the oldest), $3 how many candidates. The database
 * narrows the candidates with doc_may_read() (sql/038), family by family
 * along the index document_family, plus the documents shared with the
 * actor's organisation; lib/policy then decides on every row returned
 * (cgi/dossier/documents.c), so the SQL never decides alone. A cursor
 * the actor may not read (or that does not exist) gives no rows: the
 * caller shows the first page. _DOWN: newest first, older than the
 * cursor; _UP: oldest first, newer than the cursor.
 */
#define DOC_PAGE(cmp, order, t0, i0) \
	"WITH cur AS (SELECT coalesce(max(created_at), '" t0 "') AS t, " \
	"    coalesce(max(id), " i0 ") AS i, count(*) AS n FROM document " \
	"   WHERE public_id = $2 AND doc_may_read($1, id)), " \
	" fam AS (SELECT family_id FROM family_member WHERE person_id = $1 " \
	"   UNION SELECT family_id FROM assignment_now " \
	"    WHERE professional_id = $1), " \
	" c AS (SELECT id, created_at FROM (" \
	"   SELECT x.id, x.created_at FROM fam CROSS JOIN cur " \
	"   CROSS JOIN LATERAL (SELECT d.id, d.created_at FROM document d " \
	"     WHERE d.family_id = fam.family_id " \
	"       AND (d.created_at, d.id) " cmp " (cur.t, cur.i) " \
	"       AND doc_may_read($1, d.id) " \
	"     ORDER BY d.created_at " order ", d.id " order " LIMIT $3) x " \
	"   WHERE $2 = '' OR cur.n = 1 " \
	"   UNION SELECT y.id, y.created_at FROM cur " \
	"   CROSS JOIN LATERAL (SELECT d.id, d.created_at " \
	"     FROM document_share s JOIN professional pr " \
	"       ON pr.organisation_id = s.organisation_id " \
	"     JOIN document d ON d.id = s.document_id " \
	"     WHERE pr.person_id = $1 AND s.revoked_at IS NULL " \
	"       AND NOT s.pending AND s.starts_at <= now() " \
	"       AND (s.until IS NULL OR s.until > now()) " \
	"       AND (d.created_at, d.id) " cmp " (cur.t, cur.i) " \
	"       AND doc_may_read($1, d.id) " \
	"     ORDER BY d.created_at " order ", d.id " order " LIMIT $3) y " \
	"   WHERE $2 = '' OR cur.n = 1) u " \
	"   ORDER BY created_at " order ", id " order " LIMIT $3) " \
	DOC_COLUMNS("JOIN c ON c.id = d.id", "$1", DOC_LIST_EXTRAS) \
	"ORDER BY d.created_at " order ", d.id " order

const struct stmt_def ST_DOC_PAGE_DOWN[1] = {{ "doc_page_down",
	DOC_PAGE("<", "DESC", "infinity", "9223372036854775807"), 3, 32 }};
const struct stmt_def ST_DOC_PAGE_UP[1] = {{ "doc_page_up",
	DOC_PAGE(">", "ASC", "-infinity", "0"), 3, 32 }};

/*
 * One page of the documents ABOUT actor $1 (one of its subjects) or
 * written by them (their own documents, sql/044), as
 * doc_readable_ids(r, 1, ...) decides in C, for the export page
 * (cgi/account/export.c, issue 21): keyset on (created_at, id) like
 * DOC_PAGE, $2 the public id of the document the page starts after (""
 * from the newest, or for _UP from the oldest), $3 how many. Walks the
 * actor's families along document_family; doc_may_read() (sql/044)
 * narrows, lib/policy decides on every row. A cursor the actor may not
 * read (or that does not exist) gives no rows: the caller shows the
 * first page. _DOWN: newest first, older than the cursor; _UP: oldest
 * first, newer than the cursor.
 */
#define DOC_ABOUT_PAGE(cmp, order, t0, i0) \
	"WITH cur AS (SELECT coalesce(max(created_at), '" t0 "') AS t, " \
	"    coalesce(max(id), " i0 ") AS i, count(*) AS n FROM document " \
	"   WHERE public_id = $2 AND doc_may_read($1, id)), " \
	" c AS (SELECT x.id, x.created_at FROM family_member fm CROSS JOIN cur " \
	"   CROSS JOIN LATERAL (SELECT d.id, d.created_at FROM document d " \
	"     WHERE d.family_id = fm.family_id " \
	"       AND (d.created_at, d.id) " cmp " (cur.t, cur.i) " \
	/* OFFSET 0: a check per document walked, never a join that reads \
	 * every document about $1 first */ \
	"       AND (EXISTS (SELECT 1 FROM document_subject ds " \
	"             WHERE ds.document_id = d.id AND ds.person_id = $1 " \
	"             OFFSET 0) " \
	/* or the member's own document, whatever it is about */ \
	"         OR (d.own_readers IS NOT NULL AND d.author_id = $1)) " \
	"       AND doc_may_read($1, d.id) " \
	"     ORDER BY d.created_at " order ", d.id " order " LIMIT $3) x " \
	"   WHERE fm.person_id = $1 AND ($2 = '' OR cur.n = 1) " \
	"   ORDER BY x.created_at " order ", x.id " order " LIMIT $3) " \
	DOC_COLUMNS("JOIN c ON c.id = d.id", "$1", "false, '', false") \
	"ORDER BY d.created_at " order ", d.id " order

const struct stmt_def ST_DOC_ABOUT_DOWN[1] = {{ "doc_about_down",
	DOC_ABOUT_PAGE("<", "DESC", "infinity", "9223372036854775807"), 3, 32 }};
const struct stmt_def ST_DOC_ABOUT_UP[1] = {{ "doc_about_up",
	DOC_ABOUT_PAGE(">", "ASC", "-infinity", "0"), 3, 32 }};

/* The outbox worker (outbox/outboxd.c). Claim the oldest due message:
 * mark it leased for $1 seconds and count the attempt, before sending. A row
 * another worker holds is skipped (SKIP LOCKED), a lease that ran out (a
 * worker that died mid-send) is taken over. A called-off row (a reminder
 * of a cancelled appointment) is never claimed. */
const struct stmt_def ST_OUTBOX_CLAIM[1] = {{ "outbox_claim",
	"UPDATE outbox SET lease_until = now() + make_interval(secs => $1), "
	"       attempts = attempts + 1 "
	" WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL "
	"    AND cancelled_at IS NULL AND not_before <= now() "
	"    AND (lease_until IS NULL OR lease_until < now()) "
	"  ORDER BY not_before, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
	"RETURNING id, message_id, kind, recipient, coalesce(subject, ''), "
	"  body, attempts, extract(epoch FROM created_at)::bigint, "
	"  coalesce((SELECT webhook_secret FROM organisation o "
	"    WHERE o.id = outbox.organisation_id), '')", 1, 9 }};

/* Sent: $1 id, $2 the attempt this sender claimed (a sender whose lease
 * ran out and was taken over marks nothing). */
const struct stmt_def ST_OUTBOX_SENT[1] = {{ "outbox_sent",
	"UPDATE outbox SET sent_at = now(), lease_until = NULL, "
	"       last_error = NULL WHERE id = $1 AND attempts = $2", 2, 0 }};

/* Not sent: $1 id, $2 why, $3 seconds until the next attempt, $4 the
 * attempt this sender claimed. */
const struct stmt_def ST_OUTBOX_FAILED[1] = {{ "outbox_failed",
	"UPDATE outbox SET lease_until = NULL, last_error = $2, "
	"       not_before = now() + make_interval(secs => $3) "
	" WHERE id = $1 AND attempts = $4", 4, 0 }};

/* The log-in challenges of person $1 end (a new secret, a log-in done:
 * app/main.c, account/code.c). */
const struct stmt_def ST_CHALLENGE_DELETE_PERSON[1] = {{
	"challenge_delete_person",
	"DELETE FROM login_challenge WHERE person_id = $1", 1, 0 }};

/* A code of time step $2 for staff member $1 is used: a row only when
 * no code of this or a later step was accepted before (a code works
 * once: account/code.c, requests/reply.c). */
const struct stmt_def ST_TOTP_USE_STEP[1] = {{ "totp_use_step",
	"UPDATE staff_totp SET last_step = $2 "
	" WHERE person_id = $1 AND last_step < $2 RETURNING person_id", 2, 1 }};

/* `portal totp-enrol` (app/main.c): a new secret $2 for staff member $1
 * (user name), to be shown at the next log-in (account/code.c). No row:
 * no such staff account. */
const struct stmt_def ST_TOTP_ENROL[1] = {{ "totp_enrol",
	"INSERT INTO staff_totp (person_id, secret) "
	"SELECT a.person_id, $2 FROM account a "
	"  JOIN person p ON p.id = a.person_id "
	" WHERE a.username = $1 AND p.kind IN ('professional', 'clerk') "
	"ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, "
	"  enrolled_at = now(), shown_at = NULL RETURNING person_id", 2, 1 }};

/* The organisations of the registry (sharing/, family/). */
const struct stmt_def ST_ORGS[1] = {{ "orgs",
	"SELECT slug, name FROM organisation ORDER BY name", 0, 2 }};

/* Person $1's own contact details (account/, agenda/). */
const struct stmt_def ST_CONTACT_GET[1] = {{ "contact_get",
	"SELECT phone, email, address, reach_by FROM contact_details "
	" WHERE person_id = $1", 1, 4 }};

/* Every statement above, for lib/db (db_prepare_all). */
static const struct stmt_def *const lib_defs[] = {
	ST_HEALTH,
	ST_SESSION_INSERT,
	ST_SESSION_LOAD,
	ST_SESSION_TOUCH,
	ST_SESSION_DELETE,
	ST_SESSION_DELETE_OTHERS,
	ST_SESSION_PURGE,
	ST_ASSIST_LOAD,
	ST_ASSIST_CLOSE,
	ST_ACCOUNT_BY_USERNAME,
	ST_LOGIN_LOCK,
	ST_LOGIN_ATTEMPT_PURGE,
	ST_LOGIN_FAILURES,
	ST_LOGIN_ATTEMPT_INSERT,
	ST_CHALLENGE_DELETE_PERSON,
	ST_TOTP_USE_STEP,
	ST_TOTP_ENROL,
	ST_AUDIT_INSERT,
	ST_FAMILIES_OF_CITIZEN,
	ST_FAMILIES_OF_PROFESSIONAL,
	ST_FAMILY_MEMBERS,
	ST_FAMILY_PROFESSIONALS,
	ST_DOC_ONE,
	ST_DOC_BY_SESSION,
	ST_DOC_PAGE_DOWN,
	ST_DOC_BY_IDS,
	ST_DOC_FACTS_BY_IDS,
	ST_DOC_READABLE,
	ST_DOC_PAGE_UP,
	ST_DOC_ABOUT_DOWN,
	ST_DOC_ABOUT_UP,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_SENT,
	ST_OUTBOX_FAILED,
	ST_ORGS,
	ST_CONTACT_GET,
};

const struct stmt_table lib_stmts = {
	"lib", lib_defs, sizeof(lib_defs) / sizeof(lib_defs[0])
};
