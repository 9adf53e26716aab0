// hublo::measure_circuity: the circuity of an OSM extract's network for a profile, the
// factor that stands in for streets where a study has none for walking or cycling.
#include "hublo/algorithms/network/circuity.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "network/network.hpp"
#include "network/osm_pois.hpp"

#include <cmath>
#include <limits>

namespace hublo {

namespace {
namespace an = algorithms::network;

CircuityReport::Sample sample_of(const an::CircuityStats &s, double factor) {
    CircuityReport::Sample out;
    out.pairs = s.pairs;
    out.median = s.median;
    out.mean = s.mean;
    out.p10 = s.p10;
    out.p90 = s.p90;
    out.factor = factor > 0 ? factor : s.median;
    out.error_median = s.error_median;
    out.error_p90 = s.error_p90;
    out.error_median_m = s.error_median_m;
    out.error_p90_m = s.error_p90_m;
    out.straight_median_m = s.straight_median_m;
    return out;
}

} // namespace

CircuityReport measure_circuity(const CircuityRequest &request) {
    if (request.profile != "walk" && request.profile != "bike" && request.profile != "car") {
        throw Error(ErrorKind::input,
                    "circuity: unknown profile '" + request.profile + "'; use walk, bike or car");
    }
    if (request.origins == 0 || request.per_origin == 0) {
        throw Error(ErrorKind::input, "circuity: origins and pairs per origin must be above 0");
    }
    static const std::vector<std::string> kHelp = {"townhall",         "post_office",     "library",
                                                   "community_centre", "social_facility", "school"};
    const auto pois = network::read_osm_amenities(request.osm_file, kHelp);
    CircuityReport report;
    report.crs = request.crs.empty() ? io::utm_zone_of(pois.mean_lonlat) : request.crs;
    const auto crs = io::Crs::from_user(report.crs, "circuity --crs");
    if (crs.is_geographic()) {
        throw Error(ErrorKind::input, "circuity: " + report.crs +
                                          " is in degrees; give a metric CRS, e.g. a UTM zone");
    }
    network::NetworkSettings settings;
    settings.enabled = true;
    settings.format = "osm";
    settings.source.path = request.osm_file;
    settings.profile = request.profile;
    const auto net = network::load_network(settings, crs);
    const auto &g = net.graph;
    report.nodes = g.node_count();
    an::CircuityParameters p;
    p.origins = request.origins;
    p.per_origin = request.per_origin;
    p.min_straight_m = request.min_straight_m;
    p.seed = request.seed;
    report.random_pairs =
        sample_of(an::circuity_stats(an::random_pairs(g, p), request.factor), request.factor);
    // Each amenity at its nearest node of the network.
    std::vector<an::NodeId> targets;
    const io::Transformer to_metric(io::Crs::from_user("EPSG:4326", "OSM"), crs);
    report.places_are = pois.lonlat.empty() ? "village and neighbourhood centres" : "amenities";
    for (const auto &ll : pois.lonlat.empty() ? pois.centres : pois.lonlat) {
        const auto xy = to_metric.apply(ll);
        double best = std::numeric_limits<double>::infinity();
        an::NodeId which = an::kNoNode;
        for (an::NodeId n = 0; n < g.node_count(); ++n) {
            const double d = std::hypot(g.xy(n).x - xy.x, g.xy(n).y - xy.y);
            if (d < best) {
                best = d;
                which = n;
            }
        }
        if (which != an::kNoNode &&
            std::find(targets.begin(), targets.end(), which) == targets.end()) {
            targets.push_back(which);
        }
    }
    report.places = targets.size();
    report.homes_to_places = sample_of(
        an::circuity_stats(an::pairs_to_targets(g, targets, p), request.factor), request.factor);
    return report;
}

} // namespace hublo
