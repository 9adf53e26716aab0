#include "io/vector.hpp"

#include "hublo/hublo.hpp"
#include "io/csv.hpp"
#include "io/geojson_reader.hpp"
#include "io/text.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace hublo::io {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::Polygon;
using algorithms::geometry::Ring;
using algorithms::geometry::XY;

std::optional<std::size_t> VectorLayer::field(const std::string &name) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t VectorLayer::require_field(const std::string &name, const std::string &setting) const {
    if (auto f = field(name)) {
        return *f;
    }
    std::string msg = source + ": no field '" + name + "' (named by " + setting + ")";
    const auto near = closest(name, fields);
    if (!near.empty()) {
        msg += "; did you mean '" + near + "'?";
    } else {
        msg += "; the fields are:";
        for (std::size_t i = 0; i < fields.size() && i < 12; ++i) {
            msg += (i ? ", " : " ") + fields[i];
        }
    }
    throw Error(ErrorKind::input, msg);
}

namespace {
struct DatasetCloser {
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};

Ring to_ring(const OGRLinearRing *ring) {
    Ring out;
    if (!ring) {
        return out;
    }
    const int n = ring->getNumPoints();
    out.reserve(static_cast<std::size_t>(n) + 1);
    for (int i = 0; i < n; ++i) {
        out.push_back({ring->getX(i), ring->getY(i)});
    }
    algorithms::geometry::remove_repeated_points(out);
    return out;
}

// Rings of fewer than 4 positions (after removing repeated ones) enclose nothing: they are
// dropped and counted, and a polygon whose shell is dropped goes with its holes.
void add_polygon(std::vector<Ring> rings, MultiPolygon &out, std::size_t &degenerate) {
    if (rings.empty()) {
        return;
    }
    if (rings[0].size() < 4) {
        degenerate += rings.size();
        return;
    }
    Polygon p;
    p.rings.reserve(rings.size());
    p.rings.push_back(std::move(rings[0]));
    for (std::size_t k = 1; k < rings.size(); ++k) {
        if (rings[k].size() < 4) {
            ++degenerate;
        } else {
            p.rings.push_back(std::move(rings[k]));
        }
    }
    out.push_back(std::move(p));
}

void append_polygon(const OGRPolygon *poly, MultiPolygon &out, std::size_t &degenerate) {
    if (!poly || poly->IsEmpty()) {
        return;
    }
    std::vector<Ring> rings;
    rings.push_back(to_ring(poly->getExteriorRing()));
    for (int i = 0; i < poly->getNumInteriorRings(); ++i) {
        rings.push_back(to_ring(poly->getInteriorRing(i)));
    }
    add_polygon(std::move(rings), out, degenerate);
}

// Returns false when the geometry holds something other than polygons.
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

bool collect_polygons(const OGRGeometry *g, MultiPolygon &out, std::size_t &degenerate) {
    if (!g || g->IsEmpty()) {
        return true;
    }
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
        append_polygon(g->toPolygon(), out, degenerate);
        return true;
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        const auto *coll = g->toGeometryCollection();
        for (int i = 0; i < coll->getNumGeometries(); ++i) {
            if (!collect_polygons(coll->getGeometryRef(i), out, degenerate)) {
                return false;
            }
        }
        return true;
    }
    case wkbCurvePolygon:
    case wkbMultiSurface: {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        return collect_polygons(linear.get(), out, degenerate);
    }
    default:
        return false;
    }
}
} // namespace

