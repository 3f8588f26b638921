#!/usr/bin/env bash
# MPI overhead per run of corridor-mpi, measured against the serial `corridor sweep` in the same
# run. The sweeps are trivial on purpose: demand multiplier 0, so no OD is routed and a run is
# only its bookkeeping (parameters, scenario view, one result row); what is left is what the
# runner itself costs. For each runner the time of a 1-run sweep (start-up) and an N-run sweep is
# measured (best of R), and
#   per-run time = (T(N) - T(1)) / (N - 1)        start-up = T(1)
# Every output is checked byte for byte against the serial one before a figure is printed.
#
#   bash bench/mpi_overhead.sh [BUILD_DIR] [N] [R]      (defaults build/release, 400, 3)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/release}
n=${2:-400}
reps=${3:-3}
corridor=$build/apps/corridor/corridor
mpi=$build/apps/corridor-mpi/corridor-mpi
[ -x "$corridor" ] || { echo "no $corridor (build target corridor)" >&2; exit 2; }
[ -x "$mpi" ] || { echo "no $mpi (build target corridor-mpi; needs libopenmpi-dev)" >&2; exit 2; }
command -v mpirun >/dev/null || { echo "no mpirun (apt-get install openmpi-bin)" >&2; exit 2; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
for k in 1 "$n"; do
  printf '# trivial runs: no OD is routed (demand x 0)\n[random]\nruns = %d\nseed = 1\ndemand = [0.0, 0.0]\n' \
    "$k" >"$tmp/triv$k.toml"
done

now() { date +%s.%N; }
# best_of CMD...: prints the smallest wall time of $reps runs; output of the last run in $tmp/out
best_of() {
  local best=""
  for _ in $(seq 1 "$reps"); do
    local t0 t1
    t0=$(now)
    "$@" >"$tmp/out"
    t1=$(now)
    best=$(awk -v a="$t0" -v b="$t1" -v c="$best" 'BEGIN{d=b-a; if (c=="" || d<c) print d; else print c}')
  done
  echo "$best"
}

declare -A start per
runners=("serial" "np1-static" "np2-static" "np2-dynamic")
for k in 1 "$n"; do
  "$corridor" sweep "$tmp/triv$k.toml" --threads 1 >"$tmp/serial$k"
done
for r in "${runners[@]}"; do
  for k in 1 "$n"; do
    case $r in
      serial) cmd=("$corridor" sweep "$tmp/triv$k.toml" --threads 1) ;;
      np1-static) cmd=(mpirun -np 1 "$mpi" sweep "$tmp/triv$k.toml" --schedule static) ;;
      np2-static) cmd=(mpirun -np 2 "$mpi" sweep "$tmp/triv$k.toml" --schedule static) ;;
      np2-dynamic) cmd=(mpirun -np 2 "$mpi" sweep "$tmp/triv$k.toml" --schedule dynamic) ;;
    esac
    t=$(best_of "${cmd[@]}")
    if ! cmp -s "$tmp/out" "$tmp/serial$k"; then
      echo "FAIL: $r with $k runs differs from the serial output" >&2
      exit 1
    fi
    if [ "$k" = 1 ]; then start[$r]=$t; else per[$r]=$(awk -v a="${start[$r]}" -v b="$t" -v n="$n" 'BEGIN{print (b-a)/(n-1)}'); fi
  done
done
echo "MPI overhead, trivial sweep runs (N = $n, best of $reps; outputs identical to serial)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-12s %12s %14s %22s\n' runner "start-up s" "ms per run" "per run - serial, ms"
for r in "${runners[@]}"; do
  awk -v r="$r" -v s="${start[$r]}" -v p="${per[$r]}" -v q="${per[serial]}" \
    'BEGIN{printf "%-12s %12.3f %14.3f %22.3f\n", r, s, p*1e3, (p-q)*1e3}'
done
