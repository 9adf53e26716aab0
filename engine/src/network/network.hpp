// Road networks from files: any road-lines layer through OGR, or OpenStreetMap .osm.pbf
// through libosmium, built into a Graph in the study CRS and restricted to its largest
// strongly connected component.
#pragma once

#include "hublo/algorithms/network/graph.hpp"
#include "io/crs.hpp"
#include "io/vector.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hublo::network {

/// A road network and the model of travel on and off it (the study file's [network]).
struct NetworkSettings {
    bool enabled = false;
    std::string format = "lines"; ///< "lines": any road-lines layer through OGR; "osm": .osm.pbf
    io::VectorSource source;      ///< the file (its layer and crs for "lines")
    std::string profile = "car";  ///< osm: car | bike | walk
    std::string class_field;      ///< lines: road class attribute, mapped by speeds_kmh
    std::vector<std::pair<std::string, double>> speeds_kmh;
    std::string speed_field;  ///< lines: a speed attribute in km/h instead of classes
    std::string oneway_field; ///< lines: yes/1/true/F = digitised direction only, -1/T = reverse
    double sinuosity = 1.0;   ///< length factor for roads drawn as straight segments
    double junction_tolerance_m = 1.0; ///< vertices closer than this are one junction
    double offroad_speed_kmh = 4.5;    ///< the leg between a point and the road
    double max_snap_m = 2000.0;        ///< points further from any road are unreachable
    /// Road classes that points cannot join directly (only through their junctions).
    std::vector<std::string> no_snap_classes = {"motorway", "motorway_link"};
};

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
RoadNetwork load_road_lines(const NetworkSettings &config, const io::Crs &crs);

/// An OpenStreetMap extract with the `car`, `bike` or `walk` profile: highway classes and
/// their speeds, maxspeed, oneway (yes, -1, implied by motorways and roundabouts),
/// access/motor_vehicle/bicycle/foot restrictions. Throws hublo::Error when the file holds
/// no road for the profile.
RoadNetwork load_osm(const NetworkSettings &config, const io::Crs &crs);

/// Either of the above, as `config.format` says.
RoadNetwork load_network(const NetworkSettings &config, const io::Crs &crs);

} // namespace hublo::network
