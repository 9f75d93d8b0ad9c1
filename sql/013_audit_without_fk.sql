-- 013_audit_without_fk.sql - the audit log keeps no foreign keys.
-- An audit row must outlive what it is about: when a person or a family is
-- ever removed (retention ends), the record of who looked stays, with the
-- ids as they were (NEN 7513 asks to keep the log longer than the data).
-- A foreign key would forbid exactly that removal, or, with ON DELETE,
-- change the log. It also cost every read of a document three lookups in
-- the same transaction (measured: about 4 % of the document page). The
-- portal writes only ids it has just read from the same tables.
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_actor_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_on_behalf_of_fkey;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_family_id_fkey;
