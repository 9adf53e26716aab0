// RAPTOR against an independent search (tests/unit/transit_reference.hpp) on random
// timetables shaped like rural and city networks: lines through shared hubs, headways from
// 10 minutes to 2 hours, trips past midnight, slower trips overtaken by later ones (routes
// split), footpaths between nearby stops. Every stop's earliest arrival must agree exactly.
#include "hublo/algorithms/transit/raptor.hpp"

#include "../transit_reference.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace {

using namespace hublo::algorithms::transit;

struct RandomNetwork {
    std::size_t stops = 0;
    std::vector<Trip> trips;
    std::vector<std::vector<Walk>> foot;
};

RandomNetwork random_network(std::mt19937 &rng) {
    RandomNetwork n;
    n.stops = 20 + rng() % 40;
    n.foot.resize(n.stops);
    const int lines = 3 + static_cast<int>(rng() % 8);
    for (int l = 0; l < lines; ++l) {
        // A line: 3-9 distinct stops, the first ones often the hubs (stops 0-4).
        std::vector<std::uint32_t> all(n.stops);
        for (std::uint32_t s = 0; s < n.stops; ++s) {
            all[s] = s;
        }
        std::shuffle(all.begin(), all.end(), rng);
        const std::size_t len = 3 + rng() % 7;
        std::vector<std::uint32_t> stops(all.begin(), all.begin() + len);
        if (rng() % 2) {
            stops[rng() % len] = static_cast<std::uint32_t>(rng() % 5);
            std::sort(stops.begin(), stops.end());
            stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
            std::shuffle(stops.begin(), stops.end(), rng);
        }
        if (stops.size() < 2) {
            continue;
        }
        std::vector<int> hop(stops.size());
        for (auto &h : hop) {
            h = 120 + static_cast<int>(rng() % 900);
        }
        const int headway = std::array{600, 1200, 1800, 3600, 7200}[rng() % 5];
        for (int start = 5 * 3600 + static_cast<int>(rng() % 3600); start < 25 * 3600;
             start += headway) {
            Trip t;
            t.stops = stops;
            int clock = start;
            const bool slow = rng() % 6 == 0; // overtaken by the next trip
            for (std::size_t i = 0; i < stops.size(); ++i) {
                if (i > 0) {
                    clock += hop[i] * (slow ? 3 : 1);
                }
                t.arrival.push_back(clock);
                clock += static_cast<int>(rng() % 3) * 30; // dwell
                t.departure.push_back(clock);
            }
            n.trips.push_back(std::move(t));
        }
    }
    const std::size_t walks = rng() % (n.stops * 2);
    for (std::size_t w = 0; w < walks; ++w) {
        const auto a = static_cast<std::uint32_t>(rng() % n.stops);
        const auto b = static_cast<std::uint32_t>(rng() % n.stops);
        if (a != b) {
            n.foot[a].push_back({b, 60 + static_cast<std::int32_t>(rng() % 540)});
        }
    }
    return n;
}

std::vector<Walk> random_access(std::mt19937 &rng, std::size_t stops) {
    std::vector<Walk> access;
    const std::size_t k = 1 + rng() % 3;
    for (std::size_t i = 0; i < k; ++i) {
        access.push_back(
            {static_cast<std::uint32_t>(rng() % stops), static_cast<std::int32_t>(rng() % 900)});
    }
    return access;
}

