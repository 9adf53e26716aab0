#include "hublo/algorithms/access/siting.hpp"

#include <cmath>
#include <queue>
#include <stdexcept>
#include <string>

namespace hublo::algorithms::access {

namespace {

/// Points beyond the demand are refused; returns the result with the demand's total and
/// what the existing places cover.
SitingResult start(const network::CatchmentTimes &reach, std::span<const double> demand,
                   std::span<const std::uint8_t> covered) {
    for (const auto i : reach.point) {
        if (i >= demand.size()) {
            throw std::invalid_argument("siting: a candidate reaches a point beyond the demand");
        }
    }
    SitingResult r;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const double w = std::isnan(demand[i]) ? 0.0 : demand[i];
        r.total += w;
        r.covered_before += covered[i] ? w : 0.0;
    }
    return r;
}

} // namespace

SitingResult greedy_cover(const network::CatchmentTimes &reach, std::span<const double> demand,
                          std::span<const std::uint8_t> covered_in, std::size_t k, bool lazy) {
    const std::size_t n = reach.places();
    if (covered_in.size() != demand.size()) {
        throw std::invalid_argument("siting: one coverage flag per demand point is needed");
    }
    if (k > n) {
        throw std::invalid_argument("siting: " + std::to_string(k) +
                                    " places asked for, but there are only " + std::to_string(n) +
                                    " candidates");
    }
    SitingResult r = start(reach, demand, covered_in);
    auto w = [&](std::uint32_t i) { return std::isnan(demand[i]) ? 0.0 : demand[i]; };
    std::vector<std::uint8_t> covered(covered_in.begin(), covered_in.end());
    auto gain_of = [&](std::size_t c) {
        ++r.evaluations;
        double g = 0.0;
        for (const auto i : reach.of(c)) {
            g += covered[i] ? 0.0 : w(i);
        }
        return g;
    };
    std::vector<std::uint8_t> picked(n, 0);
    double now = r.covered_before;
    auto take = [&](std::size_t c, double g) {
        picked[c] = 1;
        for (const auto i : reach.of(c)) {
            covered[i] = 1;
        }
        now += g;
        r.picks.push_back(static_cast<std::uint32_t>(c));
        r.gain.push_back(g);
        r.covered.push_back(now);
    };

    if (!lazy) {
        for (std::size_t round = 0; round < k; ++round) {
            std::size_t best = n;
            double best_gain = 0.0;
            for (std::size_t c = 0; c < n; ++c) {
                if (!picked[c]) {
                    const double g = gain_of(c);
                    if (g > best_gain) { // strict: the lowest index wins ties
                        best = c;
                        best_gain = g;
                    }
                }
            }
            if (best == n) {
                break; // nothing left to gain
            }
            take(best, best_gain);
        }
        return r;
    }

    // Lazy: (gain bound, candidate, round the bound was computed in). The top of the queue
    // is the largest bound, then the lowest index; a bound computed in this round is exact.
    struct Entry {
        double gain;
        std::uint32_t candidate;
        std::size_t round;
        bool operator<(const Entry &o) const {
            return gain != o.gain ? gain < o.gain : candidate > o.candidate;
        }
    };
    std::priority_queue<Entry> queue;
    for (std::size_t c = 0; c < n; ++c) {
        queue.push({gain_of(c), static_cast<std::uint32_t>(c), 0});
    }
    for (std::size_t round = 0; round < k && !queue.empty();) {
        Entry top = queue.top();
        queue.pop();
        if (top.round != round) {
            top.gain = gain_of(top.candidate);
            top.round = round;
            queue.push(top);
            continue;
        }
        if (!(top.gain > 0.0)) {
            break; // the best exact gain is nothing: every other bound is no better
        }
        take(top.candidate, top.gain);
        ++round;
    }
    return r;
}

SitingResult budgeted_cover(const network::CatchmentTimes &reach, std::span<const double> demand,
                            std::span<const std::uint8_t> covered_in, std::span<const double> cost,
                            double budget, std::size_t max_picks) {
    const std::size_t n = reach.places();
    if (covered_in.size() != demand.size() || cost.size() != n) {
        throw std::invalid_argument("siting: one coverage flag per point and one cost per "
                                    "candidate are needed");
    }
    for (const double c : cost) {
        if (!(c > 0) || !std::isfinite(c)) {
            throw std::invalid_argument("siting: every candidate's cost must be above 0");
        }
    }
    if (!(budget >= 0) || !std::isfinite(budget)) {
        throw std::invalid_argument("siting: the budget must be 0 or more");
    }
    SitingResult r = start(reach, demand, covered_in);
    auto w = [&](std::uint32_t i) { return std::isnan(demand[i]) ? 0.0 : demand[i]; };
    std::vector<std::uint8_t> covered(covered_in.begin(), covered_in.end());
    auto gain_of = [&](std::size_t c) {
        ++r.evaluations;
        double g = 0.0;
        for (const auto i : reach.of(c)) {
            g += covered[i] ? 0.0 : w(i);
        }
        return g;
    };
    // The best single candidate that fits, for Khuller's comparison.
    std::size_t single = n;
    double single_gain = 0.0;
    for (std::size_t c = 0; c < n; ++c) {
        const double g = gain_of(c);
        if (cost[c] <= budget && g > single_gain) {
            single = c;
            single_gain = g;
        }
    }
    std::vector<std::uint8_t> picked(n, 0);
    double left = budget, now = r.covered_before;
    while (r.picks.size() < max_picks) {
        std::size_t best = n;
        double best_ratio = 0.0, best_gain = 0.0;
        for (std::size_t c = 0; c < n; ++c) {
            if (picked[c] || cost[c] > left) {
                continue;
            }
            const double g = gain_of(c);
            if (g > 0 && g / cost[c] > best_ratio) {
                best = c;
                best_ratio = g / cost[c];
                best_gain = g;
            }
        }
        if (best == n) {
            break;
        }
        picked[best] = 1;
        left -= cost[best];
        for (const auto i : reach.of(best)) {
            covered[i] = 1;
        }
        now += best_gain;
        r.picks.push_back(static_cast<std::uint32_t>(best));
        r.gain.push_back(best_gain);
        r.covered.push_back(now);
    }
    if (single < n && max_picks > 0 && single_gain > now - r.covered_before) {
        r.picks = {static_cast<std::uint32_t>(single)};
        r.gain = {single_gain};
        r.covered = {r.covered_before + single_gain};
    }
    return r;
}

} // namespace hublo::algorithms::access
