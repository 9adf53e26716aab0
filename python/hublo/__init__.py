"""hublo for Python: run a digital-inclusion study and get its layers as GeoJSON dicts or
GeoDataFrames.

    import hublo
    study = hublo.Study.open("datasets/centre-val-de-loire/study.toml", access__threads=2)
    result = study.run()
    deserts = result.layer("deserts").to_geopandas()      # WGS84
    communes = result.layer("communes").to_geopandas(crs="study")   # Lambert-93

Settings are overridden as keywords, `section__key=value` or `**{"section.key": value}`
(the values as Python: True, 20, 1.5, "text", [10, 20]). Long work releases the GIL;
Ctrl-C stops a run between two steps and raises `hublo.Interrupted` (a KeyboardInterrupt).
hublo's errors are `hublo.InputError`, `DataError`, `ComputationError`, `InternalError`,
all `hublo.Error`, their message naming the file, line or setting and the fix.
"""
import json
import math
import struct

from ._hublo import (ComputationError, DataError, Error, InputError,  # noqa: F401
                     InternalError, Interrupted)
from . import _hublo

__all__ = ["Study", "Result", "Layer", "Error", "InputError", "DataError", "ComputationError",
           "InternalError", "Interrupted", "default_study_path", "version"]


def version():
    """The version of the hublo library loaded."""
    return _hublo.version()


def default_study_path():
    """The bundled default study (Centre-Val de Loire)."""
    return _hublo.default_study_path()


