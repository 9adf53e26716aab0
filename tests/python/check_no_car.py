#!/usr/bin/python3
"""People without a car, recomputed from the IRIS files with Python's csv (not hublo's code).

Usage: check_no_car.py DATASET_DIR OUTPUT_DIR
1. gives each IRIS of households_without_car_2020_iris.csv its commune and households from the
   census by IRIS (rp2022_iris.csv, key `code`); IRIS with no census row are counted (3: the
   communes merged since 2020);
2. each commune's share = sum(share x households) / sum(households) over its IRIS; compared
   with communes.csv no_car_share within 1e-9; people at risk without a car =
   illectronism_expected x share (age_tilt 1), and with a car the rest, within 1e-6;
3. the region's household-weighted share must be Insee's 13.5 % (RP 2020 by IRIS) within
   0.05 points, Tours's 31 % and Chinon's 18 % within 0.5 point (the figures of issue 19);
4. summary.json no_car.at_risk_no_car must be the communes' sum within 1e-6 relative.
"""
import csv
import json
import sys
from pathlib import Path
from outputs import layer_rows

REGION_PCT, TOURS_PCT, CHINON_PCT = 13.5, 31.0, 18.0


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    census = {r["code"]: (r["COM"], float(r["men_tot_stock_22"] or 0))
              for r in csv.DictReader(open(data / "rp2022_iris.csv", newline="", encoding="utf-8"))}
    num, den, unmatched = {}, {}, 0
    for r in csv.DictReader(open(data / "households_without_car_2020_iris.csv", newline="")):
        if r["IRIS"] not in census:
            unmatched += 1
            continue
        com, men = census[r["IRIS"]]
        num[com] = num.get(com, 0.0) + float(r["perc_voit"]) * men
        den[com] = den.get(com, 0.0) + men
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    check(unmatched == 3, f"{unmatched} IRIS without a census row (expected 3)")
    share = {c: num[c] / den[c] for c in num if den[c] > 0}
    total_risk_no_car = 0.0
    for row in layer_rows(out, "communes"):
        code = row["code"]
        expected = float(row["illectronism_expected"])
        got = float(row["no_car_share"]) if row["no_car_share"] else None
        check(code in share and got is not None and abs(got - share[code]) < 1e-9,
              f"{code} no_car_share {got} vs {share.get(code)}")
        if code in share and got is not None:
            no_car = float(row["at_risk_no_car"])
            total_risk_no_car += no_car
            check(abs(no_car - expected * share[code]) < 1e-6,
                  f"{code} at_risk_no_car {no_car} vs {expected * share[code]}")
            check(abs(float(row["at_risk_car"]) - (expected - no_car)) < 1e-6,
                  f"{code} at_risk_car {row['at_risk_car']}")
    region = 100 * sum(num.values()) / sum(den.values())
    print(f"region: {region:.2f} % of households without a car; Tours "
          f"{100 * share['37261']:.1f} %, Chinon {100 * share['37072']:.1f} %")
    check(abs(region - REGION_PCT) < 0.05, f"region {region:.3f} % vs {REGION_PCT} %")
    check(abs(100 * share["37261"] - TOURS_PCT) < 0.5, "Tours")
    check(abs(100 * share["37072"] - CHINON_PCT) < 0.5, "Chinon")
    summary = json.load(open(out / "summary.json", encoding="utf-8"))["no_car"]
    check(abs(summary["at_risk_no_car"] - total_risk_no_car) < 1e-6 * total_risk_no_car,
          f"summary {summary['at_risk_no_car']} vs communes {total_risk_no_car}")
    print(f"people at risk without a car: {total_risk_no_car:,.0f}".replace(",", " "))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
