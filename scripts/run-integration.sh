#!/usr/bin/env bash
# Integration tests: a whole stack (PostgreSQL, mail catcher, portal,
# nginx) in a throw-away state directory, driven over HTTP by
# tests/integration/*.py; stopped and removed afterwards, pass or fail.
# Appends "integration PASSED FAILED" to $BUILD/results.txt.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
export BUILD
case "$BUILD" in build-asan) PORT=${IT_PORT:-18180} ;; *) PORT=${IT_PORT:-18080} ;; esac
export PORT
# In /tmp: short socket paths, and readable by the unprivileged user even
# when the clone lives somewhere private.
export STATE_DIR=$(mktemp -d /tmp/gp-it.XXXXXX)
chmod 0755 "$STATE_DIR"
export FSYNC=off WORKERS=3 MAX_REQUESTS=200 OUTBOX_RETRY=1 OUTBOX_LEASE=3
# One password hash at a time (tests/integration/test_throttle.py); the
# runner's own address is left alone by nginx's limits (its tests log in
# quickly, one after another); the limit tests use other addresses.
export HASH_SLOTS=1 LIMIT_EXEMPT=127.0.0.1
# Sanitizer builds: every report is fatal and goes to the portal log.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
if ! bash scripts/stack.sh start; then
	echo "integration 0 1" >>"$BUILD/results.txt"
	bash scripts/stack.sh stop
	exit 1
fi

# The suite does in seconds what a family does in weeks: the limits on
# actions that mail or notify (sql/025_b_notify_limit.sql) are a hundred
# times higher here; tests/integration/test_limits.py puts the real ones
# back while it runs.
PGPASSFILE="$STATE_DIR/admin.pgpass" psql -X -q -v ON_ERROR_STOP=1 \
	-h "$STATE_DIR/pg" -p 5432 -U portal -d portal \
	-c "UPDATE notify_limit SET max = max * 100" || status=1
# IT_K=word[,word]: only the tests whose name holds one (while working on them).
/usr/bin/python3 tests/integration/run.py --results "$BUILD/results.txt" ${IT_K:+-k "$IT_K"} || status=1

# No reply token (mailed or made by a test) in any log file: nginx's
# access and error log, the portal's, PostgreSQL's (issue 17, part 4).
/usr/bin/python3 scripts/tokens-in-logs.py "$STATE_DIR" "$BUILD/results.txt" || status=1

# A sanitizer report in any worker fails the run even if HTTP looked fine.
if grep -qE 'runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer' "$STATE_DIR/portal.log"; then
	echo "integration: sanitizer report in $STATE_DIR/portal.log:"
	grep -A20 -E 'runtime error:|ERROR: AddressSanitizer' "$STATE_DIR/portal.log" | head -60
	echo "sanitizer 0 1" >>"$BUILD/results.txt"
	status=1
fi
bash scripts/stack.sh stop
if [ $status -eq 0 ]; then rm -rf "$STATE_DIR"; else echo "integration: state kept in $STATE_DIR"; fi
exit $status
