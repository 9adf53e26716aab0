#!/usr/bin/env python3
"""Rebuild datasets/centre-val-de-loire/ from the shared data snapshot.

Run by a developer when the bundled data must be refreshed; the build, the
runs and the tests never call it. Usage:
    scripts/prepare_datasets.py /path/to/shared/data
Files are copied unmodified, except the national France Services lists, which are
filtered to the six départements of the region with its raw records kept byte
for byte (quoting, line breaks inside fields).
"""
import csv
import json
import shutil
import sys
from pathlib import Path

REGION_DEPS = {"18", "28", "36", "37", "41", "45"}
COPIES = {
    "boundaries/communes_cvl_cog2025_wgs84.geojson": "communes.geojson",
    "boundaries/epci_cvl_cog2025_wgs84.geojson": "epci.geojson",
    "boundaries/bassins_vie_2022_cvl_derived_wgs84.geojson": "bassins_vie_2022.geojson",
    "boundaries/departements_cvl_cog2025_wgs84.geojson": "departements.geojson",
    "indicators/ifn_communes_cvl_2023.csv": "ifn_communes_2023.csv",
    "indicators/ifn_epci_cvl_2023.csv": "ifn_epci_2023.csv",
    "indicators/comparateur_territoires_2024_communes_cvl_datasfun.csv": "comparateur_territoires_2024.csv",
    "mediation/cnfs_lieux_cvl_202207.json": "conseillers_numeriques_lieux_2022.json",
    "mediation/aidants_connect_structures_cvl_20240222.csv": "aidants_connect_structures_2024.csv",
    "roads/cvl_numbered_roads_travelmapping.geojson": "roads_numbered.geojson",
    "population/filosofi2021_1km_chinon.csv": "filosofi2021_1km_chinon.csv",
    "population/README.md": "filosofi2021_1km_chinon.README.md",
    "population/households_without_car_2020_iris_cvl.csv": "households_without_car_2020_iris.csv",
}


def raw_records(text):
    """Split CSV text into raw records, honouring quotes (fields may hold line breaks)."""
    start, quoted = 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            yield text[start : i + 1]
            start = i + 1
    if start < len(text):
        yield text[start:]


def filter_france_services(src, dst):
    text = src.read_text(encoding="utf-8")
    records = list(raw_records(text))
    kept = [records[0]]
    for rec in records[1:]:
        dep = rec.split(",", 2)[1].strip('"')
        if dep in REGION_DEPS:
            kept.append(rec)
    dst.write_text("".join(kept), encoding="utf-8")
    return len(records) - 1, len(kept) - 1


def departement_names(src, dst):
    """code,nom of the région's départements, from decoupage-administratif's list."""
    rows = [d for d in json.loads(src.read_text(encoding="utf-8")) if d["code"] in REGION_DEPS]
    lines = ["code,nom"] + [f"{d['code']},{d['nom']}" for d in sorted(rows, key=lambda d: d["code"])]
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def arrondissements(src, dst):
    """code,arrondissement of every commune, from COGiter's commune table (COG 2025)."""
    with open(src, newline="", encoding="utf-8") as f:
        rows = sorted((r["DEPCOM"], r["ARR"]) for r in csv.DictReader(f))
    dst.write_text("code,arrondissement\n" + "".join(f"{c},{a}\n" for c, a in rows),
                   encoding="utf-8")


CENSUS_COLUMNS = [
    "code", "COM", "libelle_com", "TYP_IRIS", "P22_POP", "men_tot_stock_22",
    "dm_0014_pct_22", "dm_1524_pct_22", "dm_2554_pct_22", "dm_5564_pct_22", "dm_6579_pct_22",
    "dm_80p_pct_22", "dmv_75p_pct_22", "dm_15p_seul_pct_22", "dsp_dipl_infbac_pct_22",
    "rev_txpauv_21",
]


def census_subset(src, dst):
    """The IRIS rows of the RP 2022 table, keys and the columns the study reads, values as
    written upstream (text copied, not re-formatted)."""
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    idx = [rows[0].index(c) for c in CENSUS_COLUMNS]
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow([r[i] for i in idx])
    return len(rows) - 1


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    shared = Path(sys.argv[1])
    out = Path(__file__).resolve().parent.parent / "datasets" / "centre-val-de-loire"
    out.mkdir(parents=True, exist_ok=True)
    for src, dst in COPIES.items():
        shutil.copyfile(shared / src, out / dst)
    total, kept = filter_france_services(
        shared / "mediation/france_services_20221201.csv", out / "france_services_cvl_20221201.csv"
    )
    print(f"france services 2022: {kept} of {total} records kept")
    total, kept = filter_france_services(
        shared / "mediation/france_services_20240801.csv", out / "france_services_cvl_20240801.csv"
    )
    print(f"france services 2024: {kept} of {total} records kept")
    n = census_subset(shared / "population/rp2022_iris_cvl_ptod.csv", out / "rp2022_iris.csv")
    print(f"census: {n} IRIS rows")
    departement_names(shared / "admin/decoupage_departements.json", out / "departements_noms.csv")
    arrondissements(shared / "admin/cogiter_communes_cvl_cog2025.csv",
                    out / "communes_arrondissements.csv")


if __name__ == "__main__":
    main()
