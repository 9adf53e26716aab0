// Public transport routing on the synthetic region's GTFS feed (bench/synth/generate.py
// --transit): RAPTOR against the independent time-dependent Dijkstra of the tests
// (tests/unit/transit_reference.hpp), one query and the 2-hour range query per origin (every
// minute, as r5 does), and the visits of one day from every commune seat. Run through
// bench/transit.sh, which generates the feed and prints the ratios of one run.
//
// HUBLO_BENCH_GTFS: the feed's folder (default /tmp/hublo-transit/synth/gtfs).
#include "hublo/algorithms/transit/raptor.hpp"
#include "hublo/algorithms/transit/visits.hpp"
#include "io/gtfs.hpp"

#include "../../tests/unit/transit_reference.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <random>

namespace {

using namespace hublo::algorithms::transit;
namespace gtfs = hublo::io::gtfs;

struct Feed {
    gtfs::Feed feed;
    std::vector<Trip> trips;
    std::vector<std::vector<Walk>> foot;
    std::unique_ptr<Timetable> tt, back;
    std::vector<std::uint32_t> origins; ///< random stops, the same for every benchmark
};

const Feed &feed() {
    static const std::unique_ptr<Feed> f = [] {
        auto out = std::make_unique<Feed>();
        const char *env = std::getenv("HUBLO_BENCH_GTFS");
        out->feed = gtfs::read_feed(env ? env : "/tmp/hublo-transit/synth/gtfs");
        out->trips = gtfs::trips_on(out->feed, gtfs::parse_date("2026-03-10"));
        out->foot.resize(out->feed.stops.size());
        for (const auto &t : out->feed.transfers) {
            out->foot[t.from].push_back({t.to, t.seconds});
        }
        out->tt = std::make_unique<Timetable>(
            Timetable::build(out->feed.stops.size(), out->trips, out->foot));
        out->back = std::make_unique<Timetable>(out->tt->reversed());
        std::mt19937 rng(1);
        for (int i = 0; i < 64; ++i) {
            out->origins.push_back(static_cast<std::uint32_t>(rng() % out->feed.stops.size()));
        }
        return out;
    }();
    return *f;
}

void BM_RaptorQuery(benchmark::State &state) {
    const auto &f = feed();
    Raptor raptor(*f.tt, 9);
    std::size_t i = 0;
    for (auto _ : state) {
        raptor.query(std::vector<Walk>{{f.origins[i++ % f.origins.size()], 0}}, 8 * 3600);
        benchmark::DoNotOptimize(raptor.best().data());
    }
    state.counters["stops"] = static_cast<double>(f.tt->stop_count());
    state.counters["trips"] = static_cast<double>(f.tt->trip_count());
}
BENCHMARK(BM_RaptorQuery)->Unit(benchmark::kMicrosecond);

void BM_ReferenceQuery(benchmark::State &state) {
    const auto &f = feed();
    std::size_t i = 0;
    for (auto _ : state) {
        auto best = hublo::test::reference_arrivals(
            f.trips, f.foot, f.feed.stops.size(),
            std::vector<Walk>{{f.origins[i++ % f.origins.size()], 0}}, 8 * 3600);
        benchmark::DoNotOptimize(best.data());
    }
}
BENCHMARK(BM_ReferenceQuery)->Unit(benchmark::kMicrosecond);

/// The 2-hour window, a departure every minute: the range query (labels reused).
void BM_RangeQuery2h(benchmark::State &state) {
    const auto &f = feed();
    Raptor raptor(*f.tt, 9);
    std::size_t i = 0;
    for (auto _ : state) {
        const std::vector<Walk> access{{f.origins[i++ % f.origins.size()], 0}};
        raptor.clear();
        for (std::int32_t t = 10 * 3600; t >= 8 * 3600; t -= 60) {
            raptor.depart(access, t);
            benchmark::DoNotOptimize(raptor.best().data());
        }
    }
}
BENCHMARK(BM_RangeQuery2h)->Unit(benchmark::kMicrosecond);

/// The same as 121 independent queries.
void BM_MinuteQueries2h(benchmark::State &state) {
    const auto &f = feed();
    Raptor raptor(*f.tt, 9);
    std::size_t i = 0;
    for (auto _ : state) {
        const std::vector<Walk> access{{f.origins[i++ % f.origins.size()], 0}};
        for (std::int32_t t = 10 * 3600; t >= 8 * 3600; t -= 60) {
            raptor.query(access, t);
            benchmark::DoNotOptimize(raptor.best().data());
        }
    }
}
BENCHMARK(BM_MinuteQueries2h)->Unit(benchmark::kMicrosecond);

/// And with the reference search, every minute.
void BM_ReferenceMinutes2h(benchmark::State &state) {
    const auto &f = feed();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::vector<Walk> access{{f.origins[i++ % f.origins.size()], 0}};
        for (std::int32_t t = 10 * 3600; t >= 8 * 3600; t -= 60) {
            auto best =
                hublo::test::reference_arrivals(f.trips, f.foot, f.feed.stops.size(), access, t);
            benchmark::DoNotOptimize(best.data());
        }
    }
}
BENCHMARK(BM_ReferenceMinutes2h)->Unit(benchmark::kMillisecond)->Iterations(1);

/// The visits of a day from every stop taken as a home (06:00-19:00, a departure a minute,
/// the range query, the way home, places at every tenth stop open 09:00-12:00, 14:00-17:00).
void BM_DayVisitsAllStops(benchmark::State &state) {
    const auto &f = feed();
    Raptor fw(*f.tt, 4), bw(*f.back, 4);
    std::vector<Destination> places;
    for (std::uint32_t s = 0; s < f.tt->stop_count(); s += 10) {
        places.push_back({{{s, 120}}, {{9 * 3600, 12 * 3600}, {14 * 3600, 17 * 3600}}});
    }
    const std::vector<std::int32_t> direct(places.size(), kNever);
    const std::vector<std::uint8_t> counted(places.size(), 1);
    DayParameters p;
    for (auto _ : state) {
        std::size_t possible = 0;
        for (std::uint32_t s = 0; s < f.tt->stop_count(); ++s) {
            const auto v =
                plan_day(fw, bw, *f.tt, std::vector<Walk>{{s, 0}}, places, direct, counted, p);
            possible +=
                static_cast<std::size_t>(std::count(v.possible.begin(), v.possible.end(), 1));
        }
        benchmark::DoNotOptimize(possible);
    }
    state.counters["homes"] = static_cast<double>(f.tt->stop_count());
}
BENCHMARK(BM_DayVisitsAllStops)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
