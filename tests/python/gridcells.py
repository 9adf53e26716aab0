"""Insee grid cells of the bundled Filosofi extract, put in their communes independently of
hublo: shapely for the polygons, GDAL's osr for the EPSG:3035 -> WGS84 projection."""
import csv
import json
import warnings
from pathlib import Path

from osgeo import osr
from shapely.geometry import Point, shape
from shapely.strtree import STRtree


def cell_centre(cell_id):
    """Centre (east, north) in EPSG:3035 of an id such as CRS3035RES1000mN2690000E3540000."""
    size = float(cell_id[cell_id.index("RES") + 3:cell_id.index("m")])
    north = float(cell_id[cell_id.index("N", 7) + 1:cell_id.rindex("E")])
    east = float(cell_id[cell_id.rindex("E") + 1:])
    return east + size / 2, north + size / 2


def cells_by_commune(data_dir):
    """Yields (grid row, commune code) for every cell whose centre lies in a commune (the
    lowest feature index wins on a shared border, as in hublo)."""
    data = Path(data_dir)
    features = json.load(open(data / "communes.geojson", encoding="utf-8"))["features"]
    geoms = [shape(f["geometry"]) for f in features]
    codes = [f["properties"]["DEPCOM"] for f in features]
    warnings.simplefilter("ignore")  # shapely 1.8 announces its 2.0 STRtree API
    tree = STRtree(geoms)
    index = {id(g): i for i, g in enumerate(geoms)}
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(3035)
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_lonlat = osr.CoordinateTransformation(src, dst)
    with open(data / "filosofi2021_1km_chinon.csv", newline="") as f:
        for row in csv.DictReader(f):
            lon, lat, _ = to_lonlat.TransformPoint(*cell_centre(row["idcar_1km"]))
            p = Point(lon, lat)
            hits = sorted(index[id(g)] for g in tree.query(p) if g.contains(p))
            if hits:
                yield row, codes[hits[0]]
