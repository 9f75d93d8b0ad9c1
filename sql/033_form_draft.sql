-- 033_form_draft.sql - text typed in a form that arrives after the
-- session ended (issue 15, part 4): kept for the person of that session,
-- shown again in the same form after they log in, for at most one hour.
--
-- A row is made only when the POST carries the cookie of a session that
-- ended by time and a form token bound to that very session (so no other
-- site can leave text here). It belongs to that session's person: only
-- they see it again, after a log-in, on the page of the form (`path`, a
-- same-site path such as /verzoeken). Shown once: taking it deletes it.
-- Older than an hour: never shown, and deleted (at every log-in of
-- anyone). `body` holds the form's fields, URL-encoded as a
-- browser sends them, without the form token.
CREATE TABLE form_draft (
	id		bigserial PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	path		text NOT NULL CHECK (path ~ '^/[^/\\]' AND
			    length(path) <= 512),
	body		text NOT NULL CHECK (length(body) <= 200000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (person_id, path)
);
CREATE INDEX form_draft_created ON form_draft (created_at);
