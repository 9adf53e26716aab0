// Places of digital mediation, read from the sources analysts have: the national "lieux de
// médiation numérique" schema (v1.0.2), the ANCT France Services list, the Conseiller
// numérique places JSON, the Aidants Connect structures CSV, or any CSV with named columns.
#pragma once

#include "hublo/algorithms/geometry.hpp"
#include "io/csv.hpp"
#include "places/hours.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hublo::places {

/// A source of places of mediation, as the study file's [[places]] names it.
struct PlaceSource {
    std::string id;
    std::string format; ///< france_services | conseiller_numerique_json | aidants_connect |
                        ///< mednum | csv
    io::TableSource source;
    std::string label; ///< label given to every place of this source
    /// Column overrides for the format's defaults: key -> column name
    /// (id, name, siret, address, postcode, commune_code, commune_name, lon, lat, labels,
    /// staff (alias capacity), hours (opening_hours syntax), hours_mo ... hours_sa (France
    /// Services day columns), format and comment (France Services format_fs, commentaire)).
    std::vector<std::pair<std::string, std::string>> columns;
    double staff = 1.0; ///< people helping at a place of this source when no column says
    /// Open hours a week assumed for the places of this source whose hours are unknown (a
    /// stated stand-in); none: the study's [supply] unknown_hours.
    std::optional<double> hours_per_week;
};

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
    double staff = 1.0;                             ///< people helping (advisers, aidants)
    HoursRead hours;                                ///< opening hours, when the source has them
    std::optional<double> hours_stand_in;           ///< the source's stand-in hours
    std::string service_format; ///< France Services format_fs (Fixe, Bus_équivalent...)
    std::string comment;        ///< the source's free text (communes a service visits)
    /// A stop of a mobile or multi-site service: its share of the service's hours.
    std::optional<double> stop_hours;
    std::string stop_schedule, service;
    std::size_t line = 0; ///< where in the file, for messages
};

/// Records of one source; rows that say they are inactive are skipped and counted.
struct PlaceLoad {
    std::vector<PlaceRecord> records;
    std::size_t inactive = 0;
    std::size_t bad_coordinates = 0; ///< coordinates present but unusable (out of range, text)
    std::vector<std::string> bad_coordinate_examples;
};

/// A place after merging the records that list it.
struct Place {
    std::string id;                   ///< "P00001"... in the output order
    std::string name;                 ///< of its first record
    std::vector<std::string> labels;  ///< sorted, unique
    std::vector<std::string> sources; ///< "source:record"
    std::string siret, address, postcode;
    std::string commune_code;             ///< empty when in no commune of the layer
    bool outside_study = false;           ///< in a commune left out by [communes] keep
    std::string located;                  ///< "coordinates" or "commune"
    algorithms::geometry::XY xy;          ///< study CRS
    double staff = 1.0;                   ///< the most any of its records says
    std::optional<WeeklyHours> hours;     ///< of the first record that has readable hours
    std::optional<double> hours_stand_in; ///< of its first record's source
    /// Open hours a week: read, or a stand-in (hours_source says which).
    double hours_per_week = 0.0;
    std::string hours_source;         ///< "read", "source default", "median of the places read",
                                      ///< "mobile stop"
    std::optional<double> stop_hours; ///< a stop of a mobile or multi-site service
    std::string stop_schedule, service;
    /// What accessibility shares: help-hours a week (hours x staff), or staff alone.
    double capacity = 1.0;
};

/// Reads one [[places]] source. Throws hublo::Error naming the file and the fix when a
/// needed column is missing or the file cannot be parsed.
PlaceLoad load_places(const PlaceSource &source);

/// The same from the file's bytes already in memory (the fuzzer's entry point).
PlaceLoad places_from_bytes(std::string_view bytes, const PlaceSource &source);

/// The records of a table read from a source of `source.format`.
PlaceLoad places_from_table(const io::CsvTable &table, const PlaceSource &source);

/// The canonical name of a national label as sources spell it ("CNFS", "Conseillers
/// numériques", "FRANCE_SERVICE"...), or the trimmed input when unknown.
std::string canonical_label(std::string_view label);

} // namespace hublo::places
