-- 010_appointments.sql - professionals publish times ("slots"), family
-- members book them (/afspraken).
--
-- The rules that must hold with many people clicking at once live here,
-- not in C: a slot has at most one booking that is not cancelled (a unique
-- partial index: the second INSERT fails with 23505), and a professional's
-- open slots never overlap (an exclusion constraint).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE appointment_slot (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	professional_id	bigint NOT NULL REFERENCES professional(person_id),
	-- NULL: any family the professional works with
	family_id	bigint REFERENCES family(id),
	starts_at	timestamptz NOT NULL,
	ends_at		timestamptz NOT NULL,
	-- an address or a video link, shown as text
	place		text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
	created_at	timestamptz NOT NULL DEFAULT now(),
	withdrawn_at	timestamptz,
	CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '4 hours'),
	EXCLUDE USING gist (professional_id WITH =,
	    tstzrange(starts_at, ends_at) WITH &&) WHERE (withdrawn_at IS NULL)
);
CREATE INDEX appointment_slot_pro ON appointment_slot(professional_id,
	starts_at);

CREATE TABLE appointment (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	slot_id		bigint NOT NULL REFERENCES appointment_slot(id),
	person_id	bigint NOT NULL REFERENCES person(id),	-- who booked
	family_id	bigint NOT NULL REFERENCES family(id),
	booked_at	timestamptz NOT NULL DEFAULT now(),
	cancelled_at	timestamptz,
	cancelled_by	bigint REFERENCES person(id),
	cancel_reason	text CHECK (length(cancel_reason) <= 500),
	-- a move: the appointment this one replaced
	moved_from	bigint REFERENCES appointment(id),
	CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL))
);
-- The rule: one booking per slot (a cancelled one frees it).
CREATE UNIQUE INDEX appointment_slot_once ON appointment(slot_id)
	WHERE cancelled_at IS NULL;
CREATE INDEX appointment_person ON appointment(person_id, booked_at);

-- Scheduled mail that may be called off (the reminder the day before an
-- appointment that is then cancelled): `topic` names what it belongs to,
-- `cancelled_at` stops the sender from claiming it.
ALTER TABLE outbox ADD COLUMN topic text;
ALTER TABLE outbox ADD COLUMN cancelled_at timestamptz;
CREATE INDEX outbox_topic ON outbox(topic) WHERE sent_at IS NULL;
