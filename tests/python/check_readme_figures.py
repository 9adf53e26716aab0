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
from outputs import layer_rows

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
        return layer_rows(out, name)  # full precision (the CSVs are rounded)

    def real(r, key):
        return float(r[key]) if r.get(key, "") != "" else None

    communes, departements, places = rows("communes"), rows("departements"), rows("places")
    deserts = rows("deserts")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    by_code = {c["code"]: c for c in communes}
    dep_name = {d["code"]: d["name"] for d in departements}
    population = sum(real(c, "population") or 0 for c in communes)

    # People at risk.
    ill = summary["illectronism"]
    m = quoted(rf"40–59, not published, solved at ({NUMBER}) %")
    if m:
        rate = [r for r in summary["parameters"]["illectronism_rates"] if r["band"] == "40-59"][0]
        check(round(100 * rate["rate"], 1) == number(m.group(1)), f"40-59 {rate['rate']:.4f}")
    m = quoted(rf"The region counts ({NUMBER}) of its ({NUMBER}) people aged 15\+ \(({NUMBER}) %, "
               rf"range ({NUMBER})–({NUMBER}) %\)")
    if m:
        exp = sum(real(c, "illectronism_expected") for c in communes)
        p15 = sum(real(c, "people_15plus") for c in communes)
        low = sum(real(c, "illectronism_low") for c in communes)
        high = sum(real(c, "illectronism_high") for c in communes)
        check(round(exp, -2) == number(m.group(1)), f"{exp:.0f} expected in illectronism")
        check(round(p15, -3) == number(m.group(2)), f"{p15:.0f} people aged 15+")
        for g, v in ((3, exp), (4, low), (5, high)):
            check(round(100 * v / p15, 1) == number(m.group(g)), f"{100 * v / p15:.2f} %")
    m = quoted(rf"({NUMBER}) % of its people aged 15\+ are 65 or over")
    if m:
        old = sum(real(c, "census_dm_6579_pct_22") + real(c, "census_dm_80p_pct_22")
                  for c in communes)
        p15 = sum(real(c, "people_15plus") for c in communes)
        check(round(100 * old / p15, 1) == number(m.group(1)), f"{100 * old / p15:.2f} % 65+")
    m = quoted(rf"Chinon: ({NUMBER}) \(range ({NUMBER})–({NUMBER})\) of ({NUMBER}) people")
    if m:
        c = by_code["37072"]
        for key, g in (("illectronism_expected", 1), ("illectronism_low", 2),
                       ("illectronism_high", 3), ("people_15plus", 4)):
            check(round(real(c, key)) == number(m.group(g)), f"Chinon's {key} {real(c, key):.1f}")
    m = quoted(rf"its (\d+) communes but counts people in tax households only: ({NUMBER}) "
               rf"expected people against the census's ({NUMBER}) there \(({NUMBER}) aged 15\+ "
               rf"against ({NUMBER})\), each commune within ({NUMBER}) % at the median, "
               rf"correlation ({NUMBER})")
    if m:
        g = ill["grid_vs_census_columns"]
        check(g["communes"] == int(m.group(1)), f"{g['communes']} communes in the grid")
        for k, key, digits in ((2, "grid_expected", -2), (3, "census_expected", -2),
                               (4, "grid_people_15plus", -2), (5, "census_people_15plus", -2)):
            check(round(g[key], digits) == number(m.group(k)), f"{key} {g[key]:.0f}")
        check(round(100 * g["median_abs_relative_difference"], 1) == number(m.group(6)),
              f"median difference {g['median_abs_relative_difference']:.4f}")
        check(round(g["correlation"], 3) == number(m.group(7)), f"correlation {g['correlation']}")
    m = quoted(rf"IFN 2023 totals \(Chinon ({NUMBER})\)")
    if m:
        got = real(by_code["37072"], "risk_index")
        check(round(got, 1) == number(m.group(1)), f"Chinon's risk index {got:.2f}")

    # Help.
    m = quoted(rf"Help: ({NUMBER}) places of mediation. The France Services of the 2024 list "
               rf"all have their hours read: the (\d+) at a fixed address open (\d+) to (\d+) "
               rf"hours a week \(median (\d+)\)")
    if m:
        fs = [p for p in places if any(x.startswith("france_services:")
                                       for x in p["sources"].split("|"))]
        fixed = [p for p in fs if not p["mobile_service"]]
        hours = [real(p, "hours_per_week") for p in fixed]
        check(len(places) == int(m.group(1)), f"{len(places)} places")
        check(len(fixed) == int(m.group(2)) and all(p["hours_source"] == "read" for p in fixed),
              f"{len(fixed)} fixed France Services, hours read")
        check((round(min(hours)), round(max(hours)), round(statistics.median(hours))) ==
              (int(m.group(3)), int(m.group(4)), int(m.group(5))),
              f"hours {min(hours)}-{max(hours)}, median {statistics.median(hours)}")
        check(all(p["hours_source"] == "mobile stop" for p in fs if p["mobile_service"]),
              "every stop says it is one")
    m = quoted(r"(\d+) of the (\d+) buses, travelling and multi-site services name the communes "
               r"they visit in their comment, read into (\d+) stops")
    if m:
        ms = summary["supply"]["mobile_services"]
        check((sum(1 for x in ms if x["stops"]), len(ms), sum(len(x["stops"]) for x in ms)) ==
              (int(m.group(1)), int(m.group(2)), int(m.group(3))), "mobile services and stops")
    m = quoted(r"and (\d+) names that are no commune")
    if m:
        n = sum(len(x["not_read"]) for x in summary["supply"]["mobile_services"])
        check(n == int(m.group(1)), f"{n} names not read")
    m = quoted(rf"the median of the hours read \(({NUMBER}), a stand-in")
    if m:
        med = summary["supply"]["median_hours_per_week_read"]
        check(round(med, 1) == number(m.group(1)), f"median hours read {med}")
    m = quoted(rf"In all, ({NUMBER}) help-hours a week: ({NUMBER}) per 1 000 people at risk")
    if m:
        total = summary["supply"]["help_hours_per_week"]
        check(round(total) == number(m.group(1)), f"{total:.1f} help-hours")
        per = 1000 * total / summary["accessibility"]["demand_total"]
        check(round(per, 1) == number(m.group(2)), f"{per:.2f} per 1,000")

    # Access.
    times = [(real(c, "nearest_place_min"), c) for c in communes if real(c, "nearest_place_min") is not None]
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
                   if real(c, "nearest_place_min") is not None and real(c, "nearest_place_min") > minutes)

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
               r"Services list \(\d+ fixed, \d+ stops and bases of mobile services\), and (\d+)")
    if m:
        labelled = [p for p in places if "France Services" in p["labels"].split("|")]
        listed = [p for p in places if any(s.startswith("france_services:")
                                           for s in p["sources"].split("|"))]
        check(len(labelled) == int(m.group(1)), f"{len(labelled)} places labelled France Services")
        check(len(listed) == int(m.group(2)), f"{len(listed)} from the France Services list")
        check(len(labelled) - len(listed) == int(m.group(3)),
              f"{len(labelled) - len(listed)} labelled by other sources")

    m = quoted(rf"Gini ({NUMBER}) and Palma ({NUMBER}) among the people at risk; ({NUMBER}) % of "
               rf"Indre-et-Loire's people at risk are in the region's lowest fifth \(at most "
               rf"({NUMBER}) help-hours a week per 1 000\), none of Indre's")
    if m:
        bf = summary["accessibility"]["bfca"]
        check(round(bf["supply_per_at_risk_gini"], 2) == number(m.group(1)), "Gini")
        check(round(bf["supply_per_at_risk_palma"], 2) == number(m.group(2)), "Palma")
        dep = {d["name"]: d for d in departements}
        share = real(dep["Indre-et-Loire"], "at_risk_lowest_fifth_share")
        check(round(100 * share) == number(m.group(3)), f"Indre-et-Loire {share:.3f}")
        check(round(bf["supply_per_at_risk_lowest_fifth_at_most"]) == number(m.group(4)),
              "lowest fifth threshold")
        check(real(dep["Indre"], "at_risk_lowest_fifth_share") == 0, "none of Indre's")

    # Deserts and siting.
    rule = summary["deserts"]["rule"]
    m = quoted(rf"at least (\d+) people are at risk there and they are far \(more than (\d+) "
               rf"minutes from a place open (\d+) hours a week\) or thinly served \(fewer than "
               rf"(\d+) help-hours")
    if m:
        check((rule["at_risk_min"], rule["time_min_above"], rule["far_open_hours"],
               rule["thin_below"]) == tuple(float(m.group(k)) for k in range(1, 5)),
              "the rule's thresholds")
    desert = [c for c in communes if c.get("desert") == "1"]
    m = quoted(rf"(\d+) communes \(({NUMBER}) people, ({NUMBER}) of them at risk\) are digital "
               rf"deserts, in (\d+) zones: (\d+) are thin, (\d+) far, (\d+) both; (\d+) stay")
    if m:
        people = sum(real(c, "population") or 0 for c in desert)
        at_risk = sum(real(c, "illectronism_expected") for c in desert)
        why = [c["desert_reason"] for c in desert]
        check(len(desert) == int(m.group(1)), f"{len(desert)} desert communes")
        check(round(people, -2) == number(m.group(2)), f"{people:.0f} people in them")
        check(round(at_risk, -2) == number(m.group(3)), f"{at_risk:.0f} at risk in them")
        check(len(deserts) == int(m.group(4)), f"{len(deserts)} zones")
        thin = sum(w == "thin" for w in why)
        both = sum(w.startswith("far") and w.endswith(" and thin") for w in why)
        far = sum(w.startswith("far") for w in why) - both
        check((thin, far, both) == (int(m.group(5)), int(m.group(6)), int(m.group(7))),
              f"reasons: {thin} thin, {far} far, {both} both")
        robust = sum(c["desert_robust"] == "1" for c in desert)
        check(robust == int(m.group(8)), f"{robust} robust")
    m = quoted(rf"The first zones are around ([^(]+) \((\d+) communes, ({NUMBER}) people\), "
               r"([^(]+) \((\d+)\) and ([^(]+) \((\d+)\)")
    if m:
        for k, z in enumerate(deserts[:3]):
            g = 1 if k == 0 else 2 + 2 * k
            check(z["name"] == m.group(g).strip() and int(z["communes"]) == int(m.group(g + 1)),
                  f"zone {k + 1}: {z['name']} ({z['communes']})")
        check(round(float(deserts[0]["population"]), -2) == number(m.group(3)),
              f"first zone's {float(deserts[0]['population']):.0f} people")
    m = quoted(r"Loiret counts the most desert communes \((\d+)\), then Indre-et-Loire \((\d+)\)")
    if m:
        ranked = sorted(departements, key=lambda d: -int(d["desert_communes"]))
        check([(d["name"], int(d["desert_communes"])) for d in ranked[:2]] ==
              [("Loiret", int(m.group(1))), ("Indre-et-Loire", int(m.group(2)))],
              f"most desert communes: {[(d['name'], d['desert_communes']) for d in ranked[:2]]}")
    m = quoted(rf"a band counts the people inside it \(the communes' people spread over their "
               rf"land\): ({NUMBER}) within 10 minutes, ({NUMBER}) within 20")
    if m:
        with open(os.path.join(out, "isochrones.geojson"), encoding="utf-8") as f:
            bands = {b["properties"]["band"]: b["properties"]["population"]
                     for b in json.load(f)["features"]}
        check(round(bands["0-10 min"], -2) == number(m.group(1)), f"{bands['0-10 min']} in 10 min")
        check(round(bands["0-20 min"], -2) == number(m.group(2)), f"{bands['0-20 min']} in 20 min")
    m = quoted(rf"within 20 minutes on foot or by bike, ({NUMBER}) of the people at risk without "
               rf"a car have no hour of help a week at all, and ({NUMBER}) \(in (\d+) communes\) "
               rf"only a stop of a mobile service \(Vailly-sur-Sauldre: its France Services bus, "
               rf"({NUMBER}) hours a week")
    if m:
        none = sum(real(c, "at_risk_no_car") or 0 for c in communes
                   if real(c, "no_car_hours_within") == 0)
        stops = [c for c in communes if (real(c, "no_car_hours_within") or 0) > 0 and
                 real(c, "no_car_hours_within") == real(c, "no_car_stop_hours_within")]
        at_stops = sum(real(c, "at_risk_no_car") or 0 for c in stops)
        check(round(none, -2) == number(m.group(1)), f"{none:.0f} without an hour of help")
        check(round(at_stops, -2) == number(m.group(2)) and len(stops) == int(m.group(3)),
              f"{at_stops:.0f} with a mobile stop only, in {len(stops)} communes")
        vailly = [c for c in communes if c["name"] == "Vailly-sur-Sauldre"][0]
        check(round(real(vailly, "no_car_stop_hours_within"), 1) == number(m.group(4)),
              f"Vailly-sur-Sauldre {real(vailly, 'no_car_stop_hours_within'):.2f} h")
    m = quoted(r"its people without a car are placed at that place \((\d+) communes;")
    if m:
        check(summary["no_car"]["communes_at_their_place"] == int(m.group(1)),
              f"{summary['no_car']['communes_at_their_place']} communes at their place")
    m = quoted(r"(\d+) are far for their people without a car, (\d+) of them only for those: "
               rf"([^ ]+) \((\d+) people at risk without a car far from a place open 20 hours\), "
               r"([^ ]+) \((\d+)\) and ([^ ]+) \((\d+)\) lead")
    if m:
        far_nc = [c for c in desert if c["far_no_car"] == "1"]
        only = [c for c in far_nc if c["far_car"] == "0"]
        check((len(far_nc), len(only)) == (int(m.group(1)), int(m.group(2))),
              f"{len(far_nc)} far without a car, {len(only)} only for them")
        only.sort(key=lambda c: -real(c, "at_risk_far_no_car"))
        for k in range(3):
            c = only[k]
            check(c["name"] == m.group(3 + 2 * k) and
                  round(real(c, "at_risk_far_no_car")) == int(m.group(4 + 2 * k)),
                  f"only without a car #{k + 1}: {c['name']} {real(c, 'at_risk_far_no_car'):.1f}")
    m = quoted(r"Every desert commune with a place open (\d+) hours a week inside it is thin, never "
               r"far, and says so; (\w+) hold only a bus stop or a short-hours antenna and are far "
               r"for their people without a car")
    if m:
        hours = float(m.group(1))
        open_enough = {p["commune"] for p in places if float(p["hours_per_week"] or 0) >= hours}
        bad = [c["name"] for c in desert if c["code"] in open_enough and c["desert_reason"] != "thin"]
        check(not bad, f"desert communes with a place open {hours:g} h, not only thin: {bad}")
        short = [c for c in desert if int(c["places"]) > 0 and c["code"] not in open_enough and
                 c["desert_reason"].startswith("far without a car")]
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
        check(len(short) == words.get(m.group(2), -1),
              f"{len(short)} with short-hours places only, far without a car")
    m = quoted(rf"among them Château-Renault with its France Services ({NUMBER}) minutes away; "
               rf"with (\d+) help-hours a week per 1 000 people at risk it is no desert now")
    if m:
        c = by_code["37063"]
        check(round(real(c, "nearest_place_min"), 1) == number(m.group(1)), "Château-Renault's time")
        check(round(real(c, "supply_per_at_risk")) == int(m.group(2)) and c["desert"] == "0",
              f"Château-Renault {real(c, 'supply_per_at_risk'):.1f}, desert {c['desert']}")
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
    # Without a car: the regional figures and the table per departement.
    nc = summary["no_car"]
    m = quoted(rf"Of the ({NUMBER}) people at risk, ({NUMBER}) live without a car")
    if m:
        check(round(nc["at_risk_no_car"], -2) == number(m.group(2)),
              f"{nc['at_risk_no_car']:.0f} at risk without a car")
    m = quoted(rf"gives ({NUMBER}), ({NUMBER}) and ({NUMBER}) at tilts 1.25, 1.5 and 2")
    if m:
        tilts = {t["age_tilt"]: t["at_risk_no_car"] for t in nc["tilt_sensitivity"]}
        for g, tilt in ((1, 1.25), (2, 1.5), (3, 2.0)):
            check(round(tilts[tilt], -2) == number(m.group(g)), f"tilt {tilt}: {tilts[tilt]:.0f}")
    m = quoted(rf"By car, ({NUMBER}) of the others are more than 20 minutes from a place open 20 "
               rf"hours a week; without a car, ({NUMBER}) are more than 20 minutes away on foot "
               rf"and ({NUMBER}) by bike")
    if m:
        walk = next(x for x in nc["modes"] if x["id"] == "walk")["at_risk_no_car_beyond_min"]
        bike = next(x for x in nc["modes"] if x["id"] == "bike")["at_risk_no_car_beyond_min"]
        check(round(nc["at_risk_car_beyond_min_by_car"]["20"], -2) == number(m.group(1)),
              "car beyond 20")
        check(round(walk["20"], -2) == number(m.group(2)), f"walk beyond 20 {walk['20']:.0f}")
        check(round(bike["20"], -2) == number(m.group(3)), f"bike beyond 20 {bike['20']:.0f}")
    for d in departements:
        m = quoted(rf"\| {re.escape(d['name'])} \| ({NUMBER}) \| ({NUMBER}) \| ({NUMBER}) \| "
                   rf"({NUMBER}) \|")
        if m:
            got = [real(d, k) for k in ("at_risk_no_car", "at_risk_no_car_beyond_walk_20min",
                                        "at_risk_no_car_beyond_bike_20min",
                                        "at_risk_car_beyond_20min")]
            check([round(x) for x in got] == [number(m.group(g)) for g in range(1, 5)],
                  f"{d['name']} without a car {[round(x) for x in got]}")
    # Outputs: a bassin reaching beyond the region is clipped to its communes in the study.
    m = re.search(rf"Montluçon's bassin is its ({NUMBER}) km² in the region, not its ({NUMBER}) km²",
                  re.sub(r"\s+", " ", readme))
    check(m is not None, "the README gives Montluçon's clipped bassin")
    if m:
        from shapely.geometry import shape
        import l93
        project = l93.projector()
        with open(os.path.join(out, "bassins.geojson"), encoding="utf-8") as f:
            mont = next(ft for ft in json.load(f)["features"]
                        if ft["properties"]["name"] == "Montluçon")
        data = os.path.join(os.path.dirname(os.path.abspath(readme_path)), "datasets",
                            "centre-val-de-loire", "bassins_vie_2022.geojson")
        with open(data, encoding="utf-8") as f:
            whole = next(ft for ft in json.load(f)["features"]
                         if ft["properties"]["LIB_BV2022"] == "Montluçon")
        clipped = project(shape(mont["geometry"])).area / 1e6
        full = project(shape(whole["geometry"])).area / 1e6
        check(round(clipped) == number(m.group(1)) and round(mont["properties"]["area_km2"]) ==
              number(m.group(1)) and round(full) == number(m.group(2)) and
              mont["properties"]["geometry_origin"] == "layer, clipped to the study",
              f"Montluçon: {clipped:.0f} km² drawn, {mont['properties']['area_km2']:.0f} of "
              f"communes, {full:.0f} in the layer")
    # The travelling service ([tour]).
    tour = summary["tour"]
    m = quoted(rf"Its ({NUMBER}) stops on ({NUMBER}) days reach ({NUMBER}) of the ({NUMBER}) "
               r"people at risk without a car")
    if m:
        check(number(m.group(1)) == tour["stops"] and number(m.group(2)) ==
              tour["days_with_stops"] and number(m.group(3)) == round(tour["people_reached"]) and
              number(m.group(4)) == round(tour["far_people_within_radius"]),
              f"the bus: {tour['stops']} stops, {tour['days_with_stops']} days, "
              f"{tour['people_reached']} of {tour['far_people_within_radius']} people")
    m = quoted(rf"the best single fixed place, at ([^,]+), open the same ({NUMBER}) hours a "
               rf"week, would reach ({NUMBER})")
    if m:
        best = tour["best_fixed_place"]
        check(m.group(1) == best["name"] and number(m.group(2)) == tour["work_hours_per_week"]
              and number(m.group(3)) == round(best["people_reached"]),
              f"the best fixed place: {best['name']}, {tour['work_hours_per_week']} h, "
              f"{best['people_reached']} people")
    print(f"readme figures: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
