-- 011_requests.sql - a family member's request to change, add to or remove
-- what is written about them (AVG art. 16-17, /verzoeken), its timeline,
-- and the reply links professionals get by mail (/antwoord/{token}).

-- The legal deadline (AVG art. 12(3)): one calendar month after the day the
-- request was made; PostgreSQL's month arithmetic keeps the day or takes
-- the last day of a shorter month (31 January -> 28 or 29 February).
-- Extended once: two months more, so three months from the day it was
-- made (counted from that day: 29 January -> 29 April, not 28).
CREATE FUNCTION request_deadline(made date, extended boolean) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT (made + CASE WHEN extended THEN interval '3 months'
	    ELSE interval '1 month' END)::date
$$;

-- document_id NULL: "iets anders", not about one document.
-- created_on: the day in the Netherlands; due_on follows from it, so no
-- code can compute a deadline of its own.
-- overdue_noticed_at: when the outbox process queued the "too late" mail
-- (once per request; cleared by an extension, which moves the deadline).
CREATE TABLE request (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	family_id	bigint NOT NULL REFERENCES family(id),
	author_id	bigint NOT NULL REFERENCES person(id),
	document_id	bigint REFERENCES document(id),
	kind		text NOT NULL CHECK (kind IN ('wijzigen', 'aanvullen',
			    'verwijderen')),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	status		text NOT NULL DEFAULT 'ingediend' CHECK (status IN
			    ('ingediend', 'in behandeling', 'toegekend',
			     'deels toegekend', 'afgewezen')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	created_on	date NOT NULL DEFAULT
			    (now() AT TIME ZONE 'Europe/Amsterdam')::date,
	extended	boolean NOT NULL DEFAULT false,
	extension_reason text CHECK (length(extension_reason) <= 2000),
	due_on		date GENERATED ALWAYS AS
			    (request_deadline(created_on, extended)) STORED,
	answer		text CHECK (length(answer) <= 2000),
	answered_at	timestamptz,
	answered_by	bigint REFERENCES person(id),
	overdue_noticed_at timestamptz,
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	CHECK (NOT extended OR length(extension_reason) > 0),
	CHECK (status NOT IN ('afgewezen', 'deels toegekend')
	    OR length(answer) > 0),
	UNIQUE (author_id, form_nonce)
);
CREATE INDEX request_family ON request(family_id, created_at);
CREATE INDEX request_open ON request(due_on)
	WHERE status IN ('ingediend', 'in behandeling');

-- What happened, for the citizen to read: made, taken up, extended (with
-- the reason), answered (with the outcome and the answer).
CREATE TABLE request_event (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id	bigint NOT NULL REFERENCES request(id),
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	bigint REFERENCES person(id),
	what		text NOT NULL CHECK (what IN ('ingediend',
			    'in behandeling', 'verlengd', 'toegekend',
			    'deels toegekend', 'afgewezen')),
	text		text NOT NULL DEFAULT '' CHECK (length(text) <= 2000)
);
CREATE INDEX request_event_request ON request_event(request_id, at);

-- A professional's answer to a comment is a comment too (in the same
-- thread, private when the comment was), with the comment it answers.
-- One answer per comment.
ALTER TABLE document_comment ADD COLUMN answer_to bigint
	REFERENCES document_comment(id);
CREATE UNIQUE INDEX document_comment_one_answer ON document_comment(answer_to)
	WHERE answer_to IS NOT NULL;

-- Reply links. A row is written with the mail (outbox_id), in the action's
-- transaction, without a token: the outbox process makes the token when it
-- sends the mail and stores only its SHA-256 here, so the link is never
-- in the database, not even in the outbox. Bound to one professional and
-- one object (a comment or a request); single use; 14 days from sending.
CREATE TABLE reply_token (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	outbox_id	bigint NOT NULL UNIQUE REFERENCES outbox(id),
	token_hash	bytea UNIQUE CHECK (length(token_hash) = 32),
	professional_id	bigint NOT NULL REFERENCES professional(person_id),
	comment_id	bigint REFERENCES document_comment(id),
	request_id	bigint REFERENCES request(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,
	used_at		timestamptz,
	CHECK ((comment_id IS NULL) <> (request_id IS NULL))
);

-- Where an organisation wants to hear about requests that are too late.
ALTER TABLE organisation ADD COLUMN notify_email text
	CHECK (notify_email ~ '^[^[:space:]@]+@[^[:space:]@]+$');
