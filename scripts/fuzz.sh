#!/usr/bin/env bash
# Fuzzes the Markdown parser and renderer, the page loader, the YAML readers and the whole
# check + render of a small site with libFuzzer (Sources/StepwiseFuzz).
#
#   scripts/fuzz.sh [SECONDS]        default 60
#
# Environment:
#   FUZZ_MAX_LEN=8192     largest input libFuzzer makes (bytes)
#   FUZZ_TIMEOUT=10       an input running longer than this (seconds) is a finding
#   FUZZ_CORPUS=DIR       keep the corpus in DIR across runs (default: a temporary folder)
#   FUZZ_SANITIZE=address also build with AddressSanitizer (slower)
#   FUZZ_KEEP_GOING=1     do not stop at the first finding: libFuzzer's fork mode keeps fuzzing and
#                         writes every crash, timeout and out-of-memory input to the findings folder
#   STEPWISE_FUZZ_DIFFERENTIAL=1  also require HTMLRenderer's output to equal cmark's own HTML
#
# Every check-and-render input also renders the site twice, with skeletons (each page rendered once
# and filled in per region) and in full per region, and requires the bytes to be equal.
#
# The seed corpus is made at run time from content/ (pages, regions.yaml, site.yaml, flows): the
# first byte of an input picks what the rest is fed to (see Sources/StepwiseFuzz/FuzzTarget.swift).
# Findings (crash-*, timeout-*, slow-unit-*, oom-*) are written to .build-fuzz/findings/, and printed
# in base64 at the end of the log (a CI machine's files are gone with it).
# Replay one with the fuzz binary: .build-fuzz/release/StepwiseFuzz FILE
# or, to debug it, with a debug build: swift build --product StepwiseFuzz && .build/debug/StepwiseFuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
max_len=${FUZZ_MAX_LEN:-8192}
timeout=${FUZZ_TIMEOUT:-10}

sanitizers=(--sanitize=fuzzer)
if [[ -n "${FUZZ_SANITIZE:-}" ]]; then sanitizers+=("--sanitize=$FUZZ_SANITIZE"); fi

echo "== build the fuzzer (.build-fuzz, release, ${sanitizers[*]})"
# -enable-testing: the fuzzer reaches the YAML readers (internal to StepwiseModel) and turns the
# skeletons off (internal to StepwiseRender) to compare both renderings.
swift build --scratch-path .build-fuzz -c release --product StepwiseFuzz "${sanitizers[@]}" \
  -Xswiftc -DSTEPWISE_FUZZ -Xswiftc -enable-testing
fuzzer=.build-fuzz/release/StepwiseFuzz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds="$work/seeds"
mkdir -p "$seeds"
# Mode bytes: 0 Markdown, 1 page, 2 regions.yaml, 3 flow file, 4 site.yaml, 5 an edit checked
# incrementally.
seed() { { printf "\\x0$1"; cat "$2"; } > "$seeds/$1-$(basename "$2")"; }
for page in content/pages/*.md; do
  seed 0 "$page"
  seed 1 "$page"
done
seed 2 content/regions.yaml
# Region names with every character that escaping treats differently, for the skeleton oracle.
{ printf '\x02'; sed "s/^\(    name: [^\"]*\)\$/\1 «'\"\&<>»/" content/regions.yaml; } > "$seeds/2-regions-escaping.yaml"
seed 4 content/site.yaml
for flow in content/flows/*.yaml; do seed 3 "$flow"; done
# Mode 5 (an edit checked incrementally and in full): the second byte picks the file replaced.
edit_seed() { { printf "\\x05\\x0$1"; cat "$2"; } > "$seeds/5-$1-$(basename "$2")"; }
for page in $(ls content/pages/*.md | head -n 8); do
  edit_seed 0 "$page"
  edit_seed 2 "$page"
done
edit_seed 3 "$(ls content/flows/*.yaml | head -n 1)"
edit_seed 4 content/regions.yaml
edit_seed 5 content/site.yaml

# Inputs that once broke an invariant (Tests/FuzzFindings/*.bin, mode byte first) are seeds too:
# each run replays them before it mutates anything.
for finding in Tests/FuzzFindings/*.bin; do cp "$finding" "$seeds/finding-$(basename "$finding")"; done

corpus=${FUZZ_CORPUS:-"$work/corpus"}
mkdir -p "$corpus"
findings=.build-fuzz/findings
mkdir -p "$findings"

cat > "$work/stepwise.dict" <<'DICT'
"{{"
"}}"
"{{region.name}}"
"{{region.code}}"
"{#"
"\xc2\xab"
"\xc2\xbb"
"> [!NOTE]"
"> [!WARNING]"
"\xd0\xa8\xd0\xb0\xd0\xb3 "
"---\x0a"
"]("
"!["
"](../assets/"
".md#"
"<javascript:alert(1)>"
"javascript:"
"data:text/html,"
"<script>"
"</script>"
"<img src=x onerror=alert(1)>"
"&#x09;"
"&quot;"
"\x22><"
"\x22\xcc\x81/"
"\xcc\x81"
"\xe2\x80\xa8"
"\xef\xbb\xbf"
"| --- |"
"```"
"    "
"- id: "
"title: "
"procedure: "
"review-by: 2027-01-01"
"valid-until: "
"regions: [RU-AAA]"
"summary: "
"steps: "
"one-of: "
"optional: "
"shared: true"
"requires: "
"effects: "
"variables:"
"type: url"
"type: text"
"code: RU-AAA"
"slug: "
"systems: "
"scope: regional"
"labels: "
"contacts:"
"url: https://"
"email: "
"phone: "
"base-url: https://"
DICT

# Swift's own crash backtracer would catch the trap before libFuzzer, which then keeps no input.
export SWIFT_BACKTRACE=enable=no
echo "== fuzz for $seconds s (max_len $max_len, timeout $timeout s); findings go to $findings/"
keep_going=()
if [[ -n "${FUZZ_KEEP_GOING:-}" ]]; then keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); fi
status=0
touch "$work/started"
"$fuzzer" "$corpus" "$seeds" "${keep_going[@]}" \
  -dict="$work/stepwise.dict" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" \
  -report_slow_units=2 -print_final_stats=1 -artifact_prefix="$findings/" || status=$?
if [[ $status -ne 0 ]]; then
  echo "fuzz: the fuzzer stopped with status $status; the input is in $findings/ (see the log above)" >&2
  # A CI machine's folders are gone with it: the log keeps each input, to be restored with
  # `base64 -d > input.bin` and replayed as the header says.
  for input in "$findings"/*; do
    [[ -f "$input" && "$input" -nt "$work/started" ]] || continue
    echo "fuzz: $(basename "$input") ($(wc -c < "$input") bytes), base64:" >&2
    base64 -w 76 "$input" >&2
  done
fi
exit $status
