-- 031_throttle_sessions.sql - log-in throttling without lock-out, and
-- sessions a person can see (issue 17, parts 3 and 8).
--
-- login_attempt: an attempt answered "wait" (lib/throttle) is kept too,
-- marked throttled; it checked no password, so it does not count as a
-- failure. Counting is per (user name, address) pair and per address.
ALTER TABLE login_attempt ADD COLUMN throttled boolean NOT NULL DEFAULT false;
ALTER TABLE login_attempt ADD CONSTRAINT login_attempt_throttled_failed
	CHECK (NOT (throttled AND success));
CREATE INDEX login_attempt_pair ON login_attempt(username, remote_addr, at);

-- session.device: the browser and system of the User-Agent at log-in, in
-- a few words (lib/useragent: "firefox/windows"), for the person's own
-- list on /gegevens. The User-Agent itself is not kept.
ALTER TABLE session ADD COLUMN device text NOT NULL DEFAULT ''
	CHECK (length(device) <= 64);
