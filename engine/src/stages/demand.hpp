// Stage "demand": the points where the people live, with the people each stands for: one
// point per commune (from a table of coordinates, else its polygon's point on surface),
// replaced by its population-grid cells where a grid is given and has cells in it.
#pragma once

#include "io/csv.hpp"
#include "model/areas.hpp"
#include "stages/context.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The demand points' sources, from the study file's [access] demand and grid.
struct DemandSettings {
    /// Demand points per commune from a table of coordinates (WGS84 lon/lat) by code;
    /// communes without a row use their polygon's point on surface.
    std::optional<io::TableSource> table;
    std::string code, lon, lat;
    /// Population grid (Insee Filosofi cells, ids such as "CRS3035RES1000mN2690000E3540000"):
    /// communes holding cell centres use their cells as demand points instead of one point.
    std::optional<io::TableSource> grid;
    std::string grid_id = "idcar_1km";
    std::string grid_population = "ind";
};

struct DemandInputs {
    const model::AreaSet &communes;
    const std::vector<double> &population; ///< per commune; NaN: unknown
};

/// The demand points of a study and the commune each belongs to.
struct Demand {
    std::vector<algorithms::geometry::XY> xy; ///< study CRS
    std::vector<std::uint32_t> commune;
    /// People the point stands for: the commune's population for a single point; for grid
    /// cells, their share of it (by cell population), or the cell population when the
    /// commune has none.
    std::vector<double> weight;
    std::vector<std::string> origin;       ///< per commune: "grid", "table" or "polygon"
    std::vector<std::uint32_t> main_point; ///< per commune: its only or most populated point
    std::vector<std::uint32_t> cells;      ///< per commune: grid cells in it
    std::vector<double> grid_people;       ///< per commune: the grid's population in it
};

/// The people at risk each demand point stands for, and what they are.
struct DemandAtRisk {
    /// "people_at_risk" (expected people in illectronism, when every populated commune has
    /// an estimate, spread over its points by people), "risk_weighted_population" (people x
    /// risk index / its population-weighted mean) or "population".
    std::string kind;
    std::vector<double> people; ///< per demand point
};

/// The demand at risk of every point: `illectronism` (expected people per commune) when
/// complete, else `risk_index` (per commune), else the people; either may be empty.
DemandAtRisk demand_at_risk(const Demand &demand, std::span<const double> population,
                            std::span<const double> risk_index,
                            std::span<const double> illectronism);

/// Throws Error (input) on a missing column of the demand table or grid.
Demand run_demand(const DemandSettings &settings, const DemandInputs &in, StageContext &ctx);

} // namespace hublo::stages
