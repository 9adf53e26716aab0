#!/usr/bin/python3
"""The engine's layout rules, measured (issue 17: one room per stage).

  1. no .cpp file of engine/ over 600 lines (lines as `wc -l` counts them);
  2. no function over 150 lines, measured by clang-tidy's readability-function-size
     (LineThreshold 150: the lines of the body, comments and blank lines included), on every
     engine source in the build's compile_commands.json;
  3. no folder below study/ includes a study/ header (the grep of the issue; the build's
     per-folder include views refuse it too, engine/CMakeLists.txt).

Usage: check_layout.py BUILD_DIR   (exit 1 and one line per violation when a rule is broken)
"""

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.path.join(ROOT, "engine")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 150
LOW_FOLDERS = ["io", "geom", "model", "network", "places", "core"]


def file_sizes():
    bad = []
    for folder, _, files in os.walk(ENGINE):
        for f in files:
            if f.endswith(".cpp"):
                path = os.path.join(folder, f)
                with open(path, encoding="utf-8") as fh:
                    n = sum(1 for _ in fh)
                if n > MAX_FILE_LINES:
                    bad.append(f"{os.path.relpath(path, ROOT)}: {n} lines (at most {MAX_FILE_LINES})")
    return bad


def upward_includes():
    bad = []
    pattern = re.compile(r'#include "study/')
    for low in LOW_FOLDERS:
        for folder, _, files in os.walk(os.path.join(ENGINE, "src", low)):
            for f in files:
                path = os.path.join(folder, f)
                with open(path, encoding="utf-8") as fh:
                    for i, line in enumerate(fh, 1):
                        if pattern.search(line):
                            bad.append(f"{os.path.relpath(path, ROOT)}:{i}: includes a study/ header")
    return bad


def function_sizes(build):
    tidy = shutil.which("clang-tidy")
    if not tidy:
        return ["clang-tidy not found: run scripts/setup.sh (Debian package clang-tidy)"]
    with open(os.path.join(build, "compile_commands.json")) as f:
        files = sorted({e["file"] for e in json.load(f)
                        if e["file"].startswith(os.path.join(ENGINE, ""))})
    config = ("{CheckOptions: [{key: readability-function-size.LineThreshold, value: "
              f"{MAX_FUNCTION_LINES}}}]}}")

    def run(path):
        r = subprocess.run([tidy, "-p", build, "--quiet", "--checks=-*,readability-function-size",
                            f"--config={config}", path], capture_output=True, text=True)
        out = []
        lines = r.stdout.splitlines()
        for k, line in enumerate(lines):
            if "readability-function-size" in line and "warning:" in line:
                note = " ".join(lines[k + 1:k + 4])
                where = line.split(": warning:")[0]
                name = re.search(r"function '([^']+)'", line)
                size = re.search(r"(\d+) lines", note)
                out.append(f"{os.path.relpath(where, ROOT)}: {name.group(1) if name else '?'} "
                           f"has {size.group(1) if size else '?'} lines (at most {MAX_FUNCTION_LINES})")
        return out, len(files)

    bad = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for out, _ in pool.map(run, files):
            bad.extend(out)
    print(f"function sizes: {len(files)} engine sources measured by clang-tidy")
    return bad


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    bad = file_sizes() + upward_includes() + function_sizes(os.path.abspath(sys.argv[1]))
    for b in bad:
        print(b)
    print(f"layout: {len(bad)} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
