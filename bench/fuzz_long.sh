#!/usr/bin/env bash
# Long fuzzing campaign: every target in turn (or those named), with -fork so that a crash does
# not stop the run (-ignore_crashes; crashing inputs are kept in build/fuzz/findings/<target>/),
# until RUNS executions or SECONDS per target, whichever comes first:
#   bash bench/fuzz_long.sh [SECONDS_PER_TARGET=3600] [RUNS=10000000] [TARGET...]
# Prints per target: executions, seconds, executions/s, coverage (libFuzzer's cov = edges and
# ft = features, of the last progress line), corpus size, crashes (crash-*, leak-*) and other
# findings (timeout-*, oom-*, slow-unit-*: replay them, a stopped or starved process produces
# false ones). Each crash input must become a regression: copy it to fuzz/regressions/<target>/
# and fix the loader (scripts/fuzz-smoke.sh replays them all).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
runs=${2:-10000000}
shift 2 || shift $# || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_dataset_csv fuzz_scenario_toml fuzz_tntp fuzz_dimacs fuzz_osm fuzz_cnet_cch
           fuzz_http_request fuzz_json_request)
fi
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"${JOBS:-2}" --target "${targets[@]}"
seeds=build/fuzz/seeds
rm -rf "$seeds"
bash fuzz/make_seeds.sh "$seeds" >/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
jobs=${FUZZ_JOBS:-$(nproc)}
printf '%-20s %12s %8s %8s %6s %6s %8s %8s %6s\n' target executions seconds exec/s cov ft corpus \
    crashes other
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  findings=build/fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  log=build/fuzz/$t.long.log
  start=$(date +%s)
  "build/fuzz/fuzz/$t" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -max_total_time="$secs" -runs="$runs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "$seeds/$t" > "$log" 2>&1 || true
  # -fork prints "#N ... exec/s" progress lines; the last one has the total.
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#')
  cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
  ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
  crashes=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' \) | wc -l)
  other=$(find "$findings" -type f \( -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) |
      wc -l)
  secs_used=$(( $(date +%s) - start ))
  printf '%-20s %12s %8s %8s %6s %6s %8s %8s %6s\n' "$t" "${execs:-?}" "$secs_used" \
      "$(( ${execs:-0} / (secs_used > 0 ? secs_used : 1) ))" "${cov:-?}" "${ft:-?}" \
      "$(find "$corpus" -type f | wc -l)" "$crashes" "$other"
done
