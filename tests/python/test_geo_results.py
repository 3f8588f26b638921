"""Results on the map: e.simulate() (against the CLI's JSON and its --gpkg layers), the forecast's
and the appraisal's to_geopandas(), and GeoDataFrame round trips through a GeoPackage."""
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ogrinfo

import corridor

SIM = dict(replications=3, days=20, seed=11)
SIM_CLI = ["--replications", "3", "--days", "20", "--seed", "11", "--threads", "1"]


@pytest.fixture(scope="module")
def sim(engine):
    return engine.simulate("tripp-meghri", capacity=True, threads=1, **SIM)


@pytest.fixture(scope="module")
def forecast(engine):
    return engine.forecast(base="baseline", scenario="tripp")


@pytest.fixture(scope="module")
def appraisal(engine):
    return engine.appraise(base="baseline", scenario="tripp", from_year=2028, to_year=2040,
                           sensitivity=False)


def test_simulate_matches_cli(sim, cli, data_dir, tmp_path):
    """The same typed result as `corridor simulate --json` (same seed: same figures)."""
    p = str(tmp_path / "sim.gpkg")
    j = json.loads(cli("simulate", f"{data_dir}/sim/tripp-meghri.toml", *SIM_CLI, "--capacity",
                       "--json", "--gpkg", p).stdout)
    assert sim.to_json() == j
    assert (sim.seed, sim.replications, sim.days) == (j["seed"], j["replications"], j["days"])
    assert [r.id for r in sim.resources] == [r["id"] for r in j["resources"]]
    for f, jf in zip(sim.flows, j["flows"]):
        assert f.id == jf["id"] and f.per_day.mean == pytest.approx(jf["per_day"]["mean"], 1e-5)
    assert sim.has_capacity
    # The CLI's GeoPackage: the layers, their types and counts.
    layers = ogrinfo(p)
    assert list(layers) == ["sim_resources", "sim_links", "sim_flows", "sim_directions",
                            "sim_capacity"]
    r = layers["sim_resources"]
    assert r["geometry"] == "Point" and r["count"] == len(j["resources"])
    assert r["srs"] == "EPSG:4326"
    assert r["fields"]["utilisation_share"] == "Real"
    assert r["fields"]["wait_ab_p95_min"] == "Real" and r["fields"]["deadlocks"] == "Integer64"
    assert r["fields"]["link_ids"] == "String(JSON)" and r["fields"]["kind"] == "String"
    links = layers["sim_links"]
    assert links["geometry"] == "Line String"
    assert links["count"] == sum(len(x["links"]) for x in j["resources"])
    assert layers["sim_flows"]["geometry"] == "Multi Line String"
    assert layers["sim_flows"]["count"] == len(j["flows"])
    assert layers["sim_flows"]["fields"]["throughput_units_per_day"] == "Real"
    assert layers["sim_directions"]["count"] == len(j["directions"])
    assert layers["sim_capacity"]["count"] == 2 * len(j["capacity"]["points"])
    assert layers["sim_capacity"]["fields"]["over_limit"] == "Integer(Boolean)"
    # Python writes the same bytes.
    p2 = str(tmp_path / "sim2.gpkg")
    sim.to_gpkg(p2)
    with open(p, "rb") as a, open(p2, "rb") as b:
        assert a.read() == b.read()


def test_simulate_frames(sim, engine, tmp_path):
    df = sim.to_pandas()
    assert list(df.resource_id) == [r.id for r in sim.resources]
    assert list(df.columns[:3]) == ["resource_id", "kind", "name"]
    for (_, row), r in zip(df.iterrows(), sim.resources):
        assert row.utilisation_share == pytest.approx(r.utilisation.mean, rel=1e-5)
        assert row.mean_queue_units == pytest.approx(r.mean_queue.mean, rel=1e-5, abs=1e-9)
    flows = sim.to_pandas("sim_flows")
    assert list(flows.flow_id) == [f.id for f in sim.flows]
    # Each flow's line runs over the links of its route's elements.
    lines = sim.to_geopandas("sim_flows")
    by_resource = {r.id: set(r.links) for r in sim.resources}
    for _, row in lines.iterrows():
        n_links = sum(len(by_resource[k]) for k in row.route)
        assert len(row.geometry.geoms) == n_links > 0
    assert all(isinstance(x, list) and x for x in flows.route)
    cap = sim.to_pandas("sim_capacity")
    assert set(cap.direction) == {"ab", "ba"} and cap.load_share.max() == pytest.approx(1.1)
    with pytest.raises(KeyError):
        sim.to_pandas("nope")
    gdf = sim.to_geopandas("sim_links")
    assert gdf.crs.to_epsg() == 4326
    net = {f["properties"]["id"]: f["geometry"]["coordinates"]
           for f in engine.network_geojson()["features"]
           if f["geometry"]["type"] == "LineString" and "id" in f["properties"]}
    matched = 0
    for _, row in gdf.iterrows():
        if row.link_id in net:  # the line is the dataset's own link
            flat = [v for c in row.geometry.coords for v in c]
            assert flat == pytest.approx([v for c in net[row.link_id] for v in c])
            matched += 1
    assert matched == len(gdf)
    pts = sim.to_geopandas()
    assert (pts.geometry.geom_type == "Point").all() and len(pts) == len(sim.resources)
    # Round trip through a GeoPackage with geopandas.
    gpd = pytest.importorskip("geopandas")
    p = str(tmp_path / "sim.gpkg")
    sim.to_gpkg(p)
    back = gpd.read_file(p, layer="sim_links")
    assert list(back.link_id) == list(gdf.link_id)
    assert back.utilisation_share.tolist() == pytest.approx(gdf.utilisation_share.tolist())
    assert back.geometry.geom_equals(gdf.geometry).all()


