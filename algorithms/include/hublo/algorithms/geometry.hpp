// Plain planar geometry: points, rings, polygons and multipolygons as value types.
//
// These types carry no CRS: callers state it (study metres, or lon/lat degrees for output).
// Rings are closed (first point == last point) once normalised by close_ring().
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace hublo::algorithms::geometry {

/// A point in a planar CRS: x east, y north (metres in the study CRS, or lon/lat degrees).
struct XY {
    double x = 0.0;
    double y = 0.0;
    friend bool operator==(const XY &, const XY &) = default;
};

/// A closed ring: the first point is repeated at the end.
using Ring = std::vector<XY>;

/// A polygon: rings[0] is the shell, the others are holes.
struct Polygon {
    std::vector<Ring> rings;
};

/// A multipolygon: zero or more polygons (an empty one is an empty geometry).
using MultiPolygon = std::vector<Polygon>;

/// Axis-aligned box; empty when min > max.
struct Box {
    double min_x = 1.0, min_y = 1.0, max_x = 0.0, max_y = 0.0;
    [[nodiscard]] bool empty() const { return min_x > max_x || min_y > max_y; }
    void expand(XY p);
    void expand(const Box &b);
    [[nodiscard]] bool contains(XY p) const {
        return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
    }
    [[nodiscard]] bool intersects(const Box &b) const {
        return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
    }
};

/// Twice the signed area of a closed ring (shoelace); positive when counter-clockwise.
/// Computed relative to the first vertex to keep precision with large projected coordinates.
double signed_area2(std::span<const XY> ring);

/// Area of a polygon (shell minus holes), in squared CRS units; orientation-independent.
double area(const Polygon &polygon);
double area(const MultiPolygon &multi);

/// Closes the ring when its last point differs from the first.
void close_ring(Ring &ring);

/// Removes consecutive duplicate points (keeps closure).
void remove_repeated_points(Ring &ring);

/// Orients rings as RFC 7946 §3.1.6 asks: shells counter-clockwise, holes clockwise.
void orient_rfc7946(MultiPolygon &multi);

Box bounds(const MultiPolygon &multi);
Box bounds(const Ring &ring);

/// Even-odd test of a point against a polygon with holes; points on an edge may go either way.
bool ring_contains(const Ring &ring, XY p);
bool contains(const Polygon &polygon, XY p);
bool contains(const MultiPolygon &multi, XY p);

/// Number of vertices of all rings, closing points included.
std::size_t vertex_count(const MultiPolygon &multi);

} // namespace hublo::algorithms::geometry
