#!/usr/bin/env bash
# Builds every libFuzzer target in tests/fuzz/ with ASan + UBSan and runs
# each for SECONDS (a short smoke run in make test; run longer by hand:
# make fuzz FUZZ_SECONDS=600). One allocation over 512 MB is a finding (an
# upload is at most a few MB). Crashes are kept in build/fuzz/.
# Appends "fuzz PASSED FAILED" to build/results.txt.
set -uo pipefail
seconds=$1; shift
out=build/fuzz
mkdir -p "$out"
passed=0 failed=0
# The library files the targets share, compiled once (instrumented as in
# a target: -fsanitize=fuzzer-no-link), a file per core at a time; before,
# every target compiled all of them again.
LIBS="lib/arena.c lib/buf.c lib/http.c lib/tmpl.c lib/config.c lib/util.c
	lib/i18n.c lib/log.c lib/route.c lib/csrf.c lib/form.c lib/filetype.c
	lib/clean.c lib/outbox.c lib/ics.c lib/returnpath.c lib/b1.c lib/wdiff.c"
CFLAGS_FUZZ="-g -O1 -fno-sanitize-recover=all -D_GNU_SOURCE -Ilib"
rm -rf "$out/lib" && mkdir -p "$out/lib"
printf '%s\n' $LIBS | xargs -P "$(nproc)" -I{} sh -c \
	'clang $0 -fsanitize=fuzzer-no-link,address,undefined -c "{}" -o "$1/$(basename "{}" .c).o"' \
	"$CFLAGS_FUZZ" "$out/lib" >"$out/lib.build.log" 2>&1
objs=
for f in $LIBS; do objs="$objs $out/lib/$(basename "$f" .c).o"; done
for src in "$@"; do
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	if ! clang $CFLAGS_FUZZ -fsanitize=fuzzer,address,undefined \
		"$src" $objs -lcrypto -lmagic -lcurl -lical -lqpdf \
		-ljpeg -lpng16 -lz \
		-o "$out/$name" 2>"$out/$name.build.log"; then
		cat "$out/lib.build.log"
		cat "$out/$name.build.log"
		echo "fuzz: $name: does not build"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$out/$name.corpus"
	# The cleaners start from the crafted carriers (first byte: the kind).
	if [ "$name" = fuzz_clean ]; then
		/usr/bin/python3 - "$out/$name.corpus" <<-'PY'
		import os, sys
		sys.path.insert(0, "tests/integration")
		import carriers
		for name, data in carriers.all_carriers().items():
		    kind = {"jpg": 0, "png": 1, "pdf": 2}[name.rsplit(".", 1)[1]]
		    with open(os.path.join(sys.argv[1], "seed-" + name), "wb") as f:
		        f.write(bytes([kind]) + data)
		PY
	fi
	# Inputs that once failed (tests/fuzz/NAME.regress/) run first, every time.
	[ -d "tests/fuzz/$name.regress" ] && cp tests/fuzz/"$name".regress/* "$out/$name.corpus/"
	# A dictionary next to the target (tests/fuzz/NAME.dict), if any.
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="$PWD/tests/fuzz/$name.dict")
	if (cd "$out" && "./$name" -max_total_time="$seconds" -print_final_stats=0 \
		-malloc_limit_mb=512 \
		"${dict[@]}" "$name.corpus" >"$name.log" 2>&1); then
		echo "fuzz: $name: $seconds s, no findings"
		passed=$((passed + 1))
	else
		tail -n 40 "$out/$name.log"
		echo "fuzz: $name: FAILED (crash input in $out/)"
		failed=$((failed + 1))
	fi
done
echo "fuzz $passed $failed" >>build/results.txt
[ $failed -eq 0 ]
