#!/usr/bin/env bash
# Installs the Debian packages the portal and its tests need, if missing.
# Idempotent and quick when everything is there (one dpkg-query).
set -euo pipefail

PKGS=(
	build-essential pkg-config
	libfcgi-dev libpq-dev libargon2-dev libcurl4-openssl-dev libssl-dev
	libcmocka-dev libmagic-dev libical-dev libjson-c-dev libqpdf-dev
	libjpeg62-turbo-dev libpng-dev
	liboath-dev liboath0 libqrencode-dev libqrencode4
	postgresql-15 postgresql-client-15
	nginx-light
	python3 python3-aiosmtpd python3-pyphen hyphen-nl
	gettext locales
	curl procps cppcheck clang clang-tidy libclang-rt-14-dev
	chromium
)

# node and npm: the machine's own if it has them, else Debian's.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts nginx as a system service on install; we run our own.
if command -v systemctl >/dev/null 2>&1; then
	$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
$SUDO service nginx stop >/dev/null 2>&1 || true
