#!/usr/bin/python3
"""The coverage bands around Chinon before and after the last leg, side by side, as an HTML
page of two SVG maps (render it with chromium --headless --screenshot).

Usage: scripts/chinon_bands.py BEFORE_DIR AFTER_DIR OUT.html
BEFORE_DIR: the default study run with --set isochrones.last_leg_circuity=0 --set
isochrones.band_people='"points"'; AFTER_DIR: the default run. Draws, in Lambert-93 over a
40 x 32 km box centred on Chinon, the 10/20/30-minute bands, the communes' outlines and the
places, with each band's area and people in the caption.
"""
import html
import json
import sys

from osgeo import osr
from shapely.geometry import box, shape
from shapely.ops import transform

CENTRE = (490500.0, 6679500.0)  # Chinon, Lambert-93
HALF_W, HALF_H = 20000.0, 16000.0
COLOURS = ["#08519c", "#6baed6", "#c6dbef"]


def main():
    before, after, out = sys.argv[1:4]
    wgs, l93 = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    l93.ImportFromEPSG(2154)
    for s in (wgs, l93):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs, l93)

    def project(g):
        def f(xs, ys, z=None):
            pts = [ct.TransformPoint(x, y)[:2] for x, y in zip(xs, ys)]
            return [p[0] for p in pts], [p[1] for p in pts]
        return transform(f, g)

    frame = box(CENTRE[0] - HALF_W, CENTRE[1] - HALF_H, CENTRE[0] + HALF_W, CENTRE[1] + HALF_H)
    width = 560
    scale = width / (2 * HALF_W)

    def path(g):
        g = g.intersection(frame)
        if g.is_empty:
            return ""
        parts = []
        for poly in getattr(g, "geoms", [g]):
            rings = [poly.exterior] + list(getattr(poly, "interiors", []))
            for r in rings:
                pts = " ".join(f"{(x - frame.bounds[0]) * scale:.1f},"
                               f"{(frame.bounds[3] - y) * scale:.1f}" for x, y in r.coords)
                parts.append("M" + pts + "Z")
        return " ".join(parts)

    def panel(d, title):
        bands = json.load(open(f"{d}/isochrones.geojson", encoding="utf-8"))["features"]
        communes = json.load(open(f"{d}/communes.geojson", encoding="utf-8"))["features"]
        places = json.load(open(f"{d}/places.geojson", encoding="utf-8"))["features"]
        svg = [f'<svg width="{width}" height="{int(2 * HALF_H * scale)}" '
               'style="background:#f4f1ea;border:1px solid #999">']
        for k in reversed(range(len(bands))):
            svg.append(f'<path d="{path(project(shape(bands[k]["geometry"])))}" '
                       f'fill="{COLOURS[k]}" fill-opacity="0.75" fill-rule="evenodd" '
                       'stroke="none"/>')
        for c in communes:
            g = project(shape(c["geometry"]))
            if g.intersects(frame):
                svg.append(f'<path d="{path(g)}" fill="none" stroke="#444" '
                           'stroke-width="0.5"/>')
        for p in places:
            x, y = project(shape(p["geometry"])).coords[0]
            if frame.contains(shape({"type": "Point", "coordinates": [x, y]})):
                svg.append(f'<circle cx="{(x - frame.bounds[0]) * scale:.1f}" '
                           f'cy="{(frame.bounds[3] - y) * scale:.1f}" r="4" fill="#E69F00" '
                           'stroke="#000" stroke-width="1"/>')
        cx, cy = (CENTRE[0] - frame.bounds[0]) * scale, (frame.bounds[3] - CENTRE[1]) * scale
        svg.append(f'<text x="{cx + 8:.0f}" y="{cy - 8:.0f}" font-size="14" font-weight="bold" '
                   'fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">Chinon</text>')
        svg.append("</svg>")
        rows = "".join(f"<tr><td>{html.escape(b['properties']['band'])}</td>"
                       f"<td>{b['properties']['area_km2']:,.0f} km²</td>"
                       f"<td>{b['properties']['population']:,.0f} people</td></tr>"
                       for b in bands)
        return (f"<div><h2>{html.escape(title)}</h2>{''.join(svg)}"
                f"<table><tr><th>band (region)</th><th>area</th><th>people</th></tr>{rows}"
                "</table></div>")

    page = ("<!doctype html><meta charset='utf-8'><style>body{font:14px sans-serif;margin:12px}"
            "div{display:inline-block;vertical-align:top;margin-right:16px;width:570px}h2{font-size:15px;height:40px}"
            "td,th{padding:2px 8px;text-align:right}</style>"
            "<h1 style='font-size:18px'>Chinon area: time to the nearest place of mediation "
            "(dark 10, mid 20, light 30 minutes; orange: places)</h1>"
            + panel(before, "Before: the bands stop 1 km from a numbered road; "
                            "people counted at commune points")
            + panel(after, "After: the last leg at 30 km/h / circuity 1.5; "
                           "people spread over their commune's land"))
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
