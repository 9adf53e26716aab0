// Stage "deserts": the communes high in risk and far from help or short of it (the rule of
// [deserts]), and the zones they form: desert communes that share a border, dissolved and
// ranked by their demand at risk.
#pragma once

#include "hublo/results.hpp"
#include "model/areas.hpp"
#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/accessibility.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The digital-desert rule: risk in the top share AND (far OR little accessibility).
struct DesertsSettings {
    bool enabled = false;
    double risk_top_share = 0.30;             ///< communes with the highest risk index
    double time_min = 20.0;                   ///< population-weighted time to the nearest place
    double accessibility_bottom_share = 0.20; ///< communes with the lowest accessibility
};

struct DesertsInputs {
    const model::AreaSet &communes;
    const std::vector<double> &population;
    std::span<const double> risk_index; ///< empty: no index (every commune is "at risk")
    const Demand &demand;
    const AccessResult &access; ///< time to the nearest place, and which
    const AccessibilityResult &accessibility;
    const std::vector<places::Place> &places; ///< names of the nearest places
};

/// A desert zone: its communes, dissolved.
struct DesertZoneArea {
    DesertZone info;
    std::vector<std::uint32_t> communes; ///< indices into the communes
    algorithms::geometry::MultiPolygon polygon;
};

struct DesertsResult {
    std::vector<std::uint8_t> risk_top, far, low_access, desert; ///< per commune
    std::vector<std::int64_t> zone_of_commune;                   ///< rank (1 = first) or 0
    double risk_threshold = 0.0, access_threshold = 0.0;
    std::vector<DesertZoneArea> zones; ///< in rank order
};

DesertsResult run_deserts(const DesertsSettings &settings, const DesertsInputs &in,
                          StageContext &ctx);

} // namespace hublo::stages
