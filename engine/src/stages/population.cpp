#include "stages/population.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hublo::stages {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The column of a table, as joined to the communes.
std::vector<double> from_table(const PopulationSettings &settings, const PopulationInputs &in) {
    std::size_t t = 0;
    while (in.tables[t].id != settings.table) {
        ++t;
    }
    const auto &data = in.table_data[t];
    const auto it =
        std::find(data.source_columns.begin(), data.source_columns.end(), settings.column);
    if (it == data.source_columns.end()) {
        throw Error(ErrorKind::input, "[population] column '" + settings.column +
                                          "' is not among the columns of table '" + settings.table +
                                          "'; add it to that table's columns");
    }
    const std::string name =
        data.columns[static_cast<std::size_t>(it - data.source_columns.begin())];
    const auto *values = in.communes.communes.indicator(name);
    return values ? *values
                  : std::vector<double>(in.communes.communes.size(),
                                        std::numeric_limits<double>::quiet_NaN());
}
} // namespace

PopulationResult run_population(const PopulationSettings &settings, const PopulationInputs &in,
                                StageContext &ctx) {
    const auto &communes = in.communes.communes;
    PopulationResult out;
    auto &population = out.population;
    population.assign(communes.size(), kNaN);
    if (!settings.column.empty()) {
        if (settings.table.empty()) {
            const auto &layer = in.communes.attributes;
            const auto c = layer.require_field(settings.column, "[population] column");
            for (std::size_t i = 0; i < communes.size(); ++i) {
                population[i] = io::parse_number(layer.values[i][c], false, nullptr).value_or(kNaN);
            }
        } else {
            population = from_table(settings, in);
        }
        for (std::size_t i = 0; i < population.size(); ++i) {
            // Negative, infinite or absurd (above the 2.2 million of Paris, the largest
            // commune, with a wide margin) populations are errors of the source: unknown.
            if (!std::isnan(population[i]) && (!(population[i] >= 0) || !(population[i] <= 1e7))) {
                ctx.log.add("commune_population_invalid",
                            "communes whose population is negative or absurd (above 10 million), "
                            "read as unknown",
                            communes.codes[i] + " (" + io::format_number(population[i]) + ")");
                population[i] = kNaN;
            }
            if (std::isnan(population[i])) {
                ctx.log.add("commune_without_population", "communes without a population",
                            communes.codes[i]);
            }
        }
    }
    out.total = std::accumulate(population.begin(), population.end(), 0.0,
                                [](double a, double b) { return std::isnan(b) ? a : a + b; });
    return out;
}

} // namespace hublo::stages
