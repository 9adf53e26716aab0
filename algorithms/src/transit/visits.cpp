#include "hublo/algorithms/transit/visits.hpp"

#include <algorithm>
#include <stdexcept>

namespace hublo::algorithms::transit {

void DayParameters::validate() const {
    if (step_s <= 0 || from_s > to_s) {
        throw std::invalid_argument("transit day: the departures need from <= to and a step > 0");
    }
    if (visit_s < 0 || max_s <= 0) {
        throw std::invalid_argument("transit day: visit and maximum times must be positive");
    }
    if (max_rounds < 1 || max_rounds > 32) {
        throw std::invalid_argument("transit day: max_rounds must be within 1..32");
    }
}

std::int32_t visit_start(std::span<const std::pair<std::int32_t, std::int32_t>> open,
                         std::int32_t arrive_s, std::int32_t visit_s) {
    if (arrive_s >= kNever) {
        return kNever;
    }
    for (const auto &[from, to] : open) {
        const std::int32_t start = std::max(arrive_s, from);
        if (to - start >= visit_s) {
            return start;
        }
    }
    return kNever;
}

DayVisits plan_day(Raptor &forward, Raptor &backward, const Timetable &tt,
                   std::span<const Walk> access, std::span<const Destination> places,
                   std::span<const std::int32_t> direct_s, std::span<const std::uint8_t> counted,
                   const DayParameters &p) {
    p.validate();
    if (direct_s.size() != places.size() || counted.size() != places.size()) {
        throw std::invalid_argument("transit day: one direct walk and flag per destination");
    }
    const std::size_t n = places.size();
    // The latest departure from each place that is home by the deadline.
    backward.query(access, -p.back_by_s);
    std::vector<std::int32_t> latest(n, -kNever);
    for (std::size_t j = 0; j < n; ++j) {
        if (direct_s[j] < kNever) {
            latest[j] = p.back_by_s - direct_s[j];
        }
        for (const auto &w : places[j].egress) {
            const std::int32_t b = backward.best(w.stop);
            if (b < kNever) {
                latest[j] = std::max(latest[j], -b - w.seconds);
            }
        }
    }
    std::vector<std::uint32_t> walkable, by_stop;
    for (std::uint32_t j = 0; j < n; ++j) {
        if (direct_s[j] < kNever) {
            walkable.push_back(j);
        }
        if (!places[j].egress.empty() && !places[j].open.empty()) {
            by_stop.push_back(j);
        }
    }
    const auto steps = static_cast<std::size_t>((p.to_s - p.from_s) / p.step_s) + 1;
    DayVisits out;
    out.start_s.assign(steps, kNever);
    out.place.assign(steps, UINT32_MAX);
    out.possible.assign(steps, 0);
    const auto events = range_departures(tt, access, p.from_s, p.to_s + p.max_s);
    out.range_departures = events.size();
    forward.clear();
    std::size_t next = 0; // events[next..] not yet run (decreasing times)
    std::int32_t counted_start = kNever, return_start = kNever;
    std::uint32_t counted_place = UINT32_MAX;
    for (std::size_t i = steps; i-- > 0;) {
        const std::int32_t t = p.from_s + static_cast<std::int32_t>(i) * p.step_s;
        bool moved = false;
        while (next < events.size() && events[next] >= t) {
            forward.depart(access, events[next++]);
            moved = true;
        }
        if (moved) {
            counted_start = return_start = kNever;
            counted_place = UINT32_MAX;
            for (const auto j : by_stop) {
                std::int32_t arrive = kNever;
                for (const auto &w : places[j].egress) {
                    arrive = std::min(arrive, forward.best(w.stop) + w.seconds);
                }
                const std::int32_t v = visit_start(places[j].open, arrive, p.visit_s);
                if (v >= kNever) {
                    continue;
                }
                if (counted[j] && v < counted_start) {
                    counted_start = v;
                    counted_place = j;
                }
                if (v + p.visit_s <= latest[j]) {
                    return_start = std::min(return_start, v);
                }
            }
        }
        std::int32_t best = counted_start;
        std::uint32_t which = counted_place;
        bool possible = return_start < kNever && return_start - t <= p.max_s;
        for (const auto j : walkable) {
            const std::int32_t v = visit_start(places[j].open, t + direct_s[j], p.visit_s);
            if (v >= kNever) {
                continue;
            }
            if (counted[j] && (v < best || (v == best && j < which))) {
                best = v;
                which = j;
            }
            possible = possible || (v - t <= p.max_s && v + p.visit_s <= latest[j]);
        }
        if (best < kNever) {
            out.start_s[i] = best - t;
            out.place[i] = which;
        }
        out.possible[i] = possible ? 1 : 0;
    }
    return out;
}

} // namespace hublo::algorithms::transit
