#!/usr/bin/python3
"""Every figure the README's "What the default study finds" quotes, read from the README's
own text and recomputed from the default run's outputs: the README and the outputs cannot
drift apart silently (a changed figure fails here until the README says the new one).

Usage: check_readme_figures.py README.md OUTPUT_DIR
"""

import csv
import json
import os
import re
import statistics
import sys

SPACE = "[ \u00a0\u202f]"  # thousands separators as the README writes them
NUMBER = rf"\d{{1,3}}(?:{SPACE}\d{{3}})*(?:\.\d+)?"


def number(text):
    return float(re.sub(SPACE, "", text))


def main():
    readme_path, out = sys.argv[1], sys.argv[2]
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("### What the default study finds"):readme.index("## Performance")]
    text = re.sub(r"\s+", " ", section)
    failures = []

    def quoted(pattern):
        m = re.search(pattern, text)
        if not m:
            failures.append(f"the README no longer says: {pattern}")
            print(f"FAIL the README no longer says: {pattern}")
        return m

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    def rows(name):
        with open(os.path.join(out, name + ".csv"), encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def real(r, key):
        return float(r[key]) if r.get(key, "") != "" else None

    communes, departements, places = rows("communes"), rows("departements"), rows("places")
    deserts = rows("deserts")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    by_code = {c["code"]: c for c in communes}
    dep_name = {d["code"]: d["name"] for d in departements}
    population = sum(real(c, "population") or 0 for c in communes)

    # Risk and illectronism.
    m = quoted(rf"IFN 2023 totals \(Chinon ({NUMBER})\)")
    if m:
        got = real(by_code["37072"], "risk_index")
        check(round(got, 1) == number(m.group(1)), f"Chinon's risk index {got:.2f}")
    m = quoted(rf"\((\d+) communes around Chinon, ({NUMBER}) people aged 15\+\), ({NUMBER}) people "
               rf"are expected to be in illectronism \(({NUMBER}) %")
    if m:
        est = [c for c in communes if real(c, "illectronism_expected") is not None]
        p15 = sum(real(c, "people_15plus") for c in est)
        exp = sum(real(c, "illectronism_expected") for c in est)
        check(len(est) == int(m.group(1)), f"{len(est)} communes with an estimate")
        check(round(p15, -4) == number(m.group(2)), f"{p15:.0f} people aged 15+ in them")
        check(round(exp, -2) == number(m.group(3)), f"{exp:.0f} expected in illectronism")
        check(round(100 * exp / p15, 1) == number(m.group(4)), f"{100 * exp / p15:.2f} %")
    m = quoted(rf"Chinon itself: ({NUMBER}) \(range ({NUMBER})–({NUMBER})\) of ({NUMBER}) people")
    if m:
        c = by_code["37072"]
        for key, g in (("illectronism_expected", 1), ("illectronism_low", 2),
                       ("illectronism_high", 3), ("people_15plus", 4)):
            check(round(real(c, key)) == number(m.group(g)), f"Chinon's {key} {real(c, key):.1f}")

    # Access.
    times = [(real(c, "time_min"), c) for c in communes if real(c, "time_min") is not None]
    m = quoted(rf"the median commune is ({NUMBER}) minutes away and the furthest (\d+) minutes "
               r"\(([^,]+), ([^)]+)\)")
    if m:
        median = statistics.median(t for t, _ in times)
        worst_t, worst = max(times, key=lambda x: x[0])
        check(round(median, 1) == number(m.group(1)), f"median time {median:.2f} min")
        check(round(worst_t) == int(m.group(2)), f"furthest {worst_t:.2f} min")
        check(worst["name"] == m.group(3), f"furthest commune {worst['name']}")
        check(dep_name.get(worst["departements"]) == m.group(4),
              f"in {dep_name.get(worst['departements'])}")

    def beyond(minutes):
        return sum(real(c, "population") or 0 for c in communes
                   if real(c, "time_min") is not None and real(c, "time_min") > minutes)

    m = quoted(rf"({NUMBER}) % of the region's ({NUMBER}) million people live more than 10 minutes")
    if m:
        check(round(100 * beyond(10) / population, 1) == number(m.group(1)),
              f"{100 * beyond(10) / population:.2f} % beyond 10 minutes")
        check(round(population / 1e6, 2) == number(m.group(2)), f"{population:.0f} people")
    m = quoted(rf"({NUMBER}) % \(({NUMBER}) people\) more than 20 minutes, nobody more than 30")
    if m:
        check(round(100 * beyond(20) / population, 2) == number(m.group(1)),
              f"{100 * beyond(20) / population:.3f} % beyond 20 minutes")
        check(round(beyond(20), -2) == number(m.group(2)), f"{beyond(20):.0f} people beyond 20")
        check(beyond(30) == 0, "nobody beyond 30 minutes")
    m = quoted(r"([A-Z][\w-]+) has the largest share beyond 20 minutes")
    if m:
        top = max(departements, key=lambda d: real(d, "share_beyond_20min") or 0)
        check(top["name"] == m.group(1), f"largest share beyond 20 minutes: {top['name']}")
    m = quoted(r"only the (\d+) places carrying that label count: the (\d+) of the France "
               r"Services list, and (\d+)")
    if m:
        labelled = [p for p in places if "France Services" in p["labels"].split("|")]
        listed = [p for p in places if any(s.startswith("france_services:")
                                           for s in p["sources"].split("|"))]
        check(len(labelled) == int(m.group(1)), f"{len(labelled)} places labelled France Services")
        check(len(listed) == int(m.group(2)), f"{len(listed)} from the France Services list")
        check(len(labelled) - len(listed) == int(m.group(3)),
              f"{len(labelled) - len(listed)} labelled by other sources")

    # Deserts and siting.
    desert = [c for c in communes if c.get("desert") == "1"]
    m = quoted(rf"(\d+) communes \(({NUMBER}) people\) are digital deserts, in (\d+) zones")
    if m:
        people = sum(real(c, "population") or 0 for c in desert)
        check(len(desert) == int(m.group(1)), f"{len(desert)} desert communes")
        check(round(people, -2) == number(m.group(2)), f"{people:.0f} people in them")
        check(len(deserts) == int(m.group(3)), f"{len(deserts)} zones")
    m = quoted(r"Only (\d+) are far")
    if m:
        far = sum(c.get("far") == "1" for c in desert)
        check(far == int(m.group(1)), f"{far} desert communes far from help")
    m = quoted(rf"The first zones are around ([^(]+) \((\d+) communes, ({NUMBER}) people\), "
               r"([^(]+) \((\d+)\)")
    if m:
        first, second = deserts[0], deserts[1]
        check(first["name"] == m.group(1).strip(), f"first zone {first['name']}")
        check(int(first["communes"]) == int(m.group(2)), f"of {first['communes']} communes")
        check(round(float(first["population"]), -2) == number(m.group(3)),
              f"and {float(first['population']):.0f} people")
        check(second["name"] == m.group(4).strip() and int(second["communes"]) == int(m.group(5)),
              f"second zone {second['name']} ({second['communes']})")
    m = quoted(r"Loiret counts the most desert communes \((\d+)\), then Loir-et-Cher \((\d+)\)")
    if m:
        ranked = sorted(departements, key=lambda d: -int(d["desert_communes"]))
        check([(d["name"], int(d["desert_communes"])) for d in ranked[:2]] ==
              [("Loiret", int(m.group(1))), ("Loir-et-Cher", int(m.group(2)))],
              f"most desert communes: {[(d['name'], d['desert_communes']) for d in ranked[:2]]}")
    m = quoted(rf"today ({NUMBER}) %\) are ([^;]+); ten places bring it to ({NUMBER}) %")
    if m:
        siting = summary["siting"]
        before = 100 * siting["covered_share_before"]
        names = [n.strip() for n in re.split(r", | and ", m.group(2))]
        check(round(before, 1) == number(m.group(1)), f"covered today {before:.2f} %")
        check([p["name"] for p in siting["picks"][:len(names)]] == names,
              f"first picks {[p['name'] for p in siting['picks'][:len(names)]]}")
        after = 100 * siting["picks"][-1]["covered_share"]
        check(len(siting["picks"]) == 10 and round(after, 1) == number(m.group(3)),
              f"after ten places {after:.2f} %")
    print(f"readme figures: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
