#!/usr/bin/python3
"""Synthetic hublo studies at any scale, up to all of France, deterministic from a seed.

Writes, in the formats hublo's loaders read, a study that `hublo run` takes unchanged:

  communes.geojson     Voronoi cells of the commune seats clipped to an irregular hexagon
                       (a valid polygon coverage), with département, EPCI and bassin de vie
                       codes and names (hublo dissolves the levels itself)
  population.csv       population (heavy-tailed: Zipf cities, log-normal villages, suburbs)
                       and the seat's lon/lat (the demand point), Insee comparateur style
  indicators.csv       five IFN-like scores 1-10 (deciles of rates tied to rurality and age)
  places.csv           places of mediation in the national "lieux de médiation numérique"
                       schema (France Services, Conseillers numériques, Aidants Connect,
                       médiathèques), more in larger communes
  roads.fgb            a road hierarchy, FlatGeobuf (--roads geojsonl: GeoJSON lines):
                       local roads (a planar graph of hamlets: Euclidean spanning tree plus
                       short Delaunay edges), departmental roads between neighbouring seats,
                       national roads between towns, motorways between cities with
                       interchanges every ~15 km; every class meets the local roads at shared
                       vertices
  gtfs/                optional (--transit): a GTFS feed of the region (coach lines between
                       the bassins de vie's centres through the villages on the way, 3-6 a
                       weekday, 1-2 on Saturday; city buses around the largest communes every
                       10-20 minutes, frequencies.txt), a holiday in calendar_dates.txt, and
                       with it places' opening hours (horaires), households without a car per
                       commune, and the study's [no_car], walk and transit modes
  grid_1km.csv         optional (--grid): an Insee Filosofi-style 1 km population grid with
                       age bands, used for demand points and the illectronism estimate
  study.toml           the study

Sizes: --scale departement (360 communes), region (1 800), france (35 000 communes, 20 000
places, about 2 million road junctions); or --communes N. The land area grows with the number
of communes (15.5 km² per commune, France's mean). Same seed and size, same bytes.

Usage: /usr/bin/python3 bench/synth/generate.py --scale france --out /tmp/synth-france [--grid]
Needs numpy, scipy, shapely and pyproj (Debian: python3-scipy python3-shapely python3-pyproj).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.geometry.polygon import orient
from shapely.prepared import prep
from shapely.vectorized import contains as contains_xy
from pyproj import Transformer
from scipy.cluster.vq import kmeans2
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay, Voronoi, cKDTree

SCALES = {"departement": 360, "region": 1800, "france": 35000}
KM2_PER_COMMUNE = 15.5            # metropolitan France: 543 940 km² / 34 935 communes
CENTRE = (680000.0, 6600000.0)    # Lambert-93, near Bourges
FRANCE_POPULATION = 66.0e6


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def hull_polygon(rng, area_m2):
    """An irregular hexagon of the given area centred on CENTRE."""
    side = math.sqrt(2.0 * area_m2 / (3.0 * math.sqrt(3.0)))
    angles = np.linspace(0.0, 2.0 * math.pi, 97)[:-1]
    # Regular hexagon radius along each angle, then smooth low-frequency wobble.
    sector = (angles + math.pi / 6.0) % (math.pi / 3.0) - math.pi / 6.0
    radius = side * math.cos(math.pi / 6.0) / np.cos(sector)
    wobble = np.zeros_like(angles)
    for k in (3, 5, 7, 11):
        wobble += rng.normal(0.0, 0.025) * np.cos(k * angles + rng.uniform(0, 2 * math.pi))
    radius *= 1.0 + wobble
    xs = CENTRE[0] + radius * np.cos(angles)
    ys = CENTRE[1] + radius * np.sin(angles)
    poly = Polygon(np.column_stack([xs, ys]))
    # Rescale to the exact area.
    factor = math.sqrt(area_m2 / poly.area)
    return Polygon(np.column_stack([CENTRE[0] + (xs - CENTRE[0]) * factor,
                                            CENTRE[1] + (ys - CENTRE[1]) * factor]))


def points_in(rng, hull, n, sampler):
    """n points drawn by sampler(rng, m) and kept inside the hull."""
    out = []
    have = 0
    while have < n:
        m = max(1024, int((n - have) * 1.3))
        pts = sampler(rng, m)
        inside = contains_xy(hull, pts[:, 0], pts[:, 1])
        pts = pts[inside]
        out.append(pts)
        have += len(pts)
    return np.concatenate(out)[:n]


def commune_seats(rng, hull, n, n_cities):
    """Seats of the communes: 75 % spread evenly, 25 % clustered around cities."""
    minx, miny, maxx, maxy = hull.bounds

    def uniform(r, m):
        return np.column_stack([r.uniform(minx, maxx, m), r.uniform(miny, maxy, m)])

    cities = points_in(rng, hull, n_cities, uniform)
    n_clustered = n // 4
    weights = 1.0 / np.arange(1, n_cities + 1)
    weights /= weights.sum()

    def clustered(r, m):
        c = r.choice(n_cities, size=m, p=weights)
        spread = 4000.0 + 9000.0 * np.sqrt(weights[c] / weights[0])
        return cities[c] + r.normal(0.0, 1.0, (m, 2)) * spread[:, None]

    seats = np.concatenate([cities, points_in(rng, hull, n_clustered, clustered),
                            points_in(rng, hull, n - n_cities - n_clustered, uniform)])
    # Two seats closer than 300 m would make slivers: move the later one.
    tree = cKDTree(seats)
    for i, j in sorted(tree.query_pairs(300.0)):
        seats[j] += rng.normal(0.0, 400.0, 2)
    seats = seats[contains_xy(hull, seats[:, 0], seats[:, 1])]
    while len(seats) < n:
        seats = np.concatenate([seats, points_in(rng, hull, n - len(seats), uniform)])
    return seats[:n], cities


def voronoi_cells(seats, hull):
    """Voronoi cells of the seats clipped to the hull (convex cells: a valid coverage)."""
    minx, miny, maxx, maxy = hull.bounds
    span = 10.0 * max(maxx - minx, maxy - miny)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    far = np.array([[cx - span, cy - span], [cx + span, cy - span],
                    [cx + span, cy + span], [cx - span, cy + span]])
    vor = Voronoi(np.concatenate([seats, far]))
    inner = prep(hull.buffer(-1.0))
    out = []
    for i in range(len(seats)):
        region = vor.regions[vor.point_region[i]]
        c = Polygon(vor.vertices[region])
        if not inner.contains(c):
            c = c.intersection(hull)
        if c.geom_type != "Polygon":
            parts = [p for p in getattr(c, "geoms", []) if p.geom_type == "Polygon"]
            seat = Point(seats[i])
            c = next((p for p in parts if p.covers(seat)), max(parts, key=lambda p: p.area))
        out.append(orient(c, sign=1.0))
    return out


def populations(rng, seats, cities, total):
    """Zipf cities, suburbs around them, log-normal villages; scaled to the total."""
    n = len(seats)
    pop = rng.lognormal(mean=math.log(420.0), sigma=1.1, size=n)
    d, c = cKDTree(cities).query(seats)
    rank = c + 1.0
    pull = 1.0 + 12.0 * np.exp(-(d / (6000.0 + 14000.0 / np.sqrt(rank))) ** 2) / np.sqrt(rank)
    pop *= pull
    pop = np.minimum(pop, 25000.0)
    # Each city's seat: Zipf's law, the first a tenth of the total at most.
    first = min(0.032 * total, 2.1e6)
    pop[: len(cities)] = first / np.arange(1, len(cities) + 1) ** 1.05
    villages = np.arange(len(cities), n)
    pop[villages] *= (total - pop[: len(cities)].sum()) / pop[villages].sum()
    return np.maximum(np.round(pop), 1.0).astype(np.int64)


def deciles(values):
    """Score 1-10 of each value by its decile (ties share the lower score)."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return np.minimum(10, 1 + (10 * ranks / len(values)).astype(int))


