import csv
import os
import subprocess
import sys

import pytest

ROOT_ENV = os.environ.copy()


def test_tripp_study_example(root, tmp_path):
    pytest.importorskip("geopandas")
    pytest.importorskip("matplotlib")
    out = tmp_path / "study"
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "tripp_study.py"),
                        "--out", str(out)], capture_output=True, text=True, env=ROOT_ENV,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    assert "Baku" in p.stdout and "Nakhchivan" in p.stdout
    png = (out / "tripp_routes.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
    for f in ("tripp_study.gpkg", "tripp_study.xlsx", "network.gpkg", "forecast.xlsx",
              "appraise.xlsx"):
        assert (out / f).stat().st_size > 0, f
    # The table is the main job's: the same pairs as `corridor compare`.
    with open(out / "compare.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(root, "data", "caucasus", "pairs.csv"), newline="",
              encoding="utf-8") as f:
        assert len(rows) == sum(1 for _ in csv.DictReader(f))


def test_py_bench_runs_and_agrees(root):
    cpp = os.environ.get("CORRIDOR_BIN", "")
    cpp = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(cpp))), "python",
                       "corridor_py_bench_cpp") if cpp else ""
    if not os.path.exists(cpp):
        pytest.skip("corridor_py_bench_cpp is not built")
    p = subprocess.run([sys.executable, os.path.join(root, "bench", "py_bench", "py_bench.py"),
                        "--cpp", cpp, "-n", "200"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "answers: same" in p.stdout and "ratio Python/C++" in p.stdout
