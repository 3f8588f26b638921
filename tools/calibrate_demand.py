#!/usr/bin/env python3
"""Fit a dataset's base-year demand file to its observed volumes (counts.csv), python3 stdlib only.

Procedure (documented in data/caucasus/README.md, "Observed volumes"):
  * Prior: the `prior_volume` column of the demand file (the estimates built from the fact sheets,
    each with its source); a file without the column is treated as all prior.
  * Counts: the rows of counts.csv with use = calibrate (direction must be `both`); each names a
    section of sections.csv or link ids.
  * Select-link shares: the tool writes a scratch copy of the dataset whose sections.csv has one
    section per calibration count, gives every demand row its own corridor label, and runs
    `corridor assign --json` (scenario baseline, profile teu): share_via[count][row] is the share of
    the row's freight that crosses the count's links, and sections[count] the assigned tonnes.
  * Fit: multiplicative balancing (the bi-proportional / ME2 family, appraisal-facts §C.2): for each
    count c with observed C and assigned M, every row r crossing it is scaled by
    1 + s_rc (C/M - 1); counts are visited in turn until the linearised model matches them (50
    passes), then the assignment is run again (routes react to congestion), up to 12 rounds or until
    every calibration count is within 1 %. A row's scale is kept within [0.1, 10] of its prior.
  * Classes: the `class` column (cargo classes of classes.csv) is carried through unchanged and
    checked against classes.csv; the fit itself is by tonnes, whatever the class.
  * Output: `volume` = fitted value rounded to 3 significant figures (TEU) or to 1,000 t; rows that
    cross no calibration count keep their prior; the source cell records the factor and the counts.
Deterministic: the same inputs give the same file.
Usage: tools/calibrate_demand.py [--data DIR] [--demand FILE] [--corridor BIN] [--check]
  --check: do not write; exit 1 if the file differs from what the procedure produces.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SUFFIX = re.compile(r"; calibrated ×[^;]*\(tools/calibrate_demand\.py\)$")


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    comments = [l for l in text.split("\n") if l.startswith("#")]
    body = "\n".join(l for l in text.split("\n") if l.strip() and not l.startswith("#"))
    r = csv.DictReader(io.StringIO(body))
    return comments, r.fieldnames, list(r)


def sig3(x):
    if x <= 0:
        return 0
    d = 10 ** (math.floor(math.log10(x)) - 2)
    return int(round(x / d) * d)


def class_names(data):
    """The class names of DIR/classes.csv, or None when the dataset has no classes file."""
    path = os.path.join(data, "classes.csv")
    if not os.path.exists(path):
        return None
    return {c["class"] for c in read(path)[2]}


def assign(corridor, data, rows, counts, sections, tmp):
    """Runs the assignment on a scratch copy; returns (shares[r][c], tonnes_per_year[c])."""
    scratch = os.path.join(tmp, "data")
    if not os.path.isdir(scratch):
        os.makedirs(scratch)
        for f in os.listdir(data):
            if f in ("sections.csv", "counts.csv") or f.startswith("demand"):
                continue
            src = os.path.join(data, f)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(scratch, f))
        # The scratch sections.csv holds one section per count, so config.csv's headline section
        # (a section of the real file) is cleared in the copy.
        cfg = os.path.join(scratch, "config.csv")
        if os.path.exists(cfg):
            with open(cfg, encoding="utf-8", newline="") as f:
                cfg_rows = list(csv.reader(f))
            if cfg_rows and "headline_section" in cfg_rows[0]:
                k = cfg_rows[0].index("headline_section")
                for r in cfg_rows[1:]:
                    if k < len(r):
                        r[k] = ""
                with open(cfg, "w", encoding="utf-8", newline="") as f:
                    csv.writer(f, lineterminator="\n").writerows(cfg_rows)
        with open(os.path.join(scratch, "sections.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["section", "name", "link_id", "source"])
            for c in counts:
                for lid in sections[c["count_id"]]:
                    w.writerow([c["count_id"], c["count_id"], lid, "calibration count"])
    dpath = os.path.join(tmp, "demand.csv")
    with open(dpath, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["origin", "destination", "volume", "unit", "class", "corridor", "source"])
        for i, r in enumerate(rows):
            w.writerow([r["origin"], r["destination"], "%.6f" % r["fit"], r["unit"], r["class"],
                        "r%04d" % i, "calibration run"])
    out = subprocess.run([corridor, "assign", "--data", scratch, "--demand", dpath, "--scenario",
                          "baseline", "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("corridor assign failed:\n" + out.stderr)
    j = json.loads(out.stdout)
    shares = {}
    for c in j["corridors"]:
        i = int(c["corridor"][1:])
        shares[i] = {k: v["scenario"] for k, v in c["share_via"].items()}
    tpy = {s["section"]: s["scenario"]["tonnes_per_day"] * 365 for s in j["sections"]}
    return shares, tpy


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "caucasus"))
    ap.add_argument("--demand", default=None, help="default: DIR/demand-2025.csv")
    ap.add_argument("--corridor", default=os.path.join(HERE, "..", "build", "release", "apps",
                                                       "corridor", "corridor"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    demand = a.demand or os.path.join(a.data, "demand-2025.csv")
    comments, fields, rows = read(demand)
    # The cargo class column (classes.csv) passes through; a file without it gets the documented
    # default of the demand model (container for teu rows, general for tonnes rows).
    classes = class_names(a.data)
    for n, r in enumerate(rows):
        if "class" not in fields:
            r["class"] = "container" if r["unit"] == "teu" else "general"
        elif classes is not None and r["class"] not in classes:
            sys.exit("%s: row %d: class '%s' is not a class of classes.csv (%s)" % (
                demand, n + 1, r["class"], ", ".join(sorted(classes))))
    if "prior_volume" not in fields:
        fields.insert(fields.index("volume") + 1, "prior_volume")
        for r in rows:
            r["prior_volume"] = r["volume"]
    _, _, counts = read(os.path.join(a.data, "counts.csv"))
    counts = [c for c in counts if c["use"] == "calibrate"]
    _, _, secrows = read(os.path.join(a.data, "sections.csv"))
    named = {}
    for s in secrows:
        named.setdefault(s["section"], []).append(s["link_id"])
    sections = {}
    for c in counts:
        if c["direction"] != "both":
            sys.exit("count %s: calibration counts must be 'both' directions" % c["count_id"])
        if c["unit"] != "tonnes":
            sys.exit("count %s: calibration counts must be in tonnes" % c["count_id"])
        spec = [x.strip() for x in c["links"].split(";") if x.strip()]
        sections[c["count_id"]] = named[spec[0]] if len(spec) == 1 and spec[0] in named else spec
    tpu = {"teu": 14.0, "tonnes": 1.0}
    for r in rows:
        r["prior"] = float(r["prior_volume"])
        r["fit"] = r["prior"]
    obs = {c["count_id"]: float(c["volume"]) for c in counts}
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(12):
            shares, tpy = assign(a.corridor, a.data, rows, counts, sections, tmp)
            worst = max(abs(tpy[c] / obs[c] - 1) if tpy[c] > 0 else 1 for c in obs)
            print("round %d: worst count off by %.1f %%" % (rnd, 100 * worst), file=sys.stderr)
            if worst < 0.01:
                break
            # linearised model: M_c = sum_r t_r s_rc (+ the part of the assigned flow that no
            # row's share explains, e.g. split paths, kept as a fixed offset)
            t = [r["fit"] * tpu[r["unit"]] for r in rows]
            base = {c: sum(t[i] * shares[i].get(c, 0) for i in range(len(rows))) for c in obs}
            off = {c: tpy[c] - base[c] for c in obs}
            for _ in range(50):
                for c in sorted(obs):
                    m = off[c] + sum(t[i] * shares[i].get(c, 0) for i in range(len(rows)))
                    if m <= 0:
                        continue
                    f = obs[c] / m
                    for i in range(len(rows)):
                        s = shares[i].get(c, 0)
                        if s > 0:
                            lo, hi = 0.1 * rows[i]["prior"], 10 * rows[i]["prior"]
                            v = t[i] / tpu[rows[i]["unit"]] * (1 + s * (f - 1))
                            t[i] = min(hi, max(lo, v)) * tpu[rows[i]["unit"]]
            for i, r in enumerate(rows):
                r["fit"] = t[i] / tpu[r["unit"]]
    out_rows = []
    for i, r in enumerate(rows):
        crossed = sorted(c for c in obs if shares.get(i, {}).get(c, 0) > 0)
        src = SUFFIX.sub("", r["source"])
        if crossed:
            v = sig3(r["fit"]) if r["unit"] == "teu" else int(round(r["fit"] / 1000.0) * 1000)
            src += "; calibrated ×%.2f to counts %s (tools/calibrate_demand.py)" % (
                v / r["prior"], ", ".join(crossed))
        else:
            v = r["prior_volume"]
        o = {k: r[k] for k in fields}
        o["volume"] = str(v if not isinstance(v, float) else int(v))
        o["prior_volume"] = r["prior_volume"]
        o["source"] = src
        out_rows.append(o)
    buf = io.StringIO()
    for c in comments:
        buf.write(c + "\n")
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(out_rows)
    text = buf.getvalue()
    with open(demand, encoding="utf-8") as f:
        same = f.read() == text
    if a.check:
        print("demand file is %s" % ("up to date" if same else "NOT what the procedure produces"))
        return 0 if same else 1
    with open(demand, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print("wrote %s" % demand)
    return 0


if __name__ == "__main__":
    sys.exit(main())
