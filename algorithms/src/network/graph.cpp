#include "hublo/algorithms/network/graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

namespace hublo::algorithms::network {

Graph::Graph(std::vector<geometry::XY> node_xy, std::span<const EdgeInput> edges)
    : node_xy_(std::move(node_xy)) {
    const auto n = node_xy_.size();
    std::vector<EdgeInput> sorted;
    sorted.reserve(edges.size());
    for (const auto &e : edges) {
        if (e.from >= n || e.to >= n) {
            throw std::invalid_argument("edge " + std::to_string(e.from) + "->" +
                                        std::to_string(e.to) + " names a node out of range");
        }
        if (!(e.time_s >= 0.0) || !std::isfinite(e.time_s) || !(e.length_m >= 0.0)) {
            throw std::invalid_argument("edge " + std::to_string(e.from) + "->" +
                                        std::to_string(e.to) +
                                        " has a negative or non-finite time or length");
        }
        if (e.from != e.to) {
            sorted.push_back(e);
        }
    }
    std::sort(sorted.begin(), sorted.end(), [](const EdgeInput &a, const EdgeInput &b) {
        return std::tie(a.from, a.to, a.time_s, a.length_m) <
               std::tie(b.from, b.to, b.time_s, b.length_m);
    });
    sorted.erase(std::unique(sorted.begin(), sorted.end(),
                             [](const EdgeInput &a, const EdgeInput &b) {
                                 return a.from == b.from && a.to == b.to;
                             }),
                 sorted.end());

    const auto m = sorted.size();
    first_out_.assign(n + 1, 0);
    head_.resize(m);
    tail_.resize(m);
    time_s_.resize(m);
    length_m_.resize(m);
    flags_.resize(m);
    for (std::size_t k = 0; k < m; ++k) {
        flags_[k] = sorted[k].flags;
        ++first_out_[sorted[k].from + 1];
        head_[k] = sorted[k].to;
        tail_[k] = sorted[k].from;
        time_s_[k] = sorted[k].time_s;
        length_m_[k] = sorted[k].length_m;
    }
    std::partial_sum(first_out_.begin(), first_out_.end(), first_out_.begin());

    first_in_.assign(n + 1, 0);
    for (std::size_t k = 0; k < m; ++k) {
        ++first_in_[head_[k] + 1];
    }
    std::partial_sum(first_in_.begin(), first_in_.end(), first_in_.begin());
    rev_edge_.resize(m);
    std::vector<std::uint32_t> fill(first_in_.begin(), first_in_.end() - 1);
    for (std::size_t k = 0; k < m; ++k) {
        rev_edge_[fill[head_[k]]++] = static_cast<EdgeId>(k);
    }
    if (m > 0) {
        min_time_s_ = *std::min_element(time_s_.begin(), time_s_.end());
        max_time_s_ = *std::max_element(time_s_.begin(), time_s_.end());
    }
    rev_tail_.resize(m);
    rev_time_.resize(m);
    for (std::size_t k = 0; k < m; ++k) {
        rev_tail_[k] = tail_[rev_edge_[k]];
        rev_time_[k] = time_s_[rev_edge_[k]];
    }
}

EdgeId Graph::find_edge(NodeId from, NodeId to) const {
    const auto begin = head_.begin() + first_out_[from];
    const auto end = head_.begin() + first_out_[from + 1];
    const auto it = std::lower_bound(begin, end, to); // heads are sorted within a node
    return it != end && *it == to ? static_cast<EdgeId>(it - head_.begin()) : kNoEdge;
}

Graph largest_strong_component(const Graph &graph, ComponentReport &report) {
    const auto n = static_cast<NodeId>(graph.node_count());
    std::vector<NodeId> index(n, kNoNode), low(n, 0), component(n, kNoNode);
    std::vector<bool> on_stack(n, false);
    std::vector<NodeId> stack;
    struct Frame {
        NodeId node;
        EdgeId next;
    };
    std::vector<Frame> call;
    NodeId counter = 0, components = 0;

    for (NodeId root = 0; root < n; ++root) {
        if (index[root] != kNoNode) {
            continue;
        }
        call.push_back({root, graph.first_out(root)});
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = true;
        while (!call.empty()) {
            Frame &f = call.back();
            if (f.next < graph.first_out(f.node + 1)) {
                const NodeId w = graph.head(f.next++);
                if (index[w] == kNoNode) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = true;
                    call.push_back({w, graph.first_out(w)});
                } else if (on_stack[w]) {
                    low[f.node] = std::min(low[f.node], index[w]);
                }
                continue;
            }
            const NodeId v = f.node;
            call.pop_back();
            if (!call.empty()) {
                low[call.back().node] = std::min(low[call.back().node], low[v]);
            }
            if (low[v] == index[v]) {
                NodeId w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    component[w] = components;
                } while (w != v);
                ++components;
            }
        }
    }

    std::vector<std::size_t> size(components, 0);
    for (NodeId v = 0; v < n; ++v) {
        ++size[component[v]];
    }
    // Largest; on a tie, the component of the lowest node id.
    NodeId best = kNoNode;
    for (NodeId v = 0; v < n; ++v) {
        if (best == kNoNode || size[component[v]] > size[best]) {
            best = component[v];
        }
    }

    report = ComponentReport{};
    report.components = components;
    report.new_id.assign(n, kNoNode);
    std::vector<geometry::XY> xy;
    for (NodeId v = 0; v < n; ++v) {
        if (component[v] == best) {
            report.new_id[v] = static_cast<NodeId>(xy.size());
            xy.push_back(graph.xy(v));
        }
    }
    std::vector<EdgeInput> edges;
    for (NodeId v = 0; v < n; ++v) {
        for (EdgeId e = graph.first_out(v); e < graph.first_out(v + 1); ++e) {
            const NodeId a = report.new_id[v], b = report.new_id[graph.head(e)];
            if (a != kNoNode && b != kNoNode) {
                edges.push_back({a, b, graph.length_m(e), graph.time_s(e), graph.flags(e)});
            }
        }
    }
    report.kept_nodes = xy.size();
    report.dropped_nodes = n - xy.size();
    report.kept_edges = edges.size();
    report.dropped_edges = graph.edge_count() - edges.size();
    return Graph(std::move(xy), edges);
}

