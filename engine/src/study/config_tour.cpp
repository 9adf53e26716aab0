// [tour]: the travelling service whose route the study plans (stages/tour.hpp).
#include "places/hours.hpp"
#include "study/config_section.hpp"

namespace hublo::study::detail {

void parse_tour(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("tour");
    if (!t) {
        return;
    }
    const Section s(*t, "[tour]", pc.origin,
                    {"label", "depot", "hours", "weeks", "stop_minutes", "radius_min"});
    auto &g = cfg.tour;
    g.enabled = true;
    g.label = s.str("label", g.label);
    const auto *depot = t->get("depot");
    if (!depot) {
        s.fail("depot", "is needed: a place's \"source:record\" key (the sources column of "
                        "places.csv), e.g. \"france_services:1315\", or a point [lon, lat]");
    }
    if (const auto *key = depot->as_string()) {
        g.depot_place = key->get();
    } else if (const auto *a = depot->as_array();
               a && a->size() == 2 && (*a)[0].value<double>() && (*a)[1].value<double>()) {
        const double lon = *(*a)[0].value<double>(), lat = *(*a)[1].value<double>();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            s.fail("depot", "must be [lon, lat] in degrees (WGS84), e.g. [0.1816, 47.2102]");
        }
        g.depot_lonlat = std::pair{lon, lat};
    } else {
        s.fail("depot", "must be a place's \"source:record\" key or a point [lon, lat]");
    }
    g.hours = s.str("hours", g.hours);
    const auto read = places::read_opening_hours(g.hours);
    if (!read.hours) {
        s.fail("hours", "cannot be read (" + (read.error.empty() ? "empty" : read.error) +
                            "); write the working days and hours, e.g. \"Mo-Th 09:00-17:00\"");
    }
    g.weekdays.clear();
    for (int d = 0; d < 7; ++d) {
        const auto &ranges = read.hours->days[static_cast<std::size_t>(d)];
        if (ranges.empty()) {
            continue;
        }
        if (ranges.size() != 1 ||
            (!g.weekdays.empty() && (ranges[0].from != g.start_min || ranges[0].to != g.end_min))) {
            s.fail("hours", "must give every working day the same single range, e.g. "
                            "\"Mo-Th 09:00-17:00\" (the bus leaves and comes back in it)");
        }
        g.weekdays.push_back(d);
        g.start_min = ranges[0].from;
        g.end_min = ranges[0].to;
    }
    g.weeks = s.integer("weeks", g.weeks);
    g.stop_minutes = s.number("stop_minutes", g.stop_minutes);
    g.radius_min = s.number("radius_min", g.radius_min);
    if (g.weeks < 1 || g.weeks > 8) {
        s.fail("weeks", "must be 1 to 8: each stop is visited once every `weeks` weeks");
    }
    if (!(g.stop_minutes > 0) || !(g.stop_minutes < g.end_min - g.start_min)) {
        s.fail("stop_minutes", "must be above 0 and shorter than the working day of `hours`");
    }
    if (!(g.radius_min > 0)) {
        s.fail("radius_min", "must be a number of minutes above 0, e.g. 45");
    }
    if (!cfg.network.enabled) {
        throw Error(ErrorKind::input, pc.origin + ": [tour] needs a [network] to drive on");
    }
    if (!cfg.modes.no_car.enabled || cfg.modes.modes.empty()) {
        throw Error(ErrorKind::input,
                    pc.origin + ": [tour] needs [no_car] and at least one [[modes]]: the "
                                "service goes to the people at risk without a car far from "
                                "every place");
    }
}

} // namespace hublo::study::detail