namespace {
/// The checks both readers share: the file exists, is not empty, a Shapefile has its .dbf.
void check_file(const VectorSource &source) {
    const std::string path = source.path.string();
    std::error_code ec;
    if (!std::filesystem::exists(source.path, ec)) {
        throw Error(ErrorKind::input, path + ": file not found (named by " + source.context +
                                          " path); check the path, relative to the study file");
    }
    if (std::filesystem::is_regular_file(source.path, ec) &&
        std::filesystem::file_size(source.path, ec) == 0) {
        throw Error(ErrorKind::data, path + ": the file is empty (0 bytes; named by " +
                                         source.context + " path); export the layer again");
    }
    // A Shapefile's attributes live in its .dbf: without it, no field can be found.
    if (auto ext = source.path.extension().string(); ext == ".shp" || ext == ".SHP") {
        auto dbf = source.path, upper = source.path;
        dbf.replace_extension(".dbf");
        upper.replace_extension(".DBF");
        if (!std::filesystem::exists(dbf, ec) && !std::filesystem::exists(upper, ec)) {
            throw Error(ErrorKind::data,
                        path + ": the Shapefile has no " + dbf.filename().string() +
                            " beside it (its attributes: codes, names); copy every file of the "
                            "Shapefile (.shp, .shx, .dbf, .prj) into the same folder");
        }
    }
}

/// The CRS to read the file in: the file's own, or the one the study file gives for a file
/// without one (a conflicting declaration is an error).
Crs resolve_crs(Crs file_crs, const VectorSource &source, const std::string &name) {
    if (!source.crs.empty()) {
        Crs given = Crs::from_user(source.crs, name + " (" + source.context + " crs)");
        if (!file_crs.empty() && !file_crs.osr()->IsSame(given.osr())) {
            throw Error(ErrorKind::input, name + ": the file declares " + file_crs.name() +
                                              " but " + source.context + " crs says " + source.crs +
                                              "; remove crs from the study file or fix the file");
        }
        file_crs = std::move(given);
    }
    if (file_crs.empty()) {
        throw Error(ErrorKind::data, name +
                                         ": the layer has no CRS; add crs = "
                                         "\"EPSG:....\" to " +
                                         source.context + " (e.g. \"EPSG:2154\" for Lambert-93)");
    }
    return file_crs;
}

bool is_geojson_name(const std::filesystem::path &path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".geojson" || ext == ".json";
}
} // namespace

namespace detail {

VectorLayer read_vector_gdal(const VectorSource &source, const Crs &study_crs, GeometryKind kind) {
    ensure_gdal();
    const std::string path = source.path.string();
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        // A known extension that GDAL cannot open is a broken file, not a wrong choice.
        static const std::set<std::string> kVectorExtensions = {
            ".geojson", ".json", ".gpkg", ".shp", ".fgb", ".geojsonl", ".geojsons"};
        std::string ext = source.path.extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (kVectorExtensions.count(ext)) {
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

    VectorLayer out;
    out.source = source.layer.empty() ? path : path + ":" + source.layer;
    const Crs file_crs = resolve_crs(Crs::from_osr(layer->GetSpatialRef()), source, out.source);
    out.source_crs = file_crs.name();
    const bool same_crs = file_crs.osr()->IsSame(study_crs.osr());
    std::optional<Transformer> to_study;
    if (!same_crs) {
        to_study.emplace(file_crs, study_crs);
    }

    const OGRFeatureDefn *defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
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
            const auto type = defn->GetFieldDefn(i)->GetType();
            if (type == OFTReal) {
                row[static_cast<std::size_t>(i)] =
                    shortest_double_text(feature->GetFieldAsDouble(i));
            } else {
                row[static_cast<std::size_t>(i)] = feature->GetFieldAsString(i);
            }
        }
        const OGRGeometry *geom = feature->GetGeometryRef();
        std::unique_ptr<OGRGeometry> projected;
        if (geom && to_study) {
            projected.reset(geom->clone());
            if (projected->transform(to_study->ogr()) != OGRERR_NONE) {
                throw Error(ErrorKind::data, out.source + ": feature " + std::to_string(fid) +
                                                 " cannot be transformed from " + file_crs.name() +
                                                 " to " + study_crs.name() +
                                                 "; check the declared CRS");
            }
            geom = projected.get();
        }
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
            MultiPolygon mp;
            if (!collect_polygons(geom, mp, out.degenerate_rings)) {
                throw Error(ErrorKind::data,
                            out.source + ": feature " + std::to_string(fid) + " is a " +
                                std::string(OGRGeometryTypeToName(geom->getGeometryType())) +
                                ", not a polygon; " + source.context + " needs a polygon layer");
            }
            out.polygons.push_back(std::move(mp));
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
                    throw Error(ErrorKind::data,
                                out.source + ": feature " + std::to_string(fid) + " is a " +
                                    std::string(OGRGeometryTypeToName(geom->getGeometryType())) +
                                    ", not a line; " + source.context + " needs road lines");
                }
            }
            out.lines.push_back(std::move(parts));
        } else {
            std::optional<XY> p;
            if (geom && !geom->IsEmpty()) {
                if (wkbFlatten(geom->getGeometryType()) != wkbPoint) {
                    throw Error(ErrorKind::data,
                                out.source + ": feature " + std::to_string(fid) + " is a " +
                                    std::string(OGRGeometryTypeToName(geom->getGeometryType())) +
                                    ", not a point; " + source.context + " needs points");
                }
                p = XY{geom->toPoint()->getX(), geom->toPoint()->getY()};
            }
            out.points.push_back(p);
        }
        out.values.push_back(std::move(row));
        out.is_null.push_back(std::move(nulls));
        out.fids.push_back(fid);
    }
    if (out.values.empty()) {
        throw Error(ErrorKind::data, out.source + ": the layer has no feature; " + source.context +
                                         " must name a layer with data");
    }
    return out;
}

