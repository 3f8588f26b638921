#!/usr/bin/env bash
# Long fuzzing campaign: every target in turn (or those named), with -fork so that a crash does
# not stop the run (-ignore_crashes; crashing inputs are kept in build/fuzz/findings/<target>/),
# until RUNS executions or SECONDS per target, whichever comes first:
#   bash bench/fuzz_long.sh [SECONDS_PER_TARGET=3600] [RUNS=10000000] [TARGET...]
#   bash bench/fuzz_long.sh --totals        # per-target totals over every session so far
# Sessions resume from the kept corpus (build/fuzz/corpus/<target>/), so a target's executions
# add up over its sessions: each session appends a line to build/fuzz/sessions.tsv and --totals
# sums them (the goal of issue 15: 10 M executions or an hour per target, no crash).
# Prints per target: executions, seconds, executions/s, coverage (libFuzzer's cov = edges and
# ft = features, of the last progress line), corpus size, crashes (crash-*, leak-*) and other
# findings (timeout-*, oom-*, slow-unit-*: replay them, a stopped or starved process produces
# false ones: libFuzzer's clock counts SIGSTOP pauses, so never stop a running session).
# Each crash input must become a regression: copy it to fuzz/regressions/<target>/ and fix the
# loader (scripts/fuzz-smoke.sh replays them all).
# Environment: FUZZ_JOBS (-fork jobs, default nproc), JOBS (build jobs), NO_BUILD=1 (use the
# binaries as they are, e.g. while sources change under a running campaign), FUZZ_BIN_DIR (where
# the targets are, default build/fuzz/fuzz: point it at a copy so that a rebuild does not change a
# running campaign). Several campaigns may run at once (each has its own seed directory).
# The ledger's cpu_s column is the CPU time (user + system) of the session and its fork jobs: on a
# shared machine it says how much of the wall-clock session the target really ran.
# On a shared machine: setsid nice -n 10 bash bench/fuzz_long.sh ... (its own session, so that
# it gets a fair share of the CPU next to other sessions' builds, and runs below them).
set -euo pipefail
cd "$(dirname "$0")/.."
ledger=build/fuzz/sessions.tsv
if [ "${1:-}" = "--totals" ]; then
  [ -f "$ledger" ] || { echo "no sessions yet ($ledger)"; exit 0; }
  printf '%-20s %8s %12s %8s %8s %6s %8s %6s\n' target sessions executions seconds cpu_s cov crashes \
      other
  awk -F'\t' 'NR > 1 { n[$3]++; e[$3] += $4; s[$3] += $5; cov[$3] = $7; c[$3] += $10; o[$3] += $11;
      cpu[$3] += $12 }
    END { for (t in n) printf "%-20s %8d %12d %8d %8d %6s %8d %6d\n", t, n[t], e[t], s[t], cpu[t], cov[t],
      c[t], o[t] }' \
    "$ledger" | sort
  exit 0
fi
secs=${1:-3600}
runs=${2:-10000000}
shift 2 || shift $# || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_dataset_csv fuzz_scenario_toml fuzz_tntp fuzz_dimacs fuzz_osm fuzz_cnet_cch
           fuzz_http_request fuzz_json_request)
fi
if [ "${NO_BUILD:-0}" != 1 ]; then
  [ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"${JOBS:-2}" --target "${targets[@]}"
fi
seeds=build/fuzz/seeds.$$
trap 'rm -rf "$seeds"' EXIT
rm -rf "$seeds"
bash fuzz/make_seeds.sh "$seeds" >/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
jobs=${FUZZ_JOBS:-$(nproc)}
[ -f "$ledger" ] ||
  printf 'start\tend\ttarget\texecutions\tseconds\texec_per_s\tcov\tft\tcorpus\tcrashes\tother\tcpu_s\n' \
      > "$ledger"
printf '%-20s %12s %8s %8s %6s %6s %8s %8s %6s\n' target executions seconds exec/s cov ft corpus \
    crashes other
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  findings=build/fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  log=build/fuzz/$t.long.log
  crashes_before=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' \) | wc -l)
  other_before=$(find "$findings" -type f \( -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) |
      wc -l)
  start=$(date +%s)
  start_utc=$(date -u +%FT%TZ)
  cpu_file=build/fuzz/$t.cpu.$$
  TIMEFORMAT='%U %S'
  { time "${FUZZ_BIN_DIR:-build/fuzz/fuzz}/$t" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
      -ignore_ooms=1 -max_total_time="$secs" -runs="$runs" -max_len=65536 -timeout=20 \
      -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "$seeds/$t" \
      > "$log" 2>&1 || true; } 2> "$cpu_file"
  cpu=$(awk '{ printf "%d", $1 + $2 }' "$cpu_file")
  rm -f "$cpu_file"
  # -fork prints "#N ... exec/s" progress lines; the last one has the total.
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#')
  cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
  ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
  crashes=$(( $(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' \) | wc -l) - crashes_before ))
  other=$(( $(find "$findings" -type f \( -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) |
      wc -l) - other_before ))
  secs_used=$(( $(date +%s) - start ))
  rate=$(( ${execs:-0} / (secs_used > 0 ? secs_used : 1) ))
  size=$(find "$corpus" -type f | wc -l)
  printf '%-20s %12s %8s %8s %6s %6s %8s %8s %6s  (cpu %s s)\n' "$t" "${execs:-?}" "$secs_used" \
      "$rate" "${cov:-?}" "${ft:-?}" "$size" "$crashes" "$other" "$cpu"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$start_utc" "$(date -u +%FT%TZ)" "$t" \
      "${execs:-0}" "$secs_used" "$rate" "${cov:-?}" "${ft:-?}" "$size" "$crashes" "$other" "$cpu" \
      >> "$ledger"
done
