// The risk stage at the scale of France: 35 000 communes.
#include "hublo/algorithms/risk/illectronism.hpp"
#include "hublo/algorithms/risk/risk_index.hpp"

#include <benchmark/benchmark.h>

#include <random>

using namespace hublo::algorithms::risk;

// Five raw indicators scored by population-weighted deciles, then the weighted index.
static void BM_RiskIndexFrance(benchmark::State &state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> rate(0.0, 0.5);
    std::lognormal_distribution<double> pop(6.0, 1.5);
    std::vector<std::vector<double>> values(5, std::vector<double>(n));
    std::vector<double> population(n);
    for (auto &v : values) {
        for (auto &x : v) {
            x = rate(rng);
        }
    }
    for (auto &p : population) {
        p = pop(rng);
    }
    std::vector<Indicator> ind;
    for (std::size_t k = 0; k < 5; ++k) {
        ind.push_back({"i" + std::to_string(k), values[k], 1.0 + static_cast<double>(k), false});
    }
    Parameters p;
    p.deciles = DecileWeights::population;
    for (auto _ : state) {
        auto r = risk_index(ind, population, p);
        benchmark::DoNotOptimize(r.index.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_RiskIndexFrance)->Arg(1800)->Arg(35000)->Unit(benchmark::kMillisecond);

// Expected people in illectronism from ten age bands per commune.
static void BM_IllectronismFrance(benchmark::State &state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::vector<AgeBand> bands = {{"0_3", 0, 4},     {"4_5", 4, 6},     {"6_10", 6, 11},
                                        {"11_17", 11, 18}, {"18_24", 18, 25}, {"25_39", 25, 40},
                                        {"40_54", 40, 55}, {"55_64", 55, 65}, {"65_79", 65, 80},
                                        {"80p", 80, 1000}};
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> people(0.0, 300.0);
    std::vector<std::vector<double>> pop(n, std::vector<double>(bands.size()));
    for (auto &area : pop) {
        for (auto &x : area) {
            x = people(rng);
        }
    }
    const auto rates = insee_2021_rates();
    for (auto _ : state) {
        auto r = expected_illectronism(pop, bands, rates);
        benchmark::DoNotOptimize(r.expected.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_IllectronismFrance)->Arg(35000)->Unit(benchmark::kMillisecond);
