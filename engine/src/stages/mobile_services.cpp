#include "stages/mobile_services.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace hublo::stages {

namespace {

using Tokens = std::vector<std::string>;

/// Words a place name may carry or drop ("Méry sur Cher", "Saint Georges/Arnon").
const std::set<std::string> kSmallWords = {"SUR", "SOUS", "EN", "LE",  "LA", "LES", "DE", "DU",
                                           "DES", "D",    "L",  "AUX", "AU", "S",   "A"};
constexpr std::array<const char *, 6> kWeekdays = {"LUNDI", "MARDI",    "MERCREDI",
                                                   "JEUDI", "VENDREDI", "SAMEDI"};
constexpr std::array<const char *, 6> kWeekdayNames = {"Monday",   "Tuesday", "Wednesday",
                                                       "Thursday", "Friday",  "Saturday"};

/// Name tokens: folded as name_key, St -> Saint, small words dropped.
Tokens tokens(std::string_view text) {
    Tokens out;
    for (auto &t : io::split_list(io::name_key(text), ' ')) {
        if (t == "ST") {
            t = "SAINT";
        } else if (t == "STE") {
            t = "SAINTE";
        }
        if (!kSmallWords.count(t)) {
            out.push_back(std::move(t));
        }
    }
    return out;
}

std::optional<int> weekday(const std::string &t) {
    for (int k = 0; k < 6; ++k) {
        const std::string d = kWeekdays[static_cast<std::size_t>(k)];
        if (t == d || t == d + "S") {
            return k;
        }
    }
    return std::nullopt;
}

/// 1ER, 1E, 1ERE, 2E, 2EME... -> 1, 2...
std::optional<int> ordinal(const std::string &t) {
    if (t.size() < 2 || !std::isdigit(static_cast<unsigned char>(t[0]))) {
        return std::nullopt;
    }
    const std::string rest = t.substr(1);
    if (rest == "ER" || rest == "E" || rest == "ERE" || rest == "EME") {
        return t[0] - '0';
    }
    return std::nullopt;
}

/// "9H", "12H", "16H30", "17H15" -> minutes.
std::optional<int> clock(const std::string &t) {
    const auto h = t.find('H');
    if (h == std::string::npos || h == 0 || h > 2) {
        return std::nullopt;
    }
    int hours = 0, minutes = 0;
    for (std::size_t i = 0; i < h; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
            return std::nullopt;
        }
        hours = hours * 10 + (t[i] - '0');
    }
    if (t.size() != h + 1 && t.size() != h + 3) {
        return std::nullopt;
    }
    for (std::size_t i = h + 1; i < t.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
            return std::nullopt;
        }
        minutes = minutes * 10 + (t[i] - '0');
    }
    return hours <= 24 && minutes < 60 ? std::optional<int>(hours * 60 + minutes) : std::nullopt;
}

std::string nth_name(int n) {
    static const std::array<const char *, 5> names = {"1st", "2nd", "3rd", "4th", "5th"};
    return n >= 1 && n <= 5 ? names[static_cast<std::size_t>(n - 1)] : std::to_string(n) + "th";
}

