#!/usr/bin/env bash
# Prints the CH-vs-Dijkstra ratios on a DIMACS graph (default USA-road-d.NY) from one run of
# corridor_ch_bench, which checks every CH answer against Dijkstra's on the same pairs.
# Usage: bench/ch_ratios.sh [BENCH_BINARY] [GRAPH]
# Reference figures (RoutingKit on NY): build ~21 s, query ~60 us, Dijkstra ~24 ms, 140 MB peak;
# pgRouting ~1.5 s per NY query.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../build/release/bench/corridor_ch_bench}"
[[ -n "${2:-}" ]] && export CORRIDOR_BENCH_GRAPH="$2"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$bin" --benchmark_format=json --benchmark_out="$out" --benchmark_out_format=json >/dev/null
python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = {x["name"].split("/")[0]: x for x in d["benchmarks"]}
for k, x in b.items():
    if x.get("error_occurred"):
        sys.exit(f"FAIL: {k}: {x.get('error_message')}")
def us(x):  # CPU time per iteration in microseconds
    f = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[x["time_unit"]]
    return x["cpu_time"] * f
build_s = us(b["BM_ChBuild"]) / 1e6
dij, chq = us(b["BM_DijkstraQuery"]), us(b["BM_ChQuery"])
path = us(b["BM_ChQueryWithPath"])
rss = b["BM_ChBuild"]["peak_rss_MB"]
print(f"graph: {int(b['BM_ChBuild']['nodes'])} nodes, {int(b['BM_ChBuild']['input_arcs'])} arcs; "
      f"CH {int(b['BM_ChBuild']['ch_arcs'])} arcs, {b['BM_ChBuild']['ch_MB']:.1f} MB")
print(f"answers: CH == Dijkstra on all benchmark pairs (mismatches {int(b['BM_ChQuery']['mismatches'])})")
print(f"CH build          {build_s:8.2f} s     vs RoutingKit 21 s: {build_s/21:.2f}x "
      f"({'OK' if build_s <= 31.5 else 'OVER'} the 1.5x budget)")
print(f"Dijkstra query    {dij/1000:8.2f} ms    (settles {b['BM_DijkstraQuery']['settled']:.0f} nodes)")
print(f"CH query          {chq:8.2f} us    (settles {b['BM_ChQuery']['settled']:.0f} nodes)")
print(f"CH query + path   {path:8.2f} us")
r = dij / chq
print(f"speed-up          {r:8.0f} x     (target >= 400x; RoutingKit ~390x)"
      f" {'OK' if r >= 400 else 'BELOW TARGET'}")
print(f"vs pgRouting      {1.5e6/chq:8.0f} x faster per query (1.5 s)")
print(f"table 100x100     {us(b['BM_ChTable100x100'])/1000:8.2f} ms")
print(f"peak RSS          {rss:8.1f} MB    (RoutingKit 140 MB)")
PY
