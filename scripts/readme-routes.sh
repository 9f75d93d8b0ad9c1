#!/usr/bin/env bash
# README.md's route list is the output of `portal routes` (the table in
# cgi/app/routes.c), between the two marker lines:
#   <!-- routes: begin ... -->  and  <!-- routes: end -->
#
#   scripts/readme-routes.sh          rewrites the list (make readme-routes)
#   scripts/readme-routes.sh --check  exits 1 and shows the difference when
#                                     the list is not the table (make lint)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
README=README.md
BEGIN='<!-- routes: begin'
END='<!-- routes: end -->'

if [ "$(grep -c "^$BEGIN" "$README")" != 1 ] || [ "$(grep -c "^$END\$" "$README")" != 1 ]; then
	echo "readme-routes: $README needs one '$BEGIN' line and one '$END' line" >&2
	exit 1
fi
table=$(mktemp) new=$(mktemp)
trap 'rm -f "$table" "$new"' EXIT
{ echo '```text'; "$BUILD/portal" routes; echo '```'; } >"$table"
# Everything up to the begin line, the table, everything from the end line.
awk -v begin="$BEGIN" -v end="$END" -v table="$table" '
	index($0, begin) == 1 { print; while ((getline l < table) > 0) print l; skip = 1; next }
	$0 == end { skip = 0 }
	!skip { print }
' "$README" >"$new"

if [ "${1:-}" = --check ]; then
	if ! diff -u "$README" "$new"; then
		echo "readme-routes: README.md's route list is not \`portal routes\`: run make readme-routes" >&2
		exit 1
	fi
	exit 0
fi
cat "$new" >"$README"
