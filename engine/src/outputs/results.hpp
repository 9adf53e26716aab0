// Every stage's result of one run, as the wiring (study/run.cpp) collects them: what the
// output layers, the report and summary.json are made from.
#pragma once

#include "hublo/algorithms/risk/risk_index.hpp"
#include "stages/access.hpp"
#include "stages/accessibility.hpp"
#include "stages/align_levels.hpp"
#include "stages/demand.hpp"
#include "stages/deserts.hpp"
#include "stages/illectronism.hpp"
#include "stages/isochrones.hpp"
#include "stages/load_communes.hpp"
#include "stages/modes.hpp"
#include "stages/network.hpp"
#include "stages/places.hpp"
#include "stages/population.hpp"
#include "stages/risk.hpp"
#include "stages/siting.hpp"
#include "stages/tour.hpp"

#include <memory>
#include <optional>

namespace hublo::outputs {

/// The results of the stages that ran; the optional ones are empty when their stage did not.
struct StudyResults {
    stages::CommunesResult communes;
    std::vector<stages::TableData> tables;
    stages::AlignResult levels;
    stages::PopulationResult population;
    std::optional<algorithms::risk::Result> risk;
    std::optional<stages::IllectronismResult> illectronism;
    stages::PlacesResult places;
    std::unique_ptr<stages::LoadedNetwork> network;
    stages::Demand demand;
    std::optional<stages::AccessResult> access;
    std::optional<stages::ModesResult> modes;    ///< people without a car, other modes
    std::optional<stages::DemandAtRisk> at_risk; ///< with a risk or illectronism stage
    std::optional<stages::IsochronesResult> isochrones;
    std::optional<stages::AccessibilityResult> accessibility;
    std::optional<stages::DesertsResult> deserts;
    std::optional<stages::SitingResult> siting;
    std::optional<stages::TourResult> tour;
};

/// The settings the layers are shaped by (field names, which columns are written).
struct LayerSettings {
    const stages::AccessSettings &access;
    const stages::RiskSettings &risk;
    const stages::ModesSettings &modes;
    std::span<const stages::TableSettings> tables; ///< to name a column clash
    const stages::TourSettings *tour = nullptr;    ///< when [tour] ran
};

} // namespace hublo::outputs
