#!/usr/bin/env bash
# Benchmark at ministry scale: build, check, no-op rebuild (and Hugo, and a one-page edit through
# `stepwise serve`) on synthetic corpora of PROCEDURES×REGIONS, medians of N runs, as Markdown.
#
#   scripts/benchmark.sh [--sizes real,50x10,50x85,200x85,400x85] [--runs 5] [--no-hugo] [--no-serve] [--keep]
#
# It ends with the targets of issue 17 (Hugo and C-floor ratios, `check` alone, the no-op
# rebuild, the preview's one-page edit, peak memory, linear time), judged from the same run.
#
# Builds the binary the package ships first, as scripts/package.sh builds it (release, the Swift
# runtime linked statically, in .build-package: the two share the build), unless STEPWISE_BIN
# names one. The corpora are written by scripts/generate-corpus.py into a temporary folder
# (/dev/shm when there is one) and removed afterwards (--keep keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    exec python3 scripts/benchmark.py --bin /bin/true --help
  fi
done

# Hugo is what the targets are measured against: installed (Debian's package) unless skipped.
if [[ " $* " != *" --no-hugo "* ]] && ! command -v hugo >/dev/null; then
  echo "installing Hugo for the comparison (pass --no-hugo to skip it)…" >&2
  scripts/install-dependencies.sh --bench >&2
fi

if [[ -z "${STEPWISE_BIN:-}" ]]; then
  echo "building the release binary as the package ships it (set STEPWISE_BIN to use another)…" >&2
  build=(swift build -c release --product stepwise --static-swift-stdlib --scratch-path .build-package)
  "${build[@]}" >&2
  STEPWISE_BIN="$("${build[@]}" --show-bin-path)/stepwise"
fi
if [[ ! -x "$STEPWISE_BIN" ]]; then
  echo "benchmark: STEPWISE_BIN=$STEPWISE_BIN is not an executable" >&2
  exit 2
fi

exec python3 scripts/benchmark.py --bin "$STEPWISE_BIN" "$@"
