#!/usr/bin/env bash
# The main job: build Corridor and compare today's network with TRIPP open on the bundled
# South Caucasus dataset, printing the table and writing the HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target corridor
mkdir -p out
./build/release/apps/corridor/corridor compare --base baseline --scenario tripp \
  --report out/compare-baseline-tripp.html "$@"
