#!/usr/bin/python3
"""The desert rule's "far" with both groups, recomputed from communes.csv's own inputs.

Usage: check_desert_groups.py OUTPUT_DIR [AT_RISK_MIN TIME_MIN]
For every commune, from the columns the rule reads (illectronism_expected, at_risk_no_car,
open_place_min = minutes by car to a place open enough, walk_min and bike_min, thin) and the
default study's thresholds (30 people, 20 minutes, every mode's time_min 20):
- far by car: open_place_min empty (no place) or above 20; far without a car: every mode's
  minutes above 20 (or none);
- people at risk far = those with a car if far by car + those without if far without one;
  far = at least 30 of them; desert = at least 30 people at risk and (far or thin);
- desert_reason names the group: "far by car", "far without a car", "far by car and without
  a car", with " and thin", or "thin".
Checked: every commune's far, desert, far_car, far_no_car, at_risk_far (1e-6) and reason;
summary.json's counts; and that some communes are deserts only because their people without
a car are far (so the rule is not the car's alone): the default study has 38.
"""
import csv
import json
import math
import sys
from pathlib import Path
from outputs import layer_rows


def number(text):
    return float(text) if text not in ("", None) else math.nan


def main():
    out = Path(sys.argv[1])
    at_risk_min = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    time_min = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 20:
                print("FAIL", what)

    only_no_car, far_car_n, far_no_car_n, deserts = 0, 0, 0, 0
    for r in layer_rows(out, "communes"):
        code = r["code"]
        e = number(r["illectronism_expected"])
        e = 0.0 if math.isnan(e) else e
        without = number(r["at_risk_no_car"])
        q = min(1.0, max(0.0, without / e)) if e > 0 and not math.isnan(without) else 0.0
        car = number(r["open_place_min"])
        car_far = math.isnan(car) or car > time_min
        modes = [number(r[m]) for m in ("walk_min", "bike_min")]
        no_car_far = q > 0 and not any(t <= time_min for t in modes if not math.isnan(t))
        people = (e * (1 - q) if car_far else 0.0) + (e * q if no_car_far else 0.0)
        far = people >= at_risk_min and people > 0
        many = e >= at_risk_min
        thin = r["thin"] == "1"
        desert = float(r["population"] or 0) > 0 and many and (far or thin)
        check(r["far"] == ("1" if far else "0"), f"{code} far {r['far']}, recomputed {far}")
        check(r["desert"] == ("1" if desert else "0"),
              f"{code} desert {r['desert']}, recomputed {desert}")
        check(abs(number(r["at_risk_far"]) - people) < 1e-6 * max(1.0, people),
              f"{code} at_risk_far {r['at_risk_far']} vs {people}")
        fc = far and car_far and without < e
        fn = far and no_car_far
        check(r["far_car"] == ("1" if fc else "0"), f"{code} far_car {r['far_car']} vs {fc}")
        check(r["far_no_car"] == ("1" if fn else "0"), f"{code} far_no_car {r['far_no_car']}")
        if desert:
            deserts += 1
            words = ("far by car and without a car" if fc and fn else "far without a car" if fn
                     else "far by car" if fc else "")
            reason = (words + " and thin" if words and thin else words or "thin")
            check(r["desert_reason"] == reason, f"{code} reason '{r['desert_reason']}' vs '{reason}'")
            far_car_n += fc
            far_no_car_n += fn
            only_no_car += fn and not fc and not thin
    s = json.load(open(out / "summary.json", encoding="utf-8"))
    c = s["deserts"]["rule"]["communes"]
    check(c["deserts"] == deserts, f"summary deserts {c['deserts']} vs {deserts}")
    check(c["far_by_car"] == far_car_n, f"summary far_by_car {c['far_by_car']} vs {far_car_n}")
    check(c["far_without_a_car"] == far_no_car_n,
          f"summary far_without_a_car {c['far_without_a_car']} vs {far_no_car_n}")
    check(only_no_car > 0, "no commune is a desert only because its people without a car are far")
    print(f"{passed} checks passed, {failed} failed; {deserts} desert communes, {far_no_car_n} far "
          f"without a car, {only_no_car} only for that")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
