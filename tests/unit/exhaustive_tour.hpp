// The reference for the travelling-service tests: the best plan of a small instance, by
// trying every set of stops for every day. Held-Karp (1962) gives each set of stops its
// shortest tour from the depot and back; the days then take disjoint feasible sets, and
// the value is the weight of the union of their reach. Stops up to about 12, days up to 3.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hublo::test {

struct SmallTour {
    std::size_t stops = 0;                         ///< candidate stops 1..stops; 0 is the depot
    std::vector<std::vector<double>> drive;        ///< (stops + 1)^2 seconds
    std::vector<std::vector<std::uint32_t>> reach; ///< per site (the depot's row unused)
    std::vector<double> weight;
    double stop_s = 0, day_s = 0;
    std::size_t days = 1;
};

/// The shortest depot-to-depot seconds of every set of stops (bit j: stop j + 1).
inline std::vector<double> held_karp(const SmallTour &t) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::size_t n = t.stops, full = std::size_t{1} << n;
    std::vector<std::vector<double>> dp(full, std::vector<double>(n, inf));
    for (std::size_t j = 0; j < n; ++j) {
        dp[std::size_t{1} << j][j] = t.drive[0][j + 1] + t.stop_s;
    }
    for (std::size_t mask = 1; mask < full; ++mask) {
        for (std::size_t j = 0; j < n; ++j) {
            if (!(mask >> j & 1) || dp[mask][j] == inf) {
                continue;
            }
            for (std::size_t k = 0; k < n; ++k) {
                if (mask >> k & 1) {
                    continue;
                }
                const auto next = mask | std::size_t{1} << k;
                dp[next][k] = std::min(dp[next][k], dp[mask][j] + t.drive[j + 1][k + 1] + t.stop_s);
            }
        }
    }
    std::vector<double> best(full, inf);
    best[0] = 0;
    for (std::size_t mask = 1; mask < full; ++mask) {
        for (std::size_t j = 0; j < n; ++j) {
            if (mask >> j & 1) {
                best[mask] = std::min(best[mask], dp[mask][j] + t.drive[j + 1][0]);
            }
        }
    }
    return best;
}

/// The most weight any plan of `days` disjoint feasible days reaches.
inline double exhaustive_tour(const SmallTour &t) {
    const std::size_t n = t.stops, full = std::size_t{1} << n;
    const auto secs = held_karp(t);
    std::vector<double> value(full, 0.0);
    for (std::size_t mask = 0; mask < full; ++mask) {
        std::vector<std::uint8_t> seen(t.weight.size(), 0);
        for (std::size_t j = 0; j < n; ++j) {
            if (mask >> j & 1) {
                for (const auto p : t.reach[j + 1]) {
                    if (!seen[p]) {
                        seen[p] = 1;
                        value[mask] += t.weight[p];
                    }
                }
            }
        }
    }
    // Sets of stops reachable with d days: start from {0}, add one feasible day at a time.
    std::vector<std::uint8_t> can(full, 0), next(full, 0);
    can[0] = 1;
    for (std::size_t d = 0; d < t.days; ++d) {
        next = can;
        for (std::size_t used = 0; used < full; ++used) {
            if (!can[used]) {
                continue;
            }
            const std::size_t rest = (full - 1) & ~used;
            for (std::size_t m = rest; m; m = (m - 1) & rest) {
                if (secs[m] <= t.day_s) {
                    next[used | m] = 1;
                }
            }
        }
        can.swap(next);
    }
    double best = 0;
    for (std::size_t mask = 0; mask < full; ++mask) {
        if (can[mask]) {
            best = std::max(best, value[mask]);
        }
    }
    return best;
}

} // namespace hublo::test
