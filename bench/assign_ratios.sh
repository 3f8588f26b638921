#!/usr/bin/env bash
# Time-to-gap of Algorithm B (single-threaded) as multiples of one all-or-nothing pass measured
# in the same process, plus peak RSS, one network per process. Needs a release build:
#   cmake --preset release && cmake --build build/release --target corridor_assign_bench -j2
#   bench/assign_ratios.sh [network ...]      (default: ChicagoSketch BerlinCenter)
# Every figure is measured in this run (ratios against the AoN pass of the same process); the
# benchmark fails if Algorithm B misses the gap or the best-known objective, or if the AoN pass
# gives wrong flows. Figures of other programs (tap-b) are in bench/README.md with how and when
# they were measured, never compared here.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${ASSIGN_BENCH:-$here/build/release/bench/corridor_assign_bench}"
[[ -x "$bin" ]] || { echo "missing $bin (build target corridor_assign_bench)" >&2; exit 1; }
nets=("$@")
[[ ${#nets[@]} -gt 0 ]] || nets=(ChicagoSketch BerlinCenter)
echo "wall clock (cpu time of the same single-threaded run in brackets)"
printf '%-14s %16s %16s %14s %16s %14s %6s %9s %10s\n' network aon_ms t1e-4_s x_aon t1e-6_s x_aon iters peak_MiB gap
for n in "${nets[@]}"; do
  json="$("$bin" --benchmark_filter="TimeToGap/$n/" --benchmark_format=json 2>/dev/null)"
  python3 - "$n" <<PY
import json, sys
d = json.loads('''$json''')
b = [x for x in d["benchmarks"] if x["name"].startswith("TimeToGap/")]
if not b or b[0].get("error_occurred"):
    print(f"{sys.argv[1]:<14} error: {b[0].get('error_message') if b else 'no result'}")
    sys.exit(0)
b = b[0]
def two(w, c, f):
    return f"{w:{f}} ({c:{f}})"
print(f"{sys.argv[1]:<14} {two(b['aon_s']*1e3, b['aon_cpu_s']*1e3, '7.1f'):>16} "
      f"{two(b['t_1e-4_s'], b['cpu_1e-4_s'], '7.3f'):>16} "
      f"{two(b['x_aon_1e-4'], b['x_aon_cpu_1e-4'], '6.1f'):>14} "
      f"{two(b['t_1e-6_s'], b['cpu_1e-6_s'], '7.3f'):>16} "
      f"{two(b['x_aon_1e-6'], b['x_aon_cpu_1e-6'], '6.1f'):>14} {int(b['iterations']):6d} "
      f"{b['peak_rss_MiB']:9.1f} {b['gap']:10.2e}")
PY
done