def test_simulate_errors_and_paths(engine, data_dir):
    assert isinstance(engine, corridor.Engine)
    with pytest.raises(corridor.Error) as e:
        engine.simulate("no-such-model")
    assert e.value.code == "io_error"
    with pytest.raises(corridor.Error) as e:
        engine.simulate("red-bridge", days=-1)
    assert e.value.code == "bad_request"
    with pytest.raises(corridor.Error) as e:
        engine.simulate(f"{data_dir}/config.csv")
    assert e.value.code == "invalid_input" and "config.csv:1:" in e.value.details[0]
    # A path or a name under <dataset>/sim/ give the same run.
    a = engine.simulate("red-bridge", replications=2, days=5, seed=3)
    b = engine.simulate(f"{data_dir}/sim/red-bridge.toml", replications=2, days=5, seed=3)
    assert a.to_json() == b.to_json() and a.to_text() == b.to_text()
    assert "<svg" in a.to_html() and not a.has_capacity
    assert "sim_capacity" not in a.layers()


def test_forecast_to_geopandas(forecast, tmp_path):
    gdf = forecast.to_geopandas()
    assert gdf.crs.to_epsg() == 4326 and len(gdf) > 0
    assert (gdf.geometry.geom_type == "MultiLineString").all()
    assert list(gdf.columns[:3]) == ["section_id", "section_name", "cargo_class"]
    # One row per section and class; per section the classes add up to its totals.
    for s in forecast.sections:
        sub = gdf[gdf.section_id == s.id]
        assert sub.scenario_tonnes_per_year.sum() == pytest.approx(s.scenario_tonnes, rel=1e-9)
        assert sub.base_tonnes_per_year.sum() == pytest.approx(s.base_tonnes, rel=1e-9)
        assert (sub.scenario_vc == s.scenario_vc).all()
    links = forecast.to_geopandas("forecast_links")
    assert len(links) == len(forecast.links)
    assert (links.geometry.geom_type == "LineString").all()
    for (_, row), l in zip(links.iterrows(), forecast.links):
        assert row.link_id == l.id and row.scenario_tonnes_per_year == l.scenario_tonnes
    # GeoDataFrame round trip through Corridor's GeoPackage.
    gpd = pytest.importorskip("geopandas")
    p = str(tmp_path / "fc.gpkg")
    forecast.to_gpkg(p)
    back = gpd.read_file(p, layer="forecast_sections")
    assert list(back.section_id) == list(gdf.section_id)
    assert back.scenario_tonnes_per_year.tolist() == pytest.approx(
        gdf.scenario_tonnes_per_year.tolist())
    assert back.geometry.geom_equals(gdf.geometry).all()
    if shutil.which("ogrinfo"):
        layers = ogrinfo(p)
        assert layers["forecast_links"]["geometry"] == "Line String"
        assert layers["forecast_sections"]["geometry"] == "Multi Line String"
        assert layers["forecast_sections"]["fields"]["base_vc"] == "Real"
        assert layers["forecast_sections"]["count"] == len(gdf)


def test_appraise_to_geopandas(appraisal, tmp_path):
    gdf = appraisal.to_geopandas()
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf.year) == set(appraisal.forecast_years)
    assert (gdf.geometry.geom_type == "LineString").all()
    # The ODs' user benefits add up to the annual table's at each forecast year (times the
    # ramp-up there); this is the rule of a half the appraisal applies.
    annual = appraisal.to_pandas().set_index("year")
    columns = appraisal.annual()  # the table behind to_pandas(): {column: values}
    assert list(columns) == [c for c in ["year"] + list(annual.columns)]
    assert columns["user_benefit_usd"] == pytest.approx(list(annual.user_benefit_usd))
    for y in appraisal.forecast_years:
        if y in annual.index and annual.loc[y, "ramp"] > 0:
            total = gdf[gdf.year == y].user_benefit_usd_per_year.sum()
            assert annual.loc[y, "ramp"] * total == pytest.approx(
                annual.loc[y, "user_benefit_usd"], rel=1e-9)
    gpd = pytest.importorskip("geopandas")
    p = str(tmp_path / "ap.gpkg")
    appraisal.to_gpkg(p)
    back = gpd.read_file(p, layer="appraise_ods")
    assert len(back) == len(gdf)
    assert back.user_benefit_usd_per_year.tolist() == pytest.approx(
        gdf.user_benefit_usd_per_year.tolist())


def test_simulate_releases_the_gil(data_dir, tmp_path):
    """The model is read from a FIFO that only the main thread writes while simulate() runs in
    another thread: holding the GIL there would deadlock (and time out)."""
    fifo = tmp_path / "model.toml"
    os.mkfifo(fifo)
    with open(os.path.join(data_dir, "sim", "red-bridge.toml"), encoding="utf-8") as f:
        text = f.read()
    script = textwrap.dedent(f"""
        import threading, corridor
        e = corridor.open({data_dir!r})
        out = {{}}
        t = threading.Thread(target=lambda: out.update(
            r=e.simulate({str(fifo)!r}, replications=2, days=5, seed=3)))
        t.start()
        with open({str(fifo)!r}, "w") as f:
            f.write({text!r})
        t.join()
        print(out["r"].flows[0].per_day.mean)
        """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                       env=os.environ.copy())
    assert p.returncode == 0, p.stderr
    want = corridor.open(data_dir).simulate("red-bridge", replications=2, days=5, seed=3)
    assert float(p.stdout) == pytest.approx(want.flows[0].per_day.mean, rel=1e-12)
