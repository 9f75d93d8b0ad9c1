-- 037_authority.sql - parental authority ("gezag") per child, not per family
-- membership (issue 17, part 6). A step-parent can have authority over one
-- child of the family and not over the others; a family membership said
-- "authority" for all of them. One row: adult_person has authority over
-- child_person. lib/policy applies the age rules on top (16+ decide about
-- their own documents; authority ends at 18).
CREATE TABLE authority (
	adult_person	bigint NOT NULL REFERENCES person(id),
	child_person	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (adult_person, child_person),
	CHECK (adult_person <> child_person)
);
CREATE INDEX authority_child ON authority(child_person);

-- What the membership flag meant until now, made explicit per child: every
-- member under 18 of a family in which the adult had the flag.
INSERT INTO authority (adult_person, child_person)
SELECT DISTINCT a.person_id, c.person_id
  FROM family_member a
  JOIN family_member c ON c.family_id = a.family_id
   AND c.person_id <> a.person_id
  JOIN person p ON p.id = c.person_id
 WHERE a.parental_authority
   AND p.birth_date > current_date - interval '18 years';

-- One truth: the flag goes, so no query can decide on it any more.
ALTER TABLE family_member DROP COLUMN parental_authority;

-- The children (person ids, "12,14", in order) over whom person $1 has
-- authority: the fact the pages hand to lib/policy per member.
CREATE FUNCTION authority_over(bigint) RETURNS text
	LANGUAGE sql STABLE AS
$$ SELECT coalesce(string_agg(child_person::text, ',' ORDER BY child_person), '')
     FROM authority WHERE adult_person = $1 $$;

-- A citizen's own password change (/gegevens/wachtwoord, issue 17 part 8;
-- cgi/account/password.c checks the current password first). The portal's
-- role still cannot update accounts (grants.sql): this sets only the hash
-- of person p_person, a citizen, and only while the stored hash is still
-- p_old (the one the current password was checked against: two changes
-- at once cannot both win). true when it was set.
CREATE FUNCTION password_set(p_person bigint, p_old text, p_hash text)
RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
	WITH u AS (UPDATE account a SET password_hash = p_hash
	    FROM person p
	    WHERE a.person_id = p_person AND p.id = a.person_id
	      AND p.kind = 'citizen' AND a.password_hash = p_old
	      AND p_hash LIKE '$argon2id$%'
	    RETURNING 1)
	SELECT EXISTS (SELECT 1 FROM u)
$$;
REVOKE ALL ON FUNCTION password_set(bigint, text, text) FROM PUBLIC;
