#include "outputs/qgis_styles.hpp"

#include "outputs/monograph_svg.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace hublo::outputs {

namespace {

/// Text escaped for an XML attribute (the monographs' escaping: & < > " ').
std::string xml(const std::string &text) {
    return html_escape(text);
}

/// "#fd8d3c" and an opacity 0-255 as QGIS writes colours: "253,141,60,255".
std::string rgba(const char *hex, int alpha = 255) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex + 1, "%02x%02x%02x", &r, &g, &b);
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + "," +
           std::to_string(alpha);
}

std::string prop(const char *k, const std::string &v) {
    return std::string("<prop k=\"") + k + "\" v=\"" + xml(v) + "\"/>";
}

/// A fill symbol: its colour (with opacity), outline colour, width (mm) and line style.
std::string fill_symbol(const std::string &name, const std::string &color,
                        const std::string &outline, double width_mm,
                        const char *outline_style = "solid", bool filled = true) {
    char w[32];
    std::snprintf(w, sizeof w, "%g", width_mm);
    return "<symbol type=\"fill\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" "
           "enabled=\"1\" locked=\"0\" pass=\"0\">" +
           prop("color", color) + prop("outline_color", outline) +
           prop("outline_style", outline_style) + prop("outline_width", w) +
           prop("outline_width_unit", "MM") + prop("style", filled ? "solid" : "no") +
           prop("joinstyle", "round") + "</layer></symbol>";
}

/// A marker symbol: a shape ("circle", "star") of `size` mm.
std::string marker_symbol(const std::string &name, const char *shape, const std::string &color,
                          const std::string &outline, double size_mm, double outline_mm) {
    char s[32], w[32];
    std::snprintf(s, sizeof s, "%g", size_mm);
    std::snprintf(w, sizeof w, "%g", outline_mm);
    return "<symbol type=\"marker\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleMarker\" "
           "enabled=\"1\" locked=\"0\" pass=\"0\">" +
           prop("name", shape) + prop("color", color) + prop("outline_color", outline) +
           prop("outline_style", "solid") + prop("outline_width", w) +
           prop("outline_width_unit", "MM") + prop("size", s) + prop("size_unit", "MM") +
           prop("scale_method", "diameter") + "</layer></symbol>";
}

/// A line symbol: its colour and width (mm).
std::string line_symbol(const std::string &name, const std::string &color, double width_mm) {
    char w[32];
    std::snprintf(w, sizeof w, "%g", width_mm);
    return "<symbol type=\"line\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleLine\" "
           "enabled=\"1\" locked=\"0\" pass=\"0\">" +
           prop("line_color", color) + prop("line_style", "solid") + prop("line_width", w) +
           prop("line_width_unit", "MM") + prop("joinstyle", "round") + prop("capstyle", "round") +
           "</layer></symbol>";
}

/// The QML document around a renderer; `geometry`: 0 points, 1 lines, 2 polygons.
std::string qml(const std::string &renderer, int geometry) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis "
           "version=\"3.22.16-Białowieża\" styleCategories=\"Symbology\">" +
           renderer + "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>" +
           "<layerGeometryType>" + std::to_string(geometry) + "</layerGeometryType></qgis>\n";
}

std::string single(const std::string &symbol) {
    return "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" "
           "enableorderby=\"0\"><symbols>" +
           symbol + "</symbols></renderer-v2>";
}

struct Range {
    double lower, upper;
    std::string label;
    const char *color;
};

/// Graduated colours of `field`, each range's fill at `alpha`; `order_desc`: draw the
/// features with the largest value first (nested bands: the nearest on top).
std::string graduated(const std::string &field, const std::vector<Range> &ranges, int alpha,
                      const char *outline, double width_mm, bool order_desc = false) {
    std::string r = "<renderer-v2 type=\"graduatedSymbol\" attr=\"" + xml(field) +
                    "\" graduatedMethod=\"GraduatedColor\" forceraster=\"0\" symbollevels=\"0\" "
                    "enableorderby=\"" +
                    (order_desc ? "1" : "0") + "\"><ranges>";
    std::string symbols;
    for (std::size_t k = 0; k < ranges.size(); ++k) {
        char lo[32], hi[32];
        std::snprintf(lo, sizeof lo, "%.6f", ranges[k].lower);
        std::snprintf(hi, sizeof hi, "%.6f", ranges[k].upper);
        const std::string name = std::to_string(k);
        r += std::string("<range lower=\"") + lo + "\" upper=\"" + hi + "\" symbol=\"" + name +
             "\" label=\"" + xml(ranges[k].label) + "\" render=\"true\"/>";
        symbols += fill_symbol(name, rgba(ranges[k].color, alpha), rgba(outline), width_mm);
    }
    r += "</ranges><symbols>" + symbols + "</symbols>";
    if (order_desc) {
        r += "<orderby><orderByClause asc=\"0\" nullsFirst=\"0\">\"" + xml(field) +
             "\"</orderByClause></orderby>";
    }
    return r + "</renderer-v2>";
}

