#!/usr/bin/python3
"""Independent recomputation of the expected people in illectronism per commune.

Usage: check_illectronism.py DATASET_DIR OUTPUT_DIR
With Python's csv and json (not hublo's code):
1. sums the census IRIS rows (rp2022_iris.csv) into their commune: P22_POP summed, each age
   share (in %) rescaled so that the six bands of a row sum to 100 %, times P22_POP, summed;
   the bands' people must add up to P22_POP exactly (1e-6) in every commune;
2. solves the 40-59 rate from France's people aged 15+ (Insee RP 2021, POP3) and the four
   published rates so that France's overall rate is 15.4 %;
3. maps the census bands onto the survey's uniformly within each band and applies the rates;
   compares people aged 15+ and expected people with hublo's communes.csv within 1e-6;
4. recomputes the grid's estimate on the communes it covers (cells put in their communes with
   shapely and osr) and compares its total with summary.json's grid_vs_census_columns.
"""
import csv
import json
import sys
from pathlib import Path

from gridcells import cells_by_commune
from outputs import layer_rows

CENSUS_BANDS = [("dm_0014_pct_22", 0, 15), ("dm_1524_pct_22", 15, 25),
                ("dm_2554_pct_22", 25, 55), ("dm_5564_pct_22", 55, 65),
                ("dm_6579_pct_22", 65, 80), ("dm_80p_pct_22", 80, 100)]
GRID_BANDS = [("ind_0_3", 0, 4), ("ind_4_5", 4, 6), ("ind_6_10", 6, 11), ("ind_11_17", 11, 18),
              ("ind_18_24", 18, 25), ("ind_25_39", 25, 40), ("ind_40_54", 40, 55),
              ("ind_55_64", 55, 65), ("ind_65_79", 65, 80), ("ind_80p", 80, 100)]
# France entière, people aged 15+ by age (Insee RP 2021, POP3, insee.fr/fr/statistiques/8200791)
FRANCE_2021 = [(15, 20, 4164063), (20, 25, 3819841), (25, 40, 12108410), (40, 55, 13104453),
               (55, 65, 8538467), (65, 80, 9722536), (80, 100, 4101248)]
KNOWN = {(15, 25): 0.02, (25, 40): 0.04, (60, 75): 0.24, (75, 100): 0.62}


def overlap(lo, hi, slo, shi):
    return max(0.0, min(hi, shi) - max(lo, slo)) / (hi - lo)


def survey_rates():
    """The five survey bands' rates, 40-59 solved for France's 15.4 %."""
    people = {b: 0.0 for b in [(15, 25), (25, 40), (40, 60), (60, 75), (75, 100)]}
    for lo, hi, n in FRANCE_2021:
        for b in people:
            people[b] += n * overlap(lo, hi, *b)
    total = sum(n for _, _, n in FRANCE_2021)
    known = sum(people[b] * r for b, r in KNOWN.items())
    rates = dict(KNOWN)
    rates[(40, 60)] = (0.154 * total - known) / people[(40, 60)]
    return rates


def expected(bands, rates):
    """(people aged 15+, expected people in illectronism) for people per (lo, hi) band."""
    p15 = exp = 0.0
    for (lo, hi), n in bands:
        for (slo, shi), r in rates.items():
            share = overlap(lo, hi, slo, shi)
            p15 += n * share
            exp += n * share * r
    return p15, exp


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    rates = survey_rates()
    failed = 0
    pop, ages = {}, {}
    for row in csv.DictReader(open(data / "rp2022_iris.csv", newline="", encoding="utf-8")):
        p = float(row["P22_POP"])
        shares = [float(row[c]) for c, _, _ in CENSUS_BANDS]
        total = sum(shares)
        pop[row["COM"]] = pop.get(row["COM"], 0.0) + p
        acc = ages.setdefault(row["COM"], [0.0] * len(CENSUS_BANDS))
        for k, s in enumerate(shares):
            acc[k] += s / total * p
    for code, acc in ages.items():
        if abs(sum(acc) - pop[code]) > 1e-6:
            failed += 1
            print(f"{code}: age bands sum to {sum(acc)}, P22_POP {pop[code]}")

    ours = {r["code"]: r for r in layer_rows(out, "communes")}
    region_p15 = region_exp = 0.0
    for code, acc in sorted(ages.items()):
        p15, exp = expected([((lo, hi), n) for (_, lo, hi), n in zip(CENSUS_BANDS, acc)], rates)
        region_p15 += p15
        region_exp += exp
        got = ours.get(code)
        if got is None or got["illectronism_expected"] == "" or \
                abs(float(got["people_15plus"]) - p15) > 1e-6 or \
                abs(float(got["illectronism_expected"]) - exp) > 1e-6 or \
                abs(float(got["census_P22_POP"]) - pop[code]) > 1e-6:
            failed += 1
            print(f"{code}: hublo {got and (got['people_15plus'], got['illectronism_expected'])},"
                  f" recomputed {p15:.6f}, {exp:.6f}")
    missing = sorted(set(ours) - set(ages))
    failed += len(missing)
    if missing:
        print(f"communes of hublo without a census row: {missing[:5]}")

    grid = {}
    for row, code in cells_by_commune(data):
        bands = [((lo, hi), float(row[name] or 0)) for name, lo, hi in GRID_BANDS]
        grid[code] = grid.get(code, 0.0) + expected(bands, rates)[1]
    summary = json.load(open(out / "summary.json", encoding="utf-8"))["illectronism"]
    agreement = summary["grid_vs_census_columns"]
    grid_total = sum(grid.values())
    if agreement["communes"] != len(grid) or abs(agreement["grid_expected"] - grid_total) > 1e-6:
        failed += 1
        print(f"grid: hublo {agreement['communes']} communes, {agreement['grid_expected']}; "
              f"recomputed {len(grid)}, {grid_total}")
    if abs(summary["expected"] - region_exp) > 1e-4 or abs(summary["people_15plus"] -
                                                           region_p15) > 1e-4:
        failed += 1
        print(f"region: hublo {summary['expected']}, recomputed {region_exp}")

    print(f"40-59 rate solved for France's 15.4 %: {rates[(40, 60)]:.4%}")
    print(f"region: {region_exp:,.0f} expected people in illectronism among {region_p15:,.0f} "
          f"aged 15+ ({region_exp / region_p15:.2%}); grid on {len(grid)} communes "
          f"{grid_total:,.0f}")
    print(f"{len(ages) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
