-- 012_contact_confidential.sql - a professional of the family can shield
-- a member's address from named organisations (DESIGN.md section 3: a
-- safe address). The portal then never gives that address to anyone of
-- such an organisation; the SQL that reads addresses for professionals
-- blanks it (ST_FAMILY_CONTACTS), so no handler can forget. Who marked or
-- unmarked it, for whom and from which organisation, is in the audit log
-- (two rows: object_kind 'person' and 'organisation').

CREATE TABLE contact_confidential (
	person_id	bigint NOT NULL REFERENCES person(id),
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	marked_by	bigint NOT NULL REFERENCES person(id),
	marked_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (person_id, organisation_id)
);
