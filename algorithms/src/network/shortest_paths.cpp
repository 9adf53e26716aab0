#include "hublo/algorithms/network/shortest_paths.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <tuple>

namespace hublo::algorithms::network {

namespace {

/// A radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) on non-negative double keys, whose
/// bit patterns order like the values. Keys pushed must not be below the last key popped,
/// which Dijkstra guarantees. Pushes are O(1) and a pop moves each entry down at most 64
/// buckets over its life: far fewer unpredictable branches than a comparison heap. Entries
/// are lazy: a node may be pushed again with a better label, and stale entries are skipped.
class RadixHeap {
public:
    struct Entry {
        std::uint64_t key;
        NodeId node;
        std::uint32_t source;
    };

    RadixHeap() {
        for (auto &b : buckets_) {
            b.reserve(16);
        }
    }

    static std::uint64_t bits(double t) {
        const double positive = t + 0.0; // -0.0 -> +0.0
        std::uint64_t u;
        std::memcpy(&u, &positive, sizeof u);
        return u;
    }
    static double value(std::uint64_t u) {
        double t;
        std::memcpy(&t, &u, sizeof t);
        return t;
    }

    [[nodiscard]] bool empty() const { return size_ == 0; }

    void clear() {
        for (auto &b : buckets_) {
            b.clear();
        }
        size_ = 0;
        last_ = 0;
    }

    void push(std::uint64_t key, NodeId node, std::uint32_t source) {
        buckets_[bucket(key)].push_back({key, node, source});
        ++size_;
    }

    Entry pop() {
        if (buckets_[0].empty()) {
            std::size_t i = 1;
            while (buckets_[i].empty()) {
                ++i;
            }
            auto &from = buckets_[i];
            std::uint64_t lowest = from[0].key;
            for (const auto &e : from) {
                lowest = std::min(lowest, e.key);
            }
            last_ = lowest;
            for (const auto &e : from) {
                buckets_[bucket(e.key)].push_back(e);
            }
            from.clear();
        }
        const Entry e = buckets_[0].back();
        buckets_[0].pop_back();
        --size_;
        return e;
    }

private:
    [[nodiscard]] std::size_t bucket(std::uint64_t key) const {
        const std::uint64_t diff = key ^ last_;
        return diff == 0 ? 0 : 64 - static_cast<std::size_t>(__builtin_clzll(diff));
    }

