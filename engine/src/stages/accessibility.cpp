#include "stages/accessibility.hpp"

#include "hublo/algorithms/access/equity.hpp"

#include "hublo/algorithms/access/e2sfca.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/text.hpp"

#include <cmath>
#include <limits>
#include <numeric>

namespace hublo::stages {

using algorithms::network::Snap;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

namespace {
/// Demand-weighted mean of the points' values per commune, times `per`; a commune whose
/// points have no demand takes its main point's value.
std::vector<double> per_commune(const std::vector<double> &value, std::span<const double> demand,
                                const Demand &d, std::size_t n, double per) {
    std::vector<double> num(n, 0.0), den(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        num[d.commune[p]] += demand[p] * value[p];
        den[d.commune[p]] += demand[p];
    }
    std::vector<double> out(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (den[i] > 0) {
            out[i] = num[i] / den[i] * per;
        } else if (d.main_point.size() == n) {
            out[i] = value[d.main_point[i]] * per;
        }
    }
    return out;
}
} // namespace

AccessibilityResult run_accessibility(const AccessibilitySettings &ac,
                                      const AccessibilityInputs &in, StageContext &ctx) {
    const std::size_t n = in.communes;
    const auto &demand = in.at_risk.people;
    const auto counts = in.access.counts(in.places.size());
    const auto *catchment = &in.access.catchment;
    AccessibilityResult r;
    r.demand_kind = in.at_risk.kind;
    r.commune_demand.assign(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.commune_demand[in.demand.commune[p]] += demand[p];
    }
    r.demand_total = std::accumulate(demand.begin(), demand.end(), 0.0);
    algorithms::network::OffroadParameters offroad;
    offroad.speed_kmh = in.network_settings.offroad_speed_kmh;
    offroad.max_snap_m = in.network_settings.max_snap_m;
    std::vector<Snap> counted_snaps;
    std::vector<double> counted_capacity;
    for (std::size_t j = 0; j < in.access.place_snaps.size(); ++j) {
        if (!counts[j] || !in.access.place_snaps[j].snapped()) {
            continue;
        }
        if (!(in.places[j].capacity > 0) || !std::isfinite(in.places[j].capacity)) {
            throw Error(ErrorKind::data,
                        "place " + in.places[j].id + " (" + in.places[j].name +
                            ") has a capacity of " + io::format_number(in.places[j].capacity) +
                            "; accessibility divides by capacities: give it a capacity above 0 "
                            "in its source, or leave the column empty (1)");
        }
        counted_snaps.push_back(in.access.place_snaps[j]);
        counted_capacity.push_back(in.places[j].capacity);
    }
    const auto decay = ac.decay == "gaussian"
                           ? algorithms::access::Decay::gaussian(ac.catchment_min * 60.0)
                           : algorithms::access::Decay::steps(
                                 [&] {
                                     std::vector<double> s;
                                     for (const double m : ac.bands_min) {
                                         s.push_back(m * 60.0);
                                     }
                                     return s;
                                 }(),
                                 ac.weights);
    r.decay = decay.describe();
    algorithms::network::CatchmentParameters cp;
    cp.limit_s = ac.catchment_min * 60.0;
    cp.threads = ctx.threads;
    algorithms::network::CatchmentTimes reach;
    const algorithms::network::CatchmentTimes *rows = &reach;
    const bool same_searches = catchment != nullptr && in.access.catchment_limit_s == cp.limit_s &&
                               catchment->places() == in.access.place_snaps.size();
    if (same_searches && counted_snaps.size() == in.access.place_snaps.size()) {
        rows = catchment; // every place counts: the access stage's rows as they are
    } else if (same_searches) {
        // The same searches as the access stage's: keep the rows of the counted places.
        reach.first.push_back(0);
        for (std::size_t j = 0; j < in.access.place_snaps.size(); ++j) {
            if (!counts[j] || !in.access.place_snaps[j].snapped()) {
                continue;
            }
            const auto pts = catchment->of(j);
            const auto ts = catchment->times_of(j);
            reach.point.insert(reach.point.end(), pts.begin(), pts.end());
            reach.time_s.insert(reach.time_s.end(), ts.begin(), ts.end());
            reach.first.push_back(static_cast<std::uint32_t>(reach.point.size()));
        }
    } else {
        reach = algorithms::network::catchment_times(in.network.net.graph, in.network.segments,
                                                     counted_snaps, in.access.demand_snaps, offroad,
                                                     cp);
    }
    const auto e = algorithms::access::e2sfca(*rows, counted_capacity, demand, decay);
    for (std::size_t j = 0; j < counted_capacity.size(); ++j) {
        r.total_capacity += e.weighted_demand[j] > 0 ? counted_capacity[j] : 0.0;
    }
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.demand_weighted_accessibility += demand[p] * e.accessibility[p];
    }
    r.commune_accessibility = per_commune(e.accessibility, demand, in.demand, n, ac.per);
    const auto b = algorithms::access::bfca(*rows, counted_capacity, demand, decay);
    r.commune_bfca = per_commune(b.accessibility, demand, in.demand, n, ac.per);
    r.commune_allocated_supply.assign(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.commune_allocated_supply[in.demand.commune[p]] += b.allocated_supply[p];
        r.bfca_allocated_supply += b.allocated_supply[p];
    }
    for (std::size_t j = 0; j < counted_capacity.size(); ++j) {
        r.bfca_balanced_demand += b.balanced_demand[j];
    }
    r.commune_supply_per.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (r.commune_demand[i] > 0) {
            r.commune_supply_per[i] = r.commune_allocated_supply[i] / r.commune_demand[i] * ac.per;
        }
    }
    const auto &v = r.commune_supply_per;
    r.bfca_lowest_fifth = algorithms::access::weighted_quantile(v, r.commune_demand, 0.2);
    r.bfca_gini = algorithms::access::weighted_gini(v, r.commune_demand);
    r.bfca_palma = algorithms::access::weighted_palma(v, r.commune_demand);
    return r;
}

} // namespace hublo::stages
