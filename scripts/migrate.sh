#!/usr/bin/env bash
# Applies sql/NNN_*.sql in order, each once, each in its own transaction,
# recorded in schema_migrations; then (re)applies sql/grants.sql.
# Usage: migrate.sh PSQL-ARGS...   (e.g. -h /run/dir -p 5432 -U portal -d portal)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export PGOPTIONS="-c client_min_messages=warning"
psql=(psql -X -q -v ON_ERROR_STOP=1 "$@")

"${psql[@]}" -c "CREATE TABLE IF NOT EXISTS schema_migrations (
	version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
for f in "$here"/sql/[0-9][0-9][0-9]_*.sql; do
	v=$(basename "$f" .sql)
	done=$("${psql[@]}" -tAc "SELECT 1 FROM schema_migrations WHERE version = '$v'")
	[ "$done" = 1 ] && continue
	{ echo "BEGIN;"; cat "$f"; echo ";"; echo "INSERT INTO schema_migrations(version) VALUES ('$v');"; echo "COMMIT;"; } \
		| "${psql[@]}" -f - >/dev/null
	echo "migrate: applied $v"
done
"${psql[@]}" -f "$here/sql/grants.sql" >/dev/null
