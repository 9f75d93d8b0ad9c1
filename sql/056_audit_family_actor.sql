-- 056_audit_family_actor.sql - the export page's month list and "Kort
-- gezegd" without reading every audit row about the person (issue 21,
-- part 1; cgi/account/export.c, ST_EXPORT_AUDIT_MONTHS, ST_EXPORT_READERS).
-- The rows about a family's documents per family, ACTOR and time: a
-- person's own rows (their reads, tens of thousands a month for a busy
-- reader) are one range of this index, so "the first row by someone else
-- at or after t" is a probe per other actor of the family (found by a
-- loose index scan over this same index), never a walk over the person's
-- own rows. coalesce: a row without an actor is one actor too (0).
CREATE INDEX IF NOT EXISTS audit_log_family_actor
	ON audit_log (family_id, (coalesce(actor_id, 0)), at)
	WHERE object_kind = 'document';
