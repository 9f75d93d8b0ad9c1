-- 023_comment_audience.sql - who reads a comment (issue 16): its audience.
-- `hulpverlener`: the writer and the professionals assigned to the family
-- now, nobody else (not other members, not an organisation the document
-- is shared with); `gezin`: whoever may read the document's comments
-- (lib/policy, POL_READ_COMMENTS). Every member of every age chooses; the
-- form's default is `hulpverlener`. A professional's answer has the
-- audience of the comment it answers.
--
-- The choice stays in `private` (true: `hulpverlener`), so the statements
-- and grants that know it keep working; `audience` is its name in words
-- for readers of the table (CONTRACT.md). A row that does not say is for
-- the professionals only.
ALTER TABLE document_comment ALTER COLUMN private SET DEFAULT true;
ALTER TABLE document_comment ADD COLUMN audience text
	GENERATED ALWAYS AS (CASE WHEN private THEN 'hulpverlener'
	    ELSE 'gezin' END) STORED;
COMMENT ON COLUMN document_comment.private IS
	'audience hulpverlener: the writer and the family''s professionals only';

-- Comments written before: the form told every member "Uw hulpverlener
-- leest het", so that is what they are now. Only a youth of 16 or 17 on a
-- document about themself was asked, and kept their "my family may read
-- this too". Answers follow the comment they answer.
UPDATE document_comment c SET private = true
  FROM person p
 WHERE p.id = c.author_id AND p.kind = 'citizen' AND c.answer_to IS NULL
   AND NOT c.private
   AND NOT (extract(year FROM age(c.created_at::date, p.birth_date))
         BETWEEN 16 AND 17
       AND EXISTS (SELECT 1 FROM document_subject ds
             WHERE ds.document_id = c.document_id
               AND ds.person_id = c.author_id));
UPDATE document_comment a SET private = true
  FROM document_comment c
 WHERE a.answer_to = c.id AND c.private AND NOT a.private;
