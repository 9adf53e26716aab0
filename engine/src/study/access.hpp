// The travel-time stages of a study: snap places and demand points to the road network,
// time to the nearest place for every demand point, places within the catchment time.
#pragma once

#include "hublo/algorithms/network/catchments.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "network/network.hpp"
#include "study/config.hpp"

#include <string>
#include <vector>

namespace hublo::study {

struct AccessInputs {
    std::span<const algorithms::geometry::XY> place_xy;  ///< study CRS
    std::span<const bool> place_counts;                  ///< false: filtered out by label
    std::span<const algorithms::geometry::XY> demand_xy; ///< study CRS
    std::span<const double> demand_weight;               ///< people per demand point
};

struct AccessResult {
    std::vector<algorithms::network::Snap> place_snaps;
    std::vector<algorithms::network::Snap> demand_snaps;
    std::vector<algorithms::network::Seed> seeds;    ///< of the multi-source search
    algorithms::network::NearestResult nodes;        ///< node times to the nearest place
    std::vector<double> demand_time_s;               ///< kUnreached when not snapped
    std::vector<std::uint32_t> demand_place;         ///< index into places, or kNoSource
    std::vector<std::uint32_t> demand_places_within; ///< within the catchment time
    std::vector<std::uint32_t> place_demand_within;  ///< demand points within, per place
    std::vector<double> place_people_within;         ///< the people of those points, per place
    std::size_t catchment_settled = 0;
    /// Per place, the demand points within the catchment time and their times (places
    /// filtered out by label have empty rows): reused by accessibility at the same time.
    algorithms::network::CatchmentTimes catchment;
    double catchment_limit_s = 0.0;
    /// Seconds of each part: snapping, the nearest place, the per-place catchments.
    std::vector<std::pair<std::string, double>> seconds;
};

AccessResult compute_access(const network::RoadNetwork &net,
                            const algorithms::network::SegmentIndex &segments,
                            const NetworkConfig &network_config, const AccessConfig &access,
                            const AccessInputs &inputs);

} // namespace hublo::study
