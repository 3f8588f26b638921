#!/usr/bin/env bash
# HTTP throughput and latency of `corridor serve` on the bundled dataset: wrk POSTs route queries
# (bench/serve_route.lua, six corridor pairs across scenarios and profiles) to /api/route and
# reports requests/s and p99 latency. The access log stays on (written to a file), as in use.
#
#   bash bench/serve_wrk.sh [BUILD_DIR] [DURATION] [CONNECTIONS] [SERVER_ARGS...]
#       defaults: build/release 30s 8
# With 2 or more cores the server and wrk are pinned to separate cores with taskset (SERVER_CPUS,
# default the last core; WRK_CPUS, default the others), so they do not steal each other's time
# slices; wrk runs one thread per core it has (WRK_THREADS), the server one I/O thread per core
# it has. PRIORITY=N (a nice value, e.g. -10; root) runs both in a session of their own whose
# scheduler autogroup has that nice value, above the other sessions' jobs (with autogroups a
# plain `nice` only ranks processes inside one session), to separate the server's own latency
# from a machine shared with compilers; SERVER_FIFO=N (root) runs the server alone under the
# real-time policy SCHED_FIFO at priority N, so that no background job preempts it (wrk stays
# preemptible: what remains of the tail is then the client's). The load average is printed
# before and after. SERVER_ARGS go to `corridor serve` (e.g. --cache-mb 0 to compute every answer).
#
# The project's targets (2 cores, shared with wrk itself) are >= 10,000 requests/s and p99 < 5 ms;
# the script reports the figures and fails only on wrong answers (checked, see below) or errors.
# Environment: CORRIDOR_BIN (default BUILD_DIR/apps/corridor/corridor), CORRIDOR_DATA.
set -euo pipefail
if [ -n "${PRIORITY:-}" ] && [ -z "${SERVE_WRK_SESSION:-}" ]; then
  SERVE_WRK_SESSION=1 exec setsid -w bash "$0" "$@"
fi
if [ -n "${PRIORITY:-}" ]; then
  [ -w /proc/self/autogroup ] && echo "$PRIORITY" >/proc/self/autogroup
  renice -n "$PRIORITY" -p $$ >/dev/null
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
duration=${2:-30s}
conns=${3:-8}
shift 3 2>/dev/null || shift $#
server_args=("$@")
ncpu=$(nproc)
if [ "$ncpu" -ge 2 ]; then
  server_cpus=${SERVER_CPUS:-$((ncpu - 1))}
  wrk_cpus=${WRK_CPUS:-0-$((ncpu - 2))}
else
  server_cpus=${SERVER_CPUS:-0}
  wrk_cpus=${WRK_CPUS:-0}
fi
wrk_threads=${WRK_THREADS:-$(taskset -c "$wrk_cpus" nproc)}
bin=${CORRIDOR_BIN:-$build/apps/corridor/corridor}
data=${CORRIDOR_DATA:-$root/data/caucasus}
command -v wrk >/dev/null || { echo "serve_wrk.sh: wrk not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "serve_wrk.sh: no corridor binary at $bin" >&2; exit 2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/corridor-serve-bench.XXXXXX.log)
rt=()
[ -n "${SERVER_FIFO:-}" ] && rt=(chrt -f "$SERVER_FIFO")
${rt[@]+"${rt[@]}"} taskset -c "$server_cpus" "$bin" serve --data "$data" --port "$port" \
  ${server_args[@]+"${server_args[@]}"} 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -sf "$url/api/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done

# Answers first: each query of serve_route.lua over HTTP must equal (as JSON) what
# `corridor route --json` answers for it; those bodies are then what every response under load
# must be, byte for byte (serve_route.lua counts the others as wrong answers).
expected=$(mktemp -d /tmp/corridor-serve-expected.XXXXXX)
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$log" "$expected"' EXIT
python3 - "$root/bench/serve_route.lua" "$url" "$bin" "$data" "$expected" <<'PY'
import json, re, subprocess, sys, urllib.request
lua, url, binary, data, out = sys.argv[1:]
bodies = re.findall(r"^\s*'(\{.*\})',?\s*$", open(lua).read(), re.M)
if not bodies:
    sys.exit("serve_wrk.sh: no query bodies found in " + lua)
for i, body in enumerate(bodies, 1):
    req = urllib.request.Request(url + "/api/route", data=body.encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        http = r.read()
    q = json.loads(body)
    args = [binary, "route", q["from"], q["to"], "--data", data, "--json"]
    for key in ("scenario", "profile"):
        if key in q:
            args += ["--" + key, q[key]]
    cli = subprocess.run(args, capture_output=True, check=True).stdout
    if json.loads(http) != json.loads(cli):
        sys.exit(f"serve_wrk.sh: FAIL: HTTP and CLI answers differ for {body}")
    open(f"{out}/{i}.json", "wb").write(http)
print(f"answers: {len(bodies)} queries, HTTP == CLI (corridor route --json) for each")
PY
export CORRIDOR_EXPECTED_DIR="$expected"

echo "corridor serve ${server_args[*]:-} on $url (cores $server_cpus), wrk -t$wrk_threads (cores $wrk_cpus)${PRIORITY:+, session nice $PRIORITY}${SERVER_FIFO:+, server SCHED_FIFO $SERVER_FIFO}, data $data"
echo "$ncpu cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
w=(taskset -c "$wrk_cpus" wrk -t"$wrk_threads" -c"$conns")
"${w[@]}" -d3s -s "$root/bench/serve_route.lua" "$url" >/dev/null  # warm-up
out=$("${w[@]}" -d"$duration" --latency -s "$root/bench/serve_route.lua" "$url")
echo "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); access-log lines: $(wc -l <"$log")"

rps=$(echo "$out" | awk '/^requests\/s:/ {print $2}')
p99=$(echo "$out" | awk '/^latency p50:/ {for (i = 1; i <= NF; i++) if ($i == "p99:") print $(i + 1)}')
status_errors=$(echo "$out" | awk '/^errors:/ {print $NF}')
wrong=$(echo "$out" | awk '/^wrong answers:/ {print $3}')
echo "summary: ${rps} requests/s, p99 ${p99} ms over ${duration} with ${conns} connections"
[ "${status_errors:-0}" = "0" ] || { echo "serve_wrk.sh: FAIL: $status_errors non-200 responses" >&2; exit 1; }
[ "${wrong:-missing}" = "0" ] || { echo "serve_wrk.sh: FAIL: ${wrong:-uncounted} responses differ from the checked answers" >&2; exit 1; }
