#include "geom/geos.hpp"

#include "hublo/error.hpp"

#include <geos_c.h>

#include <cmath>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <vector>

namespace hublo::geom {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::Polygon;
using algorithms::geometry::Ring;
using algorithms::geometry::XY;

namespace {
thread_local std::string g_last_message;

void on_message(const char *fmt, ...) {
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    g_last_message = buf;
}

GEOSContextHandle_t ctx(void *h) {
    return static_cast<GEOSContextHandle_t>(h);
}

struct GeomDeleter {
    GEOSContextHandle_t h;
    void operator()(GEOSGeometry *g) const {
        if (g) {
            GEOSGeom_destroy_r(h, g);
        }
    }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

[[noreturn]] void fail(const char *what) {
    throw Error(ErrorKind::computation, std::string("GEOS ") + what + " failed: " + g_last_message);
}

GEOSGeometry *make_ring(GEOSContextHandle_t h, const Ring &ring) {
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(
        h, reinterpret_cast<const double *>(ring.data()), static_cast<unsigned>(ring.size()), 0, 0);
    if (!seq) {
        fail("coordinate sequence");
    }
    GEOSGeometry *g = GEOSGeom_createLinearRing_r(h, seq);
    if (!g) {
        fail("ring creation");
    }
    return g;
}

GEOSGeometry *make_polygon(GEOSContextHandle_t h, const Polygon &p) {
    GEOSGeometry *shell = make_ring(h, p.rings.at(0));
    std::vector<GEOSGeometry *> holes;
    for (std::size_t i = 1; i < p.rings.size(); ++i) {
        holes.push_back(make_ring(h, p.rings[i]));
    }
    GEOSGeometry *g =
        GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size()));
    if (!g) {
        fail("polygon creation");
    }
    return g;
}

GeomPtr to_geos(GEOSContextHandle_t h, const MultiPolygon &mp) {
    std::vector<GEOSGeometry *> parts;
    for (const auto &p : mp) {
        if (!p.rings.empty() && p.rings[0].size() >= 4) {
            parts.push_back(make_polygon(h, p));
        }
    }
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                                  static_cast<unsigned>(parts.size()));
    if (!g) {
        fail("multipolygon creation");
    }
    return GeomPtr(g, GeomDeleter{h});
}

Ring from_ring(GEOSContextHandle_t h, const GEOSGeometry *ring) {
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    Ring out(n);
    if (n > 0) {
        GEOSCoordSeq_copyToBuffer_r(h, seq, reinterpret_cast<double *>(out.data()), 0, 0);
    }
    return out;
}

void from_geos(GEOSContextHandle_t h, const GEOSGeometry *g, MultiPolygon &out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g)) {
            return;
        }
        Polygon p;
        p.rings.push_back(from_ring(h, GEOSGetExteriorRing_r(h, g)));
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) {
            p.rings.push_back(from_ring(h, GEOSGetInteriorRingN_r(h, g, i)));
        }
        out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) {
            from_geos(h, GEOSGetGeometryN_r(h, g, i), out);
        }
    }
    // Points and lines (from MakeValid on degenerate input) are dropped: areas only.
}
} // namespace

Geos::Geos() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorHandler_r(ctx(handle_), on_message);
    GEOSContext_setNoticeHandler_r(ctx(handle_), nullptr);
}

Geos::~Geos() {
    GEOS_finish_r(ctx(handle_));
}

MultiPolygon Geos::dissolve(std::span<const MultiPolygon *const> parts) {
    auto h = ctx(handle_);
    std::vector<GEOSGeometry *> polygons;
    for (const MultiPolygon *mp : parts) {
        for (const auto &p : *mp) {
            if (!p.rings.empty() && p.rings[0].size() >= 4) {
                polygons.push_back(make_polygon(h, p));
            }
        }
    }
    GeomPtr coll(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, polygons.data(),
                                             static_cast<unsigned>(polygons.size())),
                 GeomDeleter{h});
    if (!coll) {
        fail("collection creation");
    }
    GeomPtr result(GEOSCoverageUnion_r(h, coll.get()), GeomDeleter{h});
    if (!result || GEOSisValid_r(h, result.get()) != 1) {
        result.reset(GEOSUnaryUnion_r(h, coll.get()));
        if (!result) {
            fail("union");
        }
    }
    MultiPolygon out;
    from_geos(h, result.get(), out);
    return out;
}

bool Geos::is_valid(const MultiPolygon &g, std::string *reason) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    const char valid = GEOSisValid_r(h, geom.get());
    if (valid == 2) {
        fail("validity check");
    }
    if (valid == 0 && reason) {
        char *r = GEOSisValidReason_r(h, geom.get());
        *reason = r ? r : "invalid";
        GEOSFree_r(h, r);
    }
    return valid == 1;
}

