// hublo's own reader of GeoJSON FeatureCollections, the common form of its polygon, point and
// road inputs. simdjson parses the file into a compact tape (no tree of heap objects, as the
// json-c tree GDAL's driver builds), and the features are read off the tape.
//
// It reads exactly what GDAL's GeoJSON driver would give read_vector, or declines: anything
// it does not reproduce bit for bit is left to GDAL, which then reads the file (or reports
// its error). Declined: invalid JSON, members other than type, name, features, properties,
// geometry and coordinates (a "crs", feature ids, bbox, foreign members), properties that are
// objects, arrays or booleans, a field holding both text and numbers, text GDAL would read as
// a date or time, two keys differing only in case, integers beyond 64 bits, a third coordinate,
// unclosed rings, empty geometries, MultiPoint and GeometryCollection, a geometry of the wrong
// kind, more vertices than max_vertices. The comparison of both readers is tested
// (tests/engine/test_geojson_reader.cpp) and fuzzed (fuzz/fuzz_geojson_reader.cpp).
#pragma once

#include "hublo/algorithms/geometry.hpp"
#include "io/vector.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hublo::io {

/// Features as the file gives them, before reprojection: coordinates in the file's lon/lat.
struct GeoJsonFeatures {
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> values; ///< per feature, per field; null -> ""
    std::vector<std::vector<bool>> is_null;
    /// Every position of every geometry, in file order.
    std::vector<algorithms::geometry::XY> coords;
    /// A run of positions in `coords`: a ring, a line or a point.
    struct Part {
        std::uint64_t begin = 0, end = 0;
    };
    /// A range [first, first + count) of parts or of groups.
    struct Group {
        std::uint64_t first = 0, count = 0;
    };
    std::vector<Part> parts;
    /// A polygon (its rings, shell first), a line (one part) or a point (one part).
    std::vector<Group> groups;
    /// Per feature, its groups: none for a null geometry.
    std::vector<Group> features;
};

/// Parses `text` (a whole GeoJSON file) for features of `kind`; nullopt when GDAL must read it.
std::optional<GeoJsonFeatures> parse_geojson(std::string_view text, GeometryKind kind,
                                             std::size_t max_vertices);

} // namespace hublo::io
