// A compact directed road graph in CSR arrays.
//
// Nodes carry coordinates in the study CRS (metres); each directed edge carries its length
// (metres) and travel time (seconds). Both the forward adjacency (edges leaving a node) and
// the reverse adjacency (edges entering it) are stored, so that "time to the nearest place"
// is one search on the reverse graph. A Graph is immutable once built: concurrent reads are
// safe.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::network {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr NodeId kNoNode = ~NodeId{0};
inline constexpr EdgeId kNoEdge = ~EdgeId{0};

/// Edge flags.
inline constexpr std::uint8_t kNoSnap = 1; ///< points may not join the network here (motorways)

/// An edge as sources give it, before the graph is built.
struct EdgeInput {
    NodeId from = 0;
    NodeId to = 0;
    double length_m = 0.0;
    double time_s = 0.0;
    std::uint8_t flags = 0;
};

class Graph {
public:
    Graph() = default;
    /// Builds the CSR arrays. Self-loops are dropped; among parallel edges from the same
    /// node to the same node only the fastest is kept (ties: the shortest). Throws
    /// std::invalid_argument on a node id out of range or a negative or non-finite time.
    Graph(std::vector<geometry::XY> node_xy, std::span<const EdgeInput> edges);

    [[nodiscard]] std::size_t node_count() const { return node_xy_.size(); }
    [[nodiscard]] std::size_t edge_count() const { return head_.size(); }
    [[nodiscard]] geometry::XY xy(NodeId n) const { return node_xy_[n]; }
    [[nodiscard]] std::span<const geometry::XY> node_xy() const { return node_xy_; }

    /// Forward CSR: the edges leaving n are [first_out(n), first_out(n + 1)).
    [[nodiscard]] EdgeId first_out(NodeId n) const { return first_out_[n]; }
    [[nodiscard]] NodeId head(EdgeId e) const { return head_[e]; }
    [[nodiscard]] NodeId tail(EdgeId e) const { return tail_[e]; }
    [[nodiscard]] double time_s(EdgeId e) const { return time_s_[e]; }
    [[nodiscard]] double length_m(EdgeId e) const { return length_m_[e]; }
    [[nodiscard]] std::uint8_t flags(EdgeId e) const { return flags_[e]; }

    /// Reverse CSR: the edges entering n are rev_edge(k) for k in [first_in(n), first_in(n+1)).
    [[nodiscard]] std::uint32_t first_in(NodeId n) const { return first_in_[n]; }
    [[nodiscard]] EdgeId rev_edge(std::uint32_t k) const { return rev_edge_[k]; }

    /// The shortest and longest edge times (0 for a graph without edges).
    [[nodiscard]] double min_time_s() const { return min_time_s_; }
    [[nodiscard]] double max_time_s() const { return max_time_s_; }

    /// The edge from `from` to `to`, or kNoEdge.
    [[nodiscard]] EdgeId find_edge(NodeId from, NodeId to) const;

    /// Raw arrays, for search kernels and exports.
    [[nodiscard]] std::span<const std::uint32_t> first_out_array() const { return first_out_; }
    [[nodiscard]] std::span<const NodeId> head_array() const { return head_; }
    [[nodiscard]] std::span<const double> time_array() const { return time_s_; }
    [[nodiscard]] std::span<const std::uint32_t> first_in_array() const { return first_in_; }
    [[nodiscard]] std::span<const EdgeId> rev_edge_array() const { return rev_edge_; }
    /// Reverse CSR payload, contiguous for searches against the edges: for k in
    /// [first_in(n), first_in(n + 1)), rev_tail()[k] -> n takes rev_time()[k] seconds.
    [[nodiscard]] std::span<const NodeId> rev_tail_array() const { return rev_tail_; }
    [[nodiscard]] std::span<const double> rev_time_array() const { return rev_time_; }

private:
    std::vector<geometry::XY> node_xy_;
    std::vector<std::uint32_t> first_out_;
    std::vector<NodeId> head_;
    std::vector<NodeId> tail_;
    std::vector<double> time_s_;
    std::vector<double> length_m_;
    std::vector<std::uint8_t> flags_;
    std::vector<std::uint32_t> first_in_;
    std::vector<EdgeId> rev_edge_;
    std::vector<NodeId> rev_tail_;
    std::vector<double> rev_time_;
    double min_time_s_ = 0.0;
    double max_time_s_ = 0.0;
};

/// What restricting a graph to its largest strongly connected component kept and dropped.
struct ComponentReport {
    std::size_t components = 0; ///< strongly connected components of the input
    std::size_t kept_nodes = 0;
    std::size_t dropped_nodes = 0;
    std::size_t kept_edges = 0;
    std::size_t dropped_edges = 0;
    /// For each input node, its id in the kept graph, or kNoNode when dropped.
    std::vector<NodeId> new_id;
};

/// The largest strongly connected component (ties: the one holding the lowest node id), as a
/// new graph with node ids renumbered in increasing order of the old ones. Iterative Tarjan:
/// no recursion, whatever the size.
Graph largest_strong_component(const Graph &graph, ComponentReport &report);

/// The same graph with its nodes renumbered along a Hilbert curve over their bounding box
/// (65 536 steps per side; ties keep the old order), so that nodes close on the ground are
/// close in memory: a bounded search then touches fewer cache lines than in file order.
/// `new_id[old]` receives each node's new id. Times, lengths and flags are those of `graph`.
Graph spatially_ordered(const Graph &graph, std::vector<NodeId> &new_id);

/// The index of a point of a 2^16 × 2^16 grid along the Hilbert curve that fills it.
std::uint32_t hilbert_index(std::uint32_t x, std::uint32_t y);

} // namespace hublo::algorithms::network
