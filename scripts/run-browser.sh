#!/usr/bin/env bash
# Browser tests (tests/browser/run.js): Debian's chromium, npm packages
# from package-lock.json (npm ci, no browser download), a throw-away stack.
# Appends "browser PASSED FAILED" to $BUILD/results.txt.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BUILD=${BUILD:-build} PORT=${BROWSER_PORT:-18480}
# nginx's limits per address leave the test browser alone (it logs in
# many times in a row).
export LIMIT_EXEMPT=127.0.0.1
export STATE_DIR=$(mktemp -d /tmp/gp-browser.XXXXXX) FSYNC=off
chmod 0755 "$STATE_DIR"
results=$ROOT/$BUILD/results.txt

if [ ! -d tests/browser/node_modules ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || {
		echo "browser 0 1" >>"$results"; exit 1; }
	touch tests/browser/node_modules
fi
if ! bash scripts/stack.sh start; then
	echo "browser 0 1" >>"$results"
	bash scripts/stack.sh stop
	exit 1
fi
status=0
node tests/browser/run.js "http://127.0.0.1:$PORT" "$results" || status=1
bash scripts/stack.sh stop
if [ $status -eq 0 ]; then rm -rf "$STATE_DIR"; else echo "browser: state kept in $STATE_DIR"; fi
exit $status
