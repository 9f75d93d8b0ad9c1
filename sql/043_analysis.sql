-- 043_analysis.sql - the family's part in the explanatory analysis
-- ("verklarende analyse", issue 18, part 3).
--
-- A professional assigned to the family opens an analysis with a few
-- questions; each member answers each question for themself (one answer,
-- which they may change) and chooses whether the other members may read
-- it (`shared`). The professional reads all answers and publishes the
-- analysis as a document (document_id), quoting only shared answers.

CREATE TABLE analysis (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	family_id	bigint NOT NULL REFERENCES family(id),
	opened_by	bigint NOT NULL REFERENCES person(id),
	opened_at	timestamptz NOT NULL DEFAULT now(),
	published_at	timestamptz,
	document_id	bigint REFERENCES document(id),
	CHECK ((published_at IS NULL) = (document_id IS NULL))
);
CREATE INDEX analysis_family ON analysis(family_id, opened_at);

CREATE TABLE analysis_question (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	analysis_id	bigint NOT NULL REFERENCES analysis(id),
	position	integer NOT NULL CHECK (position BETWEEN 1 AND 10),
	text		text NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
	UNIQUE (analysis_id, position)
);

CREATE TABLE analysis_answer (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	question_id	bigint NOT NULL REFERENCES analysis_question(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	shared		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	helped_by	bigint REFERENCES person(id),
	UNIQUE (question_id, person_id)
);
