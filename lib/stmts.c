/*
 * stmts.c - the SQL text of every statement (see stmts.h).
 * Parameters are always $n; bytea ids travel as hex text.
 */
#include "stmts.h"

/*
 * A document with every fact lib/policy needs about it and about the
 * actor. Columns: see enum doc_col in cgi/dossier.h; `extras` are the
 * last two (unread marker, my newest answer), which only the list needs.
 * `actor` is the SQL for the actor's person id ("$1" mostly), and
 * `actor_from` a join it may need, placed first (ST_DOC_BY_SESSION takes
 * the actor from the live session, in the same statement). Shares and
 * subjects are one lateral subquery each: the page's cost is mostly
 * PostgreSQL setting up plan nodes (measured with perf), so fewer
 * subplans is faster.
 * Ages are whole years today (the birthday counts), as policy_age; a
 * subject without a birth date gets age -1, which cgi/dossier.c refuses
 * (fails closed: a dropped subject would widen who sees a document).
 */
#define DOC_COLUMNS(actor_from, actor, extras) \
	"SELECT d.public_id, d.family_id, d.title, d.body, " \
	"  extract(epoch FROM d.created_at)::bigint, " \
	"  ap.given_name || ' ' || ap.family_name, o.name, " \
	"  m.person_id IS NOT NULL, coalesce(m.parental_authority, false), " \
	"  coalesce(extract(year FROM age(current_date, me.birth_date))::int, 0), " \
	"  EXISTS (SELECT 1 FROM assignment a WHERE a.family_id = d.family_id " \
	"    AND a.professional_id = " actor " AND a.starts_on <= current_date " \
	"    AND (a.ends_on IS NULL OR a.ends_on >= current_date)), " \
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
	extras " " \
	"FROM document d " actor_from " " \
	"JOIN person ap ON ap.id = d.author_id " \
	"JOIN organisation o ON o.id = d.organisation_id " \
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

/* The list's extras: unread, and my newest answer on this version. */
#define DOC_LIST_EXTRAS \
	"NOT EXISTS (SELECT 1 FROM document_read r WHERE r.document_id = d.id " \
	"  AND r.person_id = $1), " \
	"coalesce((SELECT c.decision FROM document_consent c " \
	"  WHERE c.document_id = d.id AND c.person_id = $1 " \
	"  AND c.version = d.version ORDER BY c.created_at DESC, c.id DESC " \
	"  LIMIT 1), '')"

