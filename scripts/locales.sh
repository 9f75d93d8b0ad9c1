#!/usr/bin/env bash
# Makes the locales gettext needs, inside the build tree (LOCPATH), without
# touching the system.  A fresh Debian has only C, C.utf8 and POSIX.
set -euo pipefail
dir=$1
mkdir -p "$dir"
for loc in nl_NL en_GB ar_SA tr_TR pl_PL uk_UA; do
	[ -d "$dir/$loc.UTF-8" ] && continue
	localedef -i "$loc" -f UTF-8 "$dir/$loc.UTF-8" 2>/dev/null || {
		# localedef warns (exit 1) on some locales but still writes them.
		[ -d "$dir/$loc.UTF-8" ] || { echo "locales: cannot make $loc" >&2; exit 1; }
	}
done
