// A time surface: for every node of a raster, the least time of reaching it from the places
// of a forward search: the time along the network to a point of a road segment, plus the
// off-road leg from that point to the raster node at the off-road speed, up to a maximum
// off-road distance. Computed from the per-node times, exactly (the best point of each
// segment is found in closed form, not sampled), not by routing to every node.
#pragma once

#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
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
    /// Threads for time_surface (0: all cores): each fills its own stripes of rows, so the
    /// raster is the same whatever the number.
    unsigned threads = 1;
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
/// entered or p is further than max_offroad_m). With a `ceiling`, kUnreached also when no
/// time through the segment can be below it (a cheap bound skips the closed form).
double time_via_segment(const network::Graph &graph, const network::SegmentIndex &segments,
                        std::uint32_t segment, std::span<const double> node_time, geometry::XY p,
                        double offroad_mps, double max_offroad_m,
                        network::Direction direction = network::Direction::forward,
                        double ceiling = network::kUnreached);

/// Settings of one origin's isochrone surface.
struct OriginParameters {
    double cell_m = 100.0;
    double offroad_speed_kmh = 4.5;
    double max_offroad_m = 500.0;
    double limit_s = 1800.0; ///< the largest threshold: the search stops there
    /// forward: from the origin (where can one go); reverse: to the origin (who can come).
    network::Direction direction = network::Direction::forward;
    /// Throws std::invalid_argument naming the bad field.
    void validate() const;
};

/// The time surface of one origin (a place, a point): a bounded search from the origin's
/// snapped point, rasterised over the segments at the nodes it reached only (not the whole
/// network), plus the origin's own legs (straight off-road, and along its own segment from
/// the snapped point). The raster's nodes lie on multiples of cell_m, so the rasters of
/// different origins line up; it covers everything within limit_s with an outside border.
/// Holds reusable buffers: one object per thread, many origins.
class OriginSurface {
public:
    OriginSurface(const network::Graph &graph, const network::SegmentIndex &segments);

    /// The raster stays valid until the next call. Throws std::invalid_argument for an
    /// unsnapped origin or bad parameters.
    Raster compute(geometry::XY origin, const network::Snap &snap,
                   const OriginParameters &parameters);

    /// Figures of the last call, for benchmarks.
    [[nodiscard]] std::size_t settled_nodes() const { return search_.settled().size(); }
    [[nodiscard]] std::size_t segments_used() const { return used_.size(); }

private:
    double origin_leg(network::EdgeId e, geometry::XY from, geometry::XY to, double fraction,
                      double leg_s, geometry::XY p, double v, double reach) const;

    const network::Graph *graph_;
    const network::SegmentIndex *segments_;
    network::BoundedSearch search_;
    std::vector<network::Seed> seeds_;
    std::vector<std::uint32_t> stamp_, used_;
    std::uint32_t round_ = 0;
    std::vector<double> values_;
};

} // namespace hublo::algorithms::isochrone
