// Marching squares: the region of a raster where the value is at most a threshold, as
// polygons with holes.
//
// Guarantees: corner values are sampled at cell corners (grid nodes); a node is inside when
// its value is <= threshold (NaN and +inf are outside). Crossings are linearly interpolated
// along grid edges; the two saddle cases are resolved by the mean of the cell's four corners
// (inside when the mean is <= threshold), the same rule everywhere, so neighbouring cells
// agree. The raster is padded with outside nodes, so every ring closes. Segments keep the
// inside on their left: shells come out counter-clockwise and holes clockwise; each hole is
// put in the smallest shell that contains it. Rings of fewer than 4 positions are dropped.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstddef>
#include <span>

namespace hublo::algorithms::isochrone {

/// A raster of node values: value(col, row) at x = x0 + col * cell, y = y0 + row * cell.
struct Raster {
    std::size_t cols = 0;
    std::size_t rows = 0;
    double x0 = 0.0;
    double y0 = 0.0;
    double cell = 1.0;
    std::span<const double> values; ///< rows * cols, row-major from y0 upwards
    [[nodiscard]] double at(std::size_t col, std::size_t row) const {
        return values[row * cols + col];
    }
};

/// The region where value <= threshold, as a multipolygon in the raster's CRS.
geometry::MultiPolygon contour(const Raster &raster, double threshold);

} // namespace hublo::algorithms::isochrone
