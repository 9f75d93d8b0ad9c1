-- 044_own_documents.sql - a member records their own information (issue
-- 18, part 2): a document written by a member of the family (a school
-- report, a letter, their own plan), with the readers they chose.
--
-- document.author_id is then the member (it named a professional only
-- before); organisation_id is NULL exactly for such a document
-- (own_readers set). Whom it is about, the file and the versions are the
-- same tables as a professional's document, so every page that shows
-- documents shows it through lib/policy, which adds the author's rules:
--   own_readers = 'hulpverleners': the author and the family's
--                 professionals;
--   'personen':  also the members in document_own_reader;
--   'gezin':     also every member of the family;
-- and, as for any document, the age rules for whom it is about and the
-- shields (a member the author is shielded from never reads it).
-- A removed own document keeps its row (removed_at: comments, shares and
-- the audit log point at it), but no title, text, file or old version:
-- own_document_remove() below, the only way to remove one.
ALTER TABLE document DROP CONSTRAINT document_author_id_fkey;
ALTER TABLE document ADD CONSTRAINT document_author_person
	FOREIGN KEY (author_id) REFERENCES person(id);
ALTER TABLE document ALTER COLUMN organisation_id DROP NOT NULL;
ALTER TABLE document ADD COLUMN own_readers text
	CHECK (own_readers IN ('hulpverleners', 'personen', 'gezin'));
ALTER TABLE document ADD COLUMN removed_at timestamptz;
ALTER TABLE document ADD CONSTRAINT document_own_or_org
	CHECK ((own_readers IS NULL) = (organisation_id IS NOT NULL));
ALTER TABLE document ADD CONSTRAINT document_removed_own
	CHECK (removed_at IS NULL OR own_readers IS NOT NULL);

-- The members the author named as readers (own_readers = 'personen').
CREATE TABLE document_own_reader (
	document_id	bigint NOT NULL REFERENCES document(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	PRIMARY KEY (document_id, person_id)
);

-- Removes own document p_doc of author p_author: the row stays with
-- removed_at, but its title, text, file and old versions go. Answers
-- false when it is not theirs or already removed. The portal's role has
-- no DELETE on document_file or document_version itself (grants.sql).
CREATE FUNCTION own_document_remove(p_doc bigint, p_author bigint)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
	UPDATE document SET removed_at = now(), title = '-', body = ''
	 WHERE id = p_doc AND author_id = p_author
	   AND own_readers IS NOT NULL AND removed_at IS NULL;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	DELETE FROM document_file WHERE document_id = p_doc;
	DELETE FROM document_version WHERE document_id = p_doc;
	DELETE FROM document_own_reader WHERE document_id = p_doc;
	RETURN true;
END
$$;
REVOKE ALL ON FUNCTION own_document_remove(bigint, bigint) FROM PUBLIC;

-- doc_may_read (sql/038) with the author's rules: a removed document is
-- nobody's; an own document is its author's, and another member's only
-- when the author chose them (own_readers) and is not shielded from them;
-- the age rules for whom it is about hold as before, except that the
-- author's choice counts for the author as a subject.
CREATE OR REPLACE FUNCTION doc_may_read(actor bigint, doc bigint)
RETURNS boolean LANGUAGE sql STABLE AS $$
SELECT coalesce((
  SELECT d.removed_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM document_subject s
           JOIN person sp ON sp.id = s.person_id
          WHERE s.document_id = d.id AND sp.birth_date IS NULL)
     AND CASE p.kind
   WHEN 'professional' THEN
     EXISTS (SELECT 1 FROM assignment_now a
              WHERE a.family_id = d.family_id AND a.professional_id = actor)
     OR EXISTS (SELECT 1 FROM document_share s
           JOIN professional pr ON pr.organisation_id = s.organisation_id
          WHERE s.document_id = d.id AND pr.person_id = actor
            AND s.revoked_at IS NULL AND NOT s.pending
            AND s.starts_at <= now()
            AND (s.until IS NULL OR s.until > now()))
   WHEN 'citizen' THEN
     m.person_id IS NOT NULL
     AND coalesce(extract(year FROM age(current_date, p.birth_date))::int,
                  0) >= 12
     AND EXISTS (SELECT 1 FROM document_subject s WHERE s.document_id = d.id)
     AND CASE WHEN d.own_readers IS NOT NULL AND d.author_id = actor
     THEN true ELSE
     NOT EXISTS (SELECT 1 FROM document_hidden h
                  WHERE h.document_id = d.id AND h.person_id = actor)
     AND (d.own_readers IS NULL
          OR (NOT EXISTS (SELECT 1 FROM member_shield ms
                WHERE ms.family_id = d.family_id
                  AND ms.person_id = d.author_id
                  AND ms.from_person_id = actor AND ms.ended_at IS NULL)
              AND (d.own_readers = 'gezin'
                   OR (d.own_readers = 'personen' AND EXISTS (SELECT 1
                        FROM document_own_reader r
                       WHERE r.document_id = d.id
                         AND r.person_id = actor)))))
     AND (EXISTS (SELECT 1 FROM document_subject s
                   WHERE s.document_id = d.id AND s.person_id = actor)
          OR NOT EXISTS (SELECT 1 FROM document_subject s
               JOIN person sp ON sp.id = s.person_id
               CROSS JOIN LATERAL (SELECT extract(year FROM
                   age(current_date, sp.birth_date))::int AS age) g
              WHERE s.document_id = d.id
                AND NOT (d.own_readers IS NOT NULL
                         AND s.person_id = d.author_id)
                AND NOT (EXISTS (SELECT 1 FROM authority au
                        WHERE au.adult_person = actor
                          AND au.child_person = s.person_id)
                  AND g.age < 18
                  AND (g.age < 16 OR EXISTS (SELECT 1
                        FROM document_youth_share ys
                       WHERE ys.document_id = d.id
                         AND ys.youth_id = s.person_id
                         AND ys.parent_id = actor)))))
     END
   ELSE false END
    FROM document d JOIN person p ON p.id = actor
    LEFT JOIN family_member m ON m.family_id = d.family_id
     AND m.person_id = actor
   WHERE d.id = doc), false)
$$;
