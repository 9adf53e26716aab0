// Points of interest of an OSM extract: the nodes and ways tagged amenity=<one of values>,
// as WGS84 points (a way by the mean of its nodes), and the mean location of all its nodes
// (to choose a local metric CRS).
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hublo::network {

struct OsmPoints {
    std::vector<algorithms::geometry::XY> lonlat;  ///< the amenities found
    std::vector<algorithms::geometry::XY> centres; ///< place=town|village|hamlet|suburb|
                                                   ///< neighbourhood nodes
    algorithms::geometry::XY mean_lonlat{};        ///< of every node of the extract
    std::size_t nodes = 0;
};

/// Throws Error (input) when the file is missing, (data) when it is not an OSM PBF.
OsmPoints read_osm_amenities(const std::filesystem::path &path,
                             const std::vector<std::string> &values);

} // namespace hublo::network
