#include "hublo/algorithms/isochrone/contour.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hublo::algorithms::isochrone {

using geometry::MultiPolygon;
using geometry::Polygon;
using geometry::Ring;
using geometry::XY;

namespace {
/// The padded raster: one ring of outside nodes around the real ones.
struct Padded {
    const Raster &r;
    double threshold;
    [[nodiscard]] std::size_t cols() const { return r.cols + 2; }
    [[nodiscard]] std::size_t rows() const { return r.rows + 2; }
    [[nodiscard]] double value(std::size_t c, std::size_t w) const {
        if (c == 0 || w == 0 || c > r.cols || w > r.rows) {
            return std::numeric_limits<double>::infinity();
        }
        const double v = r.at(c - 1, w - 1);
        return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    }
    [[nodiscard]] bool inside(std::size_t c, std::size_t w) const {
        return value(c, w) <= threshold;
    }
    [[nodiscard]] XY node(std::size_t c, std::size_t w) const {
        return {r.x0 + (static_cast<double>(c) - 1.0) * r.cell,
                r.y0 + (static_cast<double>(w) - 1.0) * r.cell};
    }
};

/// Edge ids: horizontal edge from node (c, w) to (c+1, w) is 2*(w*cols+c), vertical edge
/// from (c, w) to (c, w+1) is 2*(w*cols+c)+1.
std::uint64_t h_edge(const Padded &p, std::size_t c, std::size_t w) {
    return 2 * (static_cast<std::uint64_t>(w) * p.cols() + c);
}
std::uint64_t v_edge(const Padded &p, std::size_t c, std::size_t w) {
    return h_edge(p, c, w) + 1;
}

/// The crossing point on an edge, interpolated between its two nodes.
XY crossing(const Padded &p, std::uint64_t edge) {
    const std::size_t node = static_cast<std::size_t>(edge / 2);
    const std::size_t c = node % p.cols(), w = node / p.cols();
    const std::size_t c2 = edge % 2 == 0 ? c + 1 : c, w2 = edge % 2 == 0 ? w : w + 1;
    const double a = p.value(c, w), b = p.value(c2, w2);
    double t = 0.5;
    if (std::isfinite(a) && std::isfinite(b) && a != b) {
        t = std::clamp((p.threshold - a) / (b - a), 0.0, 1.0);
    } else if (std::isfinite(a) && !std::isfinite(b)) {
        t = 0.5; // towards an unreachable node: halfway, as no slope is known
    }
    const XY pa = p.node(c, w), pb = p.node(c2, w2);
    return {pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y)};
}
} // namespace

