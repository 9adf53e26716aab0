#!/usr/bin/python3
"""Writes a commune layer whose first commune is a polygon of N vertices (default 10
million): a circle of radius 0.01 degree around Alpha's centre, in the fixture's frame.
Usage: make_huge_polygon.py OUT.geojson [N]. For the memory-bound check of issue 10:
  /usr/bin/time -v build/bin/hublo check tests/data/study.toml \
      --set 'communes.path="/tmp/huge.geojson"'
"""
import json
import math
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
src = json.load(open(__file__.replace("tests/broken/make_huge_polygon.py",
                                      "tests/data/three_communes.geojson")))
with open(out, "w") as f:
    f.write('{"type": "FeatureCollection", "features": [')
    props = json.dumps(src["features"][0]["properties"], ensure_ascii=False)
    f.write('{"type": "Feature", "properties": %s, "geometry": {"type": "Polygon", '
            '"coordinates": [[' % props)
    cx, cy, r = 0.21, 47.16, 0.0099
    step = 2 * math.pi / n
    for k in range(n):
        a = k * step
        f.write("[%.9f, %.9f]," % (cx + r * math.cos(a), cy + r * math.sin(a)))
    f.write("[%.9f, %.9f]]]}}" % (cx + r, cy))
    for feat in src["features"][1:]:
        f.write(", " + json.dumps(feat, ensure_ascii=False))
    f.write("]}\n")
