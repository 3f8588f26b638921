"""Every GeoPackage Corridor writes, checked with `ogrinfo -al -so` (layers, geometry types, field
types, feature counts, EPSG:4326), and the GMNS network round trip."""
import json
import os
import shutil

import pytest

from conftest import ogrinfo

import corridor

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None,
                                reason="ogrinfo (Debian gdal-bin) is not installed")


def test_route_gpkg(cli, data_dir, tmp_path):
    p = str(tmp_path / "route.gpkg")
    j = json.loads(cli("route", "Baku", "Nakhchivan", "--scenario", "tripp", "--modes", "rail",
                       "--json", "--gpkg", p, "--data", data_dir).stdout)
    layers = ogrinfo(p)
    assert list(layers) == ["route_legs", "route_transfers"]
    l = layers["route_legs"]
    points = [x for x in j["legs"] if x["mode"] in ("transfer", "gauge_change")]
    assert l["geometry"] == "Line String" and l["count"] == len(j["legs"]) - len(points)
    assert layers["route_transfers"]["geometry"] == "Point"
    assert layers["route_transfers"]["count"] == len(points)
    assert l["srs"] == "EPSG:4326"
    assert l["fields"]["km"] == "Real" and l["fields"]["mode"] == "String"
    assert l["fields"]["border"] == "Integer(Boolean)"
    assert l["fields"]["from"] == "String" and l["fields"]["gauge"] == "Integer64"


def test_compare_gpkg_and_xlsx(cli, data_dir, tmp_path):
    p, x = str(tmp_path / "cmp.gpkg"), str(tmp_path / "cmp.xlsx")
    j = json.loads(cli("compare", "--base", "baseline", "--scenario", "tripp", "--json", "--gpkg",
                       p, "--xlsx", x, "--data", data_dir).stdout)
    layers = ogrinfo(p)
    assert list(layers) == ["base_legs", "base_transfers", "scenario_legs", "scenario_transfers"]
    for side in ("base", "scenario"):
        legs = [x for pp in j["pairs"] if pp[side] for x in pp[side]["legs"]]
        points = sum(1 for x in legs if x["mode"] in ("transfer", "gauge_change"))
        assert layers[side + "_legs"]["count"] == len(legs) - points
        assert layers[side + "_transfers"]["count"] == points
        assert layers[side + "_legs"]["fields"]["route_hours"] == "Real"
        assert layers[side + "_legs"]["fields"]["pair_from"] == "String"
    assert os.path.getsize(x) > 0


def test_assign_and_critical_gpkg(cli, data_dir, tmp_path):
    p = str(tmp_path / "flows.gpkg")
    j = json.loads(cli("assign", "--demand", os.path.join(data_dir, "demand-2025.csv"),
                       "--threads", "1", "--json", "--gpkg", p, "--data", data_dir).stdout)
    l = ogrinfo(p)["link_flows"]
    assert l["count"] == len(j["links"]) and l["geometry"] == "Line String"
    assert l["fields"]["tonnes_per_day"] == "Real" and l["fields"]["capacity_tpd"] == "Real"
    c = str(tmp_path / "crit.gpkg")
    cj = json.loads(cli("critical", "--links", "border", "--top", "4", "--threads", "1",
                        "--json", "--gpkg", c, "--data", data_dir).stdout)
    l = ogrinfo(c)["critical_links"]
    assert l["count"] == len(cj["links"])
    assert l["fields"]["rank"] == "Integer64"


def test_gpkg_flag_refused_where_it_cannot_apply(cli, tmp_path):
    p = cli("assign", "--tntp", str(tmp_path), "--gpkg", str(tmp_path / "x.gpkg"), check=False)
    assert p.returncode == 2 and "--gpkg" in p.stderr


def test_network_gmns_round_trip(cli, engine, data_dir, tmp_path):
    p = str(tmp_path / "net.gpkg")
    cli("network", "--scenario", "tripp", "--gpkg", p, "--data", data_dir)
    layers = ogrinfo(p)
    info = engine.info()
    assert set(layers) == {"node", "link"}
    assert layers["node"]["geometry"] == "Point" and layers["link"]["geometry"] == "Line String"
    assert layers["node"]["count"] >= info["nodes"]
    f = layers["link"]["fields"]
    assert f["length"] == "Real" and f["directed"] == "Integer(Boolean)"
    assert f["from_node_id"] == "String" and f["status_year"] == "Integer64"
    assert f["gauges"] == "String(JSON)"
    out = cli("network", "--read-gpkg", p).stdout
    assert "network check: ok" in out
    # Read back: the same nodes and links, field for field, as the engine's own network.
    back = corridor.read_network_gpkg(p)
    p2 = str(tmp_path / "net2.gpkg")
    engine.network_to_gpkg(p2, "tripp")
    again = corridor.read_network_gpkg(p2)
    assert back["node_features"] == again["node_features"]
    assert back["link_features"] == again["link_features"]
    with open(p, "rb") as a, open(p2, "rb") as b:
        assert a.read() == b.read()  # deterministic bytes


def test_gmns_reader_errors(tmp_path, engine):
    gpd = pytest.importorskip("geopandas")
    import shapely.geometry as sg
    p = str(tmp_path / "bad.gpkg")
    nodes = gpd.GeoDataFrame({"node_id": ["a", "b"], "x_coord": [44.0, 45.0],
                              "y_coord": [40.0, 41.0], "country": ["AM", "AM"]},
                             geometry=[sg.Point(44, 40), sg.Point(45, 41)], crs="EPSG:4326")
    nodes.to_file(p, layer="node", driver="GPKG")
    links = gpd.GeoDataFrame({"link_id": ["l1"], "from_node_id": ["a"], "to_node_id": ["zz"],
                              "length": [12.5], "allowed_uses": ["road"], "free_speed": [60.0]},
                             geometry=[sg.LineString([(44, 40), (45, 41)])], crs="EPSG:4326")
    links.to_file(p, layer="link", driver="GPKG")
    with pytest.raises(corridor.Error) as e:
        corridor.read_network_gpkg(p)
    assert e.value.code == "invalid_input"
    assert any("to_node_id" in d and "bad.gpkg:link" in d for d in e.value.details)
    # A plain GMNS file (no Corridor fields) reads.
    links["to_node_id"] = ["b"]
    links.to_file(p, layer="link", driver="GPKG")
    net = corridor.read_network_gpkg(p)
    assert net["node_ids"] == ["a", "b"] and net["link_ids"] == ["l1"]
    with pytest.raises(corridor.Error) as e:
        corridor.read_network_gpkg(str(tmp_path / "none.gpkg"))
    assert e.value.code == "io_error"
