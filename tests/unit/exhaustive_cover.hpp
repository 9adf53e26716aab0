// The reference for the siting tests: the best cover of k candidates, by trying every
// subset (small instances only: 2^candidates subsets).
#pragma once

#include "hublo/algorithms/network/catchments.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hublo::test {

inline double exhaustive_cover(const algorithms::network::CatchmentTimes &reach,
                               const std::vector<double> &demand,
                               const std::vector<std::uint8_t> &covered, std::size_t k) {
    const std::size_t n = reach.places();
    double best = 0;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        if (static_cast<std::size_t>(__builtin_popcount(mask)) != k) {
            continue;
        }
        std::vector<std::uint8_t> c = covered;
        for (std::size_t j = 0; j < n; ++j) {
            if (mask & (1u << j)) {
                for (const auto i : reach.of(j)) {
                    c[i] = 1;
                }
            }
        }
        double v = 0;
        for (std::size_t i = 0; i < demand.size(); ++i) {
            v += c[i] ? demand[i] : 0.0;
        }
        best = std::max(best, v);
    }
    return best;
}

/// The best cover by candidates whose costs sum to at most `budget`.
inline double exhaustive_budget_cover(const algorithms::network::CatchmentTimes &reach,
                                      const std::vector<double> &demand,
                                      const std::vector<std::uint8_t> &covered,
                                      const std::vector<double> &cost, double budget) {
    const std::size_t n = reach.places();
    double best = 0;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        double spent = 0;
        std::vector<std::uint8_t> c = covered;
        for (std::size_t j = 0; j < n; ++j) {
            if (mask & (1u << j)) {
                spent += cost[j];
                for (const auto i : reach.of(j)) {
                    c[i] = 1;
                }
            }
        }
        if (spent > budget) {
            continue;
        }
        double v = 0;
        for (std::size_t i = 0; i < demand.size(); ++i) {
            v += c[i] ? demand[i] : 0.0;
        }
        best = std::max(best, v);
    }
    return best;
}

} // namespace hublo::test
