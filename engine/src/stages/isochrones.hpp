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
#include "stages/modes.hpp"
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
    /// With [[modes]]: one coverage layer per mode ("isochrones_walk"...), to the places
    /// open [no_car] open_hours, on the same raster (nullptr: none).
    const ModesSettings *modes = nullptr;
    const ModesResult *modes_result = nullptr;
};

struct IsochronesResult {
    model::Layer coverage;                        ///< "isochrones": one feature per band
    std::optional<model::Layer> place_isochrones; ///< with settings.places
    std::vector<model::Layer> modes;              ///< "isochrones_<mode>", per [[modes]]
};

/// The people of the demand points spread over the raster nodes of their commune's land:
/// each node takes the nearest demand point of its commune, and each point's people are
/// shared equally among its nodes. A point with no node (a commune smaller than a cell)
/// keeps its people at itself (`at_point`), timed by its own time.
struct NodePeople {
    std::vector<std::size_t> node;       ///< raster nodes with people
    std::vector<std::uint32_t> point;    ///< per node of `node`: its demand point
    std::vector<double> people, at_risk; ///< per node of `node`
    std::vector<std::uint8_t> at_point;  ///< per demand point
};

NodePeople spread_people(const IsochronesInputs &in, std::span<const std::uint32_t> label,
                         const algorithms::isochrone::Raster &raster, StageContext &ctx);

/// The columns of isochrone bands: limits, label, area, people and people at risk.
struct BandColumns {
    model::Field &from, &to, &band, &area, &people, &at_risk;
    explicit BandColumns(model::Layer &layer)
        : from(layer.add_field("minutes_from", model::FieldType::real)),
          to(layer.add_field("minutes_to", model::FieldType::real)),
          band(layer.add_field("band", model::FieldType::string)),
          area(layer.add_field("area_km2", model::FieldType::real)),
          people(layer.add_field("population", model::FieldType::real)),
          at_risk(layer.add_field("demand_at_risk", model::FieldType::real)) {}
    /// One band; `risk` NaN when the study has no risk stage.
    void add(double lo, double hi, const algorithms::geometry::MultiPolygon &geom,
             double population, double risk);
};

/// The raster of the coverage isochrones, without its values.
struct RasterFrame {
    std::size_t cols = 0, rows = 0;
    double x0 = 0.0, y0 = 0.0, cell = 1.0;
};

/// Per [[modes]] entry: the time from every raster node of the communes' land (`label`) to
/// the nearest place open [no_car] open_hours, as the crow flies x circuity at the mode's
/// speed, or on the mode's street network (its nodes' times, off the network at its speed),
/// contoured at the mode's thresholds; each band with its area, people (spread when
/// `spread` is given, else the demand points whose mode time is in it), people at risk and
/// people at risk without a car.
std::vector<model::Layer> mode_isochrones(const IsochronesSettings &iso, const IsochronesInputs &in,
                                          const RasterFrame &frame,
                                          std::span<const std::uint32_t> label,
                                          const NodePeople *spread, StageContext &ctx);

/// Coverage bands, then (settings.places) each place's bands, reporting progress per place.
IsochronesResult run_isochrones(const IsochronesSettings &settings, const IsochronesInputs &in,
                                StageContext &ctx);

} // namespace hublo::stages
