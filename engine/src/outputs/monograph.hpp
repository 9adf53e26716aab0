// Monographs: one self-contained, printable HTML page per area of a level (bassins de vie,
// EPCI, départements, a custom zoning), the diagnosis a territorial digital-inclusion plan
// starts from, and an index of the areas. Made from the output layers, so that every figure
// on a page is one a user finds in the layers (or a sum of them, said so).
#pragma once

#include "geom/geos.hpp"
#include "model/layer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace hublo::outputs {

/// What the pages say about the study ([outputs] monographs and the run's facts).
struct MonographSettings {
    std::string level;              ///< a level's id: "bassins"
    std::string level_label;        ///< its label: "Bassins de vie 2022"
    std::vector<std::string> areas; ///< the codes to write (empty: every area)
    std::string study_id, study_name, version, study_sha256;
    double far_min = 20;                  ///< [study] far_min: "far" on the pages
    std::string modes_note;               ///< how the no-car modes' times were made, in French
    std::string network_note;             ///< how the car's times were made, in French
    std::vector<std::string> attribution; ///< [study] attribution: the data's credit lines
    std::vector<std::pair<std::string, std::string>> inputs; ///< file name, SHA-256
};

/// One file to write: its name (relative to the monographs folder) and its text.
struct MonographFile {
    std::string name;
    std::string text;
};

/// The index and one page per area. `layers` are the run's, in the study CRS (communes,
/// the level, départements when there, places, deserts, recommendations). Throws Error
/// (input) when the level is not a layer of the run, or an area code is not one of its.
std::vector<MonographFile> make_monographs(const MonographSettings &settings,
                                           const std::vector<model::Layer> &layers,
                                           geom::Geos &geos);

} // namespace hublo::outputs
