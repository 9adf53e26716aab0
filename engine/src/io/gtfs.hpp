// GTFS feeds (https://gtfs.org/schedule/reference/): a .zip or a folder of the .txt files,
// read into plain records, and the timetable of one service day.
//
// Read: agency, stops, routes, trips, stop_times, calendar, calendar_dates, frequencies and
// transfers (the last two optional). Real feeds' defects are errors naming the file, the line
// and the fix when nothing sensible can be read (a required file or column missing, a time
// that is not H:MM:SS, a duplicate stop_id, an unreadable zip, no service on the date), and
// counted warnings with examples otherwise (trips without times, times going backwards,
// stops without coordinates, unknown stops or services, untimed stops interpolated,
// frequency-based trips without exact times expanded as scheduled). Text: UTF-8 with or
// without BOM, RFC 4180 quoting (io/csv). Files inside one folder of the zip are found too.
#pragma once

#include "hublo/algorithms/transit/raptor.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace hublo::io::gtfs {

struct Stop {
    std::string id, name;
    double lon = 0, lat = 0;
    bool located = false; ///< has coordinates
};

struct TripRecord {
    std::string id, route_id, service_id;
    std::vector<std::uint32_t> stops;
    std::vector<std::int32_t> arrival, departure; ///< seconds since the service day's midnight
};

struct Service {
    std::array<bool, 7> days{}; ///< Monday first
    int start = 0, end = 0;     ///< days since 1970-01-01, inclusive; none: 0, -1
    bool has_calendar = false;
    std::map<int, int> exceptions; ///< day -> 1 added, 2 removed
};

struct Frequency {
    std::uint32_t trip = 0; ///< into trips
    std::int32_t start_s = 0, end_s = 0, headway_s = 0;
    bool exact = false;
};

struct Transfer {
    std::uint32_t from = 0, to = 0;
    std::int32_t seconds = 0;
};

/// A defect met and counted: what it is, how many, a few examples ("stop_times.txt line 12").
struct Warning {
    std::string key, message;
    std::size_t count = 0;
    std::vector<std::string> examples;
};

struct Feed {
    std::string source; ///< the path, for messages
    std::size_t agencies = 0, routes = 0;
    std::vector<Stop> stops; ///< boarding stops (location_type 0 or empty)
    std::vector<TripRecord> trips;
    std::unordered_map<std::string, Service> services;
    std::vector<Frequency> frequencies;
    std::vector<Transfer> transfers;
    std::vector<Warning> warnings;
    int first_day = 0, last_day = -1; ///< the days the calendars cover (days since 1970-01-01)
};

/// Reads a feed from a .zip or a folder. Throws hublo::Error (input) naming the file.
Feed read_feed(const std::filesystem::path &path);

/// The same from the files' bytes (name -> contents: "stops.txt"...), the fuzzer's entry.
Feed parse_feed(const std::map<std::string, std::string> &files, const std::string &source);

/// Days since 1970-01-01 of a YYYYMMDD date or "YYYY-MM-DD"; throws std::invalid_argument.
int parse_date(const std::string &text);
/// "2026-03-10" of a day number.
std::string format_date(int day);
/// 0 = Monday ... 6 = Sunday.
int weekday(int day);

/// The trips running on `day`: the services active that day with their times, and the part
/// after midnight of those of the day before (times - 24 h); frequency-based trips expanded
/// into one trip per headway. `active_services` (out) counts the services running that day.
std::vector<algorithms::transit::Trip> trips_on(const Feed &feed, int day,
                                                std::size_t *active_services = nullptr);

} // namespace hublo::io::gtfs
