-- 054_audit_for_children.sql - on whose behalf, also for a child (issue 17,
-- part 2). A child under 12 has no account; a parent with authority over
-- the child acts for it (DESIGN.md section 3). An audit row about a
-- document that is about such a child, written for such a parent (or for
-- the clerk who helps them at the counter), names the child:
--   for_children  the person ids of the children under 12 the document is
--                 about over whom the actor has authority, other than the
--                 actor (lib/policy: policy_acting_for); NULL when none,
--                 and in rows before 054. Also in a refused attempt.
-- on_behalf_of keeps its meaning (the citizen a clerk helps at the
-- counter: the reader of a document, sql/045), so a parent's read stays
-- the parent's. Old rows keep NULL: an audit row is never changed.
ALTER TABLE audit_log
	ADD COLUMN for_children bigint[]
	    CHECK (for_children IS NULL OR
	           (cardinality(for_children) BETWEEN 1 AND 32
	            AND array_position(for_children, NULL) IS NULL));
