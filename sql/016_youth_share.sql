-- 016_youth_share.sql - a youth of 16 or 17 lets a parent read a document
-- about them (DESIGN.md section 3: parents do not see a document only
-- about a youth of 16+ "unless the youth shares it with them"). One row
-- per document, youth and parent; the youth takes it back by removing
-- the row. The audit log keeps the history: one row per parent let in
-- (share_family.add) or out (share_family.remove), next to the row about
-- the document, with the same request id.
CREATE TABLE document_youth_share (
	document_id	bigint NOT NULL REFERENCES document(id),
	youth_id	bigint NOT NULL REFERENCES person(id),
	parent_id	bigint NOT NULL REFERENCES person(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (document_id, youth_id, parent_id),
	CHECK (youth_id <> parent_id)
);
CREATE INDEX document_youth_share_parent
	ON document_youth_share(parent_id, document_id);
