-- 049_worklist_keyset.sql - the professional's worklist (/antwoord,
-- cgi/requests/worklist.c) pages with a key and no cap (issue 21): its
-- disagreements are read from the disagreements themselves, not by
-- looking up every member's newest decision on every document of the
-- families (10 000 documents: 10 000 lookups a page). Few rows say
-- "oneens" or "deels"; this index holds only those.
CREATE INDEX document_consent_disagree
	ON document_consent(document_id, person_id, version)
	WHERE decision IN ('oneens', 'deels');
