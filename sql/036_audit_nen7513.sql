-- 036_audit_nen7513.sql - an audit row NEN 7513 accepts (issue 17, part 2).
--
-- Every row already says who (actor_id, actor_role), on whose behalf
-- (on_behalf_of: the citizen a clerk helps at the counter, or a child a
-- parent acts for; kept generic), what (action), which family and
-- object, when (at), from where (remote_addr) and the outcome. Added:
--   http_status  the HTTP status of the answer for a refusal (403, 404,
--                429) or a failed log-in (200: the form again); NULL
--                where the row was written before the answer was known
--                (an allowed read or change) and in rows before 036;
--   rule         the short, stable name of the rule that decided
--                (lib/policy: 'member.self', 'pro.assigned', ...; the
--                dispatcher: 'route.role', 'csrf.token', ...); NULL in
--                rows before 036;
--   assist_id    the assisted session at the counter (assist_session
--                public id: which clerk, which citizen, when), NULL
--                outside one.
-- Old rows keep NULL: an audit row is never changed (the trigger of 001
-- refuses UPDATE and DELETE for everyone, the portal's role has neither
-- grant). Retention: at least 5 years (the Dutch minimum for care
-- records); nothing in the portal deletes audit rows (README: Audit log).
ALTER TABLE audit_log
	ADD COLUMN http_status smallint
	    CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
	ADD COLUMN rule text CHECK (rule IS NULL OR rule ~ '^[a-z0-9_.]{1,40}$'),
	ADD COLUMN assist_id text;

COMMENT ON TABLE audit_log IS 'NEN 7513 audit log: append-only, kept at '
	'least 5 years; nothing in the portal deletes rows';