TEST(Raptor, AgreesWithAnIndependentSearchOnRandomQueries) {
    std::mt19937 rng(20261207);
    std::size_t queries = 0, reached = 0, transfers = 0, splits = 0;
    for (int net = 0; net < 60; ++net) {
        const auto n = random_network(rng);
        const auto tt = Timetable::build(n.stops, n.trips, n.foot);
        splits += tt.route_count();
        Raptor raptor(tt, 16);
        for (int q = 0; q < 20; ++q, ++queries) {
            const auto access = random_access(rng, n.stops);
            const auto depart = static_cast<std::int32_t>(4 * 3600 + rng() % (20 * 3600));
            raptor.query(access, depart);
            const auto want =
                hublo::test::reference_arrivals(n.trips, n.foot, n.stops, access, depart);
            for (std::uint32_t s = 0; s < n.stops; ++s) {
                ASSERT_EQ(raptor.best(s), want[s])
                    << "network " << net << " query " << q << " stop " << s;
                reached += want[s] < kNever ? 1 : 0;
                transfers += raptor.vehicles(s) >= 2 ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(queries, 1200u);
    // The queries exercise what they are meant to: many stops reached, many by two or more
    // vehicles (a transfer), routes split where trips overtake.
    EXPECT_GT(reached, 15000u);
    EXPECT_GT(transfers, 3000u);
    std::printf("1200 queries: %zu stop arrivals reached, %zu after a transfer; %zu routes\n",
                reached, transfers, splits);
}

TEST(Raptor, RoundsLimitTheVehicles) {
    // A -> B -> C -> D, three trips each one hop: two rounds reach C, not D.
    std::vector<Trip> trips = {{{0, 1}, {100, 200}, {100, 200}},
                               {{1, 2}, {300, 400}, {300, 400}},
                               {{2, 3}, {500, 600}, {500, 600}}};
    const auto tt = Timetable::build(4, trips, {});
    Raptor two(tt, 2);
    two.query(std::vector<Walk>{{0, 0}}, 0);
    EXPECT_EQ(two.best(2), 400);
    EXPECT_EQ(two.best(3), kNever);
    Raptor three(tt, 3);
    three.query(std::vector<Walk>{{0, 0}}, 0);
    EXPECT_EQ(three.best(3), 600);
    EXPECT_EQ(three.vehicles(3), 3);
}

TEST(Raptor, LatestDepartureOnTheReversedTimetable) {
    std::mt19937 rng(7);
    std::size_t checked = 0;
    for (int net = 0; net < 20; ++net) {
        const auto n = random_network(rng);
        const auto tt = Timetable::build(n.stops, n.trips, n.foot);
        const auto back = tt.reversed();
        const auto rev_trips = back.trips();
        std::vector<std::vector<Walk>> rev_foot(n.stops);
        for (std::uint32_t s = 0; s < n.stops; ++s) {
            for (const auto &w : back.footpaths(s)) {
                rev_foot[s].push_back(w);
            }
        }
        Raptor raptor(back, 16);
        for (int q = 0; q < 10; ++q) {
            const auto home = random_access(rng, n.stops);
            const auto deadline = static_cast<std::int32_t>(8 * 3600 + rng() % (16 * 3600));
            raptor.query(home, -deadline);
            const auto want =
                hublo::test::reference_arrivals(rev_trips, rev_foot, n.stops, home, -deadline);
            for (std::uint32_t s = 0; s < n.stops; ++s) {
                ASSERT_EQ(raptor.best(s), want[s]);
                if (want[s] < kNever) {
                    // Leaving s at -best(s), a forward query reaches home by the deadline.
                    Raptor fw(tt, 16);
                    fw.query(std::vector<Walk>{{s, 0}}, -want[s]);
                    std::int32_t home_at = kNever;
                    for (const auto &h : home) {
                        home_at = std::min(home_at, fw.best(h.stop) + h.seconds);
                    }
                    ASSERT_LE(home_at, deadline) << "stop " << s;
                    ++checked;
                }
            }
        }
    }
    EXPECT_GT(checked, 300u);
}

TEST(Raptor, RangeQueriesEqualSingleQueriesAtEachDeparture) {
    std::mt19937 rng(11);
    std::size_t departures = 0;
    for (int net = 0; net < 20; ++net) {
        const auto n = random_network(rng);
        const auto tt = Timetable::build(n.stops, n.trips, n.foot);
        Raptor range(tt, 6), single(tt, 6);
        const auto access = random_access(rng, n.stops);
        const auto events = range_departures(tt, access, 7 * 3600, 9 * 3600);
        ASSERT_TRUE(std::is_sorted(events.rbegin(), events.rend()));
        range.clear();
        for (const auto t : events) {
            range.depart(access, t);
            single.query(access, t);
            // Leaving earlier never arrives later (one may wait): the labels kept from the
            // later departures change nothing.
            for (std::uint32_t s = 0; s < n.stops; ++s) {
                ASSERT_EQ(range.best(s), single.best(s)) << "at " << t << " stop " << s;
            }
            ++departures;
        }
    }
    EXPECT_GT(departures, 200u);
}

TEST(Raptor, RangeQueriesAtEveryMinuteEqualSingleQueriesByVehicle) {
    // Between two range departures only the walks change: every minute of the window, the
    // labels of the departures at or after it give every arrival by vehicle of a query
    // leaving at that minute (walks between stops before the first vehicle included).
    std::mt19937 rng(12);
    std::size_t compared = 0;
    for (int net = 0; net < 15; ++net) {
        const auto n = random_network(rng);
        const auto tt = Timetable::build(n.stops, n.trips, n.foot);
        Raptor range(tt, 6), single(tt, 6);
        const auto access = random_access(rng, n.stops);
        const std::int32_t from = 7 * 3600, to = 9 * 3600;
        const auto events = range_departures(tt, access, from, 30 * 3600);
        range.clear();
        std::size_t next = 0;
        for (std::int32_t t = to; t >= from; t -= 60) {
            while (next < events.size() && events[next] >= t) {
                range.depart(access, events[next++]);
            }
            single.query(access, t);
            for (std::uint32_t s = 0; s < n.stops; ++s) {
                if (single.vehicles(s) >= 1) {
                    ASSERT_EQ(range.best(s), single.best(s)) << "at " << t << " stop " << s;
                    ++compared;
                }
            }
        }
    }
    EXPECT_GT(compared, 10000u);
}

TEST(Raptor, RefusesBrokenTrips) {
    EXPECT_THROW(Timetable::build(2, {{{0, 1}, {100, 50}, {100, 50}}}, {}), std::invalid_argument);
    EXPECT_THROW(Timetable::build(2, {{{0, 5}, {100, 200}, {100, 200}}}, {}),
                 std::invalid_argument);
    EXPECT_THROW(Raptor(Timetable::build(2, {}, {}), 0), std::invalid_argument);
}

} // namespace
