#!/usr/bin/python3
"""The Filosofi 1 km grid around Chinon against Insee's figures for the arrondissement.

Usage: check_age_structure.py DATASET_DIR
Puts the grid cells in the communes (shapely, cell centres projected with osr), keeps the
communes of the arrondissement of Chinon (371), and compares the age structure of the people
of those cells with Insee's RP 2019 figures for the whole arrondissement
(reference/insee_validation_figures_cvl.md: 0-14 17.9 %, 15-29 13.4 %, 30-44 17.7 %,
45-59 21.0 %, 60-74 18.7 %, 75+ 11.2 % of 103 524 people). The grid's bands are split
uniformly into Insee's. States the share of the arrondissement the grid covers; each share
must agree within 3 points (the grid is 2021, secrecy-imputed, and covers part of it).
"""
import csv
import sys
from pathlib import Path

from gridcells import cells_by_commune

GRID = [("ind_0_3", 0, 4), ("ind_4_5", 4, 6), ("ind_6_10", 6, 11), ("ind_11_17", 11, 18),
        ("ind_18_24", 18, 25), ("ind_25_39", 25, 40), ("ind_40_54", 40, 55),
        ("ind_55_64", 55, 65), ("ind_65_79", 65, 80), ("ind_80p", 80, 100)]
INSEE = [("0-14", 0, 15, 17.9), ("15-29", 15, 30, 13.4), ("30-44", 30, 45, 17.7),
         ("45-59", 45, 60, 21.0), ("60-74", 60, 75, 18.7), ("75+", 75, 100, 11.2)]
ARR_POPULATION = 103524
TOLERANCE_POINTS = 3.0


def main():
    data = Path(sys.argv[1])
    arr = {r["code"]: r["arrondissement"]
           for r in csv.DictReader(open(data / "communes_arrondissements.csv", newline=""))}
    people = [0.0] * len(INSEE)
    communes = set()
    for row, code in cells_by_commune(data):
        if arr.get(code) != "371":
            continue
        communes.add(code)
        for name, lo, hi in GRID:
            n = float(row[name] or 0)
            for k, (_, ilo, ihi, _) in enumerate(INSEE):
                overlap = max(0.0, min(hi, ihi) - max(lo, ilo))
                people[k] += n * overlap / (hi - lo)
    total = sum(people)
    in_arr = sum(1 for a in arr.values() if a == "371")
    print(f"the grid covers {len(communes)} of the {in_arr} communes of the arrondissement of "
          f"Chinon: {total:.0f} people, {100 * total / ARR_POPULATION:.1f} % of its 103 524 "
          f"(RP 2019)")
    failed = 0
    for k, (name, _, _, insee) in enumerate(INSEE):
        share = 100 * people[k] / total
        ok = abs(share - insee) <= TOLERANCE_POINTS
        failed += not ok
        print(f"{name:6} grid {share:5.1f} %  Insee {insee:5.1f} %  "
              f"{'ok' if ok else 'beyond ' + str(TOLERANCE_POINTS) + ' points'}")
    print(f"{len(INSEE) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