bool has_field(const model::Layer &l, const std::string &name) {
    return std::any_of(l.fields.begin(), l.fields.end(),
                       [&](const model::Field &f) { return f.name == name; });
}

/// The place types of the report, in its order and colours.
struct PlaceType {
    const char *label, *match, *color;
};
constexpr PlaceType kPlaceTypes[] = {{"France Services", "France Services", "#0072B2"},
                                     {"Conseiller numérique", "Conseiller numérique", "#E69F00"},
                                     {"Aidants Connect", "Aidants Connect", "#009E73"},
                                     {"autre", "", "#CC79A7"}};

/// Places categorised by type (the first of the report's types their labels hold), mobile
/// stops as rings of their type's colour.
std::string places_renderer(bool stops) {
    std::string type = "CASE";
    for (const auto &t : kPlaceTypes) {
        if (*t.match) {
            type += std::string(" WHEN \"labels\" LIKE '%") + t.match + "%' THEN '" + t.label + "'";
        }
    }
    type += " ELSE 'autre' END";
    const std::string expr =
        stops ? type + " || CASE WHEN coalesce(\"mobile_service\", '') <> '' THEN ' (arrêt "
                       "mobile)' ELSE '' END"
              : type;
    std::string cats, symbols;
    std::size_t k = 0;
    for (const bool stop : {false, true}) {
        if (stop && !stops) {
            break;
        }
        for (const auto &t : kPlaceTypes) {
            const std::string value = std::string(t.label) + (stop ? " (arrêt mobile)" : "");
            const std::string name = std::to_string(k++);
            cats += "<category value=\"" + xml(value) + "\" symbol=\"" + name + "\" label=\"" +
                    xml(value) + "\" render=\"true\"/>";
            symbols +=
                stop ? marker_symbol(name, "circle", rgba("#ffffff"), rgba(t.color), 1.8, 0.5)
                     : marker_symbol(name, "circle", rgba(t.color), rgba("#ffffff"), 2.2, 0.2);
        }
    }
    return "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml(expr) +
           "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><categories>" + cats +
           "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
}

/// The coverage bands of an isochrone layer: one range per band, the nearest darkest.
std::string bands_renderer(const model::Layer &l) {
    std::set<double> upper;
    for (const auto &f : l.fields) {
        if (f.name == "minutes_to") {
            for (const auto &v : f.values) {
                if (const auto *d = std::get_if<double>(&v)) {
                    upper.insert(*d);
                } else if (const auto *n = std::get_if<std::int64_t>(&v)) {
                    upper.insert(static_cast<double>(*n));
                }
            }
        }
    }
    static const char *colors[] = {"#08519c", "#6baed6", "#c6dbef", "#eff3ff"};
    std::vector<Range> ranges;
    double lower = 0;
    for (const double m : upper) {
        char label[64];
        std::snprintf(label, sizeof label, "jusqu'à %g min", m);
        ranges.push_back({lower, m, label, colors[std::min<std::size_t>(ranges.size(), 3)]});
        lower = m;
    }
    return graduated("minutes_to", ranges, 90, "#08519c", 0.2, true);
}

} // namespace

