// Synthetic inputs for the benchmarks, reproducible (fixed seeds).
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace hublo::bench {

/// An n x n grid of square "communes" of `side` metres, each with `vertices_per_side`
/// vertices per edge (real communes have tens to hundreds of vertices).
inline std::vector<algorithms::geometry::MultiPolygon> square_grid(int n, double side,
                                                                   int vertices_per_side) {
    std::vector<algorithms::geometry::MultiPolygon> out;
    out.reserve(static_cast<std::size_t>(n) * n);
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            const double x0 = i * side, y0 = j * side;
            algorithms::geometry::Ring ring;
            const int k = vertices_per_side;
            for (int s = 0; s < k; ++s)
                ring.push_back({x0 + side * s / k, y0});
            for (int s = 0; s < k; ++s)
                ring.push_back({x0 + side, y0 + side * s / k});
            for (int s = 0; s < k; ++s)
                ring.push_back({x0 + side - side * s / k, y0 + side});
            for (int s = 0; s < k; ++s)
                ring.push_back({x0, y0 + side - side * s / k});
            ring.push_back(ring.front());
            out.push_back({algorithms::geometry::Polygon{{ring}}});
        }
    }
    return out;
}

/// n random points in a square of `extent` metres.
inline std::vector<algorithms::geometry::XY> random_points(std::size_t n, double extent,
                                                           unsigned seed = 7) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, extent);
    std::vector<algorithms::geometry::XY> out(n);
    for (auto &p : out) {
        p = {u(rng), u(rng)};
    }
    return out;
}

/// Place-like names: `distinct` different names reused across n places.
inline std::vector<std::string> names(std::size_t n, std::size_t distinct, unsigned seed = 11) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, distinct - 1);
    std::vector<std::string> out(n);
    for (auto &s : out) {
        s = "MAIRIE " + std::to_string(pick(rng));
    }
    return out;
}

} // namespace hublo::bench

#include "hublo/algorithms/network/graph.hpp"

namespace hublo::bench {

/// A side x side grid road graph, 100 m between junctions, two-way edges with speeds varying
/// from 30 to 90 km/h (deterministic), the shape of a dense street network.
inline algorithms::network::Graph grid_graph(std::uint32_t side) {
    std::vector<algorithms::geometry::XY> xy;
    xy.reserve(static_cast<std::size_t>(side) * side);
    for (std::uint32_t j = 0; j < side; ++j) {
        for (std::uint32_t i = 0; i < side; ++i) {
            xy.push_back({i * 100.0, j * 100.0});
        }
    }
    std::vector<algorithms::network::EdgeInput> edges;
    edges.reserve(static_cast<std::size_t>(side) * side * 4);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> speed(30.0, 90.0);
    auto add = [&](std::uint32_t a, std::uint32_t b) {
        const double t = 100.0 / (speed(rng) / 3.6);
        edges.push_back({a, b, 100.0, t});
        edges.push_back({b, a, 100.0, t});
    };
    for (std::uint32_t j = 0; j < side; ++j) {
        for (std::uint32_t i = 0; i < side; ++i) {
            const std::uint32_t v = j * side + i;
            if (i + 1 < side) {
                add(v, v + 1);
            }
            if (j + 1 < side) {
                add(v, v + side);
            }
        }
    }
    return algorithms::network::Graph(std::move(xy), edges);
}

} // namespace hublo::bench
