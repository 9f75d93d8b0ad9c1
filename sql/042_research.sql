-- 042_research.sql - sharing anonymised data for research and education
-- (issue 18, part 6).
--
-- A member says yes or no on /onderzoek; the newest row counts, and no row
-- means no. Rows are only added (a withdrawal is a new "no"), so the audit
-- trail of the choice stays. `portal export-research` reads the newest
-- choice at the moment it runs: a withdrawal counts for the next export.
--
-- The municipality of a family is registry data (set by the owner, like
-- the family itself); the export uses it as one of its quasi-identifiers.

ALTER TABLE family ADD COLUMN municipality text
	CHECK (municipality IS NULL OR
	       (length(municipality) BETWEEN 1 AND 100 AND municipality <> '*'));

CREATE TABLE research_choice (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id	bigint NOT NULL REFERENCES person(id),
	agrees		boolean NOT NULL,
	decided_at	timestamptz NOT NULL DEFAULT now(),
	-- the clerk of an assisted session at the counter, else NULL
	helped_by	bigint REFERENCES person(id)
);
CREATE INDEX research_choice_person ON research_choice(person_id, id);

CREATE FUNCTION research_choice_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'research_choice only grows';
END
$$;
CREATE TRIGGER research_choice_append_only
	BEFORE UPDATE OR DELETE ON research_choice
	FOR EACH ROW EXECUTE FUNCTION research_choice_refuse_change();
