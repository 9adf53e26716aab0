#!/usr/bin/python3
"""Every output of the default study and of the synthetic region, byte for byte, against the
SHA-256 in tests/golden/outputs.sha256: recorded before the engine was restructured (issue
17), then again when the outputs changed on purpose (issue 18: census demand, help-hours,
balanced accessibility, the reasons rule; the commit says so).

Each case runs `hublo` on 1 or 2 threads; summary.json is compared without its timings_s and
timings_detail_s members (the only ones that change between runs), every other file whole.

Usage: identical.py --hublo BUILD/bin/hublo --work DIR [--record]
  --record writes tests/golden/outputs.sha256 from this build (do it on the build whose
  outputs are the reference, never to make a failing test pass).
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SUMS = os.path.join(HERE, "outputs.sha256")
DEFAULT = os.path.join(ROOT, "datasets", "centre-val-de-loire", "study.toml")
GENERATE = os.path.join(ROOT, "bench", "synth", "generate.py")


def cases(work):
    region = os.path.join(work, "synth-region", "study.toml")
    region_grid = os.path.join(work, "synth-region-grid", "study.toml")
    extra = ["--set", "isochrones.places=true", "--set", "outputs.network=true",
             "--set", "outputs.geojsonseq=true"]
    return [
        ("default-1", ["run", DEFAULT, "--set", "access.threads=1"]),
        ("default-2", ["run", DEFAULT, "--set", "access.threads=2"]),
        ("default-extra-1", ["run", DEFAULT, "--set", "access.threads=1"] + extra),
        ("default-extra-2", ["run", DEFAULT, "--set", "access.threads=2"] + extra),
        ("default-risk-2", ["risk", DEFAULT, "--set", "access.threads=2"]),
        ("region-1", ["run", region, "--set", "access.threads=1"]),
        ("region-2", ["run", region, "--set", "access.threads=2"]),
        ("region-grid-2", ["run", region_grid, "--set", "access.threads=2"]),
    ]


def generate(work):
    for name, args in (("synth-region", []), ("synth-region-grid", ["--grid"])):
        out = os.path.join(work, name)
        if not os.path.exists(os.path.join(out, "study.toml")):
            subprocess.run(["/usr/bin/python3", GENERATE, "--scale", "region", "--out", out] + args,
                           check=True, stderr=subprocess.DEVNULL)


def digest(path):
    with open(path, "rb") as f:
        data = f.read()
    if os.path.basename(path) == "summary.json":
        j = json.loads(data)
        j.pop("timings_s", None)
        j.pop("timings_detail_s", None)
        data = json.dumps(j, indent=2, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hublo", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    generate(args.work)
    got = {}
    for name, argv in cases(args.work):
        out = os.path.join(args.work, "out", name)
        shutil.rmtree(out, ignore_errors=True)
        r = subprocess.run([args.hublo] + argv + ["-q", "-o", out], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name}: hublo exited with {r.returncode}: {r.stderr.strip()}")
            return 1
        for d, _, files in os.walk(out):  # monographs/ too
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), out)
                got[f"{name}/{rel}"] = digest(os.path.join(d, f))
    if args.record:
        with open(SUMS, "w") as f:
            for k in sorted(got):
                f.write(f"{got[k]}  {k}\n")
        print(f"recorded {len(got)} files in {SUMS}")
        return 0
    want = {}
    with open(SUMS) as f:
        for line in f:
            h, k = line.split()
            want[k] = h
    bad = 0
    for k in sorted(set(want) | set(got)):
        if k not in got:
            print(f"missing: {k}")
            bad += 1
        elif k not in want:
            print(f"not in the reference: {k}")
            bad += 1
        elif got[k] != want[k]:
            print(f"differs: {k}")
            bad += 1
    print(f"{len(want)} reference files, {len(got)} written, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
