#include "hublo/algorithms/isochrone/time_surface.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

namespace hublo::algorithms::isochrone {

using network::kNoEdge;
using network::kUnreached;

void SurfaceParameters::validate() const {
    if (!(cell_m > 0) || !(offroad_speed_kmh > 0) || !(max_offroad_m >= 0)) {
        throw std::invalid_argument("time surface: cell_m and offroad_speed_kmh must be > 0 "
                                    "and max_offroad_m >= 0");
    }
    if (cols == 0 || rows == 0) {
        throw std::invalid_argument("time surface: the raster has no node");
    }
}

namespace {
/// min over t in [0, 1] of alpha + beta t + |p - (a + t (b - a))| / v: convex, solved in
/// closed form (the derivative's zero), clamped to the segment.
double best_on_piece(double alpha, double beta, geometry::XY a, geometry::XY b, geometry::XY p,
                     double v) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len = std::hypot(dx, dy);
    auto f = [&](double t) {
        const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
        return alpha + beta * t + std::sqrt(ex * ex + ey * ey) / v;
    };
    double best = std::min(f(0.0), f(1.0));
    if (len > 0) {
        const double t0 = ((p.x - a.x) * dx + (p.y - a.y) * dy) / (len * len);
        const double d = std::abs((p.x - a.x) * dy - (p.y - a.y) * dx) / len;
        const double k = -beta * v / len;
        if (std::abs(k) < 1.0) {
            const double u = k * d / std::sqrt(1.0 - k * k);
            const double t = t0 + u / len;
            if (t > 0.0 && t < 1.0) {
                best = std::min(best, f(t));
            }
        }
    }
    return best;
}
} // namespace

double time_via_segment(const network::Graph &graph, const network::SegmentIndex &segments,
                        std::uint32_t s, std::span<const double> node_time, geometry::XY p,
                        double offroad_mps, double max_offroad_m, network::Direction direction,
                        double ceiling) {
    const auto na = segments.a(s), nb = segments.b(s);
    const geometry::XY a = graph.xy(na), b = graph.xy(nb);
    // The off-road distance to the segment itself bounds every candidate.
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double tp =
        len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    const double ex = a.x + tp * dx - p.x, ey = a.y + tp * dy - p.y;
    const double d = std::sqrt(ex * ex + ey * ey);
    if (d > max_offroad_m) {
        return kUnreached;
    }
    // Every way through the segment starts at one of its end nodes' times and ends with an
    // off-road leg of at least d: nothing below the ceiling, nothing to compute.
    if (std::min(node_time[na], node_time[nb]) + d / offroad_mps >= ceiling) {
        return kUnreached;
    }
    double best = kUnreached;
    const auto ab = segments.ab(s), ba = segments.ba(s);
    if (direction == network::Direction::forward) {
        // From the places: entering at a towards b, T(t) = T[a] + t time(a->b); or entering
        // at b towards a, T(t) = T[b] + (1 - t) time(b->a).
        if (ab != kNoEdge && node_time[na] < kUnreached) {
            best = std::min(best,
                            best_on_piece(node_time[na], graph.time_s(ab), a, b, p, offroad_mps));
        }
        if (ba != kNoEdge && node_time[nb] < kUnreached) {
            best = std::min(best, best_on_piece(node_time[nb] + graph.time_s(ba), -graph.time_s(ba),
                                                a, b, p, offroad_mps));
        }
    } else {
        // To the places: joining at t and driving to b, T(t) = R[b] + (1 - t) time(a->b);
        // or driving to a, T(t) = R[a] + t time(b->a).
        if (ab != kNoEdge && node_time[nb] < kUnreached) {
            best = std::min(best, best_on_piece(node_time[nb] + graph.time_s(ab), -graph.time_s(ab),
                                                a, b, p, offroad_mps));
        }
        if (ba != kNoEdge && node_time[na] < kUnreached) {
            best = std::min(best,
                            best_on_piece(node_time[na], graph.time_s(ba), a, b, p, offroad_mps));
        }
    }
    // Rule: a raster node is reachable through a segment when the segment passes within
    // max_offroad_m of it; the leg is then timed from the best point of the segment.
    return best;
}

