#include "hublo/algorithms/access/e2sfca.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace hublo::algorithms::access {

Decay Decay::steps(std::vector<double> upper_s, std::vector<double> weights) {
    if (upper_s.empty() || upper_s.size() != weights.size()) {
        throw std::invalid_argument("decay: give one weight per time band (" +
                                    std::to_string(upper_s.size()) + " bands, " +
                                    std::to_string(weights.size()) + " weights)");
    }
    for (std::size_t k = 0; k < upper_s.size(); ++k) {
        if (!(upper_s[k] > (k ? upper_s[k - 1] : 0.0)) || !std::isfinite(upper_s[k])) {
            throw std::invalid_argument("decay: the band bounds must increase from above 0");
        }
        if (!(weights[k] >= 0.0) || !std::isfinite(weights[k])) {
            throw std::invalid_argument("decay: weight " + std::to_string(k + 1) + " is " +
                                        std::to_string(weights[k]) +
                                        "; weights must be finite and >= 0");
        }
    }
    Decay d;
    d.kind_ = Kind::steps;
    d.upper_s_ = std::move(upper_s);
    d.weights_ = std::move(weights);
    return d;
}

Decay Decay::gaussian(double limit_s) {
    if (!(limit_s > 0.0) || !std::isfinite(limit_s)) {
        throw std::invalid_argument("decay: the Gaussian needs a catchment time above 0");
    }
    Decay d;
    d.kind_ = Kind::gaussian;
    d.upper_s_ = {limit_s};
    return d;
}

double Decay::operator()(double t) const {
    if (!(t <= upper_s_.back())) {
        return 0.0;
    }
    if (kind_ == Kind::gaussian) {
        const double u = t / upper_s_.back(), floor = std::exp(-0.5);
        return (std::exp(-0.5 * u * u) - floor) / (1.0 - floor);
    }
    for (std::size_t k = 0; k < upper_s_.size(); ++k) {
        if (t <= upper_s_[k]) {
            return weights_[k];
        }
    }
    return 0.0;
}

std::string Decay::describe() const {
    char buf[64];
    if (kind_ == Kind::gaussian) {
        std::snprintf(buf, sizeof buf, "gaussian to %g min", upper_s_.back() / 60.0);
        return buf;
    }
    std::string out = "steps";
    for (std::size_t k = 0; k < upper_s_.size(); ++k) {
        std::snprintf(buf, sizeof buf, "%s%g min: %g", k ? ", " : " ", upper_s_[k] / 60.0,
                      weights_[k]);
        out += buf;
    }
    return out;
}

namespace {
void check_inputs(const network::CatchmentTimes &reach, std::span<const double> capacity,
                  std::span<const double> demand) {
    const std::size_t places = reach.places();
    if (capacity.size() != places) {
        throw std::invalid_argument("e2sfca: one capacity per place is needed");
    }
    for (std::size_t j = 0; j < places; ++j) {
        if (!(capacity[j] > 0.0) || !std::isfinite(capacity[j])) {
            throw std::invalid_argument("e2sfca: place " + std::to_string(j + 1) +
                                        " has a capacity of " + std::to_string(capacity[j]) +
                                        "; capacities must be above 0");
        }
    }
    for (const auto i : reach.point) {
        if (i >= demand.size()) {
            throw std::invalid_argument("e2sfca: a catchment names a point beyond the demand");
        }
    }
}
} // namespace

E2sfcaResult e2sfca(const network::CatchmentTimes &reach, std::span<const double> capacity,
                    std::span<const double> demand, const Decay &decay) {
    const std::size_t places = reach.places();
    check_inputs(reach, capacity, demand);
    auto d = [&](std::uint32_t i) { return std::isnan(demand[i]) ? 0.0 : demand[i]; };
    E2sfcaResult r;
    r.ratio.assign(places, 0.0);
    r.weighted_demand.assign(places, 0.0);
    r.accessibility.assign(demand.size(), 0.0);
    for (std::size_t j = 0; j < places; ++j) {
        const auto pts = reach.of(j);
        const auto ts = reach.times_of(j);
        double sum = 0.0;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            sum += decay(ts[k]) * d(pts[k]);
        }
        r.weighted_demand[j] = sum;
        r.ratio[j] = sum > 0.0 ? capacity[j] / sum : 0.0;
    }
    // Step 2, place by place in a fixed order: the sums do not depend on threads.
    for (std::size_t j = 0; j < places; ++j) {
        const auto pts = reach.of(j);
        const auto ts = reach.times_of(j);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            r.accessibility[pts[k]] += decay(ts[k]) * r.ratio[j];
        }
    }
    return r;
}

BfcaResult bfca(const network::CatchmentTimes &reach, std::span<const double> capacity,
                std::span<const double> demand, const Decay &decay) {
    const std::size_t places = reach.places();
    check_inputs(reach, capacity, demand);
    auto d = [&](std::uint32_t i) { return std::isnan(demand[i]) ? 0.0 : demand[i]; };
    // Sums of the weights per point (over its places) and per place (over its points with
    // some demand: a point without people takes no share of the supply).
    std::vector<double> point_weight(demand.size(), 0.0), place_weight(places, 0.0);
    for (std::size_t j = 0; j < places; ++j) {
        const auto pts = reach.of(j);
        const auto ts = reach.times_of(j);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const double w = decay(ts[k]);
            point_weight[pts[k]] += w;
            if (d(pts[k]) > 0) {
                place_weight[j] += w;
            }
        }
    }
    BfcaResult r;
    r.balanced_demand.assign(places, 0.0);
    r.ratio.assign(places, 0.0);
    r.accessibility.assign(demand.size(), 0.0);
    r.allocated_supply.assign(demand.size(), 0.0);
    for (std::size_t j = 0; j < places; ++j) {
        const auto pts = reach.of(j);
        const auto ts = reach.times_of(j);
        double sum = 0.0;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const double w = decay(ts[k]);
            if (w > 0 && point_weight[pts[k]] > 0) {
                sum += d(pts[k]) * w / point_weight[pts[k]];
            }
        }
        r.balanced_demand[j] = sum;
        r.ratio[j] = sum > 0.0 ? capacity[j] / sum : 0.0;
    }
    for (std::size_t j = 0; j < places; ++j) {
        const auto pts = reach.of(j);
        const auto ts = reach.times_of(j);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const double w = decay(ts[k]);
            if (!(d(pts[k]) > 0) || !(w > 0)) {
                continue;
            }
            // Paez et al.'s level of service: the place's ratio shared by its points.
            r.accessibility[pts[k]] += r.ratio[j] * w / place_weight[j];
            // The supply the point's own people take: its share of the place's balanced
            // demand, d_i w_i / P*_j, of the place's supply.
            r.allocated_supply[pts[k]] += r.ratio[j] * d(pts[k]) * w / point_weight[pts[k]];
        }
    }
    return r;
}

} // namespace hublo::algorithms::access
