#!/usr/bin/env bash
# make bench: wrk through nginx at 32 connections against a throw-away
# stack, printing each page next to a floor measured in the same run.
#   floor:  GET /health  (one prepared SELECT, a fixed answer)
#   page:   GET /        as sanne: session check, family overview (3
#           queries per family), audit row, template render, layout
#   doc:    GET /documenten/{id} as sanne: session, document + policy
#           facts in one query, lib/policy, audit row, read marker, render
# Prints req/s, p50, p99 and the ratio page/floor. No thresholds: numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BUILD=${BUILD:-build} PORT=${BENCH_PORT:-18280}
export STATE_DIR=$(mktemp -d /tmp/gp-bench.XXXXXX) FSYNC=off MAX_REQUESTS=100000
chmod 0755 "$STATE_DIR"
DURATION=${DURATION:-10s}

if ! command -v wrk >/dev/null; then
	apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
trap 'bash scripts/stack.sh stop; rm -rf "$STATE_DIR"' EXIT
bash scripts/stack.sh start >/dev/null

read -r cookie docid < <(/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import logged_in, sql
print("gp_session=" + logged_in("sanne").cookies["gp_session"],
      sql("SELECT public_id FROM document WHERE title = 'Gezinsplan'")[0][0])
PY
)

run() {	# name path [cookie]
	local out rps p50 p99
	out=$(wrk -t2 -c32 -d"$DURATION" --latency ${3:+-H "Cookie: $3"} \
		"http://127.0.0.1:$PORT$2")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	printf '%-28s %10s req/s   p50 %-9s p99 %-9s %s\n' "$1" "$rps" "$p50" "$p99" \
		"${non2xx:+(non-2xx: $non2xx)}" >&2
	echo "$rps"
}

echo "Gezinsportaal bench: wrk -t2 -c32 -d$DURATION through nginx, $(nproc) cores"
floor=$(run "floor: GET /health" /health)
page=$(run "GET / (family overview)" / "$cookie")
doc=$(run "GET /documenten/{id}" "/documenten/$docid" "$cookie")
awk -v a="$page" -v b="$floor" 'BEGIN { printf "ratio overview/floor: %.2f\n", a / b }'
awk -v a="$doc" -v b="$floor" 'BEGIN { printf "ratio document/floor: %.2f\n", a / b }'
