#include "hublo/algorithms/risk/illectronism.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hublo::algorithms::risk {

std::vector<std::vector<double>> band_mapping(std::span<const AgeBand> source,
                                              std::span<const AgeBand> target,
                                              double open_end_years) {
    std::vector<std::vector<double>> m(source.size(), std::vector<double>(target.size(), 0.0));
    for (std::size_t s = 0; s < source.size(); ++s) {
        const double from = source[s].from;
        const double to = std::min(source[s].to, open_end_years);
        const double width = to - from;
        if (!(width > 0)) {
            throw std::invalid_argument("age band " + source[s].name + " is empty");
        }
        for (std::size_t t = 0; t < target.size(); ++t) {
            const double lo = std::max(from, target[t].from);
            const double hi = std::min(to, std::min(target[t].to, open_end_years));
            if (hi > lo) {
                m[s][t] = (hi - lo) / width;
            }
        }
    }
    return m;
}

ExpectedIllectronism expected_illectronism(const std::vector<std::vector<double>> &population,
                                           std::span<const AgeBand> source_bands,
                                           std::span<const BandRate> rates) {
    for (const auto &r : rates) {
        if (!(r.rate >= 0 && r.rate <= 1) || !(r.low >= 0 && r.low <= r.rate) ||
            !(r.high >= r.rate && r.high <= 1)) {
            throw std::invalid_argument("rate of band " + r.band.name + " (" +
                                        std::to_string(r.rate) + ", low " + std::to_string(r.low) +
                                        ", high " + std::to_string(r.high) +
                                        ") must satisfy 0 <= low <= rate <= high <= 1");
        }
    }
    std::vector<AgeBand> target;
    for (const auto &r : rates) {
        target.push_back(r.band);
    }
    const auto m = band_mapping(source_bands, target);
    ExpectedIllectronism out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto &area : population) {
        if (area.size() != source_bands.size()) {
            throw std::invalid_argument("one population per source age band is needed");
        }
        std::vector<double> people(target.size(), 0.0);
        bool unknown = false;
        for (std::size_t s = 0; s < area.size(); ++s) {
            if (std::isnan(area[s])) {
                unknown = true;
                break;
            }
            for (std::size_t t = 0; t < target.size(); ++t) {
                people[t] += area[s] * m[s][t];
            }
        }
        if (unknown) {
            out.people_15plus.push_back(nan);
            out.expected.push_back(nan);
            out.low.push_back(nan);
            out.high.push_back(nan);
            continue;
        }
        double total = 0, e = 0, lo = 0, hi = 0;
        for (std::size_t t = 0; t < target.size(); ++t) {
            total += people[t];
            e += people[t] * rates[t].rate;
            lo += people[t] * rates[t].low;
            hi += people[t] * rates[t].high;
        }
        out.people_15plus.push_back(total);
        out.expected.push_back(e);
        out.low.push_back(lo);
        out.high.push_back(hi);
    }
    return out;
}

std::vector<double> calibrate_rates(std::span<const double> reference_people,
                                    std::span<const double> rates, std::span<const bool> unknown,
                                    double overall_rate) {
    const auto n = reference_people.size();
    if (rates.size() != n || unknown.size() != n) {
        throw std::invalid_argument("calibration: one rate and one flag per band are needed");
    }
    double total = 0, known = 0;
    std::vector<std::size_t> free;
    for (std::size_t t = 0; t < n; ++t) {
        total += reference_people[t];
        if (unknown[t]) {
            free.push_back(t);
        } else {
            known += reference_people[t] * rates[t];
        }
    }
    if (free.empty() || !(total > 0)) {
        throw std::invalid_argument("calibration needs at least one unknown band and people");
    }
    // One equation (the overall rate), |free| unknowns: the solution closest to the starting
    // rates, x = x0 + A^T (A A^T)^-1 (b - A x0), via a complete orthogonal decomposition.
    Eigen::MatrixXd a(1, static_cast<Eigen::Index>(free.size()));
    Eigen::VectorXd x0(static_cast<Eigen::Index>(free.size()));
    for (std::size_t k = 0; k < free.size(); ++k) {
        a(0, static_cast<Eigen::Index>(k)) = reference_people[free[k]];
        x0(static_cast<Eigen::Index>(k)) = rates[free[k]];
    }
    Eigen::VectorXd b(1);
    b(0) = overall_rate * total - known;
    const Eigen::VectorXd dx = a.completeOrthogonalDecomposition().solve(b - a * x0);
    std::vector<double> out(rates.begin(), rates.end());
    for (std::size_t k = 0; k < free.size(); ++k) {
        const double v = x0(static_cast<Eigen::Index>(k)) + dx(static_cast<Eigen::Index>(k));
        if (!(v >= 0.0 && v <= 1.0)) {
            throw std::invalid_argument("calibration gives a rate of " + std::to_string(v) +
                                        " outside [0, 1]: the overall rate cannot be reached "
                                        "with the known rates and this population");
        }
        out[free[k]] = v;
    }
    return out;
}