SYLLABLES = ["bour", "ville", "mont", "val", "cha", "teau", "lan", "ger", "mar", "sau", "brie",
             "cour", "fon", "taine", "roche", "vi", "gny", "ay", "lu", "nay", "ber", "tin",
             "sau", "lieu", "vau", "dun", "beau", "cé", "ri", "ac", "ré", "mé", "zon", "pré"]
PREFIXES = ["", "", "", "", "Saint-", "Sainte-", "Le ", "La ", "Les ", "Villers-", "Mont-"]
SUFFIXES = ["", "", "", "", "", "-sur-Loire", "-sur-Cher", "-en-Bois", "-le-Château",
            "-les-Bains", "-la-Forêt", "-sur-Mer", "-en-Val", "-le-Haut"]


def names(rng, n):
    out = []
    seen = set()
    for i in range(n):
        while True:
            k = rng.integers(2, 4)
            stem = "".join(rng.choice(SYLLABLES, size=k))
            name = rng.choice(PREFIXES) + stem.capitalize() + rng.choice(SUFFIXES)
            if name not in seen:
                seen.add(name)
                out.append(name)
                break
    return out


def department_codes(k):
    codes = [f"{i:02d}" for i in range(1, 100) if i != 20]
    if k > len(codes):
        raise SystemExit(f"generate.py: {k} départements: at most {len(codes)} two-digit codes")
    return codes[:k]


def group(points, k, rng):
    """k spatial groups of points (k-means, deterministic from rng)."""
    if k <= 1:
        return np.zeros(len(points), dtype=np.int64)
    # k-means++ seeding costs O(k² n): random seeding beyond a hundred groups.
    _, labels = kmeans2(points, k, iter=20, minit="++" if k <= 100 else "points", seed=rng)
    # Relabel by first appearance, so that codes follow the commune order.
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    remap = np.empty(len(order), dtype=np.int64)
    remap[order] = np.arange(len(order))
    return remap[labels]


