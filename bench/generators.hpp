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
