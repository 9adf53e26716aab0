// Stage "risk": the composite risk index of illectronism per commune (IFN-style deciles of
// indicator columns, weighted), as context beside the expected counts (stage
// "illectronism"). The settings of both live here: they are the study file's [risk].
#pragma once

#include "hublo/algorithms/risk/risk_index.hpp"
#include "io/csv.hpp"
#include "model/areas.hpp"
#include "stages/context.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hublo::stages {

/// One indicator of the composite risk index: a numeric column of the communes (as joined,
/// with its table's prefix).
struct RiskIndicatorSettings {
    std::string column;
    double weight = 1.0;
    bool scores = false; ///< the column already holds 1-10 scores
};

/// The composite risk index per commune (see algorithms/risk/risk_index.hpp).
struct RiskSettings {
    bool enabled = false;
    std::string deciles = "areas"; ///< "areas" or "population"
    std::vector<RiskIndicatorSettings> indicators;
    /// Age structure for the expected people in illectronism: an Insee Filosofi grid with
    /// its ind_0_3 ... ind_80p columns; communes get the sum of the cells centred in them.
    std::optional<io::TableSource> age_grid;
    std::string age_grid_id = "idcar_1km";
    /// Rates overriding Insee's by survey band ("15-24", "25-39", "40-59", "60-74", "75+").
    std::vector<std::pair<std::string, double>> rates;
    /// Age structure from columns joined to the communes (census tables such as RP
    /// P21_POP1529): each column holds the people aged [from, to).
    struct AgeColumn {
        std::string column;
        double from = 0, to = 0;
    };
    std::vector<AgeColumn> age_columns;
    /// Where both give a commune an age structure: the grid's (finer, but Filosofi counts
    /// people in tax households only) or the census columns' (the whole population).
    bool prefer_grid = true;
    /// Calibration of unknown survey-band rates so that a reference population (people per
    /// survey band) reproduces an overall rate.
    struct Calibration {
        double overall_rate = 0;
        std::vector<std::pair<std::string, double>> reference; ///< band -> people
        std::vector<std::string> unknown;                      ///< bands to solve for
    };
    std::optional<Calibration> calibrate;
    /// Adjustments of the age-based rate by an area's share of a group with a published
    /// rate (diploma, income), as odds ratios.
    struct Adjustment {
        std::string name;
        std::string column; ///< share (0-1) of the commune's people aged 15+ in the group
        double group_rate = 0, overall_rate = 0, reference_share = 0;
    };
    std::vector<Adjustment> adjustments;
};

struct RiskInputs {
    const model::AreaSet &communes; ///< with the tables' columns joined
    const std::vector<double> &population;
};

/// The index of every commune (communes lacking indicators are counted in ctx.log). Throws
/// Error (input) on a column not joined to the communes, (data) on a column with no number.
algorithms::risk::Result run_risk(const RiskSettings &settings, const RiskInputs &in,
                                  StageContext &ctx);

} // namespace hublo::stages
