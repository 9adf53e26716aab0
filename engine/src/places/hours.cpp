#include "places/hours.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cstdio>

namespace hublo::places {

namespace {

constexpr int kDay = 24 * 60;
constexpr int kEvening = 17 * 60;
constexpr std::array<const char *, 7> kOsmDays = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/// "09:00" or "9:00" -> minutes; 24:00 allowed (as an end).
std::optional<int> parse_time(std::string_view s) {
    s = io::trim(s);
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3) {
        return std::nullopt;
    }
    int h = 0, m = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == colon) {
            continue;
        }
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        (i < colon ? h : m) = (i < colon ? h : m) * 10 + (s[i] - '0');
    }
    if (m > 59 || h > 24 || (h == 24 && m != 0)) {
        return std::nullopt;
    }
    return h * 60 + m;
}

/// "09:00-12:00" (spaces allowed around the dash): the range, or an error.
std::optional<TimeRange> parse_range(std::string_view s, std::string &error) {
    const auto dash = s.find('-');
    const auto from = dash == std::string_view::npos ? std::nullopt : parse_time(s.substr(0, dash));
    const auto to = dash == std::string_view::npos ? std::nullopt : parse_time(s.substr(dash + 1));
    if (!from || !to) {
        error = "time range '" + std::string(io::trim(s)) + "' is not HH:MM-HH:MM";
        return std::nullopt;
    }
    if (*to < *from) {
        error = "time range '" + std::string(io::trim(s)) +
                "' ends before it starts (hours past midnight are not read)";
        return std::nullopt;
    }
    return TimeRange{*from, *to};
}

/// Sorted, disjoint ranges; empty ranges dropped. Counts the overlaps merged.
std::vector<TimeRange> normalise(std::vector<TimeRange> ranges, HoursRead &read) {
    std::erase_if(ranges, [&](const TimeRange &r) {
        if (r.to == r.from) {
            ++read.placeholders;
            return true;
        }
        return false;
    });
    std::sort(ranges.begin(), ranges.end(),
              [](const TimeRange &a, const TimeRange &b) { return a.from < b.from; });
    std::vector<TimeRange> out;
    for (const auto &r : ranges) {
        if (!out.empty() && r.from <= out.back().to) {
            if (r.from < out.back().to) {
                ++read.overlaps;
            }
            out.back().to = std::max(out.back().to, r.to);
        } else {
            out.push_back(r);
        }
    }
    return out;
}

bool any_open(const WeeklyHours &w) {
    return std::any_of(w.days.begin(), w.days.end(), [](const auto &d) { return !d.empty(); });
}

std::string hhmm(int minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

/// "Mo", "Mo-Fr", "Mo,We", "Mo-We,Fr", with "PH"/"SH" items: the days named (PH and SH add
/// none). nullopt when a token is not a day selector.
std::optional<std::array<bool, 7>> parse_days(std::string_view s, bool &holiday) {
    std::array<bool, 7> days{};
    auto day_index = [](std::string_view d) -> int {
        for (int k = 0; k < 7; ++k) {
            if (d == kOsmDays[static_cast<std::size_t>(k)]) {
                return k;
            }
        }
        return -1;
    };
    for (const std::string &item : io::split_list(s, ',')) {
        if (item == "PH" || item == "SH") {
            holiday = true;
            continue;
        }
        const auto dash = item.find('-');
        const int a = day_index(item.substr(0, dash));
        const int b = dash == std::string_view::npos ? a : day_index(item.substr(dash + 1));
        if (a < 0 || b < 0) {
            return std::nullopt;
        }
        for (int k = a;; k = (k + 1) % 7) { // Sa-Mo wraps over Sunday
            days[static_cast<std::size_t>(k)] = true;
            if (k == b) {
                break;
            }
        }
    }
    return days;
}

/// One rule of opening_hours ("Mo-Fr 09:00-12:00,14:00-17:00", "Th,Fr off", "PH off",
/// "09:00-12:00"), applied to `week`: the days it names get its ranges.
bool apply_rule(std::string_view rule, WeeklyHours &week, HoursRead &read) {
    std::array<bool, 7> days;
    days.fill(true);
    std::string_view times = rule;
    const auto space = rule.find(' ');
    bool holiday = false;
    const std::string_view head = rule.substr(0, space);
    if (const auto d = parse_days(head, holiday)) {
        days = *d;
        times = space == std::string_view::npos ? std::string_view() : io::trim(rule.substr(space));
        if (!std::any_of(days.begin(), days.end(), [](bool b) { return b; })) {
            return true; // holidays only: a typical week has none
        }
    }
    if (times == "off" || times == "closed") {
        for (std::size_t k = 0; k < 7; ++k) {
            if (days[k]) {
                week.days[k].clear();
            }
        }
        return true;
    }
    if (times.empty()) {
        read.error = "rule '" + std::string(rule) + "' has days but no hours";
        return false;
    }
    std::vector<TimeRange> ranges;
    for (const std::string &part : io::split_list(times, ',')) {
        const auto r = parse_range(part, read.error);
        if (!r) {
            read.error = "'" + std::string(rule) +
                         "' is not read (hublo reads days such as Mo-Fr or Mo,We with "
                         "HH:MM-HH:MM ranges, off, PH off and 24/7): " +
                         read.error;
            return false;
        }
        ranges.push_back(*r);
    }
    const auto merged = normalise(std::move(ranges), read);
    for (std::size_t k = 0; k < 7; ++k) {
        if (days[k]) {
            week.days[k] = merged;
        }
    }
    return true;
}

} // namespace

