-- 035_shield_end.sql - a shield between members can end (issue 16, part 3):
-- the professional of the family ends it on /gezinnen/{id}/afscherming,
-- with a B1 confirmation. The row stays, with who ended it and when, so
-- the history is kept (the page lists ended shields too); lib/policy
-- decides on the shields that did not end (cgi/core/shield.c).
--
-- A shield may be set again after it ended: then it is a new row. So
-- "one per pair" holds for the shields that did not end only.
ALTER TABLE member_shield ADD COLUMN ended_at timestamptz;
ALTER TABLE member_shield ADD COLUMN ended_by bigint
	REFERENCES professional(person_id);
ALTER TABLE member_shield ADD CONSTRAINT member_shield_ended
	CHECK ((ended_at IS NULL) = (ended_by IS NULL));
ALTER TABLE member_shield
	DROP CONSTRAINT member_shield_family_id_person_id_from_person_id_key;
CREATE UNIQUE INDEX member_shield_one_now
	ON member_shield (family_id, person_id, from_person_id)
	WHERE ended_at IS NULL;

-- The page's button names a shield by an opaque id, as everywhere.
ALTER TABLE member_shield ADD COLUMN public_id text NOT NULL UNIQUE
	DEFAULT opaque_id();

-- Who stopped a share (NULL: nobody, or stopped before this migration).
-- A member from whom that person is shielded reads that it stopped, not
-- the day (the day would tell when the other was in the portal).
ALTER TABLE document_share ADD COLUMN revoked_by bigint
	REFERENCES person(id);
