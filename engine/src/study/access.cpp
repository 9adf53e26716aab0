#include "study/access.hpp"

#include "hublo/algorithms/network/catchments.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace hublo::study {

using namespace algorithms::network;

AccessResult compute_access(const network::RoadNetwork &net, const SegmentIndex &segments,
                            const NetworkConfig &network_config, const AccessConfig &access,
                            const AccessInputs &inputs) {
    OffroadParameters offroad;
    offroad.speed_kmh = network_config.offroad_speed_kmh;
    offroad.max_snap_m = network_config.max_snap_m;
    offroad.validate();

    AccessResult r;
    auto last = std::chrono::steady_clock::now();
    auto lap = [&](const char *part) {
        const auto now = std::chrono::steady_clock::now();
        r.seconds.emplace_back(part, std::chrono::duration<double>(now - last).count());
        last = now;
    };
    r.place_snaps.reserve(inputs.place_xy.size());
    for (std::size_t i = 0; i < inputs.place_xy.size(); ++i) {
        r.place_snaps.push_back(inputs.place_counts[i]
                                    ? segments.snap(inputs.place_xy[i], offroad.max_snap_m)
                                    : Snap{});
    }
    // Demand points (a grid can hold hundreds of thousands) are snapped in parallel, each
    // into its own slot: the result does not depend on the threads.
    r.demand_snaps.resize(inputs.demand_xy.size());
    const unsigned threads =
        access.threads ? access.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t count = inputs.demand_xy.size();
    auto snap_range = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            r.demand_snaps[i] = segments.snap(inputs.demand_xy[i], offroad.max_snap_m);
        }
    };
    if (threads > 1 && count >= 512) { // a thread costs ~0.1 ms, 512 snaps ~2 ms
        std::vector<std::thread> pool;
        const std::size_t chunk = (count + threads - 1) / threads;
        for (unsigned t = 0; t < threads; ++t) {
            const std::size_t from = std::min(count, t * chunk);
            pool.emplace_back(snap_range, from, std::min(count, from + chunk));
        }
        for (auto &th : pool) {
            th.join();
        }
    } else {
        snap_range(0, count);
    }

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
    cp.threads = access.threads;
    r.catchment = catchment_times(net.graph, segments, r.place_snaps, r.demand_snaps, offroad, cp);
    r.catchment_limit_s = cp.limit_s;
    auto c = summarise_catchments(r.catchment, r.demand_snaps.size(), inputs.demand_weight);
    r.demand_places_within = std::move(c.places_within);
    r.place_demand_within = std::move(c.points_within);
    r.place_people_within = std::move(c.weight_within);
    r.catchment_settled = c.settled;
    lap("catchments");
    return r;
}

} // namespace hublo::study
