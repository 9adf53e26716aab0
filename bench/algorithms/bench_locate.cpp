#include "../generators.hpp"
#include "hublo/algorithms/locate.hpp"

#include <benchmark/benchmark.h>

using namespace hublo;

// Point-in-commune lookups: a region has ~1 800 communes, France ~35 000.
static void BM_LocatePoints(benchmark::State &state) {
    const int n = static_cast<int>(state.range(0));
    const double side = 4000.0;
    const auto communes = bench::square_grid(n, side, 16);
    const algorithms::locate::PolygonLocator locator(communes);
    const auto pts = bench::random_points(100000, n * side);
    for (auto _ : state) {
        std::size_t found = 0;
        for (const auto &p : pts) {
            found += locator.find(p).has_value();
        }
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pts.size()));
    state.counters["polygons"] = static_cast<double>(communes.size());
}
BENCHMARK(BM_LocatePoints)->Arg(16)->Arg(42)->Arg(100)->Arg(187)->Unit(benchmark::kMillisecond);

static void BM_BuildLocator(benchmark::State &state) {
    const int n = static_cast<int>(state.range(0));
    const auto communes = bench::square_grid(n, 4000.0, 16);
    for (auto _ : state) {
        algorithms::locate::PolygonLocator locator(communes);
        benchmark::DoNotOptimize(&locator);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * communes.size()));
}
BENCHMARK(BM_BuildLocator)->Arg(42)->Arg(187)->Unit(benchmark::kMicrosecond);
