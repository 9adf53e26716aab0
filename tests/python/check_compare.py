#!/usr/bin/python3
"""`hublo compare` against independent runs: the study and each of its [[scenarios]] run by
`hublo run` with the scenario's settings given as --set (close → edits.close, open →
edits.open, hours and staff → edits.hours and edits.staff, set as they are, after the stand-in hours compare pins: compare.json lists
them), and every figure compare wrote checked against those runs' communes.geojson,
places.geojson and deserts.geojson:

- changes.geojson holds exactly the communes whose desert status, reason or minutes to the
  nearest place differ between the two runs, each figure's `_base` and `_scenario` equal to
  the runs' values (full precision);
- communes.csv flags `changed` exactly the communes with any figure different;
- compare.json's totals (places, desert communes and zones, people at risk, beyond far_min,
  in deserts, help-hours per 1 000; without a car: all, far by every mode, beyond far_min on
  foot and by bike) equal the same sums over the runs' layers.

The files of a compare on 1 thread and on 2 must be the same bytes.

Usage: check_compare.py HUBLO STUDY WORK_DIR
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tomllib

KEY = {"desert", "desert_reason", "nearest_place_min", "nearest_place_name", "car_min",
       "no_car_min", "walk_min", "bike_min"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return a == b


def settings_of(sc):
    """The scenario's settings, as hublo builds them from close, open and set."""
    out = list(sc.get("set", []))
    if "close" in sc:
        out.append("edits.close=[" + ", ".join(f'"{c}"' for c in sc["close"]) + "]")
    if "open" in sc:
        out.append(f'edits.open="{sc["open"]}"')
    for key in ("hours", "staff"):
        if key in sc:
            items = [f'"{k}" = ' + (f'"{v}"' if isinstance(v, str) else f"{v:g}")
                     for k, v in sc[key].items()]
            out.append(f"edits.{key}={{" + ", ".join(items) + "}")
    return out


def totals(run_dir, far):
    communes = [f["properties"] for f in load(os.path.join(run_dir, "communes.geojson"))]
    demand = [c.get("demand_at_risk") or 0.0 for c in communes]
    at_risk = sum(demand)
    allocated = sum(c.get("supply_allocated") or 0.0 for c in communes)
    return {
        "places": len(load(os.path.join(run_dir, "places.geojson"))),
        "desert_zones": len(load(os.path.join(run_dir, "deserts.geojson"))),
        "desert_communes": sum(1 for c in communes if c.get("desert") == 1),
        "at_risk": at_risk,
        "at_risk_far": sum(d for c, d in zip(communes, demand)
                           if c.get("nearest_place_min") is None or c["nearest_place_min"] > far),
        "at_risk_in_deserts": sum(d for c, d in zip(communes, demand) if c.get("desert") == 1),
        "help_hours_per_1000": allocated / at_risk * 1000 if at_risk > 0 else 0.0,
        "at_risk_no_car": sum(c.get("at_risk_no_car") or 0.0 for c in communes),
        "at_risk_no_car_far": sum(c.get("at_risk_no_car") or 0.0 for c in communes
                                  if c.get("no_car_far") == 1),
        "walk": sum(c.get("at_risk_no_car") or 0.0 for c in communes
                    if c.get("walk_min") is None or c["walk_min"] > far),
        "bike": sum(c.get("at_risk_no_car") or 0.0 for c in communes
                    if c.get("bike_min") is None or c["bike_min"] > far),
    }


def check_page(work, doc, failures):
    """compare/index.html names every scenario and counts its changed communes as
    compare.json does; its rows are the communes changes.geojson holds."""
    import re
    with open(os.path.join(work, "compare", "compare", "index.html"), encoding="utf-8") as f:
        page = f.read()
    for got in doc["scenarios"]:
        sid, n = got["id"], got["communes_changed"]
        at = page.find(f'<h2 id="{sid}">')
        if at < 0:
            failures.append(f"index.html has no section for {sid}")
            continue
        section = page[at:page.find("<h2", at + 1) if page.find("<h2", at + 1) > 0 else None]
        if n == 0:
            ok = "Aucune commune ne change" in section
        else:
            m = re.search(r"<p>([0-9\u202f]+) communes changent", section)
            ok = m is not None and int(m.group(1).replace("\u202f", "")) == n
            codes = set(re.findall(r"<tr><td>[^<]* <code>([0-9AB]+)</code>", section))
            changes = {f["properties"]["code"] for f in load(
                os.path.join(work, "compare", "compare", sid, "changes.geojson"))}
            ok = ok and len(codes) == min(n, 40) and codes <= changes
        if not ok:
            failures.append(f"index.html, {sid}: does not show its {n} changed communes")


