-- Issue 21 part 1: /inzage reads the reads of a family's documents per
-- window of days (keyset pages), not every audit row of the family.
-- The reads and downloads that were allowed, per family and time: a page
-- reads the rows of the days it shows, whatever the size of the log
-- (own reads are in it too: who read is not known before the row).
CREATE INDEX IF NOT EXISTS audit_log_doc_reads ON audit_log (family_id, at)
	WHERE object_kind = 'document'
	  AND action IN ('document.read', 'document.download')
	  AND outcome = 'allowed';
