#!/usr/bin/env bash
# make soak (not in make test): HOSTS (2) portal hosts behind one nginx
# upstream and one PostgreSQL, in a throw-away state directory, under
# load while faults happen (scripts/soak.py says which and what it
# counts). SOAK_SECONDS per scenario (60), SOAK_CLIENTS (8), SOAK_ONLY
# (scenario names, comma-separated), PORT (18300).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BUILD=${BUILD:-build} PORT=${PORT:-18300} HOSTS=${HOSTS:-2}
export STATE_DIR=$(mktemp -d /tmp/gp-soak.XXXXXX)
chmod 0755 "$STATE_DIR"
# fsync on: an immediate PostgreSQL stop must not lose what it committed.
export FSYNC=on WORKERS=${WORKERS:-3} OUTBOX_RETRY=1 OUTBOX_LEASE=3
export HASH_SLOTS=1 LIMIT_EXEMPT=127.0.0.1
status=0
if bash scripts/stack.sh start; then
	/usr/bin/python3 scripts/soak.py || status=1
else
	status=1
fi
bash scripts/stack.sh stop
if [ $status -eq 0 ]; then rm -rf "$STATE_DIR"; else echo "soak: state kept in $STATE_DIR"; fi
exit $status
