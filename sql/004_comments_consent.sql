-- 004_comments_consent.sql - what family members say about a document:
-- comments (a thread under the document) and consent ("instemming": eens,
-- oneens or deels, with the history kept). Both are append-only for the
-- portal: nobody edits or removes what a family member said.

-- The document's current version. A new version asks everybody again:
-- consent is given for one version.
ALTER TABLE document ADD COLUMN version integer NOT NULL DEFAULT 1
	CHECK (version >= 1);

-- A comment. private: a youth of 16 or 17 commenting on a document about
-- themself; then only the youth and the assigned professionals see it,
-- unless the youth chose to let the family see it too.
-- form_nonce: the random value of the form the comment came from, so a
-- form sent twice (double click, reload) stores one comment.
CREATE TABLE document_comment (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	document_id	bigint NOT NULL REFERENCES document(id),
	author_id	bigint NOT NULL REFERENCES person(id),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	private		boolean NOT NULL DEFAULT false,
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (author_id, form_nonce)
);
CREATE INDEX document_comment_doc ON document_comment(document_id, created_at);

-- Every decision a member made on a document; the newest one for the
-- document's current version counts.
CREATE TABLE document_consent (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id	bigint NOT NULL REFERENCES document(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	version		integer NOT NULL CHECK (version >= 1),
	decision	text NOT NULL CHECK (decision IN ('eens', 'oneens', 'deels')),
	explanation	text NOT NULL DEFAULT ''
			CHECK (length(explanation) <= 2000),
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (decision = 'eens' OR length(explanation) > 0),
	UNIQUE (person_id, form_nonce)
);
CREATE INDEX document_consent_doc
	ON document_consent(document_id, person_id, created_at DESC);
