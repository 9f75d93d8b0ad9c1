-- 025_a_letters.sql - letters by post (issue 14, part 6). A member who
-- chose "een brief" (post) or "aan de balie" (balie) on /gegevens gets
-- what the outbox would mail them as a letter in the counter's print
-- queue (GET /balie/post) instead of a mail.
--
-- The action writes an outbox row of kind 'letter' (recipient: the
-- member's person id; subject: what the letter is about, a code), in its
-- own transaction, like a mail; a reminder waits for its day
-- (not_before) and is called off with its appointment (cancelled_at),
-- like a mail. The outbox process claims the row as it claims a mail and
-- "delivers" it by putting it in the print queue: one statement that
-- adds the letter and marks the row sent, so it is there exactly once
-- (outbox_id is unique; a second claim after a crash adds nothing).
-- The letter holds no dossier content: it says that something waits and
-- where to see it. The clerk marks it printed (audited).

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
	CHECK (kind IN ('mail', 'webhook', 'letter'));

CREATE TABLE letter (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	outbox_id	bigint NOT NULL UNIQUE REFERENCES outbox(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	about		text NOT NULL CHECK (about IN ('vraag-beantwoord',
			    'afspraak-herinnering', 'afspraak-gaat-niet-door',
			    'delen-wacht', 'delen-gestopt')),
	queued_at	timestamptz NOT NULL DEFAULT now(),
	printed_at	timestamptz,
	printed_by	bigint REFERENCES person(id),
	CHECK ((printed_at IS NULL) = (printed_by IS NULL))
);
CREATE INDEX letter_unprinted ON letter(queued_at) WHERE printed_at IS NULL;
