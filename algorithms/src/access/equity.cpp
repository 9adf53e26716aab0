#include "hublo/algorithms/access/equity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

namespace hublo::algorithms::access {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// (value, weight) of the usable units, sorted by value.
std::vector<std::pair<double, double>> sorted_units(std::span<const double> values,
                                                    std::span<const double> weights) {
    std::vector<std::pair<double, double>> u;
    for (std::size_t i = 0; i < values.size() && i < weights.size(); ++i) {
        if (!std::isnan(values[i]) && weights[i] > 0) {
            u.emplace_back(values[i], weights[i]);
        }
    }
    std::sort(u.begin(), u.end());
    return u;
}

/// Value held by the units between cumulative weights [from, to) of the sorted units.
double held_between(const std::vector<std::pair<double, double>> &u, double from, double to) {
    double cum = 0, held = 0;
    for (const auto &[x, w] : u) {
        const double lo = std::max(cum, from), hi = std::min(cum + w, to);
        if (hi > lo) {
            held += x * (hi - lo);
        }
        cum += w;
    }
    return held;
}
} // namespace

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q) {
    const auto u = sorted_units(values, weights);
    double total = 0;
    for (const auto &[x, w] : u) {
        total += w;
    }
    double cum = 0;
    for (const auto &[x, w] : u) {
        cum += w;
        if (cum >= q * total) {
            return x;
        }
    }
    return kNaN;
}

double weighted_gini(std::span<const double> values, std::span<const double> weights) {
    const auto u = sorted_units(values, weights);
    double total = 0, mass = 0;
    for (const auto &[x, w] : u) {
        total += w;
        mass += x * w;
    }
    if (!(total > 0) || mass == 0) {
        return kNaN;
    }
    // sum_ij w_i w_j |x_i - x_j| = 2 sum_k w_k x_k (W_before - W_after), sorted ascending.
    double before = 0, sum = 0;
    for (const auto &[x, w] : u) {
        const double after = total - before - w;
        sum += w * x * (before - after);
        before += w;
    }
    return sum / (total * mass);
}

double weighted_palma(std::span<const double> values, std::span<const double> weights) {
    const auto u = sorted_units(values, weights);
    double total = 0;
    for (const auto &[x, w] : u) {
        total += w;
    }
    if (!(total > 0)) {
        return kNaN;
    }
    const double bottom = held_between(u, 0.0, 0.4 * total);
    const double top = held_between(u, 0.9 * total, total);
    return bottom > 0 ? top / bottom : kNaN;
}

} // namespace hublo::algorithms::access
