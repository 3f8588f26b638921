"""e.forecast() / e.appraise() against the CLI's JSON, their DataFrames and errors, and the
--xlsx workbooks of `corridor forecast` / `corridor appraise` read back with openpyxl."""
import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

import corridor

# A short appraisal keeps the test fast: 2028-2040, two Monte Carlo draws.
APPRAISE_ARGS = dict(base="baseline", scenario="tripp", from_year=2028, to_year=2040,
                     discount=0.06, draws=2, seed=7, sensitivity=False)
APPRAISE_CLI = ["--base", "baseline", "--scenario", "tripp", "--from", "2028", "--to", "2040",
                "--discount", "0.06", "--draws", "2", "--seed", "7"]


@pytest.fixture(scope="module")
def forecast_cli(cli, data_dir, tmp_path_factory):
    x = str(tmp_path_factory.mktemp("fc") / "forecast.xlsx")
    p = cli("forecast", "--data", data_dir, "--base", "baseline", "--scenario", "tripp",
            "--json", "--xlsx", x)
    return json.loads(p.stdout), x


@pytest.fixture(scope="module")
def appraise_cli(cli, data_dir, tmp_path_factory):
    """With sensitivity (tornado) and draws: every sheet the workbook can have."""
    x = str(tmp_path_factory.mktemp("ap") / "appraise.xlsx")
    p = cli("appraise", "--data", data_dir, *APPRAISE_CLI, "--json", "--xlsx", x)
    return json.loads(p.stdout), x


def test_forecast_matches_cli(engine, forecast_cli):
    j, _ = forecast_cli
    f = engine.forecast(base="baseline", scenario="tripp")
    assert (f.base, f.scenario, f.year) == (j["base"], j["scenario"], j["year"])
    assert len(f.ods) == len(j["ods"]) and len(f.classes) == len(j["classes"])
    for o, jo in zip(f.ods, j["ods"]):
        assert (o.cargo_class, o.origin, o.destination) == (jo["class"], jo["origin"],
                                                            jo["destination"])
        assert o.scenario_tonnes == pytest.approx(jo["scenario_tonnes"], abs=1)
        assert o.base_units == pytest.approx(jo["base_units"], abs=0.1)
    df = f.to_pandas()
    assert len(df) == len(j["ods"])
    assert {"class", "origin", "destination", "base_tonnes_per_year", "scenario_tonnes_per_year",
            "diverted_units_per_year", "base_cost_usd_per_unit"} <= set(df.columns)
    # The per-OD rows add up to the class totals.
    for c in f.classes:
        sub = df[df["class"] == c.cargo_class]
        assert sub.scenario_tonnes_per_year.sum() == pytest.approx(c.scenario_tonnes, rel=1e-9)


def test_forecast_classes_filter(engine):
    f = engine.forecast(base="baseline", scenario="tripp", classes=["container"])
    assert {o.cargo_class for o in f.ods} == {"container"}
    assert [c.cargo_class for c in f.classes] == ["container"]


def test_forecast_errors(engine):
    with pytest.raises(corridor.Error) as e:
        engine.forecast(scenario="no-such-scenario")
    assert e.value.code in corridor.ERROR_CODES and e.value.code != "internal"
    assert e.value.exit_code != 0
    with pytest.raises(corridor.Error) as e:
        engine.forecast(classes=["no-such-class"])
    assert e.value.code in corridor.ERROR_CODES and e.value.code != "internal"


def test_appraise_matches_cli(engine, cli, data_dir):
    a = engine.appraise(**APPRAISE_ARGS)
    p = cli("appraise", "--data", data_dir, *APPRAISE_CLI, "--no-sensitivity", "--json")
    j = json.loads(p.stdout)
    assert a.npv == pytest.approx(j["npv_usd"], abs=1)
    assert a.bcr == pytest.approx(j["bcr"], abs=1e-4)
    assert (a.eirr is None) == (j["eirr"] is None)
    if a.eirr is not None:
        assert a.eirr == pytest.approx(j["eirr"], abs=1e-6)
    assert a.tornado == []
    assert a.monte_carlo is not None and a.monte_carlo.draws == 2
    assert a.monte_carlo.npv.p50 == pytest.approx(j["monte_carlo"]["npv_usd"]["p50"], abs=1)
    df = a.to_pandas()
    assert len(df) == len(j["annual"])
    assert list(df.year) == [r["year"] for r in j["annual"]]
    for (_, row), jr in zip(df.iterrows(), j["annual"]):
        for k in ("benefits_usd", "costs_usd", "pv_net_usd", "co2_change_t"):
            assert row[k] == pytest.approx(jr[k], abs=0.01)
    # The PV of the annual net flows is the NPV.
    assert df.pv_net_usd.sum() == pytest.approx(a.npv, rel=1e-9)


