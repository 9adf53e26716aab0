#include "stages/network.hpp"

#include "core/stage_clock.hpp"

namespace hublo::stages {

std::unique_ptr<LoadedNetwork> load_network(const network::NetworkSettings &settings,
                                            const io::Crs &crs) {
    const auto start = std::chrono::steady_clock::now();
    auto loaded = std::make_unique<LoadedNetwork>(network::load_network(settings, crs));
    loaded->seconds = core::seconds_since(start);
    return loaded;
}

std::unique_ptr<LoadedNetwork> run_network(const network::NetworkSettings &settings,
                                           NetworkInputs in, StageContext &ctx) {
    auto loaded = in.loaded ? std::move(in.loaded) : stages::load_network(settings, ctx.crs);
    ctx.log.add_count("network_nodes_dropped",
                      "road junctions outside the largest strongly connected component, dropped "
                      "(islands, dead ends of one-way roads)",
                      loaded->net.components.dropped_nodes, {});
    return loaded;
}

} // namespace hublo::stages
