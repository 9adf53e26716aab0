#include "hublo/algorithms/risk/risk_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace hublo::algorithms::risk {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

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
    std::vector<std::size_t> order;
    order.reserve(n);
    double total = 0.0;
    auto weight = [&](std::size_t i) {
        if (weights.empty()) {
            return 1.0;
        }
        const double w = weights[i];
        return std::isnan(w) || w < 0 ? 0.0 : w;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isnan(values[i])) {
            order.push_back(i);
            total += weight(i);
        }
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> scores(n, kNaN);
    double below = 0.0; // weight of the values strictly below the current one
    for (std::size_t k = 0; k < order.size();) {
        std::size_t end = k;
        double same = 0.0;
        while (end < order.size() && values[order[end]] == values[order[k]]) {
            same += weight(order[end]);
            ++end;
        }
        const double share = total > 0 ? below / total : 0.0;
        const double score = std::min(10.0, 1.0 + std::floor(10.0 * share + 1e-12));
        for (std::size_t j = k; j < end; ++j) {
            scores[order[j]] = score;
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
    for (const auto &ind : indicators) {
        if (ind.ready_scores) {
            r.scores.emplace_back(ind.values.begin(), ind.values.end());
        } else {
            r.scores.push_back(decile_scores(ind.values, weights));
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
