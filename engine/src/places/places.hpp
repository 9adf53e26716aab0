// Places of digital mediation, read from the sources analysts have: the national "lieux de
// médiation numérique" schema (v1.0.2), the ANCT France Services list, the Conseiller
// numérique places JSON, the Aidants Connect structures CSV, or any CSV with named columns.
#pragma once

#include "hublo/algorithms/geometry.hpp"
#include "io/csv.hpp"
#include "study/config.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hublo::model {

/// One row of one source, before merging.
struct PlaceRecord {
    std::string source;    ///< the [[places]] id
    std::string record_id; ///< the source's own id (or the line number)
    std::string name;
    std::string siret; ///< 14 digits, or ""
    std::string address;
    std::string postcode;
    std::string commune_code;
    std::string commune_name;
    std::optional<algorithms::geometry::XY> lonlat; ///< WGS84 as given; none: by commune
    std::vector<std::string> labels;                ///< canonical label names
    double capacity = 1.0;
    std::size_t line = 0; ///< where in the file, for messages
};

/// Records of one source; rows that say they are inactive are skipped and counted.
struct PlaceLoad {
    std::vector<PlaceRecord> records;
    std::size_t inactive = 0;
    std::size_t bad_coordinates = 0; ///< coordinates present but unusable (out of range, text)
    std::vector<std::string> bad_coordinate_examples;
};

/// Reads one [[places]] source. Throws hublo::Error naming the file and the fix when a
/// needed column is missing or the file cannot be parsed.
PlaceLoad load_places(const study::PlaceSource &source);

/// The same from the file's bytes already in memory (the fuzzer's entry point).
PlaceLoad places_from_bytes(std::string_view bytes, const study::PlaceSource &source);

/// The records of a table read from a source of `source.format`.
PlaceLoad places_from_table(const io::CsvTable &table, const study::PlaceSource &source);

/// The canonical name of a national label as sources spell it ("CNFS", "Conseillers
/// numériques", "FRANCE_SERVICE"...), or the trimmed input when unknown.
std::string canonical_label(std::string_view label);

} // namespace hublo::model
