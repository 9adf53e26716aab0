// Coordinate reference systems and transformations (PROJ, through GDAL's OSR).
//
// Every CRS here uses the traditional GIS axis order (x = easting or longitude first), so
// EPSG:4326 coordinates are lon/lat whatever the authority says. A transformation is built
// once per pair of definitions for the process (it costs milliseconds; later ones are
// clones) and is not thread-safe: use one per thread.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <memory>
#include <span>
#include <string>

class OGRSpatialReference;
class OGRCoordinateTransformation;

namespace hublo::io {

/// Registers GDAL drivers once; safe to call from anywhere, any number of times.
void ensure_gdal();

/// A spatial reference in traditional GIS order; owns its OSR object.
class Crs {
public:
    /// From "EPSG:2154", a PROJ string or WKT; throws Error (input) naming `context`.
    static Crs from_user(const std::string &definition, const std::string &context);
    /// A copy of a layer's reference (nullptr gives an empty Crs).
    static Crs from_osr(const OGRSpatialReference *srs);

    Crs();
    Crs(const Crs &);
    Crs &operator=(const Crs &);
    Crs(Crs &&) noexcept;
    Crs &operator=(Crs &&) noexcept;
    ~Crs();

    [[nodiscard]] bool empty() const { return srs_ == nullptr; }
    [[nodiscard]] const OGRSpatialReference *osr() const { return srs_.get(); }
    /// "EPSG:2154" when the CRS has an EPSG code, else its name.
    [[nodiscard]] std::string name() const;
    /// True when coordinates are angles (degrees).
    [[nodiscard]] bool is_geographic() const;
    /// The text it was made from by from_user ("EPSG:2154"); "" when read from a file.
    [[nodiscard]] const std::string &definition() const { return definition_; }

private:
    struct Deleter {
        void operator()(OGRSpatialReference *p) const;
    };
    std::unique_ptr<OGRSpatialReference, Deleter> srs_;
    std::string definition_;
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
    [[nodiscard]] OGRCoordinateTransformation *ogr() const { return ct_.get(); }

private:
    struct Deleter {
        void operator()(OGRCoordinateTransformation *p) const;
    };
    std::unique_ptr<OGRCoordinateTransformation, Deleter> ct_;
    std::string description_;
};

} // namespace hublo::io
