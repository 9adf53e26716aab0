#include "hublo/algorithms/network/shortest_paths.hpp"

#include <stdexcept>

namespace hublo::algorithms::network {

namespace {
constexpr std::uint32_t kNotInHeap = ~std::uint32_t{0};
constexpr std::uint32_t kSettled = kNotInHeap - 1;

/// An indexed 4-ary heap on (time, source) keys, for the multi-source search.
class LabelHeap {
public:
    explicit LabelHeap(std::size_t n) : pos_(n, kNotInHeap) {}
    [[nodiscard]] bool empty() const { return heap_.empty(); }
    [[nodiscard]] bool settled(NodeId v) const { return pos_[v] == kSettled; }

    /// Lowers v's key to (t, s) when that is smaller than its current key.
    void update(NodeId v, double t, std::uint32_t s, std::vector<double> &time,
                std::vector<std::uint32_t> &source) {
        if (pos_[v] == kSettled) {
            return;
        }
        if (pos_[v] != kNotInHeap && !less(t, s, time[v], source[v])) {
            return;
        }
        time[v] = t;
        source[v] = s;
        if (pos_[v] == kNotInHeap) {
            pos_[v] = static_cast<std::uint32_t>(heap_.size());
            heap_.push_back(v);
        }
        sift_up(pos_[v], time, source);
    }

    NodeId pop(const std::vector<double> &time, const std::vector<std::uint32_t> &source) {
        const NodeId top = heap_.front();
        pos_[top] = kSettled;
        const NodeId last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_[0] = last;
            pos_[last] = 0;
            sift_down(0, time, source);
        }
        return top;
    }

private:
    static bool less(double ta, std::uint32_t sa, double tb, std::uint32_t sb) {
        return ta < tb || (ta == tb && sa < sb);
    }
    void sift_up(std::size_t i, const std::vector<double> &t, const std::vector<std::uint32_t> &s) {
        const NodeId v = heap_[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            const NodeId p = heap_[parent];
            if (!less(t[v], s[v], t[p], s[p])) {
                break;
            }
            heap_[i] = p;
            pos_[p] = static_cast<std::uint32_t>(i);
            i = parent;
        }
        heap_[i] = v;
        pos_[v] = static_cast<std::uint32_t>(i);
    }
    void sift_down(std::size_t i, const std::vector<double> &t,
                   const std::vector<std::uint32_t> &s) {
        const NodeId v = heap_[i];
        const std::size_t n = heap_.size();
        for (;;) {
            const std::size_t first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            std::size_t best = first;
            const std::size_t last = std::min(first + 4, n);
            for (std::size_t c = first + 1; c < last; ++c) {
                if (less(t[heap_[c]], s[heap_[c]], t[heap_[best]], s[heap_[best]])) {
                    best = c;
                }
            }
            const NodeId b = heap_[best];
            if (!less(t[b], s[b], t[v], s[v])) {
                break;
            }
            heap_[i] = b;
            pos_[b] = static_cast<std::uint32_t>(i);
            i = best;
        }
        heap_[i] = v;
        pos_[v] = static_cast<std::uint32_t>(i);
    }

    std::vector<std::uint32_t> pos_;
    std::vector<NodeId> heap_;
};
} // namespace

NearestResult nearest_seeds(const Graph &graph, std::span<const Seed> seeds, Direction direction,
                            double limit_s) {
    const auto n = graph.node_count();
    NearestResult r;
    r.time_s.assign(n, kUnreached);
    r.source.assign(n, kNoSource);
    LabelHeap heap(n);
    for (const auto &s : seeds) {
        if (s.node >= n || !(s.time_s >= 0.0)) {
            throw std::invalid_argument("seed on node " + std::to_string(s.node) +
                                        " is out of range or has a negative time");
        }
        if (s.time_s <= limit_s) {
            heap.update(s.node, s.time_s, s.source, r.time_s, r.source);
        }
    }
    const auto first_out = graph.first_out_array();
    const auto head = graph.head_array();
    const auto time = graph.time_array();
    const auto first_in = graph.first_in_array();
    const auto rev = graph.rev_edge_array();
    while (!heap.empty()) {
        const NodeId v = heap.pop(r.time_s, r.source);
        ++r.settled;
        const double tv = r.time_s[v];
        const std::uint32_t sv = r.source[v];
        if (direction == Direction::forward) {
            for (EdgeId e = first_out[v]; e < first_out[v + 1]; ++e) {
                const double t = tv + time[e];
                if (t <= limit_s) {
                    heap.update(head[e], t, sv, r.time_s, r.source);
                }
            }
        } else {
            for (std::uint32_t k = first_in[v]; k < first_in[v + 1]; ++k) {
                const EdgeId e = rev[k];
                const double t = tv + time[e];
                if (t <= limit_s) {
                    heap.update(graph.tail(e), t, sv, r.time_s, r.source);
                }
            }
        }
    }
    return r;
}

