#include "../generators.hpp"
#include "hublo/algorithms/dedup.hpp"

#include <benchmark/benchmark.h>

using namespace hublo;

// Places of a region (~450) up to France (~20 000) and beyond, 40 % sharing names.
static void BM_FindDuplicates(benchmark::State &state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto pts = bench::random_points(n, 500000.0);
    const auto nm = bench::names(n, n * 6 / 10 + 1);
    std::vector<algorithms::dedup::Candidate> c(n);
    for (std::size_t i = 0; i < n; ++i) {
        c[i] = {pts[i], i % 5 == 0 ? std::string_view("12345678900011") : std::string_view(),
                nm[i]};
    }
    for (auto _ : state) {
        auto r = algorithms::dedup::find_duplicates(c, {100.0});
        benchmark::DoNotOptimize(r.group.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_FindDuplicates)->RangeMultiplier(8)->Range(512, 262144)->Unit(benchmark::kMicrosecond);
