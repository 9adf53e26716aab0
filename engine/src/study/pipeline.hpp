// The study pipeline: load -> align -> risk -> network -> travel times -> outputs.
#pragma once

#include "hublo/hublo.hpp"
#include "study/config.hpp"

namespace hublo::study {

/// Loads and aligns every input, computes the risk and (unless options.travel_times is
/// false) the travel-time stages; when `write` is true, also writes the outputs to
/// `options.output_dir` (or the study's), atomically. Issues go into the summary.
RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write);

} // namespace hublo::study
