#!/usr/bin/python3
"""The GeoPackage's QGIS styles, checked with QGIS itself (PyQGIS, headless): the
`layer_styles` table is there; each style is well-formed QML whose renderer reads fields the
layer has; QGIS opens each styled layer with its default style (the renderer type of the
QML, not QGIS's grey single symbol); a map of the styled layers is rendered to a PNG in
SHOTS_DIR, and its pixels hold the communes' five classes and the places' colours.

Usage: check_styles.py GPKG SHOTS_DIR
"""
import os
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    import tempfile
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="hublo-qgis-")  # mode 0700

from qgis.core import (QgsApplication, QgsMapRendererParallelJob,  # noqa: E402
                       QgsMapSettings, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

# The colours a reader should see: the communes' classes and the places' types.
CLASSES = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
PLACES = ["#0072B2", "#009E73"]


def referenced_fields(root):
    """Fields a renderer reads: its attr (a field or an expression) and its order-by."""
    names = set()
    for r in root.iter("renderer-v2"):
        attr = r.get("attr")
        if attr:
            quoted = re.findall(r'"([^"]+)"', attr)
            names.update(quoted if quoted else [attr])
        for o in r.iter("orderByClause"):
            names.update(re.findall(r'"([^"]+)"', o.text or ""))
    return names


def main():
    gpkg, shots = sys.argv[1], sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    failures = []
    con = sqlite3.connect(gpkg)
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    if "layer_styles" not in tables:
        print("FAIL no layer_styles table in gpkg_contents")
        print("qgis styles: 1 failures")
        return 1
    rows = con.execute("SELECT f_table_name, styleName, styleQML, useAsDefault, f_table_schema, "
                       "f_geometry_column FROM layer_styles ORDER BY id").fetchall()
    geom_columns = dict(con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
    defaults = {}
    for table, name, qml, default, schema, geom in rows:
        if table not in geom_columns:
            failures.append(f"{name}: styles {table}, which is no layer of the file")
            continue
        if schema != "" or geom != geom_columns[table]:
            failures.append(f"{name}: f_table_schema {schema!r}, f_geometry_column {geom!r}: "
                            "QGIS would not find it")
        try:
            root = ET.fromstring(qml.split("\n", 1)[1])  # after the DOCTYPE line
        except ET.ParseError as e:
            failures.append(f"{name}: not well-formed QML ({e})")
            continue
        fields = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
        missing = referenced_fields(root) - fields
        if missing:
            failures.append(f"{name}: reads {sorted(missing)}, not fields of {table}")
        if default:
            if table in defaults:
                failures.append(f"{table}: two default styles")
            defaults[table] = root.find("renderer-v2").get("type")
    con.close()

    app = QgsApplication([], False)
    app.initQgis()
    layers = {}
    for table, want in sorted(defaults.items()):
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if not layer.isValid():
            failures.append(f"{table}: QGIS cannot open it")
            continue
        got = layer.renderer().type()
        if got != want:
            failures.append(f"{table}: QGIS opened it with a {got} renderer, its default "
                            f"style has {want}")
        layers[table] = layer
    print(f"{len(rows)} styles, {len(defaults)} layers opened by QGIS with their default style")

    # The map a user sees when dragging the file into QGIS: communes, outlines, places.
    order = [n for n in ("tour_stops", "tour", "recommendations", "places", "deserts", "departements", "epci",
                         "communes") if n in layers]
    settings = QgsMapSettings()
    settings.setLayers([layers[n] for n in order])
    settings.setDestinationCrs(layers["communes"].crs())
    settings.setExtent(layers["communes"].extent())
    settings.setOutputSize(QSize(900, 900))
    settings.setBackgroundColor(QColor("#ffffff"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    shot = os.path.join(shots, "qgis-geopackage.png")
    image.save(shot)
    seen = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            seen[(c.red(), c.green(), c.blue())] = seen.get((c.red(), c.green(), c.blue()), 0) + 1

    def near(hex_color, alpha_on_white=1.0):
        q = QColor(hex_color)
        want = [round(alpha_on_white * v + (1 - alpha_on_white) * 255)
                for v in (q.red(), q.green(), q.blue())]
        return sum(n for rgb, n in seen.items()
                   if all(abs(a - b) <= 6 for a, b in zip(rgb, want)))

    # Communes are filled at 200/255 over white.
    for c in CLASSES:
        if near(c, 200 / 255) < 20:
            failures.append(f"the map has no commune of class {c} ({shot})")
    for c in PLACES:
        if near(c) < 3:
            failures.append(f"the map has no place drawn in {c} ({shot})")
    if "tour_stops" in layers and near("#d95f02") < 3:
        failures.append(f"the map has no stop of the travelling service in #d95f02 ({shot})")
    print(f"map: {shot}, {image.width()}x{image.height()}")
    for f in failures[:20]:
        print("FAIL", f)
    print(f"qgis styles: {len(failures)} failures", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    # Straight out: PyQGIS 3.22 may crash in its exit handlers once layers were drawn.
    code = main()
    sys.stdout.flush()
    os._exit(code)
