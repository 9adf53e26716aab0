#include "hublo/error.hpp"
#include "network/network.hpp"
#include "network/osm_profiles.hpp"
#include "network/osm_read.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hublo::network {

using algorithms::geometry::XY;
using algorithms::network::EdgeInput;
using algorithms::network::NodeId;

namespace {
class WayCollector : public osmium::handler::Handler {
public:
    WayCollector(Profile profile, RoadNetwork &net, std::vector<std::string> no_snap_classes)
        : profile_(profile), net_(net), no_snap_classes_(std::move(no_snap_classes)) {}

    void way(const osmium::Way &way) {
        const auto &tags = way.tags();
        if (!tags.has_key("highway")) {
            return;
        }
        ++net_.counts["highway_ways"];
        const WayRule rule = way_rule(profile_, [&tags](const char *k) { return tags[k]; });
        if (!rule.usable) {
            ++net_.counts["skipped_" + rule.reason];
            return;
        }
        ++net_.counts["ways_used"];
        if (!rule.forward || !rule.backward) {
            ++net_.counts["ways_oneway"];
        }
        const double mps = rule.speed_kmh / 3.6;
        const std::uint8_t no_snap = std::find(no_snap_classes_.begin(), no_snap_classes_.end(),
                                               tags["highway"]) != no_snap_classes_.end()
                                         ? algorithms::network::kNoSnap
                                         : std::uint8_t{0};
        NodeId prev = algorithms::network::kNoNode;
        for (const auto &ref : way.nodes()) {
            if (!ref.location().valid()) {
                ++net_.counts["node_refs_without_location"];
                prev = algorithms::network::kNoNode;
                continue;
            }
            auto [it, inserted] = node_of_.emplace(ref.positive_ref(), 0);
            if (inserted) {
                it->second = static_cast<NodeId>(lonlat.size());
                lonlat.push_back({ref.location().lon(), ref.location().lat()});
                osm_ids.push_back(ref.positive_ref());
            }
            const NodeId n = it->second;
            if (prev != algorithms::network::kNoNode && prev != n) {
                pending.push_back({prev, n, mps, rule.forward, rule.backward, no_snap});
                ++net_.counts["segments"];
            }
            prev = n;
        }
    }

    struct Pending {
        NodeId a, b;
        double mps;
        bool forward, backward;
        std::uint8_t flags;
    };
    std::vector<XY> lonlat;
    std::vector<std::int64_t> osm_ids;
    std::vector<Pending> pending;

private:
    Profile profile_;
    RoadNetwork &net_;
    std::vector<std::string> no_snap_classes_;
    std::unordered_map<osmium::unsigned_object_id_type, NodeId> node_of_;
};
} // namespace

RoadNetwork load_osm(const NetworkSettings &config, const io::Crs &crs) {
    const std::string path = config.source.path.string();
    std::error_code ec;
    if (!std::filesystem::exists(config.source.path, ec)) {
        throw Error(ErrorKind::input, path + ": file not found (named by [network] path); check "
                                             "the path, relative to the study file");
    }
    RoadNetwork net;
    net.source = path;
    const Profile profile = parse_profile(config.profile);
    WayCollector collector(profile, net, config.no_snap_classes);
    read_osm(path, collector, "; [network] format = \"osm\" needs an .osm.pbf file");
    if (collector.pending.empty()) {
        throw Error(ErrorKind::data, path + ": no road for the " + config.profile +
                                         " profile in this extract; check the file or choose "
                                         "another [network] profile");
    }
    // Project every node once, then build the edges with lengths in the study CRS.
    std::vector<XY> xy = collector.lonlat;
    const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "OSM"), crs);
    to_study.apply(std::span<XY>(xy));
    std::vector<EdgeInput> edges;
    edges.reserve(collector.pending.size() * 2);
    for (const auto &p : collector.pending) {
        const double len = std::hypot(xy[p.b].x - xy[p.a].x, xy[p.b].y - xy[p.a].y);
        if (p.forward) {
            edges.push_back({p.a, p.b, len, len / p.mps, p.flags});
        }
        if (p.backward) {
            edges.push_back({p.b, p.a, len, len / p.mps, p.flags});
        }
    }
    net.counts["directed_edges_before_merge"] = edges.size();
    keep_routable_graph(net, algorithms::network::Graph(std::move(xy), edges));
    net.osm_node_id.resize(net.graph.node_count());
    for (std::size_t old = 0; old < net.components.new_id.size(); ++old) {
        if (net.components.new_id[old] != algorithms::network::kNoNode) {
            net.osm_node_id[net.components.new_id[old]] = collector.osm_ids[old];
        }
    }
    for (std::size_t e = 0; e < net.graph.edge_count(); ++e) {
        net.length_km += net.graph.length_m(static_cast<algorithms::network::EdgeId>(e));
    }
    net.length_km /= 1000.0;
    return net;
}

} // namespace hublo::network
