// libhublo_gdal.so: reading layers through GDAL/OGR and writing GeoPackages (see
// io/gdal_module.hpp). Built only into the module, never into the engine.
#include "io/gdal_module.hpp"

#include "hublo/error.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>

namespace hublo::io::gdal {

namespace {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::Ring;
using algorithms::geometry::XY;

/// Registers GDAL's drivers once.
void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // No GeoJSON object size limit in GDAL (200 MB by default, refused with a vague
        // message): hublo bounds the polygons' vertices itself ([communes] max_vertices).
        if (!CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", nullptr)) {
            CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        }
        // GDAL's own messages are turned into hublo errors where they matter; keep stderr clean.
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

struct DatasetCloser {
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};

Ring to_ring(const OGRLinearRing *ring) {
    Ring out;
    if (!ring) {
        return out;
    }
    const int n = ring->getNumPoints();
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out.push_back({ring->getX(i), ring->getY(i)});
    }
    return out;
}

void append_polygon(const OGRPolygon *poly, MultiPolygon &out) {
    if (!poly || poly->IsEmpty()) {
        return;
    }
    algorithms::geometry::Polygon p;
    p.rings.push_back(to_ring(poly->getExteriorRing()));
    for (int i = 0; i < poly->getNumInteriorRings(); ++i) {
        p.rings.push_back(to_ring(poly->getInteriorRing(i)));
    }
    out.push_back(std::move(p));
}

/// Vertices of a (multi)polygon or collection, rings' closing points included.
std::size_t vertex_count(const OGRGeometry *g) {
    if (!g) {
        return 0;
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        const auto *p = g->toPolygon();
        std::size_t n = p->getExteriorRing()
                            ? static_cast<std::size_t>(p->getExteriorRing()->getNumPoints())
                            : 0;
        for (int i = 0; i < p->getNumInteriorRings(); ++i) {
            n += static_cast<std::size_t>(p->getInteriorRing(i)->getNumPoints());
        }
        return n;
    }
    if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
        std::size_t n = 0;
        for (const auto *part : *g->toGeometryCollection()) {
            n += vertex_count(part);
        }
        return n;
    }
    return 0;
}

/// Returns false when the geometry holds something other than polygons.
bool collect_polygons(const OGRGeometry *g, MultiPolygon &out) {
    if (!g || g->IsEmpty()) {
        return true;
    }
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
        append_polygon(g->toPolygon(), out);
        return true;
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        const auto *coll = g->toGeometryCollection();
        for (int i = 0; i < coll->getNumGeometries(); ++i) {
            if (!collect_polygons(coll->getGeometryRef(i), out)) {
                return false;
            }
        }
        return true;
    }
    case wkbCurvePolygon:
    case wkbMultiSurface: {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        return collect_polygons(linear.get(), out);
    }
    default:
        return false;
    }
}

