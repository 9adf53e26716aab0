#!/usr/bin/python3
"""Independent check of hublo's GeoJSON layers with Python's json and shapely (GEOS).

Usage: check_geojson.py OUTPUT_DIR
Checks every *.geojson of a run against RFC 7946: a FeatureCollection without a `crs`
member; positions as [lon, lat] within the Centre-Val de Loire envelope with at most
6 decimals (read from the text, not the parsed floats); rings closed with at least 4
positions; exterior rings counter-clockwise and holes clockwise; every polygon valid for
GEOS. The communes layer must hold the 1754 communes of the region.
"""
import json
import sys
from decimal import Decimal
from pathlib import Path

from shapely.geometry import LinearRing, shape
from shapely.validation import explain_validity

# Centre-Val de Loire with its neighbouring EPCI and bassins de vie, in degrees.
LON_RANGE = (-1.5, 4.0)
LAT_RANGE = (45.8, 49.5)
MAX_DECIMALS = 6


def decimals(text):
    exponent = Decimal(text).as_tuple().exponent
    return max(0, -exponent)


def check_ring(ring, must_be_ccw, where, errors):
    if len(ring) < 4:
        errors.append(f"{where}: ring of {len(ring)} positions (RFC 7946 needs 4 or more)")
        return
    if ring[0] != ring[-1]:
        errors.append(f"{where}: ring not closed")
    for lon, lat in ring:
        for text in (lon, lat):
            if decimals(text) > MAX_DECIMALS:
                errors.append(f"{where}: {text} has more than {MAX_DECIMALS} decimals")
        x, y = float(lon), float(lat)
        if not (LON_RANGE[0] <= x <= LON_RANGE[1] and LAT_RANGE[0] <= y <= LAT_RANGE[1]):
            errors.append(f"{where}: position {x}, {y} is not lon/lat in the region")
    ccw = LinearRing([(float(a), float(b)) for a, b in ring]).is_ccw
    if ccw != must_be_ccw:
        errors.append(f"{where}: {'exterior' if must_be_ccw else 'hole'} ring is "
                      f"{'counter-clockwise' if ccw else 'clockwise'}")


def check_file(path):
    errors = []
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text, parse_float=str, parse_int=str)  # numbers as written
    numeric_doc = json.loads(text)  # the same, as floats, for shapely
    if doc.get("type") != "FeatureCollection":
        errors.append(f"{path.name}: not a FeatureCollection")
    if "crs" in doc:
        errors.append(f"{path.name}: has a crs member (RFC 7946 §4 removed it)")
    rings = polygons = 0
    for i, feature in enumerate(doc["features"]):
        geom = feature["geometry"]
        where = f"{path.name} feature {i}"
        if geom is None:
            continue
        if geom["type"] == "Point":
            lon, lat = geom["coordinates"]
            for t in (lon, lat):
                if decimals(t) > MAX_DECIMALS:
                    errors.append(f"{where}: {t} has more than {MAX_DECIMALS} decimals")
            continue
        if geom["type"] == "LineString":
            # Lines (the travelling service): positions in the region, at most MAX_DECIMALS.
            for lon, lat in geom["coordinates"]:
                for t in (lon, lat):
                    if decimals(t) > MAX_DECIMALS:
                        errors.append(f"{where}: {t} has more than {MAX_DECIMALS} decimals")
                if not (LON_RANGE[0] <= float(lon) <= LON_RANGE[1] and
                        LAT_RANGE[0] <= float(lat) <= LAT_RANGE[1]):
                    errors.append(f"{where}: position {lon}, {lat} is not lon/lat in the region")
            if len(geom["coordinates"]) < 2:
                errors.append(f"{where}: a line of fewer than 2 positions")
            continue
        parts = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for p, poly in enumerate(parts):
            for r, ring in enumerate(poly):
                check_ring(ring, r == 0, f"{where} polygon {p} ring {r}", errors)
                rings += 1
            polygons += 1
        g = shape(numeric_doc["features"][i]["geometry"])
        if not g.is_valid:
            errors.append(f"{where}: invalid ({explain_validity(g)})")
    return len(doc["features"]), polygons, rings, errors


def main():
    out = Path(sys.argv[1])
    files = sorted(out.glob("*.geojson"))
    if not files:
        sys.exit(f"no GeoJSON file in {out}")
    failed = 0  # files with errors
    for path in files:
        features, polygons, rings, errors = check_file(path)
        if path.name == "communes.geojson" and features != 1754:
            errors.append(f"communes.geojson: {features} features, expected 1754")
        status = "ok" if not errors else f"{len(errors)} errors"
        print(f"{path.name}: {features} features, {polygons} polygons, {rings} rings: {status}")
        for e in errors[:10]:
            print("   ", e)
        failed += 1 if errors else 0
    print(f"{len(files) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