def _toml(value):
    """A Python value as the TOML text of a setting."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"a setting cannot be {value}")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise InputError(f"a setting cannot be a {type(value).__name__}: give a bool, a number, "
                     "a string or a list of them")


def _settings(overrides):
    out = []
    for key, value in overrides.items():
        key = key.replace("__", ".") if "." not in key else key
        if "." not in key:
            raise InputError(f"setting '{key}': name it section.key (or section__key), "
                             "e.g. access.threads=2")
        out.append(f"{key}={_toml(value)}")
    return out


def _points(points):
    """[(lon, lat), ...] or [(lon, lat, id), ...] or a GeoDataFrame / GeoSeries of points."""
    if hasattr(points, "geometry") or hasattr(points, "to_crs"):
        frame = points.to_crs("EPSG:4326") if getattr(points, "crs", None) else points
        geoms = frame.geometry if hasattr(frame, "geometry") else frame
        return [(g.x, g.y, str(i)) for i, g in zip(frame.index, geoms)]
    out = []
    for k, p in enumerate(points):
        if len(p) < 2:
            raise InputError(f"point {k + 1}: give (lon, lat) in WGS84 degrees")
        out.append((float(p[0]), float(p[1]), str(p[2]) if len(p) > 2 else ""))
    return out


class Layer:
    """A layer of a run as hublo writes it (WGS84, rounded to the study's decimals)."""

    def __init__(self, layer, study):
        self._layer = layer
        self._study = study

    @property
    def name(self):
        return self._layer.name

    @property
    def fields(self):
        """[(name, "str" | "int" | "float"), ...], in the files' order."""
        return self._layer.fields

    def __len__(self):
        return len(self._layer)

    def __repr__(self):
        return f"<hublo.Layer {self.name}: {len(self)} features, {len(self.fields)} fields>"

    def to_geojson(self):
        """The layer as an RFC 7946 FeatureCollection (a dict)."""
        return json.loads(self._layer.geojson())

    def records(self):
        """The attributes, one dict per feature."""
        names = [f for f, _ in self.fields]
        return [{n: self._layer.value(i, k) for k, n in enumerate(names)}
                for i in range(len(self))]

    def to_geopandas(self, crs="wgs84"):
        """A GeoDataFrame (needs geopandas): crs "wgs84" (EPSG:4326, as the files) or
        "study" (the study's CRS, e.g. Lambert-93), or any CRS GeoPandas accepts."""
        try:
            import geopandas
            import pandas
        except ImportError as e:
            raise ImportError("to_geopandas needs geopandas (Debian: apt-get install "
                              "python3-geopandas); to_geojson() needs nothing") from e
        from shapely import wkb
        from shapely.geometry import MultiPolygon
        from shapely.geometry.polygon import orient

        def as_written(g):
            # As the GeoJSON files: rings counter-clockwise (RFC 7946), one part a Polygon.
            if g.geom_type != "MultiPolygon":
                return g
            parts = [orient(p, 1.0) for p in g.geoms]
            return parts[0] if len(parts) == 1 else MultiPolygon(parts)
        names = [f for f, _ in self.fields]
        data = {n: [self._layer.value(i, k) for i in range(len(self))]
                for k, n in enumerate(names)}
        frame = pandas.DataFrame(data, columns=names)
        try:
            geometry = [as_written(wkb.loads(self._layer.wkb(i))) for i in range(len(self))]
        except Error:
            return frame  # an attribute table (no geometry)
        gdf = geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
        if crs in (None, "wgs84", "EPSG:4326"):
            return gdf
        if crs == "study":
            crs = self._study.crs
            if crs is None:
                raise InputError("to_geopandas(crs='study'): the study's CRS is known once it "
                                 "has run or been checked (study.check()), or name a CRS")
        return gdf.to_crs(crs)


class Result:
    """What a run computed: its layers, summary and written files."""

    def __init__(self, study, output_dir, files):
        self._study = study
        self.output_dir = output_dir
        self.files = list(files)
        self.summary = json.loads(study._study.summary_json) if study._study.summary_json else {}

    @property
    def layer_names(self):
        return list(self._study._study.layer_names)

    def layer(self, name):
        """A layer of the run by name ("communes", "deserts"...); InputError lists them."""
        return Layer(self._study._study.layer(name), self._study)

    def __repr__(self):
        return f"<hublo.Result {self._study.id}: layers {', '.join(self.layer_names)}>"


class Study:
    """A study file and its settings. Study.open(path, **overrides)."""

    def __init__(self, study):
        self._study = study
        self._network = None

    @classmethod
    def open(cls, path=None, **overrides):
        """Opens a study file (the bundled default without a path), with settings applied
        over it: Study.open(path, access__threads=2, **{"deserts.time_min": 15})."""
        path = str(path) if path is not None else default_study_path()
        return cls(_hublo.Study.open(path, _settings(overrides)))

    @property
    def crs(self):
        """The study CRS ("EPSG:2154"), known once the study has run or been checked."""
        text = self._study.summary_json
        return json.loads(text)["study"]["crs"] if text else None

    @property
    def id(self):
        return self._study.id

    @property
    def name(self):
        return self._study.name

    def set(self, **overrides):
        """Applies more settings (as open's keywords); InputError leaves the study as it was."""
        for s in _settings(overrides):
            self._study.set(s)
        self._network = None
        return self

    def set_text(self, *settings):
        """Settings as the command's --set: "section.key=value", the value in TOML."""
        for s in settings:
            self._study.set(s)
        self._network = None
        return self

    def run(self, stages="all", threads=0, progress=None, output_dir=""):
        """Runs the study up to `stages` ("all", "risk", "access", "isochrones", "deserts",
        "siting"), writes its outputs (to output_dir, or the study's [outputs] dir) and
        returns a Result. `progress(stage, done, total)` is called as it goes."""
        out, files = self._study.run(False, "" if stages == "all" else stages, threads,
                                     str(output_dir), progress)
        return Result(self, out, files)

    def check(self, progress=None):
        """Reads and aligns the inputs, writes nothing; the Result has the layers read."""
        out, files = self._study.run(True, "", 0, "", progress)
        return Result(self, out, files)

    def compare(self, scenarios=None, output_dir="", threads=0):
        """Runs the study and its [[scenarios]] (all, or those named) and writes compare/
        (docs/study-file.md); returns compare.json as a dict, with "output_dir"."""
        out = _hublo.compare(self._study, list(scenarios or []), str(output_dir), threads)
        with open(f"{out}/compare/compare.json", encoding="utf-8") as f:
            doc = json.load(f)
        doc["output_dir"] = out
        return doc

    def _net(self):
        if self._network is None:
            self._network = self._study.network()
        return self._network

    def isochrones(self, points, minutes=(10, 20, 30), direction="from", bands="",
                   threads=0):
        """Isochrones from (direction="from") or to ("to") points on the study's road
        network: a Layer with one feature per point and threshold."""
        if direction not in ("from", "to"):
            raise InputError(f"direction '{direction}': give 'from' or 'to'")
        layer = self._net().isochrones(_points(points), [float(m) for m in minutes],
                                       direction == "to", bands, threads)
        return Layer(layer, self)

    def nearest_times(self, points, threads=0):
        """Minutes by the study's road network from each point to the nearest place of
        mediation (NaN: none reachable). Reads the places with a check when not run yet."""
        if not self._study.has_run:
            self.check()
        places = self._study.layer("places")
        origins = []
        for i in range(len(places)):
            w = places.wkb(i)
            x, y = struct.unpack("<dd", w[5:21])  # little-endian WKB Point
            origins += [x, y]
        flat = []
        for lon, lat, _ in _points(points):
            flat += [lon, lat]
        return list(self._net().nearest_minutes(origins, flat, threads))

    def __repr__(self):
        return f"<hublo.Study {self.id}: {self.name}>"
