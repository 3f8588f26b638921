#!/usr/bin/env bash
# CH and customizable CH against their own Dijkstra on a DIMACS graph (default USA-road-d.NY) or
# an OSM extract, from one run of
# corridor_ch_bench, which checks every CH answer (queries, unpacked paths and every cell of the
# 100 x 100 table) against Dijkstra's on the same pairs and fails on any difference.
# Every ratio below is measured in this run; figures of other programs (RoutingKit) are in
# bench/README.md with how and when they were measured, never compared here.
# Usage: bench/ch_ratios.sh [BENCH_BINARY] [GRAPH]
#   GRAPH: DIMACS .gr/.gr.gz, a PACE-2016 topology (.gr or .gr.xz, run with unit weights) or an
#   OSM extract. CORRIDOR_BENCH_BUILD_RUNS (default 3): alternating legacy/new build pairs;
#   CH_RATIOS_MEMORY=0 skips the three extra processes that measure peak memory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../build/release/bench/corridor_ch_bench}"
out="$(mktemp)"
tmpgr="$(mktemp --suffix=.gr)"
trap 'rm -f "$out" "$tmpgr"' EXIT
if [[ -n "${2:-}" ]]; then
  export CORRIDOR_BENCH_GRAPH="$2"
  # A PACE-2016 topology (pace16-COL.gr.xz: "p tw n m", undirected, unweighted) becomes a DIMACS
  # graph with both directions of every edge at weight 1, in a temporary file.
  cat_cmd=cat
  [[ "$2" == *.xz ]] && cat_cmd="xz -dc"
  if $cat_cmd "$2" | head -c 4096 | grep -q '^p tw '; then
    $cat_cmd "$2" | awk '/^p tw/ {print "p sp", $3, 2 * $4; next} /^[0-9]/ {print "a", $1, $2, 1;
      print "a", $2, $1, 1}' > "$tmpgr"
    export CORRIDOR_BENCH_GRAPH="$tmpgr"
    echo "(PACE topology $2 as a DIMACS graph, unit weights both ways)"
  fi
