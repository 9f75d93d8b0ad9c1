-- 018_staff_totp.sql - the second log-in step for staff (professionals
-- and clerks): a one-time code from an app (TOTP, RFC 6238; lib/totp.h).
--
-- staff_totp: one secret per staff member (base32, as the app has it).
-- shown_at is NULL after `portal totp-enrol` made a new secret: the next
-- password log-in shows it once (QR code), and marks it shown. last_step
-- is the time step of the last accepted code: a code is accepted only for
-- a later step, so a code works once.
CREATE TABLE staff_totp (
	person_id	bigint PRIMARY KEY REFERENCES person(id),
	secret		text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,64}$'),
	enrolled_at	timestamptz NOT NULL DEFAULT now(),
	shown_at	timestamptz,
	last_step	bigint NOT NULL DEFAULT 0
);

-- login_challenge: between the password and the code. The cookie holds a
-- random token; only its SHA-256 is kept. It lives 5 minutes and dies
-- after a few wrong codes (cgi/account/code.c).
CREATE TABLE login_challenge (
	id_hash		bytea PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	failures	int NOT NULL DEFAULT 0,
	remote_addr	text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL DEFAULT now() + interval '5 minutes'
);
CREATE INDEX login_challenge_person ON login_challenge(person_id);

-- From now on a staff session needs the code: sessions of staff made with
-- the password alone end here.
DELETE FROM session WHERE person_id IN
	(SELECT id FROM person WHERE kind IN ('professional', 'clerk'));
