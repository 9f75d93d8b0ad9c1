-- 007_sharing.sql - families share a document with another organisation.
-- A share waits ("pending") until everybody who must agree did
-- (lib/policy: policy_share_complete); who agreed is in share_consent.

ALTER TABLE document_share ADD COLUMN pending boolean NOT NULL DEFAULT false;
ALTER TABLE document_share ADD COLUMN requested_by bigint REFERENCES person(id);
ALTER TABLE document_share ADD COLUMN created_at timestamptz NOT NULL
	DEFAULT now();
-- At most one waiting share per document, organisation and terms (end,
-- comments): a second person agreeing to the same terms joins it; other
-- terms are another share, agreed to on its own.
CREATE UNIQUE INDEX document_share_one_pending
	ON document_share(document_id, organisation_id, until, includes_comments)
	WHERE pending AND revoked_at IS NULL;

CREATE TABLE share_consent (
	share_id	bigint NOT NULL REFERENCES document_share(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (share_id, person_id)
);
