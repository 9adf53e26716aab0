// The offline map report: one report.html holding Leaflet, its own script and the layers
// (simplified for display), which opens from the disk with no network and no server.
#pragma once

#include "geom/geos.hpp"
#include "io/crs.hpp"
#include "model/layer.hpp"

#include <string>
#include <vector>

namespace hublo::outputs {

/// A colouring of the communes by minutes to a place (by car, by each [[modes]] entry, the
/// best without a car): the commune field and how the switch names it.
struct ReportMinutes {
    std::string field; ///< "car_min", "walk_min", "no_car_min"
    std::string label; ///< "by car", "on foot", "without a car"
    bool approximated = false;
    double scale = 1.0; ///< the map's classes x scale (10/20/30 min; 3 for public transport)
};

/// The report's title and its display simplification ([outputs] report_simplify_m).
struct ReportSettings {
    std::string study_id, study_name;
    double simplify_m = 100.0;
    std::string modes_note; ///< how the [[modes]] times were made, said in the page's note
    std::vector<ReportMinutes> minutes; ///< the mode switch's colourings (none: no [[modes]])
    double open_hours = 0.0;            ///< the places the minutes are to are open this long
    std::string bands_note; ///< how the coverage bands reach beyond the roads, when they do
    std::vector<std::string> attribution; ///< [study] attribution: the data's credit lines
};

/// The key figures of the side panel.
struct ReportFigures {
    double population = 0.0;
    double demand_at_risk = 0.0;
    std::string demand_kind = "population";
    double share_beyond_20min = -1.0; ///< < 0: unknown (no network)
    std::size_t deserts = 0, places = 0, communes = 0;
    std::size_t places_outside = 0; ///< outside a subset, drawn for travel times only
    /// [tour]: far people at risk without a car its stops reach, those within its radius,
    /// and those the best fixed place open the same hours reaches (< 0: no tour).
    double tour_reached = -1.0, tour_within = 0.0, tour_fixed = 0.0;
};

/// The page's text. `layers` are in the study CRS: polygons are simplified with
/// settings.simplify_m (topology kept), reprojected and rounded to 5 decimals
/// (about 1 m); the GeoJSON layers written beside keep full precision. Text from the data
/// is embedded as JSON with every '<' escaped, and the page's script shows it as text only.
std::string make_report(const ReportSettings &settings, const std::vector<model::Layer> &layers,
                        const ReportFigures &figures, const io::Transformer &to_wgs84,
                        geom::Geos &geos);

} // namespace hublo::outputs
