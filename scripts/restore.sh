#!/usr/bin/env bash
# make restore BACKUP=dir: a new stack (PostgreSQL, mail catcher, portal,
# outbox, nginx) in a new STATE_DIR, from a backup made by make backup
# (scripts/backup.sh). It checks SHA256SUMS, makes a fresh cluster, creates
# the portal's role, restores the dump in one transaction (with its grants:
# the audit log stays append-only for the portal), puts the CSRF secret
# back, applies migrations newer than the backup, and starts everything
# on 127.0.0.1:$PORT. It never writes into a state directory that holds
# a database. Stop it with: STATE_DIR=... scripts/stack.sh stop
#
# Environment: BACKUP (required), STATE_DIR (./run-restored), PORT (8080),
# BUILD, and what scripts/stack.sh reads.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${BACKUP:?BACKUP=directory made by make backup}"
BACKUP=$(cd "$BACKUP" && pwd)
export STATE_DIR=${STATE_DIR:-$ROOT/run-restored}
if [ -e "$STATE_DIR/pg/data/PG_VERSION" ]; then
	echo "restore: $STATE_DIR already holds a database; choose a new STATE_DIR" >&2
	exit 1
fi
RESTORE_FROM=$BACKUP bash "$ROOT/scripts/stack.sh" start
echo "restore: running on http://127.0.0.1:${PORT:-8080}/ from $BACKUP"
echo "restore: stop with STATE_DIR=$STATE_DIR bash scripts/stack.sh stop"
