import json
import math

import pytest

import corridor


def test_route_totals_match_the_cli(engine, cli, data_dir):
    r = engine.route("Baku", "Nakhchivan", scenario="tripp", modes=["rail"])
    assert isinstance(r, corridor.RouteResult)
    assert r.from_.id and r.to.id and r.scenario == "tripp"
    j = json.loads(cli("route", "Baku", "Nakhchivan", "--scenario", "tripp", "--modes", "rail",
                       "--json", "--data", data_dir).stdout)
    for k in ("km", "hours", "usd", "cost"):
        assert getattr(r.total, k) == pytest.approx(j["total"][k], abs=0.06), k
    assert r.total.borders == j["total"]["borders"]
    assert [l.mode for l in r.legs if l.kind == "link"] == ["rail"] * sum(
        1 for l in r.legs if l.kind == "link")
    # Legs add up to the totals (unrounded).
    assert sum(l.km for l in r.legs) == pytest.approx(r.total.km, rel=1e-9)
    assert sum(l.hours for l in r.legs) == pytest.approx(r.total.hours, rel=1e-9)
    # The to_json dict is the CLI's JSON.
    assert r.to_json()["total"] == j["total"]


def test_route_geojson_and_pandas(engine):
    r = engine.route("Baku", "Nakhchivan", scenario="tripp", modes=["rail"])
    gj = r.to_geojson()
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == len(r.legs)
    for f in gj["features"]:
        assert f["geometry"]["type"] in ("LineString", "Point")
        for x, y in (f["geometry"]["coordinates"] if f["geometry"]["type"] == "LineString"
                     else [f["geometry"]["coordinates"]]):
            assert 38 < x < 52 and 37 < y < 44  # the Caucasus, lon/lat order
    df = r.to_pandas()
    assert list(df["length_km"]) == [l.km for l in r.legs]
    assert df["time_h"].sum() == pytest.approx(r.total.hours)
    assert {"kind", "mode", "from_id", "to_id", "length_km", "time_h", "charges_usd"} <= set(df.columns)


def test_geodataframe_round_trip(engine, tmp_path):
    gpd = pytest.importorskip("geopandas")
    r = engine.route("Baku", "Kars", scenario="baseline")
    gdf = r.to_geopandas()
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(r.legs)
    # Through a GeoPackage written by geopandas...
    p1 = tmp_path / "gp.gpkg"
    gdf.to_file(p1, layer="legs", driver="GPKG")
    back = gpd.read_file(p1, layer="legs")
    assert list(back["km"]) == pytest.approx(list(gdf["km"]))
    assert all(a.equals_exact(b, 1e-9) for a, b in zip(back.geometry, gdf.geometry))
    # ...and through the one Corridor writes.
    p2 = tmp_path / "c.gpkg"
    r.to_gpkg(str(p2))
    mine = gpd.read_file(p2, layer="route_legs")
    points = gpd.read_file(p2, layer="route_transfers")
    assert mine.crs.to_epsg() == 4326
    lines = gdf[gdf.geometry.geom_type == "LineString"]
    assert len(mine) == len(lines) and len(points) == len(gdf) - len(lines)
    assert list(mine["km"]) == pytest.approx(list(lines["km"]))
    assert all(a.equals_exact(b, 1e-9) for a, b in zip(mine.geometry, lines.geometry))


def test_route_options(engine):
    r = engine.route("Baku", "Kars", alternatives=3)
    assert 1 <= len(r.routes) <= 3
    assert r.routes[0].total.cost == r.total.cost
    costs = [o.total.cost for o in r.routes]
    assert costs == sorted(costs)
    avoid = engine.route("Baku", "Poti", avoid=["AM"])
    assert "AM" not in avoid.countries


def test_errors_carry_the_catalogue_code(engine):
    with pytest.raises(corridor.Error) as e:
        engine.route("Bakuu", "Kars")
    assert e.value.code == "unknown_place"
    assert e.value.exit_code == 3 and e.value.http_status == 404
    assert any("Baku" in s for s in e.value.suggestions)
    with pytest.raises(corridor.Error) as e:
        engine.route("Baku", "Kars", modes=["hovercraft"])
    assert e.value.code == "bad_request"
    with pytest.raises(corridor.Error) as e:
        engine.route("Baku", "Kars", scenario="no-such-scenario")
    assert e.value.code in corridor.ERROR_CODES and e.value.code != "internal"
    with pytest.raises(corridor.Error) as e:
        corridor.open("/nonexistent/dataset")
    assert e.value.code in ("io_error", "invalid_dataset")
    assert isinstance(e.value, Exception)


def test_engine_helpers(engine):
    assert "tripp" in engine.scenarios() and "baseline" in engine.scenarios()
    info = engine.info()
    assert info["nodes"] > 10 and info["links"] > 10
    assert engine.places("nakh")[0].name.lower().startswith("nakh")
    net = engine.network_geojson("tripp")
    assert net["type"] == "FeatureCollection" and len(net["features"]) >= info["nodes"]


def test_default_dataset_and_kw_only(engine):
    e = corridor.open()  # the bundled dataset, found from the module's build tree or CORRIDOR_DATA
    assert e.info()["name"] == engine.info()["name"]
    with pytest.raises(TypeError):
        engine.route("Baku", "Kars", "tripp")  # scenario is keyword-only
    assert not math.isnan(e.route("Baku", "Kars").total.hours)
