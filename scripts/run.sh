#!/usr/bin/env bash
# make run: the portal with demo data, in the foreground; Ctrl-C stops all.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PORT=${PORT:-8080} STATE_DIR=${STATE_DIR:-$ROOT/run} BUILD=${BUILD:-build}

stopping=0
cleanup() {
	[ $stopping = 1 ] && return
	stopping=1
	echo
	echo "Stopping..."
	bash "$ROOT/scripts/stack.sh" stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A throw-away cluster: start from empty demo data every time.
bash "$ROOT/scripts/stack.sh" stop
rm -rf "$STATE_DIR/pg"
bash "$ROOT/scripts/stack.sh" start

cat <<MSG

  Gezinsportaal runs on http://127.0.0.1:$PORT/
  Log in as sanne (or mark, lotte, daan, emre, elif, fatima, peter, ellen,
  kees) with the password portaal-demo. Staff (fatima, peter, ellen, kees)
  then type a one-time code: their demo secret is in CONTRACT.md
  (oathtool --totp -b SECRET gives the code).
  Mail the portal sends: $STATE_DIR/mail/    Logs: $STATE_DIR/*.log
  Press Ctrl-C to stop.

MSG
# Stay in the foreground while the services run.
while kill -0 "$(cat "$STATE_DIR/pids/nginx")" 2>/dev/null &&
      kill -0 "$(cat "$STATE_DIR/pids/portal")" 2>/dev/null; do
	sleep 1
done
echo "A service stopped; see the logs in $STATE_DIR." >&2
exit 1
