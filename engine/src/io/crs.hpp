// Coordinate reference systems and transformations, on PROJ's C API.
//
// Every CRS here uses the traditional GIS axis order (x = easting or longitude first), so
// EPSG:4326 coordinates are lon/lat whatever the authority says. A transformation is built
// once per pair of definitions for the process (it costs milliseconds; later ones are
// clones) and is not thread-safe: use one per thread.
//
// The results are GDAL's to the bit: a transformation is PROJ's proj_create_crs_to_crs,
// normalised to the traditional order, built in the same direction, which is what GDAL's
// OGRCreateCoordinateTransformation does (tests/engine/test_crs.cpp compares both). hublo
// does not load GDAL for it: GDAL and its hundred libraries are loaded only for the formats
// that need them (io/gdal_module.hpp).
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <memory>
#include <span>
#include <string>

struct PJconsts;

namespace hublo::io {

/// A spatial reference in traditional GIS order; owns its PROJ object.
class Crs {
public:
    /// From "EPSG:2154", a PROJ string or WKT; throws Error (input) naming `context`.
    static Crs from_user(const std::string &definition, const std::string &context);
    /// From a PROJJSON or WKT text written by GDAL for a layer ("" gives an empty Crs);
    /// throws Error (data) naming `source` when PROJ cannot read it.
    static Crs from_text(const std::string &text, const std::string &source);

    Crs();
    Crs(const Crs &);
    Crs &operator=(const Crs &);
    Crs(Crs &&) noexcept;
    Crs &operator=(Crs &&) noexcept;
    ~Crs();

    [[nodiscard]] bool empty() const { return pj_ == nullptr; }
    /// "EPSG:2154" when the CRS has an EPSG code, else its name.
    [[nodiscard]] std::string name() const;
    /// True when coordinates are angles (degrees).
    [[nodiscard]] bool is_geographic() const;
    /// The same reference system, axis order aside (GDAL's OGRSpatialReference::IsSame).
    [[nodiscard]] bool same_as(const Crs &other) const;
    /// The text it was made from by from_user ("EPSG:2154"); "" when read from a file.
    [[nodiscard]] const std::string &definition() const { return definition_; }
    /// PROJJSON, for GDAL (io/gdal_module.hpp); "" for an empty Crs.
    [[nodiscard]] std::string json() const;
    [[nodiscard]] const PJconsts *pj() const { return pj_.get(); }

private:
    struct Deleter {
        void operator()(PJconsts *p) const;
    };
    std::unique_ptr<PJconsts, Deleter> pj_;
    std::string definition_;
    std::string key_; ///< what the transformation cache knows it by: the definition or text
    friend class Transformer;
};

/// A transformation from one CRS to another.
class Transformer {
public:
    Transformer(const Crs &from, const Crs &to);
    Transformer(Transformer &&) noexcept;
    Transformer &operator=(Transformer &&) noexcept;
    ~Transformer();

    /// Transforms in place; throws Error (computation) when a point cannot be transformed.
    void apply(std::span<algorithms::geometry::XY> points) const;
    [[nodiscard]] algorithms::geometry::XY apply(algorithms::geometry::XY p) const;
    /// As apply, each distinct point transformed once: for the vertices of polygons, which
    /// neighbours share and rings repeat (a commune layer has 2.4 vertices per distinct
    /// point). The same bits in give the same bits out, so the result is apply's.
    void apply_shared(std::span<algorithms::geometry::XY> points) const;
    /// Every vertex of the polygons, by apply_shared in one call.
    void apply(std::span<algorithms::geometry::MultiPolygon> polygons) const;
    void apply(algorithms::geometry::MultiPolygon &multi) const;

private:
    struct Deleter {
        void operator()(PJconsts *p) const;
    };
    std::unique_ptr<PJconsts, Deleter> pj_;
    std::string description_;
};

/// The UTM zone of a WGS84 point, as "EPSG:326zz" (north) or "EPSG:327zz" (south): a metric
/// CRS for inputs that come without a study (an OSM extract, a GTFS feed).
std::string utm_zone_of(const algorithms::geometry::XY &lonlat);

} // namespace hublo::io
