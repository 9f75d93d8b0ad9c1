-- 029_shield.sql - safety between members (issue 16, part 3; DESIGN.md
-- section 3, "Safety between members"): a professional assigned to the
-- family marks that member `person_id` (A) is shielded from member
-- `from_person_id` (B). lib/policy then keeps A's activity out of what B
-- can reach (/inzage, the export), and free times opened for the whole
-- family out of B's list (policy_slot_offered). The audit rows stay.
--
-- Both are members of the family (the foreign keys to family_member), and
-- never the same person (the check): the form says so in B1 first.
CREATE TABLE member_shield (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	family_id	bigint NOT NULL REFERENCES family(id),
	person_id	bigint NOT NULL,	-- A: shielded
	from_person_id	bigint NOT NULL,	-- B: shielded from
	marked_by	bigint NOT NULL REFERENCES professional(person_id),
	marked_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (person_id <> from_person_id),
	UNIQUE (family_id, person_id, from_person_id),
	FOREIGN KEY (family_id, person_id)
	    REFERENCES family_member(family_id, person_id),
	FOREIGN KEY (family_id, from_person_id)
	    REFERENCES family_member(family_id, person_id)
);
CREATE INDEX member_shield_from ON member_shield(from_person_id);

-- A free time opened for one member (NULL: for the family, or for every
-- family of the professional). Only that member sees it, with its place
-- (a home visit's address).
ALTER TABLE appointment_slot ADD COLUMN person_id bigint
	REFERENCES person(id);
ALTER TABLE appointment_slot ADD CONSTRAINT appointment_slot_member
	CHECK (person_id IS NULL OR family_id IS NOT NULL);

-- A file belongs to the document (NULL) or to one of its hidden parts:
-- then only those who see the part get the file.
ALTER TABLE document_file ADD COLUMN part_id bigint
	REFERENCES document_part(id);
