#!/usr/bin/env bash
# Installs every Debian 12 package that hublo needs to build, test and benchmark, then the
# report's npm packages (web/package-lock.json: Leaflet, inlined into report.html; and
# playwright-core, which drives Debian's chromium in the browser test).
# Idempotent: packages already present are not reinstalled, and nothing is done when all are there.
# As root it runs apt-get; as a user with sudo it uses sudo; otherwise it prints the exact line.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config git zlib1g-dev libbz2-dev libexpat1-dev
    libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin
    libeigen3-dev libboost-dev libosmium2-dev libprotozero-dev
    libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libssl-dev libtbb-dev
    libgtest-dev libgmock-dev libbenchmark-dev coinor-libcbc-dev libminizip-dev
    python3 python3-shapely python3-networkx python3-gdal python3-scipy python3-pyosmium osmium-tool
    python3-geopandas python3-pyproj python3-pandas python3-rtree
    python3-dev pybind11-dev python3-pytest qgis python3-qgis qgis-providers
    clang-format clang-tidy clang chromium
)
# Node.js and npm from Debian unless the machine has them already (e.g. from NodeSource).
if ! command -v npm >/dev/null 2>&1; then
    PACKAGES+=(nodejs npm)
fi

root=$(cd "$(dirname "$0")/.." && pwd)
npm_packages() {
    # The lock file pins every package and its checksum; `npm ci` installs exactly that.
    if [ ! -f "$root/web/node_modules/.package-lock.json" ] ||
        ! cmp -s <(sed -n '/"packages"/,$p' "$root/web/package-lock.json" | grep -E '"(version|integrity)"') \
                 <(sed -n '/"packages"/,$p' "$root/web/node_modules/.package-lock.json" | grep -E '"(version|integrity)"'); then
        echo "setup: npm ci in web/"
        (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#PACKAGES[@]} packages are installed"
    npm_packages
    exit 0
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo)
else
    echo "setup: these packages are missing: ${missing[*]}" >&2
    echo "setup: run as root:" >&2
    echo "    apt-get update && $line" >&2
    exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
npm_packages
