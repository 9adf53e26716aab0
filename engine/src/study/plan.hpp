// Which stages a run computes: the study's, cut after RunOptions::stage, and their order.
#pragma once

#include "hublo/hublo.hpp"
#include "study/config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hublo::study {

/// The stages of the pipeline, in the order a run computes them (DESIGN.md).
enum class Stage {
    load_communes,
    load_tables,
    align_levels,
    population,
    risk,
    illectronism,
    places,
    network,
    demand,
    access,
    modes,
    isochrones,
    accessibility,
    deserts,
    siting,
    tour,
    layers,
    write,
};

/// The stage's name, as progress and summary.json's timings_s show it.
std::string_view stage_name(Stage stage);

/// The names RunOptions::stage takes: "all", then the last stages a run can stop after.
const std::vector<std::string> &last_stage_names();

/// A run's stages and the study as they cut it.
struct Plan {
    StudyConfig config;        ///< the study with the stages after the last one disabled
    std::vector<Stage> stages; ///< in order
    [[nodiscard]] bool has(Stage stage) const;
    /// The progress steps: one per stage, and one per place-isochrones part.
    [[nodiscard]] std::size_t steps() const;
};

/// Throws Error (input) on an unknown options.stage.
Plan make_plan(const StudyConfig &config, const RunOptions &options, bool write);

} // namespace hublo::study
