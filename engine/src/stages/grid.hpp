// Insee population grids (Filosofi 1 km or 200 m cells, ids such as
// "CRS3035RES1000mN2690000E3540000"): cell centres located in the communes. Read by the
// demand stage (people per cell) and the illectronism stage (ages per cell).
#pragma once

#include "core/issue_log.hpp"
#include "hublo/algorithms/geometry.hpp"
#include "io/crs.hpp"
#include "io/csv.hpp"
#include "model/areas.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::stages {

using algorithms::geometry::XY;

/// The centre of an Insee grid cell, in EPSG:3035, from its id; nullopt when the id is not
/// one.
std::optional<XY> grid_cell_centre(std::string_view id);

/// Cells of a population grid whose centre lies in a commune, with the requested columns.
struct GridCells {
    std::vector<XY> centre; ///< study CRS
    std::vector<std::uint32_t> commune;
    std::vector<std::vector<double>> values; ///< per cell, per requested column (NaN: missing)
};

/// The cells of `table` whose centre lies in a commune, with `columns` read as numbers
/// (NaN: missing); cells outside every commune are counted in `log`. Throws Error (data) on
/// a cell id that is not an Insee grid id, (input) on a missing column; `setting` names the
/// study setting in messages.
GridCells read_grid(const io::TableSource &table, const std::string &id_column,
                    const std::vector<std::string> &columns, const std::string &setting,
                    const model::AreaSet &communes, const io::Crs &study_crs, core::IssueLog &log);

} // namespace hublo::stages
