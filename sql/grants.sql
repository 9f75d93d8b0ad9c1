-- grants.sql - what the portal's own database role may do.  Run by
-- scripts/migrate.sh after every migration run (idempotent).
-- The portal connects as portal_app, never as the owner: it cannot change
-- the schema, and it can only add to the audit log.

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
		CREATE ROLE portal_app LOGIN;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO portal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public
	TO portal_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portal_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM portal_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM portal_app;
