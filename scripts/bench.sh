#!/usr/bin/env bash
# make bench: wrk through nginx at 32 connections against a throw-away
# stack, printing each page next to a floor measured in the same run.
#   floor:  GET /health  (one prepared SELECT, a fixed answer)
#   page:   GET /        as sanne: session check, family overview (3
#           queries per family), audit row, template render, layout
#   doc:    GET /documenten/{id} as sanne: session, document + policy
#           facts in one query, lib/policy, audit row, read marker,
#           comments, consent of each member, render
#   size:   the same page for a parent whose family has 10 documents and
#           for one whose family has 10,000 (p50 ratio: does the page
#           grow with the dossier?)
#   flood:  the document page's p99 without and with 50 addresses
#           posting wrong passwords (ratio in the flood / quiet)
#   pages:  every main page (issue 21, part 2) for the 10- and the
#           10 000-document family: per page its ratio to the floor of its
#           round, the p50 ratio 10 000 / 10, and PostgreSQL's CPU time per
#           request (utime + stime of the postmaster's children, from /proc,
#           over the run, divided by the requests wrk made). BENCH_PAGES=0
#           skips it; BENCH_PAGES=only runs nothing else; BENCH_FLOOD=only
#           runs the flood alone (FLOOD_ROUNDS, FLOOD_RATE, FLOOD_ADDRS).
#           BENCH_SMALL_DOCS=N gives the small family N documents instead
#           of 10 (e.g. 30: a first page as full as the big family's, to
#           tell the size of a page from the size of the dossier).
# Prints req/s, p50, p99 and the ratios, ROUNDS times (floor first in
# each round), then the median of the rounds. No thresholds: numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BUILD=${BUILD:-build} PORT=${BENCH_PORT:-18280}
export BENCH_SMALL_DOCS=${BENCH_SMALL_DOCS:-10}
case $BENCH_SMALL_DOCS in ''|*[!0-9]*) echo "BENCH_SMALL_DOCS: a number" >&2; exit 2;; esac
[ "$BENCH_SMALL_DOCS" -ge 5 ] || { echo "BENCH_SMALL_DOCS: at least 5" >&2; exit 2; }
S=$BENCH_SMALL_DOCS
export STATE_DIR=$(mktemp -d /tmp/gp-bench.XXXXXX) FSYNC=off MAX_REQUESTS=100000
chmod 0755 "$STATE_DIR"
DURATION=${DURATION:-4s} ROUNDS=${ROUNDS:-3}

if ! command -v wrk >/dev/null; then
	apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
trap 'bash scripts/stack.sh stop; rm -rf "$STATE_DIR"' EXIT
bash scripts/stack.sh start >/dev/null

# Two bench families: "Klein" (10 documents) and "Groot" (10,000), each
# with one parent (log-in bram / bo, the demo password), documents about
# the parent, written by Fatima.
/usr/bin/python3 - <<'PY'
import os
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
small = int(os.environ["BENCH_SMALL_DOCS"])
for login, slug, n in (("bo", "bench-klein", small), ("bram", "bench-groot", 10000)):
    sql(f"""
    WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind)
               VALUES ('{login}', 'Bench', current_date - 40 * 365, 'citizen') RETURNING id),
         a AS (INSERT INTO account (person_id, username, password_hash)
               SELECT p.id, '{login}', password_hash FROM p, account WHERE username = 'sanne'),
         f AS (INSERT INTO family (slug, name, framework) VALUES ('{slug}', '{slug}', 'vrijwillig') RETURNING id),
         m AS (INSERT INTO family_member (family_id, person_id, role)
               SELECT f.id, p.id, 'ouder' FROM f, p),
         x AS (INSERT INTO assignment (family_id, professional_id)
               SELECT f.id, pr.person_id FROM f, professional pr JOIN account u
                   ON u.person_id = pr.person_id AND u.username = 'fatima')
    SELECT 1""")
    sql(f"""
    INSERT INTO document (family_id, title, body, author_id, organisation_id, created_at)
    SELECT f.id, 'Verslag ' || g, repeat('Een zin over het gezin. ', 40), pr.person_id,
           pr.organisation_id, now() - g * interval '1 hour'
      FROM family f, professional pr JOIN account u ON u.person_id = pr.person_id
           AND u.username = 'fatima', generate_series(1, {n}) g
     WHERE f.slug = '{slug}'""")
    sql(f"""
    INSERT INTO document_subject (document_id, person_id)
    SELECT d.id, m.person_id FROM document d JOIN family f ON f.id = d.family_id
      JOIN family_member m ON m.family_id = f.id WHERE f.slug = '{slug}'""")
