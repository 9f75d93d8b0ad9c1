-- 040_checkin.sql - "Zo gaat het" (issue 18, part 4): a member's own
-- check-in, five answers on a scale of 1 to 5 (5 is best): safety at home,
-- stress (5: little), sleep, support, school or work. The answers are the
-- member's; `shared` is their choice whether the professionals assigned
-- to their family may see it (lib/policy: policy_checkin_visible), which
-- they may change later. helped_by: the clerk of an assisted session.
CREATE TABLE checkin (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	person_id	bigint NOT NULL REFERENCES person(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	safety		smallint NOT NULL CHECK (safety BETWEEN 1 AND 5),
	stress		smallint NOT NULL CHECK (stress BETWEEN 1 AND 5),
	sleep		smallint NOT NULL CHECK (sleep BETWEEN 1 AND 5),
	support		smallint NOT NULL CHECK (support BETWEEN 1 AND 5),
	school		smallint NOT NULL CHECK (school BETWEEN 1 AND 5),
	shared		boolean NOT NULL DEFAULT false,
	shared_changed_at timestamptz,
	helped_by	bigint REFERENCES person(id),
	form_nonce	text NOT NULL UNIQUE CHECK (form_nonce ~ '^[0-9a-f]{32}$')
);
CREATE INDEX checkin_person ON checkin(person_id, created_at);
