// Stage "illectronism": the expected number of people in illectronism per commune (with a
// low and a high), from Insee's published rates by age (or the study's, or rates calibrated
// to an overall rate) applied to each commune's age structure (a Filosofi grid, or census
// columns), adjusted by its shares of groups with a published rate (diploma, income).
#pragma once

#include "core/issue_log.hpp"
#include "hublo/algorithms/risk/illectronism.hpp"
#include "model/areas.hpp"
#include "stages/context.hpp"
#include "stages/grid.hpp"
#include "stages/risk.hpp"

#include <optional>
#include <vector>

namespace hublo::stages {

/// [risk] age_grid's cells in the communes, with the issues reading them raised (read on
/// another thread as soon as the communes are loaded, since it needs nothing else).
struct AgeGrid {
    GridCells cells;
    core::IssueLog log;
};

/// Reads [risk] age_grid (settings.age_grid must be set).
AgeGrid read_age_grid(const RiskSettings &settings, const model::AreaSet &communes,
                      const io::Crs &study_crs);

struct IllectronismInputs {
    const model::AreaSet &communes; ///< with the tables' columns joined
    /// The age grid when read already (on another thread); else read here when configured.
    std::optional<AgeGrid> age_grid;
};

struct IllectronismResult {
    algorithms::risk::ExpectedIllectronism expected; ///< per commune; NaN: no age structure
    std::vector<algorithms::risk::BandRate> rates;   ///< the rates in use, with their source
};

/// Throws Error (input) on a column not joined to the communes or bad rates, (data) on a
/// share outside [0, 1], (computation) when the calibration has no solution.
IllectronismResult run_illectronism(const RiskSettings &settings, IllectronismInputs in,
                                    StageContext &ctx);

} // namespace hublo::stages