# A professional of their own per bench family (bpk, bpg; Fatima's demo
# secret), for the worklist, and five comments each waiting for an answer.
for login, slug, title in (("bpk", "bench-klein", "Verslag 5"),
                           ("bpg", "bench-groot", "Verslag 5000")):
    sql(f"""
    WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind)
               VALUES ('{login}', 'Bench', current_date - 40 * 365, 'professional') RETURNING id),
         r AS (INSERT INTO professional (person_id, organisation_id, job_title)
               SELECT p.id, pr.organisation_id, 'wijkcoach' FROM p, professional pr
                 JOIN account u ON u.person_id = pr.person_id AND u.username = 'fatima'),
         a AS (INSERT INTO account (person_id, username, password_hash)
               SELECT p.id, '{login}', password_hash FROM p, account WHERE username = 'sanne'),
         t AS (INSERT INTO staff_totp (person_id, secret, shown_at)
               SELECT p.id, 'KRSXG5CTMVRXEZLU', now() FROM p)
    INSERT INTO assignment (family_id, professional_id)
    SELECT f.id, p.id FROM family f, p WHERE f.slug = '{slug}'""")
    sql(f"""
    INSERT INTO document_comment (document_id, author_id, body, private, form_nonce)
    SELECT d.id, m.person_id, 'Een vraag ' || g, false, md5('{login}' || g)
      FROM document d JOIN family f ON f.id = d.family_id
      JOIN family_member m ON m.family_id = f.id, generate_series(1, 5) g
     WHERE f.slug = '{slug}' AND d.title = '{title}'""")
sql("ANALYZE")
PY

read -r cookie docid small_cookie small_doc big_cookie big_doc < <(/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import logged_in, sql
def doc(slug, title):
    return sql(f"SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
               f"WHERE f.slug = '{slug}' AND d.title = '{title}'")[0][0]
print("gp_session=" + logged_in("sanne").cookies["gp_session"], doc("de-vries", "Gezinsplan"),
      "gp_session=" + logged_in("bo").cookies["gp_session"], doc("bench-klein", "Verslag 5"),
      "gp_session=" + logged_in("bram").cookies["gp_session"], doc("bench-groot", "Verslag 5000"))
PY
)

run() {	# name path [cookie] -> "req/s p50-ms p99-ms" on stdout, a line on stderr
	local out rps p50 p99 non2xx
	out=$(wrk -t2 -c32 -d"$DURATION" --latency ${3:+-H "Cookie: $3"} \
		"http://127.0.0.1:$PORT$2")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	printf '  %-34s %10s req/s   p50 %-9s p99 %-9s %s\n' "$1" "$rps" "$p50" \
		"$p99" "${non2xx:+(non-2xx: $non2xx)}" >&2
	echo "$rps $(ms "$p50") $(ms "$p99")"
}

ms() {	# wrk latency ("850.00us", "6.50ms", "1.20s") in milliseconds
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) printf "%.3f", v / 1000;
		else if (v ~ /ms$/) printf "%.3f", v + 0;
		else printf "%.3f", v * 1000 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if [ "${BENCH_PAGES:-1}" != only ]; then
if [ "${BENCH_FLOOD:-1}" != only ]; then
# The machine is shared and its speed drifts by tens of percent within
# minutes, so each page is measured right after its own floor, ROUNDS
# times, and the ratios of the rounds are summarised by their median.
echo "Gezinsportaal bench: wrk -t2 -c32 -d$DURATION through nginx, $(nproc) cores, $ROUNDS rounds"
: >"$STATE_DIR/ratios"
for round in $(seq "$ROUNDS"); do
	echo "round $round"
	read -r floor _ _ < <(run "floor: GET /health" /health)
	read -r page _ _ < <(run "GET / (family overview)" / "$cookie")
	read -r doc _ p99 < <(run "GET /documenten/{id}" "/documenten/$docid" "$cookie")
	read -r _ small _ < <(run "GET /documenten/{id}, $S docs" "/documenten/$small_doc" "$small_cookie")
	read -r _ big _ < <(run "GET /documenten/{id}, 10000 docs" "/documenten/$big_doc" "$big_cookie")
	awk -v f="$floor" -v p="$page" -v d="$doc" -v s="$small" -v b="$big" -v q="$p99" \
		'BEGIN { printf "%.3f %.3f %.3f %.1f\n", p / f, d / f, b / s, q }' >>"$STATE_DIR/ratios"
done
echo "median of $ROUNDS rounds (each against the floor of its own round):"
printf 'ratio overview/floor: %.2f\n' "$(awk '{print $1}' "$STATE_DIR/ratios" | median)"
printf 'ratio document/floor: %.2f\n' "$(awk '{print $2}' "$STATE_DIR/ratios" | median)"
printf 'document p99: %s ms\n' "$(awk '{print $4}' "$STATE_DIR/ratios" | median)"
printf "p50 ratio 10000/$S documents: %.2f\n" "$(awk '{print $3}' "$STATE_DIR/ratios" | median)"
fi

