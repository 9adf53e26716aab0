// Travel times from any points to the nearest of any origins on a loaded network (the C
// API's hublo_nearest_times): one exact multi-source search from the origins, then each
// point's time through its snap.
#pragma once

#include "network/network.hpp"
#include "stages/context.hpp"
#include "stages/network.hpp"

#include <span>
#include <vector>

namespace hublo::stages {

struct NearestTimesInputs {
    const LoadedNetwork &network;
    std::span<const algorithms::geometry::XY> origins_lonlat; ///< WGS84
    std::span<const algorithms::geometry::XY> points_lonlat;  ///< WGS84
};

/// Minutes from each point to the nearest origin (NaN: unreachable or off the network),
/// with the off-road leg of `settings`.
std::vector<double> run_nearest_times(const network::NetworkSettings &settings,
                                      const NearestTimesInputs &in, StageContext &ctx);

} // namespace hublo::stages
