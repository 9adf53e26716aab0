#include "hublo/algorithms/isochrone/last_leg.hpp"

#include "hublo/algorithms/network/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hublo::algorithms::isochrone {

std::vector<std::uint32_t> label_nodes(std::span<const geometry::MultiPolygon> areas,
                                       std::size_t cols, std::size_t rows, double x0, double y0,
                                       double cell) {
    std::vector<std::uint32_t> label(cols * rows, kNoArea);
    std::vector<double> crossings;
    for (std::uint32_t a = 0; a < areas.size(); ++a) {
        for (const auto &polygon : areas[a]) {
            if (polygon.rings.empty()) {
                continue;
            }
            const auto box = geometry::bounds(polygon.rings[0]);
            if (box.empty()) {
                continue;
            }
            const auto r0 = std::max(0L, static_cast<long>(std::ceil((box.min_y - y0) / cell)));
            const auto r1 = std::min(static_cast<long>(rows) - 1,
                                     static_cast<long>(std::floor((box.max_y - y0) / cell)));
            for (long r = r0; r <= r1; ++r) {
                const double y = y0 + static_cast<double>(r) * cell;
                crossings.clear();
                for (const auto &ring : polygon.rings) {
                    for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
                        const auto &p = ring[k];
                        const auto &q = ring[k + 1];
                        // Half-open in y, so a vertex on the line is crossed once.
                        if ((p.y <= y) != (q.y <= y)) {
                            crossings.push_back(p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x));
                        }
                    }
                }
                std::sort(crossings.begin(), crossings.end());
                auto *row = label.data() + static_cast<std::size_t>(r) * cols;
                for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
                    const auto c0 =
                        std::max(0L, static_cast<long>(std::ceil((crossings[k] - x0) / cell)));
                    const auto c1 =
                        std::min(static_cast<long>(cols) - 1,
                                 static_cast<long>(std::floor((crossings[k + 1] - x0) / cell)));
                    for (long c = c0; c <= c1; ++c) {
                        if (row[c] == kNoArea) {
                            row[c] = a;
                        }
                    }
                }
            }
        }
    }
    return label;
}

void carry_last_leg(std::span<double> surface, std::span<const std::uint32_t> label,
                    std::size_t cols, std::size_t rows, double cell, double seconds_per_m) {
    if (surface.size() != cols * rows || label.size() != surface.size()) {
        return;
    }
    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::vector<double> t(surface.begin(), surface.end());
    for (auto &v : t) {
        if (!(v < network::kUnreached)) {
            v = kInf;
        }
    }
    // The forward half of the 5x5 chamfer mask (rows above, and the node to the left); the
    // backward sweep uses the opposite steps.
    struct Step {
        int dr, dc;
        double cost;
    };
    const double s1 = cell * seconds_per_m, s2 = std::sqrt(2.0) * s1, s5 = std::sqrt(5.0) * s1;
    const Step forward[] = {{0, -1, s1},  {-1, 0, s1}, {-1, -1, s2}, {-1, 1, s2},
                            {-1, -2, s5}, {-1, 2, s5}, {-2, -1, s5}, {-2, 1, s5}};
    const auto R = static_cast<long>(rows), C = static_cast<long>(cols);
    auto relax = [&](long r, long c, int sign) {
        double &v = t[static_cast<std::size_t>(r * C + c)];
        for (const auto &s : forward) {
            const long rr = r + sign * s.dr, cc = c + sign * s.dc;
            if (rr >= 0 && rr < R && cc >= 0 && cc < C) {
                v = std::min(v, t[static_cast<std::size_t>(rr * C + cc)] + s.cost);
            }
        }
    };
    for (int round = 0; round < 2; ++round) { // a second round: paths bending back
        for (long r = 0; r < R; ++r) {
            for (long c = 0; c < C; ++c) {
                relax(r, c, 1);
            }
        }
        for (long r = R - 1; r >= 0; --r) {
            for (long c = C - 1; c >= 0; --c) {
                relax(r, c, -1);
            }
        }
    }
    for (std::size_t i = 0; i < surface.size(); ++i) {
        if (label[i] != kNoArea && t[i] < surface[i] && t[i] < kInf) {
            surface[i] = t[i];
        }
    }
}

} // namespace hublo::algorithms::isochrone
