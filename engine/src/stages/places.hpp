// Stage "places": the places of mediation of every [[places]] source, each located in a
// commune (by its coordinates, swapped back when latitude and longitude were swapped, or
// by its commune's code or name), then the records listing the same place merged (same
// SIRET, or same name nearby) and numbered in a stable order.
#pragma once

#include "model/areas.hpp"
#include "places/places.hpp"
#include "stages/context.hpp"
#include "stages/mobile_services.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hublo::stages {

/// The study file's [supply]: what a place offers, as accessibility shares it.
struct SupplySettings {
    /// capacity = open hours a week x staff (help-hours); false: staff alone (a head count).
    bool help_hours = false;
    /// Open hours a week for places whose hours are unknown and whose source gives no
    /// stand-in; none: the median of the places whose hours were read.
    std::optional<double> unknown_hours;
};

/// The study file's [[places]], [places_merge] and [supply].
struct PlacesSettings {
    std::span<const places::PlaceSource> sources;
    double merge_distance_m = 100.0;     ///< same name within this distance: one place
    double outside_tolerance_m = 1000.0; ///< places this close to a commune get it
    SupplySettings supply;
    /// [edits] close: records ("source:record", the places layer's `sources`) left out, a
    /// mobile service's stops with it. Each must name a record.
    std::span<const std::string> closed;
    /// [edits] hours and staff: records ("source:record") given new opening hours
    /// (opening_hours syntax) or staff. Each must name a record.
    std::span<const std::pair<std::string, std::string>> hours;
    std::span<const std::pair<std::string, double>> staff;
};

/// How the places' hours were found.
struct SupplySummary {
    std::size_t hours_read = 0;      ///< places with hours read from their source
    std::size_t source_default = 0;  ///< places given their source's stand-in hours
    std::size_t median_stand_in = 0; ///< places given the median of the hours read
    double median_hours = 0.0;       ///< of the places whose hours were read
    double help_hours = 0.0;         ///< sum of hours x staff over every place
};

struct PlacesInputs {
    const model::AreaSet &communes;
    /// The communes of the layer left out by [communes] keep (none: every commune is in):
    /// places there stay outside the study, kept for travel times, never moved into it.
    const model::AreaSet *outside = nullptr;
};

struct PlacesResult {
    std::vector<places::Place> places; ///< merged, ordered by commune, name, first source
    std::size_t records = 0;           ///< located records before merging
    std::vector<std::pair<std::string, std::size_t>> records_by_source; ///< read, per source
    std::vector<std::int64_t> places_in_commune;                        ///< per commune
    std::size_t outside_study = 0; ///< places in communes left out by [communes] keep
    SupplySummary supply;
    std::vector<MobileService> mobile; ///< the mobile and multi-site services, as read
};

/// Throws Error naming the file when a source cannot be read.
PlacesResult run_places(const PlacesSettings &settings, const PlacesInputs &in, StageContext &ctx);

} // namespace hublo::stages
