// Opening hours of places of mediation, as the sources write them: the France Services list's
// day columns ("09:00 - 12:00 / 14:00 - 17:00", empty = closed) and the national schema's
// `horaires` in OpenStreetMap `opening_hours` syntax, of which the subset real files use is
// read (day ranges and lists, several time ranges, `off`, later rules replacing earlier days,
// `PH off`, `24/7`); anything else is reported, never guessed.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::places {

/// [from, to) in minutes since midnight; to may be 1440.
struct TimeRange {
    int from = 0;
    int to = 0;
};

/// A typical week: each day's disjoint, sorted open ranges, Monday first.
struct WeeklyHours {
    std::array<std::vector<TimeRange>, 7> days;

    [[nodiscard]] double hours_per_week() const;
    [[nodiscard]] int open_days() const;
    [[nodiscard]] bool opens_saturday() const;
    /// Open at some time after 17:00 on a weekday or Saturday.
    [[nodiscard]] bool opens_evening() const;
    /// The week in opening_hours syntax, days with equal hours grouped ("Mo-Fr 09:00-12:00").
    [[nodiscard]] std::string to_osm() const;
};

/// What reading one place's hours gave: the week, or why not, and the oddities met.
struct HoursRead {
    std::optional<WeeklyHours> hours; ///< none: no hours given, or unreadable (error says)
    std::string error;                ///< why the text could not be read, naming the part
    int placeholders = 0;             ///< "00:00 - 00:00" or empty ranges ignored
    int overlaps = 0;                 ///< overlapping or touching ranges merged
};

/// The six day columns of the France Services list, Monday to Saturday (no Sunday column).
/// All empty: no hours given (hours is empty, error too).
HoursRead read_france_services_days(const std::array<std::string_view, 6> &days);

/// An opening_hours value. Empty: no hours given.
HoursRead read_opening_hours(std::string_view text);

} // namespace hublo::places