MultiPolygon contour(const Raster &raster, double threshold) {
    const Padded p{raster, threshold};
    // Directed segments between edge crossings, inside on the left: (from-edge, to-edge).
    // Every crossing starts exactly one segment, so sorting by from-edge makes a map.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> next;
    // The cases below list each segment with the inside on its right; it is stored reversed.
    auto seg = [&](std::uint64_t a, std::uint64_t b) { next.emplace_back(b, a); };
    // Inside flags of two consecutive rows of nodes, padded.
    std::vector<char> lower(p.cols()), upper(p.cols());
    auto fill_row = [&](std::vector<char> &row, std::size_t w) {
        for (std::size_t c = 0; c < p.cols(); ++c) {
            row[c] = p.inside(c, w) ? 1 : 0;
        }
    };
    fill_row(upper, 0);

    for (std::size_t w = 0; w + 1 < p.rows(); ++w) {
        std::swap(lower, upper);
        fill_row(upper, w + 1);
        for (std::size_t c = 0; c + 1 < p.cols(); ++c) {
            // Corners: bl (c, w), br (c+1, w), tr (c+1, w+1), tl (c, w+1).
            const int index =
                lower[c] | (lower[c + 1] << 1) | (upper[c + 1] << 2) | (upper[c] << 3);
            if (index == 0 || index == 15) {
                continue;
            }
            const std::uint64_t bottom = h_edge(p, c, w), top = h_edge(p, c, w + 1);
            const std::uint64_t left = v_edge(p, c, w), right = v_edge(p, c + 1, w);
            switch (index) {
            case 0:
            case 15:
                break;
            case 1:
                seg(left, bottom);
                break; // bl
            case 2:
                seg(bottom, right);
                break; // br
            case 3:
                seg(left, right);
                break; // bl br
            case 4:
                seg(right, top);
                break; // tr
            case 6:
                seg(bottom, top);
                break; // br tr
            case 7:
                seg(left, top);
                break; // bl br tr
            case 8:
                seg(top, left);
                break; // tl
            case 9:
                seg(top, bottom);
                break; // bl tl
            case 11:
                seg(top, right);
                break; // bl br tl
            case 12:
                seg(right, left);
                break; // tr tl
            case 13:
                seg(right, bottom);
                break; // bl tr tl
            case 14:
                seg(bottom, left);
                break; // br tr tl
            case 5:
            case 10: {
                // Saddle: the mean of the four corners decides whether the centre is inside.
                double sum = 0;
                int finite = 0;
                for (const double v :
                     {p.value(c, w), p.value(c + 1, w), p.value(c + 1, w + 1), p.value(c, w + 1)}) {
                    if (std::isfinite(v)) {
                        sum += v;
                        ++finite;
                    }
                }
                const bool centre = finite == 4 && sum / 4.0 <= threshold;
                if (index == 5) { // bl and tr inside
                    if (centre) {
                        seg(left, top);
                        seg(right, bottom);
                    } else {
                        seg(left, bottom);
                        seg(right, top);
                    }
                } else { // br and tl inside
                    if (centre) {
                        seg(bottom, left);
                        seg(top, right);
                    } else {
                        seg(bottom, right);
                        seg(top, left);
                    }
                }
                break;
            }
            }
        }
    }

    // Chain the segments into closed rings, in a deterministic order (smallest edge first).
    std::sort(next.begin(), next.end());
    std::vector<char> used(next.size(), 0);
    auto find = [&](std::uint64_t from) -> std::size_t {
        const auto it = std::lower_bound(next.begin(), next.end(),
                                         std::pair<std::uint64_t, std::uint64_t>{from, 0});
        return it != next.end() && it->first == from ? static_cast<std::size_t>(it - next.begin())
                                                     : next.size();
    };
    std::vector<Ring> shells, holes;
    for (std::size_t k0 = 0; k0 < next.size(); ++k0) {
        if (used[k0]) {
            continue;
        }
        Ring ring;
        const std::uint64_t start = next[k0].first;
        std::size_t k = k0;
        while (k < next.size() && !used[k]) {
            used[k] = 1;
            ring.push_back(crossing(p, next[k].first));
            if (next[k].second == start) {
                break;
            }
            k = find(next[k].second);
        }
        geometry::close_ring(ring);
        geometry::remove_repeated_points(ring);
        if (ring.size() < 4) {
            continue;
        }
        const double a = geometry::signed_area2(ring);
        if (a > 0) {
            shells.push_back(std::move(ring));
        } else if (a < 0) {
            holes.push_back(std::move(ring));
        }
    }

    MultiPolygon out;
    std::vector<double> shell_area;
    std::vector<geometry::Box> shell_box;
    for (auto &s : shells) {
        shell_area.push_back(geometry::signed_area2(s));
        shell_box.push_back(geometry::bounds(s));
        out.push_back(Polygon{{std::move(s)}});
    }
    for (auto &h : holes) {
        // The smallest shell containing the hole (tested at the middle of its first edge,
        // which lies strictly inside the shell's area).
        const XY probe{(h[0].x + h[1].x) / 2, (h[0].y + h[1].y) / 2};
        std::size_t best = out.size();
        for (std::size_t k = 0; k < out.size(); ++k) {
            if ((best == out.size() || shell_area[k] < shell_area[best]) &&
                shell_box[k].contains(probe) && geometry::ring_contains(out[k].rings[0], probe)) {
                best = k;
            }
        }
        if (best < out.size()) {
            out[best].rings.push_back(std::move(h));
        }
    }
    return out;
}

} // namespace hublo::algorithms::isochrone
