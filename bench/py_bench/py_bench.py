#!/usr/bin/env python3
"""bench/py_bench: 10,000 route() calls through the Python module vs the same loop in C++
(corridor_py_bench_cpp), measured in the same run; prints both times and the ratio, and checks
that both loops found the same routes (sum of hours). Exit 1 if the answers differ.

    PYTHONPATH=build/release/python python3 bench/py_bench/py_bench.py \
        --cpp build/release/python/corridor_py_bench_cpp [-n 10000]
"""
import argparse
import csv
import os
import subprocess
import sys
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpp", required=True, help="the corridor_py_bench_cpp program")
    ap.add_argument("--data", default=os.path.join(root, "data", "caucasus"))
    ap.add_argument("--scenario", default="tripp")
    ap.add_argument("-n", type=int, default=10000)
    a = ap.parse_args()

    import corridor

    with open(os.path.join(a.data, "pairs.csv"), newline="", encoding="utf-8") as f:
        pairs = [(r["from"], r["to"]) for r in csv.DictReader(f)]
    e = corridor.open(a.data)
    # Warm-up (both sides load the engine outside the timed loop).
    for p in pairs:
        e.route(p[0], p[1], scenario=a.scenario)
    checksum = 0.0
    t0 = time.perf_counter()
    for i in range(a.n):
        fr, to = pairs[i % len(pairs)]
        checksum += e.route(fr, to, scenario=a.scenario).total.hours
    py_s = time.perf_counter() - t0

    out = subprocess.run([a.cpp, a.data, str(a.n), a.scenario], check=True, capture_output=True,
                         text=True).stdout.split()
    cpp_s, cpp_sum = float(out[0]), float(out[1])
    ok = abs(cpp_sum - checksum) <= 1e-6 * max(1.0, abs(cpp_sum))
    print(f"routes: {a.n} over {len(pairs)} pairs of {os.path.basename(a.data)} ({a.scenario})")
    print(f"C++ loop:    {cpp_s:.3f} s ({cpp_s / a.n * 1e6:.1f} us/route)")
    print(f"Python loop: {py_s:.3f} s ({py_s / a.n * 1e6:.1f} us/route)")
    print(f"ratio Python/C++: {py_s / cpp_s:.2f}x (target <= 2x)")
    print(f"answers: {'same' if ok else 'DIFFER'} (sum of hours {checksum:.3f} vs {cpp_sum:.3f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
