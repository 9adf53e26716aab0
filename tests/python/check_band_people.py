#!/usr/bin/python3
"""The coverage bands cover the land people live on, and count the people inside them.

Usage: check_band_people.py OUTPUT_DIR
OUTPUT_DIR is the default study's run ([isochrones] last_leg_circuity = 1.5, band_people =
"area"). With Shapely/GEOS and osr, independently of hublo's raster:
1. holes: the region (the union of the communes) minus the 30-minute band, shrunk by half a
   raster cell (125 m), must be empty: no part of the land is left out wider than a cell
   (before the last leg, 7,273 km² were, 18 % of the region);
2. people: each band's population must be the people inside its polygon, each commune's
   people spread evenly over its land (its area inside the band / its area x its people),
   within 0.2 % (hublo spreads over 250 m raster nodes, nearest demand point first, so the
   communes of the 1 km grid around Chinon are spread over their cells rather than evenly).
"""
import json
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import unary_union

import l93
from shapely.prepared import prep


def main():
    out = Path(sys.argv[1])
    ct = l93.transformer()
    project = l93.projector(ct)

    communes = json.load(open(out / "communes.geojson", encoding="utf-8"))["features"]
    geoms = [project(shape(c["geometry"])) for c in communes]
    people = [c["properties"]["population"] or 0.0 for c in communes]
    region = unary_union(geoms)
    bands = json.load(open(out / "isochrones.geojson", encoding="utf-8"))["features"]
    failures = 0

    last = project(shape(bands[-1]["geometry"]))
    hole = region.difference(last)
    shrunk = hole.buffer(-125.0)
    ok = shrunk.area < 1.0
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} land outside the {bands[-1]['properties']['band']} band: "
          f"{hole.area / 1e6:.1f} km², {shrunk.area / 1e6:.3f} km² wider than a cell")

    for b in bands:
        g = project(shape(b["geometry"]))
        fast = prep(g)
        inside = 0.0
        for c, n in zip(geoms, people):
            if n > 0 and c.area > 0 and fast.intersects(c):
                inside += n if fast.contains(c) else n * c.intersection(g).area / c.area
        got = b["properties"]["population"]
        ok = abs(got - inside) <= 0.002 * inside
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {b['properties']['band']}: {got:.0f} people counted, "
              f"{inside:.0f} inside its polygon ({100 * (got - inside) / inside:+.2f} %)")
    print(f"band people: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
