-- 046_seen_versions.sql - every version of a document each reader opened
-- (issue 20, part 2, after the security review of 4 December 2026).
-- A member reads an earlier version, and what changed, only of versions
-- they opened when they were current: a text a professional corrected
-- (an address written by mistake) never reaches a reader who did not
-- read it then, nor a reader the author added later (lib/policy:
-- policy_versions_all says who reads every version).

ALTER TABLE document_read ADD COLUMN seen_versions integer[] NOT NULL
	DEFAULT '{}';

-- Before this column only the newest version read is known.
UPDATE document_read SET seen_versions = ARRAY[read_version];