    std::array<std::vector<Entry>, 65> buckets_;
    std::size_t size_ = 0;
    std::uint64_t last_ = 0;
};
} // namespace

namespace {
struct Label {
    double time;
    std::uint32_t source;
};

template <bool Forward>
void settle_all(const Graph &graph, RadixHeap &heap, std::vector<Label> &label, double limit_s,
                std::size_t &settled) {
    const std::uint32_t *first =
        Forward ? graph.first_out_array().data() : graph.first_in_array().data();
    const NodeId *other = Forward ? graph.head_array().data() : graph.rev_tail_array().data();
    const double *cost = Forward ? graph.time_array().data() : graph.rev_time_array().data();
    Label *lab = label.data();
    while (!heap.empty()) {
        const auto e = heap.pop();
        const NodeId v = e.node;
        const double tv = RadixHeap::value(e.key);
        if (tv != lab[v].time || e.source != lab[v].source) {
            continue; // stale
        }
        ++settled; // counts re-processing at equal times too: the work done
        const std::uint32_t sv = e.source;
        for (std::uint32_t k = first[v], end = first[v + 1]; k < end; ++k) {
            const double t = tv + cost[k];
            const NodeId w = other[k];
            if (t < lab[w].time || (t == lab[w].time && sv < lab[w].source)) {
                if (t <= limit_s) {
                    lab[w] = {t, sv};
                    heap.push(RadixHeap::bits(t), w, sv);
                }
            }
        }
    }
}
/// Dial's bucket queue for real times: buckets of width delta, a little below the shortest
/// edge time, so that relaxing an edge always lands in a later bucket. The nodes of one
/// bucket then cannot improve each other and are final in any order: exact Dijkstra with
/// O(1) queue operations. Buckets are a ring wide enough for the longest edge; seeds, which
/// may be spread further, enter the ring when the sweep reaches them.
template <bool Forward>
void settle_buckets(const Graph &graph, std::span<const Seed> sorted_seeds,
                    std::vector<Label> &label, double limit_s, std::size_t &settled) {
    const double delta = graph.min_time_s() * (1.0 - 1e-9);
    const auto ring = static_cast<std::size_t>(graph.max_time_s() / delta) + 2;
    // Buckets are intrusive lists over one pool of entries: no allocation per bucket.
    constexpr std::uint32_t kEnd = ~std::uint32_t{0};
    std::vector<std::uint32_t> head(ring, kEnd);
    std::vector<NodeId> entry_node;
    std::vector<std::uint32_t> entry_next;
    entry_node.reserve(label.size() + sorted_seeds.size());
    entry_next.reserve(label.size() + sorted_seeds.size());
    std::vector<std::uint8_t> done(label.size(), 0);
    const std::uint32_t *first =
        Forward ? graph.first_out_array().data() : graph.first_in_array().data();
    const NodeId *other = Forward ? graph.head_array().data() : graph.rev_tail_array().data();
    const double *cost = Forward ? graph.time_array().data() : graph.rev_time_array().data();
    Label *lab = label.data();
    auto bucket_of = [delta](double t) { return static_cast<std::uint64_t>(t / delta); };

    std::size_t next_seed = 0, pending = 0;
    std::uint64_t current = sorted_seeds.empty() ? 0 : bucket_of(sorted_seeds[0].time_s);
    auto offer = [&](NodeId w, double t, std::uint32_t s) {
        if (t <= limit_s && (t < lab[w].time || (t == lab[w].time && s < lab[w].source))) {
            lab[w] = {t, s};
            auto &h = head[bucket_of(t) % ring];
            entry_node.push_back(w);
            entry_next.push_back(h);
            h = static_cast<std::uint32_t>(entry_node.size() - 1);
            ++pending;
        }
    };
    while (pending > 0 || next_seed < sorted_seeds.size()) {
        while (next_seed < sorted_seeds.size() &&
               bucket_of(sorted_seeds[next_seed].time_s) <= current) {
            const Seed &s = sorted_seeds[next_seed++];
            offer(s.node, s.time_s + 0.0, s.source);
        }
        if (pending == 0) {
            // Nothing queued: jump to the next seed, if any (seeds that improved nothing
            // may have been the last ones).
            if (next_seed < sorted_seeds.size()) {
                current = bucket_of(sorted_seeds[next_seed].time_s);
            }
            continue;
        }
        auto &h = head[current % ring];
        while (h != kEnd) {
            const std::uint32_t entry = h;
            h = entry_next[entry];
            const NodeId v = entry_node[entry];
            --pending;
            if (done[v] || bucket_of(lab[v].time) != current) {
                continue; // settled already, or improved into an earlier bucket
            }
            done[v] = 1;
            ++settled;
            const double tv = lab[v].time;
            const std::uint32_t sv = lab[v].source;
            for (std::uint32_t k = first[v], end = first[v + 1]; k < end; ++k) {
                offer(other[k], tv + cost[k], sv);
            }
        }
        ++current;
    }
}
} // namespace

namespace {
void settle_with_heap(const Graph &graph, std::span<const Seed> seeds, Direction direction,
                      std::vector<Label> &label, double limit_s, std::size_t &settled) {
    RadixHeap heap;
    for (const auto &s : seeds) {
        const double t = s.time_s + 0.0; // -0.0 -> +0.0
        auto &l = label[s.node];
        if (t <= limit_s && (t < l.time || (t == l.time && s.source < l.source))) {
            l = {t, s.source};
            heap.push(RadixHeap::bits(t), s.node, s.source);
        }
    }
    if (direction == Direction::forward) {
        settle_all<true>(graph, heap, label, limit_s, settled);
    } else {
        settle_all<false>(graph, heap, label, limit_s, settled);
    }
}
} // namespace

NearestResult nearest_seeds(const Graph &graph, std::span<const Seed> seeds, Direction direction,
                            double limit_s) {
    const auto n = graph.node_count();
    // Labels are (time, source) pairs compared lexicographically: ties go to the lowest
    // source. A node popped with a stale label is skipped; a node whose label improves at
    // an equal time (a lower source) is processed again, so the result does not depend on
    // the order in which equal times leave the heap.
    std::vector<Label> label(n, Label{kUnreached, kNoSource});
    NearestResult r;
    for (const auto &s : seeds) {
        if (s.node >= n || !(s.time_s >= 0.0)) {
            throw std::invalid_argument("seed on node " + std::to_string(s.node) +
                                        " is out of range or has a negative time");
        }
    }
    // The bucket queue needs edges of positive time and a ring of reasonable size; other
    // graphs use the radix heap.
    const double ratio = graph.min_time_s() > 0 ? graph.max_time_s() / graph.min_time_s() : 0;
    if (graph.edge_count() > 0 && graph.min_time_s() > 0 && ratio < 4e6) {
        std::vector<Seed> sorted(seeds.begin(), seeds.end());
        std::sort(sorted.begin(), sorted.end(), [](const Seed &a, const Seed &b) {
            return std::tie(a.time_s, a.source, a.node) < std::tie(b.time_s, b.source, b.node);
        });
        if (direction == Direction::forward) {
            settle_buckets<true>(graph, sorted, label, limit_s, r.settled);
        } else {
            settle_buckets<false>(graph, sorted, label, limit_s, r.settled);
        }
    } else {
        settle_with_heap(graph, seeds, direction, label, limit_s, r.settled);
    }
    r.time_s.resize(n);
    r.source.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        r.time_s[v] = label[v].time;
        r.source[v] = label[v].source;
    }
    return r;
}

struct BoundedSearch::Queues {
    RadixHeap heap;
    // Bucket mode (see settle_buckets): a ring of intrusive lists, kept between runs.
    bool buckets = false;
    double delta = 0.0;
    std::size_t ring = 0;
    std::vector<std::uint32_t> head;
    std::vector<NodeId> entry_node;
    std::vector<std::uint32_t> entry_next;
    std::vector<Seed> sorted_seeds;
};

