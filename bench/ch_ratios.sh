#!/usr/bin/env bash
# CH and customizable CH against their own Dijkstra on several graphs in one run of
# corridor_ch_bench (default USA-road-d.NY and USA-road-d.BAY), which checks every CH answer
# (queries, unpacked paths and every cell of the 100 x 100 table) against Dijkstra's on the same
# pairs and fails on any difference. Every ratio below is measured in this run; figures of other
# programs (RoutingKit) are in bench/README.md with how and when they were measured, never
# compared here.
# Usage: bench/ch_ratios.sh [BENCH_BINARY] [GRAPH...]
#   GRAPH: DIMACS .gr/.gr.gz, a PACE-2016 topology (.gr or .gr.xz, run with unit weights) or an
#   OSM extract. CORRIDOR_BENCH_BUILD_RUNS (default 3): alternating legacy/new build pairs;
#   CH_RATIOS_FILTER=BM_ChBuild/ times the builds only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../build/release/bench/corridor_ch_bench}"
shift || true
out="$(mktemp)"
tmpdir="$(mktemp -d)"
trap 'rm -rf "$out" "$tmpdir"' EXIT
graphs=""
for g in "$@"; do
  # A PACE-2016 topology (pace16-COL.gr.xz: "p tw n m", undirected, unweighted) becomes a DIMACS
  # graph with both directions of every edge at weight 1, in a temporary file.
  cat_cmd=cat
  [[ "$g" == *.xz ]] && cat_cmd="xz -dc"
  first=""
  [[ "$g" == *.gr || "$g" == *.xz ]] &&
    first="$( { $cat_cmd "$g" 2>/dev/null || true; } | head -n 1)"  # (xz stops on SIGPIPE)
  if [[ "$first" == "p tw "* ]]; then
    name="$(basename "$g")"; name="${name%%.gr*}"
    $cat_cmd "$g" | awk '/^p tw/ {print "p sp", $3, 2 * $4; next} /^[0-9]/ {print "a", $1, $2, 1;
      print "a", $2, $1, 1}' > "$tmpdir/$name.gr"
    echo "(PACE topology $g as a DIMACS graph, unit weights both ways)"
    g="$tmpdir/$name.gr"
  fi
  graphs="${graphs:+$graphs,}$g"
done
[[ -n "$graphs" ]] && export CORRIDOR_BENCH_GRAPHS="$graphs"
"$bin" --benchmark_format=json --benchmark_out="$out" --benchmark_out_format=json \
  ${CH_RATIOS_FILTER:+--benchmark_filter="$CH_RATIOS_FILTER"} >/dev/null
python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by_graph = {}
for x in d["benchmarks"]:
    parts = x["name"].split("/")
    by_graph.setdefault(parts[1], {})[parts[0]] = x
    if x.get("error_occurred"):
        sys.exit(f"FAIL: {x['name']}: {x.get('error_message')}")
def us(x):  # CPU time per iteration in microseconds
    f = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[x["time_unit"]]
    return x["cpu_time"] * f
