#!/usr/bin/python3
"""The bundled regional study done the way an analyst does it in Python, timed against hublo,
and used as an independent check of hublo's figures.

The Python side is written as an analyst would with Debian's packages: GeoPandas to read,
reproject and join (`merge` for the tables, `sjoin` for the places in each commune,
`groupby` for the EPCI, `dissolve` for the zones), Shapely for the
nearest road segment (STRtree), NetworkX for the road graph: a multi-source Dijkstra for the
time to the nearest place, and OSMnx-style ego graphs (`nx.ego_graph(G, place, radius,
distance="time")`, one per band of 10, 20 and 30 minutes, as in the OSMnx isochrone
tutorial) for the catchments of the accessibility index (E2SFCA, Luo & Qi 2009). Then the
balanced accessibility (BFCA), the desert rule ("reasons": many people at risk, far from a
place open 20 hours a week, those without a car on foot or by bike, or thinly served in
help-hours), the zones (`dissolve`, `explode`) and the layers written as GeoJSON and CSV. The demand is the expected people in
illectronism, recomputed here from the census IRIS rows (`groupby`) and Insee's rates.

The same travel model as the study file: roads straight between their vertices, lengths ×
sinuosity, speeds by class, both directions, largest connected component; a point joins the
nearest point of the nearest road that is not a motorway, at the off-road speed, and the
segment's time is split in proportion.

Inputs: the study's raw files, except the places: merging the three sources (placement,
SIRET and name duplicates) is hublo's own stage, so the reference starts from the merged list
hublo writes (`places.geojson`: coordinates, hours a week and help-hours), as an analyst
starts from a cleaned list. Everything downstream is computed here independently.

Compared (tolerances): the places in each commune (identical, once the places outside
every polygon, which `sjoin` drops and hublo gives the nearest commune, are accounted), the
time to the nearest place of every commune (0.01 min), the
population beyond 10, 20 and 30 minutes of every EPCI (1 person), the expected people in
illectronism (1e-6), the accessibility and the help-hours per 1,000 people at risk of every
commune (1e-6 relative), the desert flag of every commune (identical) and the number of
desert zones (identical). Prints each tool's time and the ratio; exits 1 when a figure
disagrees beyond its tolerance.

Usage: /usr/bin/python3 scripts/reference_workflow.py [--hublo build/bin/hublo]
"""

import time  # first: the libraries' import time counts in the Python side's end-to-end time

T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402

import geopandas as gpd  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402
from shapely.geometry import LineString  # noqa: E402
from shapely.strtree import STRtree  # noqa: E402

T_IMPORTS = time.perf_counter() - T_START

warnings.filterwarnings("ignore", message="STRtree will be changed")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "datasets", "centre-val-de-loire")

# The parameters of datasets/centre-val-de-loire/study.toml.
SPEEDS_KMH = {"motorway": 110, "national": 80, "departmental": 70, "metropolitan": 40}
NO_SNAP = {"motorway", "motorway_link"}
SINUOSITY = 1.2
OFFROAD_KMH = 30.0
MAX_SNAP_M = 5000.0
THRESHOLDS_MIN = [10, 20, 30]
BANDS_MIN = [10, 20, 30]
WEIGHTS = [1.0, 0.68, 0.22]
HUBLO_RUNS = 5  # hublo's same-layers run is timed this many times; the median counts
PER = 1000
# [deserts] rule = "reasons"
AT_RISK_MIN, TIME_MIN, FAR_OPEN_HOURS, THIN_BELOW = 30.0, 20.0, 20.0, 40.0
# [no_car] and [[modes]]: straight line x circuity, each mode's time_min 20 minutes.
CIRCUITY, MODE_KMH, MODE_TIME_MIN = 1.5, {"walk": 4.5, "bike": 15.0}, 20.0
# Insee's rates by survey band (Insee Première n°1953), 40-59 solved below from France's
# people aged 15+ (RP 2021, POP3) so that France's overall rate is 15.4 %.
KNOWN_RATES = {(15, 25): 0.02, (25, 40): 0.04, (60, 75): 0.24, (75, 100): 0.62}
FRANCE_2021 = [(15, 20, 4164063), (20, 25, 3819841), (25, 40, 12108410), (40, 55, 13104453),
               (55, 65, 8538467), (65, 80, 9722536), (80, 100, 4101248)]
