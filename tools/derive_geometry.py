#!/usr/bin/env python3
"""Derive rail-link geometry (and OSM lengths) for data/caucasus/link.csv from OpenStreetMap.

Reads the OSM railway extract ../shared/data/osm/caucasus/azerbaijan-bbox-railways.json
(a JSON array of ways {id, type, geometry: [[lat, lon], ...]}; (c) OpenStreetMap contributors,
ODbL 1.0) -- it is read in place and never copied into this project.

For every rail link (line or border) whose two end nodes lie inside the extract, it
  1. builds a graph over the railway ways (ways touching only by coordinate are joined; dangling
     way ends are joined to the nearest railway point within JOIN_M metres, to mend small gaps),
  2. snaps both end nodes to the nearest railway point (within SNAP_KM),
  3. takes the shortest path between them (optionally forced through via points, see VIA),
  4. simplifies it with Douglas-Peucker to at most MAX_POINTS points,
and writes WKT LINESTRING(lon lat, ...) into link.csv's `geometry` column.
The exact path length is the "OSM-derived length". It replaces `length` only when the link's
source cell says `length: OSM-derived` (the cited length is kept otherwise); every derived length
is reported next to the cited one.

Links that are not derived (roads, ferries, rail outside the extract, or no path) get a straight
LINESTRING between their end nodes if their geometry is empty; hand-written geometry is kept.

Usage: tools/derive_geometry.py [--data data/caucasus] [--osm PATH] [--dry-run] [--only LINK_ID ...]
Python 3 standard library only.
"""
import argparse
import csv
import heapq
import io
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "data", "caucasus")
DEFAULT_OSM = os.path.join(HERE, "..", "..", "shared", "data", "osm", "caucasus",
                           "azerbaijan-bbox-railways.json")
JOIN_M = 60.0          # join a dangling way end to the nearest railway point within this radius
SNAP_KM = 4.0          # an end node must lie within this distance of the railway network
MAX_POINTS = 30
USE_TYPES = {"rail", "construction"}
GRID = 0.01            # degrees, spatial hash cell

# Via points (lat, lon) forcing the path along the right line where the shortest path would
# take a different (real) railway. Keyed by link_id.
VIA = {
}
# Links never derived from OSM (e.g. the OSM extract holds only part of the line).
SKIP = set()


def hav_km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class RailGraph:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            ways = json.load(f)
        self.idx = {}      # (lat, lon) -> vertex
        self.pts = []      # vertex -> (lat, lon)
        self.adj = []      # vertex -> list of (vertex, km)
        self.grid = {}     # cell -> vertices
        self.lat_min = self.lon_min = 1e9
        self.lat_max = self.lon_max = -1e9
        ends = []
        for w in ways:
            if w.get("type") not in USE_TYPES:
                continue
            g = [tuple(p) for p in w["geometry"]]
            prev = None
            for p in g:
                v = self._vertex(p)
                if prev is not None and prev != v:
                    self._edge(prev, v)
                prev = v
            ends.append(self.idx[g[0]])
            ends.append(self.idx[g[-1]])
        # mend gaps: a way end of degree 1 joins the nearest vertex (not its own neighbour)
        joined = 0
        for v in ends:
            if len(self.adj[v]) != 1:
                continue
            best, bd = None, JOIN_M / 1000.0
            nb = self.adj[v][0][0]
            for u in self._near(self.pts[v], 1):
                if u == v or u == nb:
                    continue
                d = hav_km(self.pts[u], self.pts[v])
                if d < bd:
                    best, bd = u, d
            if best is not None:
                self._edge(v, best)
                joined += 1
        self.joined = joined

    def _vertex(self, p):
        v = self.idx.get(p)
        if v is None:
            v = len(self.pts)
            self.idx[p] = v
            self.pts.append(p)
            self.adj.append([])
            self.grid.setdefault((int(p[0] / GRID), int(p[1] / GRID)), []).append(v)
            self.lat_min, self.lat_max = min(self.lat_min, p[0]), max(self.lat_max, p[0])
            self.lon_min, self.lon_max = min(self.lon_min, p[1]), max(self.lon_max, p[1])
        return v

    def _edge(self, a, b):
        d = hav_km(self.pts[a], self.pts[b])
        self.adj[a].append((b, d))
        self.adj[b].append((a, d))

    def _near(self, p, r):
        ci, cj = int(p[0] / GRID), int(p[1] / GRID)
        for i in range(ci - r, ci + r + 1):
            for j in range(cj - r, cj + r + 1):
                yield from self.grid.get((i, j), ())

    def contains(self, p):
        return (self.lat_min - 0.02 <= p[0] <= self.lat_max + 0.02 and
                self.lon_min - 0.02 <= p[1] <= self.lon_max + 0.02)

    def snap(self, p, max_km=SNAP_KM):
        r = max(1, int(math.ceil(max_km / (GRID * 80))))
        best, bd = None, max_km
        for u in self._near(p, r):
            d = hav_km(self.pts[u], p)
            if d < bd:
                best, bd = u, d
        return best, bd

    def shortest(self, s, t):
        dist = {s: 0.0}
        prev = {}
        heap = [(0.0, s)]
        while heap:
            d, v = heapq.heappop(heap)
            if v == t:
                break
            if d > dist.get(v, 1e18):
                continue
            for u, w in self.adj[v]:
                nd = d + w
                if nd < dist.get(u, 1e18):
                    dist[u] = nd
                    prev[u] = v
                    heapq.heappush(heap, (nd, u))
        if t not in dist:
            return None, None
        path = [t]
        while path[-1] != s:
            path.append(prev[path[-1]])
        path.reverse()
        return dist[t], [self.pts[v] for v in path]


