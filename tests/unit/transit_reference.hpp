// An independent earliest-arrival search for the transit tests: a time-dependent Dijkstra
// over the stops, reading the trips one by one at each stop (no routes, no rounds), written
// apart from RAPTOR (algorithms/transit/raptor.hpp) to check it. Its rules, the same as the
// engine's documented ones: walk from the origin to a first stop, board any trip leaving a
// stop at or after you are there, get off anywhere later on the trip; from any stop, walk
// the footpaths, as many as you like.
#pragma once

#include "hublo/algorithms/transit/raptor.hpp"

#include <cstdint>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

namespace hublo::test {

/// Earliest arrival at every stop (algorithms::transit::kNever: unreachable).
inline std::vector<std::int32_t>
reference_arrivals(const std::vector<algorithms::transit::Trip> &trips,
                   const std::vector<std::vector<algorithms::transit::Walk>> &foot,
                   std::size_t stops, const std::vector<algorithms::transit::Walk> &access,
                   std::int32_t depart) {
    using algorithms::transit::kNever;
    std::vector<std::int32_t> dist(stops, kNever);
    using Item = std::tuple<std::int32_t, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    auto push = [&](std::uint32_t state, std::int32_t t) {
        if (t < dist[state]) {
            dist[state] = t;
            heap.emplace(t, state);
        }
    };
    for (const auto &a : access) {
        push(a.stop, depart + a.seconds);
    }
    while (!heap.empty()) {
        const auto [t, state] = heap.top();
        heap.pop();
        if (t != dist[state]) {
            continue;
        }
        const std::uint32_t stop = state;
        for (const auto &trip : trips) {
            for (std::size_t i = 0; i < trip.stops.size(); ++i) {
                if (trip.stops[i] != stop || trip.departure[i] < t) {
                    continue;
                }
                for (std::size_t j = i + 1; j < trip.stops.size(); ++j) {
                    push(trip.stops[j], trip.arrival[j]);
                }
            }
        }
        if (stop < foot.size()) {
            for (const auto &w : foot[stop]) {
                push(w.stop, t + w.seconds);
            }
        }
    }
    return dist;
}

} // namespace hublo::test
