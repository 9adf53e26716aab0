// The last leg where the roads stop. A time surface (time_surface.hpp) reaches the raster
// nodes within max_offroad_m of a road; where the study has only the numbered roads, homes
// further away are reached by local streets it does not hold. These functions label the
// raster nodes with the area (commune) they fall in, and carry the surface's times on to
// every node of those areas at an off-road pace (circuity / speed), so the bands cover the
// land people live on and the people counted in a band are the people of its area.
#pragma once

#include "hublo/algorithms/geometry.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::isochrone {

inline constexpr std::uint32_t kNoArea = 0xFFFFFFFFu;

/// For each raster node (value(col, row) at x0 + col * cell, y0 + row * cell), the index of
/// the first multipolygon containing it (even-odd rule per polygon: holes are outside), or
/// kNoArea. A scanline fill: O(rows x edges + nodes), no point-in-polygon test per node.
std::vector<std::uint32_t> label_nodes(std::span<const geometry::MultiPolygon> areas,
                                       std::size_t cols, std::size_t rows, double x0, double y0,
                                       double cell);

/// Carries the times of `surface` (seconds, row-major like Raster; kUnreached or +inf where
/// unreached) from node to node at `seconds_per_m`, to the nodes whose `label` is not kNoArea.
/// Two rounds of chamfer sweeps over 16 neighbours (steps of 1, sqrt 2 and sqrt 5 cells):
/// the carried time is the time of some reached node plus a path at most 2.75 % longer
/// than the straight line, never shorter (Borgefors 1986). The carrying may pass through
/// any node; only labelled nodes are written, and only when it lowers their time.
/// Deterministic, one thread.
void carry_last_leg(std::span<double> surface, std::span<const std::uint32_t> label,
                    std::size_t cols, std::size_t rows, double cell, double seconds_per_m);

} // namespace hublo::algorithms::isochrone
