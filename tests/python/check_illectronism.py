#!/usr/bin/python3
"""Independent recomputation of the expected people in illectronism per commune.

Usage: check_illectronism.py DATASET_DIR OUTPUT_DIR
Reads the Filosofi 1 km grid around Chinon and the commune polygons with Python's csv, json
and shapely (not hublo's code), puts each cell centre (EPSG:3035, projected with GDAL's
osr) in its commune, maps the grid's age bands onto Insee's survey bands uniformly within
each band, applies the rates of Insee Première n°1953 (40-59: the documented 14 %
assumption), and compares with hublo's communes.csv within 1e-6 people.
"""
import csv
import sys
from pathlib import Path

from gridcells import cells_by_commune

GRID_BANDS = [("ind_0_3", 0, 4), ("ind_4_5", 4, 6), ("ind_6_10", 6, 11), ("ind_11_17", 11, 18),
              ("ind_18_24", 18, 25), ("ind_25_39", 25, 40), ("ind_40_54", 40, 55),
              ("ind_55_64", 55, 65), ("ind_65_79", 65, 80), ("ind_80p", 80, 100)]
SURVEY = [(15, 25, 0.02), (25, 40, 0.04), (40, 60, 0.14), (60, 75, 0.24), (75, 100, 0.62)]


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    expected = {}
    for row, code in cells_by_commune(data):
        total = 0.0
        for name, lo, hi in GRID_BANDS:
            people = float(row[name] or 0)
            for slo, shi, rate in SURVEY:
                overlap = max(0.0, min(hi, shi) - max(lo, slo))
                total += people * overlap / (hi - lo) * rate
        expected[code] = expected.get(code, 0.0) + total

    ours = {r["code"]: r["illectronism_expected"]
            for r in csv.DictReader(open(out / "communes.csv", newline="", encoding="utf-8"))}
    failed = 0
    for code, value in sorted(expected.items()):
        got = ours.get(code, "")
        if got == "" or abs(float(got) - value) > 1e-6:
            failed += 1
            print(f"{code}: hublo {got!r}, recomputed {value:.6f}")
    extra = [c for c, v in ours.items() if v != "" and c not in expected]
    failed += len(extra)
    print(f"{len(expected)} communes recomputed; Chinon (37072): {expected.get('37072', 0):.3f} "
          f"expected people in illectronism")
    print(f"{len(expected) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
