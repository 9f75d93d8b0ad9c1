#!/usr/bin/env bash
# The /inzage case the bench does not cover (issue 21, part 1; README,
# Performance): a parent whose child under 12 has many documents read in
# the period. Starts a throw-away stack on BENCH_PORT (or uses a running
# one: STATE_DIR and PORT set, KEEP=1 leaves it running), seeds two
# families and measures GET /inzage one request at a time:
#   ines  parent (authority) of Kai (8); 10 000 documents about Kai by
#         Fatima, who read 2 000 of them 9 000 times in the last 90 days;
#         Ines read documents about Kai 5 000 times in the last week.
#   ivo   the same, but the 10 000 documents are about Ivo himself: the
#         same lines and titles on his page, with no child to decide on
#         (the yardstick: what the page costs without lib/policy's
#         decisions about a child).
# Prints per person the milliseconds of N requests (first page, then the
# page after it; after 3 requests not counted) and their median. EXPLAIN=1: afterwards one request each
# with auto_explain (ANALYZE, BUFFERS) on the portal's role; the plans of
# the statements that took longer than EXPLAIN_MS (default 5) go to
# $STATE_DIR/explain.log and a summary (statement, ms) is printed.
# No thresholds: numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BUILD=${BUILD:-build} N=${N:-15} EXPLAIN_N=${EXPLAIN_N:-3}
if [ -z "${STATE_DIR:-}" ]; then
	export PORT=${BENCH_PORT:-18280}
	export STATE_DIR=$(mktemp -d /tmp/gp-inzage.XXXXXX) FSYNC=off
	chmod 0755 "$STATE_DIR"
	if [ "${KEEP:-0}" = 1 ]; then
		echo "state kept in $STATE_DIR (stop: STATE_DIR=$STATE_DIR PORT=$PORT bash scripts/stack.sh stop)"
	else
		trap 'bash scripts/stack.sh stop; rm -rf "$STATE_DIR"' EXIT
	fi
	bash scripts/stack.sh start >/dev/null
	SEED=1
fi
export PORT=${PORT:-18280}

if [ "${SEED:-0}" = 1 ]; then
/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
# (login, given name, family slug, whom the documents are about)
for login, name, slug, child in (("ines", "Ines", "inzage-kind", "Kai"),
                                 ("ivo", "Ivo", "inzage-zelf", None)):
    sql(f"""
    WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind)
               VALUES ('{name}', 'Meetgezin', current_date - 40 * 365, 'citizen') RETURNING id),
         a AS (INSERT INTO account (person_id, username, password_hash)
               SELECT p.id, '{login}', password_hash FROM p, account WHERE username = 'sanne'),
         f AS (INSERT INTO family (slug, name, framework) VALUES ('{slug}', '{slug}', 'vrijwillig') RETURNING id),
         m AS (INSERT INTO family_member (family_id, person_id, role)
               SELECT f.id, p.id, 'ouder' FROM f, p)
    INSERT INTO assignment (family_id, professional_id, starts_on)
    SELECT f.id, pr.person_id, current_date - 400 FROM f, professional pr JOIN account u
        ON u.person_id = pr.person_id AND u.username = 'fatima'""")
    if child:
        sql(f"""
        WITH c AS (INSERT INTO person (given_name, family_name, birth_date, kind)
                   VALUES ('{child}', 'Meetgezin', current_date - interval '8 years 3 months', 'citizen')
                   RETURNING id),
             m AS (INSERT INTO family_member (family_id, person_id, role)
                   SELECT f.id, c.id, 'kind' FROM c, family f WHERE f.slug = '{slug}')
        INSERT INTO authority (adult_person, child_person)
        SELECT a.person_id, c.id FROM c, account a WHERE a.username = '{login}'""")
    about = (f"(SELECT id FROM person WHERE given_name = '{child}' AND family_name = 'Meetgezin')"
             if child else f"(SELECT person_id FROM account WHERE username = '{login}')")
    sql(f"""
    INSERT INTO document (family_id, title, body, author_id, organisation_id, created_at)
    SELECT f.id, 'Meetstuk ' || g, 'Een zin over het gezin.', pr.person_id,
           pr.organisation_id, now() - interval '100 days' - g * interval '1 hour'
      FROM family f, professional pr JOIN account u ON u.person_id = pr.person_id
           AND u.username = 'fatima', generate_series(1, 10000) g
     WHERE f.slug = '{slug}'""")
    sql(f"""
    INSERT INTO document_subject (document_id, person_id)
    SELECT d.id, {about} FROM document d JOIN family f ON f.id = d.family_id
     WHERE f.slug = '{slug}'""")
    # Fatima: 9 000 reads of 'Meetstuk 1' .. 'Meetstuk 2000' in the last
    # 90 days, office hours; the same pattern for both families (setseed)
    sql(f"""
    SELECT setseed(0.21);
    INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, object_id,
                           family_id, outcome, rule)
    SELECT ((current_date - 1 - floor(random() * 90)::int) + time '08:00'
            + random() * interval '9 hours') AT TIME ZONE 'Europe/Amsterdam',
           u.person_id, 'professional', 'document.read', 'document', d.public_id,
           d.family_id, 'allowed', 'pro.assigned'
      FROM generate_series(1, 9000) g
      JOIN document d ON d.title = 'Meetstuk ' || (1 + (g * 7919) % 2000)
      JOIN family f ON f.id = d.family_id AND f.slug = '{slug}'
      JOIN account u ON u.username = 'fatima'""")
    # the person's own 5 000 reads in the last week
    rule, forc = ("member.parent", f"ARRAY[{about}]") if child else ("member.self", "NULL")
    sql(f"""
    SELECT setseed(0.12);
    INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, object_id,
                           family_id, outcome, rule, for_children)
    SELECT now() - random() * interval '7 days', u.person_id, 'citizen',
           'document.read', 'document', d.public_id, d.family_id, 'allowed',
           '{rule}', {forc}
      FROM generate_series(1, 5000) g
      JOIN document d ON d.title = 'Meetstuk ' || (1 + (g * 104729) % 10000)
      JOIN family f ON f.id = d.family_id AND f.slug = '{slug}'
      JOIN account u ON u.username = '{login}'""")
