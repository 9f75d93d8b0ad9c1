-- 039_help_request.sql - "Hulp vragen" (/hulp-vragen, cgi/help/help.c;
-- issue 18, part 1): a family member (or a clerk in their assisted
-- session) says in their own words what they need, how urgent, and how
-- they want to be contacted. It goes to the family's local team: the
-- intake of an organisation that works with the family now, or, when
-- nobody does, the municipal intake of the configuration (help_intake).
--
-- Who reads one: its writer, the professionals assigned to the family
-- now, and for a request that went to the municipal intake the
-- professionals of that organisation (lib/policy, policy_help_visible).

-- Where an organisation's intake reads new help requests (else its
-- notify_email).
ALTER TABLE organisation ADD COLUMN intake_email text
	CHECK (intake_email ~ '^[^[:space:]@]+@[^[:space:]@]+$');

CREATE TABLE help_request (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	family_id	bigint NOT NULL REFERENCES family(id),
	author_id	bigint NOT NULL REFERENCES person(id),
	-- the clerk who helped at the counter (sql/032), or NULL
	helped_by	bigint REFERENCES person(id),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	urgency		text NOT NULL CHECK (urgency IN ('nu', 'deze-week',
			    'geen-haast')),
	contact		text NOT NULL CHECK (contact IN ('telefoon', 'e-mail',
			    'portaal', 'balie')),
	-- the team it went to; via_intake: the municipal intake (the
	-- family had no professionals when it was sent)
	organisation_id	bigint NOT NULL REFERENCES organisation(id),
	via_intake	boolean NOT NULL,
	status		text NOT NULL DEFAULT 'ontvangen' CHECK (status IN
			    ('ontvangen', 'contact', 'afgerond')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	created_on	date NOT NULL DEFAULT
			    (now() AT TIME ZONE 'Europe/Amsterdam')::date,
	-- the day by which someone contacts the member: the same day for
	-- "nu", a week for "deze-week", two weeks for "geen-haast"
	contact_by	date GENERATED ALWAYS AS (created_on + CASE urgency
			    WHEN 'nu' THEN 0 WHEN 'deze-week' THEN 7
			    ELSE 14 END) STORED,
	contact_at	timestamptz,
	contact_person	bigint REFERENCES person(id),
	-- what the professional tells the member: who calls, and when
	contact_note	text NOT NULL DEFAULT '' CHECK (length(contact_note)
			    <= 500),
	done_at		timestamptz,
	done_by		bigint REFERENCES person(id),
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	CHECK (status = 'ontvangen' OR contact_at IS NOT NULL OR
	    done_at IS NOT NULL),
	UNIQUE (author_id, form_nonce)
);
CREATE INDEX help_request_author ON help_request(author_id, created_at);
CREATE INDEX help_request_open ON help_request(family_id)
	WHERE status <> 'afgerond';
