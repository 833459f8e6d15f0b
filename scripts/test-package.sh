#!/usr/bin/env bash
# The .deb on a bare Debian 12: a minimal root made with debootstrap (no Swift toolchain in it),
# the package installed there with apt, then `stepwise --version`, `check`, `build` and `serve`
# run inside it on a copy of the real content. Needs root (chroot) and Debian's mirror for
# debootstrap and the package's dependencies.
#
#   scripts/test-package.sh [path/to/stepwise_*.deb]     # makes the package when none is given
#
# The pristine root is kept in $STEPWISE_PKGTEST_CACHE (default /var/tmp/stepwise-pkgtest) and
# copied afresh for every run, so each run installs into a clean root.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deb=${1:-}
[ -n "$deb" ] || deb=$(scripts/package.sh)
deb=$(readlink -f "$deb")

cache=${STEPWISE_PKGTEST_CACHE:-/var/tmp/stepwise-pkgtest}
pristine="$cache/bookworm-minbase"
if [ ! -x "$pristine/bin/bash" ]; then
  command -v debootstrap >/dev/null || {
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  echo "== debootstrap: a minimal Debian 12 root in $pristine"
  as_root rm -rf "$pristine.partial"
  as_root mkdir -p "$cache"
  as_root debootstrap --variant=minbase bookworm "$pristine.partial" http://deb.debian.org/debian >/dev/null
  as_root mv "$pristine.partial" "$pristine"
fi

work=$(mktemp -d /var/tmp/stepwise-pkgtest-run.XXXXXX)
root="$work/root"
cleanup() {
  # Unmount before anything is removed, and remove only if nothing is mounted below.
  as_root umount "$root/proc" 2>/dev/null || true
  if ! grep -q " $root/" /proc/mounts; then as_root rm -rf "$work"; else echo "left $work (still mounted)" >&2; fi
}
trap cleanup EXIT
as_root cp -a "$pristine" "$root"
as_root mount -t proc proc "$root/proc"
as_root cp /etc/resolv.conf "$root/etc/resolv.conf"

if as_root chroot "$root" sh -c 'command -v swift || command -v swiftc' >/dev/null; then
  echo "test-package: the clean root has a Swift toolchain; it must not" >&2
  exit 1
fi

echo "== apt install ./$(basename "$deb") in the clean root"
as_root cp "$deb" "$root/tmp/"
as_root chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb")" >/dev/null

as_root mkdir -p "$root/srv/site"
as_root cp -r content "$root/srv/site/content"

echo "== stepwise --version"
as_root chroot "$root" stepwise --version

echo "== stepwise check (real content)"
as_root chroot "$root" stepwise check --site /srv/site --strict

echo "== stepwise build (real content)"
as_root chroot "$root" sh -c 'cd /srv && stepwise build --site site --output public'
pages=$(find "$root/srv/public" -name '*.html' | wc -l)
[ "$pages" -gt 10 ] || { echo "test-package: only $pages pages built" >&2; exit 1; }
[ -f "$root/srv/public/.stepwise-output" ] || { echo "test-package: no output marker" >&2; exit 1; }

echo "== stepwise init, then check --strict and build (the starter files are in the binary)"
as_root chroot "$root" sh -c 'stepwise init /srv/new-site >/dev/null && stepwise check --site /srv/new-site --strict && stepwise build --site /srv/new-site'

echo "== stepwise serve (real content), one page fetched from it"
log="$work/serve.log"
# Started directly (not through a shell function) so that $! is the server itself, or sudo,
# which passes signals on.
if [ "$(id -u)" -eq 0 ]; then
  chroot "$root" stepwise serve --site /srv/site --port 0 >"$log" 2>&1 &
else
  sudo chroot "$root" stepwise serve --site /srv/site --port 0 >"$log" 2>&1 &
fi
serve=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | sed -n 1p || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; kill -TERM "$serve"; echo "test-package: serve printed no address" >&2; exit 1; }
port=${url#http://127.0.0.1:}
port=${port%/}
response=$(as_root chroot "$root" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port
  printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nConnection: close\r\n\r\n' >&3
  cat <&3")
kill -TERM "$serve" 2>/dev/null || true
wait "$serve" || true
# Here-strings, not pipes: a reader that stops early must not kill a writer under pipefail.
status_line=$(sed -n 1p <<<"$response")
echo "$status_line"
grep -q ' 200' <<<"$status_line" || { echo "test-package: serve did not answer 200" >&2; exit 1; }
grep -q 'lang="ru"' <<<"$response" || { echo "test-package: serve did not answer the site" >&2; exit 1; }
echo "package test: 1 passed, 0 failed"
