#include "hublo/error.hpp"
#include "io/text.hpp"
#include "io/vector.hpp"
#include "network/network.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hublo::network {

using algorithms::geometry::XY;
using algorithms::network::EdgeInput;
using algorithms::network::NodeId;

namespace {
/// Merges vertices closer than a tolerance into one junction (first come, first kept),
/// with a hash grid of cells as large as the tolerance. Each cell holds the first node put
/// in it and the nodes are chained through `next_`: no allocation per cell.
class JunctionIndex {
public:
    explicit JunctionIndex(double tolerance) : tol_(tolerance), cell_(std::max(tolerance, 1e-6)) {}

    void reserve(std::size_t vertices) {
        cells_.reserve(vertices / 2);
        next_.reserve(vertices / 2);
    }

    NodeId node(XY p, std::vector<XY> &nodes) {
        const auto cx = static_cast<std::int64_t>(std::floor(p.x / cell_));
        const auto cy = static_cast<std::int64_t>(std::floor(p.y / cell_));
        NodeId best = algorithms::network::kNoNode;
        double best_d = tol_;
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                auto it = cells_.find(key(cx + dx, cy + dy));
                if (it == cells_.end()) {
                    continue;
                }
                for (NodeId n = it->second; n != algorithms::network::kNoNode; n = next_[n]) {
                    const double d = std::hypot(nodes[n].x - p.x, nodes[n].y - p.y);
                    if (d <= best_d &&
                        (best == algorithms::network::kNoNode || d < best_d || n < best)) {
                        best = n;
                        best_d = d;
                    }
                }
            }
        }
        if (best != algorithms::network::kNoNode) {
            return best;
        }
        const auto n = static_cast<NodeId>(nodes.size());
        nodes.push_back(p);
        auto [it, inserted] = cells_.try_emplace(key(cx, cy), n);
        next_.push_back(inserted ? algorithms::network::kNoNode : it->second);
        it->second = n;
        return n;
    }

private:
    static std::uint64_t key(std::int64_t x, std::int64_t y) {
        return (static_cast<std::uint64_t>(x) * 0x9E3779B97F4A7C15ull) ^
               static_cast<std::uint64_t>(y);
    }
    double tol_, cell_;
    std::unordered_map<std::uint64_t, NodeId> cells_; ///< cell -> the last node put in it
    std::vector<NodeId> next_;                        ///< node -> the previous one of its cell
};

enum class Oneway { both, forward, backward };

Oneway parse_oneway(std::string_view v) {
    v = io::trim(v);
    if (v == "yes" || v == "1" || v == "true" || v == "True" || v == "Y" || v == "F" || v == "FT") {
        return Oneway::forward;
    }
    if (v == "-1" || v == "reverse" || v == "T" || v == "TF") {
        return Oneway::backward;
    }
    return Oneway::both;
}
} // namespace

void keep_routable_graph(RoadNetwork &net, const algorithms::network::Graph &full) {
    net.input_nodes = full.node_count();
    net.input_edges = full.edge_count();
    net.graph = algorithms::network::largest_strong_component(full, net.components);
    // Nodes close on the ground close in memory: every search below gets faster.
    std::vector<NodeId> order;
    net.graph = algorithms::network::spatially_ordered(net.graph, order);
    for (auto &id : net.components.new_id) {
        if (id != algorithms::network::kNoNode) {
            id = order[id];
        }
    }
}

RoadNetwork load_road_lines(const NetworkSettings &config, const io::Crs &crs) {
    const auto layer = io::read_vector(config.source, crs, io::GeometryKind::lines);
    RoadNetwork net;
    net.source = layer.source;
    const auto c_class = layer.optional_field(config.class_field, "[network] class_field");
    const auto c_speed = layer.optional_field(config.speed_field, "[network] speed_field");
    const auto c_oneway = layer.optional_field(config.oneway_field, "[network] oneway_field");
    std::map<std::string, double> speeds(config.speeds_kmh.begin(), config.speeds_kmh.end());

    std::vector<XY> nodes;
    std::vector<EdgeInput> edges;
    JunctionIndex junctions(config.junction_tolerance_m);
    {
        std::size_t vertices = 0;
        for (const auto &lines : layer.lines) {
            for (const auto &line : lines) {
                vertices += line.size();
            }
        }
        junctions.reserve(vertices);
        nodes.reserve(vertices / 2);
        edges.reserve(2 * vertices);
    }
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const std::string where = layer.source + ": feature " + std::to_string(layer.fids[i]);
        double speed_kmh = 0.0;
        std::uint8_t flags = 0;
        if (c_class) {
            const std::string cls(io::trim(layer.values[i][*c_class]));
            auto it = speeds.find(cls);
            if (it == speeds.end()) {
                std::string known;
                for (const auto &[k, v] : speeds) {
                    known += (known.empty() ? "" : ", ") + k;
                }
                throw Error(ErrorKind::input,
                            where + " has road class '" + cls + "' (" + config.class_field +
                                "), which [network] speeds_kmh does not give; add " +
                                (cls.empty() ? std::string("a speed for it") : cls + " = <km/h>") +
                                " to speeds_kmh (known: " + known + ")");
            }
            speed_kmh = it->second;
            if (std::find(config.no_snap_classes.begin(), config.no_snap_classes.end(), cls) !=
                config.no_snap_classes.end()) {
                flags = algorithms::network::kNoSnap;
            }
        } else {
            bool bad = false;
            const auto v = io::parse_number(layer.values[i][*c_speed], false, &bad);
            if (!v || !(*v > 0.0)) {
                ++net.counts["features_without_speed"];
                continue;
            }
            speed_kmh = *v;
        }
        const Oneway oneway = c_oneway ? parse_oneway(layer.values[i][*c_oneway]) : Oneway::both;
        if (oneway != Oneway::both) {
            ++net.counts["features_oneway"];
        }
        ++net.counts["features_used"];
        const double mps = speed_kmh / 3.6;
        for (const auto &line : layer.lines[i]) {
            NodeId prev = algorithms::network::kNoNode;
            for (const XY p : line) {
                const NodeId n = junctions.node(p, nodes);
                if (prev != algorithms::network::kNoNode && prev != n) {
                    const double len =
                        std::hypot(nodes[n].x - nodes[prev].x, nodes[n].y - nodes[prev].y) *
                        config.sinuosity;
                    if (oneway != Oneway::backward) {
                        edges.push_back({prev, n, len, len / mps, flags});
                    }
                    if (oneway != Oneway::forward) {
                        edges.push_back({n, prev, len, len / mps, flags});
                    }
                }
                prev = n;
            }
        }
    }
    if (edges.empty()) {
        throw Error(ErrorKind::data, layer.source + ": no road segment could be built; check "
                                                    "[network] path and that the layer holds "
                                                    "lines with a speed");
    }
    keep_routable_graph(net, algorithms::network::Graph(std::move(nodes), edges));
    for (std::size_t e = 0; e < net.graph.edge_count(); ++e) {
        net.length_km += net.graph.length_m(static_cast<algorithms::network::EdgeId>(e));
    }
    net.length_km /= 1000.0;
    return net;
}

RoadNetwork load_network(const NetworkSettings &config, const io::Crs &crs) {
    return config.format == "osm" ? load_osm(config, crs) : load_road_lines(config, crs);
}

} // namespace hublo::network
