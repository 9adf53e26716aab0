// Which polygon of a coverage holds a point: a uniform grid over polygon bounds, then an exact
// even-odd test. Built once, then read-only: queries are thread-safe.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace hublo::algorithms::locate {

class PolygonLocator {
public:
    /// Indexes the polygons by reference: they must outlive the locator and stay unchanged.
    /// `cells_per_polygon` tunes the grid (about that many cells per polygon overall).
    explicit PolygonLocator(std::span<const geometry::MultiPolygon> polygons,
                            double cells_per_polygon = 4.0);

    /// Index of the first polygon (lowest index) containing p, or nullopt when none does.
    [[nodiscard]] std::optional<std::size_t> find(geometry::XY p) const;

    /// Index of the polygon nearest to p by distance to its boundary, when within max_distance
    /// (CRS units); used to attach points that fall just outside a simplified coverage.
    [[nodiscard]] std::optional<std::size_t> nearest(geometry::XY p, double max_distance) const;

private:
    [[nodiscard]] std::int64_t cell_of(double x, double y, int &cx, int &cy) const;

    std::span<const geometry::MultiPolygon> polygons_;
    std::vector<geometry::Box> boxes_;
    geometry::Box extent_;
    double cell_size_ = 1.0;
    int nx_ = 0, ny_ = 0;
    std::vector<std::uint32_t> cell_start_; // CSR: cell -> range in cell_items_
    std::vector<std::uint32_t> cell_items_;
};

/// Distance from p to the boundary of a multipolygon (0 when p is on it), CRS units.
double boundary_distance(const geometry::MultiPolygon &multi, geometry::XY p);

} // namespace hublo::algorithms::locate