# Flood: the document page's p99 alone, then while 50 addresses post
# wrong passwords (scripts/bench-flood.c), each right after the other,
# FLOOD_ROUNDS times, the median of the ratios printed. What stands in the
# flood's way: nginx's limit per address, the portal's wait per address
# and per name (lib/throttle.h), the cap on hashes at once
# (lib/hashcap.h). The flood client runs on the same cores: it is C on kept-alive connections,
# paced at FLOOD_RATE posts a second per address (0: as fast as
# answered), and prints the CPU it used (FLOOD_CLIENT=python: the first
# client, scripts/bench-flood.py, unpaced, one connection per post). Per run the CPU seconds of this
# stack's portal, nginx and PostgreSQL, and how busy the whole machine was
# (other engineers' work included), from /proc. No threshold.
FLOOD_ADDRS=${FLOOD_ADDRS:-50} FLOOD_RATE=${FLOOD_RATE:-40}
FLOOD_ROUNDS=${FLOOD_ROUNDS:-$ROUNDS}
secs=${DURATION%s}
cc -O2 -Wall -Wextra -pthread -o "$STATE_DIR/bench-flood" scripts/bench-flood.c
tree_ticks() {	# utime + stime of pid $1 and its children, in clock ticks
	[ -n "$1" ] || { echo 0; return; }
	for p in "$1" $(pgrep -P "$1" || true); do
		cat "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
cpu_snap() {	# "portal nginx postgres machine-busy machine-all" in ticks
	echo "$(tree_ticks "$(cat "$STATE_DIR/pids/portal" 2>/dev/null)")" \
		"$(tree_ticks "$(cat "$STATE_DIR/pids/nginx" 2>/dev/null)")" \
		"$(tree_ticks "$(head -1 "$STATE_DIR/pg/data/postmaster.pid" 2>/dev/null)")" \
		"$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}
cpu_diff() {	# before after -> "portal 0.52s nginx ... machine 87% busy"
	awk -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" -v b="$1" -v a="$2" 'BEGIN {
		split(b, x, " "); split(a, y, " ")
		printf "portal %.2fs nginx %.2fs postgres %.2fs; machine %d%% busy",
		    (y[1] - x[1]) / hz, (y[2] - x[2]) / hz, (y[3] - x[3]) / hz,
		    (y[5] > x[5]) ? 100 * (y[4] - x[4]) / (y[5] - x[5]) : 0 }'
}
echo "flood: $FLOOD_ADDRS addresses posting wrong passwords at ${FLOOD_RATE}/s each (0: as fast as answered), $FLOOD_ROUNDS rounds"
: >"$STATE_DIR/flood"
for round in $(seq "$FLOOD_ROUNDS"); do
	/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
sql("DELETE FROM login_attempt WHERE remote_addr LIKE '127.0.5.%'")
PY
	c0=$(cpu_snap)
	read -r _ _ quiet < <(run "GET /documenten/{id}, quiet" "/documenten/$docid" "$cookie")
	c1=$(cpu_snap)
	echo "    cpu: $(cpu_diff "$c0" "$c1")"
	if [ "${FLOOD_CLIENT:-c}" = python ]; then	# the first client, to compare
		/usr/bin/python3 scripts/bench-flood.py "$FLOOD_ADDRS" "$((secs + 2))" \
			"$STATE_DIR/flood-answers" &
	else
		"$STATE_DIR/bench-flood" "$PORT" "$FLOOD_ADDRS" "$((secs + 2))" \
			"$FLOOD_RATE" "$STATE_DIR/flood-answers" &
	fi
	flood=$!
	sleep 1		# the flood is under way
	c0=$(cpu_snap)
	read -r _ _ loud < <(run "GET /documenten/{id}, in the flood" "/documenten/$docid" "$cookie")
	c1=$(cpu_snap)
	wait "$flood"
	echo "    cpu: $(cpu_diff "$c0" "$c1")"
	# what the portal did with the posts nginx let through (the rest got
	# nginx's 429): its audit rows of this round, by rule
	echo "  in the portal: $(/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
rows = sql("SELECT rule, count(*) FROM audit_log WHERE remote_addr LIKE '127.0.5.%' "
           "AND at > now() - interval '9 seconds' GROUP BY 1 ORDER BY 1")
print(" ".join("%s:%s" % (r, n) for r, n in rows) or "none")
PY
)"
	echo "  flood answers (and the flood client's own CPU over $((secs + 2)) s): $(cat "$STATE_DIR/flood-answers")"
	awk -v q="$quiet" -v l="$loud" 'BEGIN { printf "%.3f %.1f %.1f\n", l / q, q, l }' \
		>>"$STATE_DIR/flood"
