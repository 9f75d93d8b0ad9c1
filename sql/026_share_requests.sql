-- 026_share_requests.sql - a waiting share is one share request
-- (issue 15, part 1): per document and organisation at most one request
-- waits, whoever asked and on whatever terms, so two parents asking at
-- once make one request (this index, not luck). Who still must say yes
-- is lib/policy's (policy_share_asks), from share_consent.
--
-- A request ends without starting when someone whose yes it needs says
-- no (ended_reason 'nee') or when it waited 30 days, or its last day
-- passed first ('verlopen'). ended_noticed_at: the person who asked got
-- the mail about it (a 'nee' at once, by the worker; 'verlopen' by the
-- outbox process, which also marks the requests that ran out).

ALTER TABLE document_share ADD COLUMN ended_at timestamptz;
ALTER TABLE document_share ADD COLUMN ended_reason text
	CHECK (ended_reason IN ('nee', 'verlopen'));
ALTER TABLE document_share ADD COLUMN ended_noticed_at timestamptz;
ALTER TABLE document_share ADD CONSTRAINT document_share_ended
	CHECK ((ended_at IS NULL) = (ended_reason IS NULL));

-- Requests that waited side by side before this (other terms) end, all
-- but the newest per document and organisation; nobody is mailed.
UPDATE document_share s SET ended_at = now(), ended_reason = 'verlopen',
	ended_noticed_at = now()
 WHERE s.pending AND s.revoked_at IS NULL AND EXISTS (
	SELECT 1 FROM document_share t
	 WHERE t.document_id = s.document_id
	   AND t.organisation_id = s.organisation_id
	   AND t.pending AND t.revoked_at IS NULL AND t.id > s.id);

DROP INDEX document_share_one_pending;
CREATE UNIQUE INDEX document_share_one_request
	ON document_share(document_id, organisation_id)
	WHERE pending AND revoked_at IS NULL AND ended_at IS NULL;
-- The outbox process looks for requests that ran out on every loop.
CREATE INDEX document_share_waiting ON document_share(created_at)
	WHERE pending AND ended_at IS NULL AND revoked_at IS NULL;
