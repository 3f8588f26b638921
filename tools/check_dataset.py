#!/usr/bin/env python3
"""Sanity checks for a Corridor dataset directory (default data/caucasus), python3 stdlib only.

The C++ loader (`corridor validate DIR`) is the authority; this script checks the same rules as
docs/file-formats.md where it can, plus dataset-specific facts:
  * ids, references, enums, numbers, border rules, gauges, non-empty `source` cells;
  * geometry: WKT LINESTRING whose ends lie near the link's end nodes;
  * scenarios: TOML layout, link ids that exist, base chains;
  * routes (by length, over (node, mode, gauge) states with transfers and gauge changes):
    the Baku->Kars rail length, and which pairs are reachable by rail / road in each scenario.
Usage: tools/check_dataset.py [DIR] [--routes]
"""
import csv
import heapq
import io
import math
import os
import re
import sys
import tomllib
import unicodedata

ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
NODE_TYPES = {"city", "station", "port", "terminal", "border_post", "junction"}
MODES = {"rail", "road", "ferry"}
STATUSES = {"operating", "construction", "planned", "closed"}
SET_FIELDS = {"dwell_hours", "fee_usd", "tariff_usd_km", "capacity_tpd", "free_speed", "travel_hours"}

problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("#")]
    rdr = csv.DictReader(io.StringIO("\n".join(lines)))
    return rdr.fieldnames, list(rdr)


def num(v, where, col, lo=None, hi=None, required=False):
    if v is None or v == "":
        if required:
            problem(where, "column '%s' is required" % col)
        return None
    try:
        x = float(v)
    except ValueError:
        problem(where, "column '%s': expected a number, found %r" % (col, v))
        return None
    if math.isnan(x) or math.isinf(x):
        problem(where, "column '%s': nan/inf" % col)
        return None
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        problem(where, "column '%s': %s out of range" % (col, v))
    return x


