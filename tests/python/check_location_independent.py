#!/usr/bin/python3
"""The same study in another folder gives the same outputs, byte for byte (summary.json
without its timings): no absolute path of an input may leak into what a run writes.

Usage: check_location_independent.py HUBLO DATASET_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys


def run(hublo, study, out):
    subprocess.run([hublo, "run", "-q", study, "-o", out, "--set", "access.threads=1"],
                   check=True)


def main():
    hublo, dataset, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    moved = os.path.join(work, "elsewhere", "the same study")
    shutil.copytree(dataset, moved)
    run(hublo, os.path.join(dataset, "study.toml"), os.path.join(work, "here"))
    run(hublo, os.path.join(moved, "study.toml"), os.path.join(work, "there"))
    differ = []
    here = os.path.join(work, "here")
    names = sorted(os.path.relpath(os.path.join(d, f), here)
                   for d, _, files in os.walk(here) for f in files)  # monographs/ too
    for name in names:
        a, b = (os.path.join(work, side, name) for side in ("here", "there"))
        if name == "summary.json":
            ja, jb = (json.load(open(p, encoding="utf-8")) for p in (a, b))
            for j in (ja, jb):
                j.pop("timings_s", None)
                j.pop("timings_detail_s", None)
            same = ja == jb
        else:
            same = open(a, "rb").read() == open(b, "rb").read()
        if not same:
            differ.append(name)
    print(f"{len(names)} files compared, {len(differ)} differ {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
