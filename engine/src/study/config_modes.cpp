// The study file's [no_car] and [[modes]]: who has no car, and how they travel.
#include "io/geojson_writer.hpp"
#include "study/config_section.hpp"

#include <cctype>

namespace hublo::study::detail {

void parse_no_car(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("no_car");
    if (!t) {
        return;
    }
    const Section s(
        *t, "[no_car]", pc.origin,
        {"share_column", "percent", "age_tilt", "tilt_sensitivity", "open_hours", "modes"});
    auto &n = cfg.modes.no_car;
    n.enabled = true;
    n.share_column = s.required_str("share_column");
    n.percent = s.boolean("percent", false);
    n.age_tilt = s.number("age_tilt", 1.0);
    if (!(n.age_tilt > 0 && n.age_tilt <= 10)) {
        s.fail("age_tilt", "must be above 0 (1: people at risk lack a car as often as "
                           "households do), e.g. 1.5");
    }
    n.open_hours = s.number("open_hours", 0.0);
    if (!(n.open_hours >= 0 && n.open_hours <= 168)) {
        s.fail("open_hours", "must be hours a week in [0, 168], e.g. 20");
    }
    if (s.has("modes")) {
        n.modes = s.str_list("modes");
    }
    if (s.has("tilt_sensitivity")) {
        n.tilt_sensitivity = s.number_list("tilt_sensitivity");
        for (const double v : n.tilt_sensitivity) {
            if (!(v > 0)) {
                s.fail("tilt_sensitivity", "holds tilts above 0, e.g. [1.0, 1.5, 2.0]");
            }
        }
    }
}

void parse_modes(const toml::table &root, const ParseContext &pc, StudyConfig &cfg) {
    std::set<std::string> ids;
    for_each_table_in_array(root, "modes", pc.origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[modes]] #" + std::to_string(i + 1), pc.origin,
                        {"id", "label", "speed_kmh", "circuity", "profile", "thresholds_min",
                         "time_min", "origin", "max_offroad_m", "transit"});
        stages::ModeSettings m;
        m.id = s.required_str("id");
        const bool word = !m.id.empty() && std::all_of(m.id.begin(), m.id.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) || c == '_';
        });
        if (!word || m.id == "car" || m.id == "no_car") {
            s.fail("id", "must be a lower-case word naming the fields (walk_min...), not \"car\" "
                         "(the [network]) nor \"no_car\", e.g. \"walk\"");
        }
        if (!ids.insert(m.id).second) {
            s.fail("id", "'" + m.id + "' is used twice");
        }
        m.label = s.str("label", m.id);
        m.transit = s.boolean("transit", false);
        if (m.transit) {
            if (cfg.modes.transit.feeds.empty()) {
                s.fail("transit", "needs a [transit] section with the GTFS feeds, e.g. feeds = "
                                  "[\"gtfs/remi.zip\"] and date = \"2026-03-10\"");
            }
            m.thresholds_min =
                s.has("thresholds_min") ? s.minutes_list("thresholds_min") : cfg.minutes;
            m.time_min = s.number("time_min", cfg.modes.transit.max_min);
            m.origin_at_place = s.str("origin", "place") == "place";
            cfg.modes.modes.push_back(std::move(m));
            return;
        }
        m.speed_kmh = s.number("speed_kmh", 0.0);
        if (!(m.speed_kmh > 0 && m.speed_kmh < 200)) {
            s.fail("speed_kmh", "must be a speed in km/h, e.g. 4.5 on foot, 15 by bike");
        }
        m.profile = s.str("profile");
        m.circuity = s.number("circuity", 0.0);
        if (!m.profile.empty()) {
            if (m.profile != "walk" && m.profile != "bike" && m.profile != "car") {
                s.fail("profile", "'" + m.profile +
                                      "' is not a profile of the OSM network; use \"walk\" or "
                                      "\"bike\"");
            }
            if (!cfg.network.enabled || cfg.network.format != "osm") {
                s.fail("profile",
                       "needs an OSM [network] (format = \"osm\") to read the "
                       "mode's ways from; this study's network has no footways or "
                       "cycleways: remove profile and give circuity (the network / "
                       "straight-line ratio measured with `hublo circuity`, e.g. circuity = 1.5)");
            }
            m.network = cfg.network;
            m.network.profile = m.profile;
            m.network.offroad_speed_kmh = m.speed_kmh;
        } else if (!s.has("circuity")) {
            s.fail("circuity", "is needed: the mode has no network (no profile), so its times "
                               "are the straight-line distance x circuity; measure it on real "
                               "streets with `hublo circuity`, e.g. circuity = 1.5");
        } else if (!(m.circuity >= 1.0 && m.circuity < 5.0)) {
            s.fail("circuity", "must be a ratio of distances in [1, 5), e.g. 1.5");
        }
        m.thresholds_min = s.has("thresholds_min") ? s.minutes_list("thresholds_min") : cfg.minutes;
        const auto origin = s.str("origin", "place");
        if (origin != "place" && origin != "point") {
            s.fail("origin", "must be \"place\" (people without a car of a commune with one "
                             "demand point and a place live at the place) or \"point\" (at "
                             "the commune's demand points, as the car)");
        }
        m.origin_at_place = origin == "place";
        m.max_offroad_m = s.number("max_offroad_m", m.max_offroad_m);
        if (!(m.max_offroad_m >= 0)) {
            s.fail("max_offroad_m", "must be metres >= 0, e.g. 100");
        }
        m.time_min = s.number("time_min", cfg.far_min);
        if (!(m.time_min > 0)) {
            s.fail("time_min", "must be a number of minutes above 0, e.g. 20");
        }
        cfg.modes.modes.push_back(std::move(m));
    });
    if (!cfg.modes.modes.empty() && !cfg.network.enabled) {
        throw Error(ErrorKind::input, pc.origin + ": [[modes]] need a [network] (the car's) and "
                                                  "the places it reaches");
    }
    for (const auto &id : cfg.modes.no_car.modes) {
        if (std::none_of(cfg.modes.modes.begin(), cfg.modes.modes.end(),
                         [&](const stages::ModeSettings &m) { return m.id == id; })) {
            throw Error(ErrorKind::input, pc.origin + ": [no_car] modes: '" + id +
                                              "' is not the id of a [[modes]] entry; give the "
                                              "ids of the modes people without a car use, e.g. "
                                              "[\"walk\"]");
        }
    }
    const auto &d = cfg.deserts;
    if (!cfg.modes.modes.empty() && cfg.modes.no_car.enabled && d.enabled && d.rule == "reasons" &&
        cfg.modes.no_car.open_hours != d.far_open_hours) {
        throw Error(
            ErrorKind::input,
            pc.origin + ": [no_car] open_hours (" + io::json_number(cfg.modes.no_car.open_hours) +
                ") differs from [deserts] far_open_hours (" + io::json_number(d.far_open_hours) +
                "): the desert rule weighs the people with and without a car against the "
                "same places; set both to the same hours a week");
    }
}

} // namespace hublo::study::detail
