// Stage "modes": the people at risk without a car, and how far they are from help on foot or
// by bike. Each [[modes]] entry is a way of travelling with its speed and thresholds; where
// the study has no street network for it (the default study has only the numbered roads),
// its times are the straight-line distance times a circuity factor measured on real streets
// (docs/study-file.md, [[modes]]), and every output says the mode is approximated.
#pragma once

#include "model/areas.hpp"
#include "network/network.hpp"
#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/network.hpp"
#include "stages/transit.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The study file's [no_car]: which joined column holds each commune's share of households
/// without a car, and how much more often people at risk lack one than households do.
struct NoCarSettings {
    bool enabled = false;
    std::string share_column; ///< a commune column, fractions 0-1 (or percentages, see below)
    bool percent = false;     ///< the column holds percentages (0-100)
    /// People at risk without a car = expected people in illectronism x share x age_tilt
    /// (capped at all of them). 1: they lack a car as often as households do.
    double age_tilt = 1.0;
    /// Times by every mode, the car's included, are to the nearest place open at least this
    /// many hours a week (0: any place, stops of mobile services included).
    double open_hours = 0.0;
    /// The tilts the region's figure is also given for (summary.json), to show its weight.
    std::vector<double> tilt_sensitivity = {1.0, 1.25, 1.5, 2.0};
    /// The [[modes]] ids the people at risk without a car are counted to use (their best
    /// mode, "far", the desert rule, the help within reach); empty: every mode.
    std::vector<std::string> modes;
};

/// One [[modes]] entry: a way of travelling without a car.
struct ModeSettings {
    std::string id;    ///< "walk", "bike": names the fields (walk_min...)
    std::string label; ///< "on foot", "by bike"
    double speed_kmh = 0.0;
    /// Network distance / straight-line distance, measured on real streets (>= 1); used when
    /// the mode has no network.
    double circuity = 0.0;
    /// The OSM profile ("walk", "bike") the mode travels with on the study's OSM [network];
    /// empty: no network, straight line x circuity.
    std::string profile;
    network::NetworkSettings network;   ///< [network] with this profile (when profile is set)
    std::vector<double> thresholds_min; ///< increasing: the bands counted per level
    double time_min = 20.0;             ///< far: beyond this many minutes (the desert rule)
    /// People without a car of a commune with a single demand point and a place live at
    /// the place (its bourg); false: at the demand points, as the car ([[modes]] origin).
    bool origin_at_place = true;
    /// On a street network: the coverage isochrones reach this far off the streets (a
    /// walking network is dense; a longer reach would cross blocks and slopes).
    double max_offroad_m = 100.0;
    /// Public transport ([transit]): times until a visit starts, from GTFS timetables.
    bool transit = false;
};

struct ModesSettings {
    NoCarSettings no_car;
    std::vector<ModeSettings> modes;
    TransitSettings transit; ///< for the mode with transit = true
};

/// Whether mode k counts for the people at risk without a car ([no_car] modes).
[[nodiscard]] inline bool counts_for_no_car(const ModesSettings &s, std::size_t k) {
    const auto &ids = s.no_car.modes;
    return ids.empty() || std::find(ids.begin(), ids.end(), s.modes[k].id) != ids.end();
}

struct ModesInputs {
    const model::AreaSet &communes;
    std::span<const double> at_risk; ///< expected people in illectronism per commune
    const Demand &demand;
    const std::vector<places::Place> &places;
    const AccessResult &access; ///< the car's times (catchments) and the places it counts
};

/// One mode's times.
struct ModeTimes {
    /// Minutes from each demand point to the nearest counted place open [no_car] open_hours,
    /// and to the nearest of any counted place (mobile stops included); NaN: none.
    std::vector<double> point_min, point_any_min;
    /// Per commune, the same from its demand points, weighted by their people.
    std::vector<double> commune_min, commune_any_min;
    std::vector<std::uint32_t> commune_place; ///< nearest place open enough, or kNone
    /// Per commune: the hours a week of the counted places within time_min, and of the
    /// stops of mobile services among them (each stop its own hours), people-weighted over
    /// the commune's points.
    std::vector<double> commune_hours, commune_stop_hours;
    bool approximated = true; ///< straight line x circuity (no network for the mode)
    /// On a street network: the network, and each node's seconds to the nearest place open
    /// [no_car] open_hours (for the mode's coverage isochrones).
    std::shared_ptr<const LoadedNetwork> network;
    std::vector<double> node_time_open;
    std::size_t network_nodes = 0; ///< of the mode's own network, when it has one
    std::string method;            ///< said in the outputs, e.g. "straight line x 1.35 at 4.5 km/h"
    /// Public transport only: per commune, the hours a week when a visit is possible (people-
    /// weighted over its points), and the share of its people for whom it never is; what
    /// was read.
    std::vector<double> commune_visit_hours, commune_no_visit_share;
    /// Per [transit] percentiles entry: per commune, its points' minutes at that percentile.
    std::vector<std::vector<double>> commune_percentile_min;
    std::optional<TransitFeedSummary> transit;
    std::shared_ptr<const TransitSurfaceData> transit_surface; ///< for the isochrones
};

struct ModesResult {
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    // Per commune (NaN: unknown share or no estimate of people at risk):
    std::vector<double> no_car_share;   ///< households without a car, 0-1
    std::vector<double> at_risk_no_car; ///< expected people in illectronism without a car
    std::vector<double> at_risk_car;    ///< the others
    std::vector<ModeTimes> modes;       ///< in the settings' order
    /// Per commune, minutes by car to the nearest place open open_hours a week (NaN: none
    /// within the [accessibility] catchment), from the car's catchments.
    std::vector<double> car_min;
    /// Per commune, the best no-car mode's minutes to a place open enough (and any place),
    /// and the index of that mode (kNone: none reaches one).
    std::vector<double> no_car_min, no_car_any_min;
    std::vector<std::uint32_t> no_car_mode;
    /// Per commune: its people at risk without a car are beyond every mode's time_min.
    std::vector<std::uint8_t> no_car_far;
    /// Per commune, the lowest of each mode's minutes over its time_min (> 1: far; NaN: no
    /// mode reaches a place open enough): the desert rule's no-car "far".
    std::vector<double> no_car_ratio;
    /// Per commune, the most hours a week within a mode's time_min by any mode, and of
    /// mobile stops (NaN: no mode).
    std::vector<double> no_car_hours, no_car_stop_hours;
    /// The region's people at risk without a car at each tilt of tilt_sensitivity.
    std::vector<std::pair<double, double>> tilt_totals;
    std::size_t communes_without_share = 0;
    /// Communes whose people without a car are taken to live at the place in them (a single
    /// demand point, and a counted place located by its coordinates): see no_car_origins.
    std::size_t communes_at_their_place = 0;
};

/// How far the people without a car go to a place, as the travelling service and siting
/// count it: the straight line x each counted mode's circuity (1.35 when it has none) at its
/// speed within its time_min; the furthest of the modes.
struct NoCarReach {
    double metres = 0.0;
    std::string method; ///< "20 min on foot (1 km: straight line x 1.5 at 4.5 km/h), ..."
};
NoCarReach no_car_reach(const ModesSettings &settings);

/// Throws Error (input) when the share column is not joined to the communes, when a share
/// is outside [0, 1], or on a mode that cannot be computed (no speed, no circuity).
ModesResult run_modes(const ModesSettings &settings, const ModesInputs &in, StageContext &ctx);

} // namespace hublo::stages