const struct stmt_def stmt_defs[ST__MAX] = {
[ST_HEALTH] = { "health", "SELECT 1", 0 },

/* $1 id hash (hex), $2 person, $3 idle seconds, $4 client address */
[ST_SESSION_INSERT] = { "session_insert",
	"INSERT INTO session (id_hash, person_id, idle_seconds, remote_addr) "
	"VALUES (decode($1, 'hex'), $2, $3, $4)", 4 },

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
[ST_SESSION_LOAD] = { "session_load",
	"SELECT p.id, p.kind, p.given_name, p.family_name, "
	"       coalesce(p.language, ''), "
	"       s.last_seen < now() - interval '60 seconds', "
	"       coalesce(extract(year FROM age(current_date, p.birth_date))"
	"         ::int, -1) "
	"  FROM session s JOIN person p ON p.id = s.person_id "
	SESSION_LIVE("s", "a")
	" WHERE s.id_hash = decode($1, 'hex')", 1 },

/* The session was used: at most once a minute (ST_SESSION_LOAD says when
 * it is due), so most requests only read. */
[ST_SESSION_TOUCH] = { "session_touch",
	"UPDATE session SET last_seen = now() "
	" WHERE id_hash = decode($1, 'hex') "
	"   AND last_seen < now() - interval '60 seconds'", 1 },

[ST_SESSION_DELETE] = { "session_delete",
	"DELETE FROM session WHERE id_hash = decode($1, 'hex')", 1 },

[ST_SESSION_DELETE_PERSON_OTHERS] = { "session_delete_person_others",
	"DELETE FROM session WHERE person_id = $1 "
	"  AND id_hash <> decode($2, 'hex')", 2 },

[ST_SESSION_PURGE] = { "session_purge",
	"DELETE FROM session "
	"  WHERE last_seen + make_interval(secs => idle_seconds) < now() "
	"     OR created_at < now() - interval '12 hours'", 0 },

[ST_ACCOUNT_BY_USERNAME] = { "account_by_username",
	"SELECT a.person_id, a.password_hash, p.kind "
	"  FROM account a JOIN person p ON p.id = a.person_id "
	" WHERE a.username = $1 AND NOT a.disabled", 1 },

/* Serialises log-in attempts for one user name (until commit), so
 * parallel guesses cannot all pass the failure count before any is
 * recorded. */
[ST_LOGIN_LOCK] = { "login_lock",
	"SELECT pg_advisory_xact_lock(hashtext('login:' || $1))", 1 },

/* Attempts are kept a day (for the lock window and for looking into an
 * attack), then removed. */
[ST_LOGIN_ATTEMPT_PURGE] = { "login_attempt_purge",
	"DELETE FROM login_attempt WHERE at < now() - interval '1 day'", 0 },

/* Failures for this user name since its last success, and for this client
 * address, within the lock window ($3 seconds). */
[ST_LOGIN_FAILURES] = { "login_failures",
	"SELECT "
	" (SELECT count(*) FROM login_attempt "
	"   WHERE username = $1 AND NOT success "
	"     AND at > now() - make_interval(secs => $3::int) "
	"     AND at > coalesce((SELECT max(at) FROM login_attempt "
	"          WHERE username = $1 AND success), '-infinity')), "
	" (SELECT count(*) FROM login_attempt "
	"   WHERE remote_addr = $2 AND NOT success "
	"     AND at > now() - make_interval(secs => $3::int))", 3 },

[ST_LOGIN_ATTEMPT_INSERT] = { "login_attempt_insert",
	"INSERT INTO login_attempt (username, remote_addr, success) "
	"VALUES ($1, $2, $3)", 3 },

/* The second step for staff (cgi/account/code.c, lib/totp.h). */
/* $1 token hash (hex), $2 person, $3 client address */
[ST_CHALLENGE_INSERT] = { "challenge_insert",
	"INSERT INTO login_challenge (id_hash, person_id, remote_addr) "
	"VALUES (decode($1, 'hex'), $2, $3)", 3 },

[ST_CHALLENGE_PURGE] = { "challenge_purge",
	"DELETE FROM login_challenge WHERE expires_at < now()", 0 },

/* A live challenge, locked until commit (one code at a time), of an
 * account that is not disabled: person, kind, user name, whether a
 * secret is set up, whether it still has to be shown, the secret, the
 * failures so far. */
[ST_CHALLENGE_LOAD] = { "challenge_load",
	"SELECT c.person_id, p.kind, a.username, t.person_id IS NOT NULL, "
	"       t.person_id IS NOT NULL AND t.shown_at IS NULL, "
	"       coalesce(t.secret, ''), c.failures "
	"  FROM login_challenge c JOIN person p ON p.id = c.person_id "
	"  JOIN account a ON a.person_id = c.person_id AND NOT a.disabled "
	"  LEFT JOIN staff_totp t ON t.person_id = c.person_id "
	" WHERE c.id_hash = decode($1, 'hex') AND c.expires_at > now() "
	"   FOR UPDATE OF c", 1 },

/* One more wrong code: the failures now. */
[ST_CHALLENGE_FAIL] = { "challenge_fail",
	"UPDATE login_challenge SET failures = failures + 1 "
	" WHERE id_hash = decode($1, 'hex') RETURNING failures", 1 },

[ST_CHALLENGE_DELETE_PERSON] = { "challenge_delete_person",
	"DELETE FROM login_challenge WHERE person_id = $1", 1 },

/* A code of time step $2 for person $1 is used: a row only when no code
 * of this or a later step was accepted before (a code works once). */
[ST_TOTP_USE_STEP] = { "totp_use_step",
	"UPDATE staff_totp SET last_step = $2 "
	" WHERE person_id = $1 AND last_step < $2 RETURNING person_id", 2 },

/* The new secret of person $1 is shown now: a row (the secret) only for
 * the one request that shows it. */
[ST_TOTP_MARK_SHOWN] = { "totp_mark_shown",
	"UPDATE staff_totp SET shown_at = now() "
	" WHERE person_id = $1 AND shown_at IS NULL RETURNING secret", 1 },

/* `portal totp-enrol`: a new secret $2 for staff member $1 (user name),
 * to be shown at the next log-in. No row: no such staff account. */
[ST_TOTP_ENROL] = { "totp_enrol",
	"INSERT INTO staff_totp (person_id, secret) "
	"SELECT a.person_id, $2 FROM account a "
	"  JOIN person p ON p.id = a.person_id "
	" WHERE a.username = $1 AND p.kind IN ('professional', 'clerk') "
	"ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, "
	"  enrolled_at = now(), shown_at = NULL RETURNING person_id", 2 },

/* actor, role, on behalf of, action, object kind, object id, family,
 * address, outcome, request id */
[ST_AUDIT_INSERT] = { "audit_insert",
	"INSERT INTO audit_log (actor_id, actor_role, on_behalf_of, action, "
	"  object_kind, object_id, family_id, remote_addr, outcome, request_id) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 10 },

[ST_PERSON_SET_LANGUAGE] = { "person_set_language",
	"UPDATE person SET language = $2 WHERE id = $1", 2 },

[ST_FAMILIES_OF_CITIZEN] = { "families_of_citizen",
	"SELECT f.id, f.public_id, f.name, f.framework "
	"  FROM family f JOIN family_member m ON m.family_id = f.id "
	" WHERE m.person_id = $1 ORDER BY f.name", 1 },

[ST_FAMILIES_OF_PROFESSIONAL] = { "families_of_professional",
	"SELECT DISTINCT f.id, f.public_id, f.name, f.framework "
	"  FROM family f JOIN assignment a ON a.family_id = f.id "
	" WHERE a.professional_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	" ORDER BY f.name", 1 },

/* Members in a stable order: adults first, then by age. */
[ST_FAMILY_MEMBERS] = { "family_members",
	"SELECT p.id, p.given_name, p.family_name, m.role, "
	"       m.parental_authority, "
	"       extract(year FROM age(current_date, p.birth_date))::int, "
	"       EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id) "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.birth_date, p.given_name", 1 },

[ST_FAMILY_PROFESSIONALS] = { "family_professionals",
	"SELECT p.given_name, p.family_name, pr.job_title, o.name "
	"  FROM assignment a "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN person p ON p.id = pr.person_id "
	"  JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE a.family_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	" ORDER BY p.family_name", 1 },

/* $1 actor, $2 the document's public id. */
[ST_DOC_ONE] = { "doc_one", DOC_COLUMNS("", "$1", "false, ''")
	"WHERE d.public_id = $2", 2 },

/* The same for the document page, sent in one round trip with
 * ST_SESSION_LOAD (cgi/app.c, "prefetch"): the actor is the person of the
 * live session with hash $1 (hex); no row without one. */
[ST_DOC_BY_SESSION] = { "doc_by_session", DOC_COLUMNS(
	"JOIN session ls ON ls.id_hash = decode($1, 'hex') "
	SESSION_LIVE("ls", "la"), "ls.person_id", "false, ''")
	"WHERE d.public_id = $2", 2 },

/* Candidates for the actor's list, newest first: documents of families
 * the actor is in or assigned to, and documents shared with the actor's
 * organisation. lib/policy decides on each row. */
[ST_DOC_LIST] = { "doc_list", DOC_COLUMNS("", "$1", DOC_LIST_EXTRAS)
	"WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1 "
	"  UNION SELECT family_id FROM assignment WHERE professional_id = $1 "
	"    AND starts_on <= current_date "
	"    AND (ends_on IS NULL OR ends_on >= current_date)) "
	"  OR d.id IN (SELECT s.document_id FROM document_share s "
	"    JOIN professional pr ON pr.organisation_id = s.organisation_id "
	"    WHERE pr.person_id = $1 AND s.revoked_at IS NULL AND NOT s.pending "
	"    AND s.starts_at <= now() AND (s.until IS NULL OR s.until > now())) "
	"ORDER BY d.created_at DESC, d.id DESC LIMIT 1000", 1 },

/* A document read: the audit row ($1..$10 as ST_AUDIT_INSERT) and the
 * read marker for the reader ($1) of document $11 (internal id), in one
 * statement, so one round trip and both or neither. */
[ST_DOC_READ_LOG] = { "doc_read_log",
	"WITH a AS (INSERT INTO audit_log (actor_id, actor_role, on_behalf_of, "
	"  action, object_kind, object_id, family_id, remote_addr, outcome, "
	"  request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
	"  RETURNING actor_id) "
	"INSERT INTO document_read (document_id, person_id) "
	"SELECT $11, actor_id FROM a ON CONFLICT DO NOTHING", 11 },

/* Who read or downloaded documents about $1, or (only among the documents
 * $1 may read, $2: lib/policy decided) about a child under 12 of theirs:
 * parents act for such a child (DESIGN.md section 3), who has no account.
 * Not documents hidden from $1; not $1's own reads. */
[ST_INZAGE] = { "inzage",
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
	" ORDER BY a.at DESC LIMIT 200", 2 },

/* The attached file of document $1 (internal id), as hex. */
[ST_DOC_FILE] = { "doc_file",
	"SELECT encode(content, 'hex') FROM document_file "
	" WHERE document_id = $1", 1 },

/* Members of family $1 for the new-document form (opaque ids). */
[ST_UPLOAD_MEMBERS] = { "upload_members",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, m.role, "
	"       extract(year FROM age(current_date, p.birth_date))::int "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.birth_date, p.given_name", 1 },

/* A new document by professional $4 of family $1: $2 title, $3 body. */
[ST_DOC_INSERT] = { "doc_insert",
	"INSERT INTO document (family_id, title, body, author_id, "
	"  organisation_id) "
	"SELECT $1, $2, $3, pr.person_id, pr.organisation_id "
	"  FROM professional pr WHERE pr.person_id = $4 "
	"RETURNING id, public_id", 4 },

/* Whom document $1 is about / hidden from: the members of family $2
 * among the person public ids in $3 (a text array). */
[ST_DOC_SUBJECTS_INSERT] = { "doc_subjects_insert",
	"INSERT INTO document_subject (document_id, person_id) "
	"SELECT $1, p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	" WHERE p.public_id = ANY ($3::text[])", 3 },
[ST_DOC_HIDDEN_INSERT] = { "doc_hidden_insert",
	"INSERT INTO document_hidden (document_id, person_id) "
	"SELECT $1, p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	" WHERE p.public_id = ANY ($3::text[])", 3 },

/* A part of document $1 ($3 label, $4 text) hidden from the members of
 * family $2 whose public ids are in $5 (at least one must be found, or
 * nothing is stored: the statement then returns no row). */
[ST_DOC_PART_INSERT] = { "doc_part_insert",
	"WITH who AS (SELECT p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	"   WHERE p.public_id = ANY ($5::text[])), "
	" part AS (INSERT INTO document_part (document_id, label, body) "
	"   SELECT $1, $3, $4 WHERE EXISTS (SELECT 1 FROM who) RETURNING id), "
	" h AS (INSERT INTO document_part_hidden (part_id, person_id) "
	"   SELECT part.id, who.id FROM part, who) "
	"SELECT id FROM part", 5 },

/* The members' own views of document $1 ("eigen visie"), oldest first. */
[ST_VIEW_LIST] = { "view_list",
	"SELECT p.given_name || ' ' || p.family_name, v.body, "
	"       extract(epoch FROM v.created_at)::bigint "
	"  FROM document_view v JOIN person p ON p.id = v.author_id "
	" WHERE v.document_id = $1 ORDER BY v.created_at, v.id LIMIT 200", 1 },

/* $1 document, $2 author, $3 text, $4 form nonce. No row back: this form
 * was sent before (see doc_insert_once). */
[ST_VIEW_INSERT] = { "view_insert",
	"INSERT INTO document_view (document_id, author_id, body, form_nonce) "
	"VALUES ($1, $2, $3, $4) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING id", 4 },

[ST_VIEW_SAME] = { "view_same",
	"SELECT EXISTS (SELECT 1 FROM document_view WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND document_id = $4)", 4 },

/* In the families of person $1: which youths let which parent read which
 * document (public id, parent, youths as "12,14"). */
[ST_YOUTH_SHARES] = { "youth_shares",
	"SELECT d.public_id, ys.parent_id, "
	"  string_agg(ys.youth_id::text, ',' ORDER BY ys.youth_id) "
	"FROM document_youth_share ys JOIN document d ON d.id = ys.document_id "
	"JOIN family_member m ON m.family_id = d.family_id AND m.person_id = $1 "
	"GROUP BY d.public_id, ys.parent_id", 1 },

/* Youth $2 lets exactly the parents $3 (public ids) of family $4 read
 * document $1: those with parental authority, not the youth; others
 * lose it. Returns how many of $3 are such parents (the caller compares:
 * fewer is a forged form, and the caller rolls back), and the public ids
 * of the parents added and of those removed (for one audit row each). */
[ST_YOUTH_SHARE_SET] = { "youth_share_set",
	"WITH want AS (SELECT m.person_id FROM family_member m "
	"    JOIN person p ON p.id = m.person_id "
	"   WHERE m.family_id = $4 AND m.parental_authority "
	"     AND m.person_id <> $2 AND p.public_id = ANY ($3::text[])), "
	" del AS (DELETE FROM document_youth_share WHERE document_id = $1 "
	"   AND youth_id = $2 "
	"   AND parent_id NOT IN (SELECT person_id FROM want) "
	"   RETURNING parent_id), "
	" ins AS (INSERT INTO document_youth_share "
	"   (document_id, youth_id, parent_id) "
	"   SELECT $1, $2, person_id FROM want ON CONFLICT DO NOTHING "
	"   RETURNING parent_id) "
	"SELECT (SELECT count(*) FROM want), "
	"  coalesce((SELECT string_agg(p.public_id, ',') FROM ins "
	"    JOIN person p ON p.id = ins.parent_id), ''), "
	"  coalesce((SELECT string_agg(p.public_id, ',') FROM del "
	"    JOIN person p ON p.id = del.parent_id), '')", 4 },

/* The hidden parts of document $1, each with whom it is hidden from (ids
 * for lib/policy, given names for the page), oldest first. */
[ST_DOC_PARTS] = { "doc_parts",
	"SELECT dp.label, dp.body, "
	"  string_agg(h.person_id::text, ',' ORDER BY h.person_id), "
	"  string_agg(p.given_name, ', ' ORDER BY p.birth_date, p.id) "
	"FROM document_part dp "
	"JOIN document_part_hidden h ON h.part_id = dp.id "
	"JOIN person p ON p.id = h.person_id "
	"WHERE dp.document_id = $1 GROUP BY dp.id ORDER BY dp.id", 1 },

/* $1 document, $2 file name, $3 MIME type, $4 size, $5 content (hex). */
[ST_DOC_FILE_INSERT] = { "doc_file_insert",
	"INSERT INTO document_file (document_id, filename, mime_type, size, "
	"  content) VALUES ($1, $2, $3, $4, decode($5, 'hex'))", 5 },

/* A new version of document $1: $2 title, $3 body, by $5, replacing
 * version $4 (no row back when somebody else made a newer one first).
 * The old version is kept in document_version, in the same statement. */
[ST_DOC_NEW_VERSION] = { "doc_new_version",
	"WITH old AS (INSERT INTO document_version (document_id, version, "
	"    title, body, written_at, replaced_by) "
	"  SELECT id, version, title, body, coalesce(updated_at, created_at), $5 "
	"    FROM document WHERE id = $1 AND version = $4 RETURNING 1) "
	"UPDATE document SET title = $2, body = $3, version = version + 1, "
	"       updated_at = now() "
	" WHERE id = $1 AND version = $4 AND EXISTS (SELECT 1 FROM old) "
	"RETURNING version", 5 },

/* The members of document $1's family (internal id), with the newest
 * decision each gave on the document's current version. */
[ST_DOC_MEMBERS] = { "doc_members",
	"SELECT m.person_id, p.given_name, "
	"       extract(year FROM age(current_date, p.birth_date))::int, "
	"       m.parental_authority, coalesce(k.decision, ''), "
	"       coalesce(extract(epoch FROM k.created_at)::bigint, 0), "
	"       coalesce(k.explanation, ''), "
	"       coalesce((SELECT string_agg(ys.youth_id::text, ',') "
	"         FROM document_youth_share ys WHERE ys.document_id = d.id "
	"          AND ys.parent_id = m.person_id), ''), p.public_id "
	"  FROM document d "
	"  JOIN family_member m ON m.family_id = d.family_id "
	"  JOIN person p ON p.id = m.person_id "
	"  LEFT JOIN LATERAL (SELECT decision, explanation, created_at "
	"    FROM document_consent c WHERE c.document_id = d.id "
	"     AND c.person_id = m.person_id AND c.version = d.version "
	"   ORDER BY c.created_at DESC, c.id DESC LIMIT 1) k ON true "
	" WHERE d.id = $1 "
	" ORDER BY p.birth_date, p.id", 1 },

/* Every decision person $2 gave on document $1, newest first. */
[ST_CONSENT_HISTORY] = { "consent_history",
	"SELECT version, decision, explanation, "
	"       extract(epoch FROM created_at)::bigint "
	"  FROM document_consent WHERE document_id = $1 AND person_id = $2 "
	" ORDER BY created_at DESC, id DESC LIMIT 100", 2 },

/* The current version of document $1, locked against a new version
 * until the caller's transaction ends (consent is for one version). */
[ST_DOC_VERSION_LOCK] = { "doc_version_lock",
	"SELECT version FROM document WHERE id = $1 FOR SHARE", 1 },

/* Whether person $1 already sent exactly this ($3 decision, $4
 * explanation on document $5) with form nonce $2. */
[ST_CONSENT_SAME] = { "consent_same",
	"SELECT EXISTS (SELECT 1 FROM document_consent WHERE person_id = $1 "
	"  AND form_nonce = $2 AND decision = $3 AND explanation = $4 "
	"  AND document_id = $5)", 5 },

/* The same for a comment: $3 body, $4 document. */
[ST_COMMENT_SAME] = { "comment_same",
	"SELECT EXISTS (SELECT 1 FROM document_comment WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND document_id = $4)", 4 },

/* $1 document, $2 person, $3 version, $4 decision, $5 explanation,
 * $6 form nonce. No row back: this form was already sent. */
[ST_CONSENT_INSERT] = { "consent_insert",
	"INSERT INTO document_consent (document_id, person_id, version, "
	"  decision, explanation, form_nonce) "
	"VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT (person_id, form_nonce) DO NOTHING RETURNING id", 6 },

/* The comments on document $1, oldest first. */
[ST_COMMENT_LIST] = { "comment_list",
	"SELECT c.author_id, p.given_name || ' ' || p.family_name, "
	"       p.kind, coalesce(o.name, ''), c.body, c.private, "
	"       extract(epoch FROM c.created_at)::bigint, c.public_id, "
	/* an answer: who wrote the comment it answers (else 0) */
	"       coalesce((SELECT o.author_id FROM document_comment o "
	"         WHERE o.id = c.answer_to), 0) "
	"  FROM document_comment c "
	"  JOIN person p ON p.id = c.author_id "
	"  LEFT JOIN professional pr ON pr.person_id = c.author_id "
	"  LEFT JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE c.document_id = $1 "
	" ORDER BY c.created_at, c.id LIMIT 500", 1 },

/* $1 document, $2 author, $3 body, $4 private, $5 form nonce. No row
 * back: this form was already sent (one comment for a double click). */
[ST_COMMENT_INSERT] = { "comment_insert",
	"INSERT INTO document_comment (document_id, author_id, body, private, "
	"  form_nonce) VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING public_id", 5 },

/* A mail ($2 subject, $3 body) to every professional assigned to family
 * $1 now. Written in the caller's transaction; lib/outbox sends it. */
[ST_OUTBOX_MAIL_ASSIGNED] = { "outbox_mail_assigned",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT DISTINCT 'mail', pr.email, $2, $3 "
	"  FROM assignment a JOIN professional pr "
	"    ON pr.person_id = a.professional_id "
	" WHERE a.family_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	"   AND pr.email IS NOT NULL", 3 },

/* The outbox worker (cgi/outboxd.c). Claim the oldest due message: mark
 * it leased for $1 seconds and count the attempt, before sending. A row
 * another worker holds is skipped (SKIP LOCKED), a lease that ran out (a
 * worker that died mid-send) is taken over. A called-off row (a reminder
 * of a cancelled appointment) is never claimed. */
[ST_OUTBOX_CLAIM] = { "outbox_claim",
	"UPDATE outbox SET lease_until = now() + make_interval(secs => $1), "
	"       attempts = attempts + 1 "
	" WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL "
	"    AND cancelled_at IS NULL AND not_before <= now() "
	"    AND (lease_until IS NULL OR lease_until < now()) "
	"  ORDER BY not_before, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
	"RETURNING id, message_id, kind, recipient, coalesce(subject, ''), "
	"  body, attempts, extract(epoch FROM created_at)::bigint, "
	"  coalesce((SELECT webhook_secret FROM organisation o "
	"    WHERE o.id = outbox.organisation_id), '')", 1 },

/* Sent: $1 id, $2 the attempt this sender claimed (a sender whose lease
 * ran out and was taken over marks nothing). */
[ST_OUTBOX_SENT] = { "outbox_sent",
	"UPDATE outbox SET sent_at = now(), lease_until = NULL, "
	"       last_error = NULL WHERE id = $1 AND attempts = $2", 2 },

/* Not sent: $1 id, $2 why, $3 seconds until the next attempt, $4 the
 * attempt this sender claimed. */
[ST_OUTBOX_FAILED] = { "outbox_failed",
	"UPDATE outbox SET lease_until = NULL, last_error = $2, "
	"       not_before = now() + make_interval(secs => $3) "
	" WHERE id = $1 AND attempts = $4", 4 },

/* Sharing (cgi/share.c). The organisations of the registry. */
[ST_ORGS] = { "orgs",
	"SELECT slug, name FROM organisation ORDER BY name", 0 },
[ST_ORG_BY_SLUG] = { "org_by_slug",
	"SELECT id, name FROM organisation WHERE slug = $1", 1 },

/* Every share, waiting or active, of the documents of the families of
 * person $1 that is not revoked or over, with who agreed so far. */
[ST_SHARE_LIST] = { "share_list",
	"SELECT d.public_id, s.public_id, o.name, "
	"       coalesce(extract(epoch FROM s.until)::bigint, 0), "
	"       s.court_order, s.pending, s.includes_comments, "
	"       coalesce((SELECT string_agg(p.given_name, ', ' "
	"         ORDER BY p.birth_date) FROM share_consent c "
	"         JOIN person p ON p.id = c.person_id "
	"         WHERE c.share_id = s.id), '') "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	" WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1) "
	"   AND s.revoked_at IS NULL AND (s.until IS NULL OR s.until > now()) "
	" ORDER BY s.court_order DESC, o.name", 1 },

/* The waiting share of document $1 with organisation $2 on the same
 * terms ($3 last day, $4 comments), not past its end. */
[ST_SHARE_PENDING] = { "share_pending",
	"SELECT id, public_id FROM document_share WHERE document_id = $1 "
	"   AND organisation_id = $2 AND pending AND revoked_at IS NULL "
	"   AND until = (($3::date + 1)::timestamp AT TIME ZONE "
	"     'Europe/Amsterdam') AND includes_comments = $4 "
	"   AND until > now()", 4 },

/* Sharing a document waits for whoever shares it at this moment (one
 * decision at a time: no two waiting shares, no lost consent). */
[ST_DOC_LOCK] = { "doc_lock",
	"SELECT 1 FROM document WHERE id = $1 FOR UPDATE", 1 },

/* Whether document $1 is shared with organisation $2 now. */
[ST_SHARE_ACTIVE] = { "share_active",
	"SELECT EXISTS (SELECT 1 FROM document_share WHERE document_id = $1 "
	"   AND organisation_id = $2 AND NOT pending AND revoked_at IS NULL "
	"   AND (until IS NULL OR until > now()))", 2 },

/* A new waiting share: $1 document, $2 organisation, $3 last day (a
 * date; the share ends at the end of that day in the Netherlands), $4
 * include comments, $5 who asked. */
[ST_SHARE_INSERT] = { "share_insert",
	"INSERT INTO document_share (document_id, organisation_id, until, "
	"  includes_comments, pending, requested_by) "
	"VALUES ($1, $2, (($3::date + 1)::timestamp AT TIME ZONE "
	"  'Europe/Amsterdam'), $4, true, $5) RETURNING id, public_id", 5 },

/* Person $2 agrees to share $1; then everybody who agreed. */
[ST_SHARE_AGREE] = { "share_agree",
	"INSERT INTO share_consent (share_id, person_id) VALUES ($1, $2) "
	"ON CONFLICT DO NOTHING", 2 },
[ST_SHARE_AGREED] = { "share_agreed",
	"SELECT person_id FROM share_consent WHERE share_id = $1", 1 },

/* Everybody needed agreed: the share starts now. */
[ST_SHARE_ACTIVATE] = { "share_activate",
	"UPDATE document_share SET pending = false, starts_at = now() "
	" WHERE id = $1", 1 },

/* One share by its public id, with its document's public id. */
[ST_SHARE_ONE] = { "share_one",
	"SELECT s.id, d.public_id, s.court_order "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	" WHERE s.public_id = $1 AND s.revoked_at IS NULL", 1 },

/* Revoke share $1: it ends at once (checked on every read). */
[ST_SHARE_REVOKE] = { "share_revoke",
	"UPDATE document_share SET revoked_at = now() "
	" WHERE id = $1 AND revoked_at IS NULL AND NOT court_order", 1 },

/* Today, today in three months and in a year, in the Netherlands. */
[ST_SHARE_DATES] = { "share_dates",
	"SELECT to_char(t, 'YYYY-MM-DD'), "
	"       to_char(t + interval '3 months', 'YYYY-MM-DD'), "
	"       to_char(t + interval '1 year', 'YYYY-MM-DD') "
	"  FROM (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS t) x", 0 },

/* Shares of the documents of person $1's families that ended (their end
 * date passed, or revoked) in the last 30 days: the family's notice. */
[ST_SHARE_ENDED] = { "share_ended",
	"SELECT d.public_id, o.name, extract(epoch FROM "
	"       least(coalesce(s.revoked_at, s.until), s.until))::bigint "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	" WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1) "
	"   AND NOT s.pending AND NOT s.court_order "
	"   AND ((s.until <= now() AND s.until > now() - interval '30 days') "
	"     OR (s.revoked_at > now() - interval '30 days')) "
	" ORDER BY 3 DESC", 1 },

/* An event ($2: "comment.created", ...) about document $3 (public id) of
 * family $1 for the systems of the organisations that work with the
 * family now (assigned professionals) and, for $4 = true, those the
 * document is shared with. The body is built by PostgreSQL
 * (json_build_object): opaque ids, no dossier text. */
[ST_OUTBOX_WEBHOOK] = { "outbox_webhook",
	"INSERT INTO outbox (kind, recipient, subject, body, organisation_id) "
	"SELECT 'webhook', o.webhook_url, $2::text, json_build_object("
	"    'event', $2::text, 'document', $3::text, "
	"    'family', (SELECT public_id FROM family WHERE id = $1::bigint), "
	"    'at', to_char(now() AT TIME ZONE 'UTC', "
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text, o.id "
	"  FROM organisation o WHERE o.webhook_url IS NOT NULL "
	"   AND o.webhook_secret IS NOT NULL "
	"   AND (o.id IN (SELECT pr.organisation_id FROM assignment a "
	"          JOIN professional pr ON pr.person_id = a.professional_id "
	"         WHERE a.family_id = $1::bigint AND a.starts_on <= current_date "
	"           AND (a.ends_on IS NULL OR a.ends_on >= current_date)) "
	"     OR ($4::boolean AND o.id IN (SELECT s.organisation_id "
	"          FROM document_share s JOIN document d "
	"            ON d.id = s.document_id WHERE d.public_id = $3)))", 4 },

/* Contact details (cgi/contact.c): person $1's own. */
[ST_CONTACT_GET] = { "contact_get",
	"SELECT phone, email, address, reach_by FROM contact_details "
	" WHERE person_id = $1", 1 },
[ST_CONTACT_HISTORY] = { "contact_history",
	"SELECT extract(epoch FROM changed_at)::bigint FROM contact_history "
	" WHERE person_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 20", 1 },

/* $1 person, $2 phone, $3 e-mail, $4 address, $5 how to reach, $6
 * language (NULL: unchanged): the details, the language, and a history
 * row, at once. */
[ST_CONTACT_SAVE] = { "contact_save",
	"WITH c AS (INSERT INTO contact_details (person_id, phone, email, "
	"    address, reach_by) VALUES ($1, $2, $3, $4, $5) "
	"  ON CONFLICT (person_id) DO UPDATE SET phone = excluded.phone, "
	"    email = excluded.email, address = excluded.address, "
	"    reach_by = excluded.reach_by, updated_at = now() RETURNING 1), "
	"l AS (UPDATE person SET language = coalesce($6, language) "
	"  WHERE id = $1 RETURNING 1) "
	"INSERT INTO contact_history (person_id, phone, email, address, "
	"  reach_by, language) "
	"SELECT $1, $2, $3, $4, $5, $6 FROM c", 6 },

/* A mail ($2 subject, $3 body) to the professionals assigned to any
 * family of person $1 now. */
[ST_OUTBOX_MAIL_PERSON_PROS] = { "outbox_mail_person_pros",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT DISTINCT 'mail', pr.email, $2, $3 "
	"  FROM family_member m JOIN assignment a ON a.family_id = m.family_id "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	" WHERE m.person_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	"   AND pr.email IS NOT NULL", 3 },
/*
 * Appointments (cgi/appointments.c). Times travel as epoch seconds; the
 * page formats them in Europe/Amsterdam. The rule that a slot is booked
 * once is the unique index appointment_slot_once (sql/010), not C.
 */
#define APPT_ASSIGNED(person, pro, slot_family) \
	"EXISTS (SELECT 1 FROM family_member m JOIN assignment a " \
	"  ON a.family_id = m.family_id WHERE m.person_id = " person \
	"  AND a.professional_id = " pro " AND a.starts_on <= current_date " \
	"  AND (a.ends_on IS NULL OR a.ends_on >= current_date) " \
	"  AND (" slot_family " IS NULL OR " slot_family " = m.family_id))"
#define APPT_PRO_ASSIGNED(family, pro) \
	"EXISTS (SELECT 1 FROM assignment a WHERE a.family_id = " family \
	"  AND a.professional_id = " pro " AND a.starts_on <= current_date " \
	"  AND (a.ends_on IS NULL OR a.ends_on >= current_date))"
#define APPT_WHO \
	"pp.given_name || ' ' || pp.family_name, o.name "
#define APPT_WHO_JOIN(pro) \
	"JOIN person pp ON pp.id = " pro " " \
	"JOIN professional pr ON pr.person_id = " pro " " \
	"JOIN organisation o ON o.id = pr.organisation_id "

/* Free slots of the professionals of $1's families, from two hours on. */
[ST_APPT_FREE] = { "appt_free",
	"SELECT s.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO
	"FROM appointment_slot s " APPT_WHO_JOIN("s.professional_id")
	"WHERE s.withdrawn_at IS NULL "
	"  AND s.starts_at >= now() + interval '2 hours' "
	"  AND s.starts_at < now() + interval '8 weeks' "
	"  AND " APPT_ASSIGNED("$1", "s.professional_id", "s.family_id")
	"  AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"    WHERE ap.slot_id = s.id AND ap.cancelled_at IS NULL) "
	"ORDER BY s.starts_at, s.id LIMIT 100", 1 },

/* $1's appointments of the last year: the coming ones first (soonest
 * first), then past and cancelled ones (newest first), with whether the
 * professional called one off and their reason. */
[ST_APPT_MINE] = { "appt_mine",
	"SELECT ap.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO ", "
	"  ap.cancelled_at IS NOT NULL, s.starts_at > now(), "
	"  EXISTS (SELECT 1 FROM appointment n WHERE n.moved_from = ap.id), "
	/* called off by the professional, and why */
	"  ap.cancelled_by = s.professional_id, "
	"  CASE WHEN ap.cancelled_by = s.professional_id "
	"    THEN coalesce(ap.cancel_reason, '') ELSE '' END "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	APPT_WHO_JOIN("s.professional_id")
	"WHERE ap.person_id = $1 AND s.starts_at > now() - interval '1 year' "
	"ORDER BY ap.cancelled_at IS NOT NULL OR s.starts_at <= now(), "
	"  CASE WHEN ap.cancelled_at IS NULL AND s.starts_at > now() "
	"    THEN s.starts_at END, s.starts_at DESC LIMIT 100", 1 },

/* Slot $2 as person $1 may book it: its id, whether it is far enough
 * ahead, the family it is booked for, and how many coming appointments
 * $1 has. No row: unknown, withdrawn, or not one of $1's professionals. */
[ST_APPT_SLOT_CHECK] = { "appt_slot_check",
	"SELECT s.id, s.starts_at >= now() + interval '2 hours', "
	"  (SELECT m.family_id FROM family_member m JOIN assignment a "
	"    ON a.family_id = m.family_id WHERE m.person_id = $1 "
	"    AND a.professional_id = s.professional_id "
	"    AND a.starts_on <= current_date "
	"    AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	"    AND (s.family_id IS NULL OR s.family_id = m.family_id) "
	"    ORDER BY m.family_id LIMIT 1), "
	"  (SELECT count(*) FROM appointment ap JOIN appointment_slot s2 "
	"    ON s2.id = ap.slot_id WHERE ap.person_id = $1 "
	"    AND ap.cancelled_at IS NULL AND s2.starts_at > now()), "
	"  s.professional_id, extract(epoch FROM s.starts_at)::bigint "
	"FROM appointment_slot s "
	"WHERE s.public_id = $2 AND s.withdrawn_at IS NULL "
	"  AND " APPT_ASSIGNED("$1", "s.professional_id", "s.family_id"), 2 },

/* Book slot $2 for $1 (family $3; $4 the appointment it replaces, or
 * NULL). The share lock waits for a professional withdrawing the slot;
 * a second booking fails on appointment_slot_once (DB_UNIQUE). */
[ST_APPT_BOOK] = { "appt_book",
	"INSERT INTO appointment (slot_id, person_id, family_id, moved_from) "
	"SELECT s.id, $1, $3, $4 FROM appointment_slot s "
	" WHERE s.id = $2 AND s.withdrawn_at IS NULL "
	"   AND s.starts_at >= now() + interval '2 hours' FOR SHARE "
	"RETURNING id, public_id", 4 },

/* Appointment $2 if $1 booked it, or it is in $1's slot and $1 works
 * with the family now. */
[ST_APPT_ONE] = { "appt_one",
	"SELECT ap.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO ", "
	"  ap.cancelled_at IS NOT NULL, s.starts_at > now(), "
	"  s.starts_at < now() + interval '24 hours', s.id, "
	"  ap.person_id = $1, ap.family_id, ap.id, s.professional_id, "
	"  bp.given_name || ' ' || bp.family_name, coalesce(bp.language, ''), "
	"  coalesce(extract(year FROM age(current_date, bp.birth_date))::int, "
	"    -1) "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person bp ON bp.id = ap.person_id "
	APPT_WHO_JOIN("s.professional_id")
	"WHERE ap.public_id = $2 "
	"  AND (ap.person_id = $1 OR (s.professional_id = $1 "
	"    AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") "))", 2 },

/* $1 cancels their appointment $2 (reason $3 or NULL), if it is still
 * to come and not cancelled already. */
[ST_APPT_CANCEL] = { "appt_cancel",
	"UPDATE appointment ap SET cancelled_at = now(), cancelled_by = $1, "
	"       cancel_reason = $3 "
	" WHERE ap.id = $2 AND ap.person_id = $1 AND ap.cancelled_at IS NULL "
	"   AND (SELECT s.starts_at FROM appointment_slot s "
	"     WHERE s.id = ap.slot_id) > now() RETURNING ap.id", 3 },

/* Professional $1 calls off appointment $2 (reason $3) booked on one of
 * their times, while they work with the family, before it starts; the
 * time is taken away too (it is not free: the professional cannot come).
 * No row: cancelled, begun, or no longer their family. */
[ST_APPT_CANCEL_PRO] = { "appt_cancel_pro",
	"WITH c AS (UPDATE appointment ap SET cancelled_at = now(), "
	"    cancelled_by = $1, cancel_reason = $3 "
	"  FROM appointment_slot s WHERE ap.id = $2 AND s.id = ap.slot_id "
	"   AND s.professional_id = $1 AND ap.cancelled_at IS NULL "
	"   AND s.starts_at > now() "
	"   AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"  RETURNING ap.slot_id) "
	"UPDATE appointment_slot SET withdrawn_at = now() "
	" WHERE id IN (SELECT slot_id FROM c) RETURNING id", 3 },

/* A mail ($2 subject, $3 body) to whoever booked appointment $1, at the
 * address they gave on /gegevens; none without one. */
[ST_APPT_MAIL_BOOKER] = { "appt_mail_booker",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', cd.email, $2, $3 FROM appointment ap "
	"  JOIN contact_details cd ON cd.person_id = ap.person_id "
	" WHERE ap.id = $1 AND cd.email <> ''", 3 },

/* A mail ($2 subject, $3 body) to the professional of slot $1. */
[ST_APPT_MAIL_PRO] = { "appt_mail_pro",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', pr.email, $2, $3 FROM appointment_slot s "
	"  JOIN professional pr ON pr.person_id = s.professional_id "
	" WHERE s.id = $1 AND pr.email IS NOT NULL", 3 },

/* The reminder ($2 subject, $3 body) for appointment $1, to the mail
 * address its booker gave on /gegevens, sent at 09:00 Dutch time the day
 * before; none when there is no address or that moment is past. */
[ST_APPT_REMINDER] = { "appt_reminder",
	"INSERT INTO outbox (kind, recipient, subject, body, not_before, "
	"    topic) "
	"SELECT 'mail', cd.email, $2, $3, x.at, 'reminder:' || ap.public_id "
	"  FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"  JOIN contact_details cd ON cd.person_id = ap.person_id "
	"  CROSS JOIN LATERAL (SELECT (((s.starts_at AT TIME ZONE "
	"    'Europe/Amsterdam')::date - 1) + time '09:00') "
	"    AT TIME ZONE 'Europe/Amsterdam' AS at) x "
	" WHERE ap.id = $1 AND cd.email <> '' AND x.at > now()", 3 },

/* The reminder of appointment public id $1 is not sent any more. */
[ST_APPT_REMINDER_OFF] = { "appt_reminder_off",
	"UPDATE outbox SET cancelled_at = now() "
	" WHERE topic = 'reminder:' || $1 AND sent_at IS NULL "
	"   AND cancelled_at IS NULL", 1 },

/* Professional $1's slots from yesterday on, with who booked them (the
 * appointment id and names only for families $1 works with now). */
[ST_APPT_PRO_SLOTS] = { "appt_pro_slots",
	"SELECT s.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, "
	"  coalesce(sf.name, ''), "
	"  CASE WHEN bp.id IS NOT NULL THEN ap.public_id ELSE '' END, "
	"  coalesce(bp.given_name || ' ' || bp.family_name, ''), "
	"  coalesce(bf.name, ''), s.starts_at > now(), ap.id IS NOT NULL "
	"FROM appointment_slot s "
	"LEFT JOIN family sf ON sf.id = s.family_id "
	"LEFT JOIN appointment ap ON ap.slot_id = s.id "
	"  AND ap.cancelled_at IS NULL "
	/* who booked: only while $1 works with that family */
	"LEFT JOIN person bp ON bp.id = ap.person_id "
	"  AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"LEFT JOIN family bf ON bf.id = ap.family_id AND bp.id IS NOT NULL "
	"WHERE s.professional_id = $1 AND s.withdrawn_at IS NULL "
	"  AND s.ends_at > now() - interval '1 day' "
	"ORDER BY s.starts_at LIMIT 200", 1 },

/* The families professional $1 is assigned to now. */
[ST_APPT_PRO_FAMILIES] = { "appt_pro_families",
	"SELECT f.public_id, f.name FROM family f "
	"  JOIN assignment a ON a.family_id = f.id "
	" WHERE a.professional_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	" ORDER BY f.name", 1 },

/* Dutch wall-clock time $1 ('2026-12-01 14:00'): the instant, whether
 * it is at least an hour ahead, whether it is within a year, and whether
 * that time exists that day (02:30 does not when the clocks go forward). */
[ST_APPT_SLOT_TIME] = { "appt_slot_time",
	"SELECT extract(epoch FROM x.t)::bigint, "
	"  x.t >= now() + interval '1 hour', x.t <= now() + interval '1 year', "
	"  (x.t AT TIME ZONE 'Europe/Amsterdam') = $1::timestamp "
	"  FROM (SELECT $1::timestamp AT TIME ZONE 'Europe/Amsterdam' AS t) x",
	1 },

/* Professional $1 opens a slot at Dutch time $3 for $4 minutes at place
 * $5, for family $2 (a public id it is assigned to) or, when $2 is NULL,
 * any of its families. No row: $2 is not one of its families. An overlap
 * with another open slot fails on the exclusion constraint. */
[ST_APPT_SLOT_INSERT] = { "appt_slot_insert",
	"INSERT INTO appointment_slot (professional_id, family_id, starts_at, "
	"    ends_at, place) "
	"SELECT $1, f.id, $3::timestamp AT TIME ZONE 'Europe/Amsterdam', "
	/* the length in real minutes, also across a clock change */
	"  ($3::timestamp AT TIME ZONE 'Europe/Amsterdam') "
	"    + make_interval(mins => $4::int), $5 "
	"  FROM (SELECT NULL::bigint AS id WHERE $2::text IS NULL "
	"    UNION ALL SELECT fa.id FROM family fa JOIN assignment a "
	"      ON a.family_id = fa.id WHERE fa.public_id = $2 "
	"      AND a.professional_id = $1 AND a.starts_on <= current_date "
	"      AND (a.ends_on IS NULL OR a.ends_on >= current_date)) f "
	" LIMIT 1 RETURNING public_id", 5 },

/* Withdrawing a slot: lock it first (waits for a booking in progress),
 * then, in a new statement that sees that booking, take it away only if
 * nobody booked it. */
[ST_APPT_SLOT_LOCK] = { "appt_slot_lock",
	"SELECT id FROM appointment_slot WHERE public_id = $2 "
	"   AND professional_id = $1 AND withdrawn_at IS NULL FOR UPDATE", 2 },
[ST_APPT_SLOT_WITHDRAW] = { "appt_slot_withdraw",
	"UPDATE appointment_slot SET withdrawn_at = now() WHERE id = $1 "
	"   AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"     WHERE ap.slot_id = $1 AND ap.cancelled_at IS NULL) "
	"RETURNING id", 1 },
/* Whether $1 holds the booking of slot $2 (a second click). */
[ST_APPT_SLOT_MINE] = { "appt_slot_mine",
	"SELECT 1 FROM appointment WHERE person_id = $1 AND slot_id = $2 "
	"   AND cancelled_at IS NULL", 2 },

/* One booking at a time per person $1 (until the transaction ends), so
 * that the count that follows (a new statement, a new snapshot) sees
 * every booking of theirs that committed before: the limit on coming
 * appointments holds with parallel requests. */
[ST_APPT_PERSON_LOCK] = { "appt_person_lock",
	"SELECT pg_advisory_xact_lock($1::bigint)", 1 },
[ST_APPT_COMING] = { "appt_coming",
	"SELECT count(*) FROM appointment ap JOIN appointment_slot s "
	"  ON s.id = ap.slot_id WHERE ap.person_id = $1 "
	"  AND ap.cancelled_at IS NULL AND s.starts_at > now()", 1 },

/* Person $1 gave a new mail address $2 on /gegevens: their reminders
 * not sent yet go there, or are called off when $2 is empty (an old
 * mailbox may be one a parent who fled no longer wants read). */
[ST_APPT_REMINDER_READDRESS] = { "appt_reminder_readdress",
	"UPDATE outbox o SET "
	"  recipient = CASE WHEN $2 <> '' THEN $2 ELSE o.recipient END, "
	"  cancelled_at = CASE WHEN $2 = '' THEN now() END "
	"  FROM appointment ap WHERE ap.person_id = $1 "
	"   AND o.topic = 'reminder:' || ap.public_id "
	"   AND o.sent_at IS NULL AND o.cancelled_at IS NULL", 2 },

/* What was cancelled in professional $1's times in the last 30 days. */
[ST_APPT_PRO_CANCELLED] = { "appt_pro_cancelled",
	"SELECT extract(epoch FROM s.starts_at)::bigint, "
	"  bp.given_name || ' ' || bp.family_name, f.name, "
	"  coalesce(ap.cancel_reason, ''), "
	"  EXISTS (SELECT 1 FROM appointment n WHERE n.moved_from = ap.id), "
	"  ap.cancelled_at > s.starts_at - interval '24 hours', "
	"  ap.cancelled_by = s.professional_id "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person bp ON bp.id = ap.person_id "
	"JOIN family f ON f.id = ap.family_id "
	"WHERE s.professional_id = $1 "
	"  AND ap.cancelled_at > now() - interval '30 days' "
	"  AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"ORDER BY ap.cancelled_at DESC LIMIT 50", 1 },
/*
 * The export of everything the portal holds about person $1 (cgi/export.c;
 * columns: its section tables). Times are epoch seconds or NULL. $2, where
 * used, is the array of public ids of the documents about $1 that $1 may
 * see (decided by lib/policy in C).
 */
#define EPOCH(x) "extract(epoch FROM " x ")::bigint"
[ST_EXPORT_PERSON] = { "export_person",
	"SELECT p.public_id, p.given_name, p.family_name, p.birth_date::text, "
	"  p.language, a.username, " EPOCH("a.created_at") " "
	"FROM person p LEFT JOIN account a ON a.person_id = p.id "
	"WHERE p.id = $1", 1 },
[ST_EXPORT_CONTACT] = { "export_contact",
	"SELECT phone, email, address, reach_by, " EPOCH("updated_at") " "
	"FROM contact_details WHERE person_id = $1", 1 },
[ST_EXPORT_CONTACT_HISTORY] = { "export_contact_history",
	"SELECT phone, email, address, reach_by, language, "
	EPOCH("changed_at") " FROM contact_history WHERE person_id = $1 "
	"ORDER BY changed_at, id", 1 },
[ST_EXPORT_MEMBERSHIPS] = { "export_memberships",
	"SELECT f.name, m.role, m.parental_authority, f.framework "
	"FROM family_member m JOIN family f ON f.id = m.family_id "
	"WHERE m.person_id = $1 ORDER BY f.name", 1 },
[ST_EXPORT_DOCUMENTS] = { "export_documents",
	"SELECT d.public_id, d.title, " EPOCH("d.created_at") ", "
	"  ap.given_name || ' ' || ap.family_name, o.name, d.version, d.body "
	"FROM document d JOIN person ap ON ap.id = d.author_id "
	"JOIN organisation o ON o.id = d.organisation_id "
	"WHERE d.public_id = ANY ($1::text[]) "
	"ORDER BY d.created_at, d.id", 1 },
/* The hidden parts of those documents ($2) that person $1 may see: those
 * not hidden from them (lib/policy: policy_part_visible, for a citizen,
 * the only one who has documents about them). */
[ST_EXPORT_PARTS] = { "export_parts",
	"SELECT d.public_id, dp.label, dp.body FROM document_part dp "
	"JOIN document d ON d.id = dp.document_id "
	"WHERE d.public_id = ANY ($2::text[]) "
	"  AND NOT EXISTS (SELECT 1 FROM document_part_hidden h "
	"    WHERE h.part_id = dp.id AND h.person_id = $1) "
	"ORDER BY d.created_at, d.id, dp.id", 2 },
/* Own comments, answers and shares are the person's, also on a document
 * they can no longer read (a child turned 16); its id and title then
 * stay out (NULL). */
#define VISIBLE(col) "CASE WHEN d.public_id = ANY ($2::text[]) THEN " col \
	" END"
[ST_EXPORT_COMMENTS] = { "export_comments",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", c.body, "
	"  NOT c.private, " EPOCH("c.created_at") " "
	"FROM document_comment c JOIN document d ON d.id = c.document_id "
	"WHERE c.author_id = $1 ORDER BY c.created_at, c.id", 2 },
[ST_EXPORT_VIEWS] = { "export_views",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", v.body, "
	"  " EPOCH("v.created_at") " "
	"FROM document_view v JOIN document d ON d.id = v.document_id "
	"WHERE v.author_id = $1 ORDER BY v.created_at, v.id", 2 },
[ST_EXPORT_CONSENTS] = { "export_consents",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", "
	"  c.version, c.decision, c.explanation, " EPOCH("c.created_at") " "
	"FROM document_consent c JOIN document d ON d.id = c.document_id "
	"WHERE c.person_id = $1 ORDER BY c.created_at, c.id", 2 },
[ST_EXPORT_APPOINTMENTS] = { "export_appointments",
	"SELECT ap.public_id, " EPOCH("s.starts_at") ", " EPOCH("s.ends_at")
	", s.place, pp.given_name || ' ' || pp.family_name, o.name, "
	EPOCH("ap.booked_at") ", " EPOCH("ap.cancelled_at") ", "
	"  ap.cancel_reason "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person pp ON pp.id = s.professional_id "
	"JOIN professional pr ON pr.person_id = s.professional_id "
	"JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE ap.person_id = $1 ORDER BY s.starts_at, ap.id", 1 },
/* Shares $1 asked for or agreed to. */
[ST_EXPORT_SHARES] = { "export_shares",
	"SELECT " VISIBLE("d.public_id") ", " VISIBLE("d.title") ", o.name, "
	"  s.court_order, s.pending, "
	"  s.includes_comments, " EPOCH("s.created_at") ", " EPOCH("s.until")
	", " EPOCH("s.revoked_at") ", s.requested_by = $1 "
	"FROM document_share s JOIN document d ON d.id = s.document_id "
	"JOIN organisation o ON o.id = s.organisation_id "
	"WHERE s.requested_by = $1 OR EXISTS (SELECT 1 FROM share_consent c "
	"  WHERE c.share_id = s.id AND c.person_id = $1) "
	"ORDER BY s.created_at, s.id", 2 },
#undef VISIBLE
/* The audit rows about $1: what $1 did, what was done with $1's own
 * details and requests, and every look at a document in $2 (about $1,
 * visible to $1). Not the address others acted from. At most 5000,
 * newest first. */
[ST_EXPORT_AUDIT] = { "export_audit",
	"SELECT " EPOCH("l.at") ", "
	"  coalesce(p.given_name || ' ' || p.family_name, ''), "
	"  coalesce(o.name, ''), l.actor_role, l.action, "
	"  coalesce(l.object_kind, ''), "
	/* a person (or their account) by the opaque id, never the counter */
	"  CASE WHEN l.object_kind IN ('person', 'account') THEN coalesce("
	"    (SELECT op.public_id FROM person op "
	"      WHERE op.id::text = l.object_id), '') "
	"    ELSE coalesce(l.object_id, '') END, l.outcome "
	"FROM audit_log l LEFT JOIN person p ON p.id = l.actor_id "
	"LEFT JOIN professional pr ON pr.person_id = l.actor_id "
	"LEFT JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE l.actor_id = $1 "
	"   OR (l.object_kind = 'person' AND l.object_id = $1::text) "
	"   OR (l.object_kind = 'document' AND l.object_id = ANY ($2::text[])) "
	"   OR (l.object_kind = 'request' AND l.object_id IN (SELECT "
	"     rq.public_id FROM request rq WHERE rq.author_id = $1)) "
	"ORDER BY l.id DESC LIMIT 5000", 2 },
/* The organisations $1's address is shielded from. */
[ST_EXPORT_SHIELDED] = { "export_shielded",
	"SELECT o.name, " EPOCH("cc.marked_at") " FROM contact_confidential cc "
	"JOIN organisation o ON o.id = cc.organisation_id "
	"WHERE cc.person_id = $1 ORDER BY o.name", 1 },
/* $1's requests (/verzoeken) and what happened to them; the title of a
 * document $1 can no longer read stays out (NULL). */
[ST_EXPORT_REQUESTS] = { "export_requests",
	"SELECT r.public_id, CASE WHEN d.public_id = ANY ($2::text[]) "
	"  THEN d.title END, r.kind, r.body, r.status, " EPOCH("r.created_at")
	", r.due_on::text, r.extended, r.extension_reason, r.answer, "
	EPOCH("r.answered_at") " "
	"FROM request r LEFT JOIN document d ON d.id = r.document_id "
	"WHERE r.author_id = $1 ORDER BY r.created_at, r.id", 2 },
[ST_EXPORT_REQUEST_EVENTS] = { "export_request_events",
	"SELECT r.public_id, " EPOCH("e.at") ", e.what, e.text "
	"FROM request_event e JOIN request r ON r.id = e.request_id "
	"WHERE r.author_id = $1 ORDER BY e.at, e.id", 1 },
/* The reminders of $1's appointments: to where, when, sent or not. */
[ST_EXPORT_REMINDERS] = { "export_reminders",
	"SELECT o.recipient, o.subject, " EPOCH("o.not_before") ", "
	EPOCH("o.sent_at") ", " EPOCH("o.cancelled_at") " "
	"FROM outbox o JOIN appointment ap "
	"  ON o.topic = 'reminder:' || ap.public_id "
	"WHERE ap.person_id = $1 ORDER BY o.id", 1 },
#undef EPOCH
/* Family $2 (public id) if professional $1 is assigned to it now, and
 * the slug of $1's own organisation. */
[ST_FAMILY_OF_PRO] = { "family_of_pro",
	"SELECT f.id, f.name, o.slug FROM family f JOIN assignment a "
	"  ON a.family_id = f.id "
	"JOIN professional pr ON pr.person_id = a.professional_id "
	"JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE f.public_id = $2 "
	"   AND a.professional_id = $1 AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date)", 2 },

/* The members of family $2 (internal id) with their contact details, as
 * professional $1 may see them: an address shielded from $1's
 * organisation comes back NULL (here, so no handler can show it). The
 * organisations it is shielded from are named for the professional. */
[ST_FAMILY_CONTACTS] = { "family_contacts",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, m.role, "
	"  coalesce(cd.phone, ''), coalesce(cd.email, ''), "
	"  CASE WHEN EXISTS (SELECT 1 FROM contact_confidential cc "
	"    JOIN professional me ON me.organisation_id = cc.organisation_id "
	"    WHERE cc.person_id = p.id AND me.person_id = $1) THEN NULL "
	"    ELSE coalesce(cd.address, '') END, "
	"  coalesce(cd.reach_by, ''), "
	"  coalesce((SELECT json_agg(json_build_object('slug', o.slug, "
	"    'name', o.name) ORDER BY o.name) FROM contact_confidential cc "
	"    JOIN organisation o ON o.id = cc.organisation_id "
	"    WHERE cc.person_id = p.id), '[]') "
	"FROM family_member m JOIN person p ON p.id = m.person_id "
	"LEFT JOIN contact_details cd ON cd.person_id = p.id "
	"WHERE m.family_id = $2 ORDER BY p.birth_date, p.id", 2 },

/* The audit rows of that page: one per member whose details professional
 * $1 saw in family $2, from $3, request $4. */
[ST_FAMILY_CONTACTS_AUDIT] = { "family_contacts_audit",
	"INSERT INTO audit_log (actor_id, actor_role, action, object_kind, "
	"    object_id, family_id, remote_addr, outcome, request_id) "
	"SELECT $1, 'professional', 'contact.read', 'person', "
	"  m.person_id::text, m.family_id, $3, 'allowed', $4 "
	"  FROM family_member m WHERE m.family_id = $2", 4 },

/* Professional $1 shields the address of member $3 (public id) of family
 * $2 (internal id) from organisation $4 (slug). No row: not a member or
 * no such organisation (or marked already). */
[ST_CONFIDENTIAL_ADD] = { "confidential_add",
	"INSERT INTO contact_confidential (person_id, organisation_id, "
	"    marked_by) "
	"SELECT p.id, o.id, $1 FROM family_member m "
	"  JOIN person p ON p.id = m.person_id, organisation o "
	" WHERE m.family_id = $2 AND p.public_id = $3 AND o.slug = $4 "
	"   AND o.id <> (SELECT organisation_id FROM professional "
	"     WHERE person_id = $1) "
	"ON CONFLICT DO NOTHING RETURNING person_id", 4 },
/* Professional $1 shows the address of member $3 (public id) of family
 * $2 to organisation $4 again; never a shield against $1's own
 * organisation (that is for others to lift). */
[ST_CONFIDENTIAL_REMOVE] = { "confidential_remove",
	"DELETE FROM contact_confidential cc USING family_member m, person p, "
	"  organisation o WHERE m.family_id = $2 AND p.id = m.person_id "
	"  AND p.public_id = $3 AND o.slug = $4 AND cc.person_id = p.id "
	"  AND cc.organisation_id = o.id "
	"  AND o.id <> (SELECT organisation_id FROM professional "
	"    WHERE person_id = $1) RETURNING cc.person_id", 4 },

/* ---- Requests and replies (cgi/requests.c, cgi/reply.c) ---- */

/* The days of a request as Unix times at noon in the Netherlands (so
 * printing them as a date never moves them a day). */
#define NOON(d) "extract(epoch FROM ((" d ") + time '12:00') " \
	"AT TIME ZONE 'Europe/Amsterdam')::bigint"
/* Whether request r is open and its deadline has passed (today in the
 * Netherlands). */
#define REQUEST_LATE "(r.status IN ('ingediend', 'in behandeling') " \
	"AND r.due_on < (now() AT TIME ZONE 'Europe/Amsterdam')::date)"
/* Professional $1 is assigned to family f now. */
#define ASSIGNED(f) "EXISTS (SELECT 1 FROM assignment a " \
	"WHERE a.family_id = " f " AND a.professional_id = $1 " \
	"AND a.starts_on <= current_date " \
	"AND (a.ends_on IS NULL OR a.ends_on >= current_date))"
/* Columns of a request (enum in cgi/requests.c). */
#define REQUEST_COLUMNS \
	"SELECT r.public_id, r.kind, r.status, coalesce(d.title, ''), " \
	"  extract(epoch FROM r.created_at)::bigint, " NOON("r.due_on") ", " \
	"  " REQUEST_LATE ", r.extended, " \
	"  coalesce(extract(epoch FROM r.answered_at)::bigint, 0), " \
	"  p.given_name || ' ' || p.family_name, r.author_id = $1, " \
	"  " ASSIGNED("r.family_id") ", r.id, r.family_id, " \
	"  coalesce(d.public_id, ''), r.body, " \
	"  coalesce(r.extension_reason, ''), coalesce(r.answer, ''), " \
	"  to_char(r.due_on, 'YYYY-MM-DD') " \
	"FROM request r JOIN person p ON p.id = r.author_id " \
	"LEFT JOIN document d ON d.id = r.document_id "

/* A new request: $1 family, $2 author, $3 document (internal id, NULL:
 * "iets anders"), $4 kind, $5 text, $6 form nonce; with its first line in
 * the timeline. No row back: this form was already sent. */
[ST_REQUEST_INSERT] = { "request_insert",
	"WITH r AS (INSERT INTO request (family_id, author_id, document_id, "
	"    kind, body, form_nonce) VALUES ($1, $2, $3, $4, $5, $6) "
	"  ON CONFLICT (author_id, form_nonce) DO NOTHING "
	"  RETURNING id, public_id, author_id, created_at), "
	"e AS (INSERT INTO request_event (request_id, at, actor_id, what) "
	"  SELECT id, created_at, author_id, 'ingediend' FROM r) "
	"SELECT public_id, id FROM r", 6 },

/* Whether person $1 already sent exactly this ($3 text, $4 kind) with
 * form nonce $2. */
[ST_REQUEST_SAME] = { "request_same",
	"SELECT EXISTS (SELECT 1 FROM request WHERE author_id = $1 "
	"  AND form_nonce = $2 AND body = $3 AND kind = $4)", 4 },

/* The requests person $1 may see: their own, and (a professional) those
 * of the families they are assigned to now. Open ones first, the
 * earliest deadline first. */
[ST_REQUEST_LIST] = { "request_list", REQUEST_COLUMNS
	"WHERE r.author_id = $1 OR " ASSIGNED("r.family_id") " "
	"ORDER BY r.status IN ('ingediend', 'in behandeling') DESC, "
	"  r.due_on, r.id LIMIT 500", 1 },

/* Request $2 (public id) with the facts about actor $1 (author? assigned
 * now?); the caller decides. */
[ST_REQUEST_ONE] = { "request_one", REQUEST_COLUMNS
	"WHERE r.public_id = $2", 2 },

/* The timeline of request $1 (internal id), oldest first. */
[ST_REQUEST_EVENTS] = { "request_events",
	"SELECT extract(epoch FROM e.at)::bigint, e.what, e.text, "
	"       coalesce(p.given_name || ' ' || p.family_name, '') "
	"  FROM request_event e LEFT JOIN person p ON p.id = e.actor_id "
	" WHERE e.request_id = $1 ORDER BY e.at, e.id", 1 },

/* Professional $2 takes request $1 up. No row: it was not waiting. */
[ST_REQUEST_TAKE_UP] = { "request_take_up",
	"WITH r AS (UPDATE request SET status = 'in behandeling' "
	"  WHERE id = $1 AND status = 'ingediend' RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what) "
	"SELECT id, $2, 'in behandeling' FROM r RETURNING 1", 2 },

/* Professional $2 extends request $1's deadline by two months, once,
 * with reason $3 (the citizen reads it). The "too late" notice may come
 * again for the new deadline. No row: already extended or answered. */
[ST_REQUEST_EXTEND] = { "request_extend",
	"WITH r AS (UPDATE request SET extended = true, extension_reason = $3, "
	"    status = 'in behandeling', overdue_noticed_at = NULL "
	"  WHERE id = $1 AND NOT extended "
	"    AND status IN ('ingediend', 'in behandeling') "
	/* within the first month (AVG art. 12(3)), never once it is late */
	"    AND due_on >= (now() AT TIME ZONE 'Europe/Amsterdam')::date "
	"  RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what, text) "
	"SELECT id, $2, 'verlengd', $3 FROM r RETURNING 1", 3 },

/* Professional $2 answers request $1: outcome $3, answer $4. No row: it
 * was answered already. */
[ST_REQUEST_ANSWER] = { "request_answer",
	"WITH r AS (UPDATE request SET status = $3, answer = $4, "
	"    answered_at = now(), answered_by = $2 "
	"  WHERE id = $1 AND status IN ('ingediend', 'in behandeling') "
	"  RETURNING id) "
	"INSERT INTO request_event (request_id, actor_id, what, text) "
	"SELECT id, $2, $3, $4 FROM r RETURNING 1", 4 },

/* The language the author of request $1 chose ("" for none). */
[ST_REQUEST_AUTHOR_LANGUAGE] = { "request_author_language",
	"SELECT coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) FROM request rq "
	"  JOIN person p ON p.id = rq.author_id WHERE rq.id = $1", 1 },

/* A mail ($2 subject, $3 body) to the author of request $1, at the
 * address they gave on /gegevens; none without one. */
[ST_REQUEST_MAIL_AUTHOR] = { "request_mail_author",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', cd.email, $2, $3 FROM request rq "
	"  JOIN contact_details cd ON cd.person_id = rq.author_id "
	" WHERE rq.id = $1 AND cd.email <> ''", 3 },

/* Event $2 ("request.created") about request $3 (public id) of family
 * $1, for the systems of the organisations working with the family now;
 * opaque ids only, like ST_OUTBOX_WEBHOOK. */
[ST_REQUEST_WEBHOOK] = { "request_webhook",
	"INSERT INTO outbox (kind, recipient, subject, body, organisation_id) "
	"SELECT 'webhook', o.webhook_url, $2::text, json_build_object("
	"    'event', $2::text, 'request', $3::text, "
	"    'family', (SELECT public_id FROM family WHERE id = $1::bigint), "
	"    'at', to_char(now() AT TIME ZONE 'UTC', "
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text, o.id "
	"  FROM organisation o WHERE o.webhook_url IS NOT NULL "
	"   AND o.webhook_secret IS NOT NULL "
	"   AND o.id IN (SELECT pr.organisation_id FROM assignment a "
	"          JOIN professional pr ON pr.person_id = a.professional_id "
	"         WHERE a.family_id = $1::bigint AND a.starts_on <= current_date "
	"           AND (a.ends_on IS NULL OR a.ends_on >= current_date))", 3 },

/*
 * Requests whose deadline passed: each is marked once (overdue_noticed_at)
 * and, in the same statement, one mail per request goes to every
 * professional assigned to its family and to their organisation's
 * notify address ($1 subject, $2 text before the link, $3 the portal's
 * address). Run by the outbox process on every loop: the UPDATE takes
 * only unmarked rows and locks them, so two processes, or a loop after a
 * crash, never mail the same request twice. An extension clears the mark.
 */
[ST_REQUEST_OVERDUE] = { "request_overdue",
	"WITH late AS (UPDATE request r SET overdue_noticed_at = now() "
	"  WHERE " REQUEST_LATE " AND r.overdue_noticed_at IS NULL "
	"  RETURNING r.id, r.family_id, r.public_id), "
	"pros AS (SELECT late.public_id, pr.email, o.notify_email "
	"  FROM late JOIN assignment a ON a.family_id = late.family_id "
	"   AND a.starts_on <= current_date "
	"   AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN organisation o ON o.id = pr.organisation_id) "
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', x.addr, $1, $2 || E'\\n\\n' || $3 || '/verzoeken/' "
	"       || x.public_id "
	"  FROM (SELECT public_id, email AS addr FROM pros "
	"         WHERE email IS NOT NULL "
	"        UNION SELECT public_id, notify_email FROM pros "
	"         WHERE notify_email IS NOT NULL) x", 3 },

/*
 * The reply invitation: a mail ($5 subject, $6 text with TOKEN_MARK where
 * the link goes) to every professional assigned to family $1 now, one
 * each, each with its own reply_token row for the comment or request ($2
 * 'comment' / 'request') that person $3 just stored with form nonce $4.
 * The token itself is made when the mail is sent (ST_REPLY_TOKEN_MINT).
 */
[ST_REPLY_INVITE] = { "reply_invite",
	"WITH pros AS (SELECT DISTINCT ON (pr.email) pr.person_id, pr.email "
	"    FROM assignment a JOIN professional pr "
	"      ON pr.person_id = a.professional_id "
	"   WHERE a.family_id = $1 AND a.starts_on <= current_date "
	"     AND (a.ends_on IS NULL OR a.ends_on >= current_date) "
	"     AND pr.email IS NOT NULL ORDER BY pr.email, pr.person_id), "
	"m AS (INSERT INTO outbox (kind, recipient, subject, body) "
	"  SELECT 'mail', email, $5, $6 FROM pros RETURNING id, recipient) "
	"INSERT INTO reply_token (outbox_id, professional_id, comment_id, "
	"  request_id) "
	"SELECT m.id, pros.person_id, "
	"  CASE WHEN $2 = 'comment' THEN (SELECT id FROM document_comment "
	"    WHERE author_id = $3 AND form_nonce = $4) END, "
	"  CASE WHEN $2 = 'request' THEN (SELECT id FROM request "
	"    WHERE author_id = $3 AND form_nonce = $4) END "
	"  FROM m JOIN pros ON pros.email = m.recipient", 6 },

/* The outbox process sends mail $1: the token's hash $2, valid 14 days
 * from now. Made once per mail: no row when there is no reply link in
 * it, it was used already (answered in the worklist before the mail
 * went), or a token was made before and the mail may have gone with it
 * (a sender that died between "accepted" and "marked": the copy sent
 * again has the same Message-ID and the receiver keeps the first one,
 * whose link must keep working). */
[ST_REPLY_TOKEN_MINT] = { "reply_token_mint",
	"UPDATE reply_token SET token_hash = decode($2, 'hex'), "
	"       expires_at = now() + interval '14 days' "
	" WHERE outbox_id = $1 AND used_at IS NULL AND token_hash IS NULL "
	"RETURNING 1", 2 },

/* Mail $1 was certainly not delivered (refused, server away): its token
 * is forgotten, so the next attempt makes a fresh one. */
[ST_REPLY_TOKEN_UNMINT] = { "reply_token_unmint",
	"UPDATE reply_token SET token_hash = NULL, expires_at = NULL "
	" WHERE outbox_id = $1 AND used_at IS NULL", 1 },

/* The token with hash $1: id, professional, used, expired, what it is
 * for (kind, public id). */
[ST_REPLY_TOKEN_FIND] = { "reply_token_find",
	"SELECT t.id, t.professional_id, t.used_at IS NOT NULL, "
	"       t.expires_at IS NULL OR t.expires_at <= now(), "
	"       CASE WHEN t.comment_id IS NOT NULL THEN 'reactie' "
	"         ELSE 'verzoek' END, "
	"       coalesce(c.public_id, r.public_id), "
	/* used minutes ago: most likely a second click */
	"       coalesce(t.used_at > now() - interval '10 minutes', false) "
	"  FROM reply_token t "
	"  LEFT JOIN document_comment c ON c.id = t.comment_id "
	"  LEFT JOIN request r ON r.id = t.request_id "
	" WHERE t.token_hash = decode($1, 'hex')", 1 },

/* Uses token $1, once. No row: used or expired meanwhile. */
[ST_REPLY_TOKEN_USE] = { "reply_token_use",
	"UPDATE reply_token SET used_at = now() "
	" WHERE id = $1 AND used_at IS NULL AND expires_at > now() "
	"RETURNING 1", 1 },

/* Comment $1 (public id) by a family member, to be answered: id, text,
 * private, author, document public id, answered already, when. */
[ST_REPLY_COMMENT_ONE] = { "reply_comment_one",
	"SELECT c.id, c.body, c.private, p.given_name || ' ' || p.family_name, "
	"       d.public_id, "
	"       EXISTS (SELECT 1 FROM document_comment x "
	"         WHERE x.answer_to = c.id), "
	"       extract(epoch FROM c.created_at)::bigint "
	"  FROM document_comment c JOIN document d ON d.id = c.document_id "
	"  JOIN person p ON p.id = c.author_id "
	" WHERE c.public_id = $1 AND p.kind = 'citizen' "
	"   AND c.answer_to IS NULL", 1 },

/* The answer to comment $6: a comment on document $1 by professional $2,
 * $3 text, $4 private (as the comment), $5 form nonce. No row: the
 * comment has its answer already. */
[ST_REPLY_COMMENT_ANSWER] = { "reply_comment_answer",
	"INSERT INTO document_comment (document_id, author_id, body, private, "
	"  form_nonce, answer_to) VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT DO NOTHING RETURNING public_id", 6 },

/* "Wat wacht op mij": what family members of the families professional
 * $1 is assigned to wrote and nobody answered yet: comments, and open
 * requests (late ones first). Columns: kind, public id, document title,
 * author, made, deadline (requests), late. */
[ST_REPLY_WORKLIST] = { "reply_worklist",
	"SELECT * FROM ("
	"SELECT 'verzoek' AS kind, r.public_id, coalesce(d.title, ''), "
	"       p.given_name || ' ' || p.family_name, "
	"       extract(epoch FROM r.created_at)::bigint AS made, "
	"       " NOON("r.due_on") " AS due, " REQUEST_LATE " AS late "
	"  FROM request r JOIN person p ON p.id = r.author_id "
	"  LEFT JOIN document d ON d.id = r.document_id "
	" WHERE r.status IN ('ingediend', 'in behandeling') "
	"   AND " ASSIGNED("r.family_id") " "
	"UNION ALL "
	"SELECT 'reactie', c.public_id, d.title, "
	"       p.given_name || ' ' || p.family_name, "
	"       extract(epoch FROM c.created_at)::bigint, 0, false "
	"  FROM document_comment c JOIN document d ON d.id = c.document_id "
	"  JOIN person p ON p.id = c.author_id "
	" WHERE p.kind = 'citizen' AND c.answer_to IS NULL "
	"   AND NOT EXISTS (SELECT 1 FROM document_comment x "
	"     WHERE x.answer_to = c.id) "
	"   AND " ASSIGNED("d.family_id") ") w "
	"ORDER BY late DESC, kind DESC, made LIMIT 200", 1 },
};