std::string hhmm(int minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

/// Words of calendars and sentences: a segment holding one names no place.
const std::set<std::string> kNotNames = {
    "CHAQUE",  "MOIS",       "SEMAINE",    "RENDEZ", "VOUS",    "MATIN",      "MIDI",
    "APRES",   "PERMANENCE", "OUVERTURE",  "SITES",  "ACCUEIL", "ITINERANCE", "BUS",
    "CONTACT", "COMMUNES",   "UNIQUEMENT", "JOUR",   "DERNIER"};

/// The free text cut where names are listed: commas, semicolons, colons, dashes between
/// spaces and " et ".
std::vector<std::string> segments(const std::string &text) {
    std::string s = text;
    // (" - " is no separator: "9h - 12h", "Sacierges st Martin - DERNIER JOUR".)
    for (const char *sep : {" – ", " et ", " ET "}) {
        for (auto at = s.find(sep); at != std::string::npos; at = s.find(sep, at + 1)) {
            s.replace(at, std::string(sep).size(), ",");
        }
    }
    for (char &c : s) {
        if (c == ';' || c == ':') {
            c = ',';
        }
    }
    return io::split_list(s, ',');
}

/// The communes of one département by their first name token.
struct Gazetteer {
    std::vector<Tokens> keys;
    std::vector<std::size_t> commune;
    std::multimap<std::string, std::size_t> by_first;
    std::vector<std::string> names; ///< for "closest commune"

    Gazetteer(const model::AreaSet &communes, const std::string &dep) {
        for (std::size_t i = 0; i < communes.size(); ++i) {
            if (communes.codes[i].compare(0, dep.size(), dep) != 0) {
                continue;
            }
            auto key = tokens(communes.names[i]);
            if (key.empty() || (key.size() == 1 && key[0].size() <= 2) || weekday(key[0])) {
                continue;
            }
            by_first.emplace(key[0], keys.size());
            keys.push_back(std::move(key));
            commune.push_back(i);
            names.push_back(communes.names[i]);
        }
    }
    /// The longest commune whose tokens start at t[at]; its index into keys.
    [[nodiscard]] std::optional<std::size_t> match(const Tokens &t, std::size_t at) const {
        std::optional<std::size_t> best;
        const auto [lo, hi] = by_first.equal_range(t[at]);
        for (auto it = lo; it != hi; ++it) {
            const auto &k = keys[it->second];
            if (at + k.size() <= t.size() && std::equal(k.begin(), k.end(), t.begin() + at) &&
                (!best || k.size() > keys[*best].size())) {
                best = it->second;
            }
        }
        return best;
    }
};

/// The hours of one weekday of the service.
double day_hours(const places::WeeklyHours &w, int day) {
    double minutes = 0;
    for (const auto &r : w.days[static_cast<std::size_t>(day)]) {
        minutes += r.to - r.from;
    }
    return minutes / 60.0;
}

constexpr double kWeeksPerMonth = 52.0 / 12.0;

/// Reads one service's text into stops (hours set where a calendar or times say).
MobileService read_service(const places::PlaceRecord &rec, const model::AreaSet &communes) {
    MobileService s;
    s.name = rec.name;
    s.format = rec.service_format;
    s.commune = rec.commune_code;
    const auto &week = rec.hours.hours;
    s.hours_per_week = week ? week->hours_per_week() : 0.0;
    const Gazetteer gaz(communes, rec.commune_code.substr(0, 2));
    std::set<std::size_t> seen;
    std::vector<bool> timed; // per stop: hours from its own calendar or times
    for (const auto &segment : segments(rec.comment)) {
        const Tokens t = tokens(segment);
        std::optional<int> day, nth;
        bool last_day = false;
        std::vector<int> clocks;
        bool matched = false;
        for (std::size_t i = 0; i < t.size();) {
            if (const auto m = gaz.match(t, i)) {
                matched = true;
                const auto c = gaz.commune[*m];
                if (seen.insert(c).second) {
                    MobileService::Stop stop;
                    stop.commune = communes.codes[c];
                    stop.name = communes.names[c];
                    double hours = 0;
                    if (clocks.size() >= 2 && clocks[1] > clocks[0]) {
                        hours = (clocks[1] - clocks[0]) / 60.0;
                        stop.schedule = hhmm(clocks[0]) + "-" + hhmm(clocks[1]);
                    } else if (day && week) {
                        hours = day_hours(*week, *day);
                    } else if (last_day && week) {
                        hours = s.hours_per_week / 5.0;
                    }
                    if (day || last_day) {
                        const std::string d =
                            last_day ? "last day" : kWeekdayNames[static_cast<std::size_t>(*day)];
                        stop.schedule =
                            (nth || last_day)
                                ? (last_day ? "last day of the month"
                                            : nth_name(*nth) + " " + d + " of the month")
                                : d + "s" + (stop.schedule.empty() ? "" : ", " + stop.schedule);
                    }
                    if ((nth || last_day) && hours > 0) {
                        hours /= kWeeksPerMonth;
                    }
                    stop.hours_per_week = hours;
                    timed.push_back(hours > 0);
                    s.stops.push_back(std::move(stop));
                }
                i += gaz.keys[*m].size();
                day.reset();
                nth.reset();
                last_day = false;
                clocks.clear();
                continue;
            }
            if (const auto d = weekday(t[i])) {
                day = d;
            } else if (const auto o = ordinal(t[i])) {
                nth = o;
            } else if (t[i] == "DERNIER") {
                last_day = true;
            } else if (const auto m = clock(t[i])) {
                clocks.push_back(*m);
            }
            ++i;
        }
        // A segment that matched nothing and, calendar words aside, is a short name (no
        // sentence word such as "rendez-vous", "bus", "communes"): reported.
        std::size_t name_words = 0;
        bool sentence = false;
        for (const auto &w : t) {
            sentence = sentence || kNotNames.count(w) > 0;
            name_words += weekday(w) || ordinal(w) || clock(w) ||
                                  std::isdigit(static_cast<unsigned char>(w[0]))
                              ? 0
                              : 1;
        }
        if (!matched && !sentence && name_words > 0 && name_words <= 4) {
            const auto near = io::closest(segment, gaz.names);
            s.unmatched.push_back(std::string(io::trim(segment)) +
                                  (near.empty() ? " (no commune of the département is close)"
                                                : " (closest commune: " + near + ")"));
        }
    }
    // Stops without their own hours share what the timed ones leave, with the names not
    // matched (whose share stays at the base).
    double timed_hours = 0;
    std::size_t untimed = 0;
    for (std::size_t k = 0; k < s.stops.size(); ++k) {
        timed_hours += timed[k] ? s.stops[k].hours_per_week : 0.0;
        untimed += timed[k] ? 0 : 1;
    }
    const double rest = std::max(0.0, s.hours_per_week - timed_hours);
    const std::size_t sharing = untimed + s.unmatched.size();
    for (std::size_t k = 0; k < s.stops.size(); ++k) {
        if (!timed[k]) {
            s.stops[k].hours_per_week = sharing ? rest / static_cast<double>(sharing) : 0.0;
            s.stops[k].schedule =
                "an equal share of the service's hours (1/" + std::to_string(sharing) + ")";
        }
    }
    double given = 0;
    for (const auto &stop : s.stops) {
        given += stop.hours_per_week;
    }
    s.base_hours = std::max(0.0, s.hours_per_week - given);
    return s;
}

} // namespace