CENSUS_BANDS = [("dm_0014_pct_22", 0, 15), ("dm_1524_pct_22", 15, 25),
                ("dm_2554_pct_22", 25, 55), ("dm_5564_pct_22", 55, 65),
                ("dm_6579_pct_22", 65, 80), ("dm_80p_pct_22", 80, 100)]

def road_graph(roads):
    """NetworkX graph of the roads: a node per distinct vertex, an edge per straight piece."""
    g = nx.Graph()
    for line, cls in zip(roads.geometry, roads["road_class"]):
        mps = SPEEDS_KMH[cls] / 3.6
        parts = line.geoms if line.geom_type == "MultiLineString" else [line]
        for part in parts:
            xy = list(part.coords)
            for a, b in zip(xy[:-1], xy[1:]):
                if a == b:
                    continue
                length = math.dist(a, b) * SINUOSITY
                t = length / mps
                old = g.get_edge_data(a, b)
                if old is None or t < old["time"]:
                    g.add_edge(a, b, time=t, length=length, snap=cls not in NO_SNAP)
    largest = max(nx.connected_components(g), key=len)
    return g.subgraph(largest).copy()


def attach(g, groups):
    """Joins each point to the nearest point of the nearest snappable road piece: the piece
    is split there (at every point on it, in order) and the point hangs on it by an off-road
    edge. `groups`: {prefix: points}; returns {prefix: nodes}."""
    pieces = [(a, b) for a, b, d in g.edges(data=True) if d["snap"]]
    lines = [LineString([a, b]) for a, b in pieces]
    index = {id(line): k for k, line in enumerate(lines)}
    tree = STRtree(lines)
    on_piece = {}
    nodes = {prefix: [] for prefix in groups}
    for prefix, k, p in ((pr, k, p) for pr, pts in groups.items() for k, p in enumerate(pts)):
        line = tree.nearest(p)
        a, b = pieces[index[id(line)]]
        d = p.distance(line)
        node = (prefix, k)
        nodes[prefix].append(node)
        if d > MAX_SNAP_M:
            continue
        f = line.project(p, normalized=True)
        on_piece.setdefault((a, b), []).append((f, node, d))
    mps = OFFROAD_KMH / 3.6
    for (a, b), items in on_piece.items():
        data = g.edges[a, b]
        g.remove_edge(a, b)
        chain = [(0.0, a)]
        for f, node, d in sorted(items, key=lambda x: x[0]):
            at = (node, "road")
            chain.append((f, at))
            g.add_edge(node, at, time=d / mps)
        chain.append((1.0, b))
        for (f0, u), (f1, v) in zip(chain[:-1], chain[1:]):
            g.add_edge(u, v, time=(f1 - f0) * data["time"])
    return nodes


def weight_of(t_s):
    for upper, w in zip(BANDS_MIN, WEIGHTS):
        if t_s <= upper * 60.0:
            return w
    return 0.0


def overlap(lo, hi, slo, shi):
    return max(0.0, min(hi, shi) - max(lo, slo)) / (hi - lo)


def survey_rates():
    people = {b: 0.0 for b in [(15, 25), (25, 40), (40, 60), (60, 75), (75, 100)]}
    for lo, hi, n in FRANCE_2021:
        for b in people:
            people[b] += n * overlap(lo, hi, *b)
    total = sum(n for _, _, n in FRANCE_2021)
    rates = dict(KNOWN_RATES)
    rates[(40, 60)] = (0.154 * total - sum(people[b] * r for b, r in KNOWN_RATES.items())) \
        / people[(40, 60)]
    return rates


