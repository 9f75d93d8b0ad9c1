-- 009_contact.sql - how a family member can be reached (/gegevens): kept
-- per person, every change also in a history. Only the person sees their
-- own details in the portal; professionals are told that something
-- changed (outbox), not what.

CREATE TABLE contact_details (
	person_id	bigint PRIMARY KEY REFERENCES person(id),
	phone		text NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
	email		text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
	address		text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
	reach_by	text NOT NULL CHECK (reach_by IN ('telefoon', 'email',
			    'post', 'balie')),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_history (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	phone		text NOT NULL,
	email		text NOT NULL,
	address		text NOT NULL,
	reach_by	text NOT NULL,
	language	text,
	changed_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_history_person ON contact_history(person_id, changed_at);
