-- 005_document_files.sql - the file attached to a document (at most one),
-- kept in PostgreSQL with the kind libmagic found in its bytes.

CREATE TABLE document_file (
	document_id	bigint PRIMARY KEY REFERENCES document(id),
	-- the download name: made safe by lib/filetype, ends in the
	-- extension of the detected kind
	filename	text NOT NULL CHECK (length(filename) BETWEEN 5 AND 200
			    AND filename !~ '[/\\"[:cntrl:]]'),
	mime_type	text NOT NULL CHECK (mime_type IN ('application/pdf',
			    'image/png', 'image/jpeg', 'text/plain')),
	size		integer NOT NULL CHECK (size BETWEEN 1 AND 2097152),
	content		bytea NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (octet_length(content) = size)
);
-- Files are big and read rarely: not compressed (PDF and images already
-- are), kept out of the main heap.
ALTER TABLE document_file ALTER COLUMN content SET STORAGE EXTERNAL;
