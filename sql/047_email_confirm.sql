-- 047_email_confirm.sql - contact details you can trust (issue 20, part 3).
--
-- A mail address is used only after its owner confirmed it through a
-- link sent to it. contact_details.email is always a confirmed address
-- (or ''): every statement that mails a member reads that column, so none
-- can mail an address nobody confirmed. A new address waits here until
-- the link is used (single use, 24 hours from sending); the old confirmed
-- one stays in use until then. Only the SHA-256 of the link's token is
-- kept, made by the outbox process when it sends the mail (lib/token.h),
-- as for reply links: the link is never in the database.
-- Addresses in contact_details from before this migration (demo data)
-- count as confirmed.

CREATE TABLE email_confirm (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	email		text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
	-- who typed it: the member, or a professional for a member
	-- without a log-in
	requested_by	bigint NOT NULL REFERENCES person(id),
	outbox_id	bigint NOT NULL UNIQUE REFERENCES outbox(id),
	token_hash	bytea UNIQUE CHECK (length(token_hash) = 32),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,
	used_at		timestamptz,
	-- replaced by a newer address, or the address field was emptied
	ended_at	timestamptz
);
-- At most one address waits per person.
CREATE UNIQUE INDEX email_confirm_open ON email_confirm(person_id)
	WHERE used_at IS NULL AND ended_at IS NULL;

-- What changed, for the member's own history: a JSON array of
-- [field, before, after] ('phone', 'email', 'email_pending', 'address',
-- 'reach_by', 'language'); NULL on rows from before this migration.
-- Who changed it: NULL or the member themself, else the professional who
-- recorded it for a member without a log-in.
ALTER TABLE contact_history ADD COLUMN changes jsonb;
ALTER TABLE contact_history ADD COLUMN changed_by bigint REFERENCES person(id);
-- The professional who last recorded these details for the member (NULL:
-- the member gave them).
ALTER TABLE contact_details ADD COLUMN recorded_by bigint
	REFERENCES person(id);
