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

    /// A valid polygonal version of `g` (GEOS MakeValid, polygonal parts kept).
    algorithms::geometry::MultiPolygon make_valid(const algorithms::geometry::MultiPolygon &g);

    /// A point guaranteed inside the polygon (GEOS PointOnSurface), for labels and for places
    /// known only by their commune.
    algorithms::geometry::XY point_on_surface(const algorithms::geometry::MultiPolygon &g);

private:
    void *handle_; // GEOSContextHandle_t, kept opaque to spare includers geos_c.h
};

} // namespace hublo::geom
