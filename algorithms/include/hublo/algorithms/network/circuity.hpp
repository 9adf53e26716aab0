// Circuity: how much longer the way along a street network is than the straight line, the
// factor that turns crow-flies distances into travel times where a study has no streets for a
// mode (walking, cycling on the numbered roads only). Measured on pairs of random nodes, and
// from random nodes ("homes") to given destinations ("places"), with the error of the
// approximation "straight line x the median factor" against the true network distances.
#pragma once

#include "hublo/algorithms/network/graph.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::network {

struct CircuityParameters {
    std::size_t origins = 200;     ///< random origin nodes (one search each)
    std::size_t per_origin = 10;   ///< random destinations per origin
    double min_straight_m = 200.0; ///< shorter pairs are left out (a ratio near 0/0)
    std::uint64_t seed = 1;        ///< the same seed gives the same pairs
};

/// The distribution of network / straight-line distance, and the error of the approximation.
struct CircuityStats {
    std::size_t pairs = 0;
    double median = 0, mean = 0, p10 = 0, p90 = 0; ///< of the ratio
    /// |straight x factor - network| / network, with factor the median ratio above (or the
    /// one given to circuity_error).
    double error_median = 0, error_p90 = 0;
    /// The same in metres, to turn into minutes at a speed.
    double error_median_m = 0, error_p90_m = 0;
    double straight_median_m = 0;
};

/// A sample of pairs: straight-line and shortest network distance (metres, by edge length).
struct DistancePairs {
    std::vector<double> straight_m, network_m;
};

/// Random node pairs of a strongly connected graph: `origins` random origins, each with
/// `per_origin` random destinations among the nodes it reaches at least min_straight_m away.
DistancePairs random_pairs(const Graph &graph, const CircuityParameters &p);

/// From random origins to the nearest of `targets` (node ids) along the network, with the
/// straight line to that same target: the home-to-place case.
DistancePairs pairs_to_targets(const Graph &graph, std::span<const NodeId> targets,
                               const CircuityParameters &p);

/// The statistics of a sample; `factor` <= 0: use the sample's median ratio.
CircuityStats circuity_stats(const DistancePairs &pairs, double factor = 0.0);

} // namespace hublo::algorithms::network
