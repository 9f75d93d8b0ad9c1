-- 027_start_visit.sql - "Wat wacht op u" on the start page (issue 15,
-- part 3): what is new since your last visit.
--
-- The marker is the last start-page view, per person, kept per log-in:
-- a visit is one log-in (session). The first start page of a new log-in
-- moves news_from to the last start-page view of the log-in before, so
-- the news stays the same while you click around and come back (a reload
-- does not wipe it), and is gone at the next log-in. The first visit ever
-- shows the news of the last 14 days. Only the SHA-256 of the session
-- token is kept (as in `session`), never the token.
CREATE TABLE start_visit (
	person_id	bigint PRIMARY KEY REFERENCES person(id),
	session_hash	bytea NOT NULL CHECK (length(session_hash) = 32),
	news_from	timestamptz NOT NULL,
	seen_at		timestamptz NOT NULL DEFAULT now()
);