fi
"$bin" --benchmark_format=json --benchmark_out="$out" --benchmark_out_format=json >/dev/null
# Peak memory of one build of each kind (and of loading the graph alone), alternating, through
# /usr/bin/time -v; CH_RATIOS_MEMORY=0 skips it.
mem=""
if [[ "${CH_RATIOS_MEMORY:-1}" != 0 && -x /usr/bin/time ]]; then
  for which in none legacy new; do
    kb=$(CORRIDOR_BENCH_BUILDER=$which /usr/bin/time -v "$bin" --benchmark_filter='BM_ChBuildOnly' \
           2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
    mem="$mem $which=$kb"
  done
fi
export CH_RATIOS_MEM="$mem"
python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = {x["name"].split("/")[0]: x for x in d["benchmarks"]}
for k, x in b.items():
    if x.get("error_occurred") and k != "BM_ChBuildOnly":  # that one runs only for memory
        sys.exit(f"FAIL: {k}: {x.get('error_message')}")
def us(x):  # CPU time per iteration in microseconds
    f = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[x["time_unit"]]
    return x["cpu_time"] * f
cb0 = b["BM_ChBuild"]
build_s = cb0["new_cpu_s"]  # CPU seconds of the whole process (both threads)
dij, chq = us(b["BM_DijkstraQuery"]), us(b["BM_ChQuery"])
path = us(b["BM_ChQueryWithPath"])
table = us(b["BM_ChTable100x100"])
rss = b["BM_ChBuild"]["peak_rss_MB"]
print(f"graph: {int(b['BM_ChBuild']['nodes'])} nodes, {int(b['BM_ChBuild']['input_arcs'])} arcs; "
      f"CH {int(b['BM_ChBuild']['ch_arcs'])} arcs, {b['BM_ChBuild']['ch_MB']:.1f} MB")
print(f"answers: CH == Dijkstra on every benchmark pair (mismatches {int(b['BM_ChQuery']['mismatches'])}),"
      f" every cell of every 100x100 table ({int(b['BM_ChTable100x100']['cells_checked'])} cells,"
      f" mismatches {int(b['BM_ChTable100x100']['mismatches'])})")
print(f"CH build, new      {cb0['new_wall_s']:8.2f} s wall, {cb0['new_cpu_s']:6.2f} s CPU (2 threads),"
      f" {int(cb0['ch_arcs'])} arcs  (medians of {int(cb0['runs'])}, alternating with legacy)")
print(f"CH build, legacy   {cb0['legacy_wall_s']:8.2f} s wall, {cb0['legacy_cpu_s']:6.2f} s CPU (1 thread),"
      f"  {int(cb0['legacy_ch_arcs'])} arcs")
print(f"build new/legacy  {cb0['new_wall_s'] / cb0['legacy_wall_s']:8.2f} x wall,"
      f" {cb0['new_cpu_s'] / cb0['legacy_cpu_s']:.2f} x CPU;"
      f" new build = {build_s * 1e3 / (dij / 1e3):.0f} Dijkstra queries of CPU")
print(f"Dijkstra query    {dij/1000:8.2f} ms    (settles {b['BM_DijkstraQuery']['settled']:.0f} nodes)")
print(f"CH query          {chq:8.2f} us    (settles {b['BM_ChQuery']['settled']:.0f} nodes)")
chl = us(b["BM_ChQueryLegacyBuild"])
print(f"CH query, legacy-built CH {chl:8.2f} us: new/legacy = {chq / chl:.2f}"
      f" (settles {b['BM_ChQueryLegacyBuild']['settled']:.0f} nodes)")
print(f"CH query + path   {path:8.2f} us    = {path / chq:6.1f} x a CH query")
print(f"speed-up          {dij / chq:8.0f} x     CH query vs our Dijkstra, same pairs")
print(f"table 100x100     {table/1000:8.2f} ms    = {table / chq:6.0f} CH queries"
      f" ({10000 * chq / table:.1f}x faster than 10,000 of them)")
print(f"peak RSS          {rss:8.1f} MB (whole bench process so far)")
import os
m = dict(kv.split("=") for kv in os.environ.get("CH_RATIOS_MEM", "").split() if kv.split("=")[1])
if m:
    base, leg, new = (int(m[k]) / 1024 for k in ("none", "legacy", "new"))
    need = cb0["net_MB"] / 1.048576 + cb0["ch_MB"] / 1.048576
    print(f"build peak memory (/usr/bin/time -v, minus loading the graph {base:.1f} MiB):"
          f" new {new - base:.1f} MiB, legacy {leg - base:.1f} MiB, new/legacy {(new - base) / (leg - base):.2f};"
          f" network + hierarchy {need:.1f} MiB, new/(network + hierarchy) {(new - base) / need:.2f}")
if "BM_CchBuild" in b:
    cb, cc, ccb = b["BM_CchBuild"], b["BM_CchCustomize"], b["BM_CchCustomizeBasic"]
    cq, cqp, orc = b["BM_CchQuery"], b["BM_CchQueryWithPath"], b["BM_CchOracle10k"]
    cust_s = us(cc) / 1e6
    print(f"CCH: {int(cb['cch_arcs'])} arcs, {cb['cch_MB']:.1f} MB topology + {cc['metric_MB']:.1f} MB per metric,"
          f" elimination tree height {int(cb['etree_height'])}")
    print(f"answers: CCH == Dijkstra on {int(orc['pairs_checked'])} random pairs under 3 metrics"
          f" (mismatches {int(orc['mismatches'])}, bad paths {int(orc['bad_paths'])},"
          f" unreachable {int(orc['unreachable'])}), and on every benchmark pair")
    print(f"CCH build (order+contract) {us(cb)/1e6:8.2f} s  = {us(cb) / 1e6 / build_s:5.2f} x the CH build")
    print(f"CCH customization {cust_s:8.3f} s     = {cust_s / 2.0:5.2f} x the 2 s target"
          f" (basic only {us(ccb)/1e6:.3f} s)")
    print(f"CCH query         {us(cq):8.2f} us    = {us(cq) / chq:5.2f} x a CH query (target <= 3),"
          f" visits {cq['visited']:.0f} nodes")
    print(f"CCH query + path  {us(cqp):8.2f} us    = {us(cqp) / path:5.2f} x a CH query + path")
PY
