// Digital deserts: E2SFCA accessibility of the demand at risk, the desert rule per commune,
// desert zones (adjacent desert communes dissolved and ranked) and the siting of new
// places (greedy maximal covering). See docs/study-file.md, [accessibility] [deserts]
// [siting].
#pragma once

#include "geom/geos.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "hublo/hublo.hpp"
#include "model/layer.hpp"
#include "study/config.hpp"

#include <span>
#include <string>
#include <vector>

namespace hublo::study {

/// Everything the stage reads, as plain arrays (communes, demand points, places, network).
struct DesertInputs {
    // Communes.
    std::span<const std::string> codes, names;
    std::span<const algorithms::geometry::MultiPolygon> geoms;
    std::span<const double> population;          ///< NaN: unknown
    std::span<const double> risk_index;          ///< empty: no index; NaN: unknown
    std::span<const double> illectronism;        ///< expected people; empty: none; NaN: unknown
    std::span<const std::int64_t> places_inside; ///< places located in each commune
    // Demand points.
    std::span<const algorithms::geometry::XY> demand_xy;
    std::span<const std::uint32_t> demand_commune;
    std::span<const double> demand_weight; ///< people per point
    std::span<const std::uint32_t> main_point;
    std::span<const algorithms::network::Snap> demand_snaps;
    std::span<const double> demand_time_s;       ///< to the nearest (counted) place
    std::span<const std::uint32_t> demand_place; ///< the nearest place, or kNoSource
    // Places.
    std::span<const std::string> place_ids, place_names;
    std::span<const algorithms::network::Snap> place_snaps;
    std::span<const double> capacity;
    std::span<const bool> place_counts; ///< false: filtered out by [access] label
    // Network.
    const algorithms::network::Graph *graph = nullptr;
    const algorithms::network::SegmentIndex *segments = nullptr;
    /// The access stage's catchments (one row per place) and their limit: accessibility
    /// reuses them when its catchment time is the same, instead of searching again.
    const algorithms::network::CatchmentTimes *catchment = nullptr;
    double catchment_limit_s = 0.0;
    double offroad_speed_kmh = 4.5;
    double max_snap_m = 2000.0;
    unsigned threads = 0;
};

struct DesertResult {
    /// "people_at_risk" (expected people in illectronism, every commune estimated),
    /// "risk_weighted_population" (population x risk index / its mean) or "population".
    std::string demand_kind;
    std::string decay;                         ///< the E2SFCA decay, described
    std::vector<double> commune_demand;        ///< demand (at risk) per commune
    std::vector<double> commune_accessibility; ///< per `per` people of demand; NaN: none
    std::vector<std::uint8_t> risk_top, far, low_access, desert;
    std::vector<std::int64_t> zone_of_commune;  ///< rank (1 = first) or 0
    double total_capacity = 0.0;                ///< of the counted, reachable places
    double demand_weighted_accessibility = 0.0; ///< sum of D_i A_i (equals the capacity)
    double risk_threshold = 0.0, access_threshold = 0.0;
    model::Layer deserts;         ///< zones, ranked
    model::Layer recommendations; ///< proposed places, in the order picked
    std::vector<DesertZone> zones;
    std::vector<SitingPick> picks;
    double covered_before = 0.0, demand_total = 0.0;
    std::size_t candidates = 0;
    double siting_seconds = 0.0;
};

/// The demand at risk of each demand point, and what it is: "people_at_risk" (expected
/// people in illectronism, when every populated commune has an estimate, spread over its
/// points by people), "risk_weighted_population" (people x risk index / its
/// population-weighted mean) or "population".
std::string demand_at_risk(const DesertInputs &in, std::vector<double> &out);

/// Runs the stages the study enables ([accessibility], [deserts], [siting]). Throws
/// hublo::Error for bad settings met only here (k larger than the candidates, a place with
/// a capacity of zero) and for an unreadable candidates file.
DesertResult compute_deserts(const StudyConfig &cfg, const DesertInputs &in, geom::Geos &geos);

/// Per-level figures: demand, demand-weighted accessibility, desert communes, population
/// and demand in deserts.
void add_level_deserts(model::Layer &layer, std::size_t areas,
                       const std::vector<std::ptrdiff_t> &area_of_commune, const DesertInputs &in,
                       const DesertResult &r);

/// Per-commune fields: demand, accessibility, the three conditions, desert flag and zone.
void add_commune_deserts(model::Layer &layer, const DesertResult &r, bool with_deserts);

} // namespace hublo::study
