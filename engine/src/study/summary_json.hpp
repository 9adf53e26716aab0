// summary.json: the study, its inputs with their SHA-256, the parameters in use, the counts,
// each stage's key figures, the issues and the timings. Every member but timings_s and
// timings_detail_s is the same for the same inputs.
#pragma once

#include "hublo/hublo.hpp"
#include "outputs/results.hpp"
#include "study/config.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hublo::study {

/// The input files summary.json names with their SHA-256, by role, in its order: those the
/// run reads (the road network and the demand table only when it computes travel times).
std::vector<std::pair<std::string, std::filesystem::path>> hashed_inputs(const StudyConfig &cfg,
                                                                         bool with_network);

/// The study file and every input read, as "path (relative to the study)" and SHA-256, the
/// list summary.json gives (`checksums`: hashed_inputs' computed beforehand, "" to hash here).
std::vector<std::pair<std::string, std::string>>
input_checksums(const StudyConfig &cfg, bool with_network,
                const std::vector<std::string> &checksums);

struct SummaryInputs {
    const StudyConfig &config;
    const outputs::StudyResults &results;
    const RunSummary &summary;
    bool with_network = false; ///< the run computed travel times
    /// hashed_inputs' SHA-256, in order, computed beforehand ("" or missing: hashed here).
    const std::vector<std::string> &checksums;
    std::vector<std::string> files; ///< the written files; empty for a check
};

/// The text of summary.json (2-space indented, final newline).
std::string summary_json(const SummaryInputs &in);

} // namespace hublo::study
