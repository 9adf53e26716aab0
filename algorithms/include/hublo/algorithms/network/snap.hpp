// Points on the network: snapping to the nearest point of an edge, and travel times between
// points (places, people) through the graph.
//
// A point snaps to the nearest point of the nearest road segment (not the nearest node),
// within a maximum distance; the gap between the point and the road is an off-network leg
// at a stated speed. A snapped point splits its segment's travel time in proportion to
// the position along it. Points beyond the maximum distance are not snapped: the caller
// counts them as unreachable.
#pragma once

#include "hublo/algorithms/network/graph.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace hublo::algorithms::network {

inline constexpr std::uint32_t kNoSegment = ~std::uint32_t{0};

/// Where a point meets the network.
struct Snap {
    std::uint32_t segment = kNoSegment; ///< kNoSegment: nothing within the maximum distance
    double t = 0.0;                     ///< position along the segment, 0 at a(), 1 at b()
    double offroad_m = 0.0;             ///< distance from the point to the road
    [[nodiscard]] bool snapped() const { return segment != kNoSegment; }
};

/// The undirected road segments of a graph (one per pair of nodes joined by an edge in either
/// direction), in an R-tree. Segments whose edges are all flagged kNoSnap (motorways: one
/// joins them only at their exits) are not snap targets. Immutable once built: queries are
/// thread-safe.
class SegmentIndex {
public:
    explicit SegmentIndex(const Graph &graph);
    ~SegmentIndex();
    SegmentIndex(SegmentIndex &&) noexcept;

    [[nodiscard]] std::size_t size() const { return a_.size(); }
    [[nodiscard]] NodeId a(std::uint32_t s) const { return a_[s]; }
    [[nodiscard]] NodeId b(std::uint32_t s) const { return b_[s]; }
    /// The directed edges along the segment, or kNoEdge where the road is one-way.
    [[nodiscard]] EdgeId ab(std::uint32_t s) const { return ab_[s]; }
    [[nodiscard]] EdgeId ba(std::uint32_t s) const { return ba_[s]; }
    /// The segments that have `node` as an end, in increasing order.
    [[nodiscard]] std::span<const std::uint32_t> at(NodeId node) const {
        return {incident_.data() + first_incident_[node],
                incident_.data() + first_incident_[node + 1]};
    }

    /// The nearest point on the network within max_distance_m (ties: the lowest segment).
    [[nodiscard]] Snap snap(geometry::XY p, double max_distance_m) const;

private:
    struct Tree;
    const Graph *graph_;
    std::vector<NodeId> a_, b_;
    std::vector<EdgeId> ab_, ba_;
    std::vector<std::uint32_t> first_incident_, incident_; // CSR: node -> segments
    std::unique_ptr<Tree> tree_;
};

/// Off-network legs: distance over speed.
struct OffroadParameters {
    double speed_kmh = 4.5;     ///< 4.5 km/h: walking to the road
    double max_snap_m = 2000.0; ///< points further from any road are unreachable
    /// Throws std::invalid_argument naming the bad field.
    void validate() const;
    [[nodiscard]] double seconds(double metres) const { return metres / (speed_kmh / 3.6); }
};

/// Seeds of a search for "time to reach this place": the segment's end nodes, each with the
/// time from the node along the segment to the place plus the place's off-network leg.
/// One-way segments give one seed. An unsnapped place gives none.
void append_place_seeds(const Graph &graph, const SegmentIndex &segments, const Snap &place,
                        const OffroadParameters &offroad, std::uint32_t source,
                        std::vector<Seed> &seeds);

/// Time from a point to the nearest place given the node times of a reverse search from the
/// places (`to_place`): off-network leg, then along the segment to one of its end nodes,
/// then the node's time; or directly along the segment to a place snapped on the same
/// segment. Returns {kUnreached, kNoSource} for an unsnapped point.
struct PointTime {
    double time_s = kUnreached;
    std::uint32_t source = kNoSource;
};

/// Places grouped by segment, for the direct same-segment case.
class PlacesOnSegments {
public:
    PlacesOnSegments(std::size_t segment_count, std::span<const Snap> places);
    struct Entry {
        double t;
        double offroad_m;
        std::uint32_t source;
    };
    [[nodiscard]] std::span<const Entry> on(std::uint32_t segment) const;

private:
    std::vector<std::uint32_t> first_;
    std::vector<Entry> entries_;
};

PointTime time_to_nearest(const Graph &graph, const SegmentIndex &segments,
                          std::span<const double> node_time,
                          std::span<const std::uint32_t> node_source,
                          const PlacesOnSegments &places, const Snap &point,
                          const OffroadParameters &offroad);

} // namespace hublo::algorithms::network
