import csv
import io
import os

import pytest

import corridor


def test_compare_rows_and_deltas(engine, data_dir):
    c = engine.compare(base="baseline", scenario="tripp")
    with open(os.path.join(data_dir, "pairs.csv"), encoding="utf-8") as f:
        n_pairs = sum(1 for _ in csv.DictReader(f))
    assert len(c.rows) == n_pairs
    assert c.base == "baseline" and c.scenario == "tripp"
    for row in c.rows:
        if row.base is not None and row.scenario is not None:
            for k in ("km", "hours", "usd", "cost"):
                assert getattr(row.delta, k) == pytest.approx(
                    getattr(row.scenario, k) - getattr(row.base, k), abs=1e-9)
        else:
            assert row.delta is None
    df = c.to_pandas()
    assert len(df) == n_pairs
    assert {"base_time_h", "scenario_time_h", "delta_time_h", "delta_charges_usd",
            "delta_cost_usd", "base_length_km"} <= set(df.columns)
    # The TRIPP case: Baku -> Nakhchivan is faster with the scenario.
    baku = df[(df.from_name == "Baku") & (df.to_name == "Nakhchivan")].iloc[0]
    assert baku.delta_time_h < 0
    r = c.route(0, "scenario")
    assert r is not None and r.scenario == "tripp"
    with pytest.raises(corridor.Error) as e:
        c.route(0, "sideways")
    assert e.value.code == "bad_request"


def test_compare_csv_has_delta_columns(engine):
    c = engine.compare(base="baseline", scenario="tripp")
    rows = list(csv.DictReader(io.StringIO(c.to_csv())))
    assert {"delta_length_km", "delta_time_h", "delta_charges_usd", "delta_cost_usd",
            "delta_borders"} <= set(rows[0])
    # Tidy, units in the names: every numeric column says its unit (or is a count).
    assert list(rows[0])[3:8] == ["length_km", "time_h", "charges_usd", "cost_usd", "borders"]
    by_side = [r for r in rows if r["scenario"] == "tripp" and r["time_h"]]
    for r, cr in zip([r for r in rows if r["scenario"] == "tripp"], c.rows):
        if cr.delta is not None:
            assert float(r["delta_time_h"]) == pytest.approx(cr.delta.hours, abs=0.006)
        else:
            assert r["delta_time_h"] == ""
    assert by_side
    for r in rows:
        if r["scenario"] == "baseline":
            assert r["delta_time_h"] == ""  # the delta is the scenario row's


def test_compare_geopandas(engine):
    pytest.importorskip("geopandas")
    c = engine.compare(base="baseline", scenario="tripp")
    g = c.to_geopandas()
    assert set(g["side"]) == {"base", "scenario"}
    assert g.crs.to_epsg() == 4326


def test_compare_xlsx_reads_back(engine, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    c = engine.compare(base="baseline", scenario="tripp")
    p = tmp_path / "compare.xlsx"
    c.to_xlsx(str(p))
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Compare", "Assumptions"]
    ws = wb["Compare"]
    header = [x.value for x in ws[1]]
    assert header[:2] == ["from", "to"]
    assert "base hours [h]" in header and "delta hours [h]" in header
    assert "scenario usd [USD/teu]" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(c.rows)
    hi = header.index("delta hours [h]")
    for row, cr in zip(rows, c.rows):
        if cr.delta is None:
            assert row[hi] is None
        else:
            assert isinstance(row[hi], (int, float))  # a number, not text
            assert row[hi] == pytest.approx(cr.delta.hours, rel=1e-12)
    a = {r[0]: r[1] for r in wb["Assumptions"].iter_rows(min_row=2, values_only=True)}
    assert a["year"] == str(c.year) and "scenario tripp" in a and "value of time" in a


def test_assign(engine, data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    demand = os.path.join(data_dir, "demand-2025.csv")
    a = engine.assign(demand, scenario="tripp", base="baseline", threads=1)
    assert a.summary.converged and a.summary.relative_gap <= 1e-4
    assert a.base_summary is not None
    assert a.links and all(l.flow_ab >= 0 and l.flow_ba >= 0 for l in a.links)
    df = a.to_pandas()
    assert len(df) == len(a.links)
    assert df["tonnes_per_day"].sum() > 0
    # The DataFrame has the columns of the CLI's tidy link_flows.csv (units in the names).
    rows = list(csv.DictReader(io.StringIO(a.to_csv())))
    assert len(rows) == len(df)
    assert [c.replace("from", "from_id") if c == "from" else c.replace("to", "to_id")
            if c == "to" else c for c in rows[0]] == list(df.columns)
    for r, (_, d) in zip(rows, df.iterrows()):
        assert r["link_id"] == d.link_id
        assert float(r["flow_ab_units_per_day"]) == pytest.approx(d.flow_ab_units_per_day,
                                                                   abs=0.006)
    gj = a.to_geojson()
    assert len(gj["features"]) == len(a.links)
    p = tmp_path / "assign.xlsx"
    a.to_xlsx(str(p))
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Summary", "Sections", "Corridors", "Links", "Assumptions"]
    links = list(wb["Links"].iter_rows(min_row=2, values_only=True))
    assert len(links) == len(a.links)
    header = [x.value for x in wb["Links"][1]]
    ti = header.index("tonnes [t/day]")
    assert sum(r[ti] for r in links) == pytest.approx(df["tonnes_per_day"].sum(), rel=1e-9)
    with pytest.raises(corridor.Error) as e:
        engine.assign(str(tmp_path / "missing.csv"))
    assert e.value.code in ("io_error", "bad_request")
    with pytest.raises(corridor.Error) as e:
        engine.assign(demand, algorithm="magic")
    assert e.value.code == "bad_request"


def test_critical(engine):
    c = engine.critical(links="border", top=3, threads=1)
    df = c.to_pandas()
    assert 1 <= len(df) <= 3 and list(df["rank"]) == list(range(1, len(df) + 1))
    assert len(c.to_geojson()["features"]) == len(df)
