#include "hublo/algorithms/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace hublo::algorithms::geometry {

void Box::expand(XY p) {
    if (empty()) {
        min_x = max_x = p.x;
        min_y = max_y = p.y;
        return;
    }
    min_x = std::min(min_x, p.x);
    max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y);
    max_y = std::max(max_y, p.y);
}

void Box::expand(const Box &b) {
    if (b.empty()) {
        return;
    }
    expand(XY{b.min_x, b.min_y});
    expand(XY{b.max_x, b.max_y});
}

double signed_area2(std::span<const XY> ring) {
    if (ring.size() < 3) {
        return 0.0;
    }
    const XY o = ring[0];
    double sum = 0.0;
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
        const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
        sum += ax * by - bx * ay;
    }
    return sum;
}

double area(const Polygon &polygon) {
    double total = 0.0;
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        const double a = std::abs(signed_area2(polygon.rings[i])) / 2.0;
        total += i == 0 ? a : -a;
    }
    return total;
}

double area(const MultiPolygon &multi) {
    double total = 0.0;
    for (const auto &p : multi) {
        total += area(p);
    }
    return total;
}

void close_ring(Ring &ring) {
    if (!ring.empty() && !(ring.front() == ring.back())) {
        ring.push_back(ring.front());
    }
}

void remove_repeated_points(Ring &ring) {
    ring.erase(std::unique(ring.begin(), ring.end()), ring.end());
    close_ring(ring);
}

void orient_rfc7946(MultiPolygon &multi) {
    for (auto &polygon : multi) {
        for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
            auto &ring = polygon.rings[i];
            const bool ccw = signed_area2(ring) > 0.0;
            const bool want_ccw = i == 0;
            if (ccw != want_ccw) {
                std::reverse(ring.begin(), ring.end());
            }
        }
    }
}

Box bounds(const Ring &ring) {
    Box b;
    for (const XY p : ring) {
        b.expand(p);
    }
    return b;
}

Box bounds(const MultiPolygon &multi) {
    Box b;
    for (const auto &polygon : multi) {
        if (!polygon.rings.empty()) {
            b.expand(bounds(polygon.rings[0]));
        }
    }
    return b;
}

bool ring_contains(const Ring &ring, XY p) {
    bool inside = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const XY a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x_cross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x_cross) {
                inside = !inside;
            }
        }
    }
    return inside;
}

bool contains(const Polygon &polygon, XY p) {
    if (polygon.rings.empty() || !ring_contains(polygon.rings[0], p)) {
        return false;
    }
    for (std::size_t i = 1; i < polygon.rings.size(); ++i) {
        if (ring_contains(polygon.rings[i], p)) {
            return false;
        }
    }
    return true;
}

bool contains(const MultiPolygon &multi, XY p) {
    return std::any_of(multi.begin(), multi.end(),
                       [p](const Polygon &polygon) { return contains(polygon, p); });
}

std::size_t vertex_count(const MultiPolygon &multi) {
    std::size_t n = 0;
    for (const auto &polygon : multi) {
        for (const auto &ring : polygon.rings) {
            n += ring.size();
        }
    }
    return n;
}

} // namespace hublo::algorithms::geometry
