// Road networks from files: any road-lines layer through OGR, or OpenStreetMap .osm.pbf
// through libosmium, built into a Graph in the study CRS and restricted to its largest
// strongly connected component.
#pragma once

#include "hublo/algorithms/network/graph.hpp"
#include "io/crs.hpp"
#include "study/config.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hublo::network {

struct RoadNetwork {
    algorithms::network::Graph graph; ///< the largest strongly connected component
    algorithms::network::ComponentReport components;
    std::string source;
    std::size_t input_nodes = 0; ///< junctions and shape points before the component filter
    std::size_t input_edges = 0; ///< directed edges before the filter (after merging parallels)
    double length_km = 0.0;      ///< of the kept graph, each road counted once per direction
    /// Counts that explain the graph: ways or features accepted, skipped and why.
    std::map<std::string, std::size_t> counts;
    /// OSM only: the OSM id of each node of the kept graph.
    std::vector<std::int64_t> osm_node_id;
};

/// Sets net.graph from the graph a loader built: its largest strongly connected component,
/// renumbered along a Hilbert curve; net.components.new_id maps input nodes to final ids.
void keep_routable_graph(RoadNetwork &net, const algorithms::network::Graph &full);

/// A layer of road lines: a class attribute mapped to speeds (or a speed attribute), an
/// optional one-way attribute, a sinuosity factor; junctions are shared vertices within
/// `junction_tolerance_m`, never mere crossings. Throws hublo::Error on a missing field, an
/// unknown class (naming the feature and the fix) or a layer with no usable road.
RoadNetwork load_road_lines(const study::NetworkConfig &config, const io::Crs &crs);

/// An OpenStreetMap extract with the `car`, `bike` or `walk` profile: highway classes and
/// their speeds, maxspeed, oneway (yes, -1, implied by motorways and roundabouts),
/// access/motor_vehicle/bicycle/foot restrictions. Throws hublo::Error when the file holds
/// no road for the profile.
RoadNetwork load_osm(const study::NetworkConfig &config, const io::Crs &crs);

/// Either of the above, as `config.format` says.
RoadNetwork load_network(const study::NetworkConfig &config, const io::Crs &crs);

} // namespace hublo::network
