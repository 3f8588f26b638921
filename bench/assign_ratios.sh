#!/usr/bin/env bash
# Lean Algorithm B ("b", issue 17) against the previous one ("b-old") in the same run, plus
# time-to-gap in all-or-nothing passes and peak memory. Needs a release build:
#   cmake --preset release && cmake --build build/release --target corridor_assign_bench -j2
#   bench/assign_ratios.sh [network ...]      (default: ChicagoSketch BerlinCenter)
#   ASSIGN_BENCH_REPS=5 bench/assign_ratios.sh ChicagoSketch   (alternating repetitions, default 3)
# 0. Chicago Regional: says why it is skipped (no trips file in the shared data).
# 1. OldVsNew/<net> (one process): runs alternate b-old, b (1 thread), b (2 threads); medians of
#    wall and process CPU seconds to 1e-6 (and CPU to 1e-4), ratios new/old, multiples of an AoN
#    pass timed in the same loop, and the wall speedup of 2 threads over 1. Fails unless every
#    run reaches 1e-6 (recomputed from its flows) with the best-known objective, and b's flows
#    are byte-identical for 1 and 2 threads.
# 2. TimeToGap/<net>/<alg> for b-old and b, each in its own process, for peak RSS.
# Every figure is measured in this run; figures of other programs (tap-b) are in
# bench/README.md, never compared here.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${ASSIGN_BENCH:-$here/build/release/bench/corridor_assign_bench}"
[[ -x "$bin" ]] || { echo "missing $bin (build target corridor_assign_bench)" >&2; exit 1; }
nets=("$@")
[[ ${#nets[@]} -gt 0 ]] || nets=(ChicagoSketch BerlinCenter)
status=0
# Chicago Regional (issue 17: to 1e-4, time and memory) has no trips file in the shared data.
regional="$("$bin" --benchmark_filter='TimeToGap/ChicagoRegional/' --benchmark_format=json 2>/dev/null |
  python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"]; print(b[0].get("error_message","?") if b else "?")')"
echo "ChicagoRegional: $regional"
for n in "${nets[@]}"; do
  json="$("$bin" --benchmark_filter="OldVsNew/$n/" --benchmark_format=json 2>/dev/null)"
  python3 - "$n" "$json" <<'PY' || status=1
import json, sys
name, d = sys.argv[1], json.loads(sys.argv[2])
b = [x for x in d["benchmarks"] if x["name"].startswith("OldVsNew/")]
if not b or b[0].get("error_occurred"):
    print(f"{name}: error: {b[0].get('error_message') if b else 'no result'}")
    sys.exit(1)
b = b[0]
print(f"{name}: {int(b['reps'])} alternating runs each, medians; AoN pass {b['aon_s']*1e3:.1f} ms "
      f"wall ({b['aon_cpu_s']*1e3:.1f} ms cpu)")
print(f"  {'algorithm':<14} {'wall_s':>8} {'cpu_s':>8} {'x_aon':>7} {'x_aon_cpu':>9} {'iters':>6}"
      f" {'cpu_1e-4':>9} {'x_aon_cpu_1e-4':>14}")
for k, label in (("b-old", "b-old 1 thr"), ("b", "b 1 thr"), ("b_2t", "b 2 thr")):
    print(f"  {label:<14} {b[k+'_s']:8.3f} {b[k+'_cpu_s']:8.3f} {b[k+'_x_aon']:7.1f} "
          f"{b[k+'_x_aon_cpu']:9.1f} {int(b[k+'_iters']):6d} {b[k+'_1e-4_cpu_s']:9.3f} "
          f"{b[k+'_1e-4_x_aon_cpu']:14.1f}")
print(f"  ratio b / b-old to 1e-6: wall {b['ratio_new_old']:.2f}, cpu {b['ratio_new_old_cpu']:.2f}; "
      f"to 1e-4: cpu {b['ratio_new_old_cpu_1e-4']:.2f}; b 2 threads / b-old wall "
      f"{b['ratio_new2t_old']:.2f}; b 2 threads vs 1 thread wall speedup {b['speedup_2t_wall']:.2f}x")
PY
  for alg in b-old b; do
    json="$("$bin" --benchmark_filter="TimeToGap/$n/$alg/" --benchmark_format=json 2>/dev/null)"
    python3 - "$n" "$alg" "$json" <<'PY' || status=1
import json, sys
name, alg, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
b = [x for x in d["benchmarks"] if x["name"].startswith("TimeToGap/")]
if not b or b[0].get("error_occurred"):
    print(f"  {alg}: error: {b[0].get('error_message') if b else 'no result'}")
    sys.exit(1)
b = b[0]
print(f"  {alg:<6} own process: peak RSS {b['peak_rss_MiB']:7.1f} MiB; to 1e-4 {b['t_1e-4_s']:.3f} s "
      f"({b['cpu_1e-4_s']:.3f} cpu), to 1e-6 {b['t_1e-6_s']:.3f} s ({b['cpu_1e-6_s']:.3f} cpu) "
      f"= {b['x_aon_cpu_1e-6']:.1f} AoN (cpu), {int(b['iterations'])} iterations")
PY
  done
done
exit $status
