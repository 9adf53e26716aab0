#include "outputs/report.hpp"

#include "core/strings.hpp"
#include "hublo/version.h"
#include "io/geojson_writer.hpp"
#include "outputs/write.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace hublo::report {
extern const std::string_view kLeafletJs;
extern const std::string_view kLeafletCss;
extern const std::string_view kReportHtml;
extern const std::string_view kReportJs;
extern const std::string_view kReportCss;
} // namespace hublo::report

namespace hublo::outputs {

namespace {

/// The layers shown, with the fields their popups use (empty: every field).
const std::vector<std::pair<std::string, std::vector<std::string>>> kShown = {
    {"communes",
     {"code",
      "name",
      "population",
      "risk_index",
      "nearest_place_min",
      "nearest_place_name",
      "accessibility",
      "demand_at_risk",
      "illectronism_low",
      "illectronism_high",
      "supply_per_at_risk",
      "open_place_min",
      "desert",
      "desert_rank",
      "desert_reason",
      "desert_robust",
      "no_car_share",
      "at_risk_no_car",
      "no_car_min",
      "no_car_mode",
      "no_car_far"}},
    {"departements", {"code", "name"}},
    {"epci", {"code", "name"}},
    {"isochrones", {}},
    {"deserts", {}},
    {"places",
     {"id", "name", "labels", "in_study", "address", "postcode", "commune", "hours",
      "hours_per_week", "hours_source", "mobile_service", "stop_schedule", "staff", "capacity",
      "population_within_30min"}},
    {"recommendations", {}},
    {"tour", {}},
    {"tour_stops", {}},
};

/// Leaflet's stylesheet without its image URLs (the page loads nothing: its controls are
/// drawn expanded, and markers are circles).
std::string leaflet_css() {
    std::string css(report::kLeafletCss);
    for (std::size_t at = css.find("url("); at != std::string::npos; at = css.find("url(", at)) {
        const auto end = css.find(')', at);
        if (end == std::string::npos) {
            break;
        }
        css.replace(at, end + 1 - at, "none");
    }
    return css;
}

/// JSON placed inside <script>: '<' as \u003c, so no "</script>" or "<!--" can close or
/// comment the element, whatever the data holds.
std::string script_safe(const std::string &json) {
    std::string out;
    out.reserve(json.size() + 64);
    for (const char c : json) {
        if (c == '<') {
            out += "\\u003c";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string make_report(const ReportSettings &settings, const std::vector<model::Layer> &layers,
                        const ReportFigures &figures, const io::Transformer &to_wgs84,
                        geom::Geos &geos) {
    constexpr int kDecimals = 5;
    std::string layer_json = "{";
    for (const auto &shown_layer : kShown) {
        const std::string &name = shown_layer.first;
        const std::vector<std::string> &fields = shown_layer.second;
        const auto it = std::find_if(layers.begin(), layers.end(),
                                     [&](const model::Layer &l) { return l.name == name; });
        if (it == layers.end()) {
            continue;
        }
        model::Layer shown;
        shown.name = it->name;
        shown.geometry = it->geometry;
        shown.points = it->points;
        shown.lines = it->lines;
        for (const auto &f : it->fields) {
            const bool minutes =
                name == "communes" &&
                std::any_of(settings.minutes.begin(), settings.minutes.end(),
                            [&](const ReportMinutes &m) { return m.field == f.name; });
            if (fields.empty() || std::find(fields.begin(), fields.end(), f.name) != fields.end() ||
                f.name.rfind("population_within_", 0) == 0 || minutes) {
                shown.fields.push_back(f);
            }
        }
        shown.polygons.reserve(it->polygons.size());
        for (const auto &mp : it->polygons) {
            shown.polygons.push_back(
                settings.simplify_m > 0 ? geos.simplify(mp, settings.simplify_m) : mp);
        }
        std::string text;
        io::write_geojson(output_layer(shown, to_wgs84, kDecimals, geos), {kDecimals, false}, text);
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
            text.pop_back();
        }
        layer_json += (layer_json.size() > 1 ? "," : "") + nlohmann::json(name).dump() + ":" + text;
    }
    layer_json += "}";

    nlohmann::ordered_json meta;
    meta["hublo_version"] = HUBLO_VERSION_STRING;
    meta["study"] = {{"id", settings.study_id}, {"name", settings.study_name}};
    meta["figures"] = {
        {"population", figures.population},
        {"demand_at_risk", std::round(figures.demand_at_risk)},
        {"demand_kind", figures.demand_kind},
        {"share_beyond_20min", figures.share_beyond_20min < 0
                                   ? nlohmann::ordered_json(nullptr)
                                   : nlohmann::ordered_json(figures.share_beyond_20min)},
        {"deserts", figures.deserts},
        {"places", figures.places},
        {"communes", figures.communes}};
    if (figures.tour_reached >= 0) {
        meta["figures"]["tour"] = {{"reached", std::round(figures.tour_reached)},
                                   {"within", std::round(figures.tour_within)},
                                   {"fixed", std::round(figures.tour_fixed)}};
    }
    if (figures.places_outside > 0) {
        meta["figures"]["places_outside"] = figures.places_outside;
    }
    char note[256];
    std::snprintf(note, sizeof note,
                  "Geometries simplified for display (%g m); the GeoJSON layers beside this "
                  "page keep full precision.",
                  settings.simplify_m);
    std::string said = note;
    said += settings.attribution.empty() ? " Map data: see the study's sources."
                                         : " Data: " + core::join(settings.attribution, "; ") + ".";
    if (!settings.bands_note.empty()) {
        said += " " + settings.bands_note;
    }
    if (!settings.modes_note.empty()) {
        said += " Times without a car: " + settings.modes_note + ".";
    }
    meta["note"] = said;
    auto &minutes = meta["minutes"] = nlohmann::ordered_json::array();
    for (const auto &m : settings.minutes) {
        minutes.push_back(
            {{"field", m.field}, {"label", m.label}, {"approximated", m.approximated}});
        if (m.scale != 1.0) {
            minutes.back()["scale"] = m.scale;
        }
    }
    meta["open_hours"] = settings.open_hours;
    std::string data = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    data.pop_back(); // the closing brace: the layers follow
    data += ",\"layers\":" + layer_json + "}";

    const std::pair<std::string_view, std::string> parts[] = {
        {"@TITLE@",
         [&] {
             std::string t;
             for (const char c : settings.study_name) { // the <title> is HTML text: escape it
                 t += c == '<'   ? "&lt;"
                      : c == '>' ? "&gt;"
                      : c == '&' ? "&amp;"
                                 : std::string(1, c);
             }
             return t;
         }()},
        {"@LEAFLET_CSS@", leaflet_css()},
        {"@REPORT_CSS@", std::string(report::kReportCss)},
        {"@DATA@", script_safe(data)},
        {"@LEAFLET_JS@", std::string(report::kLeafletJs)},
        {"@REPORT_JS@", std::string(report::kReportJs)},
    };
    // Placeholders are replaced in one pass over the template, in order: nothing inserted is
    // searched again.
    std::string out;
    std::string_view rest = report::kReportHtml;
    for (const auto &[key, value] : parts) {
        const auto at = rest.find(key);
        if (at == std::string_view::npos) {
            continue;
        }
        out.append(rest.substr(0, at));
        out += value;
        rest.remove_prefix(at + key.size());
    }
    out.append(rest);
    return out;
}

} // namespace hublo::outputs