done
printf 'document p99 quiet: %s ms, in the flood: %s ms, ratio: %.2f (median of %s rounds; ratios %s)\n' \
	"$(awk '{print $2}' "$STATE_DIR/flood" | median)" \
	"$(awk '{print $3}' "$STATE_DIR/flood" | median)" \
	"$(awk '{print $1}' "$STATE_DIR/flood" | median)" "$FLOOD_ROUNDS" \
	"$(awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }' "$STATE_DIR/flood")"
fi

# Pages (issue 21, part 2): every main page for the family of 10 documents
# (bo, bpk) and of 10 000 (bram, bpg), each right after the other, after
# the floor of the round. PostgreSQL's CPU per request is read from /proc.
[ "${BENCH_PAGES:-1}" = 0 ] || [ "${BENCH_FLOOD:-1}" = only ] && exit 0
read -r bo bram bpk bpg < <(/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
import portal
from portal import logged_in
portal.TOTP_SECRETS["bpk"] = portal.TOTP_SECRETS["bpg"] = "KRSXG5CTMVRXEZLU"
print(" ".join("gp_session=" + logged_in(u).cookies["gp_session"]
               for u in ("bo", "bram", "bpk", "bpg")))
PY
)
pg_ticks() {	# utime + stime of the postmaster's children, in clock ticks
	local pm
	pm=$(head -1 "$STATE_DIR/pg/data/postmaster.pid")
	# a process may end between the list and the read: skip it
	for p in $(pgrep -P "$pm" || true); do
		cat "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
hz=$(getconf CLK_TCK)
run_pg() {	# name path cookie -> "req/s p50 p99 pg-ms-per-request"
	local before after out n
	before=$(pg_ticks)
	out=$(run "$1" "$2" "$3")
	# wrk stops with up to 32 requests still queued for the workers: a
	# request to the floor waits behind them, so the next run starts
	# on an idle portal (and their CPU counts for this page)
	curl -s -o /dev/null --max-time 120 "http://127.0.0.1:$PORT/health" || true
	after=$(pg_ticks)
	n=$(awk -v r="${out%% *}" -v d="${DURATION%s}" 'BEGIN { printf "%d", r * d }')
	echo "$out $(awk -v a="$after" -v b="$before" -v hz="$hz" -v n="$n" \
		'BEGIN { if (n > 0) printf "%.3f", (a - b) * 1000 / hz / n; else print 0 }')"
}
# name, path for the small family, path for the big one, who (citizen/pro)
PAGES=(
	"start page|/|/|c"
	"documents list|/documenten|/documenten|c"
	"document|/documenten/$small_doc|/documenten/$big_doc|c"
	"appointments|/afspraken|/afspraken|c"
	"requests|/verzoeken|/verzoeken|c"
	"sharing|/delen|/delen|c"
	"inzage|/inzage|/inzage|c"
	"export page|/mijn-gegevens|/mijn-gegevens|c"
	"export json|/mijn-gegevens.json|/mijn-gegevens.json|c"
	"worklist|/antwoord|/antwoord|p"
)
echo "pages: $S and 10 000 documents, $ROUNDS rounds"
: >"$STATE_DIR/pages"
for round in $(seq "$ROUNDS"); do
	echo "round $round"
	read -r floor _ _ < <(run "floor: GET /health" /health)
	for k in "${!PAGES[@]}"; do
		IFS='|' read -r name sp bp who <<<"${PAGES[$k]}"
		if [ "$who" = p ]; then sc=$bpk; bc=$bpg; else sc=$bo; bc=$bram; fi
		read -r srps sp50 _ spg < <(run_pg "$name, $S docs" "$sp" "$sc")
		read -r brps bp50 _ bpg_ms < <(run_pg "$name, 10000 docs" "$bp" "$bc")
		awk -v k="$k" -v f="$floor" -v s="$srps" -v b="$brps" -v s50="$sp50" \
			-v b50="$bp50" -v spg="$spg" -v bpg="$bpg_ms" 'BEGIN {
			printf "%d %.3f %.3f %.3f %.3f %.3f\n", k, s / f, b / f,
			    (s50 > 0 ? b50 / s50 : 0), spg, bpg }' >>"$STATE_DIR/pages"
	done
done
echo "median of $ROUNDS rounds: page | ratio to floor ($S docs) | (10 000 docs) | p50 10 000/$S | PostgreSQL CPU ms/request ($S) | (10 000)"
for k in "${!PAGES[@]}"; do
	IFS='|' read -r name _ _ _ <<<"${PAGES[$k]}"
	col() { awk -v k="$k" -v c="$1" '$1 == k { print $c }' "$STATE_DIR/pages" | median; }
	printf '%-16s | %5.2f | %5.2f | %5.2f | %6.3f | %6.3f\n' "$name" "$(col 2)" "$(col 3)" \
		"$(col 4)" "$(col 5)" "$(col 6)"
done