sql("ANALYZE")
PY
fi

if [ "$N" -gt 0 ]; then
echo "GET /inzage one request at a time, $N times each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - <<'PY'
import os, re, statistics, sys, time
sys.path.insert(0, "tests/integration")
from portal import logged_in
n = int(os.environ["N"])
for login in ("ines", "ivo"):
    c = logged_in(login)
    first = c.get("/inzage")
    assert first.status == 200, first
    m = re.search(r'href="(/inzage\?van=[^"]+&amp;na=[^"]+)"', first.text)
    lines = len(re.findall(r'<li class="card document-list__item">', first.text))
    for what, url in (("first page", "/inzage"),
                      ("next page", m.group(1).replace("&amp;", "&") if m else None)):
        if url is None:
            print(f"  {login:5} {what}: no next page")
            continue
        for _ in range(3):      # warm: each worker's statements planned
            c.get(url)
        ms = []
        for _ in range(n):
            t = time.perf_counter()
            r = c.get(url)
            ms.append((time.perf_counter() - t) * 1000)
            assert r.status == 200, r
        print(f"  {login:5} {what:10} {lines:3} lines {len(r.text) // 1024:4} KB: median "
              f"{statistics.median(ms):7.1f} ms  min {min(ms):7.1f}  max {max(ms):7.1f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [ "${EXPLAIN:-0}" = 1 ]; then
	log="$STATE_DIR/pg/log"
	start=$(wc -c <"$log")
	/usr/bin/python3 - <<PY
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
sql("ALTER ROLE portal_app SET session_preload_libraries = 'auto_explain'")
sql("ALTER ROLE portal_app SET auto_explain.log_min_duration = '${EXPLAIN_MS:-5}ms'")
sql("ALTER ROLE portal_app SET auto_explain.log_analyze = on")
sql("ALTER ROLE portal_app SET auto_explain.log_buffers = on")
PY
	bash scripts/stack.sh portal-stop >/dev/null; bash scripts/stack.sh portal-start >/dev/null
	/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from portal import logged_in
import os
for login in ("ines", "ivo"):
    c = logged_in(login)
    for _ in range(int(os.environ.get("EXPLAIN_N", "3"))):
        assert c.get("/inzage").status == 200
PY
	/usr/bin/python3 - <<PY
import sys
sys.path.insert(0, "tests/integration")
from portal import sql
sql("ALTER ROLE portal_app RESET ALL")
PY
	bash scripts/stack.sh portal-stop >/dev/null; bash scripts/stack.sh portal-start >/dev/null
	tail -c +"$((start + 1))" "$log" >"$STATE_DIR/explain.log"
	echo "statements over ${EXPLAIN_MS:-5} ms (auto_explain, ANALYZE, BUFFERS; $EXPLAIN_N requests each, ines then ivo):"
	grep -E 'duration: [0-9.]+ ms +plan:' -A3 "$STATE_DIR/explain.log" |
		awk '/duration:/ { for (i = 1; i <= NF; i++) if ($i == "duration:") d = $(i + 1) }
		     /Query Text:/ { q = $0; sub(/.*Query Text: /, "", q); printf "  %9s ms  %.70s\n", d, q }'
	echo "plans: $STATE_DIR/explain.log"
fi
