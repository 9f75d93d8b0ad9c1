-- 022_reply_confirmation.sql - a reply link (/antwoord/{token}) shows the
-- family's words only to the professional it was mailed to: first they
-- confirm who they are with their portal password and a one-time code
-- (cgi/requests/reply.c). A confirmation holds for one browser for 24
-- hours: the cookie holds a random token, only its SHA-256 is kept here,
-- with the professional it confirms.
CREATE TABLE reply_confirmation (
	id_hash		bytea PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL DEFAULT now() + interval '24 hours'
);
CREATE INDEX reply_confirmation_expires ON reply_confirmation(expires_at);
