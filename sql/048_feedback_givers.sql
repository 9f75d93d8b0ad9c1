-- 048_feedback_givers.sql - how many people answered, per organisation
-- and quarter (security review, 4 December 2026). A member may answer
-- more than once a quarter (after each appointment and answered
-- request), so five answers can be one family's: results are shown only
-- when at least five people answered (lib/policy policy_feedback_shown,
-- cgi/selfcare/feedback.c). The row names a person, an organisation and
-- a quarter, never an answer: nothing joins it to table feedback.

CREATE TABLE feedback_giver (
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	quarter		date NOT NULL CHECK (quarter =
			    date_trunc('quarter', quarter)::date),
	person_id	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (organisation_id, quarter, person_id)
);