bool Geos::shares_border(const MultiPolygon &a, const MultiPolygon &b) {
    auto h = ctx(handle_);
    GeomPtr ga = to_geos(h, a), gb = to_geos(h, b);
    // DE-9IM: the boundaries meet along a line (dimension 1).
    const char r = GEOSRelatePattern_r(h, ga.get(), gb.get(), "****1****");
    if (r == 2) {
        fail("relate");
    }
    return r == 1;
}

MultiPolygon Geos::make_valid(const MultiPolygon &g) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    GeomPtr fixed(GEOSMakeValid_r(h, geom.get()), GeomDeleter{h});
    if (!fixed) {
        fail("make valid");
    }
    MultiPolygon out;
    from_geos(h, fixed.get(), out);
    return out;
}

namespace {
/// a OP b for GEOS's binary set operations (areas only), named in the error.
using SetOperation = GEOSGeometry *(*)(GEOSContextHandle_t, const GEOSGeometry *,
                                       const GEOSGeometry *);
MultiPolygon set_operation(GEOSContextHandle_t h, const MultiPolygon &a, const MultiPolygon &b,
                           SetOperation op, const char *what) {
    GeomPtr ga = to_geos(h, a), gb = to_geos(h, b);
    GeomPtr d(op(h, ga.get(), gb.get()), GeomDeleter{h});
    if (!d) {
        fail(what);
    }
    MultiPolygon out;
    from_geos(h, d.get(), out);
    return out;
}
} // namespace

MultiPolygon Geos::difference(const MultiPolygon &a, const MultiPolygon &b) {
    return set_operation(ctx(handle_), a, b, GEOSDifference_r, "difference");
}

MultiPolygon Geos::intersection(const MultiPolygon &a, const MultiPolygon &b) {
    return set_operation(ctx(handle_), a, b, GEOSIntersection_r, "intersection");
}

MultiPolygon Geos::clip_to_box(const MultiPolygon &g, const algorithms::geometry::Box &box) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    GeomPtr c(GEOSClipByRect_r(h, geom.get(), box.min_x, box.min_y, box.max_x, box.max_y),
              GeomDeleter{h});
    if (!c) {
        fail("clip by rectangle");
    }
    MultiPolygon out;
    from_geos(h, c.get(), out);
    return out;
}

MultiPolygon Geos::simplify(const MultiPolygon &g, double tolerance) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    GeomPtr s(GEOSTopologyPreserveSimplify_r(h, geom.get(), tolerance), GeomDeleter{h});
    if (!s) {
        fail("simplify");
    }
    if (GEOSisValid_r(h, s.get()) != 1) {
        s.reset(GEOSMakeValid_r(h, s.get()));
        if (!s) {
            fail("make valid after simplify");
        }
    }
    MultiPolygon out;
    from_geos(h, s.get(), out);
    return out;
}

MultiPolygon Geos::set_precision(const MultiPolygon &g, double grid_size) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    GeomPtr snapped(GEOSGeom_setPrecision_r(h, geom.get(), grid_size, 0), GeomDeleter{h});
    if (!snapped) {
        fail("set precision");
    }
    MultiPolygon out;
    from_geos(h, snapped.get(), out);
    return out;
}

MultiPolygon Geos::round_valid(const MultiPolygon &g, double grid_size) {
    MultiPolygon out;
    out.reserve(g.size());
    for (const auto &polygon : g) {
        algorithms::geometry::Polygon rounded;
        for (const auto &ring : polygon.rings) {
            algorithms::geometry::Ring r;
            r.reserve(ring.size());
            for (const auto &p : ring) {
                r.push_back({std::round(p.x / grid_size) * grid_size,
                             std::round(p.y / grid_size) * grid_size});
            }
            algorithms::geometry::remove_repeated_points(r);
            if (r.size() >= 4 && algorithms::geometry::signed_area2(r) != 0.0) {
                rounded.rings.push_back(std::move(r));
            } else if (rounded.rings.empty()) {
                break; // the shell collapsed: so does the polygon
            }
        }
        if (!rounded.rings.empty()) {
            out.push_back(std::move(rounded));
        }
    }
    if (is_valid(out)) {
        return out;
    }
    return set_precision(g, grid_size);
}

XY Geos::point_on_surface(const MultiPolygon &g) {
    auto h = ctx(handle_);
    GeomPtr geom = to_geos(h, g);
    GeomPtr point(GEOSPointOnSurface_r(h, geom.get()), GeomDeleter{h});
    if (!point || GEOSisEmpty_r(h, point.get())) {
        fail("point on surface");
    }
    XY p;
    GEOSGeomGetX_r(h, point.get(), &p.x);
    GEOSGeomGetY_r(h, point.get(), &p.y);
    return p;
}

} // namespace hublo::geom
