#include "hublo/algorithms/isochrone/time_surface.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

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
        return alpha + beta * t + std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) / v;
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
                        double offroad_mps, double max_offroad_m, network::Direction direction) {
    const auto na = segments.a(s), nb = segments.b(s);
    const geometry::XY a = graph.xy(na), b = graph.xy(nb);
    // The off-road distance to the segment itself bounds every candidate.
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double tp =
        len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    if (std::hypot(a.x + tp * dx - p.x, a.y + tp * dy - p.y) > max_offroad_m) {
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

std::vector<double> time_surface(const network::Graph &graph, const network::SegmentIndex &segments,
                                 std::span<const double> node_time, const SurfaceParameters &prm) {
    prm.validate();
    const double v = prm.offroad_speed_kmh / 3.6;
    std::vector<double> out(prm.cols * prm.rows, kUnreached);
    const double reach = prm.max_offroad_m;
    for (std::uint32_t s = 0; s < segments.size(); ++s) {
        const auto na = segments.a(s), nb = segments.b(s);
        if (!(std::min(node_time[na], node_time[nb]) <= prm.limit_s)) {
            continue;
        }
        const geometry::XY a = graph.xy(na), b = graph.xy(nb);
        const double minx = std::min(a.x, b.x) - reach, maxx = std::max(a.x, b.x) + reach;
        const double miny = std::min(a.y, b.y) - reach, maxy = std::max(a.y, b.y) + reach;
        const auto c0 = static_cast<long>(std::ceil((minx - prm.x0) / prm.cell_m));
        const auto c1 = static_cast<long>(std::floor((maxx - prm.x0) / prm.cell_m));
        const auto r0 = static_cast<long>(std::ceil((miny - prm.y0) / prm.cell_m));
        const auto r1 = static_cast<long>(std::floor((maxy - prm.y0) / prm.cell_m));
        for (long r = std::max(0L, r0); r <= std::min(static_cast<long>(prm.rows) - 1, r1); ++r) {
            for (long c = std::max(0L, c0); c <= std::min(static_cast<long>(prm.cols) - 1, c1);
                 ++c) {
                const geometry::XY p{prm.x0 + static_cast<double>(c) * prm.cell_m,
                                     prm.y0 + static_cast<double>(r) * prm.cell_m};
                const double t =
                    time_via_segment(graph, segments, s, node_time, p, v, reach, prm.direction);
                auto &cell =
                    out[static_cast<std::size_t>(r) * prm.cols + static_cast<std::size_t>(c)];
                cell = std::min(cell, t);
            }
        }
    }
    return out;
}

} // namespace hublo::algorithms::isochrone
