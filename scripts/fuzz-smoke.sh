#!/usr/bin/env bash
# Short libFuzzer run of every target (seconds each), for the test command:
#   bash scripts/fuzz-smoke.sh [SECONDS_PER_TARGET=5] [TARGET...]
# Builds the `fuzz` preset (clang, ASan+UBSan+libFuzzer) if needed, replays the regression
# inputs of fuzz/regressions first (every crash ever found), then fuzzes from the seed corpora.
# Exits non-zero on any crash, leak, sanitizer report, timeout or non-corridor exception; the
# offending input is left in build/fuzz/findings/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
shift || true
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
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  findings=build/fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  # Regressions first: each must run clean.
  if [ -d "fuzz/regressions/$t" ] && ls "fuzz/regressions/$t"/* >/dev/null 2>&1; then
    if ! "build/fuzz/fuzz/$t" -rss_limit_mb=2048 -timeout=20 "fuzz/regressions/$t"/* \
        > "build/fuzz/$t.regressions.log" 2>&1; then
      echo "fuzz-smoke: $t: a regression input fails again (build/fuzz/$t.regressions.log)" >&2
      status=1
      continue
    fi
  fi
  log=build/fuzz/$t.log
  if "build/fuzz/fuzz/$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "$seeds/$t" > "$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz-smoke: $t: ok, ${execs:-?} executions in ${secs}s"
  else
    echo "fuzz-smoke: $t: FAILED (log $log, input in $findings/)" >&2
    grep -m5 -E 'ERROR|SUMMARY|exception escaped' "$log" >&2 || true
    status=1
  fi
done
exit $status
