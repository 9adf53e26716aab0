#include "hublo/algorithms/transit/raptor.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace hublo::algorithms::transit {

namespace {
void check_trip(const Trip &t, std::size_t stop_count, std::size_t index) {
    const std::string where = "transit: trip " + std::to_string(index);
    if (t.stops.size() < 2 || t.arrival.size() != t.stops.size() ||
        t.departure.size() != t.stops.size()) {
        throw std::invalid_argument(where + " needs two stops or more and a time at each");
    }
    for (std::size_t i = 0; i < t.stops.size(); ++i) {
        if (t.stops[i] >= stop_count) {
            throw std::invalid_argument(where + ": stop out of range");
        }
        if (t.departure[i] < t.arrival[i] || (i > 0 && t.arrival[i] < t.departure[i - 1])) {
            throw std::invalid_argument(where + ": times go backwards");
        }
    }
}

/// Trip b can follow trip a in a route: never earlier at any stop (no overtaking).
bool follows(const Trip &a, const Trip &b) {
    for (std::size_t i = 0; i < a.stops.size(); ++i) {
        if (b.arrival[i] < a.arrival[i] || b.departure[i] < a.departure[i]) {
            return false;
        }
    }
    return true;
}
} // namespace

Timetable Timetable::build(std::size_t stop_count, std::vector<Trip> trips,
                           std::vector<std::vector<Walk>> footpaths) {
    for (std::size_t i = 0; i < trips.size(); ++i) {
        check_trip(trips[i], stop_count, i);
    }
    if (!footpaths.empty() && footpaths.size() != stop_count) {
        throw std::invalid_argument("transit: one list of footpaths per stop");
    }
    // Trips in a deterministic order: by stop sequence, then first departure, then times.
    std::vector<std::uint32_t> order(trips.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto &x = trips[a], &y = trips[b];
        if (x.stops != y.stops) {
            return x.stops < y.stops;
        }
        if (x.departure != y.departure) {
            return x.departure < y.departure;
        }
        return std::tie(x.arrival, a) < std::tie(y.arrival, b);
    });
    // Group into routes: same stops, and each trip following the last of its route.
    std::vector<std::vector<std::uint32_t>> routes;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && trips[order[j]].stops == trips[order[i]].stops) {
            ++j;
        }
        const std::size_t first = routes.size();
        for (std::size_t k = i; k < j; ++k) {
            const auto t = order[k];
            std::size_t r = first;
            while (r < routes.size() && !follows(trips[routes[r].back()], trips[t])) {
                ++r;
            }
            if (r == routes.size()) {
                routes.emplace_back();
            }
            routes[r].push_back(t);
        }
        i = j;
    }
    Timetable tt;
    tt.trips_ = trips.size();
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> at_stop(stop_count);
    for (std::uint32_t r = 0; r < routes.size(); ++r) {
        const auto &stops = trips[routes[r].front()].stops;
        for (std::uint32_t p = 0; p < stops.size(); ++p) {
            tt.route_stops_.push_back(stops[p]);
            at_stop[stops[p]].emplace_back(r, p);
        }
        tt.route_stops_begin_.push_back(static_cast<std::uint32_t>(tt.route_stops_.size()));
        tt.route_trips_begin_.push_back(tt.route_trips_begin_.back() +
                                        static_cast<std::uint32_t>(routes[r].size()));
        for (const auto t : routes[r]) {
            tt.arr_.insert(tt.arr_.end(), trips[t].arrival.begin(), trips[t].arrival.end());
            tt.dep_.insert(tt.dep_.end(), trips[t].departure.begin(), trips[t].departure.end());
        }
        tt.route_times_begin_.push_back(static_cast<std::uint32_t>(tt.arr_.size()));
    }
    for (std::size_t s = 0; s < stop_count; ++s) {
        tt.stop_routes_.insert(tt.stop_routes_.end(), at_stop[s].begin(), at_stop[s].end());
        tt.stop_routes_begin_.push_back(static_cast<std::uint32_t>(tt.stop_routes_.size()));
        if (!footpaths.empty()) {
            auto &f = footpaths[s];
            std::sort(f.begin(), f.end(), [](const Walk &a, const Walk &b) {
                return std::tie(a.stop, a.seconds) < std::tie(b.stop, b.seconds);
            });
            for (const auto &w : f) {
                if (w.stop >= stop_count || w.seconds < 0) {
                    throw std::invalid_argument("transit: a footpath to a stop out of range or "
                                                "of negative time");
                }
            }
            tt.foot_.insert(tt.foot_.end(), f.begin(), f.end());
        }
        tt.foot_begin_.push_back(static_cast<std::uint32_t>(tt.foot_.size()));
    }
    // Each stop's departures, sorted: where a range query starts from.
    for (std::size_t s = 0; s < stop_count; ++s) {
        const auto first = tt.stop_dep_.size();
        for (auto i = tt.stop_routes_begin_[s]; i < tt.stop_routes_begin_[s + 1]; ++i) {
            const auto [r, p] = tt.stop_routes_[i];
            const auto n = tt.route_stops_begin_[r + 1] - tt.route_stops_begin_[r];
            for (auto t = 0u; t < tt.route_trips_begin_[r + 1] - tt.route_trips_begin_[r]; ++t) {
                tt.stop_dep_.push_back(tt.dep_[tt.route_times_begin_[r] + t * n + p]);
            }
        }
        std::sort(tt.stop_dep_.begin() + static_cast<std::ptrdiff_t>(first), tt.stop_dep_.end());
        tt.stop_dep_begin_.push_back(static_cast<std::uint32_t>(tt.stop_dep_.size()));
    }
    return tt;
}

