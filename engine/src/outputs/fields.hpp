// The fields each stage adds to the communes and to every level's areas.
#pragma once

#include "hublo/algorithms/risk/illectronism.hpp"
#include "hublo/algorithms/risk/risk_index.hpp"
#include "model/layer.hpp"
#include "outputs/report.hpp"
#include "outputs/results.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace hublo::outputs {

/// A real cell: null for NaN.
model::Value real(double v);
/// A count of people as an integer cell (rounded; null for NaN): populations are people.
model::Value people(double v);
/// A text cell: null for "".
model::Value text(const std::string &s);

void add_commune_risk(model::Layer &layer, const stages::RiskSettings &cfg,
                      const algorithms::risk::Result &r);
/// Population-weighted mean index of each area (communes without index or population left
/// out).
void add_level_risk(model::Layer &layer, std::size_t n,
                    const std::vector<std::ptrdiff_t> &area_of_commune,
                    const std::vector<double> &population, const algorithms::risk::Result &r);
void add_commune_illectronism(model::Layer &layer, const stages::IllectronismResult &ill);
/// Summed expected counts per area, over the communes that have one.
void add_level_illectronism(model::Layer &layer, std::size_t n,
                            const std::vector<std::ptrdiff_t> &area_of_commune,
                            const algorithms::risk::ExpectedIllectronism &e);
void add_commune_access(model::Layer &layer, const stages::AccessResult &a, const stages::Demand &d,
                        const std::vector<places::Place> &places,
                        const stages::AccessSettings &cfg);
void add_level_access(model::Layer &layer, const model::AreaSet &level,
                      const std::vector<std::ptrdiff_t> &area_of_commune, const stages::Demand &d,
                      const stages::AccessResult &a, const stages::AccessSettings &cfg);
/// Per commune: demand at risk and accessibility.
void add_commune_accessibility(model::Layer &layer, const stages::AccessibilityResult &r);
/// Per commune: the three conditions, the desert flag and its zone's rank.
void add_commune_deserts(model::Layer &layer, const stages::DesertsResult &r);
/// Per area: demand, demand-weighted accessibility; with deserts, the desert communes, their
/// population and demand.
void add_level_deserts(model::Layer &layer, std::size_t areas,
                       const std::vector<std::ptrdiff_t> &area_of_commune,
                       const std::vector<double> &population, const stages::AccessibilityResult &r,
                       const stages::DesertsResult *deserts);
/// How each mode's times were computed, e.g. "walk: straight line x 1.5 at 4.5 km/h
/// (approximated: no street network)".
std::string modes_note(const stages::ModesSettings &cfg, const stages::ModesResult &r);
/// The same, in French, for the monographs ("à pied : ligne droite × 1,5 à 4,5 km/h…").
std::string modes_note_fr(const stages::ModesSettings &cfg, const stages::ModesResult &r);
/// The report's mode switch: the car, each mode, and the best without a car.
std::vector<ReportMinutes> report_minutes(const stages::ModesSettings &cfg,
                                          const stages::ModesResult &r);
/// Per commune: households without a car, people at risk with and without one, minutes by
/// car and by each mode, the best no-car mode and whether its people are far.
void add_commune_modes(model::Layer &layer, const stages::ModesSettings &cfg,
                       const stages::ModesResult &r);
/// Per area: people at risk with and without a car, and those beyond each threshold of the
/// car ([access] thresholds) and of each mode.
void add_level_modes(model::Layer &layer, std::size_t areas,
                     const std::vector<std::ptrdiff_t> &area_of_commune,
                     const std::vector<double> &population, const stages::ModesSettings &cfg,
                     std::span<const double> car_thresholds, const stages::ModesResult &r);
/// Throws Error (input) when two columns of the layer share a name (a joined table column
/// named like one of hublo's own), naming the table and the fix.
void require_unique_fields(const model::Layer &layer,
                           std::span<const stages::TableSettings> tables);

} // namespace hublo::outputs
