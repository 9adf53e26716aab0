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

#include <cstdint>
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

/// Where a commune's age structure came from.
enum class AgeSource : std::uint8_t { none, grid, columns };

/// The two estimates side by side on the communes that have both (the grid wins there).
struct SourceAgreement {
    std::size_t communes = 0;
    double grid_expected = 0, columns_expected = 0; ///< totals over those communes
    double grid_people_15plus = 0, columns_people_15plus = 0;
    double median_abs_relative_difference = 0; ///< |grid - columns| / columns, per commune
    double correlation = 0;                    ///< Pearson, of the per-commune counts
};

struct IllectronismResult {
    algorithms::risk::ExpectedIllectronism expected; ///< per commune; NaN: no age structure
    std::vector<AgeSource> source;                   ///< per commune
    std::optional<SourceAgreement> agreement;        ///< when both sources cover a commune
    std::vector<algorithms::risk::BandRate> rates;   ///< the rates in use, with their source
};

/// "grid", "census columns" or "" (none).
const char *age_source_name(AgeSource s);

/// Throws Error (input) on a column not joined to the communes or bad rates, (data) on a
/// share outside [0, 1], (computation) when the calibration has no solution.
IllectronismResult run_illectronism(const RiskSettings &settings, IllectronismInputs in,
                                    StageContext &ctx);

} // namespace hublo::stages
