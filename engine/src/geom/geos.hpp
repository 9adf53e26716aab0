// Polygon operations through the GEOS C API (`_r` functions, one context per object).
// A Geos object is not thread-safe: use one per thread.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <span>
#include <string>

namespace hublo::geom {

class Geos {
public:
    Geos();
    ~Geos();
    Geos(const Geos &) = delete;
    Geos &operator=(const Geos &) = delete;

    /// Union of polygons forming a coverage (edges shared exactly, no overlap), as the
    /// dissolve of communes into EPCI. Uses GEOS's coverage union, and falls back to a full
    /// unary union when the inputs are not a clean coverage; the result is valid.
    algorithms::geometry::MultiPolygon
    dissolve(std::span<const algorithms::geometry::MultiPolygon *const> parts);

    /// True when valid per OGC rules; `reason` gets GEOS's explanation otherwise.
    bool is_valid(const algorithms::geometry::MultiPolygon &g, std::string *reason = nullptr);

    /// True when the boundaries of a and b share a line (neighbours in a coverage, not just
    /// touching at a point).
    bool shares_border(const algorithms::geometry::MultiPolygon &a,
                       const algorithms::geometry::MultiPolygon &b);

    /// A valid polygonal version of `g` (GEOS MakeValid, polygonal parts kept).
    algorithms::geometry::MultiPolygon make_valid(const algorithms::geometry::MultiPolygon &g);

    /// a minus b, valid (areas only).
    algorithms::geometry::MultiPolygon difference(const algorithms::geometry::MultiPolygon &a,
                                                  const algorithms::geometry::MultiPolygon &b);

    /// a intersected with b, valid (areas only).
    algorithms::geometry::MultiPolygon intersection(const algorithms::geometry::MultiPolygon &a,
                                                    const algorithms::geometry::MultiPolygon &b);

    /// The part of `g` inside `box` (GEOS ClipByRect: fast, for drawing and as a first cut
    /// before a full intersection).
    algorithms::geometry::MultiPolygon clip_to_box(const algorithms::geometry::MultiPolygon &g,
                                                   const algorithms::geometry::Box &box);

    /// Douglas-Peucker simplification that keeps the topology (GEOS
    /// TopologyPreserveSimplify), then made valid when needed; tolerance in CRS units.
    algorithms::geometry::MultiPolygon simplify(const algorithms::geometry::MultiPolygon &g,
                                                double tolerance);

    /// Snaps every coordinate to a grid of `grid_size` (GEOS SetPrecision), keeping the
    /// result valid: used before writing coordinates with a fixed number of decimals.
    algorithms::geometry::MultiPolygon set_precision(const algorithms::geometry::MultiPolygon &g,
                                                     double grid_size);

    /// Coordinates rounded to multiples of `grid_size`, with repeated points and collapsed
    /// rings removed; when plain rounding leaves the polygon invalid (nearly touching rings
    /// that now cross), GEOS SetPrecision of the original instead. Same result as
    /// set_precision for the common case, at a fraction of its cost.
    algorithms::geometry::MultiPolygon round_valid(const algorithms::geometry::MultiPolygon &g,
                                                   double grid_size);

    /// A point guaranteed inside the polygon (GEOS PointOnSurface), for labels and for places
    /// known only by their commune.
    algorithms::geometry::XY point_on_surface(const algorithms::geometry::MultiPolygon &g);

private:
    void *handle_; // GEOSContextHandle_t, kept opaque to spare includers geos_c.h
};

} // namespace hublo::geom
