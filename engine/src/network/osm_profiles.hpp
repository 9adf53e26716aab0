// Which OpenStreetMap ways a profile (car, bike, walk) travels on, at what speed, in which
// directions. Pure functions of the tags, so that the rules are testable one by one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hublo::network {

/// A tag lookup: the value of a key, or nullptr.
using TagLookup = std::function<const char *(const char *key)>;

struct WayRule {
    bool usable = false;
    std::string reason; ///< why a way is not usable ("not_a_road", "access", ...)
    double speed_kmh = 0.0;
    bool forward = true; ///< along the way's node order
    bool backward = true;
};

enum class Profile { car, bike, walk };
Profile parse_profile(std::string_view name);

/// The rule for a way with these tags.
WayRule way_rule(Profile profile, const TagLookup &tag);

/// A maxspeed value in km/h: "50", "30 mph", "FR:urban" (50), "FR:rural" (80),
/// "FR:motorway" (130), "FR:zone30" (30), "walk" (6); nullopt for "none" or anything else.
std::optional<double> parse_maxspeed(std::string_view value);

} // namespace hublo::network
