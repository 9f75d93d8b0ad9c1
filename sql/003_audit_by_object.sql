-- 003_audit_by_object.sql - find the audit rows about one object quickly
-- (the "who looked at my documents" page).
CREATE INDEX audit_log_object ON audit_log(object_kind, object_id, at);
