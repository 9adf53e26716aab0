// Shortest travel times on a Graph: one multi-source search for "time to the nearest place",
// and bounded searches with reusable buffers for per-place catchments.
//
// Guarantees: exact Dijkstra times (sums of edge times in double precision, in the order of
// the path); ties between sources at the same time go to the lowest source id, so results do
// not depend on the order of the seeds or of the heap. The priority queue is a radix heap
// on the bit patterns of the (non-negative) times. A BoundedSearch reuses its buffers: after
// the first queries have grown them, searches allocate nothing.
#pragma once

#include "hublo/algorithms/network/graph.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

namespace hublo::algorithms::network {

inline constexpr double kUnreached = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t kNoSource = ~std::uint32_t{0};

/// A search start: a node reached at `time_s` already (e.g. the part of an edge between a
/// place and the node), on behalf of source `source`.
struct Seed {
    NodeId node = 0;
    double time_s = 0.0;
    std::uint32_t source = 0;
};

/// forward: times from the seeds along edges; reverse: times to the seeds (against edges),
/// i.e. how long it takes from each node to reach the nearest seed.
enum class Direction { forward, reverse };

struct NearestResult {
    std::vector<double> time_s;        ///< per node; kUnreached when not reached
    std::vector<std::uint32_t> source; ///< per node; kNoSource when not reached
    std::size_t settled = 0;
};

/// One multi-source Dijkstra: every node's time to (or from) its nearest seed, and which.
/// Nodes beyond `limit_s` stay unreached.
NearestResult nearest_seeds(const Graph &graph, std::span<const Seed> seeds, Direction direction,
                            double limit_s = kUnreached);

/// A reusable bounded search: construct one per thread, call run() for each query.
class BoundedSearch {
public:
    explicit BoundedSearch(const Graph &graph);
    ~BoundedSearch();
    BoundedSearch(BoundedSearch &&) noexcept;

    /// Searches from the seeds up to `limit_s` (inclusive). Previous results are cleared in
    /// time proportional to what the previous run touched.
    void run(std::span<const Seed> seeds, Direction direction, double limit_s);

    /// Nodes settled by the last run, in the order they were settled (by time, up to the
    /// width of a bucket, which is narrower than the shortest edge).
    [[nodiscard]] std::span<const NodeId> settled() const { return settled_; }
    /// Time of a node in the last run, or kUnreached.
    [[nodiscard]] double time_s(NodeId n) const { return dist_[n]; }
    /// All node times of the last run (kUnreached, or a value above the limit, elsewhere).
    [[nodiscard]] std::span<const double> times() const { return dist_; }

private:
    struct Queues;
    const Graph *graph_;
    std::vector<double> dist_;
    std::vector<std::uint8_t> settled_flag_;
    std::vector<NodeId> touched_;
    std::vector<NodeId> settled_;
    std::unique_ptr<Queues> queues_;
};

} // namespace hublo::algorithms::network
