// Stage "align levels": the levels above communes (EPCI, bassins de vie, départements,
// custom zonings) built from a commune attribute, a zoning table or their own polygons,
// each commune given its area at every level; then the indicator tables joined by code to
// the communes or to their level (leading zeros put back, former codes followed).
#pragma once

#include "io/csv.hpp"
#include "io/vector.hpp"
#include "model/areas.hpp"
#include "stages/context.hpp"
#include "stages/load_communes.hpp"
#include "stages/load_tables.hpp"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hublo::stages {

/// A custom zoning given as a mapping table (e.g. the regional hub's groupings of EPCI).
struct MappingSettings {
    io::TableSource table;
    std::string from = "communes"; ///< level whose codes the table maps: "communes" or a level id
    std::string from_code;         ///< column holding those codes
    std::string code;              ///< column holding the zone code
    std::string name;              ///< column holding the zone name (optional)
};

/// A table giving the names of a level's areas by code (e.g. département names).
struct NamesSettings {
    io::TableSource table;
    std::string code;
    std::string name;
};

/// An aggregated level above communes: EPCI, bassins de vie, départements, custom zonings.
struct LevelSettings {
    std::string id;
    std::string label;
    std::string commune_field;             ///< parent code in the commune layer (attribute levels)
    std::string commune_name_field;        ///< parent name in the commune layer (optional)
    std::optional<io::VectorSource> layer; ///< own geometry; none: dissolve the communes
    std::string layer_code;
    std::string layer_name;
    std::optional<MappingSettings> mapping; ///< custom zoning instead of commune_field
    std::optional<NamesSettings> names;     ///< names by code, where the other sources have none
    /// Own polygons reaching beyond the study's communes clipped to them (false: kept whole).
    bool clip = true;
    int line = 0;
};

/// What the stage reads from the study file.
struct AlignSettings {
    std::span<const LevelSettings> levels;
    std::span<const TableSettings> tables;
    const CommunesSettings *communes = nullptr; ///< its changes table, for former codes
};

struct AlignInputs {
    const CommunesResult &communes;
    const std::vector<TableData> &tables; ///< one per settings.tables
};

using Columns = std::vector<std::pair<std::string, std::vector<double>>>;

struct AlignResult {
    std::vector<model::AreaSet> levels;         ///< sorted by code, with their joined columns
    std::vector<model::Membership> memberships; ///< one per level
    Columns commune_indicators;                 ///< the columns joined to the communes
};

/// Builds the levels, in order (a zoning table may map an earlier level's areas), then
/// joins the tables. Throws Error (input) on a missing column, (data) on a code mapped to
/// two zones or twice in a level's layer.
AlignResult run_align_levels(const AlignSettings &settings, const AlignInputs &in,
                             StageContext &ctx);

/// Former commune code -> current code, from [communes] changes (empty without).
std::map<std::string, std::string> read_changes(const CommunesSettings &communes);

/// One table's columns, one value per area of `areas` (NaN: no row). `changes` maps former
/// commune codes to current ones (empty for levels); rows under a code of `outside` (areas
/// outside the study) are counted as a note, not as unknown codes.
Columns join_table(const TableSettings &table, const TableData &data, const model::AreaSet &areas,
                   const std::map<std::string, std::string> &changes,
                   const std::set<std::string> &outside, core::IssueLog &log);

} // namespace hublo::stages
