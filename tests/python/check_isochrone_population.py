#!/usr/bin/python3
"""The people inside each band of `hublo isochrones`, recomputed with shapely: the
population of every commune (the default run's communes.geojson) whose demand point (its lng,
lat in the Insee comparateur, as the study's [access] demand says) lies in the band's
polygon. A point within 1 m of a boundary can fall either side of the polygon rounded to
the output decimals: such communes are counted apart and allowed.

Usage: check_isochrone_population.py ISOCHRONES.geojson COMMUNES.geojson COMPARATEUR.csv
"""

import csv
import json
import sys

from shapely.geometry import Point, shape


def main():
    iso_path, communes_path, comparateur_path = sys.argv[1:4]
    population = {}
    with open(communes_path, encoding="utf-8") as f:
        for ft in json.load(f)["features"]:
            r = ft["properties"]
            if r["population"] is not None:
                population[r["code"]] = float(r["population"])
    points = {}
    with open(comparateur_path, encoding="utf-8") as f:
        dialect = csv.Sniffer().sniff(f.read(4096))
        f.seek(0)
        for r in csv.DictReader(f, dialect=dialect):
            code = r["insee_com"].zfill(5)
            if code in population and code not in points and r["lng"] and r["lat"]:
                points[code] = Point(float(r["lng"]), float(r["lat"]))
    with open(iso_path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    failures = 0
    for ft in features:
        poly = shape(ft["geometry"])
        edge = poly.boundary
        inside = sum(population[c] for c, p in points.items() if poly.contains(p))
        close = sum(population[c] for c, p in points.items() if edge.distance(p) < 1e-5)
        got = ft["properties"]["population"]
        ok = abs(got - inside) <= close + 0.05
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} origin {ft['properties']['origin']} "
              f"{ft['properties']['band']}: hublo {got:.1f}, shapely {inside:.1f}"
              + (f" (±{close:.0f} on the edge)" if close else ""))
    print(f"isochrone population: {len(features)} bands, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
