-- 057_doc_may_read_inline.sql - the narrowing of the lists inlined
-- (issue 21, part 1).
--
-- doc_may_read(actor, doc) is a scalar SQL function with subqueries: the
-- planner cannot inline it, so every statement that calls it plans its
-- body again (about 1 ms, measured with EXPLAIN ANALYZE on the bench
-- families) and runs it as a function call per candidate row (about 30
-- microseconds each). A set-returning SQL function of one row IS inlined
-- when it stands in FROM: doc_read_check(actor, doc) holds the rules
-- (the same text as sql/044, unchanged), a statement joins it LATERAL per
-- candidate (`CROSS JOIN LATERAL doc_read_check($1, d.id) ok ... AND
-- ok.may`), and its body becomes part of the statement's own plan, kept
-- with the prepared statement. doc_may_read stays, now reading the same
-- function, so there is one text of the rules; lib/policy still decides
-- on every row (tests/integration/test_pages.py compares the two).
CREATE FUNCTION doc_read_check(actor bigint, doc bigint)
RETURNS TABLE (may boolean) LANGUAGE sql STABLE AS $$
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

CREATE OR REPLACE FUNCTION doc_may_read(actor bigint, doc bigint)
RETURNS boolean LANGUAGE sql STABLE AS $$
SELECT may FROM doc_read_check(actor, doc)
$$;
