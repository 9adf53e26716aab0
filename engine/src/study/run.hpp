// A run: the stages of the plan wired one to the next (each stage's result handed to the
// stages that read it), the layers built, summary.json and the outputs written.
#pragma once

#include "hublo/hublo.hpp"
#include "model/layer.hpp"
#include "stages/demand.hpp"
#include "study/config.hpp"

#include <string>
#include <vector>

namespace hublo::study {

/// What the facade keeps of a run besides its summary.
struct RunProducts {
    std::vector<model::Layer> layers; ///< in the study CRS
    std::string summary_json;         ///< summary.json's text (also when nothing is written)
};

/// Loads and aligns every input, computes the stages the study (cut after options.stage)
/// asks for; when `write` is true, writes the outputs to options.output_dir (or the
/// study's), atomically. Issues go into the summary.
RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write,
                   RunProducts *products = nullptr);

/// The study's demand points and, when it has a risk stage, their demand at risk (empty
/// otherwise): its inputs read and aligned as a run reads them, nothing written. For the
/// people inside the isochrones of `hublo isochrones`.
struct DemandPoints {
    stages::Demand demand;
    std::vector<double> at_risk;
};
DemandPoints demand_points(const StudyConfig &config, unsigned threads);

} // namespace hublo::study
