// The fields of the "without a car" stage: per commune, who has no car and how far help is
// by each mode; per level, the people at risk beyond each mode's thresholds.
#include "outputs/fields.hpp"

#include "core/strings.hpp"
#include "io/geojson_writer.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <cmath>

namespace hublo::outputs {

namespace {
std::string minutes_suffix(double t) {
    return io::json_number(t) + "min";
}
} // namespace

std::string modes_note(const stages::ModesSettings &cfg, const stages::ModesResult &r) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        parts.push_back(cfg.modes[k].id + ": " + r.modes[k].method +
                        (r.modes[k].approximated ? " (approximated: no street network)" : ""));
    }
    std::string note = core::join(parts, "; ");
    if (r.communes_at_their_place) {
        note += "; in the " + std::to_string(r.communes_at_their_place) +
                " communes with one demand point and a place, people without a car are placed at "
                "the place (the bourg), not at the commune's point";
    }
    return note;
}

std::string modes_note_fr(const stages::ModesSettings &cfg, const stages::ModesResult &r) {
    auto fr = [](double v) {
        std::string s = io::json_number(v);
        std::replace(s.begin(), s.end(), '.', ',');
        return s;
    };
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        const auto &m = cfg.modes[k];
        const std::string how = m.transit        ? "en transports en commun"
                                : m.id == "walk" ? "à pied"
                                : m.id == "bike" ? "à vélo"
                                                 : m.label;
        if (m.transit) {
            const auto &t = cfg.transit;
            parts.push_back(how + " : horaires GTFS du " + t.date + " (RAPTOR), visite de " +
                            fr(t.visit_min) +
                            " min dans un lieu ouvert, retour avant l'heure "
                            "fixée ; marche vers les arrêts en ligne droite × " +
                            fr(t.walk_circuity) + " à " + fr(t.walk_kmh) +
                            " km/h (approximation : pas de réseau de rues)");
            continue;
        }
        parts.push_back(how + " : " +
                        (m.profile.empty() || r.modes[k].approximated
                             ? "ligne droite × " + fr(m.circuity) + " à " + fr(m.speed_kmh) +
                                   " km/h (approximation : pas de réseau de rues)"
                             : "réseau OpenStreetMap, profil " + m.profile + ", " +
                                   fr(m.speed_kmh) + " km/h hors du réseau"));
    }
    std::string note = core::join(parts, " ; ");
    if (r.communes_at_their_place) {
        note += " ; dans les " + std::to_string(r.communes_at_their_place) +
                " communes à un seul point de demande qui ont un lieu, les personnes sans voiture "
                "sont placées au lieu (le bourg), pas au point de la commune";
    }
    return note;
}

std::vector<ReportMinutes> report_minutes(const stages::ModesSettings &cfg,
                                          const stages::ModesResult &r) {
    std::vector<ReportMinutes> out;
    if (r.modes.empty()) {
        return out;
    }
    out.push_back({"car_min", "by car", false});
    std::vector<std::string> labels;
    bool approximated = false;
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        out.push_back({cfg.modes[k].id + "_min", cfg.modes[k].label, r.modes[k].approximated,
                       cfg.modes[k].transit ? 3.0 : 1.0});
        if (stages::counts_for_no_car(cfg, k)) {
            labels.push_back(cfg.modes[k].label);
            approximated = approximated || r.modes[k].approximated;
        }
    }
    if (labels.size() > 1) {
        out.push_back({"no_car_min", "without a car (best of " + core::join(labels, " and ") + ")",
                       approximated});
    }
    return out;
}

