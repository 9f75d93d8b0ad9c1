-- 032_helped_at_counter.sql - a comment, an opinion or an own view given at the counter
-- (issue 14): the clerk who helped, so the document's own history says
-- "met hulp van Kees Visser (balie)" beside the citizen's name. The row
-- stays the citizen's (author_id / person_id); NULL: written by the person
-- themselves. The audit log keeps the same fact (on_behalf_of).
ALTER TABLE document_comment ADD COLUMN helped_by bigint REFERENCES person(id);
ALTER TABLE document_consent ADD COLUMN helped_by bigint REFERENCES person(id);
ALTER TABLE document_view ADD COLUMN helped_by bigint REFERENCES person(id);
