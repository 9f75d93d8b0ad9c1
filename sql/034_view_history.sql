-- 034_view_history.sql - an own view ("eigen visie") can be changed or
-- withdrawn by its writer (issue 16, part 4), and is never silently gone:
-- a change is a new row that `replaces` the old one, and the old row is
-- marked superseded_at; a withdrawal marks withdrawn_at (and, at the
-- counter, the clerk who helped). The old text stays for the writer's
-- export, the family's professionals and the audit log; everybody else
-- reads only the current rows (neither mark set). The portal's role may
-- add rows and set a mark once (grants.sql), never change the text,
-- unmark or delete; the trigger below holds that for any role.
ALTER TABLE document_view
	ADD COLUMN public_id text NOT NULL UNIQUE DEFAULT opaque_id(),
	ADD COLUMN replaces bigint UNIQUE REFERENCES document_view(id),
	ADD COLUMN superseded_at timestamptz,
	ADD COLUMN withdrawn_at timestamptz,
	ADD COLUMN withdrawn_helped_by bigint REFERENCES person(id),
	ADD CONSTRAINT document_view_one_end
		CHECK (superseded_at IS NULL OR withdrawn_at IS NULL);

CREATE FUNCTION document_view_guard() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		-- a new text replaces a view of the same writer on the same
		-- document, one that is still current
		IF NEW.replaces IS NOT NULL AND NOT EXISTS (
		    SELECT 1 FROM document_view o WHERE o.id = NEW.replaces
		      AND o.document_id = NEW.document_id
		      AND o.author_id = NEW.author_id
		      AND o.withdrawn_at IS NULL) THEN
			RAISE EXCEPTION 'document_view: replaces another view';
		END IF;
		IF NEW.superseded_at IS NOT NULL OR NEW.withdrawn_at IS NOT NULL
		THEN
			RAISE EXCEPTION 'document_view: new rows are current';
		END IF;
		RETURN NEW;
	END IF;
	-- UPDATE: only a mark, set once
	IF NEW.id <> OLD.id OR NEW.document_id <> OLD.document_id
	    OR NEW.author_id <> OLD.author_id OR NEW.body <> OLD.body
	    OR NEW.form_nonce <> OLD.form_nonce
	    OR NEW.created_at <> OLD.created_at
	    OR NEW.public_id <> OLD.public_id
	    OR NEW.helped_by IS DISTINCT FROM OLD.helped_by
	    OR NEW.replaces IS DISTINCT FROM OLD.replaces
	    OR (OLD.superseded_at IS NOT NULL
	        AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at)
	    OR (OLD.withdrawn_at IS NOT NULL
	        AND (NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at
	         OR NEW.withdrawn_helped_by IS DISTINCT FROM
	            OLD.withdrawn_helped_by)) THEN
		RAISE EXCEPTION 'document_view: only a mark, set once';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER document_view_guard
	BEFORE INSERT OR UPDATE ON document_view
	FOR EACH ROW EXECUTE FUNCTION document_view_guard();
CREATE FUNCTION document_view_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'document_view: an own view is never deleted';
END
$$;
CREATE TRIGGER document_view_no_delete
	BEFORE DELETE ON document_view
	FOR EACH ROW EXECUTE FUNCTION document_view_refuse_delete();
