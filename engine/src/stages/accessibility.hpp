// Stage "accessibility": E2SFCA (APL-style) and balanced (BFCA) accessibility of the demand
// at risk to the counted places, weighted by their capacity, per demand point and commune. Reuses
// the travel-time stage's catchments when its catchment time is the same.
#pragma once

#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/network.hpp"

#include <string>
#include <vector>

namespace hublo::stages {

/// E2SFCA accessibility to the places (needs [network]).
struct AccessibilitySettings {
    bool enabled = false;
    double catchment_min = 30.0;
    std::string decay = "steps"; ///< "steps" (a weight per time band) or "gaussian"
    std::vector<double> bands_min = {10.0, 20.0, 30.0};
    std::vector<double> weights = {1.0, 0.68, 0.22}; ///< Luo & Qi (2009)
    double per = 10000.0; ///< accessibility is written per this many people of demand
};

struct AccessibilityInputs {
    const Demand &demand;
    const DemandAtRisk &at_risk;              ///< the demand the places serve
    const std::vector<places::Place> &places; ///< capacities, and names for messages
    const AccessResult &access;               ///< snaps, counted places, catchments
    const LoadedNetwork &network;
    const network::NetworkSettings &network_settings; ///< the off-road leg
    std::size_t communes = 0;
};

struct AccessibilityResult {
    std::string demand_kind;                      ///< what the demand is (DemandAtRisk::kind)
    std::string decay;                            ///< the decay, described
    std::vector<double> commune_demand;           ///< demand at risk per commune
    std::vector<double> commune_accessibility;    ///< E2SFCA per `per` people; NaN: none
    std::vector<double> commune_bfca;             ///< BFCA per `per` people; NaN: none
    std::vector<double> commune_allocated_supply; ///< BFCA: the supply allocated to it
    /// The supply allocated to it per `per` of its people at risk (help-hours a week per
    /// 1,000 people at risk with [supply] help_hours and per = 1000); NaN: no demand.
    std::vector<double> commune_supply_per;
    double demand_total = 0.0;                  ///< of every point
    double total_capacity = 0.0;                ///< of the counted places with some demand
    double demand_weighted_accessibility = 0.0; ///< sum of D_i A_i (equals the capacity)
    double bfca_balanced_demand = 0.0;          ///< sum of P*_j (equals the demand within reach)
    double bfca_allocated_supply = 0.0;         ///< sum of S*_i (equals the capacity with demand)
    /// Equity of commune_supply_per among the people at risk: the region's lowest fifth is
    /// at or below this value; Gini and Palma over every commune.
    double bfca_lowest_fifth = 0.0, bfca_gini = 0.0, bfca_palma = 0.0;
};

/// Throws Error (data) on a counted place of capacity 0 or less.
AccessibilityResult run_accessibility(const AccessibilitySettings &settings,
                                      const AccessibilityInputs &in, StageContext &ctx);

} // namespace hublo::stages
