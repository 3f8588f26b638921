#!/usr/bin/env bash
# Every test: unit and end-to-end tests in the release build, the same under ASan+UBSan, the
# server and threaded assignment under ThreadSanitizer, a short libFuzzer run of every loader and
# parser, and the browser tests of the web map in headless Chromium. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh
jobs=${CORRIDOR_JOBS:-$(nproc)}
# ccache (when installed) keys objects on paths relative to the checkout's parent folder, so a
# fresh clone elsewhere on the same machine reuses what an earlier build compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}" CCACHE_NOHASHDIR=1

echo "== format check (clang-format)"
bash scripts/check-format.sh

echo "== release build + tests"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" --timeout 900

echo "== Python module (pytest; also in ctest as python_pytest)"
py=$(sed -n 's/^Python3_EXECUTABLE:FILEPATH=//p' build/release/CMakeCache.txt)
PYTHONPATH=build/release/python CORRIDOR_BIN=build/release/apps/corridor/corridor MPLBACKEND=Agg \
  "${py:-python3}" -m pytest -q -p no:cacheprovider tests/python

echo "== ASan+UBSan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs" --timeout 1800

echo "== ThreadSanitizer: server and threaded assignment"
JOBS=$jobs bash scripts/tsan.sh

echo "== fuzz smoke (libFuzzer, every target: regressions, then a few seconds of fuzzing)"
JOBS=$jobs bash scripts/fuzz-smoke.sh "${CORRIDOR_FUZZ_SECONDS:-5}"

if [ -f tests/web/run.sh ]; then
  echo "== browser tests (headless Chromium)"
  bash tests/web/run.sh build/release
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
