#include "outputs/monograph_atlas.hpp"

#include "hublo/error.hpp"
#include "outputs/monograph_fr.hpp"
#include "outputs/monograph_svg.hpp"

#include <algorithm>
#include <cstdio>

namespace hublo::outputs::mono {

/// A number for machines (data attributes): a decimal point, 6 decimals; "" when unknown.
std::string plain(double v) {
    if (!std::isfinite(v)) {
        return "";
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    return buf;
}

std::string pct(double share) {
    return std::isfinite(share) ? fr_number(100 * share, 1) + "\u00a0%" : "–";
}

std::string dep_of(const View &c, std::size_t i) {
    const auto d = c.str(i, "departements");
    if (!d.empty()) {
        return d;
    }
    const auto code = c.str(i, "code");
    return code.substr(0, code.starts_with("97") ? 3 : 2);
}

Atlas make_atlas(const MonographSettings &s, const std::vector<model::Layer> &layers,
                 geom::Geos &geos) {
    Atlas a{View(model::find_layer(layers, "communes")),
            View(model::find_layer(layers, s.level)),
            View(model::find_layer(layers, "departements")),
            View(model::find_layer(layers, "places")),
            View(model::find_layer(layers, "deserts")),
            View(model::find_layer(layers, "recommendations")),
            {},
            {},
            {},
            {},
            {},
            {},
            {},
            {},
            {}};
    if (!a.communes.ok() || !a.level.ok() || !a.communes.has(s.level)) {
        throw Error(ErrorKind::input, "[outputs] monographs = \"" + s.level +
                                          "\": no such level in the study; name one of its "
                                          "[[levels]] ids (e.g. \"bassins\")");
    }
    // Display geometries, simplified once for every page (about a pixel of a bassin's map).
    for (std::size_t i = 0; i < a.communes.size(); ++i) {
        a.commune_shapes.push_back(geos.simplify(a.communes.layer().polygons[i], 60.0));
        a.commune_boxes.push_back(algorithms::geometry::bounds(a.communes.layer().polygons[i]));
        a.commune_index[a.communes.str(i, "code")] = i;
        a.communes_of_area[a.communes.str(i, s.level)].push_back(i);
        a.communes_of_dep[dep_of(a.communes, i)].push_back(i);
        a.all.push_back(i);
    }
    // The modes: every <id>_min with its <id>_any_min (walk_min, bike_min), in layer order.
    for (const auto &f : a.communes.layer().fields) {
        if (f.name.ends_with("_any_min") && f.name != "no_car_any_min") {
            a.modes.push_back(f.name.substr(0, f.name.size() - 8));
        }
    }
    for (std::size_t k = 0; k < a.level.size(); ++k) {
        a.level_shapes.push_back(geos.simplify(a.level.layer().polygons[k], 60.0));
    }
    for (std::size_t k = 0; k < a.deserts.size(); ++k) {
        a.desert_shapes.push_back(geos.simplify(a.deserts.layer().polygons[k], 60.0));
    }
    const View bands(find_layer(layers, "isochrones"));
    for (std::size_t k = 0; k < bands.size() && bands.has("minutes_to"); ++k) {
        a.bands.emplace_back(bands.num(k, "minutes_to"),
                             geos.simplify(bands.layer().polygons[k], 60.0));
    }
    return a;
}

Totals totals(const Atlas &a, const std::vector<std::size_t> &communes, double far_min) {
    Totals t;
    t.modes = a.modes;
    for (const auto i : communes) {
        t.add(a.communes, i, far_min);
    }
    return t;
}

/// The places of the area: their type, commune, hours and staff; mobile stops with their
/// calendar.
std::string places_table(const Atlas &a, const std::set<std::string> &inside,
                         std::vector<std::size_t> &by_type) {
    std::vector<std::size_t> rows;
    for (std::size_t p = 0; p < a.places.size(); ++p) {
        if (a.places.num(p, "in_study") != 0 && inside.count(a.places.str(p, "commune"))) {
            rows.push_back(p);
            ++by_type[place_type(a.places.str(p, "labels"))];
        }
    }
    if (rows.empty()) {
        return "<p>Aucun lieu de médiation recensé dans le territoire.</p>";
    }
    std::string h = "<table class=\"list\"><thead><tr><th>Lieu</th><th>Type</th><th>Commune</th>"
                    "<th>Horaires</th><th>h/sem.</th><th>Samedi, soir</th><th>Personnel</th>"
                    "</tr></thead><tbody>";
    for (const auto p : rows) {
        const auto commune = a.places.str(p, "commune");
        const auto it = a.commune_index.find(commune);
        const std::string stop = a.places.str(p, "mobile_service");
        std::string hours = fr_hours(a.places.str(p, "hours"));
        if (!stop.empty()) {
            hours = "arrêt de « " + stop + " » : " + fr_schedule(a.places.str(p, "stop_schedule"));
        }
        const auto source = a.places.str(p, "hours_source");
        const bool read = source == "read" || source == "mobile stop";
        h += "<tr data-place=\"" + html_escape(a.places.str(p, "id")) + "\"><td>" +
             html_escape(a.places.str(p, "name")) + "</td><td>" +
             html_escape(a.places.str(p, "labels")) + "</td><td>" +
             html_escape(it != a.commune_index.end() ? a.communes.str(it->second, "name")
                                                     : commune) +
             "</td><td>" + html_escape(hours.empty() ? "non renseignés" : hours) + "</td><td>" +
             fr_number(a.places.num(p, "hours_per_week"), 1) +
             (read ? "" : " <span class=\"note\">(estimé)</span>") + "</td><td>" +
             (a.places.num(p, "saturday") == 1 ? "samedi" : "") +
             (a.places.num(p, "evening") == 1 ? " soir" : "") + "</td><td>" +
             fr_number(a.places.num(p, "staff"), 0) + "</td></tr>";
    }
    return h + "</tbody></table>";
}

/// The communes, the most people at risk in a desert first, with why and the nearest place.
std::string communes_table(const Atlas &a, std::vector<std::size_t> communes) {
    std::sort(communes.begin(), communes.end(), [&](std::size_t x, std::size_t y) {
        const double ux = (a.communes.num(x, "desert") == 1 ? 1e12 : 0) +
                          known(a.communes.num(x, "demand_at_risk"));
        const double uy = (a.communes.num(y, "desert") == 1 ? 1e12 : 0) +
                          known(a.communes.num(y, "demand_at_risk"));
        return ux != uy ? ux > uy : x < y;
    });
    std::string h = "<table class=\"list\"><thead><tr><th>Commune</th><th>Population</th>"
                    "<th>Personnes à risque</th><th>dont sans voiture</th><th>Min. en voiture"
                    "</th><th>Désert : pourquoi</th><th>Lieu le plus proche</th></tr></thead>"
                    "<tbody>";
    for (const auto i : communes) {
        const auto &c = a.communes;
        h += "<tr data-commune=\"" + html_escape(c.str(i, "code")) + "\"><td>" +
             html_escape(c.str(i, "name")) + "</td><td>" + fr_number(c.num(i, "population"), 0) +
             "</td><td>" + fr_number(c.num(i, "demand_at_risk"), 0) + "</td><td>" +
             fr_number(c.num(i, "at_risk_no_car"), 0) + "</td><td>" +
             fr_number(c.num(i, "nearest_place_min"), 1) + "</td><td>" +
             html_escape(c.num(i, "desert") == 1 ? fr_reasons(c.str(i, "desert_reason")) : "") +
             "</td><td>" + html_escape(c.str(i, "nearest_place_name")) + "</td></tr>";
    }
    return h + "</tbody></table>";
}

/// The desert zones touching the area, and the proposed places in it.
std::string deserts_and_proposals(const Atlas &a, const std::set<std::string> &inside) {
    std::string h;
    std::string rows;
    for (std::size_t k = 0; k < a.deserts.size(); ++k) {
        const auto codes = a.deserts.str(k, "commune_codes");
        std::size_t here = 0;
        std::size_t start = 0;
        while (start <= codes.size()) {
            const auto end = std::min(codes.find('|', start), codes.size());
            here += inside.count(codes.substr(start, end - start));
            start = end + 1;
        }
        if (here > 0) {
            rows += "<tr><td>" + fr_number(a.deserts.num(k, "rank"), 0) + "</td><td>" +
                    html_escape(a.deserts.str(k, "name")) + "</td><td>" +
                    fr_number(static_cast<double>(here), 0) + " / " +
                    fr_number(a.deserts.num(k, "communes"), 0) + "</td><td>" +
                    fr_number(a.deserts.num(k, "demand"), 0) + "</td><td>" +
                    html_escape(fr_reasons(a.deserts.str(k, "reasons"))) + "</td></tr>";
        }
    }
    h += rows.empty() ? "<p>Aucun désert numérique ne touche le territoire.</p>"
                      : "<table class=\"list\"><thead><tr><th>Rang</th><th>Zone</th><th>Communes "
                        "ici / en tout</th><th>Personnes à risque</th><th>Pourquoi</th></tr>"
                        "</thead><tbody>" +
                            rows + "</tbody></table>";
    rows.clear();
    for (std::size_t p = 0; p < a.recs.size(); ++p) {
        if (inside.count(a.recs.str(p, "commune"))) {
            rows += "<tr><td>" + fr_number(a.recs.num(p, "rank"), 0) + "</td><td>" +
                    html_escape(a.recs.str(p, "name")) + "</td><td>" +
                    fr_number(a.recs.num(p, "gain"), 0) + "</td></tr>";
        }
    }
    h += "<h3>Lieux proposés dans le territoire</h3>";
    h += rows.empty() ? "<p>Aucun des lieux proposés n'est dans le territoire.</p>"
                      : "<table class=\"list\"><thead><tr><th>Rang</th><th>Commune</th><th>"
                        "Personnes à risque nouvellement à portée</th></tr></thead><tbody>" +
                            rows + "</tbody></table>";
    return h;
}

std::string methods(const MonographSettings &s) {
    std::string h =
        "<p>Personnes en illectronisme attendues : taux par âge publiés par l'Insee (Insee "
        "Première n°1953, données 2021 ; le taux des 40-59 ans, non publié, est calé pour que "
        "la France retrouve 15,4 %) appliqués à la structure par âge de chaque commune "
        "(recensement). C'est une estimation, pas un comptage. Sans voiture : part des ménages "
        "sans voiture (Insee, recensement par IRIS). Temps en voiture jusqu'au lieu le plus "
        "proche : " +
        html_escape(s.network_note) +
        ". Heures d'aide : heures d'ouverture × personnel, réparties entre les personnes à "
        "risque à portée (BFCA, Paez et al. 2019) ; « (estimé) » : la source du lieu ne donne "
        "pas ses heures, il reçoit la valeur que dit hours_source (par exemple la médiane des "
        "lieux dont les heures sont lues).";
    if (!s.modes_note.empty()) {
        h += " Temps sans voiture : " + html_escape(s.modes_note) + ".";
    }
    h += "</p><p>hublo " + html_escape(s.version) + ", étude « " + html_escape(s.study_name) +
         " » (" + html_escape(s.study_id) + "), fichier d'étude SHA-256 <code>" +
         html_escape(s.study_sha256.substr(0, 16)) +
         "…</code>. Sources :</p><ul class=\"sources\">";
    if (!s.attribution.empty()) {
        h += "<li>Crédits et licences : " + html_escape(s.attribution.front());
        for (std::size_t k = 1; k < s.attribution.size(); ++k) {
            h += " ; " + html_escape(s.attribution[k]);
        }
        h += "</li>";
    }
    std::set<std::string> listed;
    for (const auto &[file, sha] : s.inputs) {
        if (!listed.insert(file).second) {
            continue; // a file read twice (a table and a lookup) is one source
        }
        h += "<li>" + html_escape(file) + " <code>" + html_escape(sha.substr(0, 12)) +
             "…</code></li>";
    }
    return h + "</ul>";
}

} // namespace hublo::outputs::mono
