#include "stages/demand.hpp"

#include "io/text.hpp"
#include "stages/grid.hpp"

#include <cmath>
#include <unordered_map>

namespace hublo::stages {

Demand run_demand(const DemandSettings &settings, const DemandInputs &in, StageContext &ctx) {
    const auto &communes = in.communes;
    const auto &population = in.population;
    auto &log = ctx.log;
    std::unordered_map<std::string, XY> lonlat;
    if (settings.table) {
        const auto &t = *settings.table;
        const io::CsvTable csv = io::read_table(t);
        const auto c_code = csv.require_column(settings.code, "[access] demand code");
        const auto c_lon = csv.require_column(settings.lon, "[access] demand lon");
        const auto c_lat = csv.require_column(settings.lat, "[access] demand lat");
        for (std::size_t r = 0; r < csv.rows.size(); ++r) {
            const auto &row = csv.rows[r];
            bool bad = false;
            const auto lon = io::parse_number(row[c_lon], csv.decimal_comma(), &bad);
            const auto lat = io::parse_number(row[c_lat], csv.decimal_comma(), &bad);
            if (!lon || !lat || std::abs(*lat) > 90 || std::abs(*lon) > 180) {
                log.add("demand_bad_coordinates", "rows of the demand table without usable lon/lat",
                        csv.source + ":" + std::to_string(csv.row_line[r]));
                continue;
            }
            lonlat.emplace(io::normalise_code(row[c_code], t.code_width), XY{*lon, *lat});
        }
    }
    const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"), ctx.crs);

    // Grid cells by commune (the commune containing the cell's centre).
    std::vector<std::vector<std::pair<XY, double>>> cells(communes.codes.size());
    if (settings.grid) {
        const auto grid = read_grid(*settings.grid, settings.grid_id, {settings.grid_population},
                                    "[access] grid", communes, ctx.crs, log);
        for (std::size_t k = 0; k < grid.commune.size(); ++k) {
            if (grid.values[k][0] > 0) {
                cells[grid.commune[k]].emplace_back(grid.centre[k], grid.values[k][0]);
            }
        }
    }

    Demand d;
    d.origin.assign(communes.codes.size(), "polygon");
    d.main_point.assign(communes.codes.size(), 0);
    d.cells.assign(communes.codes.size(), 0);
    d.grid_people.assign(communes.codes.size(), 0.0);
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        const auto c = static_cast<std::uint32_t>(i);
        if (!cells[i].empty()) {
            double total = 0, best = -1;
            for (const auto &[p, pop] : cells[i]) {
                total += pop;
            }
            for (const auto &[p, pop] : cells[i]) {
                if (pop > best) {
                    best = pop;
                    d.main_point[i] = static_cast<std::uint32_t>(d.xy.size());
                }
                d.xy.push_back(p);
                d.commune.push_back(c);
                d.weight.push_back(std::isnan(population[i]) ? pop : population[i] * pop / total);
            }
            d.origin[i] = "grid";
            d.cells[i] = static_cast<std::uint32_t>(cells[i].size());
            d.grid_people[i] = total;
            continue;
        }
        d.main_point[i] = static_cast<std::uint32_t>(d.xy.size());
        if (auto it = lonlat.find(communes.codes[i]); it != lonlat.end()) {
            d.xy.push_back(to_study.apply(it->second));
            d.origin[i] = "table";
        } else {
            d.xy.push_back(ctx.geos.point_on_surface(communes.geoms[i]));
            if (settings.table) {
                log.add("demand_point_from_polygon",
                        "communes missing from the demand table, placed at their polygon's "
                        "point on surface",
                        communes.codes[i]);
            }
        }
        d.commune.push_back(c);
        d.weight.push_back(population[i]);
    }
    return d;
}

namespace {
double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}
} // namespace

DemandAtRisk demand_at_risk(const Demand &demand, std::span<const double> population,
                            std::span<const double> risk_index,
                            std::span<const double> illectronism) {
    DemandAtRisk result;
    auto &out = result.people;
    const std::size_t n = population.size();
    std::vector<double> weight_sum(n, 0.0);
    for (std::size_t p = 0; p < demand.xy.size(); ++p) {
        weight_sum[demand.commune[p]] += known(demand.weight[p]);
    }
    out.assign(demand.xy.size(), 0.0);
    bool all_estimated = !illectronism.empty();
    for (std::size_t i = 0; i < n && all_estimated; ++i) {
        all_estimated = !(known(population[i]) > 0) || std::isfinite(illectronism[i]);
    }
    if (all_estimated) {
        // The commune's expected people in illectronism, spread over its points by people.
        for (std::size_t p = 0; p < out.size(); ++p) {
            const auto c = demand.commune[p];
            out[p] = weight_sum[c] > 0
                         ? known(illectronism[c]) * known(demand.weight[p]) / weight_sum[c]
                         : 0.0;
        }
        result.kind = "people_at_risk";
        return result;
    }
    if (!risk_index.empty()) {
        // People weighted by their commune's risk index over its population-weighted mean:
        // the total stays the population, shifted towards the communes most at risk.
        double num = 0, den = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isfinite(risk_index[i]) && known(population[i]) > 0) {
                num += risk_index[i] * population[i];
                den += population[i];
            }
        }
        const double mean = den > 0 ? num / den : 1.0;
        for (std::size_t p = 0; p < out.size(); ++p) {
            const double idx = risk_index[demand.commune[p]];
            out[p] = known(demand.weight[p]) * (std::isfinite(idx) ? idx / mean : 1.0);
        }
        result.kind = "risk_weighted_population";
        return result;
    }
    for (std::size_t p = 0; p < out.size(); ++p) {
        out[p] = known(demand.weight[p]);
    }
    result.kind = "population";
    return result;
}

} // namespace hublo::stages
