"""Corridor: the multimodal freight-corridor engine, from Python.

    import corridor
    e = corridor.open("data/caucasus")
    r = e.route("Baku", "Nakhchivan", scenario="tripp", modes=["rail"])
    r.total.hours, r.legs, r.to_geojson(), r.to_pandas(), r.to_geopandas()

The results are the engine's typed results (the same the CLI prints); pandas and geopandas are
imported only when a to_pandas() / to_geopandas() is called. Failures raise corridor.Error whose
``code`` is the error catalogue's code (e.g. "unknown_place", "bad_request", "no_route").
"""
import os as _os

from . import _corridor
from ._corridor import (  # noqa: F401
    ERROR_CODES,
    AppraiseResult,
    AssignResult,
    CompareResult,
    CriticalResult,
    Engine,
    Error,
    ForecastResult,
    Net,
    NetRoute,
    RouteResult,
    SimulateResult,
    TntpResult,
    read_network_gpkg,
)
from . import tntp  # noqa: F401
from ._frames import install as _install

__all__ = ["open", "Engine", "Error", "Net", "tntp", "read_network_gpkg", "ERROR_CODES"]


def _bundled_dataset():
    """$CORRIDOR_DATA, else data/caucasus of the source tree this module was built in (searched
    upwards from the module's folder), else "" (the engine's own default)."""
    env = _os.environ.get("CORRIDOR_DATA")
    if env:
        return env
    d = _os.path.dirname(_os.path.abspath(__file__))
    while True:
        cand = _os.path.join(d, "data", "caucasus")
        if _os.path.isfile(_os.path.join(cand, "config.csv")):
            return cand
        parent = _os.path.dirname(d)
        if parent == d:
            return ""
        d = parent


def open(data_dir="", /):  # noqa: A001 - corridor.open() is the documented entry point
    """Load a dataset directory (default: the bundled data/caucasus) and return an Engine."""
    return _corridor.open(str(data_dir) if data_dir else _bundled_dataset())


_install()
