// `hublo compare`: the study as it is and its [[scenarios]] (each a named set of settings:
// places closed or opened, thresholds...), run one after the other, and what changes per
// commune and per level, written to compare/ in the output folder.
#pragma once

#include "hublo/hublo.hpp"
#include "study/config.hpp"

namespace hublo::study {

/// Runs the base study and the scenarios `options.scenarios` names (all when empty),
/// writing nothing but the comparison (atomically, as a run). Throws Error (input) naming
/// the scenario when one of its settings is wrong or it names no [[scenarios]] entry.
CompareSummary compare(const StudyConfig &config, const CompareOptions &options);

} // namespace hublo::study