namespace {
double logit(double p) {
    return std::log(p / (1.0 - p));
}
double expit(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}
} // namespace

void GroupAdjustment::validate() const {
    auto share = [](double v) { return v > 0.0 && v < 1.0; };
    if (!share(group_rate) || !share(overall_rate) || !share(reference_share)) {
        throw std::invalid_argument("adjustment " + name +
                                    ": group_rate, overall_rate and reference_share must lie "
                                    "strictly between 0 and 1");
    }
    const double rest = (overall_rate - reference_share * group_rate) / (1.0 - reference_share);
    if (!(rest > 0.0 && rest < 1.0)) {
        throw std::invalid_argument(
            "adjustment " + name + ": a group of share " + std::to_string(reference_share) +
            " at " + std::to_string(group_rate) + " cannot make an overall rate of " +
            std::to_string(overall_rate));
    }
}

double GroupAdjustment::odds_ratio() const {
    const double rest = (overall_rate - reference_share * group_rate) / (1.0 - reference_share);
    return std::exp(logit(group_rate) - logit(rest));
}

double adjust_rate(double age_rate, double share, const GroupAdjustment &group) {
    if (std::isnan(age_rate) || std::isnan(share)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (age_rate <= 0.0 || age_rate >= 1.0) {
        return age_rate; // nothing to shift on the odds scale
    }
    const double log_or = std::log(group.odds_ratio());
    const double s0 = group.reference_share;
    auto mix = [&](double rest, double s) {
        return s * expit(logit(rest) + log_or) + (1.0 - s) * rest;
    };
    // mix(rest, s0) increases with rest: bisection on the logit scale for mix == age_rate.
    double lo = -40.0, hi = 40.0;
    for (int k = 0; k < 200; ++k) {
        const double mid = 0.5 * (lo + hi);
        (mix(expit(mid), s0) < age_rate ? lo : hi) = mid;
    }
    const double rest = expit(0.5 * (lo + hi));
    return mix(rest, std::clamp(share, 0.0, 1.0));
}

std::vector<BandRate> insee_2021_rates() {
    const std::string ip1953 = "Insee Première n°1953 (2021 data), as quoted by "
                               "causecommune-larevue.fr, boursier.com, cafepedagogique.net";
    return {
        {{"15-24", 15, 25}, 0.02, 0.015, 0.03, ip1953},
        {{"25-39", 25, 40}, 0.04, 0.03, 0.05, ip1953},
        {{"40-59", 40, 60},
         0.14,
         0.04,
         0.24,
         "assumption: not published; linear between the midpoints of 25-39 (4 %) and 60-74 "
         "(24 %), range the neighbouring rates"},
        {{"60-74", 60, 75}, 0.24, 0.22, 0.26, ip1953},
        {{"75+", 75, 1000}, 0.62, 0.60, 0.67, ip1953 + "; 2019: 67.2 % (Insee Première n°1780)"},
    };
}

} // namespace hublo::algorithms::risk
