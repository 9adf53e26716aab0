// Stage "tour": the route of a travelling service (a France Services bus) from a depot. Its
// candidate stops are the centres (main demand points) of the communes whose people at risk
// without a car are far from every fixed place ([no_car], [[modes]]), within radius_min by
// road of the depot; a stop reaches the far people without a car who live within a no-car
// mode's time_min of it (straight line x the mode's circuity, as [[modes]] without a
// network). Every working day of the cycle (weeks x the days of `hours`) is a tour from the
// depot and back within the day's hours, planned by algorithms::access::plan_tour on the
// road network's times; the tour is drawn along the shortest paths it drives.
//
// For comparison, the best single fixed place: among the same candidates, the one whose
// reach holds the most of those people, open the hours the service works.
#pragma once

#include "model/areas.hpp"
#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/modes.hpp"
#include "stages/network.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hublo::stages {

/// The study file's [tour].
struct TourSettings {
    bool enabled = false;
    std::string label = "Travelling service";
    /// The depot: a place's "source:record" key, or a WGS84 point.
    std::string depot_place;
    std::optional<std::pair<double, double>> depot_lonlat;
    std::vector<int> weekdays = {0, 1, 2, 3}; ///< working days, Monday = 0
    int start_min = 9 * 60, end_min = 17 * 60;
    std::string hours = "Mo-Th 09:00-17:00"; ///< as written, for the outputs
    int weeks = 1;                           ///< the cycle: each stop once every `weeks` weeks
    double stop_minutes = 120.0;             ///< at each stop
    double radius_min = 45.0;                ///< the furthest stop, by road from the depot
};

struct TourInputs {
    const model::AreaSet &communes;
    const Demand &demand;
    const std::vector<places::Place> &places;
    const AccessResult &access;
    const LoadedNetwork &network;
    const network::NetworkSettings &network_settings;
    const ModesSettings &modes_settings;
    const ModesResult &modes;
};

struct TourStop {
    std::size_t day = 0;         ///< of the cycle, from 0
    std::size_t order = 0;       ///< in the day, from 1
    std::uint32_t commune = 0;   ///< where it stops (its main demand point)
    algorithms::geometry::XY xy; ///< study CRS
    double arrive_min = 0.0;     ///< minutes since midnight
    double depart_min = 0.0;     ///< arrive + stop_minutes
    double drive_min = 0.0;      ///< from the previous stop (or the depot)
    double people = 0.0;         ///< far people at risk without a car within its reach
    double new_people = 0.0;     ///< of them, not reached by an earlier stop of the cycle
    std::vector<std::uint32_t> communes_reached; ///< communes whose far people it reaches
};

struct TourDay {
    std::size_t day = 0;
    int week = 1;                          ///< of the cycle, from 1
    int weekday = 0;                       ///< Monday = 0
    double start_min = 0.0, end_min = 0.0; ///< leaves and is back at the depot
    double drive_min = 0.0;
    double km = 0.0;                            ///< along the drawn line
    std::vector<algorithms::geometry::XY> line; ///< depot, stops, depot, along the roads
    std::size_t stops = 0;
    double new_people = 0.0;
};

/// The best single fixed place with the service's hours, for comparison.
struct TourFixedPlace {
    std::uint32_t commune = 0;
    algorithms::geometry::XY xy;
    double people = 0.0;
};

struct TourResult {
    std::string depot_name;
    algorithms::geometry::XY depot_xy;
    std::vector<TourDay> days;
    std::vector<TourStop> stops;
    double reached = 0.0;             ///< far people at risk without a car reached, each once
    double far_within = 0.0;          ///< of those people, living within radius_min of the depot
    double far_total = 0.0;           ///< of those people, in the whole study
    std::size_t candidates = 0;       ///< communes where the service may stop
    double stop_hours_per_week = 0.0; ///< hours at stops a week, all stops together
    double work_hours_per_week = 0.0; ///< days x the day's hours / weeks
    std::optional<TourFixedPlace> best_fixed;
    std::string reach_method; ///< how a stop's reach is measured
    std::size_t moves = 0;    ///< improving moves of the heuristic
};

/// The day's name in English ("Tuesday") and French ("mardi").
const char *weekday_name(int weekday);
const char *weekday_name_fr(int weekday);

/// Throws Error (input) when the depot is unknown or off the network, [no_car] or
/// [[modes]] are missing, or no commune can be visited within the day.
TourResult run_tour(const TourSettings &settings, const TourInputs &in, StageContext &ctx);

} // namespace hublo::stages