def test_appraise_errors(engine):
    with pytest.raises(corridor.Error) as e:
        engine.appraise(from_year=2040, to_year=2030)
    assert e.value.code == "bad_request"
    with pytest.raises(corridor.Error) as e:
        engine.appraise(carbon_path="sideways", sensitivity=False)
    assert e.value.code == "bad_request"


def _sheet(wb, name):
    """Rows of a sheet: the header and the data rows (lists of cell values)."""
    rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_appraise_xlsx(appraise_cli):
    openpyxl = pytest.importorskip("openpyxl")
    j, path = appraise_cli
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Annual", "Tornado", "Monte Carlo", "Capex", "Assumptions"]
    header, rows = _sheet(wb, "Summary")
    summary = {r[0]: r[1] for r in rows}
    assert isinstance(summary["NPV"], float)
    assert summary["NPV"] == pytest.approx(j["npv_usd"], abs=1)
    assert summary["BCR"] == pytest.approx(j["bcr"], abs=1e-4)
    if j["eirr"] is None:
        assert summary["EIRR"] is None
    else:
        assert summary["EIRR"] == pytest.approx(j["eirr"], abs=1e-6)
    header, rows = _sheet(wb, "Annual")
    assert header[0] == "year" and "user_benefit [USD]" in header and "co2_change [tCO2e]" in header
    assert "carbon_price [USD/tCO2e]" in header and "base_tonnes [t/yr]" in header
    assert len(rows) == len(j["annual"])
    col = {h: i for i, h in enumerate(header)}
    for r, jr in zip(rows, j["annual"]):
        assert r[0] == jr["year"]
        assert isinstance(r[col["net [USD]"]], (int, float))
        assert r[col["net [USD]"]] == pytest.approx(jr["net_usd"], abs=0.01)
        assert r[col["pv_net [USD]"]] == pytest.approx(jr["pv_net_usd"], abs=0.01)
    header, rows = _sheet(wb, "Tornado")
    assert header[:2] == ["variable", "low factor"]
    assert [r[0] for r in rows] == [b["variable"] for b in j["tornado"]]
    for r, b in zip(rows, j["tornado"]):
        assert r[3] == pytest.approx(b["npv_low_usd"], abs=1)
        assert r[4] == pytest.approx(b["npv_high_usd"], abs=1)
    header, rows = _sheet(wb, "Monte Carlo")
    mc = {r[0]: r for r in rows}
    assert mc["NPV"][3] == pytest.approx(j["monte_carlo"]["npv_usd"]["p50"], abs=1)
    assert mc["BCR"][2] == pytest.approx(j["monte_carlo"]["bcr"]["p10"], abs=1e-4)
    header, rows = _sheet(wb, "Capex")
    assert [r[0] for r in rows] == [c["item"] for c in j["capex"]]
    header, rows = _sheet(wb, "Assumptions")
    names = [r[0] for r in rows]
    assert "discounting" in names and "carbon price" in names and "Monte Carlo" in names


