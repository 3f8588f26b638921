#!/usr/bin/env bash
# Browser tests of the web map: starts the real `corridor serve` on a free port over the bundled
# dataset and web/, runs tests/web/*.test.mjs with node's built-in runner in headless Debian
# Chromium (driven by playwright-core; no browser is ever downloaded), then stops the server with
# SIGTERM and checks that it shut down cleanly.
#
#   bash tests/web/run.sh [BUILD_DIR]          (default build/release)
#
# Environment: CORRIDOR_BIN (default BUILD_DIR/apps/corridor/corridor), CORRIDOR_DATA (default
# data/caucasus), CHROMIUM (default /usr/bin/chromium), CORRIDOR_ARTIFACTS (default
# BUILD_DIR/test-artifacts: screenshots, server log).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
bin=${CORRIDOR_BIN:-$build/apps/corridor/corridor}
data=${CORRIDOR_DATA:-$root/data/caucasus}
artifacts=${CORRIDOR_ARTIFACTS:-$build/test-artifacts}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

[ -x "$bin" ] || { echo "run.sh: no corridor binary at $bin (build it first)" >&2; exit 2; }
[ -x "$CHROMIUM" ] || { echo "run.sh: no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 2; }

# npm dependencies, installed from the lock files only when missing.
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$root/web/vendor/leaflet/leaflet.js" ] || [ ! -f "$root/web/vendor/world-atlas/countries-50m.json" ]; then
  (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$artifacts"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log="$artifacts/web-server.log"
"$bin" serve --data "$data" --web-root "$root/web" --port "$port" 2>"$log" &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

url="http://127.0.0.1:$port"
for _ in $(seq 1 200); do
  if node -e "fetch('$url/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run.sh: corridor serve exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done

status=0
CORRIDOR_URL="$url" CORRIDOR_ARTIFACTS="$artifacts" node --test --test-concurrency=1 "$here"/*.test.mjs || status=$?

# A clean shutdown on SIGTERM is part of the contract.
trap - EXIT
kill -TERM "$pid"
server_status=0
wait "$pid" || server_status=$?
if [ "$server_status" -ne 0 ]; then
  echo "run.sh: corridor serve exited with status $server_status after SIGTERM" >&2
  tail -n 20 "$log" >&2
  status=1
fi
echo "run.sh: artifacts in $artifacts" >&2
exit "$status"
