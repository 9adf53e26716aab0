#include "study/access.hpp"

#include "hublo/algorithms/network/catchments.hpp"

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
    r.place_snaps.reserve(inputs.place_xy.size());
    for (std::size_t i = 0; i < inputs.place_xy.size(); ++i) {
        r.place_snaps.push_back(inputs.place_counts[i]
                                    ? segments.snap(inputs.place_xy[i], offroad.max_snap_m)
                                    : Snap{});
    }
    r.demand_snaps.reserve(inputs.demand_xy.size());
    for (const auto &p : inputs.demand_xy) {
        r.demand_snaps.push_back(segments.snap(p, offroad.max_snap_m));
    }

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

    CatchmentParameters cp;
    cp.limit_s = access.catchment_min * 60.0;
    cp.threads = access.threads;
    auto c = catchments(net.graph, segments, r.place_snaps, r.demand_snaps, offroad, cp,
                        inputs.demand_weight);
    r.demand_places_within = std::move(c.places_within);
    r.place_demand_within = std::move(c.points_within);
    r.place_people_within = std::move(c.weight_within);
    r.catchment_settled = c.settled;
    return r;
}

} // namespace hublo::study
