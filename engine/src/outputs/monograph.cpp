#include "outputs/monograph.hpp"

#include "hublo/error.hpp"
#include "outputs/monograph_atlas.hpp"
#include "outputs/monograph_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace hublo::outputs {

using namespace mono;

namespace {

/// One row of the key figures: a label, the value for the area, its département, the region.
std::string figure_row(const std::string &id, const std::string &label, double area, double dep,
                       double region, bool share, int decimals = 0) {
    auto cell = [&](double v, bool main) {
        const std::string shown = share ? pct(v) : fr_number(v, decimals);
        return std::string("<td") +
               (main ? " data-figure=\"" + id + "\" data-value=\"" + plain(v) + "\"" : "") + ">" +
               shown + "</td>";
    };
    return "<tr><th scope=\"row\">" + html_escape(label) + "</th>" + cell(area, true) +
           cell(dep, false) + cell(region, false) + "</tr>";
}

/// The colour of the k-th coverage band's limit: dark blue for the nearest, lighter after.
const char *band_color(std::size_t k) {
    static const char *colors[] = {"#08306b", "#2171b5", "#6baed6", "#9ecae1"};
    return colors[std::min<std::size_t>(k, 3)];
}

/// The map: the area's communes coloured by their rate of expected people in illectronism,
/// the surroundings in grey, the area's outline, deserts, places and proposed places.
std::string area_map(const Atlas &a, std::size_t area, const std::set<std::string> &inside,
                     double far_min, geom::Geos &geos) {
    Box box;
    for (const auto &code : inside) {
        box.expand(a.commune_boxes[a.commune_index.at(code)]);
    }
    const double pad = 0.08 * std::max(box.max_x - box.min_x, box.max_y - box.min_y) + 500;
    box.min_x -= pad;
    box.min_y -= pad;
    box.max_x += pad;
    box.max_y += pad;
    std::vector<SvgShape> shapes;
    for (std::size_t i = 0; i < a.communes.size(); ++i) {
        if (!a.commune_boxes[i].intersects(box)) {
            continue;
        }
        const bool in = inside.count(a.communes.str(i, "code")) > 0;
        const double rate = a.communes.num(i, "illectronism_rate");
        shapes.push_back(
            {&a.commune_shapes[i], in ? rate_color(rate) : "#e3e3e3", in ? "#777" : "#bbb",
             a.communes.str(i, "name") +
                 (in ? " : " + pct(rate) + " des 15 ans et plus, " +
                           fr_number(a.communes.num(i, "illectronism_expected"), 0) + " personnes"
                     : ""),
             0.5, ""});
    }
    // The car's coverage clipped to the area: hatched beyond far_min, each band's limit dotted
    // in its blue (under the area's outline, which hides where a limit runs along it).
    std::vector<MultiPolygon> clipped, local;
    clipped.reserve(a.bands.size() + 1);
    Box outline = algorithms::geometry::bounds(a.level_shapes[area]);
    outline.min_x -= 100;
    outline.min_y -= 100;
    outline.max_x += 100;
    outline.max_y += 100;
    for (const auto &band : a.bands) {
        local.push_back(geos.clip_to_box(band.second, outline)); // cheap first cut
    }
    for (std::size_t k = 0; k < a.bands.size(); ++k) {
        if (a.bands[k].first == far_min) {
            clipped.push_back(geos.difference(a.level_shapes[area], local[k]));
            shapes.push_back({&clipped.back(), "url(#far)", "none",
                              "À plus de " + fr_number(far_min, 0) + " min en voiture d'un lieu",
                              0.0, ""});
        }
    }
    for (std::size_t k = 0; k < a.bands.size(); ++k) {
        const double minutes = a.bands[k].first;
        clipped.push_back(geos.intersection(local[k], a.level_shapes[area]));
        shapes.push_back({&clipped.back(), "", band_color(k),
                          "À moins de " + fr_number(minutes, 0) + " min en voiture d'un lieu", 1.6,
                          "2 2.5"});
    }
    shapes.push_back({&a.level_shapes[area], "", "#222", "", 2.0, ""});
    for (std::size_t k = 0; k < a.deserts.size(); ++k) {
        if (algorithms::geometry::bounds(a.desert_shapes[k]).intersects(box)) {
            shapes.push_back(
                {&a.desert_shapes[k], "", "#6a3d9a",
                 "Désert numérique " + a.deserts.str(k, "id") + " : " + a.deserts.str(k, "name"),
                 2.0, "4 3"});
        }
    }
    std::vector<SvgPoint> points;
    for (std::size_t p = 0; p < a.places.size(); ++p) {
        const auto &xy = a.places.layer().points[p];
        const bool stop = !a.places.str(p, "mobile_service").empty();
        points.push_back({xy, kTypes[place_type(a.places.str(p, "labels"))].color,
                          a.places.str(p, "name"), stop, false, a.places.num(p, "in_study") == 0});
    }
    for (std::size_t p = 0; p < a.recs.size(); ++p) {
        points.push_back({a.recs.layer().points[p], "", "Lieu proposé : " + a.recs.str(p, "name"),
                          false, true, false});
    }
    std::vector<SvgLabel> labels;
    for (const auto &code : inside) {
        const auto i = a.commune_index.at(code);
        labels.push_back({geos.point_on_surface(a.commune_shapes[i]), a.communes.str(i, "name")});
    }
    return svg_map(box, 760, shapes, points, labels);
}

/// The level layers' equity figures of the area and of its département (NaN: not there).
struct Equity {
    std::array<double, 2> gini{kNaN, kNaN}, palma{kNaN, kNaN};
};

/// The key figures, beside the département's and the region's.
std::string key_figures(const Totals &t, const Totals &dep, const Totals &reg,
                        const std::string &name, const std::string &dep_name, double far_min,
                        const Equity &equity) {
    const std::string far = fr_number(far_min, 0);
    std::string h = "<table class=\"figures\"><thead><tr><th></th><th>" + html_escape(name) +
                    "</th><th>" + html_escape(dep_name) +
                    "</th><th>Région (étude)</th></tr></thead><tbody>";
    h +=
        figure_row("population", "Population", t.population, dep.population, reg.population, false);
    h += figure_row("people_15plus", "Personnes de 15 ans et plus", t.p15, dep.p15, reg.p15, false);
    h += figure_row("illectronism_expected", "Personnes en illectronisme attendues", t.ill, dep.ill,
                    reg.ill, false);
    h += "<tr><th scope=\"row\">… fourchette (taux par âge bas – haut)</th><td "
         "data-figure=\"illectronism_low\" data-value=\"" +
         plain(t.ill_low) + "\">" + fr_number(t.ill_low, 0) + " – " + fr_number(t.ill_high, 0) +
         "</td><td>" + fr_number(dep.ill_low, 0) + " – " + fr_number(dep.ill_high, 0) +
         "</td><td>" + fr_number(reg.ill_low, 0) + " – " + fr_number(reg.ill_high, 0) +
         "</td></tr>";
    h += figure_row("illectronism_rate", "… parmi les 15 ans et plus", t.ill_rate(), dep.ill_rate(),
                    reg.ill_rate(), true);
    h += figure_row("no_car_share", "… dont sans voiture", t.no_car_share(), dep.no_car_share(),
                    reg.no_car_share(), true);
    h +=
        figure_row("far_share", "Personnes à risque à plus de " + far + " min en voiture d'un lieu",
                   t.far_share(), dep.far_share(), reg.far_share(), true);
    if (t.at_risk_car > 0 || dep.at_risk_car > 0) {
        h += figure_row("car_far_share",
                        "Personnes à risque avec voiture à plus de " + far +
                            " min en voiture d'un lieu ouvert assez longtemps",
                        t.car_far_share(), dep.car_far_share(), reg.car_far_share(), true);
        for (std::size_t m = 0; m < t.modes.size(); ++m) {
            const auto &id = t.modes[m];
            const std::string how = id == "walk" ? "à pied" : id == "bike" ? "à vélo" : id;
            h +=
                figure_row(id + "_far_share",
                           "Personnes à risque sans voiture à plus de " + far + " min " + how,
                           t.mode_far_share(m), dep.mode_far_share(m), reg.mode_far_share(m), true);
        }
    }
    h += figure_row("hours_per_1000",
                    "Heures d'aide par semaine pour 1 000 personnes à risque (BFCA)",
                    t.hours_per_1000(), dep.hours_per_1000(), reg.hours_per_1000(), false, 1);
    if (std::isfinite(equity.gini[0])) {
        // Equity: the level layers' Gini and Palma (the region's are not a layer: "–"), and
        // the people at risk in the region's worst-served fifth, summed from the communes.
        h += figure_row("supply_gini",
                        "Écart des heures d'aide entre personnes à risque (Gini, 0 : égales)",
                        equity.gini[0], equity.gini[1], kNaN, false, 2);
        h += figure_row("supply_palma",
                        "Heures des 10 % les mieux servis rapportées à celles des 40 % les moins "
                        "bien servis (Palma)",
                        equity.palma[0], equity.palma[1], kNaN, false, 2);
    }
    if (t.demand > 0 && std::isfinite(t.lowest_fifth_share())) {
        h += figure_row("lowest_fifth_share",
                        "Personnes à risque dans le cinquième le moins bien servi de la région",
                        t.lowest_fifth_share(), dep.lowest_fifth_share(), reg.lowest_fifth_share(),
                        true);
    }
    h += figure_row("desert_share", "Personnes à risque dans une commune « désert numérique »",
                    t.desert_share(), dep.desert_share(), reg.desert_share(), true);
    h += figure_row("desert_communes", "Communes « désert numérique »",
                    static_cast<double>(t.deserts), static_cast<double>(dep.deserts),
                    static_cast<double>(reg.deserts), false);
    return h + "</tbody></table>";
}

/// "Publics non atteints": who, how many, where, in a few sentences with the numbers.
std::string unreached(const Atlas &a, const std::vector<std::size_t> &communes, const Totals &t,
                      const Totals &dep, const std::string &dep_name, double far_min) {
    std::vector<std::size_t> ranked = communes;
    std::sort(ranked.begin(), ranked.end(), [&](std::size_t x, std::size_t y) {
        const double dx = known(a.communes.num(x, "demand_at_risk")),
                     dy = known(a.communes.num(y, "demand_at_risk"));
        return dx != dy ? dx > dy : x < y;
    });
    std::string h =
        "<p>On attend <strong>" + fr_number(t.ill, 0) +
        " personnes en illectronisme</strong> parmi les " + fr_number(t.p15, 0) +
        " habitants de 15 ans et plus (" + pct(t.ill_rate()) + ", de " + fr_number(t.ill_low, 0) +
        " à " + fr_number(t.ill_high, 0) + " selon les taux " + "par âge retenus), contre " +
        pct(dep.ill_rate()) + " en " + html_escape(dep_name) + ". " + fr_number(t.no_car, 0) +
        " d'entre elles (" + pct(t.no_car_share()) + ") vivent dans un ménage sans voiture.</p>";
    h += t.far_demand >= 0.5
             ? "<p>" + fr_number(t.far_demand, 0) + " personnes à risque (" + pct(t.far_share()) +
                   ") habitent à plus de " + fr_number(far_min, 0) +
                   " minutes en voiture du lieu de médiation le plus proche"
             : "<p>Aucune personne à risque n'habite à plus de " + fr_number(far_min, 0) +
                   " minutes en voiture d'un lieu de médiation";
    if (t.deserts > 0) {
        h +=
            " ; " + fr_number(static_cast<double>(t.deserts), 0) + " commune" +
            (t.deserts > 1 ? "s sont des « déserts numériques »" : " est un « désert numérique »") +
            " (" + fr_number(t.desert_demand, 0) + " personnes à risque)";
    }
    h += ".";
    std::string names;
    for (std::size_t k = 0; k < std::min<std::size_t>(3, ranked.size()); ++k) {
        const auto i = ranked[k];
        names += (k ? (k + 1 == std::min<std::size_t>(3, ranked.size()) ? " et " : ", ") : "") +
                 html_escape(a.communes.str(i, "name")) + " (" +
                 fr_number(a.communes.num(i, "demand_at_risk"), 0) + ")";
    }
    if (!names.empty()) {
        h += " Les plus nombreuses vivent à " + names + ".";
    }
    return h + "</p>";
}

/// Histogram of the people at risk by minutes by car to the nearest place.
std::string minutes_chart(const Totals &t) {
    static const char *labels[] = {"0–5", "5–10", "10–15", "15–20", "20–25", "25–30", "30 +"};
    std::vector<SvgBar> bars;
    for (std::size_t k = 0; k < 7; ++k) {
        bars.push_back(
            {std::string(labels[k]) + " min", t.minutes_hist[k], k < 4 ? "#6baed6" : "#de2d26"});
    }
    return svg_columns("Personnes à risque selon le temps en voiture jusqu'au lieu le plus proche",
                       bars, " pers.");
}

std::string rates_chart(const Totals &t, const Totals &dep, const Totals &reg,
                        const std::string &name, const std::string &dep_name, double far_min) {
    const std::vector<SvgGroup> groups = {
        {"Illectronisme (15 ans et plus)", {t.ill_rate(), dep.ill_rate(), reg.ill_rate()}},
        {"Sans voiture (personnes à risque)",
         {t.no_car_share(), dep.no_car_share(), reg.no_car_share()}},
        {"À plus de " + fr_number(far_min, 0) + " min en voiture",
         {t.far_share(), dep.far_share(), reg.far_share()}},
        {"Dans un désert numérique", {t.desert_share(), dep.desert_share(), reg.desert_share()}}};
    return svg_grouped_bars("Le territoire, son département et la région",
                            {name, dep_name, "Région"}, {"#3182bd", "#9ecae1", "#bdbdbd"}, groups);
}

const char *kStyle = R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:980px;margin:0 auto;padding:16px}
h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:2px solid #3182bd}
h3{font-size:1.05em}.sub{color:#555;margin:0 0 1em}.note{color:#777;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{padding:3px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
table.figures td{text-align:right;white-space:nowrap}table.figures td:first-of-type{font-weight:600}
svg.map{width:100%;height:auto;border:1px solid #ccc}svg.chart{width:100%;max-width:720px;height:auto}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border:1px solid #999}
.legend i.hatch{background:repeating-linear-gradient(45deg,#555 0 1px,transparent 1px 4px)}
.charts{display:grid;grid-template-columns:1fr;gap:8px}code{font-size:.85em}
a{color:#08519c}thead{display:table-header-group}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}h2{break-after:avoid}tr,svg,.figures{break-inside:avoid}
section.map-section{break-after:page}nav{display:none}}
</style>)";

std::string legend(const Atlas &a, double far_min) {
    std::string h = "<p class=\"legend\">";
    const std::pair<const char *, const char *> classes[] = {{"#ffffb2", "moins de 12 %"},
                                                             {"#fecc5c", "12–15 %"},
                                                             {"#fd8d3c", "15–18 %"},
                                                             {"#f03b20", "18–21 %"},
                                                             {"#bd0026", "21 % et plus"}};
    for (const auto &[color, label] : classes) {
        h += std::string("<span><i style=\"background:") + color + "\"></i>" + label + "</span>";
    }
    h += "<br>";
    for (const auto &t : kTypes) {
        h += std::string("<span><i style=\"background:") + t.color + ";border-radius:50%\"></i>" +
             t.label + "</span>";
    }
    h += "<span><i style=\"border:2px dashed #6a3d9a\"></i>désert numérique</span>"
         "<span><i style=\"background:#ffd400\"></i>lieu proposé</span>";
    if (!a.bands.empty()) {
        h += "<br><span><i class=\"hatch\"></i>à plus de " + fr_number(far_min, 0) +
             " min en voiture d'un lieu</span>limite des";
        for (std::size_t k = 0; k < a.bands.size(); ++k) {
            h += std::string(" <span><i style=\"border:0;border-top:3px dotted ") + band_color(k) +
                 ";height:0;width:22px;vertical-align:middle\"></i>" +
                 fr_number(a.bands[k].first, 0) + " min</span>";
        }
        h += "en voiture";
    }
    return h + "</p>";
}

/// The totals the pages compare with, made once: the region's and each département's.
struct Context {
    Totals region;
    std::map<std::string, Totals> departements;
};

std::string page(const MonographSettings &s, const Atlas &a, std::size_t area, Context &cx,
                 geom::Geos &geos) {
    const std::string code = a.level.str(area, "code");
    const std::string name = a.level.str(area, "name");
    const auto &communes = a.communes_of_area.at(code);
    std::set<std::string> inside;
    std::map<std::string, double> dep_population;
    for (const auto i : communes) {
        inside.insert(a.communes.str(i, "code"));
        dep_population[dep_of(a.communes, i)] += known(a.communes.num(i, "population"));
    }
    std::string dep = dep_population.begin()->first;
    for (const auto &[d, p] : dep_population) {
        dep = p > dep_population[dep] ? d : dep;
    }
    std::string dep_name = "Département " + dep;
    for (std::size_t k = 0; k < a.deps.size(); ++k) {
        if (a.deps.str(k, "code") == dep && !a.deps.str(k, "name").empty()) {
            dep_name = a.deps.str(k, "name");
        }
    }
    const Totals t = totals(a, communes, s.far_min);
    if (!cx.departements.count(dep)) {
        cx.departements[dep] = totals(a, a.communes_of_dep.at(dep), s.far_min);
    }
    const Totals &d = cx.departements.at(dep);
    const Totals &r = cx.region;
    std::vector<std::size_t> by_type(std::size(kTypes), 0);
    const std::string places = places_table(a, inside, by_type);
    std::string types;
    for (std::size_t k = 0; k < by_type.size(); ++k) {
        types +=
            (k ? ", " : "") + fr_number(static_cast<double>(by_type[k]), 0) + " " + kTypes[k].label;
    }
    std::string h = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta "
                    "name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta "
                    "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'; img-src data:\"><title>" +
                    html_escape(name) + " – monographie</title>" + kStyle + "</head><body>";
    h += "<nav><a href=\"index.html\">← tous les territoires</a></nav>";
    h += "<h1 data-area=\"" + html_escape(code) + "\">" + html_escape(name) + "</h1>";
    h += "<p class=\"sub\">" + html_escape(s.level_label) + " " + html_escape(code) + " · " +
         fr_number(static_cast<double>(communes.size()), 0) + " communes · " +
         html_escape(s.study_name) + "</p>";
    h += "<section class=\"map-section\"><h2>Carte</h2>" +
         area_map(a, area, inside, s.far_min, geos) + legend(a, s.far_min) +
         "<p class=\"note\">Communes colorées selon la part des 15 ans et plus en illectronisme "
         "attendue ; communes voisines en gris ; lieux estompés : hors de l'étude.</p></section>";
    Equity equity;
    equity.gini[0] = a.level.num(area, "supply_gini");
    equity.palma[0] = a.level.num(area, "supply_palma");
    for (std::size_t k = 0; k < a.deps.size(); ++k) {
        if (a.deps.str(k, "code") == dep) {
            equity.gini[1] = a.deps.num(k, "supply_gini");
            equity.palma[1] = a.deps.num(k, "supply_palma");
        }
    }
    h += "<h2>Chiffres clés</h2>" + key_figures(t, d, r, name, dep_name, s.far_min, equity);
    h += "<p>Lieux de médiation dans le territoire : " + types + ".</p>";
    h += "<h2>Publics non atteints</h2>" + unreached(a, communes, t, d, dep_name, s.far_min);
    h += "<h2>En images</h2><div class=\"charts\">" + minutes_chart(t) +
         rates_chart(t, d, r, name, dep_name, s.far_min) + "</div>";
    h += "<h2>Les lieux</h2>" + places;
    h += "<h2>Les communes</h2>" + communes_table(a, communes);
    h += "<h2>Déserts numériques et lieux proposés</h2>" + deserts_and_proposals(a, inside);
    h += "<h2>Méthodes et sources</h2>" + methods(s);
    return h + "</body></html>";
}

/// The file of an area's page: the level, then its code (safe characters only).
std::string page_name(const std::string &level, const std::string &code) {
    std::string safe;
    for (const char c : code) {
        safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
    }
    return level + "-" + safe + ".html";
}

std::string index_page(const MonographSettings &s, const Atlas &a,
                       const std::vector<std::size_t> &areas) {
    std::vector<SvgShape> shapes;
    Box box;
    std::string rows;
    for (const auto k : areas) {
        const auto code = a.level.str(k, "code");
        const Totals t = totals(a, a.communes_of_area.at(code), s.far_min);
        box.expand(algorithms::geometry::bounds(a.level_shapes[k]));
        shapes.push_back({&a.level_shapes[k], rate_color(t.ill_rate()), "#555",
                          a.level.str(k, "name") + " : " + pct(t.ill_rate()), 0.6, "",
                          page_name(s.level, code)});
        auto cell = [](double v, const std::string &shown) {
            return "<td data-sort=\"" + plain(v) + "\">" + shown + "</td>";
        };
        rows += "<tr data-area=\"" + html_escape(code) + "\"><td>" + html_escape(code) +
                "</td><td data-sort=\"" + html_escape(a.level.str(k, "name")) + "\"><a href=\"" +
                html_escape(page_name(s.level, code)) + "\">" +
                html_escape(a.level.str(k, "name")) + "</a></td>" +
                cell(static_cast<double>(t.communes), fr_number(t.communes, 0)) +
                cell(t.population, fr_number(t.population, 0)) + cell(t.ill, fr_number(t.ill, 0)) +
                cell(t.ill_rate(), pct(t.ill_rate())) + cell(t.far_share(), pct(t.far_share())) +
                cell(t.hours_per_1000(), fr_number(t.hours_per_1000(), 1)) +
                cell(static_cast<double>(t.deserts), fr_number(t.deserts, 0)) + "</tr>";
    }
    const double pad = 2000;
    box.min_x -= pad;
    box.min_y -= pad;
    box.max_x += pad;
    box.max_y += pad;
    std::string h =
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width,initial-scale=1\"><meta "
        "http-equiv=\"Content-Security-Policy\" "
        "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src "
        "'unsafe-inline'\"><title>" +
        html_escape(s.study_name) + " – monographies</title>" + kStyle + "</head><body>";
    h += "<h1>" + html_escape(s.study_name) +
         "</h1><p class=\"sub\">Monographies : " + html_escape(s.level_label) + " (" +
         fr_number(static_cast<double>(areas.size()), 0) +
         "). Cliquer un territoire sur la carte ou dans le tableau ; cliquer un en-tête pour "
         "trier.</p>";
    h += svg_map(box, 760, shapes, {});
    h += "<table class=\"list\" id=\"areas\"><thead><tr><th>Code</th><th>Territoire</th>"
         "<th>Communes</th><th>Population</th><th>Illectronisme attendu</th><th>Taux (15 ans +)"
         "</th><th>À plus de " +
         fr_number(s.far_min, 0) +
         " min</th><th>Heures d'aide / 1 000</th><th>Communes désert</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
    h += R"(<script>
(function(){var t=document.getElementById("areas");var hs=t.tHead.rows[0].cells;
for(var c=0;c<hs.length;++c)(function(c){hs[c].style.cursor="pointer";hs[c].addEventListener("click",function(){
var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows),d=hs[c].dataset.dir==="asc"?-1:1;hs[c].dataset.dir=d>0?"asc":"desc";
rs.sort(function(x,y){var a=x.cells[c].dataset.sort||x.cells[c].textContent,e=y.cells[c].dataset.sort||y.cells[c].textContent;
var n=parseFloat(a),m=parseFloat(e);if(!isNaN(n)&&!isNaN(m))return d*(n-m);return d*a.localeCompare(e,"fr");});
rs.forEach(function(r){b.appendChild(r);});});})(c);})();
</script>)";
    return h + "</body></html>";
}

} // namespace

