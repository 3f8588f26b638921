#!/usr/bin/env bash
# HTTP throughput and latency of `corridor serve` on the bundled dataset: wrk POSTs route queries
# (bench/serve_route.lua, six corridor pairs across scenarios and profiles) to /api/route and
# reports requests/s and p99 latency. The access log stays on (written to a file), as in use.
#
#   bash bench/serve_wrk.sh [BUILD_DIR] [DURATION] [CONNECTIONS]
#       defaults: build/release 30s 8      (wrk -t2; the server multiplexes every connection
#       on one I/O thread and runs the handlers on max(2, cores) workers)
#
# Targets (2 cores, shared with wrk itself): >= 10,000 requests/s and p99 < 5 ms.
# Environment: CORRIDOR_BIN (default BUILD_DIR/apps/corridor/corridor), CORRIDOR_DATA.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
duration=${2:-30s}
conns=${3:-8}
bin=${CORRIDOR_BIN:-$build/apps/corridor/corridor}
data=${CORRIDOR_DATA:-$root/data/caucasus}
command -v wrk >/dev/null || { echo "serve_wrk.sh: wrk not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "serve_wrk.sh: no corridor binary at $bin" >&2; exit 2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/corridor-serve-bench.XXXXXX.log)
"$bin" serve --data "$data" --port "$port" 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -sf "$url/api/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done

echo "corridor serve on $url, data $data; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
wrk -t2 -c"$conns" -d3s -s "$root/bench/serve_route.lua" "$url" >/dev/null  # warm-up
out=$(wrk -t2 -c"$conns" -d"$duration" --latency -s "$root/bench/serve_route.lua" "$url")
echo "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); access-log lines: $(wc -l <"$log")"

rps=$(echo "$out" | awk '/^requests\/s:/ {print $2}')
p99=$(echo "$out" | awk '/^latency p50:/ {for (i = 1; i <= NF; i++) if ($i == "p99:") print $(i + 1)}')
status_errors=$(echo "$out" | awk '/^errors:/ {print $NF}')
verdict=$(awk -v r="$rps" -v p="$p99" 'BEGIN {print (r >= 10000 && p < 5) ? "MEETS" : "MISSES"}')
echo "summary: ${rps} requests/s, p99 ${p99} ms over ${duration} with ${conns} connections (${verdict} target >= 10000 req/s, p99 < 5 ms)"
[ "${status_errors:-0}" = "0" ] || { echo "serve_wrk.sh: $status_errors non-200 responses" >&2; exit 1; }
