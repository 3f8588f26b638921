"""to_pandas() / to_geopandas() of the result classes. pandas and geopandas are imported lazily,
so ``import corridor`` works without them."""
from . import _corridor

# Totals attribute -> column name with its unit (money per profile unit).
TOTALS = (("km", "length_km"), ("hours", "time_h"), ("usd", "charges_usd"), ("cost", "cost_usd"),
          ("borders", "borders"))


def _pd():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise ImportError("to_pandas() needs pandas (Debian: python3-pandas)") from e
    return pandas


def _gpd():
    try:
        import geopandas
    except ImportError as e:  # pragma: no cover
        raise ImportError("to_geopandas() needs geopandas (Debian: python3-geopandas)") from e
    return geopandas


def _features_gdf(features, columns_first=()):
    gpd = _gpd()
    gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    cols = [c for c in columns_first if c in gdf.columns]
    return gdf[cols + [c for c in gdf.columns if c not in cols]]


def _leg_row(leg):
    return {
        "kind": leg.kind,
        "mode": leg.mode,
        "from_id": leg.from_.id,
        "from_name": leg.from_.name,
        "to_id": leg.to.id,
        "to_name": leg.to.name,
        "border": leg.border,
        "gauge_mm": leg.gauge,
        "length_km": leg.km,
        "time_h": leg.hours,
        "charges_usd": leg.usd,
        "links": ",".join(leg.link_ids),
    }


def route_to_pandas(self):
    """One row per leg of the best route: length_km, time_h, charges_usd (per profile unit)."""
    return _pd().DataFrame([_leg_row(l) for l in self.legs])


def route_to_geopandas(self):
    """The legs as a GeoDataFrame (EPSG:4326), one row per leg."""
    return _features_gdf(self.to_geojson()["features"], ("kind", "mode"))


def _totals(prefix, t):
    if t is None:
        return {f"{prefix}_{name}": None for _, name in TOTALS}
    return {f"{prefix}_{name}": getattr(t, k) for k, name in TOTALS}


def compare_to_pandas(self):
    """One row per pair: base_*, scenario_* and delta_* (scenario - base) of length_km, time_h,
    charges_usd, cost_usd (per profile unit) and borders; None where a side has no route."""
    rows = []
    for r in self.rows:
        row = {"from_id": r.from_.id, "from_name": r.from_.name, "to_id": r.to.id,
               "to_name": r.to.name}
        row.update(_totals("base", r.base))
        row.update(_totals("scenario", r.scenario))
        row.update(_totals("delta", r.delta))
        rows.append(row)
    return _pd().DataFrame(rows)


def compare_to_geopandas(self):
    """Both sides' routes, one row per leg, with columns side (base|scenario), pair_from, pair_to."""
    features = []
    for i, r in enumerate(self.rows):
        for side in ("base", "scenario"):
            route = self.route(i, side)
            if route is None:
                continue
            for f in route.to_geojson()["features"]:
                f["properties"].update({"side": side, "scenario_name": route.scenario,
                                        "pair_from": r.from_.id, "pair_to": r.to.id})
                features.append(f)
    return _features_gdf(features, ("side", "pair_from", "pair_to"))


def assign_to_pandas(self):
    """One row per loaded link, the columns of the CLI's link_flows.csv: flows in profile units
    per day, tonnes per day, capacity, V/C, delay in hours."""
    return _pd().DataFrame([{
        "link_id": l.id, "mode": l.mode, "from_id": l.from_, "to_id": l.to, "border": l.border,
        "flow_ab_units_per_day": l.flow_ab, "flow_ba_units_per_day": l.flow_ba,
        "tonnes_per_day": l.tonnes_per_day, "capacity_tonnes_per_day": l.capacity_tpd,
        "vc_ratio": l.vc, "delay_h": l.delay_hours,
    } for l in self.links])


def assign_to_geopandas(self):
    return _features_gdf(self.to_geojson()["features"], ("link_id",))


def critical_to_pandas(self):
    """One row per ranked link (base units per day, delta cost USD per day, unserved per day)."""
    return _pd().DataFrame([{
        "rank": r.rank, "link_id": r.id, "name": r.name, "mode": r.mode, "border": r.border,
        "from_id": r.from_, "to_id": r.to, "base_units_per_day": r.base_units,
        "delta_cost_usd_per_day": r.delta_cost, "unserved_units_per_day": r.unserved_units,
        "unserved_tonnes_per_day": r.unserved_tonnes, "connected": r.connected,
    } for r in self.rows])


def critical_to_geopandas(self):
    return _features_gdf(self.to_geojson()["features"])


def tntp_to_pandas(self):
    """One row per link: init_node, term_node, flow_veh_per_h, cost_min (TNTP units: flows per
    hour, link costs in minutes; the columns of `corridor assign --tntp`'s link_flows.csv)."""
    return _pd().DataFrame({"init_node": self.init_node, "term_node": self.term_node,
                            "flow_veh_per_h": self.flow, "cost_min": self.cost})


def net_route_to_geojson(self):
    return {"type": "Feature",
            "geometry": {"type": "LineString", "coordinates": self.geometry.tolist()},
            "properties": {"cost": self.cost, "unit": self.unit, "km": self.km,
                           "border_crossings": self.border_crossings}}


def net_route_to_geopandas(self):
    return _features_gdf([net_route_to_geojson(self)])


