#include "stages/access.hpp"

#include "core/parallel.hpp"
#include "hublo/algorithms/network/catchments.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace hublo::stages {

using namespace algorithms::network;
using algorithms::geometry::XY;

namespace {
/// Snaps, nearest place and catchments, timed by part in r.seconds.
void compute(const AccessSettings &access, const network::NetworkSettings &network_config,
             const LoadedNetwork &loaded, std::span<const XY> place_xy,
             std::span<const XY> demand_xy, std::span<const double> demand_weight, AccessResult &r,
             unsigned threads) {
    const auto &net = loaded.net;
    const auto &segments = loaded.segments;
    const std::span<const bool> place_counts = r.counts(place_xy.size());
    OffroadParameters offroad;
    offroad.speed_kmh = network_config.offroad_speed_kmh;
    offroad.max_snap_m = network_config.max_snap_m;
    offroad.validate();

    auto last = std::chrono::steady_clock::now();
    auto lap = [&](const char *part) {
        const auto now = std::chrono::steady_clock::now();
        r.seconds.emplace_back(part, std::chrono::duration<double>(now - last).count());
        last = now;
    };
    r.place_snaps.reserve(place_xy.size());
    for (std::size_t i = 0; i < place_xy.size(); ++i) {
        r.place_snaps.push_back(place_counts[i] ? segments.snap(place_xy[i], offroad.max_snap_m)
                                                : Snap{});
    }
    // Demand points (a grid can hold hundreds of thousands) are snapped in parallel, each
    // into its own slot: the result does not depend on the threads.
    r.demand_snaps.resize(demand_xy.size());
    // a thread costs ~0.1 ms, 512 snaps ~2 ms
    core::for_ranges_parallel(
        demand_xy.size(), threads, 512, [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                r.demand_snaps[i] = segments.snap(demand_xy[i], offroad.max_snap_m);
            }
        });

    lap("snap points");
    for (std::uint32_t i = 0; i < r.place_snaps.size(); ++i) {
        append_place_seeds(net.graph, segments, r.place_snaps[i], offroad, i, r.seeds);
    }
    r.nodes = nearest_seeds(net.graph, r.seeds, Direction::reverse);
    const PlacesOnSegments on(segments.size(), r.place_snaps);
    r.demand_time_s.resize(r.demand_snaps.size());
    r.demand_place.resize(r.demand_snaps.size());
    for (std::size_t i = 0; i < r.demand_snaps.size(); ++i) {
        const auto t = time_to_nearest(net.graph, segments, r.nodes.time_s, r.nodes.source, on,
                                       r.demand_snaps[i], offroad);
        r.demand_time_s[i] = t.time_s;
        r.demand_place[i] = t.source;
    }

    lap("nearest place");
    CatchmentParameters cp;
    cp.limit_s = access.catchment_min * 60.0;
    cp.threads = threads;
    r.catchment = catchment_times(net.graph, segments, r.place_snaps, r.demand_snaps, offroad, cp);
    r.catchment_limit_s = cp.limit_s;
    auto c = summarise_catchments(r.catchment, r.demand_snaps.size(), demand_weight);
    r.demand_places_within = std::move(c.places_within);
    r.place_demand_within = std::move(c.points_within);
    r.place_people_within = std::move(c.weight_within);
    r.catchment_settled = c.settled;
    lap("catchments");
}
} // namespace

std::vector<double> open_place_minutes(const AccessResult &access, const Demand &demand,
                                       const std::vector<places::Place> &places,
                                       std::size_t communes, double hours) {
    const std::size_t n = communes;
    const auto &rows = access.catchment;
    std::vector<double> best(demand.xy.size(), kUnreached);
    for (std::size_t j = 0; j < rows.places() && j < places.size(); ++j) {
        if (!(places[j].hours_per_week >= hours)) {
            continue;
        }
        const auto pts = rows.of(j);
        const auto ts = rows.times_of(j);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            best[pts[k]] = std::min(best[pts[k]], ts[k]);
        }
    }
    const double limit_min = access.catchment_limit_s / 60.0;
    std::vector<double> num(n, 0.0), den(n, 0.0);
    std::vector<std::uint8_t> any(n, 0);
    for (std::size_t p = 0; p < best.size(); ++p) {
        const auto c = demand.commune[p];
        const double w =
            std::isnan(demand.weight[p]) || !(demand.weight[p] > 0) ? 1.0 : demand.weight[p];
        const bool within = best[p] < kUnreached;
        any[c] = any[c] || within;
        num[c] += w * (within ? best[p] / 60.0 : limit_min);
        den[c] += w;
    }
    std::vector<double> out(n, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = any[i] && den[i] > 0 ? num[i] / den[i] : out[i];
    }
    return out;
}

AccessResult run_access(const AccessSettings &settings, const AccessInputs &in, StageContext &ctx) {
    const auto &places = in.places;
    AccessResult r;
    std::vector<XY> place_xy;
    r.place_counts.reset(new bool[places.size() + 1]);
    std::size_t counted = 0;
    for (std::size_t i = 0; i < places.size(); ++i) {
        const auto &p = places[i];
        place_xy.push_back(p.xy);
        r.place_counts[i] = settings.label.empty() || std::find(p.labels.begin(), p.labels.end(),
                                                                settings.label) != p.labels.end();
        counted += r.place_counts[i] ? 1 : 0;
    }
    compute(settings, in.network_settings, in.network, place_xy, in.demand.xy, in.demand.weight, r,
            ctx.threads);
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (r.place_counts[i] && !r.place_snaps[i].snapped()) {
            ctx.log.add("place_off_network",
                        "places further than max_snap_m from any road: they serve nobody",
                        places[i].id + " " + places[i].name);
        }
    }
    if (counted == 0) {
        throw Error(ErrorKind::input,
                    "[access] label '" + settings.label +
                        "' matches no place; use one of the labels of places.csv (e.g. "
                        "\"France Services\") or leave label empty");
    }
    for (std::size_t p = 0; p < in.demand.xy.size(); ++p) {
        if (!r.demand_snaps[p].snapped()) {
            ctx.log.add("commune_off_network",
                        "demand points further than max_snap_m from any road (unreachable), "
                        "by commune",
                        in.communes.codes[in.demand.commune[p]]);
        }
    }
    return r;
}

} // namespace hublo::stages
