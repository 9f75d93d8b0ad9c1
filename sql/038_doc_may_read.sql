-- 038_doc_may_read.sql - lists that do not grow with the dossier (issue
-- 21, part 1).
--
-- doc_may_read(actor, document): whether lib/policy would let person
-- `actor` read the document (POL_READ), written out again in SQL so that
-- the database can NARROW the candidates of a list page before it sorts
-- and limits them. It never decides alone: the portal loads the facts of
-- every row it returns and asks lib/policy, which drops a row it denies
-- (cgi/dossier/documents.c). It reads the same tables as the facts of
-- lib/stmts.c (DOC_COLUMNS), in the same statement and snapshot, with the
-- same clock (now(), current_date), so there is nothing to keep in step:
-- every change that affects it is seen by the next statement.
-- tests/integration/test_pages.py compares it with lib/policy's answer
-- (the document page) for every demo actor x document, also on the date
-- boundaries (a share until today or yesterday, a 12th or 16th birthday).
--
-- The rules (lib/policy.h, POL_READ), in the same order:
--  * a row dossier.c refuses as odd facts (a person it is about without
--    a birth date) is shown to nobody;
--  * a professional: assigned to the family now, or of an organisation
--    the document is shared with now (started, not ended, not revoked,
--    not waiting);
--  * a citizen (also the citizen of a clerk's assisted session: the
--    session's person is the citizen): a member of the family, 12 or
--    older, the document not hidden from them, about at least one
--    person, and either about them, or for every person it is about:
--    the member has parental authority over that person (sql/037) and it is under 18 and
--    either under 16 or a youth of 16 or 17 who let this member read it;
--  * anyone else (a clerk outside a session): no.
CREATE FUNCTION doc_may_read(actor bigint, doc bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
SELECT coalesce((
  SELECT NOT EXISTS (SELECT 1 FROM document_subject s
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
     AND NOT EXISTS (SELECT 1 FROM document_hidden h
                      WHERE h.document_id = d.id AND h.person_id = actor)
     AND EXISTS (SELECT 1 FROM document_subject s WHERE s.document_id = d.id)
     AND (EXISTS (SELECT 1 FROM document_subject s
                   WHERE s.document_id = d.id AND s.person_id = actor)
          OR NOT EXISTS (SELECT 1 FROM document_subject s
               JOIN person sp ON sp.id = s.person_id
               CROSS JOIN LATERAL (SELECT extract(year FROM
                   age(current_date, sp.birth_date))::int AS age) g
              WHERE s.document_id = d.id
                AND NOT (EXISTS (SELECT 1 FROM authority au
                        WHERE au.adult_person = actor
                          AND au.child_person = s.person_id)
                  AND g.age < 18
                  AND (g.age < 16 OR EXISTS (SELECT 1
                        FROM document_youth_share ys
                       WHERE ys.document_id = d.id
                         AND ys.youth_id = s.person_id
                         AND ys.parent_id = actor)))))
   ELSE false END
    FROM document d JOIN person p ON p.id = actor
    LEFT JOIN family_member m ON m.family_id = d.family_id
     AND m.person_id = actor
   WHERE d.id = doc), false)
$$;

-- The list walks a family's documents newest first (and, for the last
-- page, oldest first) from a cursor: (created_at, id) is its order.
DROP INDEX document_family;
CREATE INDEX document_family ON document(family_id, created_at DESC, id DESC);
-- The documents shared with an organisation, for its professionals' list.
CREATE INDEX document_share_org ON document_share(organisation_id);
-- The start page walks a member's family newest change first (account/
-- waiting.c: documents asking for an opinion, documents new since the
-- last visit), 50 at most.
CREATE INDEX document_family_changed
	ON document(family_id, (coalesce(updated_at, created_at)) DESC, id DESC);
