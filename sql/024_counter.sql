-- 024_counter.sql - the counter (DESIGN.md section 9): a clerk helps a
-- citizen in an assisted session.
--
-- assist_session: one session of a clerk for one citizen, bound to the
-- clerk's log-in session (login_hash: session.id_hash, kept without a
-- foreign key so the row outlives the log-in) and to time: at most 30
-- minutes. How identity was checked is kept as the kind of document and
-- the last 3 characters of its number, never the whole number. It ends
-- at stop, at the clerk's log-out, or when ends_at passed (then the next
-- request of the clerk closes it: stopped_at = ends_at). While it is live
-- the clerk's requests act as the citizen (lib/session), and every audit
-- row names the clerk (actor_id) and the citizen (on_behalf_of).
CREATE TABLE assist_session (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	clerk_id	bigint NOT NULL REFERENCES person(id),
	citizen_id	bigint NOT NULL REFERENCES person(id),
	login_hash	bytea NOT NULL CHECK (length(login_hash) = 32),
	id_document	text NOT NULL CHECK (id_document IN ('paspoort',
			    'id-kaart', 'rijbewijs', 'verblijfsdocument')),
	id_last3	text NOT NULL CHECK (id_last3 ~ '^[A-Z0-9]{3}$'),
	agrees		boolean NOT NULL CHECK (agrees),
	started_at	timestamptz NOT NULL DEFAULT now(),
	ends_at		timestamptz NOT NULL
			    DEFAULT now() + interval '30 minutes',
	stopped_at	timestamptz,
	CHECK (ends_at <= started_at + interval '30 minutes'),
	CHECK (stopped_at IS NULL OR stopped_at >= started_at)
);
-- At most one open session per log-in.
CREATE UNIQUE INDEX assist_session_open ON assist_session(login_hash)
	WHERE stopped_at IS NULL;
CREATE INDEX assist_session_citizen ON assist_session(citizen_id);
-- The audit rows of a session (the receipt): by clerk and time.
CREATE INDEX audit_log_on_behalf ON audit_log(on_behalf_of, at)
	WHERE on_behalf_of IS NOT NULL;

-- activation_code: the counter's activation letter (POST /balie/activatie)
-- with which a citizen sets up their own log-in, or a new password, on
-- /activeren. Only the SHA-256 of the code is kept; it works once
-- (used_at) and for 14 days; a new letter ends the person's older codes.
CREATE TABLE activation_code (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	code_hash	bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
	created_by	bigint NOT NULL REFERENCES person(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL DEFAULT now() + interval '14 days',
	used_at		timestamptz
);
CREATE INDEX activation_code_person ON activation_code(person_id);

-- The one way the portal's role changes an account: with an unused,
-- unexpired activation code (its SHA-256, p_code) a person makes their
-- log-in (user name p_username, argon2id hash p_hash), or, when they have
-- one, sets its password (p_username must be theirs; their sessions end).
-- The code is then used. Answers the person's id, or 'bad' (no such code,
-- or another's user name), or 'taken' (the user name is someone else's).
-- The role itself still cannot insert or update accounts (grants.sql).
CREATE FUNCTION activation_use(p_code bytea, p_username text, p_hash text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
	c	activation_code%ROWTYPE;
	u	text;
BEGIN
	SELECT * INTO c FROM activation_code WHERE code_hash = p_code
	    AND used_at IS NULL AND expires_at > now() FOR UPDATE;
	IF NOT FOUND THEN
		RETURN 'bad';
	END IF;
	SELECT username INTO u FROM account WHERE person_id = c.person_id;
	IF FOUND THEN
		IF u <> p_username THEN
			RETURN 'bad';
		END IF;
		UPDATE account SET password_hash = p_hash
		    WHERE person_id = c.person_id;
		DELETE FROM session WHERE person_id = c.person_id;
	ELSE
		BEGIN
			INSERT INTO account (person_id, username, password_hash)
			    VALUES (c.person_id, p_username, p_hash);
		EXCEPTION WHEN unique_violation THEN
			RETURN 'taken';
		END;
	END IF;
	UPDATE activation_code SET used_at = now() WHERE id = c.id;
	RETURN c.person_id::text;
END
$$;
REVOKE ALL ON FUNCTION activation_use(bytea, text, text) FROM PUBLIC;