namespace {
/// Lowers the raster nodes within max_offroad_m of segment s to their time through it.
/// Only rows [row_begin, row_end) are written.
void rasterise_segment(const network::Graph &graph, const network::SegmentIndex &segments,
                       std::uint32_t s, std::span<const double> node_time,
                       const SurfaceParameters &prm, double v, std::span<double> out,
                       long row_begin, long row_end) {
    const double reach = prm.max_offroad_m;
    const auto na = segments.a(s), nb = segments.b(s);
    if (!(std::min(node_time[na], node_time[nb]) <= prm.limit_s)) {
        return;
    }
    const geometry::XY a = graph.xy(na), b = graph.xy(nb);
    const double miny = std::min(a.y, b.y) - reach, maxy = std::max(a.y, b.y) + reach;
    const auto r0 = static_cast<long>(std::ceil((miny - prm.y0) / prm.cell_m));
    const auto r1 = static_cast<long>(std::floor((maxy - prm.y0) / prm.cell_m));
    // Per row, only the columns within `reach` of the segment: the row's chord of the
    // capsule (convex), bounded by the end circles and the two offset sides.
    const double len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
    const double nx = len > 0 ? -(b.y - a.y) / len * reach : 0.0;
    const double ny = len > 0 ? (b.x - a.x) / len * reach : 0.0;
    const geometry::XY sides[2][2] = {{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}},
                                      {{a.x - nx, a.y - ny}, {b.x - nx, b.y - ny}}};
    for (long r = std::max(row_begin, r0); r <= std::min(row_end - 1, r1); ++r) {
        const double y = prm.y0 + static_cast<double>(r) * prm.cell_m;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const geometry::XY &e : {a, b}) {
            const double h = reach * reach - (y - e.y) * (y - e.y);
            if (h >= 0) {
                const double w = std::sqrt(h);
                lo = std::min(lo, e.x - w);
                hi = std::max(hi, e.x + w);
            }
        }
        for (const auto &side : sides) {
            const geometry::XY p = side[0], q = side[1];
            if ((p.y - y) * (q.y - y) <= 0 && p.y != q.y) {
                const double x = p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x);
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        }
        if (!(lo <= hi)) {
            continue;
        }
        const auto c0 = std::max(0L, static_cast<long>(std::ceil((lo - prm.x0) / prm.cell_m)));
        const auto c1 = std::min(static_cast<long>(prm.cols) - 1,
                                 static_cast<long>(std::floor((hi - prm.x0) / prm.cell_m)));
        auto *row = out.data() + static_cast<std::size_t>(r) * prm.cols;
        for (long c = c0; c <= c1; ++c) {
            const geometry::XY p{prm.x0 + static_cast<double>(c) * prm.cell_m, y};
            auto &cell = row[c];
            const double t =
                time_via_segment(graph, segments, s, node_time, p, v, reach, prm.direction, cell);
            cell = std::min(cell, t);
        }
    }
}
} // namespace

std::vector<double> time_surface(const network::Graph &graph, const network::SegmentIndex &segments,
                                 std::span<const double> node_time, const SurfaceParameters &prm) {
    prm.validate();
    std::vector<double> out(prm.cols * prm.rows, kUnreached);
    const double v = prm.offroad_speed_kmh / 3.6;
    const auto rows = static_cast<long>(prm.rows);
    const unsigned threads =
        prm.threads ? prm.threads : std::max(1u, std::thread::hardware_concurrency());
    if (threads <= 1 || segments.size() < 20000) {
        for (std::uint32_t s = 0; s < segments.size(); ++s) {
            rasterise_segment(graph, segments, s, node_time, prm, v, out, 0, rows);
        }
        return out;
    }
    // Stripes of rows taken in turn: each cell is written by one thread only, and holds the
    // least time over the same segments whatever the order, so the raster does not depend on
    // the threads. Every stripe scans the segments' row spans (cheap) and fills its rows.
    const long stripes = std::min<long>(rows, 8L * threads);
    const long height = (rows + stripes - 1) / stripes;
    std::atomic<long> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (long k = next++; k < stripes; k = next++) {
                const long begin = k * height, end = std::min(rows, begin + height);
                for (std::uint32_t s = 0; s < segments.size(); ++s) {
                    rasterise_segment(graph, segments, s, node_time, prm, v, out, begin, end);
                }
            }
        });
    }
    for (auto &th : pool) {
        th.join();
    }
    return out;
}

