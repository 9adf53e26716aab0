#!/usr/bin/python3
"""Explains the node and edge counts of hublo's OSM car graph with pyosmium.

Usage: check_osm_counts.py PBF OUTPUT_DIR
Reads the PBF with pyosmium (an independent reader), applies the car profile rules as
docs/study-file.md states them, and compares its counts with the `network` section of
OUTPUT_DIR/summary.json: highway ways, ways used and skipped per reason, one-way ways,
segments (consecutive node pairs), directed edges, and distinct nodes.
"""
import json
import sys

import osmium

CAR_CLASSES = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
               "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
               "residential", "living_street", "service", "road"}
NO = {"no", "private"}
YES = {"yes", "designated", "permissive", "destination", "customers", "delivery"}


class Counter(osmium.SimpleHandler):
    def __init__(self):
        super().__init__()
        self.c = {"highway_ways": 0, "ways_used": 0, "ways_oneway": 0, "segments": 0,
                  "directed_edges_before_merge": 0, "skipped_access": 0, "skipped_area": 0,
                  "skipped_class_not_in_profile": 0, "skipped_oneway_reversible": 0}
        self.nodes = set()

    def way(self, w):
        t = w.tags
        hw = t.get("highway")
        if hw is None:
            return
        self.c["highway_ways"] += 1
        if t.get("area") == "yes":
            self.c["skipped_area"] += 1
            return
        if hw not in CAR_CLASSES:
            self.c["skipped_class_not_in_profile"] += 1
            return
        mode = t.get("motor_vehicle") or t.get("motorcar")
        if mode in NO or (mode not in YES and t.get("access") in NO):
            self.c["skipped_access"] += 1
            return
        if t.get("motor_vehicle") not in YES and t.get("motorcar") not in YES and \
                t.get("vehicle") in NO:
            self.c["skipped_access"] += 1
            return
        oneway = t.get("oneway")
        if oneway in ("reversible", "alternating"):
            self.c["skipped_oneway_reversible"] += 1
            return
        implied = hw == "motorway" or t.get("junction") in ("roundabout", "circular")
        backward_only = oneway in ("-1", "reverse")
        forward_only = not backward_only and (oneway in ("yes", "1", "true") or
                                              (implied and oneway != "no"))
        directions = 1 if (forward_only or backward_only) else 2
        self.c["ways_used"] += 1
        if directions == 1:
            self.c["ways_oneway"] += 1
        refs = [n.ref for n in w.nodes]
        self.nodes.update(refs)
        for a, b in zip(refs, refs[1:]):
            if a != b:
                self.c["segments"] += 1
                self.c["directed_edges_before_merge"] += directions


def main():
    counter = Counter()
    counter.apply_file(sys.argv[1])
    with open(f"{sys.argv[2]}/summary.json") as f:
        net = json.load(f)["network"]
    ours = dict(net["counts"])
    ours["input_nodes"] = net["input_nodes"]
    expected = dict(counter.c)
    expected["input_nodes"] = len(counter.nodes)
    failed = 0
    for key, value in sorted(expected.items()):
        got = ours.get(key, 0)
        status = "ok" if got == value else "MISMATCH"
        failed += got != value
        print(f"{key:32} pyosmium {value:7}  hublo {got:7}  {status}")
    # The graph after merging parallel edges and keeping the largest strong component.
    print(f"kept {net['nodes']} of {net['input_nodes']} nodes and {net['edges']} of "
          f"{net['input_edges']} edges in {net['strong_components']} strong components")
    print(f"{len(expected) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
