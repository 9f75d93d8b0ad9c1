-- 041_feedback.sql - "Hoe was de hulp?" (issue 18, part 5): a score of 1
-- to 10 and an open answer, anonymous towards professionals.
--
-- An answer (`feedback`) names no person, has no time but its quarter
-- (Dutch time) and a random id, so nothing in it links back to who gave
-- it: not a column, not the order of ids, not a time that matches an
-- appointment. Professionals read averages and texts per organisation and
-- finished quarter only, from 5 answers (lib/policy: policy_feedback_shown;
-- cgi/feedback/feedback.c). A member's answer goes to each organisation
-- the contact was with.
CREATE TABLE feedback (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	quarter		date NOT NULL CHECK (quarter =
			    date_trunc('quarter', quarter)::date),
	score		smallint NOT NULL CHECK (score BETWEEN 1 AND 10),
	body		text NOT NULL CHECK (length(body) <= 2000)
);
CREATE INDEX feedback_org_quarter ON feedback(organisation_id, quarter);

-- What a member gave feedback on, so each contact asks once and the
-- general question once a quarter: `contact` is 'afspraak:<public id>',
-- 'verzoek:<public id>' or 'kwartaal'. Never joined to `feedback` (there is
-- nothing to join on); no professional's page reads it.
CREATE TABLE feedback_given (
	person_id	bigint NOT NULL REFERENCES person(id),
	contact		text NOT NULL CHECK (contact ~ '^(afspraak|verzoek):[A-Za-z0-9_-]{1,40}$'
			    OR contact = 'kwartaal'),
	quarter		date NOT NULL
);
-- a contact once; the general question once a quarter
CREATE UNIQUE INDEX feedback_given_contact ON feedback_given(person_id,
	contact) WHERE contact <> 'kwartaal';
CREATE UNIQUE INDEX feedback_given_quarter ON feedback_given(person_id,
	quarter) WHERE contact = 'kwartaal';
