#!/usr/bin/env python3
"""The README's "run my own département" recipe, checked on its outputs: the study
(datasets/centre-val-de-loire/indre-et-loire.toml) is the one the README shows, it keeps the
272 communes of département 37, the rows and places of the other départements are notes (not
mismatches), Tournon-Saint-Martin's France Services (Indre, 36224) stays outside the study
instead of being pulled into Tournon-Saint-Pierre (37259), and the bassins de vie that reach
beyond the département are clipped to it.

`hublo check --strict` on it exits 6 for that one real mismatch, and only for it.

Usage: check_departement_recipe.py README.md STUDY.toml OUTPUT_DIR HUBLO
"""
import csv
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from shapely.geometry import shape  # noqa: E402

import l93  # noqa: E402


def main():
    readme, study, out, hublo = sys.argv[1:5]
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    with open(readme, encoding="utf-8") as f:
        text = f.read()
    with open(study, encoding="utf-8") as f:
        recipe = f.read()
    check(recipe.strip() in text, "the README shows the recipe's study file as it is")

    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    counts = summary["counts"]
    said = " ".join(text.split())
    layers = counts["layers"]
    check(f"writes its {counts['communes']} communes, {layers['epci']} EPCI, "
          f"{layers['bassins']} bassins de vie and {layers['secteurs']} secteurs" in said,
          f"the README's counts: {counts['communes']} communes, {layers['epci']} EPCI, "
          f"{layers['bassins']} bassins, {layers['secteurs']} secteurs")
    check(counts["communes"] == 272, f"{counts['communes']} communes (272 in département 37)")
    mismatches = [i for i in summary["issues"] if i["severity"] == "mismatch"]
    kinds = sorted(i["kind"] for i in mismatches)
    # The one real mismatch left: a multi-site France Services of 37 whose text names no stop.
    check(kinds == ["mobile_service_without_stops"] and
          mismatches[0]["examples"] == ["France services Descartes"],
          f"mismatches: {[(i['kind'], i['count']) for i in mismatches]} (only Descartes's text)")
    notes = {i["kind"]: i["count"] for i in summary["issues"] if i["severity"] == "note"}
    for kind in ("indicator_rows_outside_study:census", "indicator_rows_outside_study:ifn",
                 "place_outside_study"):
        check(notes.get(kind, 0) > 0, f"note {kind}: {notes.get(kind, 0)}")
    check(counts.get("places_outside_study", 0) > 0,
          f"{counts.get('places_outside_study', 0)} places outside the study, for travel times")

    with open(os.path.join(out, "places.csv"), encoding="utf-8-sig") as f:
        places = list(csv.DictReader(f, delimiter=";"))
    tournon = [p for p in places if "Tournon-Saint-Martin" in p["name"]]
    check(len(tournon) == 1 and tournon[0]["commune"] == "36224" and tournon[0]["in_study"] == "0",
          f"Tournon-Saint-Martin's France Services: {[(p['commune'], p['in_study']) for p in tournon]}"
          " (36224, outside the study)")
    inside = [p for p in places if p["in_study"] == "1"]
    check(all(p["commune"].startswith("37") for p in inside),
          f"{len(inside)} places in the study, all in communes of 37")
    check(all(p["lon"] and p["lat"] for p in places), "every place has its lon and lat")

    # The README's help-hours per 1,000 people at risk with the France Services only: the
    # communes' accessibility weighted by their people at risk.
    with open(os.path.join(out, "communes.geojson"), encoding="utf-8") as f:
        communes = [ft["properties"] for ft in json.load(f)["features"]]
    known = [c for c in communes if c["accessibility"] is not None]
    mean = (sum(c["accessibility"] * c["demand_at_risk"] for c in known) /
            sum(c["demand_at_risk"] for c in known))
    check(f"offers {mean:.1f} help-hours a week per 1 000" in said,
          f"the département's help-hours per 1,000 people at risk: {mean:.1f}")
    below = sum(1 for c in known if c["accessibility"] < 40)
    check(f"so {below} of its {len(communes)} communes fall under the default" in said,
          f"{below} communes below the default study's 40")
    project = l93.projector()
    with open(os.path.join(out, "bassins.geojson"), encoding="utf-8") as f:
        bassins = json.load(f)["features"]
    worst, clipped = 0.0, 0
    for b in bassins:
        p = b["properties"]
        area = project(shape(b["geometry"])).area / 1e6
        worst = max(worst, area / p["area_km2"] - 1)
        clipped += p["geometry_origin"] == "layer, clipped to the study"
    check(worst < 0.01 and clipped > 0,
          f"{len(bassins)} bassins, {clipped} clipped to the study: polygon areas within "
          f"{worst:.2%} of their communes' (tolerance 1 %)")
    with open(os.path.join(out, "secteurs.geojson"), encoding="utf-8") as f:
        secteurs = [ft["properties"] for ft in json.load(f)["features"]]
    check(len(secteurs) == 4 and sum(s["communes"] for s in secteurs) == 272,
          f"my zoning: {len(secteurs)} secteurs, {sum(s['communes'] for s in secteurs)} communes")
    strict = subprocess.run([hublo, "check", study, "--strict"], capture_output=True, text=True)
    check(strict.returncode == 6 and "mismatches (1 kinds)" in strict.stdout and
          "notes, expected" in strict.stdout,
          f"check --strict exits {strict.returncode} (6: the one mismatch; notes do not count)")
    print(f"departement recipe: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
