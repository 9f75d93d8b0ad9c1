#!/usr/bin/env bash
# make screenshots: a throw-away stack, then the main pages as PNG in
# $STATE_DIR/screenshots (default run/screenshots/).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${STATE_DIR:-$ROOT/run}/screenshots
export BUILD=${BUILD:-build} PORT=${SHOT_PORT:-18580}
export STATE_DIR=$(mktemp -d /tmp/gp-shots.XXXXXX) FSYNC=off
chmod 0755 "$STATE_DIR"
trap 'bash scripts/stack.sh stop; rm -rf "$STATE_DIR"' EXIT
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
bash scripts/stack.sh start >/dev/null
node tests/browser/screenshots.js "http://127.0.0.1:$PORT" "$OUT"
echo "screenshots in $OUT"
