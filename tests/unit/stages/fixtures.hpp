// Small inputs for the stage tests, drawn here:
//
//   six 1 km squares of communes in Lambert-93, side by side along a straight road
//
//   y = 6700500 +------+------+------+------+------+------+
//               |37001 |37002 |37003 |37004 |37005 |37006 |
//   y = 6700000 o======o======o======o======o======o======o   road: 1 km edges, 60 km/h
//               |      |      |      |      |      |      |   (60 s each, both ways)
//   y = 6699500 +------+------+------+------+------+------+
//             x=500000                                   506000
//
// Each commune's point on surface is its centre, on the road: the demand point of commune
// k (from 0) is 1000 k m of road from commune 0's centre, 60 k seconds at 60 km/h.
#pragma once

#include "hublo/algorithms/network/graph.hpp"
#include "io/crs.hpp"
#include "model/areas.hpp"
#include "network/network.hpp"
#include "stages/context.hpp"
#include "stages/network.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace hublo::test {

inline constexpr double kX0 = 500000.0, kY0 = 6700000.0;

inline algorithms::geometry::MultiPolygon square(double x0, double y0, double x1, double y1) {
    algorithms::geometry::Polygon p;
    p.rings.push_back({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
    return {p};
}

/// `n` communes 37001... as drawn above, in EPSG:2154.
inline model::AreaSet row_of_communes(std::size_t n = 6) {
    model::AreaSet a;
    a.id = "communes";
    a.label = "Communes";
    for (std::size_t k = 0; k < n; ++k) {
        const double x = kX0 + 1000.0 * static_cast<double>(k);
        a.add("3700" + std::to_string(k + 1), "Commune " + std::to_string(k + 1));
        a.geoms.push_back(square(x, kY0 - 500, x + 1000, kY0 + 500));
        a.geometry_origin.emplace_back("layer");
    }
    return a;
}

/// The road of the drawing: nodes every km from x = 500000 to 500000 + 1000 n, 60 km/h.
inline std::unique_ptr<stages::LoadedNetwork> straight_road(std::size_t n = 6) {
    std::vector<algorithms::geometry::XY> nodes;
    std::vector<algorithms::network::EdgeInput> edges;
    for (std::size_t k = 0; k <= n; ++k) {
        nodes.push_back({kX0 + 1000.0 * static_cast<double>(k), kY0});
        if (k > 0) {
            const auto a = static_cast<algorithms::network::NodeId>(k - 1);
            const auto b = static_cast<algorithms::network::NodeId>(k);
            edges.push_back({a, b, 1000.0, 60.0, 0});
            edges.push_back({b, a, 1000.0, 60.0, 0});
        }
    }
    network::RoadNetwork net;
    network::keep_routable_graph(net, algorithms::network::Graph(nodes, edges));
    return std::make_unique<stages::LoadedNetwork>(std::move(net));
}

inline stages::StageContext lambert93_context(unsigned threads = 1) {
    return stages::StageContext(io::Crs::from_user("EPSG:2154", "test"), threads);
}

/// A file in a fresh temporary folder, with `text` in it.
inline std::filesystem::path temp_file(const std::string &name, const std::string &text) {
    const auto dir = std::filesystem::temp_directory_path() / "hublo-stage-tests";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

/// The issue of that kind in the log, or nullptr.
inline const Issue *issue(const core::IssueLog &log, const std::string &kind) {
    for (const auto &i : log.issues()) {
        if (i.kind == kind) {
            return &i;
        }
    }
    return nullptr;
}

} // namespace hublo::test
