#!/usr/bin/env bash
# Command one: install what is missing, build Stepwise, and build the site from content/ into public/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release --product stepwise
.build/release/stepwise build --site . --output public "$@"
