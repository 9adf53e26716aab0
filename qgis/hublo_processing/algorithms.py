"""hublo's Processing algorithms: run a study, isochrones from points, nearest-place times,
monographs. Each calls the hublo Python module (built with hublo in build/python, or
installed by `cmake --install`); its progress goes to the feedback, and Cancel stops it."""
import os
import re
import sys

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature,
                       QgsFeatureSink, QgsField, QgsFields, QgsGeometry, QgsProcessing,
                       QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputFile, QgsProcessingOutputFolder,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterString, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant


def _hublo():
    """The hublo module: importable, or in $HUBLO_PYTHONPATH (a build's `python` folder)."""
    extra = os.environ.get("HUBLO_PYTHONPATH")
    if extra and extra not in sys.path:
        sys.path.insert(0, extra)
    try:
        import hublo
    except ImportError as e:
        raise QgsProcessingException(
            "hublo's Python module is not found: install hublo (cmake --install build), or "
            "set HUBLO_PYTHONPATH to its build's python folder (e.g. ~/hublo/build/python)"
        ) from e
    return hublo


class _Canceled(Exception):
    pass


def _progress(feedback):
    """hublo's progress on the feedback; Cancel stops the run."""
    def report(stage, done, total):
        if feedback.isCanceled():
            raise _Canceled()
        feedback.setProgressText(stage)
        if total:
            feedback.setProgress(100.0 * done / total)
    return report


def _open(hublo, path, settings_text):
    """The study (the bundled one when `path` is empty), with "section.key=value" settings
    (one per line or separated by ';', the value in TOML)."""
    try:
        study = hublo.Study.open(path or None)
        lines = [s.strip() for s in re.split(r"[;\n]", settings_text or "") if s.strip()]
        study.set_text(*lines)
        return study
    except hublo.Error as e:
        raise QgsProcessingException(str(e)) from e


def _run(hublo, feedback, call):
    try:
        return call()
    except _Canceled:
        raise QgsProcessingException("canceled")
    except hublo.Error as e:
        raise QgsProcessingException(str(e)) from e


_QT_TYPES = {"str": QVariant.String, "int": QVariant.LongLong, "float": QVariant.Double}


def _points(source, context, id_field):
    """The source's points in WGS84, as hublo takes them: (lon, lat, id)."""
    to_wgs84 = QgsCoordinateTransform(source.sourceCrs(),
                                      QgsCoordinateReferenceSystem("EPSG:4326"),
                                      context.transformContext())
    out, features = [], []
    for f in source.getFeatures():
        g = f.geometry()
        if g.isNull() or g.isEmpty():
            raise QgsProcessingException(f"feature {f.id()} has no geometry: give points")
        p = to_wgs84.transform(g.centroid().asPoint() if g.isMultipart() else g.asPoint())
        ident = str(f[id_field]) if id_field else str(f.id())
        out.append((p.x(), p.y(), ident))
        features.append(f)
    return out, features


class _Base(QgsProcessingAlgorithm):
    def group(self):
        return "hublo"

    def groupId(self):  # noqa: N802
        return "hublo"

    def createInstance(self):  # noqa: N802
        return type(self)()

    def _study_params(self):
        self.addParameter(QgsProcessingParameterFile(
            "STUDY", "Study file (empty: the bundled Centre-Val de Loire study)",
            extension="toml", optional=True))
        self.addParameter(QgsProcessingParameterString(
            "SETTINGS", "Settings (section.key=value, one per line)", multiLine=True,
            optional=True))


class RunStudy(_Base):
    def name(self):
        return "run_study"

    def displayName(self):  # noqa: N802
        return "Run a study"

    def shortHelpString(self):  # noqa: N802
        return ("Runs a hublo study and writes its outputs (GeoJSON, CSV, the styled "
                "GeoPackage, the map report, the monographs) to a folder; the GeoPackage's "
                "layers are added to the project with their styles.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._study_params()
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER",
                                                                  "Output folder"))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "GeoPackage"))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Map report"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        hublo = _hublo()
        study = _open(hublo, self.parameterAsFile(parameters, "STUDY", context),
                      self.parameterAsString(parameters, "SETTINGS", context))
        folder = self.parameterAsString(parameters, "OUTPUT_FOLDER", context)
        result = _run(hublo, feedback,
                      lambda: study.run(output_dir=folder, progress=_progress(feedback)))
        gpkg = os.path.join(result.output_dir, study.id + ".gpkg")
        feedback.pushInfo(f"wrote {len(result.files)} files to {result.output_dir}")
        if os.path.exists(gpkg) and context.project() is not None:
            for name in ("communes", "isochrones", "deserts", "places", "recommendations"):
                if name in result.layer_names:
                    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
                    context.temporaryLayerStore().addMapLayer(layer)
                    context.addLayerToLoadOnCompletion(
                        layer.id(), QgsProcessingContext.LayerDetails(name, context.project(),
                                                                      name))
        return {"OUTPUT_FOLDER": result.output_dir,
                "GEOPACKAGE": gpkg if os.path.exists(gpkg) else "",
                "REPORT": os.path.join(result.output_dir, "report.html")}


