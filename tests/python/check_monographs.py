#!/usr/bin/env python3
"""The monographs of a run (OUTPUT/monographs), checked against the layers: every key figure a
page marks (data-figure, data-value) is recomputed here from communes.geojson alone (sums
over the area's communes, the area found by the commune's level column), the index lists the
areas with their pages, each page is one self-contained file (no script, no URL to fetch, a
map drawn), and data-borne text is escaped.

Usage: check_monographs.py OUTPUT_DIR LEVEL [HOSTILE_NAME]
"""
import html.parser
import json
import math
import os
import re
import sys


class Figures(html.parser.HTMLParser):
    """The page's data-figure cells, its area code, and what it would load or run."""

    def __init__(self):
        super().__init__()
        self.figures, self.area, self.scripts, self.urls, self.svgs = {}, None, 0, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-figure" in a:
            self.figures[a["data-figure"]] = float(a["data-value"]) if a["data-value"] else None
        if tag == "h1" and "data-area" in a:
            self.area = a["data-area"]
        self.scripts += tag == "script"
        self.svgs += tag == "svg"
        for k in ("src", "href"):
            if k in a and re.match(r"(https?:)?//", a[k] or ""):
                self.urls.append(a[k])


# Words the pages must say in French: the layers' English reasons and calendars, and the
# opening_hours day codes (place names, the first cell of a place's row, are left out).
ENGLISH = re.compile(r"\b(far by car|far without a car|thin|of the month|equal share|"
                     r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?=[ ,-]\d|[-,](?:Mo|Tu|We|Th|Fr|Sa|Su)))\b")


def far_band(out, far, level):
    """The car's coverage band of `far` minutes and the level's outlines (shapely), or None
    when the run has no isochrones."""
    path = os.path.join(out, "isochrones.geojson")
    if not os.path.exists(path):
        return None, {}
    from shapely.geometry import shape
    with open(path, encoding="utf-8") as f:
        band = [shape(ft["geometry"]) for ft in json.load(f)["features"]
                if ft["properties"]["minutes_to"] == far]
    with open(os.path.join(out, level + ".geojson"), encoding="utf-8") as f:
        shapes = {ft["properties"]["code"]: shape(ft["geometry"])
                  for ft in json.load(f)["features"]}
    return (band[0] if band else None), shapes


