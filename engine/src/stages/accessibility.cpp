#include "stages/accessibility.hpp"

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
    std::vector<double> acc_num(n, 0.0), acc_den(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.demand_weighted_accessibility += demand[p] * e.accessibility[p];
        const auto c = in.demand.commune[p];
        acc_num[c] += demand[p] * e.accessibility[p];
        acc_den[c] += demand[p];
    }
    r.commune_accessibility.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (acc_den[i] > 0) {
            r.commune_accessibility[i] = acc_num[i] / acc_den[i] * ac.per;
        } else if (in.demand.main_point.size() == n) {
            r.commune_accessibility[i] = e.accessibility[in.demand.main_point[i]] * ac.per;
        }
    }
    return r;
}

} // namespace hublo::stages