std::vector<Trip> Timetable::trips() const {
    std::vector<Trip> out;
    for (std::size_t r = 0; r < route_count(); ++r) {
        const auto b = route_stops_begin_[r], n = route_stops_begin_[r + 1] - b;
        for (auto t = route_trips_begin_[r]; t < route_trips_begin_[r + 1]; ++t) {
            const std::size_t at = route_times_begin_[r] + (t - route_trips_begin_[r]) * n;
            Trip trip;
            trip.stops.assign(route_stops_.begin() + b, route_stops_.begin() + b + n);
            trip.arrival.assign(arr_.begin() + at, arr_.begin() + at + n);
            trip.departure.assign(dep_.begin() + at, dep_.begin() + at + n);
            out.push_back(std::move(trip));
        }
    }
    return out;
}

Timetable Timetable::reversed() const {
    auto trips_fwd = trips();
    for (auto &t : trips_fwd) {
        std::reverse(t.stops.begin(), t.stops.end());
        std::reverse(t.arrival.begin(), t.arrival.end());
        std::reverse(t.departure.begin(), t.departure.end());
        for (std::size_t i = 0; i < t.stops.size(); ++i) {
            const auto a = t.arrival[i];
            t.arrival[i] = -t.departure[i];
            t.departure[i] = -a;
        }
    }
    std::vector<std::vector<Walk>> back(stop_count());
    for (std::uint32_t s = 0; s < stop_count(); ++s) {
        for (const auto &w : footpaths(s)) {
            back[w.stop].push_back({s, w.seconds});
        }
    }
    return build(stop_count(), std::move(trips_fwd), std::move(back));
}

Raptor::Raptor(const Timetable &tt, int max_rounds) : tt_(tt), rounds_(max_rounds) {
    if (max_rounds < 1 || max_rounds > 32) {
        throw std::invalid_argument("transit: max_rounds must be within 1..32");
    }
    const std::size_t n = tt.stop_count();
    labels_.assign((rounds_ + 1) * n, kNever);
    best_.assign(n, kNever);
    marked_.assign(n, 0);
    queue_pos_.assign(tt.route_count(), UINT32_MAX);
}

void Raptor::clear() {
    std::fill(labels_.begin(), labels_.end(), kNever);
    std::fill(best_.begin(), best_.end(), kNever);
}

void Raptor::query(std::span<const Walk> access, std::int32_t depart_s) {
    clear();
    depart(access, depart_s);
}

void Raptor::depart(std::span<const Walk> access, std::int32_t depart_s) {
    for (const auto &w : access) {
        const std::int32_t t = depart_s + w.seconds;
        if (t < labels_[w.stop]) {
            labels_[w.stop] = t;
            best_[w.stop] = std::min(best_[w.stop], t);
            if (!marked_[w.stop]) {
                marked_[w.stop] = 1;
                marked_list_.push_back(w.stop);
            }
        }
    }
    walk_footpaths(0);
    for (int k = 1; k <= rounds_ && !marked_list_.empty(); ++k) {
        scan_routes(k);
        walk_footpaths(k);
    }
    for (const auto s : marked_list_) {
        marked_[s] = 0;
    }
    marked_list_.clear();
}

