-- 001_schema.sql - people, organisations, families, sessions, login
-- attempts, audit log, outbox.  Applied once by scripts/migrate.sh inside a
-- transaction and recorded in schema_migrations.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Opaque ids for anything that appears in a URL: 16 random bytes, base64url.
CREATE FUNCTION opaque_id() RETURNS text LANGUAGE sql VOLATILE AS $$
	SELECT translate(rtrim(encode(gen_random_bytes(16), 'base64'), '='),
	    '+/', '-_')
$$;

CREATE TABLE organisation (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug		text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,64}$'),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind		text NOT NULL CHECK (kind IN ('wijkteam', 'jeugdbescherming',
			    'ggz', 'gemeente', 'anders'))
);

CREATE TABLE person (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	given_name	text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
	family_name	text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
	birth_date	date,
	-- staff have no birth date in the portal; citizens must have one
	kind		text NOT NULL CHECK (kind IN ('citizen', 'professional',
			    'clerk')),
	language	text CHECK (language ~ '^[a-z]{2}$'),
	CHECK (kind <> 'citizen' OR birth_date IS NOT NULL)
);

-- Log-in details. A person without an account (a young child, someone who
-- only uses the counter) has no row here.
CREATE TABLE account (
	person_id	bigint PRIMARY KEY REFERENCES person(id),
	username	text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
	password_hash	text NOT NULL,	-- argon2id encoded string
	disabled	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE professional (
	person_id	bigint PRIMARY KEY REFERENCES person(id),
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	job_title	text NOT NULL,	-- 'wijkcoach', 'jeugdbeschermer', ...
	email		text
);

CREATE TABLE family (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	slug		text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,64}$'),
	name		text NOT NULL,
	-- voluntary ('vrijwillig') or compulsory ('gedwongen', a court order)
	framework	text NOT NULL CHECK (framework IN ('vrijwillig', 'gedwongen'))
);

CREATE TABLE family_member (
	family_id	bigint NOT NULL REFERENCES family(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	role		text NOT NULL CHECK (role IN ('moeder', 'vader', 'ouder',
			    'verzorger', 'dochter', 'zoon', 'kind', 'grootmoeder',
			    'grootvader', 'netwerk')),
	parental_authority boolean NOT NULL DEFAULT false,
	PRIMARY KEY (family_id, person_id)
);
CREATE INDEX family_member_person ON family_member(person_id);

CREATE TABLE assignment (
	family_id	bigint NOT NULL REFERENCES family(id),
	professional_id	bigint NOT NULL REFERENCES professional(person_id),
	starts_on	date NOT NULL DEFAULT current_date,
	ends_on		date,	-- NULL: still assigned
	PRIMARY KEY (family_id, professional_id, starts_on),
	CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

-- Sessions: the cookie carries 32 random bytes; only their SHA-256 is
-- stored, so a copy of this table does not let anyone log in.
CREATE TABLE session (
	id_hash		bytea PRIMARY KEY CHECK (length(id_hash) = 32),
	person_id	bigint NOT NULL REFERENCES person(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen	timestamptz NOT NULL DEFAULT now(),
	idle_seconds	integer NOT NULL CHECK (idle_seconds > 0),
	remote_addr	text
);
CREATE INDEX session_person ON session(person_id);

CREATE TABLE login_attempt (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	username	text NOT NULL,	-- as typed (normalised), known or not
	remote_addr	text NOT NULL,
	success		boolean NOT NULL
);
CREATE INDEX login_attempt_user ON login_attempt(username, at);
CREATE INDEX login_attempt_addr ON login_attempt(remote_addr, at);

-- Audit log (NEN 7513): one row per read or write of family data, written
-- in the same transaction as the action.  Append-only.
CREATE TABLE audit_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	bigint REFERENCES person(id),	-- NULL: not logged in
	actor_role	text NOT NULL,
	on_behalf_of	bigint REFERENCES person(id),	-- assisted session
	action		text NOT NULL,	-- 'login', 'family.read', ...
	object_kind	text,
	object_id	text,
	family_id	bigint REFERENCES family(id),
	remote_addr	text,
	outcome		text NOT NULL CHECK (outcome IN ('allowed', 'denied',
			    'failed')),
	request_id	text
);
CREATE INDEX audit_log_family ON audit_log(family_id, at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only
	BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
	BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Outbox: mails and webhooks written in the same transaction as their
-- cause, sent later by the outbox worker.
CREATE TABLE outbox (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	message_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	kind		text NOT NULL CHECK (kind IN ('mail', 'webhook')),
	recipient	text NOT NULL,	-- e-mail address or URL
	subject		text,
	body		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	not_before	timestamptz NOT NULL DEFAULT now(),
	attempts	integer NOT NULL DEFAULT 0,
	lease_until	timestamptz,
	sent_at		timestamptz,
	last_error	text
);
CREATE INDEX outbox_pending ON outbox(not_before) WHERE sent_at IS NULL;

-- The portal's database role may not change the audit log at all.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
		REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM portal_app;
	END IF;
END
$$;
