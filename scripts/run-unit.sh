#!/usr/bin/env bash
# Runs every cmocka unit test binary; appends "unit PASSED FAILED" to
# $BUILD/results.txt for the closing summary.
set -uo pipefail
build=$1; shift
passed=0 failed=0
for t in "$@"; do
	out=$(CMOCKA_MESSAGE_OUTPUT=stdout LOCPATH=$build/locales \
	      LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
	      GP_LOCALEDIR=$build/locale GP_ROOT=$PWD "$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0} f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi	# crashed
	passed=$((passed + p)) failed=$((failed + f))
	if [ "$f" != 0 ]; then
		printf '%s\n' "$out"
		echo "unit: $(basename "$t"): $f FAILED"
	else
		echo "unit: $(basename "$t"): $p passed"
	fi
done
echo "unit $passed $failed" >>"$build/results.txt"
[ $failed -eq 0 ]