void OriginParameters::validate() const {
    if (!(cell_m > 0) || !std::isfinite(cell_m)) {
        throw std::invalid_argument("isochrone: cell_m must be > 0, got " + std::to_string(cell_m));
    }
    if (!(offroad_speed_kmh > 0) || !std::isfinite(offroad_speed_kmh)) {
        throw std::invalid_argument("isochrone: offroad_speed_kmh must be > 0, got " +
                                    std::to_string(offroad_speed_kmh));
    }
    if (!(max_offroad_m >= 0) || !std::isfinite(max_offroad_m)) {
        throw std::invalid_argument("isochrone: max_offroad_m must be >= 0, got " +
                                    std::to_string(max_offroad_m));
    }
    if (!(limit_s > 0) || !std::isfinite(limit_s)) {
        throw std::invalid_argument("isochrone: limit_s must be > 0, got " +
                                    std::to_string(limit_s));
    }
}

OriginSurface::OriginSurface(const network::Graph &graph, const network::SegmentIndex &segments)
    : graph_(&graph), segments_(&segments), search_(graph), stamp_(segments.size(), 0) {}

Raster OriginSurface::compute(geometry::XY origin, const network::Snap &snap,
                              const OriginParameters &prm) {
    prm.validate();
    if (!snap.snapped()) {
        throw std::invalid_argument("isochrone: the origin is not snapped to the network");
    }
    const auto &g = *graph_;
    const auto &segs = *segments_;
    const double v = prm.offroad_speed_kmh / 3.6;
    const double leg = snap.offroad_m / v;
    const auto s0 = snap.segment;
    const auto ab = segs.ab(s0), ba = segs.ba(s0);
    // Seeds: the ends of the origin's segment, after the off-road leg and the part of the
    // segment between the snapped point and the end (in the direction of travel).
    seeds_.clear();
    if (prm.direction == network::Direction::forward) {
        if (ab != network::kNoEdge) {
            seeds_.push_back({segs.b(s0), leg + (1.0 - snap.t) * g.time_s(ab), 0});
        }
        if (ba != network::kNoEdge) {
            seeds_.push_back({segs.a(s0), leg + snap.t * g.time_s(ba), 0});
        }
    } else {
        if (ab != network::kNoEdge) {
            seeds_.push_back({segs.a(s0), leg + snap.t * g.time_s(ab), 0});
        }
        if (ba != network::kNoEdge) {
            seeds_.push_back({segs.b(s0), leg + (1.0 - snap.t) * g.time_s(ba), 0});
        }
    }
    search_.run(seeds_, prm.direction, prm.limit_s);

    // The segments at the nodes reached within the limit, once each.
    ++round_;
    if (round_ == 0) { // wrapped: clear the stamps
        std::fill(stamp_.begin(), stamp_.end(), 0);
        round_ = 1;
    }
    used_.clear();
    geometry::Box box;
    box.expand(origin);
    for (const auto n : search_.settled()) {
        box.expand(g.xy(n));
        for (const auto s : segs.at(n)) {
            if (stamp_[s] != round_) {
                stamp_[s] = round_;
                used_.push_back(s);
            }
        }
    }
    // The raster: nodes on multiples of cell_m (rasters of different origins line up), one
    // empty node beyond the reach on each side so that the contour closes inside it.
    const double cell = prm.cell_m, reach = prm.max_offroad_m;
    SurfaceParameters sp;
    sp.cell_m = cell;
    sp.x0 = (std::floor((box.min_x - reach) / cell) - 1) * cell;
    sp.y0 = (std::floor((box.min_y - reach) / cell) - 1) * cell;
    sp.cols = static_cast<std::size_t>(std::ceil((box.max_x + reach - sp.x0) / cell)) + 2;
    sp.rows = static_cast<std::size_t>(std::ceil((box.max_y + reach - sp.y0) / cell)) + 2;
    sp.offroad_speed_kmh = prm.offroad_speed_kmh;
    sp.max_offroad_m = reach;
    sp.limit_s = prm.limit_s;
    sp.direction = prm.direction;
    values_.assign(sp.cols * sp.rows, kUnreached);
    const auto times = search_.times();
    for (const auto s : used_) {
        rasterise_segment(g, segs, s, times, sp, v, values_, 0, static_cast<long>(sp.rows));
    }

    // The origin's own legs: straight off-road, and along its own segment from the snapped
    // point without passing through an end node.
    const geometry::XY a = g.xy(segs.a(s0)), b = g.xy(segs.b(s0));
    const geometry::XY at{a.x + snap.t * (b.x - a.x), a.y + snap.t * (b.y - a.y)};
    // Towards b: forward uses a->b; reverse (coming to the origin from b's side) uses b->a.
    const auto towards_b = prm.direction == network::Direction::forward ? ab : ba;
    const auto towards_a = prm.direction == network::Direction::forward ? ba : ab;
    const double rx0 = std::min({origin.x, a.x, b.x}) - reach;
    const double rx1 = std::max({origin.x, a.x, b.x}) + reach;
    const double ry0 = std::min({origin.y, a.y, b.y}) - reach;
    const double ry1 = std::max({origin.y, a.y, b.y}) + reach;
    const auto c0 = static_cast<std::size_t>(std::max(0.0, std::ceil((rx0 - sp.x0) / cell)));
    const auto c1 = std::min(sp.cols - 1, static_cast<std::size_t>((rx1 - sp.x0) / cell));
    const auto r0 = static_cast<std::size_t>(std::max(0.0, std::ceil((ry0 - sp.y0) / cell)));
    const auto r1 = std::min(sp.rows - 1, static_cast<std::size_t>((ry1 - sp.y0) / cell));
    for (std::size_t r = r0; r <= r1; ++r) {
        for (std::size_t c = c0; c <= c1; ++c) {
            const geometry::XY p{sp.x0 + static_cast<double>(c) * cell,
                                 sp.y0 + static_cast<double>(r) * cell};
            double t = kUnreached;
            const double direct = std::hypot(p.x - origin.x, p.y - origin.y);
            if (direct <= reach) {
                t = direct / v;
            }
            t = std::min(t, origin_leg(towards_b, at, b, 1.0 - snap.t, leg, p, v, reach));
            t = std::min(t, origin_leg(towards_a, at, a, snap.t, leg, p, v, reach));
            auto &cell_value = values_[r * sp.cols + c];
            if (t <= prm.limit_s) {
                cell_value = std::min(cell_value, t);
            }
        }
    }
    return Raster{sp.cols, sp.rows, sp.x0, sp.y0, cell, values_};
}

double OriginSurface::origin_leg(network::EdgeId e, geometry::XY from, geometry::XY to,
                                 double fraction, double leg_s, geometry::XY p, double v,
                                 double reach) const {
    if (e == network::kNoEdge || !(fraction > 0)) {
        return kUnreached;
    }
    const double dx = to.x - from.x, dy = to.y - from.y, len2 = dx * dx + dy * dy;
    const double tp =
        len2 > 0 ? std::clamp(((p.x - from.x) * dx + (p.y - from.y) * dy) / len2, 0.0, 1.0) : 0.0;
    if (std::hypot(from.x + tp * dx - p.x, from.y + tp * dy - p.y) > reach) {
        return kUnreached;
    }
    return best_on_piece(leg_s, fraction * graph_->time_s(e), from, to, p, v);
}

} // namespace hublo::algorithms::isochrone
