// A visit by public transport: leave home, reach a place while it is open for long enough,
// and come back the same day. For one origin and one service day, at every departure minute
// of the day: how long until a visit can start (the journey, plus waiting at the door when
// the bus arrives before the place opens), and whether a visit is possible at all within a
// time limit with a trip home by a deadline. None of r5, OpenTripPlanner or the isochrone
// services ask whether the place is open when the bus arrives; this is that question.
//
// Method: a range RAPTOR over the day's departures from the origin (latest first, labels
// reused), the places' arrivals read at each departure; one backward RAPTOR (on the reversed
// timetable, from home at the deadline) gives each place's latest departure home. Direct
// walks are given by the caller (a walking model of its choice); they must dominate any walk
// through a stop (give them up to twice the access distance) so that walking-only journeys
// need not be read from the stops' labels.
#pragma once

#include "hublo/algorithms/transit/raptor.hpp"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace hublo::algorithms::transit {

/// A destination: the walks from its stops to it, and its open ranges of the day.
struct Destination {
    std::vector<Walk> egress;                                ///< from stop to the place
    std::vector<std::pair<std::int32_t, std::int32_t>> open; ///< [from, to) s, sorted, disjoint
};

struct DayParameters {
    std::int32_t from_s = 6 * 3600;     ///< first departure from home
    std::int32_t to_s = 20 * 3600;      ///< last departure from home (included)
    std::int32_t step_s = 60;           ///< departures every step
    std::int32_t visit_s = 1800;        ///< the place open this long after the visit starts
    std::int32_t max_s = 3600;          ///< journey and wait until the visit starts, at most
    std::int32_t back_by_s = 21 * 3600; ///< home by
    int max_rounds = 4;                 ///< vehicles per journey, at most
    /// Throws std::invalid_argument naming the parameter when inconsistent.
    void validate() const;
};

struct DayVisits {
    /// Per departure step (from_s + i step_s): seconds from leaving home to the start of a
    /// visit at the nearest `counted` destination (kNever: none that day), and which one.
    std::vector<std::int32_t> start_s;
    std::vector<std::uint32_t> place;
    /// Per step: a visit of some destination starts within max_s and a trip home leaves it
    /// after the visit and arrives by back_by_s.
    std::vector<std::uint8_t> possible;
    std::size_t range_departures = 0; ///< RAPTOR iterations of the range query
};

/// The first time at or after `arrive_s` from which the place stays open `visit_s` (kNever:
/// none that day).
std::int32_t visit_start(std::span<const std::pair<std::int32_t, std::int32_t>> open,
                         std::int32_t arrive_s, std::int32_t visit_s);

/// One origin's day. `forward` runs on the day's timetable, `backward` on its reversed();
/// `direct_s[j]` is the walk from home to destination j (and back), kNever when too far;
/// `counted[j]` says whether j counts for start_s. Deterministic.
DayVisits plan_day(Raptor &forward, Raptor &backward, const Timetable &tt,
                   std::span<const Walk> access, std::span<const Destination> places,
                   std::span<const std::int32_t> direct_s, std::span<const std::uint8_t> counted,
                   const DayParameters &p);

} // namespace hublo::algorithms::transit
