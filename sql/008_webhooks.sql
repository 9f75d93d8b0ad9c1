-- 008_webhooks.sql - an organisation's own system can be told what
-- happened (comment.created, consent.given, share.started, share.revoked):
-- a JSON event POSTed to its endpoint, signed with HMAC-SHA256 over the
-- body with the organisation's secret (X-Signature: sha256=<hex>).
-- Events carry opaque ids only, never dossier text.

ALTER TABLE organisation ADD COLUMN webhook_url text
	CHECK (webhook_url ~ '^https?://[^[:space:]]+$');
ALTER TABLE organisation ADD COLUMN webhook_secret text
	CHECK (webhook_secret ~ '^[0-9a-f]{64,128}$');

-- Which organisation a webhook row is for (its secret signs the body).
ALTER TABLE outbox ADD COLUMN organisation_id bigint REFERENCES organisation(id);
