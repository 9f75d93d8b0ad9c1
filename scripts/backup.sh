#!/usr/bin/env bash
# make backup: everything a restore needs, from a running stack, into one
# new directory (README.md, "Backup and restore"):
#
#   portal.dump   pg_dump of the database, custom format (schema, data,
#                 grants: the portal role may still only add to audit_log)
#   secret        the CSRF key of the state directory (forms already open
#                 in a browser keep working after a restore)
#   MANIFEST      when, from where, the newest migration, pg_dump version
#   SHA256SUMS    of the files above; make restore checks them first
#
# Environment: STATE_DIR (./run) of the running stack, BACKUP_DIR (where
# the new directory goes: ./backup), BACKUP (the new directory itself;
# default BACKUP_DIR/portal-YYYYmmddTHHMMSSZ). It refuses an existing
# BACKUP. The files are private (umask 077): the dump holds the dossiers.
set -euo pipefail
umask 077
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR=${STATE_DIR:-$ROOT/run}
STATE_DIR=$(cd "$STATE_DIR" && pwd)
BACKUP_DIR=${BACKUP_DIR:-$ROOT/backup}
BACKUP=${BACKUP:-$BACKUP_DIR/portal-$(date -u +%Y%m%dT%H%M%SZ)}

log() { printf 'backup: %s\n' "$*" >&2; }

[ -f "$STATE_DIR/pg/data/postmaster.pid" ] || {
	log "no PostgreSQL running in $STATE_DIR (start it: make run, or scripts/stack.sh start)"
	exit 1
}
[ -e "$BACKUP" ] && { log "$BACKUP exists; choose another BACKUP"; exit 1; }
mkdir -p "$(dirname "$BACKUP")"
tmp=$BACKUP.partial
rm -rf "$tmp"
mkdir "$tmp"

export PGPASSFILE=$STATE_DIR/admin.pgpass
pg=(-h "$STATE_DIR/pg" -p 5432 -U portal)
# One snapshot of the whole database: what was committed when it began.
pg_dump "${pg[@]}" -d portal --format=custom --compress=6 -f "$tmp/portal.dump"
cp "$STATE_DIR/secret" "$tmp/secret"
{
	echo "made      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "from      $STATE_DIR"
	echo "migration $(psql -X -At "${pg[@]}" -d portal -c 'SELECT max(version) FROM schema_migrations')"
	echo "audit     $(psql -X -At "${pg[@]}" -d portal -c 'SELECT count(*) FROM audit_log') rows"
	echo "pg_dump   $(pg_dump --version)"
} >"$tmp/MANIFEST"
(cd "$tmp" && sha256sum portal.dump secret MANIFEST >SHA256SUMS)
mv "$tmp" "$BACKUP"
log "written $BACKUP ($(du -sh "$BACKUP" | cut -f1))"
echo "$BACKUP"