std::vector<QgisStyle> qgis_styles(const std::vector<const model::Layer *> &layers) {
    const std::vector<Range> rates = {{0, 0.12, "moins de 12 %", "#ffffb2"},
                                      {0.12, 0.15, "12 – 15 %", "#fecc5c"},
                                      {0.15, 0.18, "15 – 18 %", "#fd8d3c"},
                                      {0.18, 0.21, "18 – 21 %", "#f03b20"},
                                      {0.21, 1, "21 % et plus", "#bd0026"}};
    const std::vector<Range> risk = {{1, 3, "1 – 3", "#ffffb2"},
                                     {3, 5, "3 – 5", "#fecc5c"},
                                     {5, 6.5, "5 – 6,5", "#fd8d3c"},
                                     {6.5, 8, "6,5 – 8", "#f03b20"},
                                     {8, 10, "8 – 10", "#bd0026"}};
    std::vector<QgisStyle> out;
    for (const model::Layer *l : layers) {
        const std::string &n = l->name;
        if (l->geometry == model::GeometryType::none) {
            continue; // attribute tables (the dictionary) have nothing to draw
        }
        if (n == "communes") {
            if (has_field(*l, "illectronism_rate")) {
                out.push_back({n, "hublo – illectronisme attendu",
                               "communes by the share of people aged 15+ expected in "
                               "illectronism (illectronism_rate), as the monographs",
                               qml(graduated("illectronism_rate", rates, 200, "#777777", 0.1), 2),
                               true});
            }
            if (has_field(*l, "risk_index")) {
                out.push_back({n, "hublo – indice de risque (rapport)",
                               "communes by risk_index 1-10, as report.html",
                               qml(graduated("risk_index", risk, 180, "#777777", 0.1), 2),
                               out.empty() || out.back().layer != n});
            }
        } else if (n == "places" && has_field(*l, "labels")) {
            out.push_back({n, "hublo – lieux par type",
                           "places by type, the report's colours; mobile stops as rings",
                           qml(places_renderer(has_field(*l, "mobile_service")), 0), true});
        } else if ((n == "isochrones" || n.starts_with("isochrones_") || n == "place_isochrones") &&
                   has_field(*l, "minutes_to")) {
            out.push_back({n, "hublo – bandes de temps", "coverage bands by minutes_to",
                           qml(bands_renderer(*l), 2), true});
        } else if (n == "deserts") {
            out.push_back(
                {n, "hublo – déserts numériques", "desert zones, dashed purple",
                 qml(single(fill_symbol("0", rgba("#6a3d9a", 31), rgba("#6a3d9a"), 0.8, "dash")),
                     2),
                 true});
        } else if (n == "recommendations") {
            out.push_back(
                {n, "hublo – lieux proposés", "proposed places, yellow stars",
                 qml(single(marker_symbol("0", "star", rgba("#ffd700"), rgba("#000000"), 4.0, 0.3)),
                     0),
                 true});
        } else if (n == "tour") {
            out.push_back({n, "hublo – tournée du service itinérant",
                           "the travelling service's days along the roads",
                           qml(single(line_symbol("0", rgba("#d95f02", 220), 0.8)), 1), true});
        } else if (n == "tour_stops") {
            out.push_back({n, "hublo – arrêts du service itinérant", "its stops, orange squares",
                           qml(single(marker_symbol("0", "square", rgba("#d95f02"), rgba("#ffffff"),
                                                    3.2, 0.4)),
                               0),
                           true});
        } else if (l->geometry == model::GeometryType::polygons && has_field(*l, "code")) {
            // A level (EPCI, bassins de vie, départements, a zoning): its outlines.
            const bool deps = n == "departements";
            out.push_back(
                {n, "hublo – contours", "the level's outlines, no fill",
                 qml(single(fill_symbol("0", rgba("#ffffff", 0), rgba(deps ? "#000000" : "#555555"),
                                        deps ? 0.6 : 0.3, "solid", false)),
                     2),
                 true});
        }
    }
    return out;
}

model::Layer layer_styles_table(const std::vector<QgisStyle> &styles,
                                const std::string &geometry_column) {
    model::Layer t;
    t.name = "layer_styles";
    t.geometry = model::GeometryType::none;
    auto text = [&](const char *name) -> model::Field & {
        return t.add_field(name, model::FieldType::string);
    };
    auto &catalog = text("f_table_catalog");
    auto &schema = text("f_table_schema");
    auto &table = text("f_table_name");
    auto &geometry = text("f_geometry_column");
    auto &name = text("styleName");
    auto &qml_field = text("styleQML");
    auto &sld = text("styleSLD");
    auto &is_default = t.add_field("useAsDefault", model::FieldType::integer);
    auto &description = text("description");
    auto &owner = text("owner");
    auto &ui = text("ui");
    auto &time = text("update_time");
    for (const auto &s : styles) {
        catalog.values.emplace_back(std::string());
        schema.values.emplace_back(std::string()); // QGIS looks for f_table_schema = ''
        table.values.emplace_back(s.layer);
        geometry.values.emplace_back(geometry_column);
        name.values.emplace_back(s.name);
        qml_field.values.emplace_back(s.qml);
        sld.values.emplace_back(std::string());
        is_default.values.emplace_back(std::int64_t{s.is_default ? 1 : 0});
        description.values.emplace_back(s.description);
        owner.values.emplace_back(std::string("hublo"));
        ui.values.emplace_back(std::string());
        time.values.emplace_back(std::string("2000-01-01T00:00:00Z")); // fixed: same bytes
    }
    return t;
}

} // namespace hublo::outputs