double WeeklyHours::hours_per_week() const {
    int minutes = 0;
    for (const auto &d : days) {
        for (const auto &r : d) {
            minutes += r.to - r.from;
        }
    }
    return minutes / 60.0;
}

int WeeklyHours::open_days() const {
    return static_cast<int>(
        std::count_if(days.begin(), days.end(), [](const auto &d) { return !d.empty(); }));
}

bool WeeklyHours::opens_saturday() const {
    return !days[5].empty();
}

bool WeeklyHours::opens_evening() const {
    for (std::size_t k = 0; k < 6; ++k) {
        for (const auto &r : days[k]) {
            if (r.to > kEvening) {
                return true;
            }
        }
    }
    return false;
}

std::string WeeklyHours::to_osm() const {
    auto same = [&](std::size_t a, std::size_t b) {
        if (days[a].size() != days[b].size()) {
            return false;
        }
        for (std::size_t i = 0; i < days[a].size(); ++i) {
            if (days[a][i].from != days[b][i].from || days[a][i].to != days[b][i].to) {
                return false;
            }
        }
        return true;
    };
    std::string out;
    for (std::size_t k = 0; k < 7;) {
        std::size_t end = k;
        while (end + 1 < 7 && same(k, end + 1)) {
            ++end;
        }
        if (!days[k].empty()) {
            out += out.empty() ? "" : "; ";
            out += kOsmDays[k];
            if (end > k) {
                out += std::string(end == k + 1 ? "," : "-") + kOsmDays[end];
            }
            out += ' ';
            for (std::size_t i = 0; i < days[k].size(); ++i) {
                out += (i ? "," : "") + hhmm(days[k][i].from) + "-" + hhmm(days[k][i].to);
            }
        }
        k = end + 1;
    }
    return out.empty() ? "off" : out;
}

HoursRead read_france_services_days(const std::array<std::string_view, 6> &days) {
    HoursRead read;
    WeeklyHours week;
    bool any_text = false;
    for (std::size_t k = 0; k < days.size(); ++k) {
        const auto text = io::trim(days[k]);
        if (text.empty()) {
            continue;
        }
        any_text = true;
        std::vector<TimeRange> ranges;
        for (const std::string &part : io::split_list(text, '/')) {
            std::string error;
            const auto r = parse_range(part, error);
            if (!r) {
                read.error = std::string(kOsmDays[k]) + " '" + std::string(text) + "': " + error;
                return read;
            }
            ranges.push_back(*r);
        }
        week.days[k] = normalise(std::move(ranges), read);
    }
    if (any_text && !any_open(week)) {
        read.error = "only placeholder hours (00:00 - 00:00)";
        return read;
    }
    if (any_text) {
        read.hours = week;
    }
    return read;
}

HoursRead read_opening_hours(std::string_view text) {
    HoursRead read;
    text = io::trim(text);
    if (text.empty()) {
        return read;
    }
    if (text == "24/7") {
        WeeklyHours week;
        week.days.fill({TimeRange{0, kDay}});
        read.hours = week;
        return read;
    }
    if (text.find("||") != std::string_view::npos || text.find('"') != std::string_view::npos) {
        read.error = "'" + std::string(text) + "' uses fallback rules or comments, not read";
        return read;
    }
    WeeklyHours week;
    for (const std::string &rule : io::split_list(text, ';')) {
        const auto r = io::trim(rule);
        if (!r.empty() && !apply_rule(r, week, read)) {
            return read;
        }
    }
    if (!any_open(week)) {
        read.error = "'" + std::string(text) + "' opens on no day";
        return read;
    }
    read.hours = week;
    return read;
}

} // namespace hublo::places