def census_by_commune():
    """P22_POP and expected people in illectronism per commune, from the IRIS rows: age
    shares rescaled to 100 % per row, times P22_POP, summed by commune (pandas groupby)."""
    iris = pd.read_csv(os.path.join(DATA, "rp2022_iris.csv"), dtype={"COM": str})
    shares = iris[[c for c, _, _ in CENSUS_BANDS]]
    people = shares.div(shares.sum(axis=1), axis=0).mul(iris["P22_POP"], axis=0)
    people["COM"] = iris["COM"]
    people["P22_POP"] = iris["P22_POP"]
    by = people.groupby("COM").sum()
    rates = survey_rates()
    expected = sum(by[c] * sum(overlap(lo, hi, *b) * r for b, r in rates.items())
                   for c, lo, hi in CENSUS_BANDS)
    return by["P22_POP"], expected


def no_car_share_by_commune():
    """The share of households without a car per commune: the IRIS shares (2020) weighted by
    the census's households (2022), IRIS without a census row left out."""
    cars = pd.read_csv(os.path.join(DATA, "households_without_car_2020_iris.csv"),
                       dtype={"IRIS": str})
    iris = pd.read_csv(os.path.join(DATA, "rp2022_iris.csv"), dtype={"code": str, "COM": str})
    m = cars.merge(iris[["code", "COM", "men_tot_stock_22"]], left_on="IRIS", right_on="code")
    m["w"] = m["perc_voit"] * m["men_tot_stock_22"]
    by = m.groupby("COM")[["w", "men_tot_stock_22"]].sum()
    return by["w"] / by["men_tot_stock_22"]


def no_car_minutes(communes, demand_xy, places):
    """The best of walking and cycling, in minutes, from where each commune's people without a
    car live (at the place open the most hours in the commune when it holds one located by its
    coordinates, else the commune's point) to the nearest place open FAR_OPEN_HOURS, as the
    straight line x CIRCUITY (scipy's KD-tree)."""
    best = {}
    for x, y, code, located, h in zip(places.geometry.x, places.geometry.y, places["commune"],
                                      places["located"], places["hours_per_week"]):
        if located == "coordinates" and (code not in best or h > best[code][2]):
            best[code] = (x, y, h)
    origin = np.array([best[c][:2] if c in best else (p.x, p.y)
                       for c, p in zip(communes["DEPCOM"], demand_xy)])
    open_xy = np.array([(x, y) for x, y, h in zip(places.geometry.x, places.geometry.y,
                                                  places["hours_per_week"])
                        if h >= FAR_OPEN_HOURS])
    dist, _ = cKDTree(open_xy).query(origin)
    fastest = max(MODE_KMH.values())
    return dist * CIRCUITY / (fastest * 1000.0 / 60.0)


