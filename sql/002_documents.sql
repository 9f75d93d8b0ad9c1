-- 002_documents.sql - documents about family members, who they are about,
-- whom they are hidden from, and organisations they are shared with.

CREATE TABLE document (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	family_id	bigint NOT NULL REFERENCES family(id),
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	body		text NOT NULL CHECK (length(body) <= 100000),
	author_id	bigint NOT NULL REFERENCES professional(person_id),
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_family ON document(family_id, created_at DESC);

-- The members a document is about (at least one).
CREATE TABLE document_subject (
	document_id	bigint NOT NULL REFERENCES document(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (document_id, person_id)
);

-- Members who must not see a document (safety).
CREATE TABLE document_hidden (
	document_id	bigint NOT NULL REFERENCES document(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (document_id, person_id)
);

-- A document made visible to another organisation, until a moment (NULL:
-- no end), or by court order (cannot be revoked by the family).
CREATE TABLE document_share (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	document_id	bigint NOT NULL REFERENCES document(id),
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	court_order	boolean NOT NULL DEFAULT false,
	includes_comments boolean NOT NULL DEFAULT false,
	starts_at	timestamptz NOT NULL DEFAULT now(),
	until		timestamptz,
	revoked_at	timestamptz,
	CHECK (until IS NULL OR until > starts_at)
);
CREATE INDEX document_share_doc ON document_share(document_id);

-- First time a person opened a document (the unread marker).
CREATE TABLE document_read (
	document_id	bigint NOT NULL REFERENCES document(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	first_read_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (document_id, person_id)
);
