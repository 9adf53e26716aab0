#include "stages/grid.hpp"

#include "hublo/algorithms/locate.hpp"
#include "hublo/error.hpp"
#include "io/text.hpp"

#include <charconv>
#include <limits>

namespace hublo::stages {

std::optional<XY> grid_cell_centre(std::string_view id) {
    const auto res = id.find("RES"), n = id.find('N', 7), e = id.rfind('E');
    if (id.rfind("CRS3035", 0) != 0 || res == std::string_view::npos ||
        n == std::string_view::npos || e == std::string_view::npos || e < n) {
        return std::nullopt;
    }
    double size = 0, north = 0, east = 0;
    const auto m = id.find('m', res);
    auto number = [](std::string_view text, double &out) {
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && ptr == text.data() + text.size();
    };
    if (m == std::string_view::npos || !number(id.substr(res + 3, m - res - 3), size) ||
        !number(id.substr(n + 1, e - n - 1), north) || !number(id.substr(e + 1), east)) {
        return std::nullopt;
    }
    return XY{east + size / 2, north + size / 2};
}

GridCells read_grid(const io::TableSource &table, const std::string &id_column,
                    const std::vector<std::string> &columns, const std::string &setting,
                    const model::AreaSet &communes, const io::Crs &study_crs, core::IssueLog &log) {
    const io::CsvTable csv = io::read_table(table);
    const auto c_id = csv.require_column(id_column, setting + " id");
    std::vector<std::size_t> cols;
    for (const auto &c : columns) {
        cols.push_back(csv.require_column(c, setting + " columns"));
    }
    // Every cell centre first, reprojected in one call; then each located in its commune.
    std::vector<XY> centres(csv.rows.size());
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        const auto centre = grid_cell_centre(io::trim(row[c_id]));
        if (!centre) {
            throw Error(ErrorKind::data, csv.source + ":" + std::to_string(csv.row_line[r]) +
                                             ": cell id '" + row[c_id] +
                                             "' is not an Insee grid id such as "
                                             "CRS3035RES1000mN2690000E3540000; check " +
                                             setting + " id");
        }
        centres[r] = *centre;
    }
    io::Transformer(io::Crs::from_user("EPSG:3035", "grid"), study_crs).apply(centres);
    const algorithms::locate::PolygonLocator locator(communes.geoms);
    GridCells out;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        std::vector<double> v;
        for (const auto c : cols) {
            v.push_back(io::parse_number(row[c], csv.decimal_comma(), nullptr)
                            .value_or(std::numeric_limits<double>::quiet_NaN()));
        }
        const XY p = centres[r];
        if (auto hit = locator.find(p)) {
            out.centre.push_back(p);
            out.commune.push_back(static_cast<std::uint32_t>(*hit));
            out.values.push_back(std::move(v));
        } else {
            log.add("grid_cell_outside_communes:" + table.path.filename().string(),
                    "grid cells whose centre is in no commune of the study", row[c_id]);
        }
    }
    return out;
}

} // namespace hublo::stages