def python_workflow(places_path, out_dir, phases):
    last = [time.perf_counter()]

    def phase(name):
        now = time.perf_counter()
        phases[name] = now - last[0]
        last[0] = now

    communes = gpd.read_file(os.path.join(DATA, "communes.geojson")).to_crs(2154)
    comparateur = pd.read_csv(os.path.join(DATA, "comparateur_territoires_2024.csv"),
                              dtype={"insee_com": str}).drop_duplicates("insee_com")
    communes = communes.merge(comparateur[["insee_com", "lat", "lng"]],
                              how="left", left_on="DEPCOM", right_on="insee_com")
    population, at_risk = census_by_commune()
    communes["population"] = communes["DEPCOM"].map(population).fillna(0.0)
    communes["at_risk"] = communes["DEPCOM"].map(at_risk).fillna(0.0)

    # Demand points: the commune's coordinates in the comparateur, else a point on surface.
    seat = gpd.GeoSeries(gpd.points_from_xy(communes["lng"], communes["lat"]), crs=4326)
    seat = seat.to_crs(2154)
    inside = communes.geometry.representative_point()
    demand_xy = [s if not (s.is_empty or math.isnan(s.x)) else r for s, r in zip(seat, inside)]

    places = gpd.read_file(places_path).to_crs(2154)
    inside = gpd.sjoin(places[["id", "commune", "geometry"]],
                       communes[["DEPCOM", "geometry"]], how="left", predicate="within")
    inside = inside.drop_duplicates("id")
    communes["places_sjoin"] = communes["DEPCOM"].map(inside["DEPCOM"].value_counts()).fillna(0)
    outside = inside[inside["DEPCOM"].isna()]
    # hublo keeps a place in its declared commune when the simplified borders put it next
    # door within the border tolerance (1 km): those are the places whose commune is not the
    # polygon containing them, yet within 1 km of it.
    by_code = communes.set_index("DEPCOM").geometry
    moved = inside[inside["DEPCOM"].notna() & (inside["DEPCOM"] != inside["commune"])]
    moved = moved[[by_code[c].distance(pt) <= 1000.0 if c in by_code.index else False
                   for c, pt in zip(moved["commune"], moved.geometry)]]
    communes["places_sjoin"] -= communes["DEPCOM"].map(moved["DEPCOM"].value_counts()).fillna(0)
    communes["places_sjoin"] += communes["DEPCOM"].map(moved["commune"].value_counts()).fillna(0)
    roads = gpd.read_file(os.path.join(DATA, "roads_numbered.geojson")).to_crs(2154)
    phase("read and join")
    g = road_graph(roads)
    attached = attach(g, {"place": list(places.geometry), "demand": demand_xy})
    place_nodes, demand_nodes = attached["place"], attached["demand"]
    sources = [n for n in place_nodes if n in g]
    phase("road graph and snapping")

    # Time to the nearest place, and to the nearest place open 20 hours a week: multi-source
    # Dijkstras.
    nearest = nx.multi_source_dijkstra_path_length(g, sources, weight="time")
    communes["time_min"] = [nearest.get(n, math.inf) / 60.0 for n in demand_nodes]
    hours = places["hours_per_week"].to_numpy()
    open_sources = [n for n, h in zip(place_nodes, hours) if n in g and h >= FAR_OPEN_HOURS]
    nearest_open = nx.multi_source_dijkstra_path_length(g, open_sources, weight="time")
    communes["open_min"] = [nearest_open.get(n, math.inf) / 60.0 for n in demand_nodes]
    phase("nearest place (multi-source)")

    # Catchments, OSMnx style: the ego graph of each place for each band.
    demand_index = {n: i for i, n in enumerate(demand_nodes)}
    band_of = []  # per place: {demand point: band weight}
    for node in place_nodes:
        reached = {}
        if node in g:
            for upper, w in reversed(list(zip(BANDS_MIN, WEIGHTS))):
                ego = nx.ego_graph(g, node, radius=upper * 60.0, distance="time")
                for n in ego.nodes:
                    if n in demand_index:
                        reached[demand_index[n]] = w
        band_of.append(reached)
    phase("catchments (ego graphs)")

    # Demand: the expected people in illectronism; supply: help-hours (hublo's merged list).
    pop = communes["population"].to_numpy()
    demand = communes["at_risk"].to_numpy()
    capacity = places["capacity"].fillna(1.0).to_numpy()
    ratio = np.zeros(len(place_nodes))
    for j, reached in enumerate(band_of):
        weighted = sum(demand[i] * w for i, w in reached.items())
        ratio[j] = capacity[j] / weighted if weighted > 0 else 0.0
    access = np.zeros(len(communes))
    for j, reached in enumerate(band_of):
        for i, w in reached.items():
            access[i] += ratio[j] * w
    communes["accessibility"] = access * PER

    # Balanced (BFCA): each person's demand split among the places as the weights say; each
    # place's supply shared as the demand it receives.
    point_weight = np.zeros(len(communes))
    for reached in band_of:
        for i, w in reached.items():
            point_weight[i] += w
    balanced = np.zeros(len(place_nodes))
    for j, reached in enumerate(band_of):
        balanced[j] = sum(demand[i] * w / point_weight[i] for i, w in reached.items())
    share = np.zeros(len(communes))
    for j, reached in enumerate(band_of):
        if balanced[j] > 0:
            for i, w in reached.items():
                share[i] += w / point_weight[i] * capacity[j] / balanced[j]
    communes["supply_per_at_risk"] = np.where(demand > 0, share * PER, np.nan)

    # The desert rule ("reasons") and its zones. "Far" weighs the people at risk with a car
    # (by car) and those without (their best mode): at least AT_RISK_MIN of them far.
    many = demand >= AT_RISK_MIN
    no_car = demand * communes["DEPCOM"].map(no_car_share_by_commune()).fillna(0.0).to_numpy()
    no_car_min = no_car_minutes(communes, demand_xy, places)
    car_far = communes["open_min"].to_numpy() > TIME_MIN
    no_car_far = (no_car > 0) & (no_car_min > MODE_TIME_MIN)
    far_people = np.where(car_far, demand - no_car, 0.0) + np.where(no_car_far, no_car, 0.0)
    far = (far_people >= AT_RISK_MIN) & (far_people > 0)
    supply = communes["supply_per_at_risk"].to_numpy()
    thin = np.isfinite(supply) & (supply < THIN_BELOW)
    communes["desert"] = ((pop > 0) & many & (far | thin)).astype(int)
    zones = communes[communes["desert"] == 1][["geometry"]].copy()
    zones["one"] = 1
    zones = zones.dissolve(by="one").explode(index_parts=False)

    # Population beyond each threshold, by EPCI.
    for t in THRESHOLDS_MIN:
        communes[f"beyond_{t}"] = np.where(communes["time_min"] > t, pop, 0.0)
    epci = communes.groupby("EPCI")[[f"beyond_{t}" for t in THRESHOLDS_MIN]].sum()

    communes.to_crs(4326).to_file(os.path.join(out_dir, "communes.geojson"), driver="GeoJSON")
    epci.to_csv(os.path.join(out_dir, "epci.csv"))
    zones.to_crs(4326).to_file(os.path.join(out_dir, "deserts.geojson"), driver="GeoJSON")
    phase("E2SFCA, deserts, write")
    return communes, epci, len(zones), g, outside


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hublo", default=os.path.join(ROOT, "build", "bin", "hublo"))
    args = ap.parse_args()
    study = os.path.join(DATA, "study.toml")
    with tempfile.TemporaryDirectory() as tmp:
        hub_out = os.path.join(tmp, "hublo")
        py_out = os.path.join(tmp, "python")
        os.makedirs(py_out)
        subprocess.run([args.hublo, "run", "-q", study, "-o", os.path.join(tmp, "warm")],
                       check=True)  # file cache warm, as for Python's imports
        t0 = time.perf_counter()
        subprocess.run([args.hublo, "run", "-q", study, "-o", hub_out], check=True)
        t_hublo = time.perf_counter() - t0
        # The same work as the Python side (`same`): the study without what the Python side
        # does not compute: the [isochrones] and [siting] sections, the levels other than the
        # EPCI (bassins, départements, arrondissements), the EPCI table of the IFN and the
        # expected number of people in illectronism from the age grid; GeoJSON and CSV only
        # (no GeoPackage, no map report). `wider` keeps those levels, table and grid.
        with open(study, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r'path = "(?!/)', f'path = "{DATA}/', text)
        text = re.sub(r"(?ms)^\[(isochrones|siting)\]\n.*?(?=^\[)", "", text)
        wider = os.path.join(tmp, "wider.toml")
        with open(wider, "w", encoding="utf-8") as f:
            f.write(text)
        text = re.sub(r'(?ms)^\[\[levels\]\]\nid = "(?!epci")[^\n]*\n.*?(?=^\[)', "", text)
        text = re.sub(r'(?ms)^\[\[tables\]\]\nid = "ifn_epci"[^\n]*\n.*?(?=^\[)', "", text)
        text = re.sub(r"(?m)^age_grid = .*\n", "", text)
        same = os.path.join(tmp, "same.toml")
        with open(same, "w", encoding="utf-8") as f:
            f.write(text)
        flags = ["--set", "outputs.report=false", "--set", "outputs.geopackage=false",
                 "--set", "outputs.monographs=\"\""]
        runs, wider_runs = [], []
        for _ in range(HUBLO_RUNS):
            for toml, times in ((same, runs), (wider, wider_runs)):
                out = os.path.splitext(toml)[0]
                t0 = time.perf_counter()
                subprocess.run([args.hublo, "run", "-q", toml, "-o", out] + flags, check=True)
                times.append(time.perf_counter() - t0)
        t_same, t_wider = statistics.median(runs), statistics.median(wider_runs)
        with open(os.path.join(tmp, "same", "summary.json"), encoding="utf-8") as f:
            same_layers = sorted(json.load(f)["counts"]["layers"])

        t0 = time.perf_counter()
        phases = {}
        communes, epci, zone_count, g, outside = python_workflow(os.path.join(hub_out, "places.geojson"),
                                                        py_out, phases)
        t_python = time.perf_counter() - t0
        with open(os.path.join(tmp, "same", "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        stages, detail = summary["timings_s"], summary.get("timings_detail_s", {})

        # The GeoJSON's attributes: full precision (the CSVs are rounded for people).
        def hub_table(name):
            with open(os.path.join(hub_out, name + ".geojson"), encoding="utf-8") as f:
                return pd.DataFrame([ft["properties"] for ft in json.load(f)["features"]])
        hub = hub_table("communes")
        hub_epci = hub_table("epci")
        hub_zones = len(hub_table("deserts"))

    m = communes.merge(hub, left_on="DEPCOM", right_on="code", suffixes=("_py", "_hublo"))
    failures = []

    def check(name, ok, detail):
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
        if not ok:
            failures.append(name)

    print(f"reference workflow on the regional study ({len(communes)} communes, "
          f"{g.number_of_nodes():,} graph nodes after splitting)")
    # hublo gives a place just outside the (simplified) polygons its nearest commune.
    expected = m["places_sjoin"].copy()
    for code in outside["commune"]:
        expected[m["DEPCOM"] == code] += 1
    wrong = m[expected != m["places"]]
    check("places per commune (sjoin within)", len(wrong) == 0,
          f"{int(m['places_sjoin'].sum())} places in a polygon, {len(outside)} outside "
          f"({', '.join(outside['commune'].astype(str))}: hublo's nearest commune), "
          f"{len(wrong)} communes differ")
    dt = (m["time_min"] - m["nearest_place_min"]).abs()
    check("time to the nearest place, per commune", len(m) == len(communes) and dt.max() <= 0.01,
          f"{len(m)} communes, max |difference| {dt.max():.2e} min (tolerance 0.01)")
    worst = 0.0
    e = epci.join(hub_epci.set_index("code"), how="inner")
    for t in THRESHOLDS_MIN:
        worst = max(worst, (e[f"beyond_{t}"] - e[f"pop_beyond_{t}min"]).abs().max())
    check("population beyond 10/20/30 min, per EPCI", len(e) == len(epci) and worst <= 1.0,
          f"{len(e)} EPCI, max |difference| {worst:.3g} people (tolerance 1)")
    de = (m["at_risk"] - m["illectronism_expected"]).abs()
    check("expected people in illectronism, per commune", de.max() <= 1e-6,
          f"{m['at_risk'].sum():,.0f} here, max |difference| {de.max():.2e} (tolerance 1e-6)")
    rel = ((m["accessibility_py"] - m["accessibility_hublo"]).abs() /
           m["accessibility_hublo"].abs().clip(lower=1e-12))
    check("accessibility (E2SFCA), per commune", rel.max() <= 1e-6,
          f"max relative difference {rel.max():.2e} (tolerance 1e-6)")
    rel = ((m["supply_per_at_risk_py"] - m["supply_per_at_risk_hublo"]).abs() /
           m["supply_per_at_risk_hublo"].abs().clip(lower=1e-12))
    check("help-hours a week per 1,000 people at risk (BFCA), per commune", rel.max() <= 1e-6,
          f"max relative difference {rel.max():.2e} (tolerance 1e-6)")
    differ = m[m["desert_py"] != m["desert_hublo"]]
    check("desert flag, per commune", len(differ) == 0,
          f"{int(m['desert_py'].sum())} deserts here, {int(m['desert_hublo'].sum())} in hublo, "
          f"{len(differ)} differ" + (f" ({', '.join(differ['DEPCOM'][:5])})" if len(differ) else ""))
    check("desert zones", zone_count == hub_zones, f"{zone_count} here, {hub_zones} in hublo")

    t_end_to_end = T_IMPORTS + t_python
    print("time, end to end: each tool from its start (Python: importing its libraries; hublo: "
          "its process start, linking its libraries) to the layers written:")
    print(f"  Python (GeoPandas, Shapely, NetworkX)   {t_end_to_end:8.2f} s   "
          f"({T_IMPORTS:.2f} s imports + {t_python:.2f} s work)")
    print(f"  hublo run, the Python side's work       {t_same:8.3f} s   "
          f"ratio {t_end_to_end / t_same:6.1f}x   (median of {HUBLO_RUNS} runs: "
          f"{', '.join(f'{r:.3f}' for r in sorted(runs))} s; layers: {', '.join(same_layers)})")
    print(f"  hublo run, + bassins, départements, arrondissements, age grid "
          f"{t_wider:6.3f} s   ratio {t_end_to_end / t_wider:6.1f}x   (median of {HUBLO_RUNS})")
    print(f"  hublo run, everything (+ isochrones, siting, GeoPackage, map report)"
          f" {t_hublo:6.2f} s   ratio {t_end_to_end / t_hublo:6.1f}x")
    hub_work = sum(stages.values())
    print(f"work only (Python after its imports, hublo's summary.json stages): Python "
          f"{t_python:.2f} s, hublo {hub_work:.3f} s, ratio {t_python / hub_work:.1f}x")
    hub_phase = {
        "read and join": sum(stages.get(k, 0.0) for k in
                             ("load communes", "load tables", "align levels", "population",
                              "risk", "illectronism", "load places", "demand")),
        # Loaded on hublo's second thread while the inputs are read: its own time counts here.
        "road graph and snapping": detail.get("road network: loading (second thread)",
                                              stages.get("road network", 0.0)) +
        detail.get("travel times: snap points", 0.0),
        "nearest place (multi-source)": detail.get("travel times: nearest place", 0.0),
        "catchments (ego graphs)": detail.get("travel times: catchments", 0.0),
        "E2SFCA, deserts, write": sum(stages.get(k, 0.0) for k in
                                      ("accessibility", "deserts", "siting",
                                       "build layers", "write outputs")),
    }
    print("by step (hublo: its summary.json timings of the same-layers run):")
    print(f"  {'step':32} {'Python':>9} {'hublo':>9} {'ratio':>8}")
    for name, t in phases.items():
        h = hub_phase[name]
        print(f"  {name:32} {t:8.3f}s {h:8.3f}s {t / h if h > 0 else math.inf:7.0f}x")
    if failures:
        print(f"reference workflow: {len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