void add_commune_modes(model::Layer &layer, const stages::ModesSettings &cfg,
                       const stages::ModesResult &r) {
    const std::size_t n = r.car_min.size();
    if (cfg.no_car.enabled) {
        auto &share = layer.add_field("no_car_share", model::FieldType::real);
        auto &without = layer.add_field("at_risk_no_car", model::FieldType::real);
        auto &with = layer.add_field("at_risk_car", model::FieldType::real);
        for (std::size_t i = 0; i < n; ++i) {
            share.values.push_back(real(r.no_car_share[i]));
            without.values.push_back(real(r.at_risk_no_car[i]));
            with.values.push_back(real(r.at_risk_car[i]));
        }
    }
    auto &car = layer.add_field("car_min", model::FieldType::real);
    for (std::size_t i = 0; i < n; ++i) {
        car.values.push_back(real(r.car_min[i]));
    }
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        const auto &t = r.modes[k];
        auto &open = layer.add_field(cfg.modes[k].id + "_min", model::FieldType::real);
        auto &any = layer.add_field(cfg.modes[k].id + "_any_min", model::FieldType::real);
        for (std::size_t i = 0; i < n; ++i) {
            open.values.push_back(real(t.commune_min[i]));
            any.values.push_back(real(t.commune_any_min[i]));
        }
        if (!t.commune_hours.empty()) {
            auto &h = layer.add_field(cfg.modes[k].id + "_hours_within", model::FieldType::real);
            for (std::size_t i = 0; i < n; ++i) {
                h.values.push_back(real(t.commune_hours[i]));
            }
        }
        if (!t.commune_visit_hours.empty()) {
            auto &h = layer.add_field(cfg.modes[k].id + "_visit_h", model::FieldType::real);
            auto &never =
                layer.add_field(cfg.modes[k].id + "_no_visit_share", model::FieldType::real);
            for (std::size_t i = 0; i < n; ++i) {
                h.values.push_back(real(t.commune_visit_hours[i]));
                never.values.push_back(real(t.commune_no_visit_share[i]));
            }
            for (std::size_t q = 0; q < t.commune_percentile_min.size(); ++q) {
                auto &f = layer.add_field(cfg.modes[k].id + "_p" +
                                              io::json_number(cfg.transit.percentiles[q]) + "_min",
                                          model::FieldType::real);
                for (std::size_t i = 0; i < n; ++i) {
                    f.values.push_back(real(t.commune_percentile_min[q][i]));
                }
            }
        }
    }
    if (r.modes.empty()) {
        return;
    }
    auto &best = layer.add_field("no_car_min", model::FieldType::real);
    auto &best_any = layer.add_field("no_car_any_min", model::FieldType::real);
    auto &mode = layer.add_field("no_car_mode", model::FieldType::string);
    auto &far = layer.add_field("no_car_far", model::FieldType::integer);
    auto &hours = layer.add_field("no_car_hours_within", model::FieldType::real);
    auto &stop_hours = layer.add_field("no_car_stop_hours_within", model::FieldType::real);
    auto &note = layer.add_field("modes_note", model::FieldType::string);
    const std::string said = modes_note(cfg, r);
    for (std::size_t i = 0; i < n; ++i) {
        best.values.push_back(real(r.no_car_min[i]));
        best_any.values.push_back(real(r.no_car_any_min[i]));
        const auto m = r.no_car_mode[i];
        mode.values.push_back(m == stages::ModesResult::kNone ? model::Value{}
                                                              : model::Value{cfg.modes[m].id});
        far.values.emplace_back(static_cast<std::int64_t>(r.no_car_far[i]));
        hours.values.push_back(real(r.no_car_hours[i]));
        stop_hours.values.push_back(real(r.no_car_stop_hours[i]));
        note.values.emplace_back(said);
    }
}

void add_level_modes(model::Layer &layer, std::size_t areas,
                     const std::vector<std::ptrdiff_t> &area_of_commune,
                     const std::vector<double> &population, const stages::ModesSettings &cfg,
                     std::span<const double> car_thresholds, const stages::ModesResult &r) {
    if (!cfg.no_car.enabled) {
        return;
    }
    auto sum_where = [&](const std::vector<double> &people, auto &&beyond) {
        std::vector<double> out(areas, 0.0);
        for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
            const auto a = area_of_commune[i];
            if (a >= 0 && !std::isnan(people[i]) && beyond(i)) {
                out[static_cast<std::size_t>(a)] += people[i];
            }
        }
        return out;
    };
    auto add = [&](const std::string &name, const std::vector<double> &values) {
        auto &f = layer.add_field(name, model::FieldType::real);
        for (const double v : values) {
            f.values.emplace_back(v);
        }
    };
    // The population-weighted share of households without a car.
    std::vector<double> num(areas, 0.0), den(areas, 0.0);
    for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
        const auto a = area_of_commune[i];
        if (a >= 0 && !std::isnan(r.no_car_share[i]) && population[i] > 0) {
            num[static_cast<std::size_t>(a)] += r.no_car_share[i] * population[i];
            den[static_cast<std::size_t>(a)] += population[i];
        }
    }
    auto &share = layer.add_field("no_car_share", model::FieldType::real);
    for (std::size_t a = 0; a < areas; ++a) {
        share.values.push_back(den[a] > 0 ? model::Value{num[a] / den[a]} : model::Value{});
    }
    add("at_risk_no_car", sum_where(r.at_risk_no_car, [](std::size_t) { return true; }));
    add("at_risk_car", sum_where(r.at_risk_car, [](std::size_t) { return true; }));
    // NaN times (no place within reach) are beyond every threshold.
    for (const double t : car_thresholds) {
        add("at_risk_car_beyond_" + minutes_suffix(t),
            sum_where(r.at_risk_car, [&](std::size_t i) { return !(r.car_min[i] <= t); }));
    }
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        for (const double t : cfg.modes[k].thresholds_min) {
            add("at_risk_no_car_beyond_" + cfg.modes[k].id + "_" + minutes_suffix(t),
                sum_where(r.at_risk_no_car,
                          [&](std::size_t i) { return !(r.modes[k].commune_min[i] <= t); }));
        }
    }
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        const auto &never = r.modes[k].commune_no_visit_share;
        if (never.empty()) {
            continue;
        }
        std::vector<double> people(never.size(), 0.0);
        for (std::size_t i = 0; i < never.size(); ++i) {
            people[i] = std::isnan(never[i]) ? r.at_risk_no_car[i] : r.at_risk_no_car[i] * never[i];
        }
        add("at_risk_no_car_no_visit_" + cfg.modes[k].id,
            sum_where(people, [](std::size_t) { return true; }));
    }
    if (!r.modes.empty()) {
        add("at_risk_no_car_far",
            sum_where(r.at_risk_no_car, [&](std::size_t i) { return r.no_car_far[i] != 0; }));
    }
}

} // namespace hublo::outputs
