#!/usr/bin/python3
"""The CSV files of a run written in the French dialect ([outputs] csv_dialect = "fr"), read
by Python's csv module as a French spreadsheet would: a UTF-8 byte-order mark, ';' between
fields, a decimal comma; every file has as many rows as its GeoJSON layer has features, and
every real of communes.csv equals the GeoJSON's value.

Usage: check_csv_dialect.py OUTPUT_DIR
"""

import csv
import glob
import json
import os
import sys


def main():
    out = sys.argv[1]
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    paths = sorted(glob.glob(os.path.join(out, "*.csv")))
    check(len(paths) > 0, f"{len(paths)} CSV files")
    for path in paths:
        name = os.path.basename(path)
        with open(path, "rb") as f:
            raw = f.read()
        check(raw.startswith(b"\xef\xbb\xbf"), f"{name} starts with a UTF-8 byte-order mark")
        text = raw[3:].decode("utf-8")
        header = text.split("\n", 1)[0]
        check(";" in header and "," not in header, f"{name}: ';' separates the header's fields")
        rows = list(csv.reader(text.splitlines(), delimiter=";"))
        layer = os.path.join(out, name[:-4] + ".geojson")
        if os.path.exists(layer):
            with open(layer, encoding="utf-8") as f:
                n = len(json.load(f)["features"])
            check(len(rows) - 1 == n, f"{name}: {len(rows) - 1} rows, {n} features")
            widths = {len(r) for r in rows}
            check(widths == {len(rows[0])}, f"{name}: every row has {len(rows[0])} fields")
    with open(os.path.join(out, "communes.geojson"), encoding="utf-8") as f:
        features = [ft["properties"] for ft in json.load(f)["features"]]
    with open(os.path.join(out, "communes.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    # Reals are the GeoJSON's rounded to 4 decimals ([outputs] csv_decimals): no more digits,
    # and within half a unit of the 4th decimal.
    compared = commas = longer = 0
    for props, row in zip(features, rows):
        for key, value in props.items():
            if isinstance(value, float):
                cell = row[key]
                commas += "," in cell
                longer += len(cell.partition(",")[2]) > 4
                if abs(float(cell.replace(",", ".")) - value) > 0.5e-4 * (1 + 1e-9):
                    failures.append(f"communes.csv {props['code']} {key}: {cell} vs {value}")
                compared += 1
    check(longer == 0, f"communes.csv: {longer} reals with more than 4 decimals")
    check(compared > 0 and commas > 0,
          f"communes.csv: {compared} reals the GeoJSON's rounded to 4 decimals, {commas} with a "
          f"decimal comma")
    print(f"csv dialect: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
