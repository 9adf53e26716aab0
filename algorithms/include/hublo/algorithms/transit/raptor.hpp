// Public transport routing: RAPTOR (Delling, Pajor & Werneck 2012, "Round-Based Public Transit
// Routing") over a timetable of one service day, and its range variant over a window of
// departures (rRAPTOR, the way r5 computes travel-time distributions: departures processed
// from the latest to the earliest, each reusing the labels of the later ones).
//
// Guarantees. For a departure time and walking legs to the first stops (access), RAPTOR gives
// at every stop the earliest arrival with at most `max_rounds` vehicles. After the walk from
// the origin and after each vehicle, walks between stops (transfers.txt, or between nearby
// stops) may be taken, chained as far as they go (the shortest walk over them: RAPTOR's
// transitively closed footpaths without storing the closure). Boarding at a stop needs the vehicle
// to leave at or after the arrival there. With enough rounds the answer equals an unconstrained
// earliest-arrival search on the timetable (checked against a separate time-dependent Dijkstra on
// random queries, tests/unit/algorithms/transit_reference.hpp). Everything is in integer seconds;
// results do not depend on the thread (one Raptor object per thread).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hublo::algorithms::transit {

/// "Never reached" in seconds: far above any time of day, and safe to add a walk to.
inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max() / 4;

/// One trip of the service day as read: its stops in order and the times there, seconds since
/// the day's midnight (a trip past midnight goes past 86 400, as GTFS writes it).
struct Trip {
    std::vector<std::uint32_t> stops;
    std::vector<std::int32_t> arrival, departure;
};

/// A walk from one stop to another (or from/to an origin, a place).
struct Walk {
    std::uint32_t stop = 0;
    std::int32_t seconds = 0;
};

/// The timetable in RAPTOR's layout: trips with the same stops and no overtaking grouped in
/// routes, each route's trips sorted by departure, and every stop's routes.
class Timetable {
public:
    /// Builds the routes. `footpaths[s]` are the walks from stop s (its size is the stop
    /// count, or 0 for none). Throws std::invalid_argument on a trip whose stop is out of
    /// range, whose sizes differ, or whose times go backwards.
    static Timetable build(std::size_t stop_count, std::vector<Trip> trips,
                           std::vector<std::vector<Walk>> footpaths);

    /// The same timetable with time running backwards (t -> -t, trips and footpaths reversed):
    /// earliest arrival on it from a deadline is the latest departure on this one.
    [[nodiscard]] Timetable reversed() const;

    [[nodiscard]] std::size_t stop_count() const { return stop_routes_begin_.size() - 1; }
    [[nodiscard]] std::size_t route_count() const { return route_stops_begin_.size() - 1; }
    [[nodiscard]] std::size_t trip_count() const { return trips_; }

    /// The trips as given (for the reference search and the tests).
    [[nodiscard]] std::vector<Trip> trips() const;
    [[nodiscard]] std::span<const Walk> footpaths(std::uint32_t stop) const {
        return {foot_.data() + foot_begin_[stop], foot_.data() + foot_begin_[stop + 1]};
    }
    /// Every departure time at `stop`, sorted, repeated values kept.
    [[nodiscard]] std::span<const std::int32_t> departures_at(std::uint32_t stop) const {
        return {stop_dep_.data() + stop_dep_begin_[stop],
                stop_dep_.data() + stop_dep_begin_[stop + 1]};
    }

private:
    friend class Raptor;
    std::size_t trips_ = 0;
    std::vector<std::uint32_t> route_stops_begin_{0}, route_stops_;
    std::vector<std::uint32_t> route_trips_begin_{0}; ///< trips of route r: [begin, begin+n)
    std::vector<std::uint32_t> route_times_begin_{0}; ///< into arr_/dep_: trip-major
    std::vector<std::int32_t> arr_, dep_;
    std::vector<std::uint32_t> stop_routes_begin_{0};
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stop_routes_; ///< (route, position)
    std::vector<std::uint32_t> foot_begin_{0};
    std::vector<Walk> foot_;
    std::vector<std::uint32_t> stop_dep_begin_{0};
    std::vector<std::int32_t> stop_dep_;
};

/// Earliest-arrival searches on one timetable. Not thread-safe: one object per thread.
class Raptor {
public:
    /// `max_rounds`: the most vehicles of a journey (1..32).
    Raptor(const Timetable &tt, int max_rounds);

    /// One query: clears every label, then searches from `access` leaving at `depart_s`.
    void query(std::span<const Walk> access, std::int32_t depart_s);

    /// Range queries: call clear() once, then depart() with decreasing departure times; each
    /// keeps the labels of the later departures, so that after depart(t) best(s) is the
    /// earliest arrival at s leaving at t or later (waiting at the origin).
    void clear();
    void depart(std::span<const Walk> access, std::int32_t depart_s);

    /// Earliest arrival at a stop over all rounds (kNever: not reached). Access walks count:
    /// a stop reached on foot only has its walking time.
    [[nodiscard]] std::int32_t best(std::uint32_t stop) const { return best_[stop]; }
    [[nodiscard]] std::span<const std::int32_t> best() const { return best_; }
    /// The fewest vehicles needed for best(stop) (0: on foot), for the tests and outputs.
    [[nodiscard]] int vehicles(std::uint32_t stop) const;

private:
    void scan_routes(int k);
    void walk_footpaths(int k);

    const Timetable &tt_;
    int rounds_;
    std::vector<std::int32_t> labels_; ///< (rounds + 1) x stops
    std::vector<std::int32_t> best_;
    std::vector<std::uint8_t> marked_;
    std::vector<std::uint32_t> marked_list_;
    std::vector<std::uint32_t> queue_pos_; ///< per route, the first marked position
    std::vector<std::uint32_t> queued_;
    std::vector<std::pair<std::int32_t, std::uint32_t>> heap_;
};

/// The departure times from an origin that can change its arrivals: every departure of a trip
/// at a stop reached on foot (the access walks, then walks between stops) minus the walk to
/// it, within [from_s, to_s], decreasing, unique. Between two of them nothing changes but the
/// walking-only arrivals.
std::vector<std::int32_t> range_departures(const Timetable &tt, std::span<const Walk> access,
                                           std::int32_t from_s, std::int32_t to_s);

} // namespace hublo::algorithms::transit