void Raptor::scan_routes(int k) {
    const std::size_t n = tt_.stop_count();
    const std::int32_t *prev = labels_.data() + (k - 1) * n;
    std::int32_t *cur = labels_.data() + k * n;
    for (const auto s : marked_list_) {
        marked_[s] = 0;
        for (auto i = tt_.stop_routes_begin_[s]; i < tt_.stop_routes_begin_[s + 1]; ++i) {
            const auto [r, p] = tt_.stop_routes_[i];
            if (queue_pos_[r] == UINT32_MAX) {
                queued_.push_back(r);
                queue_pos_[r] = p;
            } else {
                queue_pos_[r] = std::min(queue_pos_[r], p);
            }
        }
    }
    marked_list_.clear();
    std::sort(queued_.begin(), queued_.end()); // a fixed order: the same labels on any run
    for (const auto r : queued_) {
        const auto b = tt_.route_stops_begin_[r];
        const auto len = tt_.route_stops_begin_[r + 1] - b;
        const auto trips = tt_.route_trips_begin_[r + 1] - tt_.route_trips_begin_[r];
        const std::int32_t *arr = tt_.arr_.data() + tt_.route_times_begin_[r];
        const std::int32_t *dep = tt_.dep_.data() + tt_.route_times_begin_[r];
        std::uint32_t trip = trips; // none
        for (auto p = queue_pos_[r]; p < len; ++p) {
            const auto s = tt_.route_stops_[b + p];
            if (trip < trips) {
                const std::int32_t a = arr[trip * len + p];
                if (a < best_[s]) {
                    cur[s] = a;
                    best_[s] = a;
                    if (!marked_[s]) {
                        marked_[s] = 1;
                        marked_list_.push_back(s);
                    }
                }
            }
            // Board an earlier trip when the stop was reached in time for it.
            const std::int32_t ready = prev[s];
            if (ready < kNever && (trip == trips || ready <= dep[trip * len + p])) {
                std::uint32_t lo = 0, hi = trip == trips ? trips : trip; // first dep >= ready
                while (lo < hi) {
                    const auto mid = (lo + hi) / 2;
                    if (dep[mid * len + p] < ready) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if (lo < trips) {
                    trip = lo;
                }
            }
        }
        queue_pos_[r] = UINT32_MAX;
    }
    queued_.clear();
}

void Raptor::walk_footpaths(int k) {
    // Walks chain: a Dijkstra over the footpaths from every stop reached in this round.
    const std::size_t n = tt_.stop_count();
    std::int32_t *cur = labels_.data() + k * n;
    using Item = std::pair<std::int32_t, std::uint32_t>;
    heap_.clear();
    for (const auto s : marked_list_) {
        if (tt_.foot_begin_[s] != tt_.foot_begin_[s + 1]) {
            heap_.emplace_back(cur[s], s);
        }
    }
    if (heap_.empty()) {
        return;
    }
    std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
    while (!heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        const Item item = heap_.back();
        heap_.pop_back();
        if (item.first != cur[item.second]) {
            continue;
        }
        for (const auto &w : tt_.footpaths(item.second)) {
            const std::int32_t t = item.first + w.seconds;
            if (t < best_[w.stop]) {
                cur[w.stop] = t;
                best_[w.stop] = t;
                if (!marked_[w.stop]) {
                    marked_[w.stop] = 1;
                    marked_list_.push_back(w.stop);
                }
                heap_.emplace_back(t, w.stop);
                std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
            }
        }
    }
}

int Raptor::vehicles(std::uint32_t stop) const {
    const std::size_t n = tt_.stop_count();
    for (int k = 0; k <= rounds_; ++k) {
        if (labels_[k * n + stop] == best_[stop]) {
            return k;
        }
    }
    return -1;
}

std::vector<std::int32_t> range_departures(const Timetable &tt, std::span<const Walk> access,
                                           std::int32_t from_s, std::int32_t to_s) {
    // The stops reached on foot before the first vehicle: the access walks, then the walks
    // between stops (chained), as a query walks them.
    std::vector<std::int32_t> walk(tt.stop_count(), kNever);
    std::vector<std::pair<std::int32_t, std::uint32_t>> heap;
    for (const auto &w : access) {
        if (w.seconds < walk[w.stop]) {
            walk[w.stop] = w.seconds;
            heap.emplace_back(w.seconds, w.stop);
        }
    }
    std::make_heap(heap.begin(), heap.end(), std::greater<>());
    std::vector<std::uint32_t> reached;
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        const auto [t, s] = heap.back();
        heap.pop_back();
        if (t != walk[s]) {
            continue;
        }
        reached.push_back(s);
        for (const auto &f : tt.footpaths(s)) {
            if (t + f.seconds < walk[f.stop]) {
                walk[f.stop] = t + f.seconds;
                heap.emplace_back(walk[f.stop], f.stop);
                std::push_heap(heap.begin(), heap.end(), std::greater<>());
            }
        }
    }
    std::vector<std::int32_t> out;
    for (const auto s : reached) {
        const auto deps = tt.departures_at(s);
        for (auto it = std::lower_bound(deps.begin(), deps.end(), from_s + walk[s]);
             it != deps.end() && *it - walk[s] <= to_s; ++it) {
            out.push_back(*it - walk[s]);
        }
    }
    std::sort(out.begin(), out.end(), std::greater<>());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace hublo::algorithms::transit
