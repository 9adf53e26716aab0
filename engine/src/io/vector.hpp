// Reading vector layers (GeoJSON by hublo; GeoPackage, Shapefile, FlatGeobuf... by GDAL),
// reprojected once into the study CRS.
#pragma once

#include "hublo/algorithms/geometry.hpp"
#include "io/crs.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hublo::io {

struct VectorSource {
    std::filesystem::path path;
    std::string layer;   ///< "" = the first layer
    std::string crs;     ///< CRS to assume when the file has none; "" = the file must have one
    std::string context; ///< what names the file in messages, e.g. "[communes]"
    /// Polygons with more vertices than this are refused (memory bound); 0: no limit.
    std::size_t max_vertices = 0;
};

enum class GeometryKind { polygons, points, lines };

/// Attributes as text (codes keep their leading zeros) and geometries in the study CRS.
struct VectorLayer {
    std::string source;     ///< "path" or "path:layer"
    std::string source_crs; ///< the CRS the file declared (or was given)
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> values; ///< per feature, per field; null -> ""
    std::vector<std::vector<bool>> is_null;
    std::vector<algorithms::geometry::MultiPolygon> polygons;    ///< GeometryKind::polygons
    std::vector<std::optional<algorithms::geometry::XY>> points; ///< GeometryKind::points
    /// GeometryKind::lines: per feature, its parts (a MultiLineString has several).
    std::vector<std::vector<std::vector<algorithms::geometry::XY>>> lines;
    std::vector<long long> fids;
    std::size_t degenerate_rings = 0; ///< rings of fewer than 4 distinct positions, dropped

    [[nodiscard]] std::size_t size() const { return values.size(); }
    [[nodiscard]] std::optional<std::size_t> field(const std::string &name) const;
    /// Field index; throws Error (input) naming the file, the field, the setting and the closest.
    [[nodiscard]] std::size_t require_field(const std::string &name,
                                            const std::string &setting) const;
    /// As require_field, but an empty name (an optional setting left out) gives nullopt.
    [[nodiscard]] std::optional<std::size_t> optional_field(const std::string &name,
                                                            const std::string &setting) const {
        if (name.empty()) {
            return std::nullopt;
        }
        return require_field(name, setting);
    }
};

/// Reads every feature. Throws Error naming the file on: missing file, unreadable format,
/// missing layer, no CRS (when none is given), no feature, or a geometry of the wrong kind.
/// Features with an empty geometry are kept with an empty geometry; the caller reports them.
/// A GeoJSON FeatureCollection is read by hublo's own reader (io/geojson_reader.hpp, ~10x
/// faster) when it gives exactly GDAL's layer, else through GDAL.
VectorLayer read_vector(const VectorSource &source, const Crs &study_crs, GeometryKind kind);

namespace detail {
/// read_vector through GDAL only (after the file checks), for tests comparing both readers.
VectorLayer read_vector_gdal(const VectorSource &source, const Crs &study_crs, GeometryKind kind);
/// hublo's own GeoJSON reader only (io/geojson_reader.hpp): nullopt when the file is not
/// GeoJSON by its name, or when it needs GDAL.
std::optional<VectorLayer> read_geojson_fast(const VectorSource &source, const Crs &study_crs,
                                             GeometryKind kind);
} // namespace detail

} // namespace hublo::io
