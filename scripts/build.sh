#!/usr/bin/env bash
# Configures and builds hublo in ./build (Release, tests and benchmarks on), with two jobs.
# Extra arguments go to CMake's configure step, e.g. scripts/build.sh -DHUBLO_SANITIZE=ON
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HUBLO_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j2