class IsochronesFromPoints(_Base):
    def name(self):
        return "isochrones"

    def displayName(self):  # noqa: N802
        return "Isochrones from points"

    def shortHelpString(self):  # noqa: N802
        return ("Isochrones from (or to) each point of a layer on the study's road network: "
                "one polygon per point and threshold, with the people inside it.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", "Points", [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", "Identifier field", parentLayerParameterName="INPUT", optional=True))
        self._study_params()
        self.addParameter(QgsProcessingParameterString("MINUTES", "Minutes", "10,20,30"))
        self.addParameter(QgsProcessingParameterEnum(
            "DIRECTION", "Direction", ["from the points", "to the points"], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", "Isochrones", QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        hublo = _hublo()
        study = _open(hublo, self.parameterAsFile(parameters, "STUDY", context),
                      self.parameterAsString(parameters, "SETTINGS", context))
        source = self.parameterAsSource(parameters, "INPUT", context)
        id_field = self.parameterAsString(parameters, "ID_FIELD", context)
        try:
            minutes = [float(m) for m in
                       self.parameterAsString(parameters, "MINUTES", context).split(",")]
        except ValueError:
            raise QgsProcessingException("Minutes: give increasing numbers, e.g. 10,20,30")
        points, _ = _points(source, context, id_field)
        feedback.pushInfo(f"{len(points)} points, {minutes} minutes")
        direction = "to" if self.parameterAsEnum(parameters, "DIRECTION", context) else "from"
        layer = _run(hublo, feedback, lambda: study.isochrones(points, minutes, direction))
        fields = QgsFields()
        for name, kind in layer.fields:
            fields.append(QgsField(name, _QT_TYPES[kind]))
        sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields,
                                          QgsWkbTypes.MultiPolygon,
                                          QgsCoordinateReferenceSystem("EPSG:4326"))
        records = layer.records()
        for i, record in enumerate(records):
            if feedback.isCanceled():
                break
            f = QgsFeature(fields)
            g = QgsGeometry()
            g.fromWkb(layer._layer.wkb(i))
            f.setGeometry(g)
            f.setAttributes([record[name] for name, _ in layer.fields])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
            feedback.setProgress(100.0 * (i + 1) / len(records))
        return {"OUTPUT": dest}


class NearestPlaceTimes(_Base):
    def name(self):
        return "nearest_times"

    def displayName(self):  # noqa: N802
        return "Nearest place times"

    def shortHelpString(self):  # noqa: N802
        return ("Minutes by the study's road network from each point to the nearest place "
                "of digital mediation (empty: none reachable), in a new field "
                "nearest_place_min.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", "Points", [QgsProcessing.TypeVectorPoint]))
        self._study_params()
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", "Points with their time", QgsProcessing.TypeVectorPoint))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        hublo = _hublo()
        study = _open(hublo, self.parameterAsFile(parameters, "STUDY", context),
                      self.parameterAsString(parameters, "SETTINGS", context))
        source = self.parameterAsSource(parameters, "INPUT", context)
        points, features = _points(source, context, None)
        feedback.setProgressText("reading the study's places")
        times = _run(hublo, feedback, lambda: study.nearest_times(points))
        fields = QgsFields(source.fields())
        fields.append(QgsField("nearest_place_min", QVariant.Double))
        sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields,
                                          source.wkbType(), source.sourceCrs())
        for f, t in zip(features, times):
            out = QgsFeature(fields)
            out.setGeometry(f.geometry())
            out.setAttributes(f.attributes() + [None if t != t else t])  # NaN: none reachable
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {"OUTPUT": dest}


class Monographs(_Base):
    def name(self):
        return "monographs"

    def displayName(self):  # noqa: N802
        return "Monographs"

    def shortHelpString(self):  # noqa: N802
        return ("One printable page per area of a level (bassins de vie, EPCI, "
                "départements…), in French, and an index: the diagnosis a territorial "
                "digital-inclusion plan starts from.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._study_params()
        self.addParameter(QgsProcessingParameterString("LEVEL", "Level", "bassins"))
        self.addParameter(QgsProcessingParameterString(
            "AREAS", "Areas (codes separated by commas; empty: every area)", optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER",
                                                                  "Output folder"))
        self.addOutput(QgsProcessingOutputFile("INDEX", "Index page"))
        self.addOutput(QgsProcessingOutputFolder("PAGES", "Pages folder"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        hublo = _hublo()
        study = _open(hublo, self.parameterAsFile(parameters, "STUDY", context),
                      self.parameterAsString(parameters, "SETTINGS", context))
        level = self.parameterAsString(parameters, "LEVEL", context)
        areas = [a.strip() for a in
                 (self.parameterAsString(parameters, "AREAS", context) or "").split(",")
                 if a.strip()]
        try:
            # As `hublo monographs`: the pages, summary.json and dictionary.csv only.
            study.set(outputs__monographs=level, outputs__monograph_areas=areas,
                      outputs__geojson=False, outputs__csv=False, outputs__geopackage=False,
                      outputs__report=False)
        except hublo.Error as e:
            raise QgsProcessingException(str(e)) from e
        folder = self.parameterAsString(parameters, "OUTPUT_FOLDER", context)
        result = _run(hublo, feedback,
                      lambda: study.run(output_dir=folder, progress=_progress(feedback)))
        pages = os.path.join(result.output_dir, "monographs")
        feedback.pushInfo(f"{len(os.listdir(pages)) - 1} pages in {pages}")
        return {"OUTPUT_FOLDER": result.output_dir, "INDEX": os.path.join(pages, "index.html"),
                "PAGES": pages}
