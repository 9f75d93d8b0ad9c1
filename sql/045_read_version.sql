-- 045_read_version.sql - which version of a document each reader read
-- last (issue 20, part 2): the list marks a document "gewijzigd" until
-- the reader opens its new version. One row per reader; nobody reads
-- another's row (the list asks for the reader's own).

ALTER TABLE document_read ADD COLUMN read_version integer NOT NULL
	DEFAULT 1 CHECK (read_version >= 1);

-- What was read before this column is not known: count it as the
-- current version, so no document is marked changed without a change.
UPDATE document_read r SET read_version = d.version
	FROM document d WHERE d.id = r.document_id;
