// Isochrones on a study's road network: bands from a time surface (shared by the coverage
// layer, the per-place layer and the `hublo isochrones` command), the per-origin isochrones
// computed in parallel, and the command itself.
#pragma once

#include "geom/geos.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "hublo/hublo.hpp"
#include "model/layer.hpp"
#include "network/network.hpp"
#include "study/config.hpp"

#include <functional>
#include <vector>

namespace hublo::study {

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

/// Points from a CSV (lon/lat columns: lon, lng, longitude, x / lat, latitude, y; optional
/// id or code, name or nom) or from a point layer GDAL reads, in WGS84. Throws hublo::Error
/// naming the file (and line or feature) on missing columns, bad coordinates or no point.
std::vector<IsochroneOrigin> read_points_file(const std::filesystem::path &path);

/// The features of the `hublo isochrones` command on a loaded network, in WGS84 and rounded
/// to the output decimals: one per origin and threshold. Throws hublo::Error on bad
/// thresholds, no origin, an unreadable origins file or an origin off the network.
model::Layer isochrone_layer(const StudyConfig &config, const network::RoadNetwork &net,
                             const algorithms::network::SegmentIndex &segments,
                             const IsochroneRequest &request);

/// The `hublo isochrones` command: one feature per origin and threshold, written as RFC
/// 7946 GeoJSON to request.output (under a temporary name, then renamed). Origins come
/// from the request and from request.origins_file (a CSV with lon/lat columns, or a point
/// layer GDAL reads). Returns the number of features. Throws hublo::Error on a study
/// without [network], an origin further than max_snap_m from any road, bad thresholds or
/// an unreadable origins file.
std::size_t isochrones_command(const StudyConfig &config, const IsochroneRequest &request);

} // namespace hublo::study