def main():
    out, level = sys.argv[1], sys.argv[2]
    hostile = sys.argv[3] if len(sys.argv) > 3 else None
    folder = os.path.join(out, "monographs")
    with open(os.path.join(out, "communes.geojson"), encoding="utf-8") as f:
        communes = [ft["properties"] for ft in json.load(f)["features"]]
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        far = json.load(f).get("deserts", {}).get("rule", {}).get("time_min_above", 20)
    with open(os.path.join(out, level + ".geojson"), encoding="utf-8") as f:
        level_rows = {ft["properties"]["code"]: ft["properties"] for ft in json.load(f)["features"]}
    by_area = {}
    for c in communes:
        by_area.setdefault(c[level], []).append(c)

    def v(c, k):
        x = c.get(k)
        return 0.0 if x is None else float(x)

    def ratio(a, b):
        return a / b if b > 0 else None

    def expected(cs):
        s = lambda k: sum(v(c, k) for c in cs)  # noqa: E731
        demand = s("demand_at_risk")
        far_demand = sum(v(c, "demand_at_risk") for c in cs
                         if c.get("nearest_place_min") is None or c["nearest_place_min"] > far)
        desert = [c for c in cs if c.get("desert") == 1]
        return {"population": s("population"), "people_15plus": s("people_15plus"),
                "illectronism_expected": s("illectronism_expected"),
                "illectronism_low": s("illectronism_low"),
                "illectronism_rate": ratio(s("illectronism_expected"), s("people_15plus")),
                "no_car_share": ratio(s("at_risk_no_car"), s("illectronism_expected")),
                "far_share": ratio(far_demand, demand),
                "hours_per_1000": None if demand <= 0 else s("supply_allocated") / demand * 1000,
                "desert_share": ratio(sum(v(c, "demand_at_risk") for c in desert), demand),
                "desert_communes": len(desert),
                "lowest_fifth_share": None if "lowest_fifth" not in communes[0] else
                ratio(sum(v(c, "demand_at_risk") for c in cs if c["lowest_fifth"] == 1), demand),
                **modes_expected(cs)}

    modes = [k[:-len("_any_min")] for k in communes[0] if k.endswith("_any_min")
             and k != "no_car_any_min"]

    def beyond(cs, time_key, people_key):
        people = sum(v(c, people_key) for c in cs)
        return ratio(sum(v(c, people_key) for c in cs
                         if c.get(time_key) is None or c[time_key] > far), people)

    def modes_expected(cs):
        if "car_min" not in communes[0]:
            return {}
        out = {"car_far_share": beyond(cs, "car_min", "at_risk_car")}
        for m in modes:
            out[m + "_far_share"] = beyond(cs, m + "_min", "at_risk_no_car")
        return out

    bands, level_shapes = far_band(out, far, level)
    failures, pages, figures, checked_far, hatched_pages = [], 0, 0, 0, 0
    with open(os.path.join(folder, "index.html"), encoding="utf-8") as f:
        index = f.read()
    listed = re.findall(r'<tr data-area="([^"]+)">', index)
    for code in listed:
        name = f"{level}-{re.sub(r'[^A-Za-z0-9_-]', '_', code)}.html"
        if f'href="{name}"' not in index:
            failures.append(f"index: no link to {name}")
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            failures.append(f"{name}: missing")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        p = Figures()
        p.feed(text)
        pages += 1
        if p.area != code:
            failures.append(f"{name}: its title names area {p.area}")
        if p.scripts or p.urls:
            failures.append(f"{name}: {p.scripts} scripts, URLs {p.urls[:3]}")
        if p.svgs < 3:
            failures.append(f"{name}: {p.svgs} drawings (a map and two charts expected)")
        want = expected(by_area[code])
        for k in ("supply_gini", "supply_palma"):
            if level_rows.get(code, {}).get(k) is not None:
                want[k] = level_rows[code][k]  # the level layer's own
        # Summed from the communes here; the level layer's own (from unrounded demand: the
        # communes layer writes people to 0.1) agrees within 2e-4.
        level_fifth = level_rows.get(code, {}).get("at_risk_lowest_fifth_share")
        if level_fifth is not None and not math.isclose(want["lowest_fifth_share"], level_fifth,
                                                        abs_tol=2e-4):
            failures.append(f"{name}: lowest fifth {want['lowest_fifth_share']} from the "
                            f"communes, {level_fifth} in the level layer")
        english = ENGLISH.findall(re.sub(r'<tr data-place[^>]*>\s*<td>[^<]*</td>', "", text))
        if english:
            failures.append(f"{name}: English or opening_hours words on the page: {english[:3]}")
        if bands is not None and code in level_shapes:
            shape = level_shapes[code]
            outside = shape.difference(bands).area / shape.area
            hatched = 'fill="url(#far)"' in text
            checked_far += 1
            if outside > 0.01 and not hatched:
                failures.append(f"{name}: {outside:.1%} of the area is beyond {far} min by car "
                                "(shapely), no hatch on the map")
            if outside == 0 and hatched:
                failures.append(f"{name}: hatched, yet no part is beyond {far} min (shapely)")
            hatched_pages += hatched
        for k, w in want.items():
            got = p.figures.get(k)
            figures += 1
            if (got is None) != (w is None) or (
                    w is not None and not math.isclose(got, w, rel_tol=1e-6, abs_tol=2e-6)):
                failures.append(f"{name} {k}: page {got}, layers {w}")
        if hostile:
            if hostile in text:
                failures.append(f"{name}: the hostile name is written raw")
    if hostile and hostile.replace("<", "&lt;").replace(">", "&gt;") not in "".join(
            open(os.path.join(folder, n), encoding="utf-8").read() for n in os.listdir(folder)):
        failures.append("the hostile name is not shown (escaped) on any page")
    if pages == 0:
        failures.append("no page")
    for f in failures[:20]:
        print("FAIL", f)
    if bands is not None:
        print(f"far zones: {checked_far} maps checked with shapely, {hatched_pages} hatched")
        if hatched_pages == 0:
            failures.append("no map hatched beyond the far band: the check could not fail")
    print(f"monographs: {pages} pages, {figures} figures compared with the layers, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
