// Stage "siting": new places proposed one by one (greedy maximal covering), each covering
// the most demand at risk not yet within [siting] minutes of a place, among candidate sites
// (a file of points, or every commune without a place). With a budget of help-hours a week,
// a new place costs place_hours and, with open_hours, an existing place open fewer hours can
// be extended to open_hours (its catchment then counts); the picks fit the budget. The
// objective "worst_served" counts only the people at risk of the communes in the region's
// worst-served fifth (BFCA help-hours per 1,000 people at risk).
#pragma once

#include "stages/siting_exact.hpp"

#include "hublo/results.hpp"
#include "model/areas.hpp"
#include "stages/access.hpp"
#include "stages/accessibility.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/modes.hpp"
#include "stages/network.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace hublo::stages {

/// Siting new places: greedy maximal covering of the demand at risk.
struct SitingSettings {
    bool enabled = false;
    int k = 10;
    double minutes = 30.0;
    /// Candidate sites: a CSV with lon/lat or a point layer; empty: the main demand point of
    /// every commune without a place.
    std::filesystem::path candidates;
    /// Also solve the model exactly (CBC), to measure greedy's gap; within this time.
    bool exact = false;
    double exact_time_limit_s = 60.0;
    bool k_given = false; ///< k written in the study (with a budget: at most k picks)
    /// "cover": every person at risk; "worst_served": those of the worst-served fifth.
    std::string objective = "cover";
    std::optional<double> budget_hours; ///< help-hours a week to spend
    double place_hours = 0.0;           ///< a new place's help-hours a week; 0: the places' median
    /// > 0: only places open at least this many hours a week cover; those open fewer may be
    /// extended to it (with a budget).
    double open_hours = 0.0;
    /// "car": coverage within `minutes` by road; "no_car": the people at risk without a
    /// car, covered within the no-car modes' reach (no_car_reach) of a place, those whose
    /// commune is not far without a car ([[modes]]) covered today.
    std::string travel = "car";
};

struct SitingInputs {
    const model::AreaSet &communes;
    const std::vector<double> &population;
    const std::vector<std::int64_t> &places_in_commune;
    const Demand &demand;
    const DemandAtRisk &at_risk;
    const AccessResult &access;
    const LoadedNetwork &network;
    const network::NetworkSettings &network_settings;
    const std::vector<places::Place> &places;
    const AccessibilityResult &accessibility;      ///< for "worst_served"
    const ModesSettings *modes_settings = nullptr; ///< for travel = "no_car"
    const ModesResult *modes = nullptr;
};

/// One proposed place, in the order picked.
struct SitingProposal {
    SitingPick pick;
    algorithms::geometry::XY xy;  ///< study CRS
    double gain_population = 0.0; ///< people (not demand) newly covered
    double covered = 0.0;         ///< demand covered after this pick
};

struct SitingResult {
    std::vector<SitingProposal> proposals;
    double covered_before = 0.0; ///< demand within the minutes of a place today
    std::size_t candidates = 0;
    double total = 0.0; ///< all demand
    std::optional<ExactCover> exact;
    std::vector<std::string> exact_ids; ///< the candidates the exact model opens
    bool budgeted = false;
    double place_hours = 0.0;       ///< what a new place cost
    double spent_hours = 0.0;       ///< of the budget, by the picks
    std::size_t extendable = 0;     ///< existing places that could be extended
    std::string place_hours_source; ///< "[siting] place_hours" or "median of the places"
};

/// Throws Error (input) when k is more than the candidates, or the candidates file cannot
/// be read.
SitingResult run_siting(const SitingSettings &settings, const SitingInputs &in, StageContext &ctx);

} // namespace hublo::stages
