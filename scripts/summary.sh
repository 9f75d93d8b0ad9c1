#!/usr/bin/env bash
# Adds up the results files ("stage PASSED FAILED" lines) and prints the
# closing line "N passed, M failed". Exit 1 if anything failed or nothing ran.
passed=0 failed=0
for f in "$@"; do
	[ -f "$f" ] || continue
	while read -r stage p fl; do
		printf '  %-28s %4d passed, %d failed\n' "$stage ($(dirname "$f"))" "$p" "$fl"
		passed=$((passed + p)) failed=$((failed + fl))
	done <"$f"
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
