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
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The digital-desert rule. "reasons": many people at risk AND (far from a place open
/// enough hours OR thinly served in help-hours per people at risk), each commune told why.
/// "risk_index" (the former rule): risk in the top share AND (far OR little accessibility).
struct DesertsSettings {
    bool enabled = false;
    std::string rule = "risk_index";
    double risk_top_share = 0.30;             ///< communes with the highest risk index
    double time_min = 20.0;                   ///< far: beyond this many minutes
    double accessibility_bottom_share = 0.20; ///< communes with the lowest accessibility
    // The "reasons" rule:
    double at_risk_min = 30.0;     ///< many: at least this many expected people at risk
    double at_risk_rate_min = 0.0; ///< and at least this share of the people aged 15+
    double far_open_hours = 20.0;  ///< far: from the nearest place open this many hours
    double thin_below = 40.0;      ///< thin: supply per [accessibility] per people below
    /// With [[modes]]: far when at least this many people at risk are beyond the time, those
    /// with a car by car and those without by their best mode (NaN: at_risk_min).
    double far_at_risk_min = std::numeric_limits<double>::quiet_NaN();
    double robust_change = 0.20; ///< time_min and thin_below moved by this share
};

struct DesertsInputs {
    const model::AreaSet &communes;
    /// Expected people in illectronism per commune with low and high, and people aged 15+
    /// (the "reasons" rule; empty otherwise).
    std::span<const double> at_risk, at_risk_low, at_risk_high, people_15plus;
    const std::vector<double> &population;
    std::span<const double> risk_index; ///< empty: no index (every commune is "at risk")
    const Demand &demand;
    const AccessResult &access; ///< time to the nearest place, and which
    const AccessibilityResult &accessibility;
    const std::vector<places::Place> &places; ///< names of the nearest places
    /// With [[modes]], per commune: the people at risk without a car (NaN: unknown share, all
    /// counted with a car), and the best no-car mode's minutes over its time_min (> 1: far;
    /// +inf: no place). Empty: the rule weighs the car alone.
    std::span<const double> at_risk_no_car = {}, no_car_ratio = {};
};

/// A desert zone: its communes, dissolved.
struct DesertZoneArea {
    DesertZone info;
    std::vector<std::uint32_t> communes; ///< indices into the communes
    algorithms::geometry::MultiPolygon polygon;
};

struct DesertsResult {
    std::vector<std::uint8_t> risk_top, far, low_access, desert; ///< per commune
    // The "reasons" rule, per commune: many people at risk; the minutes to the nearest place
    // open far_open_hours a week (NaN: none within [accessibility] catchment_min); still a
    // desert with the low and high estimates and with time_min and thin_below moved.
    std::vector<std::uint8_t> many, robust;
    std::vector<double> open_place_min;
    /// With [[modes]], per commune: far by car (for the people with one), far without a car,
    /// and the people at risk who are far (with a car by car, without by their best mode).
    std::vector<std::uint8_t> far_car, far_no_car;
    std::vector<double> at_risk_far, at_risk_far_no_car; ///< the latter: those without a car
    bool by_group = false;                               ///< "far" weighed both groups
    std::vector<std::int64_t> zone_of_commune;           ///< rank (1 = first) or 0
    double risk_threshold = 0.0, access_threshold = 0.0;
    std::vector<DesertZoneArea> zones; ///< in rank order
};

DesertsResult run_deserts(const DesertsSettings &settings, const DesertsInputs &in,
                          StageContext &ctx);

} // namespace hublo::stages
