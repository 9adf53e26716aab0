#!/usr/bin/python3
"""The GeoPackage of a run read back with GDAL (an independent reader): the same layers as
the GeoJSON files beside it, the same feature counts, the study CRS (EPSG:2154), the field
types hublo declares (codes as text, counts as integers, figures as reals) and the first
commune's code and population equal to the GeoJSON's.

Usage: check_geopackage.py OUTPUT_DIR
"""

import glob
import json
import os
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()


def main():
    out = sys.argv[1]
    gpkgs = glob.glob(os.path.join(out, "*.gpkg"))
    if len(gpkgs) != 1:
        print(f"FAIL: {len(gpkgs)} GeoPackages in {out}, expected 1")
        return 1
    ds = ogr.Open(gpkgs[0])
    layers = {ds.GetLayer(i).GetName(): ds.GetLayer(i) for i in range(ds.GetLayerCount())}
    geojson = {os.path.basename(p)[:-8]: p for p in glob.glob(os.path.join(out, "*.geojson"))}
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    check(sorted(layers) == sorted(list(geojson) + ["dictionary", "layer_styles"]),
          f"layers {sorted(layers)} are the GeoJSON files' {sorted(geojson)}, the dictionary "
          "and QGIS's layer_styles")
    # The data dictionary: an attribute table (no geometry) with a row per documented column.
    # gpkg_contents.description of each layer points at the dictionary.
    described = {row.GetField(0): row.GetField(1) for row in
                 ds.ExecuteSQL("SELECT table_name, description FROM gpkg_contents")}
    check(all("dictionary" in (described.get(n) or "") for n in layers if n != "layer_styles"),
          "every layer's gpkg_contents.description names the dictionary")
    check("QGIS styles" in (described.get("layer_styles") or ""),
          "layer_styles is described as QGIS's styles")
    d = layers.get("dictionary")
    if d is not None:
        check(d.GetGeomType() == ogr.wkbNone, "dictionary is an attribute table (no geometry)")
        rows = [(f.GetField("layer"), f.GetField("column"), f.GetField("meaning")) for f in d]
        with open(os.path.join(out, "dictionary.csv"), encoding="utf-8-sig") as f:
            text_rows = f.read().splitlines()
        check(len(rows) == len(text_rows) - 1,
              f"dictionary: {len(rows)} rows, dictionary.csv {len(text_rows) - 1}")
        for name in geojson:
            with open(geojson[name], encoding="utf-8") as f:
                first = json.load(f)["features"][:1]
            cols = set(first[0]["properties"]) if first else set()
            documented = {c for l, c, m in rows if l == name and m != "not documented"}
            check(cols <= documented,
                  f"dictionary documents every column of {name} (missing {sorted(cols - documented)})")
    for name, path in sorted(geojson.items()):
        with open(path, encoding="utf-8") as f:
            features = json.load(f)["features"]
        layer = layers.get(name)
        if layer is None:
            continue
        check(layer.GetFeatureCount() == len(features),
              f"{name}: {layer.GetFeatureCount()} features, GeoJSON {len(features)}")
        srs = layer.GetSpatialRef()
        code = None
        if srs is not None:
            srs.AutoIdentifyEPSG()
            code = srs.GetAuthorityCode(None)
        check(code == "2154", f"{name}: CRS EPSG:{code} (the study's EPSG:2154)")
    communes = layers["communes"]
    defn = communes.GetLayerDefn()
    types = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType()
             for i in range(defn.GetFieldCount())}
    check(types.get("code") == ogr.OFTString, "communes.code is text (codes keep their zeros)")
    check(types.get("places") in (ogr.OFTInteger, ogr.OFTInteger64), "communes.places is an integer")
    check(types.get("population") in (ogr.OFTInteger, ogr.OFTInteger64),
          "communes.population is an integer (people)")
    for level in ("epci", "bassins", "departements", "deserts"):
        if level in layers:
            d = layers[level].GetLayerDefn()
            t = d.GetFieldDefn(d.GetFieldIndex("population")).GetType()
            check(t in (ogr.OFTInteger, ogr.OFTInteger64), f"{level}.population is an integer")
    check(types.get("nearest_place_min") == ogr.OFTReal, "communes.nearest_place_min is a real")
    with open(geojson["communes"], encoding="utf-8") as f:
        first = json.load(f)["features"][0]["properties"]
    communes.ResetReading()
    feature = communes.GetNextFeature()
    check(feature.GetField("code") == first["code"],
          f"first commune {feature.GetField('code')}, GeoJSON {first['code']}")
    check(feature.GetField("population") == first["population"],
          f"its population {feature.GetField('population')}, GeoJSON {first['population']}")
    print(f"geopackage: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
