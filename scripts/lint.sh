#!/usr/bin/env bash
# make lint: static checks that fail the build.
#   1. dangerous calls (after Fossil's checker): sprintf, strcpy, strcat,
#      atoi/atol, gets, PQexec/PQexecParams with a non-literal query, and
#      printf-style output into HTML outside lib/tmpl.c and lib/buf.c;
#   2. cppcheck;  3. clang-tidy (.clang-tidy);
#   4. one-way dependencies in cgi/ (scripts/deps-check.py);
#   5. translations: msgfmt --check on every .po, every msgid of the code
#      and templates present in nl.po and translated in en.po;
#   6. README.md's route list is `portal routes` (scripts/readme-routes.sh);
#   7. the termbase: a glossary term has one translation per language
#      (i18n/termbase.tsv, scripts/termbase-check.py).
# Appends "lint PASSED FAILED" to $BUILD/results.txt.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
mkdir -p "$BUILD"
PG_INC=$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
passed=0 failed=0
ok()   { echo "lint: $1: ok"; passed=$((passed + 1)); }
fail() { echo "lint: $1: FAILED"; failed=$((failed + 1)); }

src=$(ls lib/*.c cgi/*/*.c)

# 1. Dangerous calls.
bad=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|atoi|atol|atoll|gets|rand|random)\s*\(' $src || true)
bad2=$(grep -nE 'PQexec(Params)?\s*\(\s*[a-zA-Z_>.-]+\s*,\s*[^"[:space:]]' $src | grep -v 'PQexecPrepared' || true)
bad3=$(grep -nE '(FCGX_FPrintF|printf)\s*\([^)]*<[a-z]' $(ls cgi/*/*.c lib/*.c | grep -v -e lib/tmpl.c -e lib/buf.c) || true)
if [ -z "$bad$bad2$bad3" ]; then ok "dangerous calls"; else printf '%s\n' "$bad" "$bad2" "$bad3"; fail "dangerous calls"; fi

# 2. cppcheck.
if cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr --std=c11 -D_GNU_SOURCE -Ilib -Icgi \
	--suppress=missingIncludeSystem $src 2>&1; then
	ok cppcheck
else
	fail cppcheck
fi

# 3. clang-tidy (checks in .clang-tidy): every file, a few at a time on
# each core (one clang-tidy for all files used one core of two).
if printf '%s\n' $src | xargs -P "$(nproc)" -n 8 sh -c \
	'clang-tidy --quiet "$@" -- -std=c17 -D_GNU_SOURCE -Ilib -Icgi -I"$0"' "$PG_INC" \
	>"$BUILD/clang-tidy.log" 2>&1 && ! grep -qE 'warning:|error:' "$BUILD/clang-tidy.log"; then
	ok clang-tidy
else
	grep -A3 -E 'warning:|error:' "$BUILD/clang-tidy.log" | head -60
	fail clang-tidy
fi

# 4. One-way dependencies in cgi/: no cycle between folders (includes and
# calls) or between files (calls, from the objects).
if /usr/bin/python3 scripts/deps-check.py "$BUILD"; then ok "one-way dependencies"; else fail "one-way dependencies"; fi

# 5. Translations.
tr_ok=1
for po in i18n/*.po; do
	msgfmt --check -o /dev/null "$po" 2>&1 | grep -v 'header field' || true
	msgfmt --check -o /dev/null "$po" >/dev/null 2>&1 || tr_ok=0
done
/usr/bin/python3 scripts/i18n-extract.py "$BUILD/current.pot"
for po in i18n/*.po; do
	lang=$(basename "$po" .po)
	# Strings in the code but not in this .po, or untranslated / fuzzy.
	missing=$(msgcomm --no-wrap -u "$BUILD/current.pot" "$po" 2>/dev/null | grep -c '^#: ' || true)
	untr=$(msgattrib --untranslated --no-obsolete "$po" 2>/dev/null | grep -c '^msgid "[^"]' || true)
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null | grep -c '^msgid "[^"]' || true)
	total=$(msgattrib --no-obsolete "$po" | grep -c '^msgid "[^"]' || true)
	echo "lint: i18n $lang: $((total - untr - fuzzy)) of $total translated, $missing missing from the .po, $fuzzy fuzzy"
	case "$lang" in nl|en)
		if [ "$missing" != 0 ] || [ "$untr" != 0 ] || [ "$fuzzy" != 0 ]; then
			tr_ok=0
			msgcomm --no-wrap -u "$BUILD/current.pot" "$po" 2>/dev/null | grep -A1 '^#: ' | head -20
		fi
	esac
done
# B1 wording itself is checked by make lint-language.
if [ $tr_ok = 1 ]; then ok translations; else fail translations; fi

# 6. The route list in README.md is the route table.
if BUILD="$BUILD" bash scripts/readme-routes.sh --check; then ok "README route list"; else fail "README route list"; fi

# 7. One translation per glossary term and language (the termbase).
if /usr/bin/python3 scripts/termbase-check.py; then ok termbase; else fail termbase; fi

echo "lint $passed $failed" >>"$BUILD/results.txt"
[ $failed -eq 0 ]
