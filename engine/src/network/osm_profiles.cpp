#include "network/osm_profiles.hpp"

#include "hublo/error.hpp"

#include <charconv>
#include <cstring>
#include <map>

namespace hublo::network {

Profile parse_profile(std::string_view name) {
    if (name == "car") {
        return Profile::car;
    }
    if (name == "bike") {
        return Profile::bike;
    }
    if (name == "walk") {
        return Profile::walk;
    }
    throw Error(ErrorKind::input,
                "unknown profile '" + std::string(name) + "'; use \"car\", \"bike\" or \"walk\"");
}

std::optional<double> parse_maxspeed(std::string_view v) {
    static const std::map<std::string_view, double> kZones = {
        {"FR:urban", 50},  {"FR:rural", 80},   {"FR:motorway", 130},
        {"FR:zone30", 30}, {"FR:zone_30", 30}, {"FR:walk", 6},
        {"walk", 6},       {"FR:trunk", 110},  {"FR:living_street", 20}};
    if (auto it = kZones.find(v); it != kZones.end()) {
        return it->second;
    }
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || !(value > 0.0)) {
        return std::nullopt;
    }
    std::string_view unit(ptr, static_cast<std::size_t>(v.data() + v.size() - ptr));
    while (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
    }
    if (unit.empty() || unit == "km/h" || unit == "kmh") {
        return value;
    }
    if (unit == "mph") {
        return value * 1.609344;
    }
    return std::nullopt;
}

namespace {
bool is(const char *value, std::initializer_list<const char *> options) {
    if (!value) {
        return false;
    }
    for (const char *o : options) {
        if (std::strcmp(value, o) == 0) {
            return true;
        }
    }
    return false;
}

const std::map<std::string_view, double> &car_speeds() {
    // Typical free-flow speeds in France, km/h; maxspeed overrides them.
    static const std::map<std::string_view, double> speeds = {
        {"motorway", 110},     {"motorway_link", 60}, {"trunk", 90},        {"trunk_link", 50},
        {"primary", 70},       {"primary_link", 50},  {"secondary", 60},    {"secondary_link", 40},
        {"tertiary", 50},      {"tertiary_link", 40}, {"unclassified", 40}, {"residential", 30},
        {"living_street", 10}, {"service", 15},       {"road", 30}};
    return speeds;
}

const std::map<std::string_view, double> &bike_speeds() {
    static const std::map<std::string_view, double> speeds = {
        {"cycleway", 18},       {"primary", 18},       {"primary_link", 18},  {"secondary", 18},
        {"secondary_link", 18}, {"tertiary", 18},      {"tertiary_link", 18}, {"unclassified", 18},
        {"residential", 18},    {"living_street", 10}, {"service", 15},       {"road", 15},
        {"track", 12},          {"path", 12},          {"footway", 5},        {"pedestrian", 5}};
    return speeds;
}

const std::map<std::string_view, double> &walk_speeds() {
    static const std::map<std::string_view, double> speeds = {
        {"primary", 5},       {"primary_link", 5},  {"secondary", 5},    {"secondary_link", 5},
        {"tertiary", 5},      {"tertiary_link", 5}, {"unclassified", 5}, {"residential", 5},
        {"living_street", 5}, {"service", 5},       {"road", 5},         {"track", 5},
        {"path", 5},          {"footway", 5},       {"pedestrian", 5},   {"cycleway", 5},
        {"steps", 3},         {"bridleway", 5}};
    return speeds;
}

constexpr std::initializer_list<const char *> kNo = {"no", "private"};
constexpr std::initializer_list<const char *> kYes = {"yes",         "designated", "permissive",
                                                      "destination", "customers",  "delivery"};
} // namespace

WayRule way_rule(Profile profile, const TagLookup &tag) {
    WayRule rule;
    const char *highway = tag("highway");
    if (!highway) {
        rule.reason = "not_a_road";
        return rule;
    }
    if (is(tag("area"), {"yes"})) {
        rule.reason = "area";
        return rule;
    }
    const auto &speeds = profile == Profile::car    ? car_speeds()
                         : profile == Profile::bike ? bike_speeds()
                                                    : walk_speeds();
    auto it = speeds.find(highway);
    if (it == speeds.end()) {
        rule.reason = "class_not_in_profile";
        return rule;
    }
    // Access: the mode's own tag wins over the general one.
    const char *mode = profile == Profile::car
                           ? (tag("motor_vehicle") ? tag("motor_vehicle") : tag("motorcar"))
                       : profile == Profile::bike ? tag("bicycle")
                                                  : tag("foot");
    if (is(mode, kNo) || (!is(mode, kYes) && is(tag("access"), kNo))) {
        rule.reason = "access";
        return rule;
    }
    if (profile == Profile::car && is(tag("motor_vehicle"), kYes) == false &&
        is(tag("motorcar"), kYes) == false && is(tag("vehicle"), kNo)) {
        rule.reason = "access";
        return rule;
    }
    rule.speed_kmh = it->second;
    if (profile == Profile::car) {
        if (const char *ms = tag("maxspeed")) {
            if (auto v = parse_maxspeed(ms)) {
                rule.speed_kmh = *v;
            }
        }
    }
    // Directions.
    if (profile != Profile::walk) {
        const char *oneway = tag("oneway");
        if (profile == Profile::bike && tag("oneway:bicycle")) {
            oneway = tag("oneway:bicycle");
        }
        const bool implied = std::strcmp(highway, "motorway") == 0 ||
                             is(tag("junction"), {"roundabout", "circular"});
        if (is(oneway, {"reversible", "alternating"})) {
            rule.reason = "oneway_reversible";
            return rule;
        }
        if (is(oneway, {"-1", "reverse"})) {
            rule.forward = false;
        } else if (is(oneway, {"yes", "1", "true"}) || (implied && !is(oneway, {"no"}))) {
            rule.backward = false;
        }
        if (profile == Profile::bike && !rule.backward &&
            is(tag("cycleway"), {"opposite", "opposite_lane", "opposite_track"})) {
            rule.backward = true;
        }
    } else if (is(tag("oneway:foot"), {"yes"})) {
        rule.backward = false;
    }
    rule.usable = true;
    return rule;
}

} // namespace hublo::network
