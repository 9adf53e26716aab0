// Stage "load tables": the indicator tables ([[tables]]), read as numbers by code, their
// duplicate rows handled as each table says. Joining them to the areas is align_levels'.
#pragma once

#include "io/csv.hpp"
#include "stages/context.hpp"

#include <string>
#include <vector>

namespace hublo::stages {

enum class OnDuplicate { error, first, identical };

/// An indicator table joined to a level by code.
struct TableSettings {
    std::string id;
    io::TableSource source;
    std::string level = "communes";
    std::string code;
    std::vector<std::string> columns; ///< empty: every column but the code
    std::string prefix;
    OnDuplicate on_duplicate = OnDuplicate::error;
};

/// One table's numbers by code, in the file's order (duplicates removed).
struct TableData {
    std::vector<std::string> codes;
    std::vector<std::string> columns; ///< output names (with prefix)
    std::vector<std::string> source_columns;
    std::vector<std::vector<double>> values; ///< per column, per row
};

/// Reads one table. Throws Error (input) on a missing column, (data) on an empty code or a
/// duplicate its on_duplicate refuses.
TableData load_table(const TableSettings &table, StageContext &ctx);

/// Reads every table, in order.
std::vector<TableData> run_load_tables(const std::vector<TableSettings> &tables, StageContext &ctx);

} // namespace hublo::stages
