-- grants.sql - what the portal's own database role may do.  Run by
-- scripts/migrate.sh after every migration run (idempotent).
-- The portal connects as portal_app, never as the owner.  Rights are given
-- per table, for what the code needs: a new table has none until it is
-- listed here.  Nobody but the owner changes accounts, families or the
-- schema; the audit log can only grow.

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
		CREATE ROLE portal_app LOGIN;
	END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM portal_app;
GRANT USAGE ON SCHEMA public TO portal_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO portal_app;

-- Registry data: read only.
GRANT SELECT ON organisation, professional, family, family_member,
	assignment, account TO portal_app;
-- Who is assigned to a family today (018_assignment_now.sql).
GRANT SELECT ON assignment_now TO portal_app;
GRANT SELECT ON person TO portal_app;
-- Parental authority per child (037_authority.sql): read only.
GRANT SELECT ON authority TO portal_app;
GRANT UPDATE (language) ON person TO portal_app;

-- Sessions and log-in throttling.
GRANT SELECT, INSERT, DELETE ON session TO portal_app;
GRANT UPDATE (last_seen) ON session TO portal_app;
GRANT SELECT, INSERT, DELETE ON login_attempt TO portal_app;
-- The second step for staff: the secret is read to check a code; the last
-- accepted step and "shown" are written; `portal totp-enrol` (run with the
-- portal's configuration) makes a new secret. Challenges live minutes.
GRANT SELECT, INSERT ON staff_totp TO portal_app;
GRANT UPDATE (secret, enrolled_at, shown_at) ON staff_totp TO portal_app;
GRANT UPDATE (last_step) ON staff_totp TO portal_app;
GRANT SELECT, INSERT, DELETE ON login_challenge TO portal_app;
GRANT UPDATE (failures) ON login_challenge TO portal_app;
-- A reply link's confirmation (password and code) for one browser, a day.
GRANT SELECT, INSERT, DELETE ON reply_confirmation TO portal_app;

-- Audit log: append and read (citizens see who looked), never change.
GRANT SELECT, INSERT ON audit_log TO portal_app;

-- Outbox: written with the action, sent and marked by the outbox worker.
GRANT SELECT, INSERT ON outbox TO portal_app;
GRANT UPDATE (attempts, lease_until, sent_at, last_error, not_before)
	ON outbox TO portal_app;

-- Documents: read by the portal; added by professionals (with whom they
-- are about, whom they are hidden from, and the attached file).
GRANT SELECT, INSERT ON document, document_subject, document_hidden,
	document_file, document_part, document_part_hidden TO portal_app;
-- Safety between members (029): professionals mark who is shielded from
-- whom; the mark is read by the pages that keep the shielded member out.
GRANT SELECT, INSERT ON member_shield TO portal_app;
-- ending a shield (sql/035): the row stays, with who ended it and when
GRANT UPDATE (ended_at, ended_by) ON member_shield TO portal_app;
GRANT UPDATE (revoked_by) ON document_share TO portal_app;
-- A member's own view of a document: added and read; its writer changes
-- it (a new row that replaces it) or withdraws it, which only marks the
-- old row (034_view_history.sql): the text is never changed or deleted.
GRANT SELECT, INSERT ON document_view TO portal_app;
GRANT UPDATE (superseded_at, withdrawn_at, withdrawn_helped_by)
	ON document_view TO portal_app;
-- A youth of 16+ chooses which parents may read a document about them.
GRANT SELECT, INSERT, DELETE ON document_youth_share TO portal_app;
-- Sharing: families add shares, agree to them and revoke them; nobody
-- changes where a share goes or until when.
GRANT SELECT ON document_share TO portal_app;
GRANT INSERT (document_id, organisation_id, until, includes_comments,
	pending, requested_by) ON document_share TO portal_app;
GRANT SELECT, INSERT ON share_consent TO portal_app;
GRANT UPDATE (pending, starts_at, revoked_at) ON document_share TO portal_app;
-- A share request ends on a no, or after 30 days (sql/026).
GRANT UPDATE (ended_at, ended_reason, ended_noticed_at) ON document_share
	TO portal_app;
-- A new version: the old one is kept in document_version.
GRANT UPDATE (title, body, version, updated_at) ON document TO portal_app;
GRANT SELECT, INSERT ON document_version TO portal_app;
GRANT SELECT, INSERT ON document_read TO portal_app;
-- The newest version a reader read (sql/045): it only goes up.
GRANT UPDATE (read_version, seen_versions) ON document_read TO portal_app;

-- What members say about a document: added, never changed.
GRANT SELECT, INSERT ON document_comment, document_consent TO portal_app;

-- Contact details: a person changes their own; the history only grows.
GRANT SELECT, INSERT ON contact_details, contact_history TO portal_app;
GRANT UPDATE (phone, email, address, reach_by, updated_at, recorded_by)
	ON contact_details TO portal_app;
-- A new mail address waits for its confirmation (047_email_confirm.sql):
-- written with the change, its token's hash set when the mail is sent,
-- used once or ended by a newer address.
GRANT SELECT, INSERT ON email_confirm TO portal_app;
GRANT UPDATE (token_hash, expires_at, used_at, ended_at) ON email_confirm
	TO portal_app;

-- Appointments: professionals publish slots; members book and cancel. A
-- booking is never deleted; a cancellation is a timestamp and a reason.
GRANT SELECT, INSERT ON appointment_slot, appointment TO portal_app;
GRANT UPDATE (withdrawn_at, declined_at) ON appointment_slot TO portal_app;
GRANT UPDATE (cancelled_at, cancelled_by, cancel_reason) ON appointment
	TO portal_app;
GRANT UPDATE (cancelled_at, recipient) ON outbox TO portal_app;

-- Addresses shielded from organisations: marked and unmarked by the
-- family's professionals (the audit log keeps who and when).
GRANT SELECT, INSERT, DELETE ON contact_confidential TO portal_app;
-- Requests (cgi/requests/requests.c, cgi/requests/reply.c): members make them; the
-- professional takes them up, extends the deadline once, answers; the
-- outbox process notes that one is too late. The timeline only grows.
GRANT SELECT ON request TO portal_app;
GRANT INSERT (family_id, author_id, document_id, kind, body, form_nonce)
	ON request TO portal_app;
GRANT UPDATE (status, extended, extension_reason, answer, answered_at,
	answered_by, overdue_noticed_at) ON request TO portal_app;
GRANT SELECT, INSERT ON request_event TO portal_app;
-- Reply links: written with the mail, the token's hash set when it is
-- sent, used once.
GRANT SELECT, INSERT ON reply_token TO portal_app;
GRANT UPDATE (token_hash, expires_at, used_at) ON reply_token TO portal_app;
-- Conversations (cgi/messages/messages.c): a member starts one with one of
-- their professionals; both write messages, never changed; each keeps how
-- far they read.
GRANT SELECT ON conversation, conversation_message TO portal_app;
GRANT INSERT (family_id, member_id, professional_id, subject, form_nonce)
	ON conversation TO portal_app;
GRANT INSERT (conversation_id, author_id, body, form_nonce)
	ON conversation_message TO portal_app;
GRANT SELECT, INSERT ON conversation_read TO portal_app;
GRANT UPDATE (last_message_id) ON conversation_read TO portal_app;
-- Research (042_research.sql): a member's yes or no, only added; the
-- newest row counts. `portal export-research` reads it.
GRANT SELECT, INSERT ON research_choice TO portal_app;
-- The explanatory analysis (043_analysis.sql): professionals open and
-- publish it; members answer and change their own answer.
GRANT SELECT, INSERT ON analysis, analysis_question, analysis_answer
	TO portal_app;
GRANT UPDATE (published_at, document_id) ON analysis TO portal_app;
GRANT UPDATE (body, shared, updated_at, helped_by) ON analysis_answer
	TO portal_app;
-- The start page's marker ("since your last visit"): one row per person,
-- moved at every start page view (cgi/account/waiting.c).
GRANT SELECT, INSERT, UPDATE ON start_visit TO portal_app;
-- Text of a form that arrived after a time-out (033_form_draft.sql): kept
-- for the person of that session, taken (deleted) when shown again, and
-- deleted after an hour.
GRANT SELECT, INSERT, UPDATE, DELETE ON form_draft TO portal_app;
-- Letters by post (025_a_letters.sql): the outbox process puts them in
-- the print queue; the clerk reads them and marks them printed.
GRANT SELECT, INSERT ON letter TO portal_app;
GRANT UPDATE (printed_at, printed_by) ON letter TO portal_app;
-- Places taken by actions that mail or notify (025_b_notify_limit.sql):
-- taken with the action, forgotten after a day.
GRANT SELECT, INSERT, DELETE ON notify_action TO portal_app;
GRANT SELECT ON notify_limit TO portal_app;
-- The counter's assisted sessions (024_counter.sql): started, read, and
-- ended (stopped_at) only; how identity was checked is never changed.
GRANT SELECT, INSERT ON assist_session TO portal_app;
GRANT UPDATE (stopped_at) ON assist_session TO portal_app;
-- Activation letters (024_counter.sql): made at the counter, used once on
-- /activeren through activation_use(), the one way the portal makes a
-- log-in or sets a password (the role has no right on account itself).
GRANT SELECT, INSERT ON activation_code TO portal_app;
GRANT UPDATE (expires_at) ON activation_code TO portal_app;
GRANT EXECUTE ON FUNCTION activation_use(bytea, text, text) TO portal_app;
-- A citizen's own password change, after the current one was checked
-- (037_authority.sql): only the hash, only while it is still the old one.
GRANT EXECUTE ON FUNCTION password_set(bigint, text, text) TO portal_app;
-- Help requests (cgi/help/help.c, sql/039): members ask, the team marks
-- "iemand neemt contact op" and "afgerond"; nothing is removed.
GRANT SELECT ON help_request TO portal_app;
GRANT INSERT (family_id, author_id, helped_by, body, urgency, contact,
	organisation_id, via_intake, form_nonce) ON help_request TO portal_app;
GRANT UPDATE (status, contact_at, contact_person, contact_note, done_at,
	done_by) ON help_request TO portal_app;
-- A member's own check-ins (040_checkin.sql): written and read by the
-- member (or the clerk of their session); only their choice to share
-- changes.
GRANT SELECT, INSERT ON checkin TO portal_app;
GRANT UPDATE (shared, shared_changed_at) ON checkin TO portal_app;
-- Feedback on the help (041_feedback.sql): answers are only added (no
-- person, no time); what a member gave feedback on is only added.
GRANT SELECT, INSERT ON feedback TO portal_app;
GRANT SELECT, INSERT ON feedback_given TO portal_app;
-- Who answered per organisation and quarter (048_feedback_givers.sql),
-- counted for the threshold of five people; never joined to an answer.
GRANT SELECT, INSERT ON feedback_giver TO portal_app;
-- A member's own document (sql/044): who the author chose as readers;
-- changed by its author (the readers again), removed only through
-- own_document_remove() (the row stays, its words and file go).
GRANT SELECT, INSERT, DELETE ON document_own_reader TO portal_app;
GRANT UPDATE (own_readers) ON document TO portal_app;
GRANT EXECUTE ON FUNCTION own_document_remove(bigint, bigint) TO portal_app;