bool is_mobile_format(const std::string &format) {
    return format == "Bus_équivalent" || format == "Itinérante" || format == "Multisites";
}

std::vector<places::PlaceRecord> expand_mobile_services(std::vector<places::PlaceRecord> records,
                                                        const model::AreaSet &communes,
                                                        std::vector<MobileService> &services,
                                                        core::IssueLog &log) {
    std::vector<places::PlaceRecord> out;
    for (auto &rec : records) {
        if (!is_mobile_format(rec.service_format) || !rec.hours.hours ||
            rec.commune_code.size() < 2) {
            out.push_back(std::move(rec));
            continue;
        }
        MobileService s = read_service(rec, communes);
        for (const auto &u : s.unmatched) {
            log.add("mobile_stop_unmatched",
                    "places named by a mobile or multi-site service that are no commune of its "
                    "département (their share of its hours stays at its base)",
                    rec.name + ": " + u);
        }
        if (s.stops.empty()) {
            log.add("mobile_service_without_stops",
                    "mobile or multi-site services whose text names no commune: kept whole at "
                    "their base",
                    rec.name);
            services.push_back(std::move(s));
            out.push_back(std::move(rec));
            continue;
        }
        bool base_is_stop = false;
        for (std::size_t k = 0; k < s.stops.size(); ++k) {
            const auto &stop = s.stops[k];
            places::PlaceRecord p = rec;
            p.record_id = rec.record_id + "#" + std::to_string(k + 1);
            p.name = rec.name + " – " + stop.name;
            p.commune_code = stop.commune;
            p.commune_name = stop.name;
            p.address.clear();
            p.postcode.clear();
            const bool at_base = stop.commune == rec.commune_code;
            base_is_stop = base_is_stop || at_base;
            if (!at_base) {
                p.lonlat.reset(); // placed at the commune's point on surface
            }
            p.stop_hours = stop.hours_per_week + (at_base ? s.base_hours : 0.0);
            p.stop_schedule = stop.schedule;
            p.service = rec.name;
            out.push_back(std::move(p));
        }
        if (!base_is_stop && s.base_hours > 0) {
            places::PlaceRecord p = rec;
            p.stop_hours = s.base_hours;
            p.stop_schedule = "the service's hours no stop read takes, at its base";
            p.service = rec.name;
            out.push_back(std::move(p));
        }
        services.push_back(std::move(s));
    }
    return out;
}

} // namespace hublo::stages