BoundedSearch::BoundedSearch(const Graph &graph)
    : graph_(&graph), dist_(graph.node_count(), kUnreached),
      heap_pos_(graph.node_count(), kNotInHeap) {
    heap_.reserve(1024);
    touched_.reserve(1024);
    settled_.reserve(1024);
}

void BoundedSearch::run(std::span<const Seed> seeds, Direction direction, double limit_s) {
    for (const NodeId v : touched_) {
        dist_[v] = kUnreached;
        heap_pos_[v] = kNotInHeap;
    }
    touched_.clear();
    settled_.clear();
    heap_.clear();
    for (const auto &s : seeds) {
        if (s.time_s <= limit_s) {
            push_or_decrease(s.node, s.time_s);
        }
    }
    const auto first_out = graph_->first_out_array();
    const auto head = graph_->head_array();
    const auto time = graph_->time_array();
    const auto first_in = graph_->first_in_array();
    const auto rev = graph_->rev_edge_array();
    while (!heap_.empty()) {
        const NodeId v = pop();
        settled_.push_back(v);
        const double tv = dist_[v];
        if (direction == Direction::forward) {
            for (EdgeId e = first_out[v]; e < first_out[v + 1]; ++e) {
                const double t = tv + time[e];
                if (t <= limit_s) {
                    push_or_decrease(head[e], t);
                }
            }
        } else {
            for (std::uint32_t k = first_in[v]; k < first_in[v + 1]; ++k) {
                const EdgeId e = rev[k];
                const double t = tv + time[e];
                if (t <= limit_s) {
                    push_or_decrease(graph_->tail(e), t);
                }
            }
        }
    }
}

void BoundedSearch::push_or_decrease(NodeId n, double t) {
    if (heap_pos_[n] == kSettled || t >= dist_[n]) {
        return;
    }
    if (dist_[n] == kUnreached) {
        touched_.push_back(n);
    }
    dist_[n] = t;
    if (heap_pos_[n] == kNotInHeap) {
        heap_pos_[n] = static_cast<std::uint32_t>(heap_.size());
        heap_.push_back(n);
    }
    sift_up(heap_pos_[n]);
}

NodeId BoundedSearch::pop() {
    const NodeId top = heap_.front();
    heap_pos_[top] = kSettled;
    const NodeId last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
        heap_[0] = last;
        heap_pos_[last] = 0;
        sift_down(0);
    }
    return top;
}

void BoundedSearch::sift_up(std::size_t i) {
    const NodeId v = heap_[i];
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        const NodeId p = heap_[parent];
        if (!(dist_[v] < dist_[p])) {
            break;
        }
        heap_[i] = p;
        heap_pos_[p] = static_cast<std::uint32_t>(i);
        i = parent;
    }
    heap_[i] = v;
    heap_pos_[v] = static_cast<std::uint32_t>(i);
}

void BoundedSearch::sift_down(std::size_t i) {
    const NodeId v = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) {
            break;
        }
        std::size_t best = first;
        const std::size_t last = std::min(first + 4, n);
        for (std::size_t c = first + 1; c < last; ++c) {
            if (dist_[heap_[c]] < dist_[heap_[best]]) {
                best = c;
            }
        }
        const NodeId b = heap_[best];
        if (!(dist_[b] < dist_[v])) {
            break;
        }
        heap_[i] = b;
        heap_pos_[b] = static_cast<std::uint32_t>(i);
        i = best;
    }
    heap_[i] = v;
    heap_pos_[v] = static_cast<std::uint32_t>(i);
}

} // namespace hublo::algorithms::network
