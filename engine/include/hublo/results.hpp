// The figures a run returns besides its files: counts of each layer, the ranked desert
// zones, the proposed places. Plain values, used by the C++ facade (hublo.hpp) and made by
// the stages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hublo {

/// Counts of one output layer.
struct LayerInfo {
    std::string name;
    std::size_t features = 0;
};

/// A digital-desert zone: adjacent desert communes, ranked by their demand at risk.
struct DesertZone {
    int rank = 0;
    std::string id;   ///< "D01", "D02"... in rank order
    std::string name; ///< the most populated commune's name
    std::size_t communes = 0;
    double population = 0.0;
    double demand = 0.0;        ///< people at risk (or risk-weighted people)
    double time_mean_min = 0.0; ///< population-weighted, to the nearest place
    double time_max_min = 0.0;  ///< of its worst commune
    double accessibility = 0.0; ///< E2SFCA, demand-weighted, per [accessibility] per
    std::string nearest_places; ///< the nearest places of its people, most used first
    /// Under the "reasons" rule: its communes far, thin (both counted in each), and robust.
    std::size_t far_communes = 0, thin_communes = 0, robust_communes = 0;
    /// With [[modes]]: its communes far for their people with a car (by car) and for those
    /// without (on foot, by bike...).
    std::size_t far_car_communes = 0, far_no_car_communes = 0;
    /// In words: "far (3), thin (2)"; with [[modes]] "far by car (1), far without a car (3)".
    std::string reasons;
};

/// A proposed new place, in the order the greedy covering picked it.
/// [siting] exact: the covering model solved exactly (COIN-OR CBC) beside greedy's picks.
struct SitingExactSummary {
    bool ran = false;
    bool optimal = false;       ///< proven within [siting] exact_time_limit_s
    double covered_share = 0.0; ///< of all demand, with the best k found
    double bound_share = 0.0;   ///< no k places cover more
    double greedy_share = 0.0;  ///< with greedy's k picks
    double seconds = 0.0;
    std::size_t variables = 0, constraints = 0;
    std::vector<std::string> ids; ///< the candidates it opens
    bool same_picks = false;      ///< the same candidates as greedy's
};

/// [tour]: the travelling service's plan and the best fixed place beside it.
struct TourSummary {
    bool ran = false;
    std::string label, depot;
    std::size_t days = 0;       ///< days of the cycle with stops
    std::size_t stops = 0;      ///< over the cycle
    std::size_t candidates = 0; ///< communes it may stop in
    double reached = 0.0;       ///< far people at risk without a car reached, each once
    double far_within = 0.0;    ///< of those people, within [tour] radius_min of the depot
    double stop_hours_per_week = 0.0, work_hours_per_week = 0.0;
    std::string best_fixed; ///< the commune of the best single fixed place
    double best_fixed_people = 0.0;
};

struct SitingPick {
    int rank = 0;
    std::string id, name, commune;
    double gain = 0.0;           ///< demand at risk newly within [siting] minutes
    double covered_share = 0.0;  ///< of all demand, after this pick
    std::string action = "open"; ///< "open" a new place, or "extend" an existing one's hours
    double help_hours = 0.0;     ///< its cost, help-hours a week (with a budget)
};

} // namespace hublo
