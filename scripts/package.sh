#!/usr/bin/env bash
# Makes dist/stepwise_<version>_amd64.deb for Debian 12 (bookworm), amd64: `stepwise` linked
# against the Swift runtime statically (--static-swift-stdlib), so the machine that installs it
# needs no Swift toolchain; cmark-gfm, libstemmer and libyaml come from Debian's runtime packages
# (Depends). The built-in
# templates are installed beside the binary, in /usr/lib/stepwise, with a VERSION file that
# `stepwise --version` prints (from `git describe`).
#
#   scripts/package.sh            # prints the path of the .deb it made
#   apt install ./dist/stepwise_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh >&2
command -v dpkg-deb >/dev/null || { echo "package.sh: dpkg-deb is needed (Debian's dpkg)" >&2; exit 2; }

describe=$(git describe --tags --always --dirty 2>/dev/null || echo unknown)
# A Debian version starts with a digit: 0.1.0+git<commits>.<hash>.
deb_version="0.1.0+git$(git rev-list --count HEAD 2>/dev/null || echo 0).$(git rev-parse --short HEAD 2>/dev/null || echo 0)"

scratch=.build-package
build=(swift build -c release --product stepwise --static-swift-stdlib --scratch-path "$scratch")
"${build[@]}" >&2
bin=$("${build[@]}" --show-bin-path)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install -d "$root/usr/lib/stepwise" "$root/usr/bin" "$root/usr/share/doc/stepwise" "$root/DEBIAN"
install -m 0755 "$bin/stepwise" "$root/usr/lib/stepwise/stepwise"
strip --strip-unneeded "$root/usr/lib/stepwise/stepwise" 2>/dev/null || true
cp -r "$bin/Stepwise_StepwiseRender.resources" "$root/usr/lib/stepwise/"
echo "stepwise $describe" >"$root/usr/lib/stepwise/VERSION"
ln -s ../lib/stepwise/stepwise "$root/usr/bin/stepwise"
cp README.md "$root/usr/share/doc/stepwise/README.md"
cp -r docs "$root/usr/share/doc/stepwise/docs"
cat >"$root/usr/share/doc/stepwise/copyright" <<'EOF'
Stepwise: a static site generator for step-by-step instruction sites.
The binary includes the Swift runtime and standard libraries (Apache License 2.0 with Runtime
Library Exception), swift-argument-parser, swift-mustache, Hummingbird, SwiftNIO,
swift-http-types, swift-log and swift-service-lifecycle (Apache License 2.0).
cmark-gfm is used from Debian's packages (BSD-2-Clause), Snowball's libstemmer too (BSD-3-Clause),
and libyaml (MIT).
The built-in search.js holds a port of Snowball's Russian stemmer (BSD-3-Clause).
EOF

# Runtime dependencies: what the binary links dynamically, mapped to Debian's packages.
needed=$(objdump -p "$root/usr/lib/stepwise/stepwise" | awk '/NEEDED/ { print $2 }')
depends=()
# (Every reader below reads its input to the end: a reader that stops early, like `head -1`,
# kills the writer with SIGPIPE, which `pipefail` turns into a failure once the output outgrows
# the pipe's buffer.)
for library in $needed; do
  path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64/ && !found { print $NF; found = 1 }')
  [ -n "$path" ] || { echo "package.sh: cannot find $library" >&2; exit 2; }
  package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | awk -F: 'NR == 1 { print $1 }' || true)
  [ -n "$package" ] || package=$(dpkg -S "$path" 2>/dev/null | awk -F: 'NR == 1 { print $1 }' || true)
  [ -n "$package" ] || { echo "package.sh: no Debian package owns $path" >&2; exit 2; }
  depends+=("$package")
done
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')

size=$(du -sk "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: stepwise
Version: $deb_version
Architecture: amd64
Maintainer: Stepwise <stepwise@localhost>
Installed-Size: $size
Depends: $depends_line
Recommends: git, tar
Section: web
Priority: optional
Description: static site generator for step-by-step instruction sites
 Builds a static HTML site of step-by-step instructions whose steps form a typed
 flow graph, checks it (stepwise check), and previews it live (stepwise serve).
 Needs no Swift toolchain: the Swift runtime is linked in. The impact command
 (stepwise impact --since) reads the site at a git ref with git and tar
 (recommended).
EOF

mkdir -p dist
deb="dist/stepwise_${deb_version}_amd64.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >&2
echo "$deb"
