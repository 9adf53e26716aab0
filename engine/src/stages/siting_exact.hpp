// The siting model solved exactly, to measure the greedy picks' gap: maximal covering with
// the existing places fixed (Church & ReVelle 1974), as a mixed-integer program solved by
// COIN-OR CBC. x_j = 1 when candidate j is opened, y_i the share of demand point i newly
// covered:
//
//   maximise  sum_i d_i y_i
//   subject to  y_i <= sum_{j reaches i} x_j   (each point not covered today)
//               sum_j x_j = k,  x_j in {0, 1},  0 <= y_i <= 1
//
// With a budget (costs c_j, e.g. help-hours a week): sum_j c_j x_j <= budget instead, and
// sum_j x_j <= k when k > 0 (budgeted maximal covering, Khuller, Moss & Naor 1999).
//
// The greedy picks are given to CBC as its first solution, so the result is never worse
// than greedy; `bound` is CBC's best possible value, equal to `covered` when proven optimal.
// Within the time limit the result is the same from run to run (CBC on one thread); a run
// stopped by the limit reports the bound it reached.
#pragma once

#include "hublo/algorithms/network/catchments.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::stages {

struct ExactCover {
    std::vector<std::uint32_t> picks; ///< candidate indices opened, increasing
    double covered = 0.0;             ///< demand covered (today's and the picks'), best found
    double bound = 0.0;               ///< no choice of k covers more than this
    bool optimal = false;             ///< proven within the time limit
    double seconds = 0.0;
    std::size_t variables = 0, constraints = 0;
};

/// `reach`, `demand` and `covered` as algorithms::access::greedy_cover; `start`: the greedy
/// picks (a first solution); `cost` (one per candidate) and `budget`: the budgeted model.
/// Throws Error (computation) when CBC fails.
ExactCover exact_cover(const algorithms::network::CatchmentTimes &reach,
                       std::span<const double> demand, std::span<const std::uint8_t> covered,
                       std::size_t k, double time_limit_s,
                       std::span<const std::uint32_t> start = {}, std::span<const double> cost = {},
                       double budget = 0.0);

} // namespace hublo::stages
