-- 025_b_notify_limit.sql - limits on actions that mail or notify (issue
-- 17, part 5): ten comments in a tenth of a second sent ten mails to a
-- professional. Every action that writes a mail, letter or webhook to the
-- outbox first takes a place here (cgi/core/notify.c), in the action's
-- own transaction: over a limit, the whole action is rolled back (429,
-- nothing half-stored) and the place is not taken.
--
-- Counted in PostgreSQL, so every worker and host agrees. The limits are
-- per person and per family (everyone in a family of the person), per
-- minute and per 24 hours, in notify_limit: far above what a family does
-- on a real day (a busy family writes a few comments a day; the first
-- complaint was ten comments in a tenth of a second). An operator may
-- change them with SQL; the integration tests raise them for the suite
-- (scripts/run-integration.sh) and put these back for test_limits.py.

CREATE TABLE notify_limit (
	which		text PRIMARY KEY CHECK (which IN ('persoon-minuut',
			    'persoon-dag', 'gezin-minuut', 'gezin-dag')),
	max		integer NOT NULL CHECK (max > 0)
);
INSERT INTO notify_limit (which, max) VALUES
	('persoon-minuut', 10),
	('persoon-dag', 200),
	('gezin-minuut', 30),
	('gezin-dag', 500);

CREATE TABLE notify_action (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notify_action_person ON notify_action(person_id, at);

-- Person p takes a place, or learns which limit is full and from when it
-- has room again (the moment the oldest place that fills it leaves its
-- window): which = 'persoon-minuut', 'persoon-dag', 'gezin-minuut' or
-- 'gezin-dag', until = that moment; both NULL when the place is taken.
-- One decision at a time per family and per person (advisory locks until
-- the transaction ends: the families in order, then the person, so two
-- decisions never wait for each other in a circle). Each statement below
-- has a snapshot of its own (plpgsql, VOLATILE), taken after the locks,
-- so it counts every place that committed before: parallel requests of
-- one person or one family cannot pass a limit together.
CREATE FUNCTION notify_take(p bigint, OUT which text,
    OUT until timestamptz) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	f		bigint;
	person_minute	int := (SELECT max FROM notify_limit
			    WHERE notify_limit.which = 'persoon-minuut');
	person_day	int := (SELECT max FROM notify_limit
			    WHERE notify_limit.which = 'persoon-dag');
	family_minute	int := (SELECT max FROM notify_limit
			    WHERE notify_limit.which = 'gezin-minuut');
	family_day	int := (SELECT max FROM notify_limit
			    WHERE notify_limit.which = 'gezin-dag');
BEGIN
	FOR f IN SELECT DISTINCT family_id FROM family_member
	    WHERE person_id = p ORDER BY 1 LOOP
		PERFORM pg_advisory_xact_lock(
		    hashtextextended('notify-family:' || f, 0));
	END LOOP;
	PERFORM pg_advisory_xact_lock(hashtextextended('notify-person:' || p, 0));

	-- Places older than a day count for nothing any more.
	DELETE FROM notify_action n WHERE n.at < now() - interval '1 day'
	   AND (n.person_id = p OR n.person_id IN (SELECT m2.person_id
	     FROM family_member m1 JOIN family_member m2
	       ON m2.family_id = m1.family_id WHERE m1.person_id = p));

	SELECT 'persoon-minuut', n.at + interval '1 minute' INTO which, until
	  FROM notify_action n WHERE n.person_id = p
	   AND n.at > now() - interval '1 minute'
	 ORDER BY n.at DESC OFFSET person_minute - 1 LIMIT 1;
	IF FOUND THEN RETURN; END IF;
	SELECT 'persoon-dag', n.at + interval '1 day' INTO which, until
	  FROM notify_action n WHERE n.person_id = p
	   AND n.at > now() - interval '1 day'
	 ORDER BY n.at DESC OFFSET person_day - 1 LIMIT 1;
	IF FOUND THEN RETURN; END IF;
	SELECT 'gezin-minuut', n.at + interval '1 minute' INTO which, until
	  FROM notify_action n WHERE n.person_id IN (SELECT m2.person_id
	     FROM family_member m1 JOIN family_member m2
	       ON m2.family_id = m1.family_id WHERE m1.person_id = p)
	   AND n.at > now() - interval '1 minute'
	 ORDER BY n.at DESC OFFSET family_minute - 1 LIMIT 1;
	IF FOUND THEN RETURN; END IF;
	SELECT 'gezin-dag', n.at + interval '1 day' INTO which, until
	  FROM notify_action n WHERE n.person_id IN (SELECT m2.person_id
	     FROM family_member m1 JOIN family_member m2
	       ON m2.family_id = m1.family_id WHERE m1.person_id = p)
	   AND n.at > now() - interval '1 day'
	 ORDER BY n.at DESC OFFSET family_day - 1 LIMIT 1;
	IF FOUND THEN RETURN; END IF;

	INSERT INTO notify_action (person_id) VALUES (p);
	which := NULL;
	until := NULL;
END
$$;
