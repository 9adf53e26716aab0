// Stage "isochrones": the areas within T minutes of the nearest place (a time surface
// over the communes, contoured into valid bands) and, when asked, of each place, each band
// with its area, its people and its people at risk. The band-making is shared with the
// isochrones from any origin (stages/origin_isochrones.hpp).
#pragma once

#include "geom/geos.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "model/areas.hpp"
#include "model/layer.hpp"
#include "network/network.hpp"
#include "places/places.hpp"
#include "stages/access.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"
#include "stages/network.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// Isochrones: the areas within T minutes of the nearest place (needs [network]), and
/// optionally of each place.
struct IsochronesSettings {
    bool enabled = false;
    std::vector<double> minutes = {10.0, 20.0, 30.0};
    double cell_m = 250.0;            ///< raster step of the time surface
    double max_offroad_m = 1000.0;    ///< raster nodes further from every road stay outside
    std::string bands = "cumulative"; ///< "cumulative" (0-10, 0-20...) or "disjoint" (10-20...)
    double denoise_m2 = 0.0;          ///< parts smaller than this are dropped
    double generalize_m = 0.0;        ///< simplification tolerance, keeping validity
    /// Also one isochrone per place (the area from which it is reached within T minutes),
    /// in the `place_isochrones` layer.
    bool places = false;
    /// The last leg beyond max_offroad_m, where the study has no local streets: the coverage
    /// surface's times carried on over the communes' land at the network's off-road speed /
    /// this circuity (the network / straight-line ratio; 0: no last leg, the bands stop at
    /// max_offroad_m from a road).
    double last_leg_circuity = 0.0;
    /// The people of a coverage band: "points" (the demand points whose access time is in
    /// it) or "area" (each commune's demand points' people spread over the raster nodes of
    /// its land, nearest point first: the people inside the band's polygon).
    std::string band_people = "points";
};

/// How contours become bands.
struct BandSettings {
    std::vector<double> minutes; ///< strictly increasing thresholds
    bool disjoint = false;       ///< false: 0-T bands; true: the rings between thresholds
    double denoise_m2 = 0.0;     ///< parts smaller than this are dropped
    double generalize_m = 0.0;   ///< simplification tolerance (topology kept, valid)
};

/// One valid multipolygon per threshold: the contour of the raster at T minutes,
/// generalised and denoised as asked, then the differences of consecutive contours when
/// the bands are disjoint.
std::vector<algorithms::geometry::MultiPolygon>
make_bands(const algorithms::isochrone::Raster &raster, const BandSettings &bands,
           geom::Geos &geos);

/// Per origin (study CRS, with its snap), the bands of make_bands; an unsnapped origin gets
/// no band. Origins are shared among `threads` workers (0: all cores); the result does not
/// depend on their number. `progress(done)` is called from the calling thread.
std::vector<std::vector<algorithms::geometry::MultiPolygon>>
origin_isochrones(const algorithms::network::Graph &graph,
                  const algorithms::network::SegmentIndex &segments,
                  std::span<const algorithms::geometry::XY> origins,
                  std::span<const algorithms::network::Snap> snaps,
                  const algorithms::isochrone::OriginParameters &surface, const BandSettings &bands,
                  unsigned threads, const std::function<void(std::size_t done)> &progress = {});

/// The people of the demand points inside a polygon (NaN weights count as 0).
double people_inside(const algorithms::geometry::MultiPolygon &polygon,
                     std::span<const algorithms::geometry::XY> points,
                     std::span<const double> weights);

struct IsochronesInputs {
    const model::AreaSet &communes; ///< the raster covers their bounds
    const std::vector<places::Place> &places;
    const LoadedNetwork &network;
    const network::NetworkSettings &network_settings;
    const AccessResult &access;
    const Demand &demand;
    const std::vector<double> &at_risk; ///< per demand point; empty: no risk stage
};

struct IsochronesResult {
    model::Layer coverage;                        ///< "isochrones": one feature per band
    std::optional<model::Layer> place_isochrones; ///< with settings.places
};

/// Coverage bands, then (settings.places) each place's bands, reporting progress per place.
IsochronesResult run_isochrones(const IsochronesSettings &settings, const IsochronesInputs &in,
                                StageContext &ctx);

} // namespace hublo::stages
