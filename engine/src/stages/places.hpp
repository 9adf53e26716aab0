// Stage "places": the places of mediation of every [[places]] source, each located in a
// commune (by its coordinates, swapped back when latitude and longitude were swapped, or
// by its commune's code or name), then the records listing the same place merged (same
// SIRET, or same name nearby) and numbered in a stable order.
#pragma once

#include "model/areas.hpp"
#include "places/places.hpp"
#include "stages/context.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hublo::stages {

/// The study file's [[places]] and [places_merge].
struct PlacesSettings {
    std::span<const places::PlaceSource> sources;
    double merge_distance_m = 100.0;     ///< same name within this distance: one place
    double outside_tolerance_m = 1000.0; ///< places this close to a commune get it
};

struct PlacesInputs {
    const model::AreaSet &communes;
};

struct PlacesResult {
    std::vector<places::Place> places; ///< merged, ordered by commune, name, first source
    std::size_t records = 0;           ///< located records before merging
    std::vector<std::pair<std::string, std::size_t>> records_by_source; ///< read, per source
    std::vector<std::int64_t> places_in_commune;                        ///< per commune
};

/// Throws Error naming the file when a source cannot be read.
PlacesResult run_places(const PlacesSettings &settings, const PlacesInputs &in, StageContext &ctx);

} // namespace hublo::stages
