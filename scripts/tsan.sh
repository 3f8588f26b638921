#!/usr/bin/env bash
# ThreadSanitizer run of the concurrent code: the HTTP server (its I/O thread, worker pool,
# access-log thread and shared caches, driven by the serve tests' concurrent clients) and the
# threaded traffic assignment (parallel all-or-nothing and Algorithm B with 1..N threads).
#   bash scripts/tsan.sh            # configure + build the tsan preset's two test programs, run
# Exits non-zero on any data race report (halt_on_error) or test failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/tsan/build.ninja ] || cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"${JOBS:-2}" --target corridor_serve_tests corridor_assign_tests
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$(pwd)/scripts/tsan.supp ${TSAN_OPTIONS:-}"
# TSan needs the low-entropy address layout some kernels no longer give by default.
run() {
  if setarch "$(uname -m)" -R true 2>/dev/null; then setarch "$(uname -m)" -R "$@"; else "$@"; fi
}
run build/tsan/src/corridor/serve/corridor_serve_tests
run build/tsan/src/corridor/assign/corridor_assign_tests \
  --gtest_filter='*ThreadCount*:*EveryAlgorithm*:*FrankWolfe*:*SiouxFalls*'
echo "tsan: no data races reported"
