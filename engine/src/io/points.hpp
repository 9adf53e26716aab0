// Points read from a file, in WGS84: a CSV with lon/lat columns (lon, lng, longitude, x /
// lat, latitude, y; optional id or code, name or nom) or a point layer (GeoJSON,
// GeoPackage...). Origins of isochrones, candidate sites.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hublo::io {

struct PointRecord {
    double lon = 0.0, lat = 0.0; ///< WGS84 degrees
    std::string id;              ///< "" when the file has no id column
    std::string name;
};

/// Throws Error naming the file (and line or feature) on missing columns, bad coordinates
/// or no point.
std::vector<PointRecord> read_points_file(const std::filesystem::path &path);

} // namespace hublo::io
