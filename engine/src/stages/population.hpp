// Stage "population": the population of every commune, from a column of an indicator table
// or a field of the commune layer; negative or absurd values read as unknown and counted.
#pragma once

#include "stages/context.hpp"
#include "stages/load_communes.hpp"
#include "stages/load_tables.hpp"

#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The study file's [population].
struct PopulationSettings {
    std::string table; ///< indicator table id, or "" for a field of the commune layer
    std::string column;
};

struct PopulationInputs {
    const CommunesResult &communes; ///< with the tables' columns joined
    std::span<const TableSettings> tables;
    const std::vector<TableData> &table_data; ///< one per table
};

struct PopulationResult {
    std::vector<double> population; ///< per commune; NaN: unknown
    double total = 0.0;             ///< over the communes with a value
};

/// Throws Error (input) when the column is in neither the table nor the layer.
PopulationResult run_population(const PopulationSettings &settings, const PopulationInputs &in,
                                StageContext &ctx);

} // namespace hublo::stages
