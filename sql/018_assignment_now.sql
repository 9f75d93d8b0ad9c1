-- 018_assignment_now.sql - "assigned now" in one place (issue 13): the
-- assignments that hold today, from the first day to the last (an open
-- end: still assigned). Every statement that asks whether a professional
-- is assigned to a family now reads this view instead of writing the
-- dates out again; the planner inlines it, so it costs nothing. The
-- portal reads it with the view owner's rights (grants.sql: SELECT only).
CREATE VIEW assignment_now AS
	SELECT family_id, professional_id, starts_on, ends_on
	  FROM assignment
	 WHERE starts_on <= current_date
	   AND (ends_on IS NULL OR ends_on >= current_date);
