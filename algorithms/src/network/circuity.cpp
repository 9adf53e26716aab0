#include "hublo/algorithms/network/circuity.hpp"

#include "hublo/algorithms/network/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace hublo::algorithms::network {

namespace {
/// The graph with each edge's length as its "time": shortest paths by distance.
Graph by_length(const Graph &g) {
    std::vector<EdgeInput> edges;
    edges.reserve(g.edge_count());
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        edges.push_back({g.tail(e), g.head(e), g.length_m(e), g.length_m(e), g.flags(e)});
    }
    return Graph(std::vector<geometry::XY>(g.node_xy().begin(), g.node_xy().end()), edges);
}

double straight(const Graph &g, NodeId a, NodeId b) {
    return std::hypot(g.xy(a).x - g.xy(b).x, g.xy(a).y - g.xy(b).y);
}

/// Quantile by linear interpolation between closest ranks (numpy's default).
double quantile(std::vector<double> v, double q) {
    if (v.empty()) {
        return 0.0;
    }
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

/// A uniform index in [0, n) from the generator: the same on every platform (std's
/// distributions are not specified bit for bit).
std::size_t uniform(std::mt19937_64 &rng, std::size_t n) {
    return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n));
}
} // namespace

DistancePairs random_pairs(const Graph &graph, const CircuityParameters &p) {
    DistancePairs out;
    if (graph.node_count() < 2) {
        return out;
    }
    const Graph g = by_length(graph);
    std::mt19937_64 rng(p.seed);
    for (std::size_t o = 0; o < p.origins; ++o) {
        const auto origin = static_cast<NodeId>(uniform(rng, g.node_count()));
        const Seed seed{origin, 0.0, 0};
        const auto r = nearest_seeds(g, std::span<const Seed>(&seed, 1), Direction::forward);
        std::vector<NodeId> far_enough;
        for (NodeId n = 0; n < g.node_count(); ++n) {
            if (r.time_s[n] < kUnreached && straight(g, origin, n) >= p.min_straight_m) {
                far_enough.push_back(n);
            }
        }
        for (std::size_t k = 0; k < p.per_origin && !far_enough.empty(); ++k) {
            const NodeId d = far_enough[uniform(rng, far_enough.size())];
            out.straight_m.push_back(straight(g, origin, d));
            out.network_m.push_back(r.time_s[d]);
        }
    }
    return out;
}

DistancePairs pairs_to_targets(const Graph &graph, std::span<const NodeId> targets,
                               const CircuityParameters &p) {
    DistancePairs out;
    if (targets.empty() || graph.node_count() == 0) {
        return out;
    }
    const Graph g = by_length(graph);
    std::vector<Seed> seeds;
    for (std::uint32_t k = 0; k < targets.size(); ++k) {
        if (targets[k] >= g.node_count()) {
            throw std::invalid_argument("pairs_to_targets: target node out of range");
        }
        seeds.push_back({targets[k], 0.0, k});
    }
    // Distance from every node to its nearest target along the network (against the edges).
    const auto r = nearest_seeds(g, seeds, Direction::reverse);
    std::mt19937_64 rng(p.seed);
    const std::size_t wanted = p.origins * p.per_origin;
    for (std::size_t tries = 0; out.network_m.size() < wanted && tries < wanted * 20; ++tries) {
        const auto home = static_cast<NodeId>(uniform(rng, g.node_count()));
        if (!(r.time_s[home] < kUnreached)) {
            continue;
        }
        const double s = straight(g, home, targets[r.source[home]]);
        if (s < p.min_straight_m) {
            continue;
        }
        out.straight_m.push_back(s);
        out.network_m.push_back(r.time_s[home]);
    }
    return out;
}

CircuityStats circuity_stats(const DistancePairs &pairs, double factor) {
    CircuityStats s;
    s.pairs = pairs.network_m.size();
    if (s.pairs == 0) {
        return s;
    }
    std::vector<double> ratio(s.pairs);
    double sum = 0;
    for (std::size_t i = 0; i < s.pairs; ++i) {
        ratio[i] = pairs.network_m[i] / pairs.straight_m[i];
        sum += ratio[i];
    }
    s.median = quantile(ratio, 0.5);
    s.mean = sum / static_cast<double>(s.pairs);
    s.p10 = quantile(ratio, 0.1);
    s.p90 = quantile(ratio, 0.9);
    s.straight_median_m = quantile(pairs.straight_m, 0.5);
    const double f = factor > 0 ? factor : s.median;
    std::vector<double> rel(s.pairs), abs_m(s.pairs);
    for (std::size_t i = 0; i < s.pairs; ++i) {
        abs_m[i] = std::fabs(pairs.straight_m[i] * f - pairs.network_m[i]);
        rel[i] = abs_m[i] / pairs.network_m[i];
    }
    s.error_median = quantile(rel, 0.5);
    s.error_p90 = quantile(rel, 0.9);
    s.error_median_m = quantile(abs_m, 0.5);
    s.error_p90_m = quantile(abs_m, 0.9);
    return s;
}

} // namespace hublo::algorithms::network