def test_forecast_xlsx(forecast_cli):
    openpyxl = pytest.importorskip("openpyxl")
    j, path = forecast_cli
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["By class", "By OD", "Sections", "Assumptions"]
    header, rows = _sheet(wb, "By class")
    assert "scenario tonnes [t/yr]" in header and "base rail [tkm/yr]" in header
    col = {h: i for i, h in enumerate(header)}
    assert [r[0] for r in rows] == [c["class"] for c in j["classes"]]
    for r, c in zip(rows, j["classes"]):
        assert isinstance(r[col["scenario tonnes [t/yr]"]], (int, float))
        assert r[col["scenario tonnes [t/yr]"]] == pytest.approx(c["scenario_tonnes"], abs=1)
        assert r[col["diverted units [units/yr]"]] == pytest.approx(c["diverted_units"], abs=0.5)
        assert r[col["scenario rail [tkm/yr]"]] == pytest.approx(c["scenario_tkm"]["rail"], abs=1)
    header, rows = _sheet(wb, "By OD")
    col = {h: i for i, h in enumerate(header)}
    assert len(rows) == len(j["ods"])
    for r, o in zip(rows, j["ods"]):
        assert (r[0], r[2], r[3]) == (o["class"], o["origin"], o["destination"])
        assert r[col["base tonnes [t/yr]"]] == pytest.approx(o["base_tonnes"], abs=1)
        assert r[col["base cost [USD/unit]"]] == pytest.approx(o["base_cost_usd"], abs=0.01)
    header, rows = _sheet(wb, "Sections")
    col = {h: i for i, h in enumerate(header)}
    assert [r[0] for r in rows] == [s["section"] for s in j["sections"]]
    for r, s in zip(rows, j["sections"]):
        assert r[col["scenario tonnes [t/yr]"]] == pytest.approx(s["scenario_tonnes"], abs=1)
        assert r[col["scenario V/C"]] == pytest.approx(s["scenario_vc"], abs=1e-3)
    names = [r[0] for r in _sheet(wb, "Assumptions")[1]]
    assert "demand file" in names and "model" in names


def test_xlsx_from_python(engine, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    f = engine.forecast(base="baseline", scenario="tripp", classes=["container"])
    p = tmp_path / "f.xlsx"
    f.to_xlsx(str(p))
    wb = openpyxl.load_workbook(p)
    _, rows = _sheet(wb, "By class")
    assert rows[0][0] == "container"
    assert rows[0][7] == pytest.approx(f.classes[0].scenario_tonnes)
    assert not math.isnan(rows[0][7])


def test_forecast_year_argument(engine):
    f = engine.forecast(base="baseline", scenario="tripp", year=2030, classes=["container"])
    assert f.year == 2030


def test_forecast_releases_the_gil(data_dir, tmp_path):
    """The forecast reads its demand file from a FIFO that only the interpreter's main thread
    writes: if forecast() held the GIL, the main thread could never write and the subprocess would
    deadlock (and time out)."""
    fifo = tmp_path / "demand.csv"
    os.mkfifo(fifo)
    with open(os.path.join(data_dir, "demand-2025.csv"), encoding="utf-8") as f:
        text = f.read()
    script = textwrap.dedent(f"""
        import threading, corridor
        e = corridor.open({data_dir!r})
        out = {{}}
        t = threading.Thread(target=lambda: out.update(
            r=e.forecast(base="baseline", scenario="tripp", demand={str(fifo)!r})))
        t.start()
        with open({str(fifo)!r}, "w") as f:
            f.write({text!r})
        t.join()
        print(len(out["r"].ods))
        """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                       env=os.environ.copy())
    assert p.returncode == 0, p.stderr
    assert int(p.stdout) == len(corridor.open(data_dir).forecast(base="baseline",
                                                                 scenario="tripp").ods)


def test_forecast_headline_links_and_html(engine, forecast_cli):
    j, _ = forecast_cli
    f = engine.forecast(base="baseline", scenario="tripp")
    assert len(f.headline) == len(j["headline"]["rows"]) and len(f.links) == len(j["links"])
    # The headline rows add up to the headline totals.
    assert sum(h.scenario_tonnes for h in f.headline) == pytest.approx(
        f.scenario_headline_tonnes, rel=1e-9, abs=1e-6)
    assert {h.direction for h in f.headline} <= {"ab", "ba"}
    assert all(l.scenario_tkm == pytest.approx(l.scenario_tonnes * l.length_km, rel=1e-3)
               for l in f.links)
    assert f.to_html().lstrip().lower().startswith("<!doctype html")


def test_appraise_html_and_csv(engine):
    a = engine.appraise(base="baseline", scenario="tripp", from_year=2028, to_year=2032,
                        sensitivity=False)
    assert a.to_html().lstrip().lower().startswith("<!doctype html")
    lines = a.to_csv().strip().splitlines()
    assert len(lines) == len(a.to_pandas()) + 1
