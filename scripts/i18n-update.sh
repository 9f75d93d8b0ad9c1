#!/usr/bin/env bash
# Refreshes i18n/gezinsportaal.pot from the code and templates, and merges
# it into every i18n/*.po. Dutch is the source language: nl.po's msgstr is
# filled with the msgid. Run after changing user-visible text; then
# translate the new empty msgstr entries in the other languages, and give
# every new string that says "u" its "je" form in i18n/jong/nl.po (or the
# comment "# alleen voor medewerkers" when no youth reads it).
# References name files only (--add-location=file): moving code within a
# file rewrites no catalogue.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
/usr/bin/python3 scripts/i18n-extract.py i18n/gezinsportaal.pot
sed -i 's/charset=CHARSET/charset=UTF-8/' i18n/gezinsportaal.pot
for po in i18n/*.po i18n/jong/nl.po; do
	msgmerge -q --no-wrap --add-location=file --no-fuzzy-matching --backup=none -U "$po" i18n/gezinsportaal.pot
	msgattrib --no-wrap --add-location=file --no-obsolete -o "$po" "$po"
done
/usr/bin/python3 scripts/i18n-fill-nl.py i18n/nl.po