std::vector<MonographFile> make_monographs(const MonographSettings &settings,
                                           const std::vector<model::Layer> &layers,
                                           geom::Geos &geos) {
    const Atlas atlas = make_atlas(settings, layers, geos);
    std::vector<std::size_t> areas;
    for (std::size_t k = 0; k < atlas.level.size(); ++k) {
        const auto code = atlas.level.str(k, "code");
        if (!atlas.communes_of_area.count(code)) {
            continue; // an area with no commune in the study
        }
        if (settings.areas.empty() ||
            std::find(settings.areas.begin(), settings.areas.end(), code) != settings.areas.end()) {
            areas.push_back(k);
        }
    }
    for (const auto &code : settings.areas) {
        if (std::none_of(areas.begin(), areas.end(),
                         [&](std::size_t k) { return atlas.level.str(k, "code") == code; })) {
            throw Error(ErrorKind::input, "monographs: '" + code + "' is not an area of level " +
                                              settings.level + " with communes in the study");
        }
    }
    std::vector<MonographFile> files;
    files.push_back({"index.html", index_page(settings, atlas, areas)});
    Context cx{totals(atlas, atlas.all, settings.far_min), {}};
    for (const auto k : areas) {
        files.push_back({page_name(settings.level, atlas.level.str(k, "code")),
                         page(settings, atlas, k, cx, geos)});
    }
    return files;
}

} // namespace hublo::outputs