def main():
    hublo, study, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    with open(study, "rb") as f:
        scenarios = tomllib.load(f)["scenarios"]

    def run(*args):
        subprocess.run([hublo] + list(args) + ["-q"], check=True)

    run("compare", study, "-o", os.path.join(work, "compare"), "--threads", "2")
    # The same bytes on one thread.
    run("compare", study, "-o", os.path.join(work, "compare-1"), "--threads", "1")
    differ = []
    for folder, _, files in os.walk(os.path.join(work, "compare", "compare")):
        for name in files:
            path = os.path.join(folder, name)
            other = path.replace(os.path.join(work, "compare"), os.path.join(work, "compare-1"), 1)
            with open(path, "rb") as a, open(other, "rb") as b:
                if a.read() != b.read():
                    differ.append(os.path.relpath(path, work))
    run("run", study, "-o", os.path.join(work, "base"))
    with open(os.path.join(work, "compare", "compare", "compare.json"), encoding="utf-8") as f:
        doc = json.load(f)
    far = doc["far_min"]
    failures, figures, communes_checked = [], 0, 0

    def check_totals(name, got, run_dir):
        nonlocal figures
        for k, want in totals(run_dir, far).items():
            figures += 1
            value = got["no_car_far_by_mode"][k] if k in ("walk", "bike") else got[k]
            if not math.isclose(value, want, rel_tol=1e-12, abs_tol=1e-9):
                failures.append(f"{name} {k}: compare {value}, runs {want}")

    if differ:
        failures.append(f"compare on 1 and 2 threads: {differ[:5]} differ")
    check_totals("base", doc["base"], os.path.join(work, "base"))
    check_page(work, doc, failures)
    base = {f["properties"]["code"]: f["properties"]
            for f in load(os.path.join(work, "base", "communes.geojson"))}
    for sc, got in zip(scenarios, doc["scenarios"]):
        sid = sc["id"]
        if got["id"] != sid:
            failures.append(f"compare.json lists {got['id']} where the study has {sid}")
            continue
        run_dir = os.path.join(work, sid)
        # compare.json's settings: the scenario's own, after the stand-in hours it pins.
        if got["settings"][-len(settings_of(sc)):] != settings_of(sc):
            failures.append(f"{sid}: compare.json settings {got['settings']} do not end with "
                            f"the scenario's {settings_of(sc)}")
        sets = []
        for s in got["settings"]:
            sets += ["--set", s]
        run("run", study, "-o", run_dir, *sets)
        check_totals(sid, got, run_dir)
        scen = {f["properties"]["code"]: f["properties"]
                for f in load(os.path.join(run_dir, "communes.geojson"))}
        changed, key_changed = set(), set()
        # Layer-wide notes (a text with one value in each run) are no figure.
        notes = {k for k in next(iter(base.values()))
                 if all(isinstance(r[k], str) for r in base.values())
                 and len({r[k] for r in base.values()}) == 1
                 and len({r.get(k) for r in scen.values()}) == 1}
        for code, b in base.items():
            s = scen[code]
            for k in b:
                if k in ("code", "name", "nearest_place") or k in notes or same(b[k], s.get(k)):
                    continue
                changed.add(code)
                if k in KEY:
                    key_changed.add(code)
        out = os.path.join(work, "compare", "compare", sid)
        listed = {f["properties"]["code"]: f["properties"]
                  for f in load(os.path.join(out, "changes.geojson"))}
        if set(listed) != key_changed:
            failures.append(f"{sid}: changes.geojson lists {len(listed)} communes, the runs "
                            f"differ in {len(key_changed)} ({sorted(set(listed) ^ key_changed)[:5]})")
        for code, p in listed.items():
            communes_checked += 1
            for k, v in p.items():
                for side, props in (("_base", base[code]), ("_scenario", scen[code])):
                    if k.endswith(side):
                        figures += 1
                        want = props.get(k[:-len(side)])
                        if not same(v, want):
                            failures.append(f"{sid} {code} {k}: compare {v}, run {want}")
        if got["communes_changed"] != len(key_changed):
            failures.append(f"{sid}: communes_changed {got['communes_changed']}, "
                            f"runs {len(key_changed)}")
        with open(os.path.join(out, "communes.csv"), encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        flagged = {r["code"] for r in rows if r["changed"] == "1"}
        if len(rows) != len(base) or flagged != changed:
            failures.append(f"{sid}: communes.csv flags {len(flagged)} communes changed in "
                            f"{len(rows)} rows, the runs differ in {len(changed)}")
        print(f"{sid}: {len(key_changed)} communes with a new desert status or time, "
              f"{len(changed)} with any figure changed")
    for f in failures[:20]:
        print("FAIL", f)
    print(f"compare: {len(scenarios)} scenarios, {communes_checked} communes and {figures} "
          f"figures checked against independent runs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
