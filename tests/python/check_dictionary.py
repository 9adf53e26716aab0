#!/usr/bin/env python3
"""The data dictionary a run writes (dictionary.csv) against the files it documents: every
column of every CSV and GeoJSON layer of the run has one row in the dictionary, with a unit
and a meaning, and the dictionary names no column the files lack.

Usage: check_dictionary.py OUTPUT_DIR [OUTPUT_DIR...]
"""
import csv
import glob
import json
import os
import sys


def read_csv(path):
    """Rows of a CSV in either of hublo's dialects (',' or the French ';' with a BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    header = text.split("\n", 1)[0]
    return list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in header else ","))


def main():
    failures = []
    for out in sys.argv[1:]:
        rows = read_csv(os.path.join(out, "dictionary.csv"))
        documented = {}
        for r in rows:
            documented.setdefault(r["layer"], []).append(r["column"])
            if r["meaning"] in ("", "not documented") or not r["unit"]:
                failures.append(f"{out}: {r['layer']}.{r['column']} has no meaning or unit")
        for layer, cols in documented.items():
            if len(cols) != len(set(cols)):
                failures.append(f"{out}: {layer} documented twice: {sorted(cols)}")
        layers = 0
        for path in sorted(glob.glob(os.path.join(out, "*.csv"))):
            name = os.path.basename(path)[:-4]
            if name == "dictionary" or name.startswith("network_"):
                continue
            with open(path, encoding="utf-8-sig") as f:
                header = f.readline().rstrip("\n")
            cols = header.split(";" if ";" in header else ",")
            geojson = os.path.join(out, name + ".geojson")
            if os.path.exists(geojson):
                with open(geojson, encoding="utf-8") as f:
                    first = json.load(f)["features"][:1]
                props = list(first[0]["properties"]) if first else []
                missing = [c for c in props if c not in cols]
                if missing:
                    failures.append(f"{out}: {name}.geojson columns not in its CSV: {missing}")
            if sorted(cols) != sorted(documented.get(name, [])):
                failures.append(f"{out}: {name}.csv columns {sorted(set(cols) ^ set(documented.get(name, [])))} "
                                f"differ from the dictionary's")
            layers += 1
        if set(documented) != {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "*.csv"))
                               if not os.path.basename(p).startswith(("dictionary", "network_"))}:
            failures.append(f"{out}: the dictionary's layers {sorted(documented)} are not the CSVs'")
        print(f"{out}: {layers} layers, {len(rows)} columns documented")
    for f in failures[:20]:
        print("FAIL", f)
    print(f"dictionary: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
