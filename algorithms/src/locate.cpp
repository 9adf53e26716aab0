#include "hublo/algorithms/locate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hublo::algorithms::locate {

using geometry::Box;
using geometry::XY;

PolygonLocator::PolygonLocator(std::span<const geometry::MultiPolygon> polygons,
                               double cells_per_polygon)
    : polygons_(polygons) {
    boxes_.reserve(polygons.size());
    for (const auto &p : polygons) {
        boxes_.push_back(geometry::bounds(p));
        extent_.expand(boxes_.back());
    }
    if (extent_.empty()) {
        return;
    }
    const double w = std::max(extent_.max_x - extent_.min_x, 1e-9);
    const double h = std::max(extent_.max_y - extent_.min_y, 1e-9);
    const double cells = std::max(1.0, cells_per_polygon * static_cast<double>(polygons.size()));
    cell_size_ = std::sqrt(w * h / cells);
    nx_ = std::max(1, static_cast<int>(std::ceil(w / cell_size_)));
    ny_ = std::max(1, static_cast<int>(std::ceil(h / cell_size_)));

    // Two passes: count, then fill, so the index is two flat arrays.
    std::vector<std::uint32_t> counts(static_cast<std::size_t>(nx_) * ny_ + 1, 0);
    auto for_cells = [&](const Box &b, auto &&fn) {
        int x0, y0, x1, y1;
        (void)cell_of(b.min_x, b.min_y, x0, y0);
        (void)cell_of(b.max_x, b.max_y, x1, y1);
        for (int cy = y0; cy <= y1; ++cy) {
            for (int cx = x0; cx <= x1; ++cx) {
                fn(static_cast<std::size_t>(cy) * nx_ + cx);
            }
        }
    };
    for (const auto &b : boxes_) {
        if (!b.empty()) {
            for_cells(b, [&](std::size_t c) { ++counts[c + 1]; });
        }
    }
    for (std::size_t i = 1; i < counts.size(); ++i) {
        counts[i] += counts[i - 1];
    }
    cell_start_ = counts;
    cell_items_.resize(counts.back());
    for (std::size_t i = 0; i < boxes_.size(); ++i) {
        if (!boxes_[i].empty()) {
            for_cells(boxes_[i], [&](std::size_t c) {
                cell_items_[counts[c]++] = static_cast<std::uint32_t>(i);
            });
        }
    }
}

std::int64_t PolygonLocator::cell_of(double x, double y, int &cx, int &cy) const {
    cx = std::clamp(static_cast<int>((x - extent_.min_x) / cell_size_), 0, nx_ - 1);
    cy = std::clamp(static_cast<int>((y - extent_.min_y) / cell_size_), 0, ny_ - 1);
    return static_cast<std::int64_t>(cy) * nx_ + cx;
}

std::optional<std::size_t> PolygonLocator::find(XY p) const {
    if (extent_.empty() || !extent_.contains(p)) {
        return std::nullopt;
    }
    int cx, cy;
    const auto c = static_cast<std::size_t>(cell_of(p.x, p.y, cx, cy));
    // Items of a cell are in increasing polygon order, so the first hit is the lowest index.
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
        const std::uint32_t i = cell_items_[k];
        if (boxes_[i].contains(p) && geometry::contains(polygons_[i], p)) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> PolygonLocator::nearest(XY p, double max_distance) const {
    if (auto hit = find(p)) {
        return hit;
    }
    std::optional<std::size_t> best;
    double best_d = max_distance;
    for (std::size_t i = 0; i < boxes_.size(); ++i) {
        const Box &b = boxes_[i];
        if (b.empty() || p.x < b.min_x - best_d || p.x > b.max_x + best_d ||
            p.y < b.min_y - best_d || p.y > b.max_y + best_d) {
            continue;
        }
        const double d = boundary_distance(polygons_[i], p);
        if (d <= best_d) {
            if (!best || d < best_d) {
                best = i;
            }
            best_d = d;
        }
    }
    return best;
}

double boundary_distance(const geometry::MultiPolygon &multi, XY p) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto &polygon : multi) {
        for (const auto &ring : polygon.rings) {
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                const XY a = ring[i], b = ring[i + 1];
                const double dx = b.x - a.x, dy = b.y - a.y;
                const double len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
                t = std::clamp(t, 0.0, 1.0);
                best = std::min(best, std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
            }
        }
    }
    return best;
}

} // namespace hublo::algorithms::locate
