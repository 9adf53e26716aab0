#include "hublo/algorithms/risk/risk_index.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace hublo::algorithms::risk {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Orders (value, area) pairs by value with an LSD radix sort on the bits of the doubles
/// (sign-adjusted so that unsigned order is numeric order; -0.0 counts as +0.0): eight passes
/// of one byte, stable, linear in the number of values. Several times faster than std::sort
/// at the size of France's 35 000 communes.
void radix_sort(std::vector<std::pair<double, std::uint32_t>> &items) {
    const std::size_t n = items.size();
    std::vector<std::uint64_t> keys(n), keys_tmp(n);
    std::vector<std::pair<double, std::uint32_t>> tmp(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double v = items[i].first + 0.0;
        std::uint64_t u;
        std::memcpy(&u, &v, sizeof u);
        keys[i] = (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
    }
    for (int shift = 0; shift < 64; shift += 8) {
        std::array<std::size_t, 257> count{};
        for (std::size_t i = 0; i < n; ++i) {
            ++count[((keys[i] >> shift) & 0xFF) + 1];
        }
        if (count[1] == n || count[256] == n) {
            continue; // every key has the same byte here
        }
        for (std::size_t b = 1; b < count.size(); ++b) {
            count[b] += count[b - 1];
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t pos = count[(keys[i] >> shift) & 0xFF]++;
            tmp[pos] = items[i];
            keys_tmp[pos] = keys[i];
        }
        items.swap(tmp);
        keys.swap(keys_tmp);
    }
}
} // namespace

void Parameters::validate(std::span<const Indicator> indicators, std::size_t areas) const {
    if (indicators.empty()) {
        throw std::invalid_argument("the risk index needs at least one indicator");
    }
    double total = 0.0;
    for (const auto &ind : indicators) {
        if (!(ind.weight >= 0.0) || !std::isfinite(ind.weight)) {
            throw std::invalid_argument("indicator " + ind.name +
                                        ": weight must be a finite number >= 0");
        }
        if (ind.values.size() != areas) {
            throw std::invalid_argument("indicator " + ind.name + ": one value per area needed");
        }
        total += ind.weight;
        if (ind.ready_scores) {
            for (std::size_t a = 0; a < ind.values.size(); ++a) {
                const double v = ind.values[a];
                if (!std::isnan(v) && (v < 1.0 || v > 10.0)) {
                    throw std::invalid_argument("indicator " + ind.name + ": score " +
                                                std::to_string(v) + " of area #" +
                                                std::to_string(a) + " is outside 1-10");
                }
            }
        }
    }
    if (!(total > 0.0)) {
        throw std::invalid_argument("the indicator weights sum to zero; give at least one "
                                    "indicator a positive weight");
    }
}

std::vector<double> decile_scores(std::span<const double> values, std::span<const double> weights) {
    const std::size_t n = values.size();
    auto weight = [&](std::size_t i) {
        if (weights.empty()) {
            return 1.0;
        }
        const double w = weights[i];
        return std::isnan(w) || w < 0 ? 0.0 : w;
    };
    // (value, area) pairs sorted by value.
    std::vector<std::pair<double, std::uint32_t>> order;
    order.reserve(n);
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isnan(values[i])) {
            order.emplace_back(values[i], static_cast<std::uint32_t>(i));
            total += weight(i);
        }
    }
    radix_sort(order);
    std::vector<double> scores(n, kNaN);
    double below = 0.0; // weight of the values strictly below the current one
    for (std::size_t k = 0; k < order.size();) {
        std::size_t end = k;
        double same = 0.0;
        while (end < order.size() && order[end].first == order[k].first) {
            same += weight(order[end].second);
            ++end;
        }
        const double share = total > 0 ? below / total : 0.0;
        const double score = std::min(10.0, 1.0 + std::floor(10.0 * share + 1e-12));
        for (std::size_t j = k; j < end; ++j) {
            scores[order[j].second] = score;
        }
        below += same;
        k = end;
    }
    return scores;
}

Result risk_index(std::span<const Indicator> indicators, std::span<const double> population,
                  const Parameters &parameters) {
    const std::size_t n = indicators.empty() ? 0 : indicators[0].values.size();
    parameters.validate(indicators, n);
    Result r;
    const std::span<const double> weights =
        parameters.deciles == DecileWeights::population ? population : std::span<const double>();
    if (parameters.deciles == DecileWeights::population && population.size() != n) {
        throw std::invalid_argument("population-weighted deciles need one population per area");
    }
    // Indicators are scored independently: in parallel when there are many areas (each
    // result lands in its own slot, so the outcome does not depend on the threads).
    r.scores.resize(indicators.size());
    auto score = [&](std::size_t k) {
        const auto &ind = indicators[k];
        r.scores[k] = ind.ready_scores ? std::vector<double>(ind.values.begin(), ind.values.end())
                                       : decile_scores(ind.values, weights);
    };
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    if (n >= 10000 && threads > 1 && indicators.size() > 1) {
        std::vector<std::thread> pool;
        std::atomic<std::size_t> next{0};
        for (unsigned t = 0; t < std::min<std::size_t>(threads, indicators.size()); ++t) {
            pool.emplace_back([&] {
                for (std::size_t k = next++; k < indicators.size(); k = next++) {
                    score(k);
                }
            });
        }
        for (auto &th : pool) {
            th.join();
        }
    } else {
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            score(k);
        }
    }
    r.index.assign(n, kNaN);
    r.missing.assign(n, 0);
    for (std::size_t a = 0; a < n; ++a) {
        double sum = 0.0, wsum = 0.0;
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            const double s = r.scores[k][a];
            if (std::isnan(s)) {
                ++r.missing[a];
                continue;
            }
            sum += indicators[k].weight * s;
            wsum += indicators[k].weight;
        }
        if (wsum > 0) {
            r.index[a] = sum / wsum;
        }
    }
    return r;
}

} // namespace hublo::algorithms::risk
