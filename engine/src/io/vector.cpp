#include "io/vector.hpp"

#include "hublo/error.hpp"
#include "io/csv.hpp"
#include "io/gdal_module.hpp"
#include "io/geojson_reader.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <span>

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
        if (!file_crs.empty() && !file_crs.same_as(given)) {
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
    // GDAL reads the layer in its own CRS (checked as soon as the layer is open); hublo
    // reprojects it, as for its own reader.
    gdal::RawLayer raw;
    Crs file_crs;
    gdal::module().read(
        source, kind,
        [&](const std::string &crs_json, const std::string &name) {
            file_crs = resolve_crs(Crs::from_text(crs_json, name), source, name);
        },
        raw);
    VectorLayer out;
    out.source = std::move(raw.source);
    out.source_crs = file_crs.name();
    std::optional<Transformer> to_study;
    if (!file_crs.same_as(study_crs)) {
        to_study.emplace(file_crs, study_crs);
    }
    const std::size_t n = raw.fids.size();
    auto feature_failed = [&](std::size_t i) {
        return Error(ErrorKind::data, out.source + ": feature " + std::to_string(raw.fids[i]) +
                                          " cannot be transformed from " + file_crs.name() +
                                          " to " + study_crs.name() + "; check the declared CRS");
    };
    if (kind == GeometryKind::polygons) {
        if (to_study) {
            // Every vertex in one call, as for hublo's own reader; on failure, the feature.
            try {
                to_study->apply(std::span<MultiPolygon>(raw.polygons));
            } catch (const Error &) {
                for (std::size_t i = 0; i < n; ++i) {
                    try {
                        to_study->apply(raw.polygons[i]);
                    } catch (const Error &) {
                        throw feature_failed(i);
                    }
                }
                throw;
            }
        }
        for (auto &raw_polygons : raw.polygons) {
            MultiPolygon mp;
            for (auto &polygon : raw_polygons) {
                for (auto &ring : polygon.rings) {
                    algorithms::geometry::remove_repeated_points(ring);
                }
                add_polygon(std::move(polygon.rings), mp, out.degenerate_rings);
            }
            out.polygons.push_back(std::move(mp));
        }
    }
    // Lines and points feature by feature, naming the one that cannot be transformed.
    for (std::size_t i = 0; i < n && to_study && kind != GeometryKind::polygons; ++i) {
        try {
            if (kind == GeometryKind::lines) {
                for (auto &part : raw.lines[i]) {
                    to_study->apply(std::span<XY>(part));
                }
            } else if (raw.points[i]) {
                *raw.points[i] = to_study->apply(*raw.points[i]);
            }
        } catch (const Error &) {
            throw feature_failed(i);
        }
    }
    out.lines = std::move(raw.lines);
    out.points = std::move(raw.points);
    // Reals in hublo's shortest exact form, as its own reader gives them.
    for (auto &row : raw.values) {
        for (std::size_t f = 0; f < raw.real_fields.size(); ++f) {
            if (raw.real_fields[f] && !row[f].empty()) {
                row[f] = shortest_double_text(std::strtod(row[f].c_str(), nullptr));
            }
        }
    }
    out.fields = std::move(raw.fields);
    out.values = std::move(raw.values);
    out.is_null = std::move(raw.is_null);
    out.fids = std::move(raw.fids);
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
    if (!file_crs.same_as(study_crs)) {
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
