#!/usr/bin/env bash
# Installs every Debian package the build, tests and benchmarks need, and the npm packages of the
# web map and its browser tests. Idempotent; works as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake ninja-build pkg-config git ca-certificates
      libgtest-dev libgmock-dev libbenchmark-dev
      nlohmann-json3-dev libcpp-httplib-dev libboost-dev libcli11-dev libfmt-dev libtomlplusplus-dev libtbb-dev
      libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev liblz4-dev libmetis-dev
      clang-format nodejs npm chromium wrk curl ccache clang libfuzzer-14-dev python3
      openmpi-bin libopenmpi-dev)  # optional MPI runner (corridor-mpi); the build works without it

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  # nodejs/npm may come from another repository with a bundled npm: accept any installed node+npm.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests need Node.js >= 20 (node --test --test-concurrency, playwright-core). This
# machine kind ships NodeSource's Node 20; Debian 12's own nodejs is 18.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-deps: Node.js >= 20 is required (found $(node --version 2>/dev/null || echo none))." >&2
  echo "install-deps: install Node.js 20 (e.g. NodeSource's nodejs 20.x package) and rerun." >&2
  exit 1
fi

# npm packages (from the npm registry only; no browser download: tests use Debian's chromium).
for d in web tests/web; do
  if [ -f "$d/package.json" ]; then
    if [ ! -d "$d/node_modules" ] || [ "$d/package.json" -nt "$d/node_modules" ]; then
      echo "install-deps: npm packages in $d" >&2
      (cd "$d" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
                  else npm install --no-audit --no-fund --loglevel=error; fi)
    fi
  fi
done
