#include "stages/nearest_times.hpp"

#include "core/parallel.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"

#include <limits>

namespace hublo::stages {

using namespace algorithms::network;
using algorithms::geometry::XY;

std::vector<double> run_nearest_times(const network::NetworkSettings &settings,
                                      const NearestTimesInputs &in, StageContext &ctx) {
    const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"), ctx.crs);
    OffroadParameters offroad;
    offroad.speed_kmh = settings.offroad_speed_kmh;
    offroad.max_snap_m = settings.max_snap_m;
    const auto &g = in.network.net.graph;
    const auto &segs = in.network.segments;
    std::vector<Snap> origins(in.origins_lonlat.size());
    std::vector<Seed> seeds;
    for (std::size_t i = 0; i < origins.size(); ++i) {
        origins[i] = segs.snap(to_study.apply(in.origins_lonlat[i]), offroad.max_snap_m);
        append_place_seeds(g, segs, origins[i], offroad, static_cast<std::uint32_t>(i), seeds);
    }
    const auto nodes = nearest_seeds(g, seeds, Direction::reverse);
    const PlacesOnSegments on_segments(segs.size(), origins);
    // The points reprojected in one call (PROJ's batch), then snapped and timed on the
    // study's threads: each point is its own, so the result is the same on any number.
    std::vector<XY> points(in.points_lonlat.begin(), in.points_lonlat.end());
    to_study.apply(points);
    std::vector<double> minutes(points.size());
    core::for_ranges_parallel(
        points.size(), ctx.threads, 1024, [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                const auto snap = segs.snap(points[i], offroad.max_snap_m);
                const auto t = time_to_nearest(g, segs, nodes.time_s, nodes.source, on_segments,
                                               snap, offroad);
                minutes[i] = t.time_s < kUnreached ? t.time_s / 60.0
                                                   : std::numeric_limits<double>::quiet_NaN();
            }
        });
    return minutes;
}

} // namespace hublo::stages
