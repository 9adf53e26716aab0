// Stage "load tables": the indicator tables ([[tables]]), read as numbers by code, their
// duplicate rows handled as each table says. Joining them to the areas is align_levels'.
#pragma once

#include "io/csv.hpp"
#include "stages/context.hpp"
#include "stages/load_communes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hublo::stages {

/// What a code met again means: an error, keep the first row, rows that must be identical,
/// or rows to sum (sub-commune units such as IRIS aggregated to their commune).
enum class OnDuplicate { error, first, identical, sum };

/// Columns holding shares of a base column (a count of the same row): summed as counts
/// (share x base), so the aggregate is the base-weighted share, and rescaled per row when the
/// columns split the base (age bands that round to 93-104 % in small units).
struct ShareGroup {
    std::string base;                 ///< the count the shares are of (e.g. P22_POP)
    std::vector<std::string> columns; ///< the share columns
    bool percent = false;             ///< the file holds percentages (0-100), not fractions
    bool partition = false;           ///< the columns split the base: rescale rows to sum to 1
    bool counts = false;              ///< write counts (share x base) instead of shares
};

/// A second file whose rows complete the table's by a shared key: its `columns` are added to
/// each row whose `on` matches its `key` (e.g. a table by IRIS given its commune and households
/// from the census by IRIS). Rows with no match are dropped and counted; a key twice is an error.
struct TableLookup {
    io::TableSource source;
    std::string key;                  ///< the lookup's key column
    std::string on;                   ///< the table's column holding that key
    std::vector<std::string> columns; ///< the lookup's columns added to the table's rows
};

/// An indicator table joined to a level by code.
struct TableSettings {
    std::string id;
    io::TableSource source;
    std::string level = "communes";
    std::string code;
    std::vector<std::string> columns; ///< empty: every column but the code
    std::string prefix;
    OnDuplicate on_duplicate = OnDuplicate::error;
    std::vector<ShareGroup> shares;    ///< columns that are shares of another (as fractions 0-1)
    std::optional<TableLookup> lookup; ///< columns from a second file, joined by key
};

/// One table's numbers by code, in the file's order (duplicates removed).
struct TableData {
    std::vector<std::string> codes;
    std::vector<std::string> columns; ///< output names (with prefix)
    std::vector<std::string> source_columns;
    std::vector<std::vector<double>> values; ///< per column, per row
};

/// Reads one table. Share columns come out as fractions (or counts), aggregated over the rows
/// of one code when on_duplicate is sum (counts summed; a count missing in one row leaves the
/// code without it). Throws Error (input) on a missing column, (data) on an empty code or a
/// duplicate its on_duplicate refuses. With `communes` a subset ([communes] keep), rows of a
/// commune table outside the study are left out before anything is counted, as a note.
TableData load_table(const TableSettings &table, StageContext &ctx,
                     const CommunesResult *communes = nullptr);

/// Reads every table, in order.
std::vector<TableData> run_load_tables(const std::vector<TableSettings> &tables, StageContext &ctx,
                                       const CommunesResult *communes = nullptr);

} // namespace hublo::stages
