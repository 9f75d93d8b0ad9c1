-- 017_own_view.sql - a family member's own view of a document ("eigen
-- visie", DESIGN.md section 3): when they disagree with what a
-- professional wrote, their own words stand next to it, wherever the
-- document is shown (also to an organisation it is shared with). Nobody
-- changes or removes it: the portal may only add and read (grants.sql).
-- The form nonce makes a double click one view.
CREATE TABLE document_view (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id	bigint NOT NULL REFERENCES document(id),
	author_id	bigint NOT NULL REFERENCES person(id),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (author_id, form_nonce)
);
CREATE INDEX document_view_document ON document_view(document_id, created_at);
