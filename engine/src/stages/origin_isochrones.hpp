// Isochrones from any origins on a study's road network (the `hublo isochrones` command,
// hublo_isochrones in the C API): one feature per origin and threshold, in WGS84 rounded to
// the output decimals, with the band's label and area, and (given the study's demand
// points) the people and the people at risk inside it.
#pragma once

#include "io/points.hpp"
#include "model/layer.hpp"
#include "network/network.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/isochrones.hpp"
#include "stages/network.hpp"

#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// What the isochrones are made with: the study's [isochrones] (raster, denoise,
/// generalize), [network] (the off-road leg) and [outputs] decimals.
struct OriginIsochronesSettings {
    const IsochronesSettings &isochrones;
    const network::NetworkSettings &network;
    int decimals = 6;
};

struct OriginIsochronesInputs {
    const LoadedNetwork &network;
    std::vector<io::PointRecord> origins;             ///< WGS84
    std::vector<double> minutes = {10.0, 20.0, 30.0}; ///< strictly increasing, above 0
    bool to_origin = false; ///< false: from the origin; true: from where one reaches it
    std::string bands;      ///< "cumulative" or "disjoint"; "": the study's setting
    /// The study's demand points: each band then gets the people of the points inside it
    /// (`population`) and, with `at_risk` (per point), their demand at risk. Null: neither.
    const Demand *demand = nullptr;
    std::span<const double> at_risk;
};

/// Throws Error (input) on bad thresholds, bands or no origin, (data) on an origin off the
/// network.
model::Layer run_origin_isochrones(const OriginIsochronesSettings &settings,
                                   const OriginIsochronesInputs &in, StageContext &ctx);

} // namespace hublo::stages
