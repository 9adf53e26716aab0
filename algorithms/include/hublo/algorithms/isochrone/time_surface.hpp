// A time surface: for every node of a raster, the least time of reaching it from the places
// of a forward search: the time along the network to a point of a road segment, plus the
// off-road leg from that point to the raster node at the off-road speed, up to a maximum
// off-road distance. Computed from the per-node times, exactly (the best point of each
// segment is found in closed form, not sampled), not by routing to every node.
#pragma once

#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/network/snap.hpp"

#include <span>
#include <vector>

namespace hublo::algorithms::isochrone {

struct SurfaceParameters {
    double x0 = 0.0, y0 = 0.0; ///< the first raster node (study CRS, metres)
    std::size_t cols = 0, rows = 0;
    double cell_m = 100.0;
    double offroad_speed_kmh = 4.5;
    double max_offroad_m = 500.0;
    double limit_s = network::kUnreached; ///< segments whose ends are beyond it are skipped
    /// forward: node_time is the time from the places (isochrones of places); reverse: the
    /// time to the nearest place (coverage: how long from each raster node to a place).
    network::Direction direction = network::Direction::forward;
    /// Throws std::invalid_argument naming the bad field.
    void validate() const;
};

/// Node values in seconds (kUnreached where no road is within the off-road distance).
/// `node_time` is a forward search's result: the time from the places to each graph node.
std::vector<double> time_surface(const network::Graph &graph, const network::SegmentIndex &segments,
                                 std::span<const double> node_time,
                                 const SurfaceParameters &parameters);

/// The least time to reach point p from the places through one segment: along the segment
/// to its best point, then off-road in a straight line (kUnreached when the segment cannot be
/// entered or p is further than max_offroad_m).
double time_via_segment(const network::Graph &graph, const network::SegmentIndex &segments,
                        std::uint32_t segment, std::span<const double> node_time, geometry::XY p,
                        double offroad_mps, double max_offroad_m,
                        network::Direction direction = network::Direction::forward);

} // namespace hublo::algorithms::isochrone