std::string lower_extension(const std::filesystem::path &path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string type_name(const OGRGeometry *geom) {
    return OGRGeometryTypeToName(geom->getGeometryType());
}

void read(const VectorSource &source, GeometryKind kind,
          const std::function<void(const std::string &, const std::string &)> &on_crs,
          RawLayer &out) {
    ensure_gdal();
    const std::string path = source.path.string();
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        // A known extension that GDAL cannot open is a broken file, not a wrong choice.
        static const std::set<std::string> kVectorExtensions = {
            ".geojson", ".json", ".gpkg", ".shp", ".fgb", ".geojsonl", ".geojsons"};
        if (kVectorExtensions.count(lower_extension(source.path))) {
            throw Error(ErrorKind::data, path + ": cannot be read, truncated or corrupt? (" +
                                             std::string(CPLGetLastErrorMsg()) +
                                             "); export or download it again");
        }
        throw Error(ErrorKind::input, path + ": not a vector file GDAL can read (" +
                                          std::string(CPLGetLastErrorMsg()) +
                                          "); use GeoJSON, GeoPackage, Shapefile or FlatGeobuf");
    }
    OGRLayer *layer =
        source.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(source.layer.c_str());
    if (!layer) {
        std::string names;
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            names += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
        }
        throw Error(ErrorKind::input, path + ": no layer '" + source.layer + "' (named by " +
                                          source.context + " layer); the layers are: " + names);
    }
    out.source = source.layer.empty() ? path : path + ":" + source.layer;
    std::string crs_json;
    if (const OGRSpatialReference *srs = layer->GetSpatialRef()) {
        char *text = nullptr;
        if (srs->exportToPROJJSON(&text, nullptr) == OGRERR_NONE && text) {
            crs_json = text;
        }
        CPLFree(text);
    }
    on_crs(crs_json, out.source);

    const OGRFeatureDefn *defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        out.real_fields.push_back(defn->GetFieldDefn(i)->GetType() == OFTReal);
    }
    layer->ResetReading();
    for (auto &feature : *layer) {
        const long long fid = feature->GetFID();
        std::vector<std::string> row(out.fields.size());
        std::vector<bool> nulls(out.fields.size(), false);
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feature->IsFieldSetAndNotNull(i)) {
                nulls[static_cast<std::size_t>(i)] = true;
                continue;
            }
            if (out.real_fields[static_cast<std::size_t>(i)]) {
                // 17 significant digits give the double back exactly; the reader prints it.
                row[static_cast<std::size_t>(i)] =
                    CPLSPrintf("%.17g", feature->GetFieldAsDouble(i));
            } else {
                row[static_cast<std::size_t>(i)] = feature->GetFieldAsString(i);
            }
        }
        const OGRGeometry *geom = feature->GetGeometryRef();
        if (kind == GeometryKind::polygons) {
            if (source.max_vertices && geom) {
                const std::size_t n = vertex_count(geom);
                if (n > source.max_vertices) {
                    throw Error(ErrorKind::data,
                                out.source + ": feature " + std::to_string(fid) + " has " +
                                    std::to_string(n) + " vertices, more than the " +
                                    std::to_string(source.max_vertices) + " of " + source.context +
                                    " max_vertices; simplify the layer (ogr2ogr -simplify 5) "
                                    "or raise max_vertices");
                }
            }
            MultiPolygon polygons;
            if (!collect_polygons(geom, polygons)) {
                throw Error(ErrorKind::data, out.source + ": feature " + std::to_string(fid) +
                                                 " is a " + type_name(geom) + ", not a polygon; " +
                                                 source.context + " needs a polygon layer");
            }
            out.polygons.push_back(std::move(polygons));
        } else if (kind == GeometryKind::lines) {
            std::vector<std::vector<XY>> parts;
            if (geom && !geom->IsEmpty()) {
                const auto type = wkbFlatten(geom->getGeometryType());
                auto add = [&](const OGRLineString *ls) {
                    std::vector<XY> line;
                    line.reserve(static_cast<std::size_t>(ls->getNumPoints()));
                    for (int k = 0; k < ls->getNumPoints(); ++k) {
                        line.push_back({ls->getX(k), ls->getY(k)});
                    }
                    parts.push_back(std::move(line));
                };
                if (type == wkbLineString) {
                    add(geom->toLineString());
                } else if (type == wkbMultiLineString) {
                    for (const auto *ls : *geom->toMultiLineString()) {
                        add(ls);
                    }
                } else {
                    throw Error(ErrorKind::data, out.source + ": feature " + std::to_string(fid) +
                                                     " is a " + type_name(geom) + ", not a line; " +
                                                     source.context + " needs road lines");
                }
            }
            out.lines.push_back(std::move(parts));
        } else {
            std::optional<XY> p;
            if (geom && !geom->IsEmpty()) {
                if (wkbFlatten(geom->getGeometryType()) != wkbPoint) {
                    throw Error(ErrorKind::data, out.source + ": feature " + std::to_string(fid) +
                                                     " is a " + type_name(geom) +
                                                     ", not a point; " + source.context +
                                                     " needs points");
                }
                p = XY{geom->toPoint()->getX(), geom->toPoint()->getY()};
            }
            out.points.push_back(p);
        }
        out.values.push_back(std::move(row));
        out.is_null.push_back(std::move(nulls));
        out.fids.push_back(fid);
    }
}

[[noreturn]] void gpkg_fail(const std::filesystem::path &path, const std::string &what) {
    throw Error(ErrorKind::computation, path.string() + ": cannot write the GeoPackage (" + what +
                                            "): " + CPLGetLastErrorMsg() +
                                            "; check free disk space and write permission");
}

OGRFieldType ogr_type(model::FieldType t) {
    switch (t) {
    case model::FieldType::integer:
        return OFTInteger64;
    case model::FieldType::real:
        return OFTReal;
    default:
        return OFTString;
    }
}

std::unique_ptr<OGRGeometry> to_ogr(const MultiPolygon &mp) {
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const auto &polygon : mp) {
        OGRPolygon p;
        for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
            OGRLinearRing ring;
            const auto &src = polygon.rings[r];
            ring.setNumPoints(static_cast<int>(src.size()), FALSE);
            for (std::size_t i = 0; i < src.size(); ++i) {
                ring.setPoint(static_cast<int>(i), src[i].x, src[i].y);
            }
            p.addRing(&ring);
        }
        out->addGeometry(&p);
    }
    return out;
}

