#!/usr/bin/python3
"""The Chinon bassin de vie from Python (docs/python.md): run the default study, take its
communes as a GeoDataFrame in Lambert-93, then isochrones and travel times from points.

Usage: PYTHONPATH=build/python python3 examples/python/chinon.py [OUTPUT_DIR]
"""
import os
import sys

import hublo

STUDY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets",
                     "centre-val-de-loire", "study.toml")

study = hublo.Study.open(STUDY, access__threads=2, **{"outputs.monographs": ""})
result = study.run(output_dir=sys.argv[1] if len(sys.argv) > 1 else "hublo-out/chinon")
communes = result.layer("communes").to_geopandas(crs="study")
chinon = communes[communes["bassins"] == "37072"]  # the Chinon bassin de vie
print(len(chinon), "communes,", round(chinon["illectronism_expected"].sum()),
      "people expected in illectronism")
print(chinon.nlargest(3, "demand_at_risk")[["name", "demand_at_risk", "nearest_place_min"]]
      .to_string(index=False))
# The 10 and 20-minute isochrones from Chinon's centre, and the minutes to the nearest place
# of mediation from two points of the bassin, north-east and south-west of Chinon.
iso = study.isochrones([(0.2424, 47.1665, "Chinon")], minutes=[10, 20])
print((iso.to_geopandas(crs="study").geometry.area / 1e6).round(1).tolist(), "km²")
print([round(t, 1) for t in study.nearest_times([(0.3097, 47.1931), (0.1710, 47.1400)])],
      "minutes")
