#!/usr/bin/env python3
"""A notebook-style study of the TRIPP route (Azerbaijan - Meghri, Armenia - Nakhchivan), run as a
script: the main job's table (`corridor compare --base baseline --scenario tripp`), a map of both
sides' routes (PNG, geopandas + matplotlib), a GeoPackage for QGIS and an Excel workbook; then the
freight forecast through Meghri by cargo class and a short economic appraisal (NPV, BCR).

    PYTHONPATH=build/release/python python3 examples/tripp_study.py --out out/study

Writes OUT/compare.csv, OUT/tripp_routes.png, OUT/tripp_study.gpkg, OUT/tripp_study.xlsx,
OUT/forecast.xlsx, OUT/appraise.xlsx and prints the tables.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

import corridor  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(HERE), "data", "caucasus"))
    ap.add_argument("--base", default="baseline")
    ap.add_argument("--scenario", default="tripp")
    ap.add_argument("--out", default="out/study")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)

    # %% The main job: every key pair without and with the scenario, in the same year.
    e = corridor.open(a.data)
    cmp = e.compare(base=a.base, scenario=a.scenario)
    df = cmp.to_pandas()
    table = df[["from_name", "to_name", "base_time_h", "scenario_time_h", "delta_time_h",
                "base_charges_usd", "scenario_charges_usd", "delta_charges_usd", "base_borders",
                "scenario_borders"]]
    print(f"{a.base} vs {a.scenario}, year {cmp.year}, profile {cmp.profile} "
          f"(hours; USD per {cmp.profile})")
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    df.to_csv(os.path.join(a.out, "compare.csv"), index=False)

    # %% The headline pair: Baku -> Nakhchivan by rail through Meghri.
    r = e.route("Baku", "Nakhchivan", scenario=a.scenario, modes=["rail"])
    print(f"\nBaku -> Nakhchivan by rail ({a.scenario}): {r.total.km:,.0f} km, "
          f"{r.total.hours:,.1f} h, USD {r.total.usd:,.0f}, {r.total.borders} border(s)")

    # %% Map: both sides' routes over the network.
    routes = cmp.to_geopandas()
    net = e.network_geojson(a.scenario)
    import geopandas as gpd
    links = gpd.GeoDataFrame.from_features(
        [f for f in net["features"] if f["geometry"]["type"] == "LineString"], crs="EPSG:4326")
    fig, ax = plt.subplots(figsize=(10, 7))
    links.plot(ax=ax, color="#cccccc", linewidth=0.6)
    # Base routes wide underneath, scenario routes thin on top: where they differ, both show.
    routes = routes[routes.geometry.geom_type == "LineString"]
    style = {"base": ("#1f77b4", 4.5, 0.45), "scenario": ("#d62728", 1.6, 0.95)}
    for side in ("base", "scenario"):
        color, width, alpha = style[side]
        routes[routes.side == side].plot(
            ax=ax, color=color, linewidth=width, alpha=alpha,
            label=f"{side}: {a.base if side == 'base' else a.scenario}")
    ax.set_title(f"Key pairs: {a.base} vs {a.scenario} ({cmp.year})")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.legend(loc="lower left")
    png = os.path.join(a.out, "tripp_routes.png")
    fig.savefig(png, dpi=110, bbox_inches="tight")
    plt.close(fig)

    # %% Files for QGIS and Excel, written by Corridor itself.
    gpkg = os.path.join(a.out, "tripp_study.gpkg")
    cmp.to_gpkg(gpkg)
    xlsx = os.path.join(a.out, "tripp_study.xlsx")
    cmp.to_xlsx(xlsx)
    e.network_to_gpkg(os.path.join(a.out, "network.gpkg"), a.scenario)
    print(f"\nwrote {png}, {gpkg}, {xlsx}, {os.path.join(a.out, 'network.gpkg')}")

    # %% Freight forecast: tonnes per year by cargo class, and how much crosses Meghri.
    fc = e.forecast(base=a.base, scenario=a.scenario)
    by_od = fc.to_pandas()
    by_class = by_od.groupby("class")[["base_tonnes_per_year", "scenario_tonnes_per_year",
                                       "diverted_tonnes_per_year",
                                       "generated_tonnes_per_year"]].sum()
    print(f"\nForecast {fc.year} (t/yr); through {fc.headline_section}: "
          f"{fc.base_headline_tonnes:,.0f} -> {fc.scenario_headline_tonnes:,.0f} t/yr")
    print(by_class.to_string(float_format=lambda v: f"{v:,.0f}"))
    fc.to_xlsx(os.path.join(a.out, "forecast.xlsx"))

    # %% Appraisal over a short period, no sensitivity runs (keeps the example fast; the CLI's
    # `corridor appraise` defaults to 2028-2057 with tornado and switching values).
    ap = e.appraise(base=a.base, scenario=a.scenario, from_year=2028, to_year=2040,
                    discount=0.06, sensitivity=False)
    eirr = "n/a" if ap.eirr is None else f"{ap.eirr:.2%}"
    print(f"\nAppraisal 2028-2040 at 6%: NPV {ap.npv / 1e6:,.1f} M USD, BCR {ap.bcr:.2f}, "
          f"EIRR {eirr}, CO2 {ap.co2_change_t:,.0f} tCO2e")
    annual = ap.to_pandas()
    print(annual[["year", "benefits_usd", "costs_usd", "pv_net_usd"]].to_string(
        index=False, float_format=lambda v: f"{v:,.0f}"))
    ap.to_xlsx(os.path.join(a.out, "appraise.xlsx"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
