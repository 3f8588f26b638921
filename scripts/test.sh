#!/usr/bin/env bash
# Every test: unit and end-to-end tests in the release build, the same under ASan+UBSan, and the
# browser tests of the web map in headless Chromium. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh
jobs=${CORRIDOR_JOBS:-$(nproc)}

echo "== format check (clang-format)"
bash scripts/check-format.sh

echo "== release build + tests"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" --timeout 900

echo "== ASan+UBSan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs" --timeout 1800

if [ -f tests/web/run.sh ]; then
  echo "== browser tests (headless Chromium)"
  bash tests/web/run.sh build/release
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
