#!/usr/bin/python3
"""Exactness of hublo's travel times against networkx (an independent Dijkstra).

Usage: check_network_networkx.py OUTPUT_DIR
Reads network_edges.csv, network_seeds.csv and network_nodes.csv written by
`hublo run --set outputs.network=true`, runs networkx's Dijkstra from a virtual source
joined to every seed node by the seed's time, on the reversed graph (time *to* the
nearest place), and asserts that every node's time equals hublo's within 1e-6 s, and that
the nodes hublo leaves unreached are unreachable for networkx too.
"""
import csv
import sys
from pathlib import Path

import networkx as nx

TOLERANCE_S = 1e-6


def main():
    out = Path(sys.argv[1])
    g = nx.DiGraph()
    with open(out / "network_edges.csv", newline="") as f:
        for row in csv.DictReader(f):
            # Reversed: a search from the places against the edges gives times to the places.
            g.add_edge(int(row["to"]), int(row["from"]), weight=float(row["time_s"]))
    source = "places"
    with open(out / "network_seeds.csv", newline="") as f:
        for row in csv.DictReader(f):
            node, t = int(row["node"]), float(row["time_s"])
            if not g.has_edge(source, node) or g[source][node]["weight"] > t:
                g.add_edge(source, node, weight=t)
    expected = nx.single_source_dijkstra_path_length(g, source, weight="weight")

    checked = worst = mismatches = 0
    with open(out / "network_nodes.csv", newline="") as f:
        for row in csv.DictReader(f):
            node = int(row["node"])
            ours = row["time_to_place_s"]
            theirs = expected.get(node)
            if ours == "" or theirs is None:
                if (ours == "") != (theirs is None):
                    mismatches += 1
                    print(f"node {node}: hublo {ours!r}, networkx {theirs!r}")
                continue
            diff = abs(float(ours) - theirs)
            worst = max(worst, diff)
            if diff > TOLERANCE_S:
                mismatches += 1
                if mismatches <= 10:
                    print(f"node {node}: hublo {ours} s, networkx {theirs} s")
            checked += 1
    print(f"{checked} node times compared with networkx {nx.__version__}, "
          f"largest difference {worst:.3g} s")
    if checked == 0:
        sys.exit("no node time to compare")
    print(f"{checked - mismatches} passed, {mismatches} failed")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
