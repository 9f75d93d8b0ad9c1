-- 006_document_versions.sql - a professional can write a new version of a
-- document. The old title and text are kept here; consent is asked again
-- (document_consent rows are per version), comments stay.

CREATE TABLE document_version (
	document_id	bigint NOT NULL REFERENCES document(id),
	version		integer NOT NULL CHECK (version >= 1),
	title		text NOT NULL,
	body		text NOT NULL,
	written_at	timestamptz NOT NULL,	-- when this version was made
	replaced_at	timestamptz NOT NULL DEFAULT now(),
	replaced_by	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (document_id, version)
);

-- When the current version was made (NULL: it is the first).
ALTER TABLE document ADD COLUMN updated_at timestamptz;
