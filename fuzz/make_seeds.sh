#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the project's test files (and, when present,
# small files of the shared reference data, which is never copied into the project):
#   bash fuzz/make_seeds.sh OUT_DIR [CORRIDOR_BINARY]
# OUT_DIR/<target>/ gets one file per seed, with the target's selector byte where it has one.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make_seeds.sh OUT_DIR [corridor binary]}
bin=${2:-build/release/apps/corridor/corridor}
shared=${CORRIDOR_SHARED_DATA:-$(pwd)/../shared/data}
mkdir -p "$out"/{fuzz_dataset_csv,fuzz_scenario_toml,fuzz_tntp,fuzz_dimacs,fuzz_osm,fuzz_cnet_cch,fuzz_http_request,fuzz_json_request}

prefixed() {  # prefixed BYTE SRC DST: DST = one selector byte + SRC
  { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$3"
}

i=0
for d in data/caucasus tests/fixtures/tiny; do
  for f in node link params config; do
    case $f in node) sel=0 ;; link) sel=1 ;; params) sel=2 ;; config) sel=3 ;; esac
    [ -f "$d/$f.csv" ] && prefixed $sel "$d/$f.csv" "$out/fuzz_dataset_csv/$((i++))-$f.csv"
  done
done
for f in data/caucasus/scenarios/*.toml tests/fixtures/tiny/scenarios/*.toml; do
  cp "$f" "$out/fuzz_scenario_toml/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"
done
cp fuzz/seeds/tntp/* "$out/fuzz_tntp/"
if [ -d "$shared/tntp/SiouxFalls" ]; then
  s="$shared/tntp/SiouxFalls"
  { cat "$s"/SiouxFalls_net.tntp; printf '\0'; cat "$s"/SiouxFalls_trips.tntp; printf '\0';
    cat "$s"/SiouxFalls_node.tntp 2>/dev/null || true; } > "$out/fuzz_tntp/siouxfalls.tntp"
fi
cp fuzz/seeds/dimacs/* "$out/fuzz_dimacs/"
prefixed 0 fuzz/seeds/osm/tiny.osm "$out/fuzz_osm/tiny.osm"
cp fuzz/seeds/http/* "$out/fuzz_http_request/"
cp fuzz/seeds/json/* "$out/fuzz_json_request/"
# .cnet/.cch seeds made by the real writers from the OSM seed (skipped without a binary).
if [ -x "$bin" ]; then
  tmp=$(mktemp -d)
  if "$bin" import osm fuzz/seeds/osm/tiny.osm -o "$tmp/tiny.cnet" >/dev/null 2>&1 &&
     "$bin" build "$tmp/tiny.cnet" -o "$tmp/tiny.cch" >/dev/null 2>&1; then
    prefixed 0 "$tmp/tiny.cnet" "$out/fuzz_cnet_cch/tiny.cnet"
    prefixed 1 "$tmp/tiny.cch" "$out/fuzz_cnet_cch/tiny.cch"
  fi
  if "$bin" import dimacs fuzz/seeds/dimacs/tiny.gr -o "$tmp/g.cnet" >/dev/null 2>&1 &&
     "$bin" build "$tmp/g.cnet" -o "$tmp/g.cch" >/dev/null 2>&1; then
    prefixed 0 "$tmp/g.cnet" "$out/fuzz_cnet_cch/dimacs.cnet"
    prefixed 1 "$tmp/g.cch" "$out/fuzz_cnet_cch/dimacs.cch"
  fi
  rm -rf "$tmp"
fi
# Regression inputs (every crash found becomes one): fuzz/regressions/<target>/*.
for d in fuzz/regressions/*/; do
  [ -d "$d" ] && cp "$d"* "$out/$(basename "$d")/" 2>/dev/null || true
done
