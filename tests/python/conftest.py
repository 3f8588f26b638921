"""Shared fixtures of the Python-module tests. Run from a build: PYTHONPATH=build/release/python
CORRIDOR_BIN=build/release/apps/corridor/corridor python3 -m pytest tests/python (ctest sets both)."""
import os
import subprocess

import pytest

ROOT = os.environ.get("CORRIDOR_SOURCE_DIR") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "caucasus")


def corridor_bin():
    b = os.environ.get("CORRIDOR_BIN") or os.path.join(ROOT, "build", "release", "apps",
                                                       "corridor", "corridor")
    if not os.path.exists(b):
        pytest.skip(f"the corridor binary is not built ({b}); set CORRIDOR_BIN")
    return b


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def data_dir():
    return DATA


@pytest.fixture(scope="session")
def engine():
    import corridor
    return corridor.open(DATA)


@pytest.fixture(scope="session")
def cli():
    b = corridor_bin()

    def run(*args, check=True):
        p = subprocess.run([b, *args], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"corridor {' '.join(args)} exited {p.returncode}: {p.stderr}")
        return p
    return run


def ogrinfo(path):
    """Layers of a GeoPackage from `ogrinfo -al -so`: {name: {"geometry", "count", "fields"}}."""
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-so", path], capture_output=True, text=True,
                         check=True).stdout
    layers, cur = {}, None
    for line in out.splitlines():
        if line.startswith("Layer name: "):
            cur = layers.setdefault(line.split(": ", 1)[1].strip(), {"fields": {}})
        elif cur is None:
            continue
        elif line.startswith("Geometry: "):
            cur["geometry"] = line.split(": ", 1)[1].strip()
        elif line.startswith("Feature Count: "):
            cur["count"] = int(line.split(": ", 1)[1])
        elif line.startswith("Layer SRS WKT:"):
            cur["srs"] = ""
        elif 'ID["EPSG",4326]' in line and "srs" in cur:
            cur["srs"] = "EPSG:4326"
        elif ": " in line and "(" in line and not line.startswith(" "):
            name, rest = line.split(": ", 1)
            cur["fields"][name.strip()] = rest.split(" ")[0]
    return layers