def edges_of(tri):
    """Unique undirected edges of a Delaunay triangulation."""
    s = tri.simplices
    e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    e.sort(axis=1)
    return np.unique(e, axis=0)


def road_graph(rng, pts, keep_share, max_factor):
    """A planar road graph on pts: Euclidean spanning tree + a share of short Delaunay edges."""
    if len(pts) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if len(pts) == 2:
        return np.array([[0, 1]])
    e = edges_of(Delaunay(pts))
    length = np.hypot(*(pts[e[:, 0]] - pts[e[:, 1]]).T)
    n = len(pts)
    mst = minimum_spanning_tree(coo_matrix((length + 1e-9, (e[:, 0], e[:, 1])), shape=(n, n)))
    mst = mst.tocoo()
    tree = np.column_stack([mst.row, mst.col])
    tree.sort(axis=1)
    short = length < max_factor * np.median(length)
    extra = e[short & (rng.random(len(e)) < keep_share)]
    both = np.unique(np.concatenate([tree, extra]), axis=0)
    return both


def trails(edges, n):
    """Cover the edges with few paths (greedy walks), so that lines have several vertices."""
    order = np.argsort(np.concatenate([edges[:, 0], edges[:, 1]]), kind="stable")
    m = len(edges)
    other = np.concatenate([edges[:, 1], edges[:, 0]])[order]
    eid = np.concatenate([np.arange(m), np.arange(m)])[order]
    start = np.searchsorted(np.concatenate([edges[:, 0], edges[:, 1]])[order], np.arange(n + 1))
    used = np.zeros(m, dtype=bool)
    cursor = start[:-1].copy()
    paths = []
    for v0 in range(n):
        while True:
            # Next unused edge at v0.
            c = cursor[v0]
            while c < start[v0 + 1] and used[eid[c]]:
                c += 1
            cursor[v0] = c
            if c == start[v0 + 1]:
                break
            path = [v0]
            v = v0
            while True:
                c = cursor[v]
                while c < start[v + 1] and used[eid[c]]:
                    c += 1
                cursor[v] = c
                if c == start[v + 1] or len(path) > 60:
                    break
                used[eid[c]] = True
                v = other[c]
                path.append(v)
            paths.append(path)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", choices=sorted(SCALES), default="departement")
    ap.add_argument("--communes", type=int, help="number of communes (overrides --scale)")
    ap.add_argument("--places-per-commune", type=float, default=0.57,
                    help="places of mediation per commune (France: 20 000 for 35 000)")
    ap.add_argument("--nodes-per-km2", type=float, default=3.7,
                    help="local road junctions per km² (France: about 2 million)")
    ap.add_argument("--grid", action="store_true", help="also write a 1 km population grid")
    ap.add_argument("--roads", choices=["fgb", "geojsonl"], default="fgb",
                    help="road file format: FlatGeobuf (binary, read 3x faster) or GeoJSON lines")
    ap.add_argument("--transit", action="store_true",
                    help="also write a GTFS feed, opening hours and the transit mode")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    n = args.communes or SCALES[args.scale]
    if n < 20:
        raise SystemExit("generate.py: --communes must be at least 20")
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    area = n * KM2_PER_COMMUNE * 1e6
    total_pop = FRANCE_POPULATION * n / SCALES["france"]
    to_wgs = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)

    t0 = time.time()
    hull = hull_polygon(rng, area)
    n_cities = max(2, round(100 * n / SCALES["france"]))
    seats, cities = commune_seats(rng, hull, n, n_cities)
    cells = voronoi_cells(seats, hull)
    areas = np.array([c.area for c in cells])
    pop = populations(rng, seats, cities, total_pop)
    log(f"{n} communes, {pop.sum():,} people, {area / 1e6:,.0f} km² ({time.time() - t0:.1f} s)")

    # Levels: départements (~365 communes), EPCI (~28 within a département), bassins (~21).
    dep = group(seats, max(1, round(n / 400)), rng)
    # Around a city k-means makes crowded groups: split those above 900 communes.
    while np.bincount(dep).max() > 900:
        big_group = int(np.argmax(np.bincount(dep)))
        members = np.flatnonzero(dep == big_group)
        halves = group(seats[members], 2, rng)
        dep[members[halves == 1]] = dep.max() + 1
    dep_codes = department_codes(dep.max() + 1)
    epci = np.zeros(n, dtype=np.int64)
    next_epci = 0
    for d in range(dep.max() + 1):
        members = np.flatnonzero(dep == d)
        labels = group(seats[members], max(1, round(len(members) / 28)), rng)
        epci[members] = labels + next_epci
        next_epci += labels.max() + 1
    bassin = group(seats, max(1, round(n / 21)), rng)

    commune_names = names(rng, n)
    codes = [""] * n
    for d in range(dep.max() + 1):
        members = np.flatnonzero(dep == d)
        if len(members) > 999:
            raise SystemExit("generate.py: more than 999 communes in a département")
        for k, i in enumerate(members):
            codes[i] = f"{dep_codes[d]}{k + 1:03d}"

    def lead(group_of, count):
        """Code and name of each group: its most populated commune."""
        best = np.full(count, -1)
        for i in range(n):
            g = group_of[i]
            if best[g] < 0 or pop[i] > pop[best[g]]:
                best[g] = i
        return best

    epci_lead = lead(epci, epci.max() + 1)
    epci_pop = np.bincount(epci, weights=pop)
    epci_code = [f"2{i:08d}" for i in range(epci.max() + 1)]
    epci_name = [("CA " if epci_pop[g] > 50000 else "CC ") + commune_names[epci_lead[g]]
                 for g in range(epci.max() + 1)]
    bv_lead = lead(bassin, bassin.max() + 1)

    # Communes in WGS84, six decimals (about 0.1 m), shared vertices transform identically.
    t0 = time.time()
    with open(os.path.join(args.out, "communes.geojson"), "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","name":"communes","features":[\n')
        for i, cell in enumerate(cells):
            ring = np.asarray(cell.exterior.coords)
            lon, lat = to_wgs.transform(ring[:, 0], ring[:, 1])
            coords = ",".join(f"[{x:.6f},{y:.6f}]" for x, y in zip(lon, lat))
            props = {"code": codes[i], "nom": commune_names[i], "dep": dep_codes[dep[i]],
                     "epci": epci_code[epci[i]], "nom_epci": epci_name[epci[i]],
                     "bv": codes[bv_lead[bassin[i]]], "nom_bv": commune_names[bv_lead[bassin[i]]]}
            f.write('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False) +
                    ',"geometry":{"type":"Polygon","coordinates":[[' + coords + "]]}}" +
                    (",\n" if i + 1 < n else "\n"))
        f.write("]}\n")
    seat_lon, seat_lat = to_wgs.transform(seats[:, 0], seats[:, 1])
    with open(os.path.join(args.out, "population.csv"), "w", encoding="utf-8") as f:
        f.write("insee_com,commune,population,lat,lng\n")
        for i in range(n):
            f.write(f"{codes[i]},{commune_names[i]},{pop[i]},{seat_lat[i]:.6f},{seat_lon[i]:.6f}\n")
    with open(os.path.join(args.out, "departements.csv"), "w", encoding="utf-8") as f:
        f.write("code,nom\n")
        for d, code in enumerate(dep_codes):
            f.write(f"{code},Département {code}\n")
    log(f"communes.geojson, population.csv ({time.time() - t0:.1f} s)")

    # Indicators: rates tied to density (rural: poor broadband, older), then national deciles.
    density = pop / (areas / 1e6)
    rural = -np.log(density + 1.0)
    older = rural * 0.6 + rng.normal(0, 0.8, n)
    indicators = {
        "no_thd_coverage_rate": rural + rng.normal(0, 0.7, n),
        "no_4g_coverage_rate": rural * 0.8 + rng.normal(0, 1.0, n),
        "poverty_rate": rng.normal(0, 1.0, n) + 0.3 * np.abs(rural + 4.0),
        "older_65_rate": older,
        "nscol15p_rate": older * 0.5 + rural * 0.3 + rng.normal(0, 0.7, n),
    }
    scores = {k: deciles(v) for k, v in indicators.items()}
    with open(os.path.join(args.out, "indicators.csv"), "w", encoding="utf-8") as f:
        f.write("code," + ",".join(scores) + ",total\n")
        for i in range(n):
            vals = [scores[k][i] for k in scores]
            f.write(f"{codes[i]}," + ",".join(f"{v}.0" for v in vals) +
                    f",{sum(vals) / len(vals):.1f}\n")

    # Places: communes drawn with weight population^0.85, a few hundred metres from the seat.
    n_places = max(1, round(args.places_per_commune * n))
    w = pop.astype(float) ** 0.85
    host = rng.choice(n, size=n_places, p=w / w.sum())
    offset = rng.normal(0.0, 350.0, (n_places, 2))
    where = seats[host] + offset
    inside = np.array([cells[i].contains(Point(p)) for i, p in zip(host, where)], dtype=bool)
    where[~inside] = seats[host[~inside]]
    kinds = [("France Services", 0.14, "France services"), ("Conseiller numérique", 0.40, "Espace numérique"),
             ("Aidants Connect", 0.30, "Point d'accès numérique"), ("", 0.16, "Médiathèque")]
    kind = rng.choice(len(kinds), size=n_places, p=[k[1] for k in kinds])
    plon, plat = to_wgs.transform(where[:, 0], where[:, 1])
    hours = opening_hours(np.random.default_rng(args.seed + 7), kind, n_places)
    with open(os.path.join(args.out, "places.csv"), "w", encoding="utf-8") as f:
        f.write("id,nom,pivot,adresse,code_postal,code_insee,commune,latitude,longitude,"
                "dispositif_programmes_nationaux" + (",horaires" if args.transit else "") + "\n")
        for j in range(n_places):
            i = host[j]
            label, _, noun = kinds[kind[j]]
            f.write(f"synth-{j + 1:06d},{noun} de {commune_names[i]} {j + 1},,"
                    f"{j % 97 + 1} rue de la Mairie,{codes[i]},{codes[i]},{commune_names[i]},"
                    f"{plat[j]:.6f},{plon[j]:.6f},{label}" +
                    (f',"{hours[j]}"' if args.transit else "") + "\n")
    log(f"{n_places} places")

    # Roads. Local junctions: 60 % even, 40 % around the seats (weighted by √population).
    t0 = time.time()
    n_nodes = max(n * 4, round(args.nodes_per_km2 * area / 1e6))
    minx, miny, maxx, maxy = hull.bounds
    sw = np.sqrt(pop.astype(float))
    sw /= sw.sum()

    def even(r, m):
        return np.column_stack([r.uniform(minx, maxx, m), r.uniform(miny, maxy, m)])

    def near_seats(r, m):
        s = r.choice(n, size=m, p=sw)
        return seats[s] + r.normal(0.0, 1500.0, (m, 2))

    nodes = np.concatenate([seats, points_in(rng, hull, int(0.6 * (n_nodes - n)), even)])
    nodes = np.concatenate([nodes, points_in(rng, hull, n_nodes - len(nodes), near_seats)])
    nodes = np.round(nodes, 1)
    local = road_graph(rng, nodes, keep_share=0.22, max_factor=1.5)
    log(f"local roads: {len(nodes):,} junctions, {len(local):,} edges ({time.time() - t0:.1f} s)")

    seat_roads = road_graph(rng, seats, keep_share=0.55, max_factor=2.2)  # departmental
    order = np.argsort(-pop, kind="stable")
    towns = np.sort(order[: max(2, n * 3 // 100)])
    national = towns[road_graph(rng, seats[towns], keep_share=0.3, max_factor=2.0)]
    big = np.sort(order[: max(2, round(60 * n / SCALES["france"]))])
    motorway_pairs = big[road_graph(rng, seats[big], keep_share=0.2, max_factor=1.8)]
    node_tree = cKDTree(nodes)

    def with_interchanges(a, b):
        """Node ids along a motorway from seat a to seat b, a junction every ~15 km."""
        pa, pb = seats[a], seats[b]
        k = int(np.hypot(*(pb - pa)) // 15000.0)
        ids = [a]
        for t in np.linspace(0.0, 1.0, k + 2)[1:-1]:
            _, j = node_tree.query(pa + t * (pb - pa))
            if j != ids[-1]:
                ids.append(int(j))
        ids.append(b)
        return ids

    lon, lat = to_wgs.transform(nodes[:, 0], nodes[:, 1])
    text = np.char.add(np.char.add(np.char.add("[", np.char.mod("%.6f", lon)), ","),
                       np.char.add(np.char.mod("%.6f", lat), "]"))
    n_lines = 0
    with open(os.path.join(args.out, "roads.geojsonl"), "w", encoding="utf-8") as f:
        def line(ids, cls, ref):
            nonlocal n_lines
            n_lines += 1
            f.write('{"type":"Feature","properties":{"road_class":"' + cls + '","ref":"' + ref +
                    '"},"geometry":{"type":"LineString","coordinates":[' +
                    ",".join(text[ids]) + "]}}\n")

        for k, (a, b) in enumerate(motorway_pairs):
            line(with_interchanges(a, b), "motorway", f"A{k + 1}")
        for k, (a, b) in enumerate(national):
            line([a, b], "national", f"N{k + 1}")
        for k, (a, b) in enumerate(seat_roads):
            line([a, b], "departmental", f"D{k + 1}")
        for path in trails(local, len(nodes)):
            line(path, "local", "")
    roads = "roads.geojsonl"
    if args.roads == "fgb":
        from osgeo import gdal
        gdal.UseExceptions()
        fgb = os.path.join(args.out, "roads.fgb")
        gdal.VectorTranslate(fgb, os.path.join(args.out, roads), format="FlatGeobuf",
                             layerName="roads")
        os.remove(os.path.join(args.out, roads))
        roads = "roads.fgb"
    log(f"{roads}: {n_lines:,} lines: {len(motorway_pairs)} motorways, "
        f"{len(national)} national, {len(seat_roads)} departmental ({time.time() - t0:.1f} s)")

    grid_lines = ""
    if args.grid:
        t0 = time.time()
        to_laea = Transformer.from_crs("EPSG:2154", "EPSG:3035", always_xy=True)
        back = Transformer.from_crs("EPSG:3035", "EPSG:2154", always_xy=True)
        ex, ey = to_laea.transform(np.array([minx, maxx, minx, maxx]), np.array([miny, miny, maxy, maxy]))
        gx = np.arange(math.floor(min(ex) / 1000) * 1000, max(ex), 1000.0)
        gy = np.arange(math.floor(min(ey) / 1000) * 1000, max(ey), 1000.0)
        X, Y = np.meshgrid(gx, gy)
        X, Y = X.ravel(), Y.ravel()
        cx, cy = back.transform(X + 500.0, Y + 500.0)
        keep = contains_xy(hull, cx, cy)
        X, Y, cx, cy = X[keep], Y[keep], cx[keep], cy[keep]
        dist, owner = cKDTree(seats).query(np.column_stack([cx, cy]))
        weight = np.exp(-dist / 2500.0) * rng.uniform(0.3, 1.0, len(X))
        share = weight / np.bincount(owner, weights=weight, minlength=n)[owner]
        ind = np.round(pop[owner] * share, 1)
        ages = np.array([0.045, 0.025, 0.06, 0.08, 0.075, 0.18, 0.19, 0.13, 0.15, 0.065])
        old = np.clip(0.5 + 0.15 * rural[owner] / 4 + rng.normal(0, 0.1, len(X)), 0.3, 1.7)
        with open(os.path.join(args.out, "grid_1km.csv"), "w", encoding="utf-8") as f:
            f.write("idcar_1km,ind,ind_0_3,ind_4_5,ind_6_10,ind_11_17,ind_18_24,ind_25_39,"
                    "ind_40_54,ind_55_64,ind_65_79,ind_80p\n")
            for k in range(len(X)):
                if ind[k] < 0.5:
                    continue
                a = ages.copy()
                a[8:] *= old[k]
                a /= a.sum()
                f.write(f"CRS3035RES1000mN{int(Y[k])}E{int(X[k])},{ind[k]:.1f}," +
                        ",".join(f"{ind[k] * v:.1f}" for v in a) + "\n")
        grid_lines = ('grid = { path = "grid_1km.csv", id = "idcar_1km", population = "ind" }\n')
        log(f"grid_1km.csv: {int((ind >= 0.5).sum()):,} cells ({time.time() - t0:.1f} s)")

    transit = ""
    if args.transit:
        t0 = time.time()
        transit = write_transit(np.random.default_rng(args.seed + 11), args.out, seats, pop,
                                codes, commune_names, bassin, bv_lead, to_wgs, density)
        log(f"gtfs/ ({time.time() - t0:.1f} s)")
    study = STUDY.format(n=n, seed=args.seed, scale=args.scale if not args.communes else n,
                         roads=roads,
                         grid=grid_lines,
                         age_grid='age_grid = { path = "grid_1km.csv", id = "idcar_1km" }\n'
                         if args.grid else "")
    with open(os.path.join(args.out, "study.toml"), "w", encoding="utf-8") as f:
        f.write(study + transit)
    log(f"wrote {args.out}/study.toml")


def opening_hours(rng, kind, n_places):
    """Opening hours in OSM syntax: France Services 24-35 h over 5 days, others 1-4 half-days."""
    out = []
    days = ["Mo", "Tu", "We", "Th", "Fr", "Sa"]
    for j in range(n_places):
        if kind[j] == 0:
            out.append("Mo-Fr 09:00-12:00,14:00-17:00" if rng.random() < 0.6 else
                       "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00")
            continue
        picked = sorted(rng.choice(6, size=int(rng.integers(1, 5)), replace=False))
        parts = []
        for d in picked:
            parts.append(f"{days[d]} " + ("09:00-12:00" if rng.random() < 0.5 else "14:00-17:30"))
        out.append("; ".join(parts))
    return out


def write_transit(rng, out, seats, pop, codes, names, bassin, bv_lead, to_wgs, density):
    """A GTFS feed: coaches between the bassins de vie's centres, buses in the cities; and the
    households without a car per commune (more in towns: 8-35 %)."""
    n = len(seats)
    share = np.clip(0.08 + 0.04 * np.log1p(density) + rng.normal(0, 0.03, n), 0.03, 0.45)
    gtfs = os.path.join(out, "gtfs")
    os.makedirs(gtfs, exist_ok=True)
    stop_xy, stop_name = [], []

    def stop(xy, name):
        stop_xy.append(xy)
        stop_name.append(name)
        return len(stop_xy) - 1

    seat_stop = {}

    def seat(i):
        if i not in seat_stop:
            seat_stop[i] = stop(seats[i] + rng.normal(0, 80, 2), f"{names[i]} - Mairie")
        return seat_stop[i]

    trips, stop_times, freqs = [], [], []
    centres = np.unique(bv_lead[bassin])
    tri = Delaunay(seats[centres]) if len(centres) >= 3 else None
    pairs = set()
    if tri is not None:
        for a, b in edges_of(tri):
            pairs.add((int(centres[min(a, b)]), int(centres[max(a, b)])))
    tree = cKDTree(seats)
    line = 0
    for a, b in sorted(pairs):
        pa, pb = seats[a], seats[b]
        length = np.hypot(*(pb - pa))
        if length > 45000:
            continue
        # The villages within 2 km of the road between the centres, in order along it.
        near = tree.query_ball_point((pa + pb) / 2, length / 2 + 2000)
        along = []
        for i in near:
            d = seats[i] - pa
            t = np.dot(d, pb - pa) / length ** 2
            off = abs(np.cross(pb - pa, d)) / length
            if 0 < t < 1 and off < 2000 and i not in (a, b):
                along.append((t, i))
        path = [a] + [i for _, i in sorted(along)][:12] + [b]
        line += 1
        per_day = int(rng.integers(3, 7))
        starts = sorted(set(int(v) for v in
                            [6.5 * 3600 + rng.integers(0, 1800), 8 * 3600 + rng.integers(0, 3600),
                             12 * 3600 + rng.integers(0, 3600), 17 * 3600 + rng.integers(0, 1800),
                             13.5 * 3600 + rng.integers(0, 3600), 18.5 * 3600][:per_day]))
        for direction, seq in (("A", path), ("R", path[::-1])):
            for k, start in enumerate(starts):
                for service in (["WEEK", "SAT"] if k < 2 else ["WEEK"]):
                    tid = f"C{line}{direction}{k}{service[0]}"
                    trips.append((f"C{line}", service, tid))
                    clock = start + (0 if direction == "A" else 900)
                    prev = None
                    for q, i in enumerate(seq):
                        if prev is not None:
                            clock += int(np.hypot(*(seats[i] - seats[prev])) * 1.25 / (45 / 3.6)) + 60
                        stop_times.append((tid, clock, seat(i), q + 1))
                        prev = i
    cities = np.argsort(-pop, kind="stable")[: max(1, n // 150)]
    transfers = []
    for c in sorted(int(v) for v in cities):
        centre = seat(c)
        # The coach station across the square from the town hall: a walk of 5 min (transfers).
        station = stop(seats[c] + np.array([150.0, 0.0]), f"{names[c]} - Gare routière")
        transfers += [(centre, station, 300), (station, centre, 300)]
        for k in range(int(rng.integers(4, 7))):
            angle = 2 * np.pi * (k + rng.random() * 0.5) / 6
            line += 1
            stops_line = [centre]
            for r in range(1, 9):
                xy = seats[c] + np.array([np.cos(angle), np.sin(angle)]) * r * 600
                stops_line.append(stop(xy, f"{names[c]} - ligne {k + 1} arrêt {r}"))
            if k % 2 == 1:
                stops_line[0] = station  # some lines leave from the coach station
            headway = int(rng.choice([600, 900, 1200]))
            for direction, seq in (("A", stops_line), ("R", stops_line[::-1])):
                tid = f"B{line}{direction}"
                trips.append((f"B{line}", "ALL", tid))
                for q, s in enumerate(seq):
                    stop_times.append((tid, q * 120, s, q + 1))
                freqs.append((tid, "06:30:00", "20:30:00", headway))
    lon, lat = to_wgs.transform(np.array([p[0] for p in stop_xy]), np.array([p[1] for p in stop_xy]))

    def hms(t):
        return f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"

    with open(os.path.join(gtfs, "agency.txt"), "w", encoding="utf-8") as f:
        f.write("agency_id,agency_name,agency_url,agency_timezone\n"
                "SYN,Réseau synthétique,https://example.org,Europe/Paris\n")
    with open(os.path.join(gtfs, "stops.txt"), "w", encoding="utf-8") as f:
        f.write("stop_id,stop_name,stop_lat,stop_lon\n")
        for k in range(len(stop_xy)):
            f.write(f'S{k},"{stop_name[k]}",{lat[k]:.6f},{lon[k]:.6f}\n')
    routes = sorted(set(t[0] for t in trips))
    with open(os.path.join(gtfs, "routes.txt"), "w", encoding="utf-8") as f:
        f.write("route_id,agency_id,route_short_name,route_type\n")
        for r in routes:
            f.write(f"{r},SYN,{r},3\n")
    with open(os.path.join(gtfs, "trips.txt"), "w", encoding="utf-8") as f:
        f.write("route_id,service_id,trip_id\n")
        for r, service, tid in trips:
            f.write(f"{r},{service},{tid}\n")
    with open(os.path.join(gtfs, "stop_times.txt"), "w", encoding="utf-8") as f:
        f.write("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n")
        for tid, t, s, q in stop_times:
            f.write(f"{tid},{hms(t)},{hms(t)},S{s},{q}\n")
    with open(os.path.join(gtfs, "frequencies.txt"), "w", encoding="utf-8") as f:
        f.write("trip_id,start_time,end_time,headway_secs,exact_times\n")
        for tid, a, b, h in freqs:
            f.write(f"{tid},{a},{b},{h},1\n")
    with open(os.path.join(gtfs, "calendar.txt"), "w", encoding="utf-8") as f:
        f.write("service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                "start_date,end_date\n"
                "WEEK,1,1,1,1,1,0,0,20260101,20261231\n"
                "SAT,0,0,0,0,0,1,0,20260101,20261231\n"
                "ALL,1,1,1,1,1,1,1,20260101,20261231\n")
    with open(os.path.join(gtfs, "transfers.txt"), "w", encoding="utf-8") as f:
        f.write("from_stop_id,to_stop_id,transfer_type,min_transfer_time\n")
        for a, b, t in transfers:
            f.write(f"S{a},S{b},2,{t}\n")
    with open(os.path.join(gtfs, "calendar_dates.txt"), "w", encoding="utf-8") as f:
        f.write("service_id,date,exception_type\nWEEK,20260501,2\nWEEK,20260508,2\n")
    with open(os.path.join(out, "no_car.csv"), "w", encoding="utf-8") as f:
        f.write("code,no_car_share\n")
        for i in range(n):
            f.write(f"{codes[i]},{share[i]:.4f}\n")
    log(f"gtfs/: {len(stop_xy)} stops, {len(routes)} routes, {len(trips)} trips "
        f"({len(freqs)} by frequency)")
    return TRANSIT_STUDY


TRANSIT_STUDY = """
# --transit: households without a car (synthetic), walking, and public transport from the
# synthetic GTFS feed in gtfs/ (hublo reads it as it would the region's official feeds).
[[tables]]
id = "cars"
path = "no_car.csv"
code = "code"
columns = ["no_car_share"]
prefix = "cars_"

[no_car]
share_column = "cars_no_car_share"
open_hours = 0

[[modes]]
id = "walk"
label = "on foot"
speed_kmh = 4.5
circuity = 1.5

[transit]
feeds = ["gtfs"]
date = "2026-03-10"               # a Tuesday; the week from it counts the visits
window = "08:00-10:00"            # the departures of transit_min (their median)
percentile = 50
percentiles = [0, 90]             # also the best departure and the 90th percentile
day = "06:00-19:00"               # leaving home between these times...
visit_min = 30                    # ...a visit of 30 min at a place open then...
max_min = 90                      # ...starting within 90 min (the journey and any wait)...
back_by = "20:00"                 # ...and home by 20:00

[[modes]]
id = "transit"
label = "by public transport"
transit = true
thresholds_min = [30, 60, 90]
time_min = 60
"""


STUDY = """# Synthetic study written by bench/synth/generate.py (seed {seed}, {n} communes).
# Not real places: a benchmark with the shapes and sizes of French data.
[study]
id = "synthetic-{scale}"
name = "Synthetic {scale} ({n} communes, seed {seed})"
crs = "EPSG:2154"

[communes]
path = "communes.geojson"
code = "code"
name = "nom"

[[levels]]
id = "epci"
label = "EPCI"
commune_field = "epci"
commune_name_field = "nom_epci"

[[levels]]
id = "bassins"
label = "Bassins de vie"
commune_field = "bv"
commune_name_field = "nom_bv"

[[levels]]
id = "departements"
label = "Départements"
commune_field = "dep"
names = {{ path = "departements.csv", code = "code", name = "nom" }}

[[tables]]
id = "ifn"
path = "indicators.csv"
code = "code"
columns = ["no_thd_coverage_rate", "no_4g_coverage_rate", "poverty_rate", "older_65_rate",
           "nscol15p_rate", "total"]
prefix = "ifn_"

[[tables]]
id = "population"
path = "population.csv"
code = "insee_com"
columns = ["population"]
prefix = "rp_"

[population]
table = "population"
column = "population"

[[places]]
id = "lieux"
format = "mednum"
path = "places.csv"
label = "Lieu de médiation numérique"

[places_merge]
distance_m = 100
outside_tolerance_m = 1000

[network]
path = "{roads}"
format = "lines"
class_field = "road_class"
speeds_kmh = {{ motorway = 110, national = 80, departmental = 70, local = 40 }}
sinuosity = 1.2
junction_tolerance_m = 1.0
offroad_speed_kmh = 30
max_snap_m = 5000

[access]
thresholds_min = [10, 20, 30]
catchment_min = 30
demand = {{ path = "population.csv", code = "insee_com", lon = "lng", lat = "lat" }}
{grid}
[isochrones]
minutes = [10, 20, 30]
cell_m = 250
max_offroad_m = 1000
bands = "cumulative"

[accessibility]
catchment_min = 30
decay = "steps"
bands_min = [10, 20, 30]
weights = [1.0, 0.68, 0.22]
per = 10000

[deserts]
risk_top_share = 0.30
time_min = 20
accessibility_bottom_share = 0.20

[siting]
k = 10
minutes = 15

[risk]
deciles = "areas"
{age_grid}
[[risk.indicators]]
column = "ifn_no_thd_coverage_rate"
scores = true

[[risk.indicators]]
column = "ifn_no_4g_coverage_rate"
scores = true

[[risk.indicators]]
column = "ifn_poverty_rate"
scores = true

[[risk.indicators]]
column = "ifn_older_65_rate"
scores = true

[[risk.indicators]]
column = "ifn_nscol15p_rate"
scores = true

[outputs]
dir = "out"
decimals = 6
geojson = true
geopackage = true
csv = true
report = true
report_simplify_m = 250
"""

if __name__ == "__main__":
    main()