summary = []
for graph, b in by_graph.items():
    print(f"== {graph}")
    cb = b["BM_ChBuild"]
    need = cb["net_MB"] + cb["ch_MB"]
    need_legacy = cb["net_MB"] + cb["legacy_ch_MB"]
    print(f"graph: {int(cb['nodes'])} nodes, {int(cb['input_arcs'])} arcs ({cb['net_MB']:.1f} MB);"
          f" CH {int(cb['ch_arcs'])} arcs, {cb['ch_MB']:.1f} MB (legacy builder: {int(cb['legacy_ch_arcs'])} arcs,"
          f" {cb['legacy_ch_MB']:.1f} MB)")
    print(f"CH build, new      {cb['new_wall_s']:8.2f} s wall, {cb['new_cpu_s']:6.2f} s CPU (2 threads),"
          f" peak {cb['new_build_MB']:.1f} MB above the loaded graph  (medians of {int(cb['runs'])}, alternating)")
    print(f"CH build, legacy   {cb['legacy_wall_s']:8.2f} s wall, {cb['legacy_cpu_s']:6.2f} s CPU (1 thread),"
          f"  peak {cb['legacy_build_MB']:.1f} MB above the loaded graph")
    row = {"graph": graph, "cpu": cb["new_cpu_s"] / cb["legacy_cpu_s"],
           "wall": cb["new_wall_s"] / cb["legacy_wall_s"],
           "mem": cb["new_build_MB"] / need, "mem_legacy": cb["legacy_build_MB"] / need_legacy,
           "mem_vs_legacy": cb["new_build_MB"] / cb["legacy_build_MB"]}
    print(f"build new/legacy   {row['wall']:8.2f} x wall, {row['cpu']:.2f} x CPU")
    print(f"build peak memory / (network + hierarchy): new {row['mem']:.2f}"
          f" ({cb['new_build_MB']:.1f} / {need:.1f} MB), legacy {row['mem_legacy']:.2f};"
          f" new/legacy {row['mem_vs_legacy']:.2f}")
    if "BM_ChQuery" in b:
        dij, chq, chl = us(b["BM_DijkstraQuery"]), us(b["BM_ChQuery"]), us(b["BM_ChQueryLegacyBuild"])
        path, table = us(b["BM_ChQueryWithPath"]), us(b["BM_ChTable100x100"])
        row["query"] = chq / chl
        print(f"answers: CH == Dijkstra on every benchmark pair (mismatches new {int(b['BM_ChQuery']['mismatches'])},"
              f" legacy {int(b['BM_ChQueryLegacyBuild']['mismatches'])}), every cell of every 100x100 table"
              f" ({int(b['BM_ChTable100x100']['cells_checked'])} cells, mismatches {int(b['BM_ChTable100x100']['mismatches'])})")
        print(f"Dijkstra query     {dij/1000:8.2f} ms    (settles {b['BM_DijkstraQuery']['settled']:.0f} nodes)")
        print(f"CH query           {chq:8.2f} us    (settles {b['BM_ChQuery']['settled']:.0f} nodes)")
        print(f"CH query, legacy-built CH {chl:8.2f} us (settles {b['BM_ChQueryLegacyBuild']['settled']:.0f} nodes):"
              f" new/legacy = {chq / chl:.2f}")
        print(f"CH query + path    {path:8.2f} us    = {path / chq:6.1f} x a CH query")
        print(f"speed-up           {dij / chq:8.0f} x     CH query vs our Dijkstra, same pairs")
        print(f"table 100x100      {table/1000:8.2f} ms    = {table / chq:6.0f} CH queries"
              f" ({10000 * chq / table:.1f}x faster than 10,000 of them)")
    if "BM_CchBuild" in b:
        cc, ccb = b["BM_CchBuild"], b["BM_CchCustomize"]
        cq, cqp, orc = b["BM_CchQuery"], b["BM_CchQueryWithPath"], b["BM_CchOracle10k"]
        cust_s = us(ccb) / 1e6
        print(f"CCH: {int(cc['cch_arcs'])} arcs, {cc['cch_MB']:.1f} MB topology + {ccb['metric_MB']:.1f} MB per metric,"
              f" elimination tree height {int(cc['etree_height'])}")
        print(f"answers: CCH == Dijkstra on {int(orc['pairs_checked'])} random pairs under 3 metrics"
              f" (mismatches {int(orc['mismatches'])}, bad paths {int(orc['bad_paths'])},"
              f" unreachable {int(orc['unreachable'])}), and on every benchmark pair")
        print(f"CCH build (order+contract) {us(cc)/1e6:8.2f} s  = {us(cc) / 1e6 / cb['new_cpu_s']:5.2f} x the CH build")
        print(f"CCH customization  {cust_s:8.3f} s     = {cust_s / 2.0:5.2f} x the 2 s target"
              f" (basic only {us(b['BM_CchCustomizeBasic'])/1e6:.3f} s)")
        if "BM_ChQuery" in b:
            print(f"CCH query          {us(cq):8.2f} us    = {us(cq) / chq:5.2f} x a CH query (target <= 3),"
                  f" visits {cq['visited']:.0f} nodes")
            print(f"CCH query + path   {us(cqp):8.2f} us    = {us(cqp) / path:5.2f} x a CH query + path")
    summary.append(row)
print("== summary (new builder vs legacy builder, same run; memory = build peak above the loaded graph)")
print(f"{'graph':<20} {'build CPU':>10} {'build wall':>10} {'mem/(net+CH)':>13} {'legacy':>7} {'query':>7}")
for r in summary:
    q = f"{r['query']:7.2f}" if "query" in r else "      -"
    print(f"{r['graph']:<20} {r['cpu']:10.2f} {r['wall']:10.2f} {r['mem']:13.2f} {r['mem_legacy']:7.2f} {q}")
PY
