#!/usr/bin/python3
"""hublo against networkx and scipy.sparse.csgraph on the same search, in one run.

Usage: bench/compare_networkx_scipy.py [BUILD_DIR]
1. `hublo run --set outputs.network=true` exports the default study's road graph (11 343
   junctions) and the seeds of its multi-source search (the 395 places on their edges);
2. hublo's time for that search comes from its Google Benchmark program on those files;
3. networkx and scipy run the same search (a virtual source joined to every seed by the
   seed's time, on the reversed graph), timed in this process, best of several runs, with
   the graph already built (only the search is timed on every side);
4. the times are checked equal to hublo's within 1e-6 s, and the ratios printed.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn, runs):
    best = float("inf")
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    build = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        subprocess.run([build / "bin" / "hublo", "run", "-q", "--set", "outputs.network=true",
                        "-o", out], check=True)
        edges = list(csv.DictReader(open(out / "network_edges.csv", newline="")))
        seeds = list(csv.DictReader(open(out / "network_seeds.csv", newline="")))
        nodes = list(csv.DictReader(open(out / "network_nodes.csv", newline="")))
        n = len(nodes)

        env = dict(os.environ, HUBLO_EXPORT_DIR=str(out))
        bench = subprocess.run([build / "bin" / "hublo_bench_network",
                                "--benchmark_filter=BM_ExportedNearest",
                                "--benchmark_format=json", "--benchmark_repetitions=10",
                                "--benchmark_min_time=0.2"],
                               check=True, capture_output=True, text=True, env=env)
        # The best repetition, as for networkx and scipy below (this machine is shared).
        runs = [b for b in json.loads(bench.stdout)["benchmarks"] if b["run_type"] == "iteration"]
        unit = {"us": 1e-6, "ms": 1e-3, "ns": 1e-9}
        hublo_s = min(b["real_time"] * unit[b["time_unit"]] for b in runs)

    ours = np.array([float(r["time_to_place_s"]) if r["time_to_place_s"] else np.inf
                     for r in nodes])

    # networkx: reversed graph plus a virtual source.
    g = nx.DiGraph()
    for r in edges:
        g.add_edge(int(r["to"]), int(r["from"]), weight=float(r["time_s"]))
    for r in seeds:
        node, t = int(r["node"]), float(r["time_s"])
        if not g.has_edge("s", node) or g["s"][node]["weight"] > t:
            g.add_edge("s", node, weight=t)
    nx_s, nx_times = best_of(
        lambda: nx.single_source_dijkstra_path_length(g, "s", weight="weight"), 5)

    # scipy: the same as a CSR matrix; node n is the virtual source. csgraph drops explicit
    # zeros, so every seed edge gets 1e-9 s more (well inside the 1e-6 s tolerance).
    # A node seeded by several places keeps its smallest seed (csr_matrix would sum them).
    seed_time = {}
    for r in seeds:
        node, t = int(r["node"]), float(r["time_s"])
        seed_time[node] = min(t, seed_time.get(node, t))
    rows = [int(r["to"]) for r in edges] + [n] * len(seed_time)
    cols = [int(r["from"]) for r in edges] + list(seed_time)
    vals = [float(r["time_s"]) for r in edges] + [t + 1e-9 for t in seed_time.values()]
    m = csr_matrix((vals, (rows, cols)), shape=(n + 1, n + 1))
    sp_s, sp_times = best_of(lambda: dijkstra(m, directed=True, indices=n), 20)

    worst_nx = max(abs(nx_times[v] - ours[v]) for v in range(n) if v in nx_times)
    worst_sp = float(np.max(np.abs(sp_times[:n] - ours)[np.isfinite(ours)]))
    print(f"graph: {n} nodes, {len(edges)} edges, {len(seeds)} seeds (the default study)")
    print(f"hublo    {hublo_s * 1e3:9.3f} ms  (Google Benchmark, one core, best of 10)")
    print(f"networkx {nx_s * 1e3:9.3f} ms  {nx_s / hublo_s:7.1f}x hublo's time  "
          f"(networkx {nx.__version__}, largest difference {worst_nx:.2g} s)")
    print(f"scipy    {sp_s * 1e3:9.3f} ms  {sp_s / hublo_s:7.1f}x hublo's time  "
          f"(scipy {scipy.__version__} csgraph.dijkstra, largest difference {worst_sp:.2g} s)")
    ok = worst_nx <= 1e-6 and worst_sp <= 1e-6
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
