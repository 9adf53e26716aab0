// The data dictionary written with every run: for each column of each layer, its meaning,
// its unit and where it comes from, so that a column can be read without the source code.
#pragma once

#include "model/layer.hpp"
#include "stages/load_tables.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hublo::outputs {

/// What one column holds.
struct ColumnDoc {
    std::string unit;    ///< "minutes", "people", "share 0-1", "1 = yes, 0 = no", "text"...
    std::string meaning; ///< one or two sentences
    std::string source;  ///< "hublo (stage)", or the input it is read from
};

/// The documentation of `column` of `layer` (a level's layer is any layer not otherwise
/// named, e.g. "epci"); columns of [[tables]] from their table. nullopt when unknown.
[[nodiscard]] std::optional<ColumnDoc>
describe_column(const std::string &layer, const std::string &column,
                std::span<const stages::TableSettings> tables);

/// The dictionary as a table (no geometry): layer, column, type, unit, meaning, source, one
/// row per column of each layer, in the layers' order, plus the lon/lat columns the CSVs of
/// point layers add. A column without documentation reads "not documented" (tests fail
/// on it).
[[nodiscard]] model::Layer dictionary_layer(std::span<const model::Layer> layers,
                                            std::span<const stages::TableSettings> tables);

} // namespace hublo::outputs
