// The study file (TOML): every input, the study CRS, and each stage's settings. Each section
// is parsed by its own function into the settings struct of its stage (stages/*.hpp), once,
// before the run (GDAL's "options built apart from the run").
//
// The format is documented in docs/study-file.md. Unknown keys are errors with the closest
// valid key suggested; relative paths resolve against the study file's folder.
#pragma once

#include "network/network.hpp"
#include "outputs/write.hpp"
#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/accessibility.hpp"
#include "stages/align_levels.hpp"
#include "stages/deserts.hpp"
#include "stages/isochrones.hpp"
#include "stages/load_communes.hpp"
#include "stages/load_tables.hpp"
#include "stages/modes.hpp"
#include "stages/population.hpp"
#include "stages/risk.hpp"
#include "stages/siting.hpp"
#include "stages/tour.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::study {

/// A [[scenarios]] entry: a named set of settings over the study (`hublo compare`).
struct Scenario {
    std::string id, label;
    std::vector<std::string> settings; ///< "section.key=value", as --set
};

struct StudyConfig {
    std::filesystem::path file; ///< the study file ("" for a string)
    std::filesystem::path base_dir;
    std::string id = "study";
    std::string name = "hublo study";
    std::string crs = "EPSG:2154";
    /// [study] minutes and far_min: the study's thresholds in one place. Each section
    /// derives its own from them unless it sets it ([access] thresholds_min and
    /// catchment_min, [isochrones] minutes, [accessibility] bands_min and catchment_min,
    /// [[modes]] thresholds_min from minutes; [deserts] time_min, [siting] minutes and
    /// [[modes]] time_min from far_min).
    std::vector<double> minutes = {10, 20, 30};
    double far_min = 20;
    /// [study] attribution: the credit lines of the data (sources, licences, vintages),
    /// shown on the report's map and in the monographs' sources.
    std::vector<std::string> attribution;
    stages::CommunesSettings communes;
    std::vector<stages::LevelSettings> levels;
    std::vector<stages::TableSettings> tables;
    stages::PopulationSettings population;
    std::vector<places::PlaceSource> places;
    double merge_distance_m = 100.0;
    stages::SupplySettings supply; ///< [supply]
    double place_outside_tolerance_m = 1000.0;
    /// [edits] close: the records of places to leave out ("france_services:738"); [edits]
    /// open adds a [[places]] source (id "opened") to `places`.
    std::vector<std::string> closed_places;
    /// [edits] hours and staff: records whose opening hours or staff a scenario changes.
    std::vector<std::pair<std::string, std::string>> place_hours_edits;
    std::vector<std::pair<std::string, double>> place_staff_edits;
    std::vector<Scenario> scenarios; ///< [[scenarios]]
    network::NetworkSettings network;
    stages::AccessSettings access;
    stages::RiskSettings risk;
    stages::IsochronesSettings isochrones;
    stages::AccessibilitySettings accessibility;
    stages::DesertsSettings deserts;
    stages::SitingSettings siting;
    stages::TourSettings tour;
    stages::ModesSettings modes; ///< [no_car] and [[modes]]
    outputs::OutputsSettings outputs;
    std::string text;                   ///< the study text as given (parsed again by set)
    std::string checksum_text;          ///< it and the texts of the studies it extends
    std::vector<std::string> overrides; ///< "section.key=value" settings applied over it
};

/// Parses study text. `origin` names it in messages (a path or "<string>").
/// `overrides` are "section.key=value" settings applied over the text, the value in TOML
/// syntax (`access.catchment_min=20`, `outputs.network=true`, `access.label="France
/// Services"`; a value that is not TOML is taken as a string).
StudyConfig parse_study(std::string_view toml, const std::filesystem::path &base_dir,
                        const std::string &origin, const std::vector<std::string> &overrides = {});

/// Reads and parses a study file.
StudyConfig load_study(const std::filesystem::path &file,
                       const std::vector<std::string> &overrides = {});

} // namespace hublo::study
