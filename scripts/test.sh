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
# Each step's title says how long the run has taken so far (where CI time goes).
step() { echo "== $* [$(( $(date +%s) - start )) s]"; }

step "format check (clang-format)"
bash scripts/check-format.sh

step "release build + tests (the Python module's pytest runs in ctest as python_pytest)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -N -R '^python_pytest$' | grep -q 'Total Tests: 1' ||
  { echo "the Python module was not built (pybind11 or the Python headers missing?)" >&2; exit 1; }
ctest --preset release -j "$jobs" --timeout 900

step "ASan+UBSan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs" --timeout 1800

step "ThreadSanitizer: server and threaded assignment"
JOBS=$jobs bash scripts/tsan.sh

step "fuzz smoke (libFuzzer, every target: regressions, then a few seconds of fuzzing)"
JOBS=$jobs bash scripts/fuzz-smoke.sh "${CORRIDOR_FUZZ_SECONDS:-5}"

if [ -f tests/web/run.sh ]; then
  step "browser tests (headless Chromium)"
  bash tests/web/run.sh build/release
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
