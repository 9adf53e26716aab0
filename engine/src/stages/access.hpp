// Stage "travel times": places and demand points snapped onto the road network, the time
// from every demand point to the nearest counted place (one exact multi-source search), and
// the places within the catchment time of each point (one bounded search per place).
#pragma once

#include "hublo/algorithms/network/catchments.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "model/areas.hpp"
#include "places/places.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/network.hpp"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The study file's [access].
struct AccessSettings {
    std::vector<double> thresholds_min = {10.0, 20.0, 30.0};
    double catchment_min = 30.0; ///< "places within T minutes"
    std::string label;           ///< only places with this label count (e.g. "France Services")
    unsigned threads = 0;        ///< 0: all cores
    DemandSettings demand;       ///< where the demand points come from
};

struct AccessInputs {
    const LoadedNetwork &network;
    const network::NetworkSettings &network_settings; ///< the off-road leg
    const std::vector<places::Place> &places;
    const Demand &demand;
    const model::AreaSet &communes; ///< to name communes off the network
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
    /// Per place: whether it counts (its labels hold [access] label, or no label is set).
    std::unique_ptr<bool[]> place_counts;
    [[nodiscard]] std::span<const bool> counts(std::size_t places) const {
        return {place_counts.get(), places};
    }
};

/// Per commune: the demand-weighted minutes to the nearest counted place open at least
/// `hours` a week, from the catchment rows (points beyond them count as the catchment's
/// limit; a commune none of whose points has such a place within it: NaN).
std::vector<double> open_place_minutes(const AccessResult &access, const Demand &demand,
                                       const std::vector<places::Place> &places,
                                       std::size_t communes, double hours);

/// Throws Error (input) when [access] label matches no place.
AccessResult run_access(const AccessSettings &settings, const AccessInputs &in, StageContext &ctx);

} // namespace hublo::stages
