#include "outputs/compare_page.hpp"

#include "outputs/monograph_fr.hpp"
#include "outputs/monograph_svg.hpp"

#include <algorithm>
#include <cmath>

namespace hublo::outputs {

namespace {

const char *kStyle = R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #3182bd}
.sub{color:#555;margin:0 0 1em}.note{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{padding:3px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}.up{color:#b30000}.down{color:#006d2c}code{font-size:.85em}
@page{size:A4 landscape;margin:12mm}@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}}
</style>)";

/// A figure and its change from the study as it is, coloured by whether it is better.
std::string with_change(double value, double base, int decimals, bool lower_is_better) {
    std::string h = fr_number(value, decimals);
    const double d = value - base;
    const double step = std::pow(10.0, -decimals) / 2;
    if (std::abs(d) >= step) {
        const bool better = lower_is_better ? d < 0 : d > 0;
        h += " <span class=\"" + std::string(better ? "down" : "up") + "\">(" +
             (d > 0 ? "+" : "−") + fr_number(std::abs(d), decimals) + ")</span>";
    }
    return h;
}

std::string totals_row(const ScenarioTotals &t, const ScenarioTotals &base, bool is_base) {
    auto cell = [&](double v, double b, int decimals, bool lower) {
        return "<td class=\"n\">" +
               (is_base ? fr_number(v, decimals) : with_change(v, b, decimals, lower)) + "</td>";
    };
    std::string h = "<tr><td>" +
                    (is_base ? std::string("l'étude telle quelle") : html_escape(t.label)) +
                    (t.id.empty() ? "" : " <code>" + html_escape(t.id) + "</code>") + "</td>";
    h += cell(static_cast<double>(t.places), static_cast<double>(base.places), 0, false);
    h += cell(static_cast<double>(t.desert_communes), static_cast<double>(base.desert_communes), 0,
              true);
    h += cell(static_cast<double>(t.desert_zones), static_cast<double>(base.desert_zones), 0, true);
    h += cell(t.at_risk_far, base.at_risk_far, 0, true);
    h += cell(t.at_risk_no_car_far, base.at_risk_no_car_far, 0, true);
    h += cell(t.at_risk_in_deserts, base.at_risk_in_deserts, 0, true);
    h += cell(t.help_hours_per_1000, base.help_hours_per_1000, 1, false);
    h += "<td class=\"n\">" +
         (is_base ? std::string("–") : fr_number(static_cast<double>(t.communes_changed), 0)) +
         "</td></tr>";
    return h;
}

std::string minutes(double m) {
    return std::isfinite(m) ? fr_number(m, 1) : "aucun lieu à portée";
}

std::string desert(int d, const std::string &reason) {
    return d == 1 ? "désert" +
                        (reason.empty() ? "" : " (" + html_escape(mono::fr_reasons(reason)) + ")")
                  : "non";
}

std::string scenario_section(const ComparePageScenario &s) {
    const auto &t = s.totals;
    std::string h = "<h2 id=\"" + html_escape(t.id) + "\">" + html_escape(t.label) + "</h2>";
    h += "<p class=\"note\">Réglages : ";
    for (std::size_t k = 0; k < s.settings.size(); ++k) {
        h += (k ? " · " : "") + std::string("<code>") + html_escape(s.settings[k]) + "</code>";
    }
    h += "</p>";
    if (s.rows.empty()) {
        return h +
               "<p>Aucune commune ne change de statut, de raison ni de temps d'accès ; les "
               "autres chiffres qui changent sont dans <code>compare/" +
               html_escape(t.id) + "/communes.csv</code>.</p>";
    }
    auto rows = s.rows;
    std::stable_sort(rows.begin(), rows.end(), [](const CompareRow &a, const CompareRow &b) {
        return a.at_risk > b.at_risk;
    });
    constexpr std::size_t kShown = 40;
    h += "<p>" + fr_number(static_cast<double>(rows.size()), 0) +
         " communes changent de statut, de raison ou de temps d'accès" +
         (rows.size() > kShown
              ? " ; les " + fr_number(kShown, 0) + " qui comptent le plus de personnes à risque :"
              : " :") +
         "</p><table><thead><tr><th>Commune</th><th>Personnes à risque</th><th>Avant</th>"
         "<th>Après</th><th>Minutes en voiture au lieu le plus proche</th></tr></thead><tbody>";
    for (std::size_t k = 0; k < std::min(kShown, rows.size()); ++k) {
        const auto &r = rows[k];
        h += "<tr><td>" + html_escape(r.name) + " <code>" + html_escape(r.code) +
             "</code></td><td class=\"n\">" + fr_number(r.at_risk, 0) + "</td><td>" +
             desert(r.desert_base, r.reason_base) + "</td><td>" +
             desert(r.desert_scenario, r.reason_scenario) + "</td><td>" + minutes(r.minutes_base) +
             " → " + minutes(r.minutes_scenario) + "</td></tr>";
    }
    h += "</tbody></table>";
    if (rows.size() > kShown) {
        h += "<p class=\"note\">Les " + fr_number(static_cast<double>(rows.size() - kShown), 0) +
             " autres sont dans <code>compare/" + html_escape(t.id) +
             "/changes.geojson</code> et <code>communes.csv</code>.</p>";
    }
    return h;
}

} // namespace

std::string compare_page(const std::string &study_name, double far_min, const ScenarioTotals &base,
                         const std::vector<ComparePageScenario> &scenarios) {
    std::string h = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta "
                    "name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta "
                    "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'\"><title>" +
                    html_escape(study_name) + " – scénarios</title>" + kStyle + "</head><body>";
    h += "<h1>Scénarios</h1><p class=\"sub\">" + html_escape(study_name) + " · " +
         fr_number(static_cast<double>(scenarios.size()), 0) +
         " scénarios comparés à l'étude telle quelle (<code>hublo compare</code>)</p>";
    h += "<table><thead><tr><th>Scénario</th><th>Lieux</th><th>Communes en désert</th>"
         "<th>Zones</th><th>Personnes à risque à plus de " +
         fr_number(far_min, 0) +
         " min en voiture d'un lieu</th><th>Sans voiture, loin de tout lieu</th><th>Personnes "
         "à risque dans les déserts</th><th>Heures d'aide par semaine pour 1 000 personnes à "
         "risque</th><th>Communes qui changent</th></tr></thead><tbody>";
    h += totals_row(base, base, true);
    for (const auto &s : scenarios) {
        h += totals_row(s.totals, base, false);
    }
    h += "</tbody></table>";
    h += "<p class=\"note\">Entre parenthèses, l'écart à l'étude telle quelle (vert : mieux, "
         "rouge : moins bien). « Sans voiture, loin » : les personnes à risque sans voiture "
         "qu'aucun mode (à pied, à vélo, arrêts de services itinérants) ne mène à un lieu "
         "assez ouvert dans le temps voulu ; à pied et à vélo, les temps sont la ligne droite "
         "× un détour mesuré (sans réseau de rues). Les lieux dont la source ne donne pas "
         "d'horaires gardent, dans chaque scénario, les heures supposées de l'étude "
         "(<code>supply.unknown_hours</code>). Une commune « change » quand son statut de "
         "désert, sa raison ou son temps au lieu le plus proche changent.</p>";
    for (const auto &s : scenarios) {
        h += scenario_section(s);
    }
    return h + "</body></html>\n";
}

} // namespace hublo::outputs