BoundedSearch::BoundedSearch(const Graph &graph)
    : graph_(&graph), dist_(graph.node_count(), kUnreached), settled_flag_(graph.node_count(), 0),
      queues_(std::make_unique<Queues>()) {
    touched_.reserve(1024);
    settled_.reserve(1024);
    const double ratio = graph.min_time_s() > 0 ? graph.max_time_s() / graph.min_time_s() : 0;
    if (graph.edge_count() > 0 && graph.min_time_s() > 0 && ratio < 4e6) {
        queues_->buckets = true;
        queues_->delta = graph.min_time_s() * (1.0 - 1e-9);
        queues_->ring = static_cast<std::size_t>(graph.max_time_s() / queues_->delta) + 2;
        queues_->head.assign(queues_->ring, ~std::uint32_t{0});
    }
}

BoundedSearch::~BoundedSearch() = default;
BoundedSearch::BoundedSearch(BoundedSearch &&) noexcept = default;

void BoundedSearch::run(std::span<const Seed> seeds, Direction direction, double limit_s) {
    for (const NodeId v : touched_) {
        dist_[v] = kUnreached;
        settled_flag_[v] = 0;
    }
    touched_.clear();
    settled_.clear();
    Queues &q = *queues_;
    const auto first_out = graph_->first_out_array();
    const auto head = graph_->head_array();
    const auto time = graph_->time_array();
    const auto first_in = graph_->first_in_array();
    const auto rev_tail = graph_->rev_tail_array();
    const auto rev_time = graph_->rev_time_array();
    const bool forward = direction == Direction::forward;
    const std::uint32_t *first = forward ? first_out.data() : first_in.data();
    const NodeId *other = forward ? head.data() : rev_tail.data();
    const double *cost = forward ? time.data() : rev_time.data();

    if (q.buckets) {
        constexpr std::uint32_t kEnd = ~std::uint32_t{0};
        q.entry_node.clear();
        q.entry_next.clear();
        q.sorted_seeds.assign(seeds.begin(), seeds.end());
        std::sort(q.sorted_seeds.begin(), q.sorted_seeds.end(),
                  [](const Seed &a, const Seed &b) { return a.time_s < b.time_s; });
        const double delta = q.delta;
        auto bucket_of = [delta](double t) { return static_cast<std::uint64_t>(t / delta); };
        std::size_t next_seed = 0, pending = 0;
        std::uint64_t current = q.sorted_seeds.empty() ? 0 : bucket_of(q.sorted_seeds[0].time_s);
        auto offer = [&](NodeId w, double t) {
            if (t <= limit_s && t < dist_[w]) {
                if (dist_[w] == kUnreached) {
                    touched_.push_back(w);
                }
                dist_[w] = t;
                auto &h = q.head[bucket_of(t) % q.ring];
                q.entry_node.push_back(w);
                q.entry_next.push_back(h);
                h = static_cast<std::uint32_t>(q.entry_node.size() - 1);
                ++pending;
            }
        };
        while (pending > 0 || next_seed < q.sorted_seeds.size()) {
            while (next_seed < q.sorted_seeds.size() &&
                   bucket_of(q.sorted_seeds[next_seed].time_s) <= current) {
                const Seed &s = q.sorted_seeds[next_seed++];
                offer(s.node, s.time_s + 0.0);
            }
            if (pending == 0) {
                if (next_seed < q.sorted_seeds.size()) {
                    current = bucket_of(q.sorted_seeds[next_seed].time_s);
                }
                continue;
            }
            auto &h = q.head[current % q.ring];
            while (h != kEnd) {
                const std::uint32_t entry = h;
                h = q.entry_next[entry];
                const NodeId v = q.entry_node[entry];
                --pending;
                if (settled_flag_[v] || bucket_of(dist_[v]) != current) {
                    continue;
                }
                settled_flag_[v] = 1;
                settled_.push_back(v);
                const double tv = dist_[v];
                for (std::uint32_t k = first[v], end = first[v + 1]; k < end; ++k) {
                    offer(other[k], tv + cost[k]);
                }
            }
            ++current;
        }
        return;
    }

    RadixHeap &heap = q.heap;
    heap.clear();
    auto relax = [&](NodeId w, double t) {
        if (t <= limit_s && t < dist_[w]) {
            if (dist_[w] == kUnreached) {
                touched_.push_back(w);
            }
            dist_[w] = t;
            heap.push(RadixHeap::bits(t), w, 0);
        }
    };
    for (const auto &s : seeds) {
        relax(s.node, s.time_s + 0.0);
    }
    while (!heap.empty()) {
        const auto e = heap.pop();
        const NodeId v = e.node;
        const double tv = RadixHeap::value(e.key);
        if (tv != dist_[v] || settled_flag_[v]) {
            continue; // stale
        }
        settled_flag_[v] = 1;
        settled_.push_back(v);
        for (std::uint32_t k = first[v], end = first[v + 1]; k < end; ++k) {
            relax(other[k], tv + cost[k]);
        }
    }
}

} // namespace hublo::algorithms::network
