#include "hublo/algorithms/network/catchments.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>

namespace hublo::algorithms::network {

void CatchmentParameters::validate() const {
    if (!(limit_s >= 0.0) || !std::isfinite(limit_s)) {
        throw std::invalid_argument("catchment limit must be a finite time >= 0 s, got " +
                                    std::to_string(limit_s));
    }
}

namespace {
/// Points attached to each node: the points snapped on a segment ending at that node.
struct NodePoints {
    std::vector<std::uint32_t> first;
    std::vector<std::uint32_t> points;

    NodePoints(std::size_t node_count, const SegmentIndex &segments, std::span<const Snap> pts)
        : first(node_count + 1, 0) {
        for (const auto &p : pts) {
            if (p.snapped()) {
                ++first[segments.a(p.segment) + 1];
                ++first[segments.b(p.segment) + 1];
            }
        }
        for (std::size_t i = 1; i < first.size(); ++i) {
            first[i] += first[i - 1];
        }
        points.resize(first.back());
        std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
        for (std::uint32_t i = 0; i < pts.size(); ++i) {
            if (pts[i].snapped()) {
                points[fill[segments.a(pts[i].segment)]++] = i;
                points[fill[segments.b(pts[i].segment)]++] = i;
            }
        }
    }
};

struct Worker {
    BoundedSearch search;
    std::vector<Seed> seeds;
    std::vector<std::uint32_t> stamp; // place index + 1 that last examined the point
    std::size_t settled = 0;

    Worker(const Graph &g, std::size_t points) : search(g), stamp(points, 0) {}
};
} // namespace

CatchmentTimes catchment_times(const Graph &graph, const SegmentIndex &segments,
                               std::span<const Snap> places, std::span<const Snap> points,
                               const OffroadParameters &offroad,
                               const CatchmentParameters &parameters) {
    parameters.validate();
    offroad.validate();
    const NodePoints attached(graph.node_count(), segments, points);
    unsigned threads =
        parameters.threads ? parameters.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(1, places.size())));

    std::vector<Worker> workers;
    workers.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back(graph, points.size());
    }
    // Per place, its (point, time) pairs: each place is written by the one worker that
    // searched it, so the result does not depend on the number of threads.
    std::vector<std::vector<std::pair<std::uint32_t, double>>> found(places.size());
    std::atomic<std::size_t> next{0};
    const double limit = parameters.limit_s;

    auto work = [&](Worker &w) {
        for (std::size_t p = next++; p < places.size(); p = next++) {
            const Snap &place = places[p];
            if (!place.snapped()) {
                continue;
            }
            w.seeds.clear();
            append_place_seeds(graph, segments, place, offroad, static_cast<std::uint32_t>(p),
                               w.seeds);
            w.search.run(w.seeds, Direction::reverse, limit);
            w.settled += w.search.settled().size();
            const auto stamp = static_cast<std::uint32_t>(p + 1);
            auto &out = found[p];
            auto examine = [&](std::uint32_t i) {
                if (w.stamp[i] == stamp) {
                    return;
                }
                w.stamp[i] = stamp;
                const Snap &pt = points[i];
                const double leg = offroad.seconds(pt.offroad_m);
                const auto s = pt.segment;
                double best = kUnreached;
                if (const EdgeId e = segments.ab(s); e != kNoEdge) {
                    best = std::min(best, leg + (1.0 - pt.t) * graph.time_s(e) +
                                              w.search.time_s(segments.b(s)));
                }
                if (const EdgeId e = segments.ba(s); e != kNoEdge) {
                    best = std::min(best,
                                    leg + pt.t * graph.time_s(e) + w.search.time_s(segments.a(s)));
                }
                if (s == place.segment) {
                    const EdgeId e = place.t >= pt.t ? segments.ab(s) : segments.ba(s);
                    if (e != kNoEdge) {
                        best = std::min(best, leg + std::abs(place.t - pt.t) * graph.time_s(e) +
                                                  offroad.seconds(place.offroad_m));
                    }
                }
                if (best <= limit) {
                    out.emplace_back(i, best);
                }
            };
            for (const NodeId v : w.search.settled()) {
                for (std::uint32_t k = attached.first[v]; k < attached.first[v + 1]; ++k) {
                    examine(attached.points[k]);
                }
            }
            // Points on the place's own segment, whatever its end nodes' times.
            const NodeId a = segments.a(place.segment);
            for (std::uint32_t k = attached.first[a]; k < attached.first[a + 1]; ++k) {
                if (points[attached.points[k]].segment == place.segment) {
                    examine(attached.points[k]);
                }
            }
            std::sort(out.begin(), out.end());
        }
    };

    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work, std::ref(workers[t]));
    }
    work(workers[0]);
    for (auto &th : pool) {
        th.join();
    }

    CatchmentTimes r;
    r.first.assign(places.size() + 1, 0);
    for (std::size_t p = 0; p < places.size(); ++p) {
        r.first[p + 1] = r.first[p] + static_cast<std::uint32_t>(found[p].size());
    }
    r.point.reserve(r.first.back());
    r.time_s.reserve(r.first.back());
    for (const auto &f : found) {
        for (const auto &[i, t] : f) {
            r.point.push_back(i);
            r.time_s.push_back(t);
        }
    }
    for (const auto &w : workers) {
        r.settled += w.settled;
    }
    return r;
}

CatchmentResult catchments(const Graph &graph, const SegmentIndex &segments,
                           std::span<const Snap> places, std::span<const Snap> points,
                           const OffroadParameters &offroad, const CatchmentParameters &parameters,
                           std::span<const double> point_weights) {
    if (!point_weights.empty() && point_weights.size() != points.size()) {
        throw std::invalid_argument("catchments: one weight per point is needed");
    }
    return summarise_catchments(
        catchment_times(graph, segments, places, points, offroad, parameters), points.size(),
        point_weights);
}

CatchmentResult summarise_catchments(const CatchmentTimes &times, std::size_t point_count,
                                     std::span<const double> point_weights) {
    if (!point_weights.empty() && point_weights.size() != point_count) {
        throw std::invalid_argument("catchments: one weight per point is needed");
    }
    CatchmentResult r;
    r.places_within.assign(point_count, 0);
    r.points_within.assign(times.places(), 0);
    r.weight_within.assign(times.places(), 0.0);
    for (std::size_t p = 0; p < times.places(); ++p) {
        for (const auto i : times.of(p)) {
            ++r.places_within[i];
            ++r.points_within[p];
            if (!point_weights.empty() && !std::isnan(point_weights[i])) {
                r.weight_within[p] += point_weights[i];
            }
        }
    }
    r.settled = times.settled;
    return r;
}

} // namespace hublo::algorithms::network