std::uint32_t hilbert_index(std::uint32_t x, std::uint32_t y) {
    // The classic rotate-and-add walk from the largest quadrant down (Hilbert 1891; the
    // iterative form of "xy2d" in Warren's Hacker's Delight, ch. 16).
    std::uint32_t d = 0;
    for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = 0xFFFFu - x;
                y = 0xFFFFu - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

Graph spatially_ordered(const Graph &graph, std::vector<NodeId> &new_id) {
    const std::size_t n = graph.node_count();
    new_id.assign(n, kNoNode);
    if (n == 0) {
        return graph;
    }
    geometry::Box box;
    for (const auto &p : graph.node_xy()) {
        box.expand(p);
    }
    const double scale = 65535.0 / std::max({box.max_x - box.min_x, box.max_y - box.min_y, 1e-9});
    std::vector<std::pair<std::uint32_t, NodeId>> key(n);
    for (NodeId v = 0; v < n; ++v) {
        const auto p = graph.xy(v);
        const auto gx =
            static_cast<std::uint32_t>(std::clamp((p.x - box.min_x) * scale, 0.0, 65535.0));
        const auto gy =
            static_cast<std::uint32_t>(std::clamp((p.y - box.min_y) * scale, 0.0, 65535.0));
        key[v] = {hilbert_index(gx, gy), v};
    }
    std::sort(key.begin(), key.end());
    std::vector<geometry::XY> xy(n);
    for (std::size_t k = 0; k < n; ++k) {
        new_id[key[k].second] = static_cast<NodeId>(k);
        xy[k] = graph.xy(key[k].second);
    }
    std::vector<EdgeInput> edges;
    edges.reserve(graph.edge_count());
    for (std::size_t k = 0; k < n; ++k) {
        const NodeId v = key[k].second;
        for (EdgeId e = graph.first_out(v); e < graph.first_out(v + 1); ++e) {
            edges.push_back({static_cast<NodeId>(k), new_id[graph.head(e)], graph.length_m(e),
                             graph.time_s(e), graph.flags(e)});
        }
    }
    return Graph(std::move(xy), edges);
}

} // namespace hublo::algorithms::network
