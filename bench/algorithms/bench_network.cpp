// Dijkstra on synthetic grids from 10^4 to 4.10^6 nodes: the growth curve of one full search.
#include "../generators.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

using namespace hublo;
using namespace hublo::algorithms::network;

namespace {
const Graph &grid(std::uint32_t side) {
    static std::map<std::uint32_t, std::unique_ptr<Graph>> cache;
    auto &g = cache[side];
    if (!g) {
        g = std::make_unique<Graph>(bench::grid_graph(side));
    }
    return *g;
}
} // namespace

// One search settling the whole grid, from a corner-ish node.
static void BM_DijkstraGrid(benchmark::State &state) {
    const auto side = static_cast<std::uint32_t>(state.range(0));
    const Graph &g = grid(side);
    const std::vector<Seed> seeds = {{side + 1, 0.0, 0}};
    std::size_t settled = 0;
    for (auto _ : state) {
        auto r = nearest_seeds(g, seeds, Direction::forward);
        settled = r.settled;
        benchmark::DoNotOptimize(r.time_s.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * settled));
    state.counters["nodes"] = static_cast<double>(g.node_count());
}
BENCHMARK(BM_DijkstraGrid)->Arg(100)->Arg(316)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

// Many sources at once (one place per 2 500 nodes), the shape of "time to the nearest place".
static void BM_MultiSourceGrid(benchmark::State &state) {
    const auto side = static_cast<std::uint32_t>(state.range(0));
    const Graph &g = grid(side);
    std::vector<Seed> seeds;
    for (std::uint32_t v = 0, k = 0; v < g.node_count(); v += 2503, ++k) {
        seeds.push_back({v, 0.0, k});
    }
    for (auto _ : state) {
        auto r = nearest_seeds(g, seeds, Direction::reverse);
        benchmark::DoNotOptimize(r.time_s.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * g.node_count()));
}
BENCHMARK(BM_MultiSourceGrid)->Arg(316)->Arg(1000)->Unit(benchmark::kMillisecond);

// A 30-minute bounded search with reused buffers: the per-place catchment kernel.
static void BM_BoundedSearchGrid(benchmark::State &state) {
    const Graph &g = grid(1000);
    BoundedSearch search(g);
    std::uint32_t k = 0;
    std::size_t settled = 0;
    for (auto _ : state) {
        const std::vector<Seed> seeds = {
            {(k++ * 7919u) % static_cast<std::uint32_t>(g.node_count()), 0.0, 0}};
        search.run(seeds, Direction::reverse, static_cast<double>(state.range(0)));
        settled += search.settled().size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(settled));
}
BENCHMARK(BM_BoundedSearchGrid)->Arg(300)->Arg(900)->Unit(benchmark::kMicrosecond);
