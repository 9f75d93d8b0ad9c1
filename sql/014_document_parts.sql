-- 014_document_parts.sql - a part of a document hidden from named members
-- (DESIGN.md section 3: "a document or a field"). The classic case: the
-- new address of a parent who fled, in a safety plan the other parent may
-- read. The rest of the document stays readable for them; the part is not
-- shown to them, and not named. Professionals add parts with the document;
-- a part stays with the document through new versions of its text.
CREATE TABLE document_part (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id	bigint NOT NULL REFERENCES document(id),
	label		text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000)
);
CREATE INDEX document_part_document ON document_part(document_id);

-- Whom a part is hidden from (at least one: a part hidden from nobody is
-- just text, and belongs in the document).
CREATE TABLE document_part_hidden (
	part_id		bigint NOT NULL REFERENCES document_part(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (part_id, person_id)
);
