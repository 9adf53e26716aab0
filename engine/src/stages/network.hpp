// Stage "road network": the road graph of [network] (a road-lines layer or an OSM extract)
// in the study CRS, restricted to its largest strongly connected component, with the
// segment index that snaps points onto it. With two threads it is loaded on the second one
// while the first reads everything else (study/run.cpp).
#pragma once

#include "hublo/algorithms/network/snap.hpp"
#include "network/network.hpp"
#include "stages/context.hpp"

#include <memory>

namespace hublo::stages {

/// A loaded network and its segment index, which points into the graph: never moved.
struct LoadedNetwork {
    explicit LoadedNetwork(network::RoadNetwork loaded)
        : net(std::move(loaded)), segments(net.graph) {}
    LoadedNetwork(const LoadedNetwork &) = delete;
    LoadedNetwork &operator=(const LoadedNetwork &) = delete;

    network::RoadNetwork net;
    algorithms::network::SegmentIndex segments;
    double seconds = 0.0; ///< to load and index it
};

/// Loads and indexes the network (any thread: it needs only its CRS). Throws Error as the
/// loaders do (network/network.hpp).
std::unique_ptr<LoadedNetwork> load_network(const network::NetworkSettings &settings,
                                            const io::Crs &crs);

struct NetworkInputs {
    std::unique_ptr<LoadedNetwork> loaded; ///< loaded already (on another thread), or null
};

/// The network (loaded here when not given), its dropped junctions counted in ctx.log.
std::unique_ptr<LoadedNetwork> run_network(const network::NetworkSettings &settings,
                                           NetworkInputs in, StageContext &ctx);

} // namespace hublo::stages
