// [transit]: public transport timetables and the visit they allow (stages/transit.hpp).
#include "places/hours.hpp"
#include "study/config_section.hpp"

#include <cmath>
#include <cstdio>

namespace hublo::study::detail {

namespace {
/// "08:30" -> seconds; -1 when not a time of day (up to 30:00, past midnight).
std::int32_t clock_s(const std::string &v) {
    int h = -1, m = -1;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 30 || m < 0 ||
        m > 59) {
        return -1;
    }
    return h * 3600 + m * 60;
}

/// "08:00-10:00" -> [from, to] seconds.
std::pair<std::int32_t, std::int32_t> clock_range(const Section &s, std::string_view key,
                                                  const std::string &fallback) {
    const auto v = s.str(key, fallback);
    const auto dash = v.find('-');
    const std::int32_t a = dash == std::string::npos ? -1 : clock_s(v.substr(0, dash));
    const std::int32_t b = dash == std::string::npos ? -1 : clock_s(v.substr(dash + 1));
    if (a < 0 || b < a) {
        s.fail(key, "must be a range of departure times \"HH:MM-HH:MM\", e.g. \"08:00-10:00\"");
    }
    return {a, b};
}
} // namespace

void parse_transit(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("transit");
    if (!t) {
        return;
    }
    const Section s(*t, "[transit]", pc.origin,
                    {"feeds", "date", "window", "percentile", "percentiles", "day", "back_by",
                     "visit_min", "max_min", "max_transfers", "walk_kmh", "walk_circuity",
                     "access_m", "transfer_m", "unknown_hours"});
    auto &g = cfg.modes.transit;
    if (!s.has("feeds")) {
        s.fail("feeds", "is needed: the GTFS feeds, .zip or folders, e.g. [\"gtfs/remi.zip\"]");
    }
    for (const auto &f : s.str_list("feeds")) {
        g.feeds.push_back(resolve(pc.base_dir, f));
    }
    if (g.feeds.empty()) {
        s.fail("feeds", "names no feed; give at least one, e.g. [\"gtfs/remi.zip\"]");
    }
    g.date = s.required_str("date");
    std::tie(g.window_from_s, g.window_to_s) = clock_range(s, "window", "08:00-10:00");
    std::tie(g.day_from_s, g.day_to_s) = clock_range(s, "day", "06:00-19:00");
    const auto back = s.str("back_by", "20:00");
    g.back_by_s = clock_s(back);
    if (g.back_by_s < 0) {
        s.fail("back_by", "must be a time of day \"HH:MM\", e.g. \"20:00\"");
    }
    g.percentile = s.number("percentile", g.percentile);
    if (!(g.percentile > 0 && g.percentile <= 100)) {
        s.fail("percentile", "must be within (0, 100], e.g. 50 (the median departure)");
    }
    if (s.has("percentiles")) {
        g.percentiles = s.number_list("percentiles");
        for (const double q : g.percentiles) {
            if (!(q >= 0 && q <= 100) || q != std::round(q)) {
                s.fail("percentiles", "holds whole percentiles within 0..100 (0: the best "
                                      "departure), e.g. [0, 90]");
            }
        }
    }
    g.visit_min = s.number("visit_min", g.visit_min);
    g.max_min = s.number("max_min", g.max_min);
    if (!(g.visit_min >= 0 && g.visit_min < 600) || !(g.max_min > 0 && g.max_min < 600)) {
        s.fail(!(g.visit_min >= 0 && g.visit_min < 600) ? "visit_min" : "max_min",
               "must be minutes, e.g. visit_min = 30, max_min = 60");
    }
    g.max_transfers = s.integer("max_transfers", g.max_transfers);
    if (g.max_transfers < 0 || g.max_transfers > 8) {
        s.fail("max_transfers", "must be within 0..8, e.g. 3");
    }
    g.walk_kmh = s.number("walk_kmh", g.walk_kmh);
    g.walk_circuity = s.number("walk_circuity", g.walk_circuity);
    g.access_m = s.number("access_m", g.access_m);
    g.transfer_m = s.number("transfer_m", g.transfer_m);
    if (!(g.walk_kmh > 0 && g.walk_kmh < 30) || !(g.walk_circuity >= 1 && g.walk_circuity < 5)) {
        s.fail("walk_kmh", "and walk_circuity must be a walking speed and a ratio >= 1, e.g. 4.5 "
                           "and 1.5");
    }
    if (!(g.access_m >= 0 && g.access_m <= 5000) || !(g.transfer_m >= 0 && g.transfer_m <= 2000)) {
        s.fail("access_m", "must be metres within 0..5000 (transfer_m within 0..2000), e.g. 1000");
    }
    g.unknown_hours = s.str("unknown_hours", g.unknown_hours);
    if (!g.unknown_hours.empty() && !places::read_opening_hours(g.unknown_hours).hours) {
        s.fail("unknown_hours", "cannot be read; write opening_hours, e.g. \"Mo-Fr "
                                "09:00-12:00,14:00-17:00\", or \"\" to leave such places out");
    }
}

} // namespace hublo::study::detail
