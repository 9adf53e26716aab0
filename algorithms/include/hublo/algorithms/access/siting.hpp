// Siting new places: greedy maximal covering with lazy evaluation (the "CELF" rule of
// Leskovec et al. 2007). Each pick is the candidate that newly covers the most demand not
// yet within reach of a place; existing places are fixed (their coverage is given).
//
// Coverage is submodular, so the greedy picks reach at least 1 - 1/e of the optimum
// (Nemhauser, Wolsey & Fisher 1978). The lazy evaluation keeps each candidate's last gain
// as an upper bound in a priority queue and re-evaluates only the top one; with ties broken
// by the lowest candidate index in both, lazy and plain greedy pick the same candidates.
#pragma once

#include "hublo/algorithms/network/catchments.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::access {

struct SitingResult {
    std::vector<std::uint32_t> picks; ///< candidate indices, in the order picked
    std::vector<double> gain;         ///< demand newly covered by each pick
    std::vector<double> covered;      ///< demand covered after each pick (cumulative)
    double covered_before = 0.0;      ///< demand covered by the existing places
    double total = 0.0;               ///< all demand
    std::size_t evaluations = 0;      ///< gains computed (lazy: far fewer than k x candidates)
};

/// `reach`: per candidate, the demand points within the time limit. `demand` per point
/// (NaN counts as 0); `covered` per point: already within reach of an existing place.
/// Picks min(k, candidates) candidates, stopping early only when no candidate gains
/// anything. Throws std::invalid_argument when k exceeds the number of candidates, or
/// sizes mismatch.
SitingResult greedy_cover(const network::CatchmentTimes &reach, std::span<const double> demand,
                          std::span<const std::uint8_t> covered, std::size_t k, bool lazy = true);

/// With a budget: each candidate costs `cost[c]` (> 0, e.g. help-hours a week) and the picks
/// may cost `budget` in all (and be at most `max_picks`). Greedy by demand newly covered per
/// unit of cost among the candidates that still fit, then, as Khuller, Moss & Naor (1999)
/// do, the best single candidate that fits alone if it covers more than all the picks: at
/// least (1 - 1/e) / 2 of the optimum. Ties go to the lowest index. Throws
/// std::invalid_argument on sizes that mismatch, a cost that is not above 0, or a negative
/// budget.
SitingResult budgeted_cover(const network::CatchmentTimes &reach, std::span<const double> demand,
                            std::span<const std::uint8_t> covered, std::span<const double> cost,
                            double budget, std::size_t max_picks);

} // namespace hublo::algorithms::access