def douglas_peucker(pts, max_points):
    """Simplify to at most max_points, raising the tolerance until it fits."""
    if len(pts) <= max_points:
        return pts
    # local equirectangular projection in km
    lat0 = math.radians(sum(p[0] for p in pts) / len(pts))
    xy = [(p[1] * 111.32 * math.cos(lat0), p[0] * 110.57) for p in pts]

    def seg_dist(p, a, b):
        (px, py), (ax, ay), (bx, by) = p, a, b
        dx, dy = bx - ax, by - ay
        L = dx * dx + dy * dy
        t = 0 if L == 0 else max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / L))
        return math.hypot(px - ax - t * dx, py - ay - t * dy)

    def simplify(tol):
        keep = [False] * len(pts)
        keep[0] = keep[-1] = True
        stack = [(0, len(pts) - 1)]
        while stack:
            i, j = stack.pop()
            best, bi = -1, -1
            for k in range(i + 1, j):
                d = seg_dist(xy[k], xy[i], xy[j])
                if d > best:
                    best, bi = d, k
            if bi >= 0 and best > tol:
                keep[bi] = True
                stack.append((i, bi))
                stack.append((bi, j))
        return [p for p, k in zip(pts, keep) if k]

    tol = 0.05
    out = simplify(tol)
    while len(out) > max_points:
        tol *= 1.5
        out = simplify(tol)
    return out


def wkt(pts_latlon):
    return "LINESTRING(" + ", ".join("%.5f %.5f" % (p[1], p[0]) for p in pts_latlon) + ")"


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    lines = text.splitlines(keepends=True)
    comments = [l for l in lines if l.startswith("#")]
    body = "".join(l for l in lines if not l.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    header = next(csv.reader(io.StringIO(body)))
    return header, rows, comments


def write_csv(path, header, rows, comments):
    buf = io.StringIO()
    for c in comments:
        buf.write(c if c.endswith("\n") else c + "\n")
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def fmt_len(x):
    return ("%.1f" % x).rstrip("0").rstrip(".")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--osm", default=DEFAULT_OSM)
    ap.add_argument("--dry-run", action="store_true", help="report only, do not write link.csv")
    ap.add_argument("--only", nargs="*", help="derive only these link ids")
    args = ap.parse_args()

    _, nodes, _ = read_csv(os.path.join(args.data, "node.csv"))
    coord = {n["node_id"]: (float(n["y_coord"]), float(n["x_coord"])) for n in nodes}
    lpath = os.path.join(args.data, "link.csv")
    header, links, comments = read_csv(lpath)

    g = RailGraph(args.osm)
    print("OSM graph: %d vertices, %d gap joins, extent %.2f-%.2f N %.2f-%.2f E"
          % (len(g.pts), g.joined, g.lat_min, g.lat_max, g.lon_min, g.lon_max), file=sys.stderr)
    print("%-34s %8s %8s %8s %6s  %s" % ("link", "cited", "osm", "gc", "snap", "note"))
    for r in links:
        lid = r["link_id"]
        a, b = coord[r["from_node_id"]], coord[r["to_node_id"]]
        derived = False
        if (r["mode"] == "rail" and lid not in SKIP and (not args.only or lid in args.only)
                and g.contains(a) and g.contains(b)):
            seq = [a] + list(VIA.get(lid, [])) + [b]
            snaps = [g.snap(p) for p in seq]
            note = ""
            if any(s[0] is None for s in snaps):
                note = "no railway within %.0f km" % SNAP_KM
            else:
                total, path = 0.0, []
                for (s, _), (t, _) in zip(snaps, snaps[1:]):
                    d, p = g.shortest(s, t)
                    if d is None:
                        note = "no OSM path"
                        break
                    total += d
                    path += p if not path else p[1:]
                if not note:
                    gc = hav_km(a, b)
                    # geometry runs node -> railway -> ... -> railway -> node
                    full = [a] + path + [b]
                    simp = douglas_peucker(full, MAX_POINTS)
                    r["geometry"] = wkt(simp)
                    derived = True
                    snapkm = max(s[1] for s in snaps)
                    flag = ""
                    try:
                        cited = float(r["length"])
                    except ValueError:
                        cited = float("nan")
                    if "length: OSM-derived" in r["source"]:
                        r["length"] = fmt_len(total)
                        flag = "length <- OSM"
                    elif cited > 0 and abs(total - cited) / cited > 0.15:
                        flag = "DIFF %.0f%%" % (100 * (total - cited) / cited)
                    print("%-34s %8s %8.1f %8.1f %6.2f  %s" % (lid, r["length"], total, gc, snapkm, flag))
            if note:
                print("%-34s %8s %8s %8s %6s  %s" % (lid, r["length"], "-", "-", "-", note))
        if not derived and not r.get("geometry", "").strip():
            r["geometry"] = wkt([a, b])
    if not args.dry_run:
        write_csv(lpath, header, links, comments)


if __name__ == "__main__":
    main()
