// Per-place catchments: which points reach each place within a time limit, computed with one
// bounded search per place, in parallel, with per-thread reusable buffers.
//
// Guarantees: the counts are exact (same travel-time model as time_to_nearest: off-network
// legs, partial segments, same-segment places) and do not depend on the number of threads.
#pragma once

#include "hublo/algorithms/network/snap.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::network {

struct CatchmentParameters {
    double limit_s = 1800.0; ///< 30 minutes
    unsigned threads = 0;    ///< 0: std::thread::hardware_concurrency()
    /// Throws std::invalid_argument naming the bad field.
    void validate() const;
};

struct CatchmentResult {
    /// Per point, the number of places it reaches within the limit.
    std::vector<std::uint32_t> places_within;
    /// Per place, the number of points that reach it within the limit.
    std::vector<std::uint32_t> points_within;
    /// Per place, the sum of the weights of those points (when weights are given).
    std::vector<double> weight_within;
    std::size_t settled = 0; ///< nodes settled over all searches
};

/// Per place, the points that reach it within the limit and their times, as compressed
/// rows: place p's points are point[first[p] .. first[p+1]), in increasing order.
struct CatchmentTimes {
    std::vector<std::uint32_t> first;
    std::vector<std::uint32_t> point;
    std::vector<double> time_s;
    std::size_t settled = 0; ///< nodes settled over all searches
    [[nodiscard]] std::size_t places() const { return first.empty() ? 0 : first.size() - 1; }
    [[nodiscard]] std::span<const std::uint32_t> of(std::size_t place) const {
        return {point.data() + first[place], point.data() + first[place + 1]};
    }
    [[nodiscard]] std::span<const double> times_of(std::size_t place) const {
        return {time_s.data() + first[place], time_s.data() + first[place + 1]};
    }
};

/// The exact times behind catchments(): one bounded reverse search per place.
CatchmentTimes catchment_times(const Graph &graph, const SegmentIndex &segments,
                               std::span<const Snap> places, std::span<const Snap> points,
                               const OffroadParameters &offroad,
                               const CatchmentParameters &parameters);

/// The counts of catchments() from rows already computed; `point_count` points.
CatchmentResult summarise_catchments(const CatchmentTimes &times, std::size_t point_count,
                                     std::span<const double> point_weights = {});

/// `point_weights`, when not empty, gives each point's weight (e.g. people); NaN counts as 0.
CatchmentResult catchments(const Graph &graph, const SegmentIndex &segments,
                           std::span<const Snap> places, std::span<const Snap> points,
                           const OffroadParameters &offroad, const CatchmentParameters &parameters,
                           std::span<const double> point_weights = {});

} // namespace hublo::algorithms::network