std::optional<VectorLayer> read_geojson_fast(const VectorSource &source, const Crs &study_crs,
                                             GeometryKind kind) {
    if (!source.layer.empty() || !is_geojson_name(source.path)) {
        return std::nullopt;
    }
    auto parsed = parse_geojson(read_file(source.path), kind, source.max_vertices);
    if (!parsed) {
        return std::nullopt;
    }
    VectorLayer out;
    out.source = source.path.string();
    // RFC 7946: GeoJSON is WGS 84 longitude, latitude (a "crs" member was declined).
    const Crs file_crs = resolve_crs(Crs::from_user("EPSG:4326", out.source), source, out.source);
    out.source_crs = file_crs.name();
    if (!file_crs.osr()->IsSame(study_crs.osr())) {
        try {
            const Transformer to_study(file_crs, study_crs);
            if (kind == GeometryKind::polygons) {
                to_study.apply_shared(parsed->coords);
            } else {
                to_study.apply(std::span<XY>(parsed->coords));
            }
        } catch (const Error &) {
            return std::nullopt; // GDAL's path names the feature that cannot be transformed
        }
    }
    out.fields = std::move(parsed->fields);
    out.values = std::move(parsed->values);
    out.is_null = std::move(parsed->is_null);
    const std::size_t n = parsed->features.size();
    out.fids.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.fids[i] = static_cast<long long>(i);
    }
    const auto &coords = parsed->coords;
    auto part = [&](std::uint64_t p) {
        const auto &r = parsed->parts[p];
        return std::vector<XY>(coords.begin() + static_cast<std::ptrdiff_t>(r.begin),
                               coords.begin() + static_cast<std::ptrdiff_t>(r.end));
    };
    for (const auto &f : parsed->features) {
        if (kind == GeometryKind::polygons) {
            MultiPolygon mp;
            for (std::uint64_t g = f.first; g < f.first + f.count; ++g) {
                const auto &group = parsed->groups[g];
                std::vector<Ring> rings;
                rings.reserve(group.count);
                for (std::uint64_t r = group.first; r < group.first + group.count; ++r) {
                    rings.push_back(part(r));
                    algorithms::geometry::remove_repeated_points(rings.back());
                }
                add_polygon(std::move(rings), mp, out.degenerate_rings);
            }
            out.polygons.push_back(std::move(mp));
        } else if (kind == GeometryKind::lines) {
            std::vector<std::vector<XY>> lines;
            for (std::uint64_t g = f.first; g < f.first + f.count; ++g) {
                lines.push_back(part(parsed->groups[g].first));
            }
            out.lines.push_back(std::move(lines));
        } else {
            std::optional<XY> p;
            if (f.count > 0) {
                p = coords[parsed->parts[parsed->groups[f.first].first].begin];
            }
            out.points.push_back(p);
        }
    }
    return out;
}

} // namespace detail

VectorLayer read_vector(const VectorSource &source, const Crs &study_crs, GeometryKind kind) {
    check_file(source);
    if (auto fast = detail::read_geojson_fast(source, study_crs, kind)) {
        return std::move(*fast);
    }
    return detail::read_vector_gdal(source, study_crs, kind);
}

} // namespace hublo::io