def hav(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = (math.sin((p2 - p1) / 2) ** 2 +
         math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def fold(s):
    s = s.replace("ı", "i").replace("ə", "e").replace("Ə", "e")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def check_link(l, w, i, N, L):
    """Check one link row (from link.csv, or a scenario's [[add]] block with its values as
    strings) and store it in L; w says where it is for the problem messages."""
    lid = l["link_id"]
    if not ID_RE.match(lid or ""):
        problem(w, "bad link_id")
    if lid in L:
        problem(w, "duplicate link_id")
    a, b = l["from_node_id"], l["to_node_id"]
    if a not in N or b not in N:
        problem(w, "unknown node %s/%s" % (a, b))
        return
    if a == b:
        problem(w, "from == to")
    if l.get("directed") not in ("0", "1", "true", "false", "yes", "no"):
        problem(w, "directed %r" % l.get("directed"))
    mode = l.get("mode")
    if mode not in MODES:
        problem(w, "mode %r" % mode)
    lt = l.get("link_type") or "line"
    if lt not in ("line", "border"):
        problem(w, "link_type %r" % lt)
    ca, cb = N[a]["country"], N[b]["country"]
    if lt == "border" and ca == cb:
        problem(w, "border link inside %s" % ca)
    if lt == "line" and mode in ("rail", "road") and ca != cb:
        problem(w, "line link joins %s and %s" % (ca, cb))
    length = num(l.get("length"), w, "length", 0, None, True)
    fs = num(l.get("free_speed"), w, "free_speed", 1e-9)
    th = num(l.get("travel_hours"), w, "travel_hours", 0)
    if fs is None and th is None:
        problem(w, "needs free_speed or travel_hours")
    for col in ("dwell_hours", "dwell_sd_hours", "fee_usd", "tariff_usd_km", "capacity_tpd"):
        num(l.get(col), w, col, 0)
    g = l.get("gauge_mm", "")
    gauges = set()
    if mode == "rail":
        for x in g.split(";"):
            if x not in ("1520", "1435"):
                problem(w, "gauge_mm %r" % g)
            gauges.add(x)
    elif g:
        problem(w, "gauge on a %s link" % mode)
    st = l.get("status")
    if st not in STATUSES:
        problem(w, "status %r" % st)
    yr = l.get("status_year")
    if st in ("construction", "planned", "closed") and not yr:
        problem(w, "status %s without status_year" % st)
    if not l.get("source", "").strip():
        problem(w, "empty source")
    geom = l.get("geometry", "")
    if geom:
        m = re.match(r"^LINESTRING\((.*)\)$", geom)
        if not m:
            problem(w, "geometry not a WKT LINESTRING")
        else:
            pts = []
            for p in m.group(1).split(","):
                x, y = p.split()
                pts.append((float(y), float(x)))
            pa, pb = (N[a]["lat"], N[a]["lon"]), (N[b]["lat"], N[b]["lon"])
            if hav(pts[0], pa) > 5 or hav(pts[-1], pb) > 5:
                problem(w, "geometry ends are not at the end nodes")
            glen = sum(hav(p, q) for p, q in zip(pts, pts[1:]))
            if length and length > 3 and (glen > 1.6 * length or glen < 0.6 * length):
                problem(w, "geometry length %.0f km vs length %.0f km" % (glen, length))
    else:
        problem(w, "no geometry")
    gc = hav((N[a]["lat"], N[a]["lon"]), (N[b]["lat"], N[b]["lon"]))
    if length is not None and length + 0.5 < 0.95 * gc:
        problem(w, "length %.1f km below great-circle %.1f km" % (length, gc))
    L[lid] = dict(l, a=a, b=b, length=length or 0, fs=fs, th=th, gauges=gauges, type=lt,
                  year=int(yr) if yr else None, line=i)


def load(d):
    cfg_h, cfg = read(os.path.join(d, "config.csv"))
    if len(cfg) != 1:
        problem("config.csv", "expected one row")
    c = cfg[0]
    for col, want in (("long_length", "km"), ("speed", "km/h"), ("crs", "EPSG:4326"), ("currency", "USD")):
        if c.get(col) != want:
            problem("config.csv", "%s must be %s" % (col, want))
    base_year = int(c.get("base_year") or 2026)

    _, nodes = read(os.path.join(d, "node.csv"))
    N = {}
    for i, n in enumerate(nodes, 2):
        w = "node.csv:%d" % i
        nid = n["node_id"]
        if not ID_RE.match(nid or ""):
            problem(w, "bad node_id %r" % nid)
        if nid in N:
            problem(w, "duplicate node_id %s" % nid)
        if not n.get("name"):
            problem(w, "name required")
        lon = num(n["x_coord"], w, "x_coord", -180, 180, True)
        lat = num(n["y_coord"], w, "y_coord", -90, 90, True)
        if not re.match(r"^[A-Z]{2}$", n.get("country", "")):
            problem(w, "country %r" % n.get("country"))
        if n.get("node_type") not in NODE_TYPES:
            problem(w, "node_type %r" % n.get("node_type"))
        if not nid.startswith(n.get("country", "") + "-"):
            problem(w, "id %s does not start with its country" % nid)
        for col in ("transfer_hours", "transfer_usd", "gauge_change_hours", "gauge_change_usd"):
            num(n.get(col), w, col, 0)
        if not n.get("source", "").strip():
            problem(w, "empty source")
        N[nid] = dict(n, lat=lat, lon=lon, line=i)

    seen = {}
    for nid, n in N.items():
        for nm in [n["name"]] + [a for a in n.get("aliases", "").split(";") if a]:
            k = fold(nm)
            if k in seen and seen[k] != nid:
                problem("node.csv:%d" % n["line"], "name/alias %r also names %s" % (nm, seen[k]))
            seen.setdefault(k, nid)
    _, links = read(os.path.join(d, "link.csv"))
    L = {}
    for i, l in enumerate(links, 2):
        w = "link.csv:%d (%s)" % (i, l.get("link_id"))
        check_link(l, w, i, N, L)
    return base_year, N, L


def check_params(d):
    _, rows = read(os.path.join(d, "params.csv"))
    profs = {}
    for i, r in enumerate(rows, 2):
        w = "params.csv:%d" % i
        if not r.get("source", "").strip():
            problem(w, "empty source")
        profs.setdefault(r["profile"], {})[(r["parameter"], r.get("mode", ""), r.get("country", ""))] = r["value"]
        if r["parameter"] == "tariff_km" and r.get("mode") not in MODES:
            problem(w, "tariff_km needs a mode")
    for p in ("teu", "tonne"):
        if p not in profs:
            problem("params.csv", "profile %s missing" % p)
            continue
        for k in ("value_of_time", "money_per_teu", "tonnes_per_unit"):
            if (k, "", "") not in profs[p]:
                problem("params.csv", "%s: %s missing" % (p, k))
        parts = [float(profs[p][(k, "", "")]) for k in ("vot_inventory", "vot_equipment")
                 if (k, "", "") in profs[p]]
        if parts and abs(sum(parts) - float(profs[p].get(("value_of_time", "", ""), "nan"))) > 1e-6:
            problem("params.csv", "%s: value_of_time is not vot_inventory + vot_equipment" % p)
    # `tonne` is the same cargo as `teu` per tonne: every money and time value is teu's / 14 t,
    # so both profiles rank routes identically (issue 10).
    if "teu" in profs and "tonne" in profs:
        t14 = float(profs["teu"].get(("tonnes_per_unit", "", ""), "nan"))
        for key, v in profs["teu"].items():
            if key[0] in ("description", "tonnes_per_unit"):
                continue
            if key not in profs["tonne"]:
                problem("params.csv", "tonne has no row for teu's %s" % (key,))
                continue
            want = float(v) / t14
            got = float(profs["tonne"][key])
            if key[0] == "money_per_teu":
                want = 1.0 / t14
            if abs(got - want) > 1e-6 * max(1.0, want) and abs(got - want) > 5e-7:
                problem("params.csv", "tonne %s = %s, expected teu/%g = %.7g" % (key, got, t14, want))


def load_scenarios(d, L, N):
    sc = {}
    sd = os.path.join(d, "scenarios")
    for f in sorted(os.listdir(sd)):
        if not f.endswith(".toml"):
            continue
        with open(os.path.join(sd, f), "rb") as fh:
            try:
                t = tomllib.load(fh)
            except tomllib.TOMLDecodeError as e:
                problem(f, str(e))
                continue
        if not t.get("description"):
            problem(f, "description missing")
        # every scenario states its one year, and its description says it (issue 10)
        if not isinstance(t.get("year"), int):
            problem(f, "year missing: every scenario states the year it models")
        elif str(t["year"]) not in t.get("description", ""):
            problem(f, "description does not say the scenario's year %d" % t["year"])
        # links added by the scenario ([[add]]): the same checks as a link.csv row (ids, nodes,
        # numbers, status, source, geometry ends and length vs the end coordinates), and a source
        # that cites a fact sheet or says "estimate"
        t["_added"] = {}
        for k, blk in enumerate(t.get("add", []), 1):
            row = {c: ("" if v is None else ("true" if v is True else "false" if v is False else str(v)))
                   for c, v in blk.items()}
            for c in ("link_id", "from_node_id", "to_node_id", "mode", "length", "status", "source",
                      "geometry"):
                row.setdefault(c, "")
            w = "%s [[add]] #%d (%s)" % (f, k, row.get("link_id"))
            if row["link_id"] in L:
                problem(w, "link_id already in link.csv")
                continue
            added = {}
            check_link(row, w, k, N, added)
            src = row.get("source", "")
            if src and not any(x in src for x in ("facts", "estimate", "OSM")):
                problem(w, "source neither cites a fact sheet nor says 'estimate'")
            t["_added"].update(added)
        known = dict(L)
        known.update(t["_added"])
        for sect in ("open", "close", "set"):
            for blk in t.get(sect, []):
                for lid in blk.get("links", []):
                    if lid not in known and not any(lid in sc_t.get("_added", {}) for sc_t in sc.values()):
                        problem(f, "[[%s]] unknown link %s" % (sect, lid))
                for cc in blk.get("countries", []):
                    if not any(n["country"] == cc for n in N.values()):
                        problem(f, "unknown country %s" % cc)
                if sect == "set":
                    for k in blk:
                        if k != "links" and k not in SET_FIELDS:
                            problem(f, "[[set]] unknown field %s" % k)
        sc[f[:-5]] = t
    if "baseline" not in sc:
        problem("scenarios", "baseline.toml missing")
    return sc


def network(base_year, N, L, sc, name):
    """Apply scenario `name` (and its bases); return {link_id: link dict} of open links."""
    chain = []
    while name:
        chain.append(sc[name])
        name = sc[name].get("base")
    chain.reverse()
    year = base_year
    for t in chain:
        year = t.get("year", year)
    L = dict(L)
    for t in chain:
        L.update(t.get("_added", {}))  # links that exist only in this scenario (or a base)
    is_open = {}
    for lid, l in L.items():
        st = l["status"]
        is_open[lid] = st == "operating" or (st in ("construction", "planned") and l["year"] <= year)
    links = {lid: dict(l) for lid, l in L.items()}
    for t in chain:
        for blk in t.get("open", []):
            for lid in blk.get("links", []):
                is_open[lid] = True
        for blk in t.get("close", []):
            for lid in blk.get("links", []):
                is_open[lid] = False
            for cc in blk.get("countries", []):
                for lid, l in L.items():
                    if l["type"] == "border" or (l["mode"] == "ferry" and N[l["a"]]["country"] != N[l["b"]]["country"]):
                        if cc in (N[l["a"]]["country"], N[l["b"]]["country"]):
                            is_open[lid] = False
        for blk in t.get("set", []):
            for lid in blk.get("links", []):
                for k, v in blk.items():
                    if k == "free_speed":
                        links[lid]["fs"] = v
                    elif k == "travel_hours":
                        links[lid]["th"] = v
    return {lid: l for lid, l in links.items() if is_open[lid]}


def route(N, links, src, dst, modes, metric="km"):
    """Shortest path by km (or hours) over (node, mode, gauge) states. Returns (value, [link ids], countries)."""
    adj = {}
    for lid, l in links.items():
        if l["mode"] not in modes:
            continue
        gs = l["gauges"] if l["mode"] == "rail" else {""}
        h = (l["th"] if l["th"] is not None else l["length"] / l["fs"]) + float(l.get("dwell_hours") or 0)
        w = l["length"] if metric == "km" else h
        for g in gs:
            for a, b in ((l["a"], l["b"]), (l["b"], l["a"])):
                adj.setdefault((a, l["mode"], g), []).append(((b, l["mode"], g), w, lid))
    starts = [s for s in adj if s[0] == src]
    dist = {s: 0.0 for s in starts}
    prev = {}
    heap = [(0.0, s) for s in starts]
    while heap:
        d, s = heapq.heappop(heap)
        if d > dist.get(s, 1e18):
            continue
        if s[0] == dst:
            path, countries = [], []
            while s in prev:
                s, lid = prev[s]
                if lid:
                    path.append(lid)
            path.reverse()
            for lid in path:
                for nid in (links[lid]["a"], links[lid]["b"]):
                    pass
            return d, path
        node = N[s[0]]
        nxt = list(adj.get(s, []))
        # transfers and gauge changes at this node (cost 0 for km routing)
        for t in adj:
            if t[0] == s[0] and t != s:
                if t[1] != s[1] and node.get("transfer_hours"):
                    nxt.append((t, 0.0 if metric == "km" else float(node["transfer_hours"]), None))
                elif t[1] == s[1] == "rail" and t[2] != s[2] and node.get("gauge_change_hours"):
                    nxt.append((t, 0.0 if metric == "km" else float(node["gauge_change_hours"]), None))
        for t, w, lid in nxt:
            nd = d + w
            if nd < dist.get(t, 1e18):
                dist[t] = nd
                prev[t] = (s, lid)
                heapq.heappush(heap, (nd, t))
    return None, []


def countries_of(N, links, path, src):
    seq, cur = [N[src]["country"]], src
    for lid in path:
        l = links[lid]
        cur = l["b"] if l["a"] == cur else l["a"]
        if N[cur]["country"] != seq[-1]:
            seq.append(N[cur]["country"])
    return seq


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    d = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "caucasus")
    base_year, N, L = load(d)
    check_params(d)
    sc = load_scenarios(d, L, N)
    for f in ("pairs.csv",):
        _, rows = read(os.path.join(d, f))
    for f in os.listdir(d):
        if f.startswith("demand") and f.endswith(".csv"):
            _, rows = read(os.path.join(d, f))
            for i, r in enumerate(rows, 2):
                if r.get("unit") not in ("teu", "tonnes"):
                    problem("%s:%d" % (f, i), "unit %r" % r.get("unit"))
                if not r.get("source", "").strip():
                    problem("%s:%d" % (f, i), "empty source")
    nb = sum(1 for l in L.values() if l["type"] == "border")
    print("%d nodes, %d links (%d border, %d ferry), %d scenarios" %
          (len(N), len(L), nb, sum(1 for l in L.values() if l["mode"] == "ferry"), len(sc)))
    if "--routes" in sys.argv:
        base = network(base_year, N, L, sc, "baseline")
        km, path = route(N, base, "AZ-BAKU", "TR-KARS", {"rail"})
        print("BTK Baku->Kars rail (baseline): %.1f km via %s" % (km, " ".join(path)) if km else "BTK: no route")
        checks = [("AZ-BAKU", "AZ-NAKHCHIVAN"), ("AZ-BAKU", "TR-KARS"), ("KZ-AKTAU", "TR-KARS"),
                  ("AZ-BAKU", "AM-YEREVAN"), ("GE-TBILISI", "AZ-NAKHCHIVAN"), ("AM-YEREVAN", "AZ-NAKHCHIVAN"),
                  ("AZ-GANJA", "AZ-JULFA"), ("AZ-BAKU", "TR-ISTANBUL"), ("KZ-AKTAU", "GE-POTI"),
                  ("AM-YEREVAN", "TR-KARS"), ("IR-TABRIZ", "AM-YEREVAN")]
        for s in sorted(sc):
            net = network(base_year, N, L, sc, s)
            print("== %s" % s)
            for a, b in checks:
                out = []
                for modes, lab in (({"rail"}, "rail"), ({"road"}, "road"), ({"rail", "road", "ferry"}, "any")):
                    km, path = route(N, net, a, b, modes)
                    out.append("%s %s" % (lab, "-" if km is None else "%.0f km %s" %
                                           (km, "-".join(countries_of(N, net, path, a)))))
                print("  %-14s %-14s %s" % (a, b, " | ".join(out)))
    for p in problems[:200]:
        print("PROBLEM", p)
    print("%d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
