// The route of a travelling service (a France Services bus): which stops to make on which day,
// so that the stops reach the most demand, each day's driving and stops fitting in the
// working hours. This is the team orienteering problem with a shared prize (Chao, Golden &
// Wasil 1996; Vansteenwegen et al. 2011 survey it): every day is a tour from the depot and
// back; a point reached by several stops counts once.
//
// The heuristic: cheapest insertion by prize per added minute (Tsiligirides 1984's ratio),
// then, until nothing improves, 2-opt on every day, moving stops between days to free time,
// insertion again, and exchanges of a stop for one not visited that reaches more. It is
// deterministic (ties go to the lowest stop, day and position). Tests check it against an
// exhaustive search of small instances (tests/unit/algorithms/exhaustive_tour.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hublo::algorithms::access {

/// Sites: 0 is the depot, 1..n the candidate stops.
struct TourProblem {
    std::size_t sites = 0;
    /// Row-major sites x sites: seconds from site i to site j (infinity: not reachable).
    std::vector<double> drive_s;
    /// Per site, the demand points a stop there reaches (the depot's row is ignored).
    std::vector<std::vector<std::uint32_t>> reach;
    std::vector<double> weight; ///< per demand point (NaN counts as 0)
    double stop_s = 0.0;        ///< time spent at each stop
    double day_s = 0.0;         ///< working time of a day: driving and stops
    std::size_t days = 1;       ///< tours to plan (the days of the cycle)

    [[nodiscard]] double drive(std::size_t i, std::size_t j) const {
        return drive_s[i * sites + j];
    }
};

struct TourPlan {
    /// Per day, the stops (site indices >= 1) in the order visited; empty: no tour that day.
    std::vector<std::vector<std::uint32_t>> days;
    std::vector<double> day_s; ///< per day, driving and stops, depot to depot
    double reached = 0.0;      ///< weight of the points reached by at least one stop
    std::size_t moves = 0;     ///< improving moves after the first insertion
};

/// Seconds of a day's tour: depot, the stops in order, depot (0 for no stop).
double tour_seconds(const TourProblem &p, std::span<const std::uint32_t> stops);

/// The weight of the points reached by the stops of every day, each once.
double tour_reached(const TourProblem &p, const std::vector<std::vector<std::uint32_t>> &days);

/// Plans the tours. Throws std::invalid_argument when sizes mismatch, a time is negative or
/// NaN, or the day is not longer than a stop.
TourPlan plan_tour(const TourProblem &p);

} // namespace hublo::algorithms::access
