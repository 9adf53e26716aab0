// The study pipeline at this stage: load -> align -> outputs.
#pragma once

#include "hublo/hublo.hpp"
#include "study/config.hpp"

namespace hublo::study {

/// Loads and aligns every input; when `write` is true, also writes the outputs to
/// `options.output_dir` (or the study's), atomically. Issues go into the summary.
RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write);

} // namespace hublo::study