def forecast_to_pandas(self):
    """One row per cargo class and OD: units and tonnes per year (base, scenario, diverted,
    generated), generalized and composite cost in USD per unit, tonne-km per year by mode."""
    rows = []
    for o in self.ods:
        row = {"class": o.cargo_class, "unit": o.unit, "origin": o.origin,
               "destination": o.destination, "corridor": o.corridor, "routed": o.routed,
               "tonnes_per_unit": o.tonnes_per_unit}
        for k in ("units", "tonnes"):
            for side in ("base", "scenario", "diverted", "generated"):
                row[f"{side}_{k}_per_year"] = getattr(o, f"{side}_{k}")
        for side in ("base", "scenario"):
            row[f"{side}_cost_usd_per_unit"] = getattr(o, f"{side}_cost_usd")
            row[f"{side}_composite_usd_per_unit"] = getattr(o, f"{side}_composite_usd")
        row["theta_per_usd"] = o.theta
        for side in ("base", "scenario"):
            tkm = getattr(o, f"{side}_tkm")
            for mode in ("rail", "road", "ferry"):
                row[f"{side}_{mode}_tkm_per_year"] = getattr(tkm, mode)
            row[f"{side}_headline_units_per_year"] = getattr(o, f"{side}_headline_units")
        rows.append(row)
    return _pd().DataFrame(rows)


def appraise_to_pandas(self):
    """The annual table (the CLI's --csv): one row per year, money in USD, tonnes per year,
    CO2 in tCO2e (column names carry the units)."""
    cols = self.annual()
    df = _pd().DataFrame(cols)
    df["year"] = df["year"].astype(int)
    return df


# The identifying columns of each layer first (the layers' fields come sorted by name).
_FIRST = {
    "forecast_sections": ("section_id", "section_name", "cargo_class"),
    "forecast_links": ("link_id", "mode", "length_km"),
    "appraise_ods": ("year", "cargo_class", "origin", "destination", "corridor"),
    "sim_resources": ("resource_id", "kind", "name"),
    "sim_links": ("resource_id", "link_id", "kind", "name"),
    "sim_flows": ("flow_id", "direction", "unit"),
    "sim_directions": ("direction", "unit"),
    "sim_capacity": ("load_share", "direction"),
}


def _ordered(df, name):
    first = [c for c in _FIRST.get(name, ()) if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


def _layer_gdf(self, layer, default):
    layers = self.layers()
    name = layer or default
    if name not in layers:
        raise KeyError(f"no layer {name!r}; layers: {', '.join(layers)}")
    gpd = _gpd()
    features = layers[name]
    if not features:
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326")
    gdf = _features_gdf(features, _FIRST.get(name, ()))
    return gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]


def _layer_df(self, layer, default):
    layers = self.layers()
    name = layer or default
    if name not in layers:
        raise KeyError(f"no table {name!r}; tables: {', '.join(layers)}")
    return _ordered(_pd().DataFrame([f["properties"] for f in layers[name]]), name)


def forecast_to_geopandas(self, layer="forecast_sections"):
    """Line geometries (EPSG:4326) with volumes: ``forecast_sections`` (default; one row per
    section and cargo class: tonnes per year by class, the section's capacity, V/C and delay) or
    ``forecast_links`` (one row per loaded link: tonnes and tonne-km per year)."""
    return _layer_gdf(self, layer, "forecast_sections")


def appraise_to_geopandas(self, layer="appraise_ods"):
    """OD desire lines (EPSG:4326), one row per forecast year and OD: units per year, composite
    cost USD per unit and the OD's user benefit in USD per year (rule of a half, before ramp-up)."""
    return _layer_gdf(self, layer, "appraise_ods")


def simulate_to_pandas(self, table="sim_resources"):
    """A table of the simulation (units in the column names; ``_ci95`` = half-width of the 95 %
    confidence interval over replications): ``sim_resources`` (default), ``sim_links``,
    ``sim_flows``, ``sim_directions`` or ``sim_capacity`` (with capacity=True)."""
    return _layer_df(self, table, "sim_resources")


def simulate_to_geopandas(self, layer="sim_resources"):
    """``sim_resources`` (default; Points at the elements' nodes), ``sim_links`` (the dataset's
    link lines with their element's utilisation, queue and waits) or ``sim_flows`` (each flow
    along its route, with throughput and waits), EPSG:4326."""
    return _layer_gdf(self, layer, "sim_resources")


def install():
    _corridor.ForecastResult.to_pandas = forecast_to_pandas
    _corridor.AppraiseResult.to_pandas = appraise_to_pandas
    _corridor.RouteResult.to_pandas = route_to_pandas
    _corridor.RouteResult.to_geopandas = route_to_geopandas
    _corridor.CompareResult.to_pandas = compare_to_pandas
    _corridor.CompareResult.to_geopandas = compare_to_geopandas
    _corridor.AssignResult.to_pandas = assign_to_pandas
    _corridor.AssignResult.to_geopandas = assign_to_geopandas
    _corridor.CriticalResult.to_pandas = critical_to_pandas
    _corridor.CriticalResult.to_geopandas = critical_to_geopandas
    _corridor.TntpResult.to_pandas = tntp_to_pandas
    _corridor.NetRoute.to_geojson = net_route_to_geojson
    _corridor.NetRoute.to_geopandas = net_route_to_geopandas
    _corridor.ForecastResult.to_geopandas = forecast_to_geopandas
    _corridor.AppraiseResult.to_geopandas = appraise_to_geopandas
    _corridor.SimulateResult.to_pandas = simulate_to_pandas
    _corridor.SimulateResult.to_geopandas = simulate_to_geopandas