void write_geopackage(const std::filesystem::path &path,
                      const std::vector<const model::Layer *> &layers,
                      const std::string &crs_definition, const std::string &crs_json) {
    ensure_gdal();
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) {
        throw Error(ErrorKind::internal, "GDAL was built without the GPKG driver");
    }
    OGRSpatialReference srs;
    const std::string &crs_text = crs_definition.empty() ? crs_json : crs_definition;
    if (srs.SetFromUserInput(crs_text.c_str()) != OGRERR_NONE) {
        throw Error(ErrorKind::internal,
                    path.string() + ": GDAL cannot read the CRS '" + crs_text.substr(0, 80) + "'");
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLErrorReset();
    // GDAL stamps gpkg_contents.last_change with the clock unless told otherwise; a fixed
    // stamp keeps the file byte-identical across runs of the same study.
    struct DateOption {
        DateOption() {
            CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
        }
        ~DateOption() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
        DateOption(const DateOption &) = delete;
        DateOption &operator=(const DateOption &) = delete;
    } date_option;
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        gpkg_fail(path, "create");
    }
    for (const model::Layer *layer : layers) {
        const OGRwkbGeometryType gtype =
            layer->geometry == model::GeometryType::polygons ? wkbMultiPolygon
            : layer->geometry == model::GeometryType::points ? wkbPoint
            : layer->geometry == model::GeometryType::lines  ? wkbLineString
                                                             : wkbNone;
        // gpkg_contents.description: where the columns are explained.
        const bool styles = layer->name == "layer_styles";
        const std::string description =
            layer->name == "dictionary"
                ? "hublo data dictionary: every column of the other layers, its type, unit, "
                  "meaning, source"
            : styles ? "QGIS styles of the layers (QML), the default one applied on opening"
                     : "hublo layer " + layer->name +
                           ": what each column holds is in the dictionary table (layer = '" +
                           layer->name + "')";
        const std::string option = "DESCRIPTION=" + description;
        // QGIS's own layer_styles tables key their rows by "id".
        const char *options[] = {option.c_str(), styles ? "FID=id" : nullptr, nullptr};
        OGRLayer *ol = ds->CreateLayer(layer->name.c_str(), gtype == wkbNone ? nullptr : &srs,
                                       gtype, const_cast<char **>(options));
        if (!ol) {
            gpkg_fail(path, "layer " + layer->name);
        }
        for (const auto &f : layer->fields) {
            // QGIS's layer_styles table dates its styles (a fixed date, given as text).
            OGRFieldDefn def(f.name.c_str(),
                             styles && f.name == "update_time" ? OFTDateTime : ogr_type(f.type));
            if (ol->CreateField(&def) != OGRERR_NONE) {
                gpkg_fail(path, "field " + f.name);
            }
        }
        if (ds->StartTransaction() != OGRERR_NONE) {
            gpkg_fail(path, "transaction");
        }
        const std::size_t n = layer->size();
        for (std::size_t i = 0; i < n; ++i) {
            OGRFeature feature(ol->GetLayerDefn());
            for (std::size_t k = 0; k < layer->fields.size(); ++k) {
                const auto &v = layer->fields[k].values[i];
                const int idx = static_cast<int>(k);
                if (const auto *s = std::get_if<std::string>(&v)) {
                    feature.SetField(idx, s->c_str());
                } else if (const auto *iv = std::get_if<std::int64_t>(&v)) {
                    feature.SetField(idx, static_cast<GIntBig>(*iv));
                } else if (const auto *d = std::get_if<double>(&v); d && std::isfinite(*d)) {
                    feature.SetField(idx, *d);
                } else {
                    feature.SetFieldNull(idx);
                }
            }
            if (gtype == wkbMultiPolygon) {
                feature.SetGeometryDirectly(to_ogr(layer->polygons[i]).release());
            } else if (gtype == wkbPoint) {
                feature.SetGeometryDirectly(new OGRPoint(layer->points[i].x, layer->points[i].y));
            } else if (gtype == wkbLineString && layer->lines[i].size() >= 2) {
                auto *line = new OGRLineString();
                for (const auto &p : layer->lines[i]) {
                    line->addPoint(p.x, p.y);
                }
                feature.SetGeometryDirectly(line);
            }
            if (ol->CreateFeature(&feature) != OGRERR_NONE) {
                gpkg_fail(path, "feature " + std::to_string(i) + " of " + layer->name);
            }
        }
        if (ds->CommitTransaction() != OGRERR_NONE) {
            gpkg_fail(path, "commit");
        }
    }
    ds.reset();
    // GDAL reports write errors at close too.
    if (CPLGetLastErrorType() >= CE_Failure) {
        gpkg_fail(path, "close");
    }
}

const Api kApi{&read, &write_geopackage};

} // namespace

} // namespace hublo::io::gdal

extern "C" __attribute__((visibility("default"))) const hublo::io::gdal::Api *
hublo_gdal_module_api(int version) {
    return version == hublo::io::gdal::kApiVersion ? &hublo::io::gdal::kApi : nullptr;
}
