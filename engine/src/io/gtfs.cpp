#include "io/gtfs.hpp"

#include "core/issue_log.hpp"
#include "hublo/error.hpp"
#include "io/csv.hpp"

#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <set>
#include <stdexcept>

namespace hublo::io::gtfs {

namespace {
namespace transit = algorithms::transit;

const std::set<std::string> kFiles = {"agency.txt",         "stops.txt",       "routes.txt",
                                      "trips.txt",          "stop_times.txt",  "calendar.txt",
                                      "calendar_dates.txt", "frequencies.txt", "transfers.txt"};

struct Reader {
    Feed &feed;
    std::map<std::string, Warning> warnings;

    void warn(const std::string &key, const std::string &message, const std::string &example) {
        auto &w = warnings[key];
        w.key = key;
        w.message = message;
        ++w.count;
        core::keep_example(w.examples, example);
    }
    [[noreturn]] void fail(const std::string &file, std::size_t line, const std::string &what) {
        throw Error(ErrorKind::data, feed.source + ": " + file +
                                         (line ? " line " + std::to_string(line) : "") + ": " +
                                         what);
    }
};

/// A table's cell, "" when the column is absent.
struct Rows {
    const CsvTable &t;
    std::string file;
    std::size_t col(const std::string &name, bool required, Reader &r) const {
        const auto c = t.column(name);
        if (!c) {
            if (required) {
                r.fail(file, 0,
                       "the required column " + name +
                           " is missing (GTFS reference); "
                           "check the header line");
            }
            return SIZE_MAX;
        }
        return *c;
    }
    static std::string cell(const std::vector<std::string> &row, std::size_t c) {
        if (c == SIZE_MAX || c >= row.size()) {
            return {};
        }
        std::string v = row[c];
        const auto b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    }
};

/// "H:MM:SS" (hours past 24 allowed); -1: empty.
std::int32_t parse_time(const std::string &v, Reader &r, const std::string &file,
                        std::size_t line) {
    if (v.empty()) {
        return -1;
    }
    int h = 0, m = 0, s = 0;
    const char *p = v.data(), *end = v.data() + v.size();
    auto num = [&](int &out, int max_digits) {
        const char *start = p;
        auto res = std::from_chars(p, end, out);
        if (res.ec != std::errc() || res.ptr == start || res.ptr - start > max_digits) {
            return false;
        }
        p = res.ptr;
        return true;
    };
    const bool ok = num(h, 3) && p < end && *p++ == ':' && num(m, 2) && p < end && *p++ == ':' &&
                    num(s, 2) && p == end && m < 60 && s < 60 && h < 48;
    if (!ok) {
        r.fail(file, line, "'" + v + "' is not a time H:MM:SS (hours may pass 24, up to 47)");
    }
    return h * 3600 + m * 60 + s;
}

int days_from_civil(int y, int m, int d) { // H. Hinnant's algorithm
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int file_date(const std::string &v, Reader &r, const std::string &file, std::size_t line) {
    try {
        return parse_date(v);
    } catch (const std::invalid_argument &) {
        r.fail(file, line, "'" + v + "' is not a date YYYYMMDD");
    }
}

void read_stops(const CsvTable &t, Reader &r, std::unordered_map<std::string, std::uint32_t> &idx) {
    const Rows rows{t, "stops.txt"};
    const auto id = rows.col("stop_id", true, r), name = rows.col("stop_name", false, r);
    const auto lat = rows.col("stop_lat", false, r), lon = rows.col("stop_lon", false, r);
    const auto type = rows.col("location_type", false, r);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto &row = t.rows[i];
        const auto sid = Rows::cell(row, id), kind = Rows::cell(row, type);
        if (sid.empty()) {
            r.fail("stops.txt", t.row_line[i], "a stop without stop_id");
        }
        if (!kind.empty() && kind != "0") {
            continue; // stations, entrances, nodes: not where a vehicle stops
        }
        Stop s;
        s.id = sid;
        s.name = Rows::cell(row, name);
        const auto la = Rows::cell(row, lat), lo = Rows::cell(row, lon);
        char *e1 = nullptr, *e2 = nullptr;
        s.lat = std::strtod(la.c_str(), &e1);
        s.lon = std::strtod(lo.c_str(), &e2);
        s.located = !la.empty() && !lo.empty() && *e1 == 0 && *e2 == 0 && std::isfinite(s.lat) &&
                    std::isfinite(s.lon) && std::abs(s.lat) <= 90 && std::abs(s.lon) <= 180 &&
                    !(s.lat == 0 && s.lon == 0);
        if (!s.located) {
            r.warn("gtfs_stop_unlocated",
                   "stops without usable coordinates (no walk reaches them; vehicles still pass)",
                   "stops.txt line " + std::to_string(t.row_line[i]) + " (" + sid + ")");
        }
        if (!idx.emplace(sid, static_cast<std::uint32_t>(r.feed.stops.size())).second) {
            r.fail("stops.txt", t.row_line[i],
                   "stop_id '" + sid + "' is used twice; each stop needs its own id");
        }
        r.feed.stops.push_back(std::move(s));
    }
}

void read_calendars(const std::map<std::string, CsvTable> &tables, Reader &r) {
    auto &f = r.feed;
    int first = INT32_MAX, last = INT32_MIN;
    if (const auto it = tables.find("calendar.txt"); it != tables.end()) {
        const auto &t = it->second;
        const Rows rows{t, "calendar.txt"};
        const std::array<std::string, 7> names = {"monday", "tuesday",  "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};
        std::array<std::size_t, 7> cols{};
        for (int d = 0; d < 7; ++d) {
            cols[d] = rows.col(names[d], true, r);
        }
        const auto id = rows.col("service_id", true, r), from = rows.col("start_date", true, r),
                   to = rows.col("end_date", true, r);
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            auto &s = f.services[Rows::cell(t.rows[i], id)];
            s.has_calendar = true;
            for (int d = 0; d < 7; ++d) {
                s.days[d] = Rows::cell(t.rows[i], cols[d]) == "1";
            }
            s.start = file_date(Rows::cell(t.rows[i], from), r, "calendar.txt", t.row_line[i]);
            s.end = file_date(Rows::cell(t.rows[i], to), r, "calendar.txt", t.row_line[i]);
            first = std::min(first, s.start);
            last = std::max(last, s.end);
        }
    }
    if (const auto it = tables.find("calendar_dates.txt"); it != tables.end()) {
        const auto &t = it->second;
        const Rows rows{t, "calendar_dates.txt"};
        const auto id = rows.col("service_id", true, r), date = rows.col("date", true, r),
                   type = rows.col("exception_type", true, r);
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const int day =
                file_date(Rows::cell(t.rows[i], date), r, "calendar_dates.txt", t.row_line[i]);
            const auto kind = Rows::cell(t.rows[i], type);
            if (kind != "1" && kind != "2") {
                r.fail("calendar_dates.txt", t.row_line[i],
                       "exception_type must be 1 (added) or 2 (removed), not '" + kind + "'");
            }
            f.services[Rows::cell(t.rows[i], id)].exceptions[day] = kind == "1" ? 1 : 2;
            first = std::min(first, day);
            last = std::max(last, day);
        }
    }
    if (first <= last) {
        f.first_day = first;
        f.last_day = last;
    }
}

void read_trips(const CsvTable &trips, const CsvTable &times, Reader &r,
                const std::unordered_map<std::string, std::uint32_t> &stop_idx,
                std::unordered_map<std::string, std::uint32_t> &trip_idx) {
    auto &f = r.feed;
    std::set<std::string> never; // trips of an unknown service: their times are not needed
    {
        const Rows rows{trips, "trips.txt"};
        const auto id = rows.col("trip_id", true, r), route = rows.col("route_id", true, r),
                   service = rows.col("service_id", true, r);
        for (std::size_t i = 0; i < trips.rows.size(); ++i) {
            TripRecord t;
            t.id = Rows::cell(trips.rows[i], id);
            t.route_id = Rows::cell(trips.rows[i], route);
            t.service_id = Rows::cell(trips.rows[i], service);
            if (!f.services.count(t.service_id)) {
                r.warn("gtfs_unknown_service",
                       "trips whose service_id is in neither calendar.txt nor calendar_dates.txt "
                       "(never running)",
                       "trips.txt line " + std::to_string(trips.row_line[i]) + " (" + t.id + ")");
                never.insert(t.id);
                continue;
            }
            if (!trip_idx.emplace(t.id, static_cast<std::uint32_t>(f.trips.size())).second) {
                r.fail("trips.txt", trips.row_line[i],
                       "trip_id '" + t.id + "' is used twice; each trip needs its own id");
            }
            f.trips.push_back(std::move(t));
        }
    }
    const Rows rows{times, "stop_times.txt"};
    const auto trip = rows.col("trip_id", true, r), stop = rows.col("stop_id", true, r),
               seq = rows.col("stop_sequence", true, r), arr = rows.col("arrival_time", true, r),
               dep = rows.col("departure_time", true, r);
    struct Row {
        std::uint32_t trip;
        long seq;
        std::uint32_t stop;
        std::int32_t arr, dep;
        std::size_t line;
    };
    std::vector<Row> all;
    std::set<std::uint32_t> broken;
    for (std::size_t i = 0; i < times.rows.size(); ++i) {
        const auto &row = times.rows[i];
        const auto line = times.row_line[i];
        const auto t = trip_idx.find(Rows::cell(row, trip));
        if (t == trip_idx.end() && never.count(Rows::cell(row, trip))) {
            continue;
        }
        if (t == trip_idx.end()) {
            r.warn("gtfs_times_unknown_trip", "stop times of trips not in trips.txt (ignored)",
                   "stop_times.txt line " + std::to_string(line));
            continue;
        }
        const auto s = stop_idx.find(Rows::cell(row, stop));
        if (s == stop_idx.end()) {
            r.warn("gtfs_unknown_stop",
                   "trips calling at a stop_id not in stops.txt as a stop (trip left out)",
                   "stop_times.txt line " + std::to_string(line) + " (" + Rows::cell(row, stop) +
                       ")");
            broken.insert(t->second);
            continue;
        }
        const auto sq = Rows::cell(row, seq);
        char *end = nullptr;
        const long n = std::strtol(sq.c_str(), &end, 10);
        if (sq.empty() || *end != 0 || n < 0) {
            r.fail("stop_times.txt", line, "stop_sequence '" + sq + "' is not a whole number >= 0");
        }
        std::int32_t a = parse_time(Rows::cell(row, arr), r, "stop_times.txt", line);
        std::int32_t d = parse_time(Rows::cell(row, dep), r, "stop_times.txt", line);
        if (a < 0) {
            a = d;
        }
        if (d < 0) {
            d = a;
        }
        all.push_back({t->second, n, s->second, a, d, line});
    }
    std::stable_sort(all.begin(), all.end(), [](const Row &x, const Row &y) {
        return std::tie(x.trip, x.seq) < std::tie(y.trip, y.seq);
    });
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].trip == all[i].trip) {
            ++j;
        }
        auto &t = f.trips[all[i].trip];
        for (std::size_t k = i; k < j; ++k) {
            t.stops.push_back(all[k].stop);
            t.arrival.push_back(all[k].arr);
            t.departure.push_back(all[k].dep);
        }
        i = j;
    }
    // Untimed stops between timed ones: times interpolated by the order of the stops.
    for (std::uint32_t k = 0; k < f.trips.size(); ++k) {
        auto &t = f.trips[k];
        const std::string example = "trip " + t.id;
        if (broken.count(k)) {
            t.stops.clear();
            continue;
        }
        if (t.stops.size() < 2) {
            r.warn("gtfs_trip_without_times", "trips with fewer than two stop times (left out)",
                   example);
            t.stops.clear();
            continue;
        }
        const std::size_t n = t.stops.size();
        if (t.arrival.front() < 0 || t.arrival.back() < 0) {
            r.warn("gtfs_trip_untimed_ends",
                   "trips without a time at their first or last stop (left out)", example);
            t.stops.clear();
            continue;
        }
        bool interpolated = false;
        for (std::size_t a = 0; a + 1 < n;) {
            std::size_t b = a + 1;
            while (t.arrival[b] < 0) {
                ++b;
            }
            for (std::size_t m = a + 1; m < b; ++m) {
                const double share = static_cast<double>(m - a) / static_cast<double>(b - a);
                t.arrival[m] = t.departure[m] = static_cast<std::int32_t>(
                    std::lround(t.departure[a] + share * (t.arrival[b] - t.departure[a])));
                interpolated = true;
            }
            a = b;
        }
        if (interpolated) {
            r.warn("gtfs_times_interpolated",
                   "trips with untimed stops, times interpolated between the timed ones (a "
                   "stand-in: by the order of the stops, not their distance)",
                   example);
        }
        bool backwards = false;
        for (std::size_t m = 0; m < n; ++m) {
            backwards = backwards || t.departure[m] < t.arrival[m] ||
                        (m > 0 && t.arrival[m] < t.departure[m - 1]);
        }
        if (backwards) {
            r.warn("gtfs_times_backwards", "trips whose times go backwards (left out)", example);
            t.stops.clear();
        }
    }
}

void read_frequencies_transfers(const std::map<std::string, CsvTable> &tables, Reader &r,
                                const std::unordered_map<std::string, std::uint32_t> &stop_idx,
                                const std::unordered_map<std::string, std::uint32_t> &trip_idx) {
    auto &f = r.feed;
    if (const auto it = tables.find("frequencies.txt"); it != tables.end()) {
        const auto &t = it->second;
        const Rows rows{t, "frequencies.txt"};
        const auto trip = rows.col("trip_id", true, r), from = rows.col("start_time", true, r),
                   to = rows.col("end_time", true, r), head = rows.col("headway_secs", true, r),
                   exact = rows.col("exact_times", false, r);
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const auto &row = t.rows[i];
            const auto line = t.row_line[i];
            const auto k = trip_idx.find(Rows::cell(row, trip));
            if (k == trip_idx.end()) {
                r.warn("gtfs_frequency_unknown_trip", "frequencies of trips not in trips.txt",
                       "frequencies.txt line " + std::to_string(line));
                continue;
            }
            Frequency q;
            q.trip = k->second;
            q.start_s = parse_time(Rows::cell(row, from), r, "frequencies.txt", line);
            q.end_s = parse_time(Rows::cell(row, to), r, "frequencies.txt", line);
            const auto h = Rows::cell(row, head);
            const long headway = std::strtol(h.c_str(), nullptr, 10);
            q.headway_s = static_cast<std::int32_t>(std::clamp(headway, 0L, 86400L));
            if (q.headway_s <= 0 || q.start_s < 0 || q.end_s < q.start_s) {
                r.fail("frequencies.txt", line,
                       "needs start_time <= end_time and headway_secs > 0");
            }
            q.exact = Rows::cell(row, exact) == "1";
            if (!q.exact) {
                r.warn("gtfs_frequency_inexact",
                       "frequency-based lines without exact times, run as if leaving exactly "
                       "every headway from start_time (a stand-in for 'about every headway')",
                       "frequencies.txt line " + std::to_string(line));
            }
            f.frequencies.push_back(q);
        }
    }
    if (const auto it = tables.find("transfers.txt"); it != tables.end()) {
        const auto &t = it->second;
        const Rows rows{t, "transfers.txt"};
        const auto from = rows.col("from_stop_id", true, r), to = rows.col("to_stop_id", true, r),
                   type = rows.col("transfer_type", false, r),
                   min = rows.col("min_transfer_time", false, r);
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const auto &row = t.rows[i];
            const auto a = stop_idx.find(Rows::cell(row, from)),
                       b = stop_idx.find(Rows::cell(row, to));
            const auto kind = Rows::cell(row, type);
            if (a == stop_idx.end() || b == stop_idx.end() || kind == "3" || a == b) {
                continue; // stations, forbidden transfers, same stop: nothing to walk
            }
            const long wait = std::strtol(Rows::cell(row, min).c_str(), nullptr, 10);
            f.transfers.push_back(
                {a->second, b->second, static_cast<std::int32_t>(std::clamp(wait, 0L, 86400L))});
        }
    }
}
} // namespace

int parse_date(const std::string &text) {
    std::string digits;
    for (const char c : text) {
        if (c != '-') {
            digits += c;
        }
    }
    if (digits.size() != 8 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) {
        throw std::invalid_argument("not a date YYYYMMDD");
    }
    const int y = std::stoi(digits.substr(0, 4)), m = std::stoi(digits.substr(4, 2)),
              d = std::stoi(digits.substr(6, 2));
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        throw std::invalid_argument("not a date YYYYMMDD");
    }
    return days_from_civil(y, m, d);
}

std::string format_date(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp + (mp < 10 ? 3 : -9);
    const int y = yoe + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

int weekday(int day) {
    return ((day % 7) + 7 + 3) % 7; // 1970-01-01 was a Thursday
}

Feed parse_feed(const std::map<std::string, std::string> &files, const std::string &source) {
    Feed feed;
    feed.source = source;
    Reader r{feed, {}};
    std::map<std::string, CsvTable> tables;
    for (const auto &[name, bytes] : files) {
        if (kFiles.count(name)) {
            CsvOptions o;
            o.delimiter = ',';
            o.encoding = "utf-8";
            tables.emplace(name, parse_csv(bytes, source + ": " + name, o));
        }
    }
    for (const char *required : {"stops.txt", "routes.txt", "trips.txt", "stop_times.txt"}) {
        if (!tables.count(required)) {
            throw Error(ErrorKind::data, source + ": " + required +
                                             " is missing; a GTFS feed needs stops, routes, trips "
                                             "and stop_times (is this the feed's folder or zip?)");
        }
    }
    if (!tables.count("calendar.txt") && !tables.count("calendar_dates.txt")) {
        throw Error(ErrorKind::data, source + ": neither calendar.txt nor calendar_dates.txt; "
                                              "a feed needs one of them to say which days its "
                                              "trips run");
    }
    if (const auto it = tables.find("agency.txt"); it != tables.end()) {
        feed.agencies = it->second.rows.size();
    } else {
        r.warn("gtfs_no_agency", "feeds without agency.txt (not needed for routing)", source);
    }
    feed.routes = tables.at("routes.txt").rows.size();
    std::unordered_map<std::string, std::uint32_t> stop_idx, trip_idx;
    read_stops(tables.at("stops.txt"), r, stop_idx);
    read_calendars(tables, r);
    read_trips(tables.at("trips.txt"), tables.at("stop_times.txt"), r, stop_idx, trip_idx);
    read_frequencies_transfers(tables, r, stop_idx, trip_idx);
    for (auto &[key, w] : r.warnings) {
        feed.warnings.push_back(std::move(w));
    }
    return feed;
}

Feed read_feed(const std::filesystem::path &path) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        for (const auto &name : kFiles) {
            if (std::filesystem::exists(path / name)) {
                files.emplace(name, read_file(path / name));
            }
        }
        return parse_feed(files, path.string());
    }
    if (!std::filesystem::exists(path, ec)) {
        throw Error(ErrorKind::input, path.string() + ": GTFS feed not found; give a .zip or the "
                                                      "folder of its .txt files");
    }
    std::unique_ptr<void, int (*)(unzFile)> zip(unzOpen64(path.string().c_str()), unzClose);
    if (!zip) {
        throw Error(ErrorKind::data, path.string() + ": not a readable zip archive (truncated or "
                                                     "not a zip); unzip it to check, or give the "
                                                     "folder of its .txt files");
    }
    for (int rc = unzGoToFirstFile(zip.get()); rc == UNZ_OK; rc = unzGoToNextFile(zip.get())) {
        unz_file_info64 info{};
        char name[512];
        if (unzGetCurrentFileInfo64(zip.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) !=
            UNZ_OK) {
            break;
        }
        std::string base = name;
        if (const auto slash = base.find_last_of('/'); slash != std::string::npos) {
            base = base.substr(slash + 1); // feeds zipped with their folder
        }
        if (!kFiles.count(base) || files.count(base)) {
            continue;
        }
        if (info.uncompressed_size > (std::uint64_t{4} << 30)) {
            throw Error(ErrorKind::data, path.string() + ": " + base + " is larger than 4 GB");
        }
        std::string bytes(info.uncompressed_size, '\0');
        if (unzOpenCurrentFile(zip.get()) != UNZ_OK ||
            unzReadCurrentFile(zip.get(), bytes.data(), static_cast<unsigned>(bytes.size())) !=
                static_cast<int>(bytes.size()) ||
            unzCloseCurrentFile(zip.get()) != UNZ_OK) {
            throw Error(ErrorKind::data,
                        path.string() + ": " + base + " cannot be unzipped (corrupt archive)");
        }
        files.emplace(base, std::move(bytes));
    }
    return parse_feed(files, path.string());
}

std::vector<transit::Trip> trips_on(const Feed &feed, int day, std::size_t *active_services) {
    auto runs = [&](const Service &s, int d) {
        if (const auto e = s.exceptions.find(d); e != s.exceptions.end()) {
            return e->second == 1;
        }
        return s.has_calendar && d >= s.start && d <= s.end && s.days[weekday(d)];
    };
    std::size_t active = 0;
    for (const auto &[id, s] : feed.services) {
        active += runs(s, day) ? 1 : 0;
    }
    if (active_services) {
        *active_services = active;
    }
    std::vector<std::vector<const Frequency *>> freq(feed.trips.size());
    for (const auto &q : feed.frequencies) {
        freq[q.trip].push_back(&q);
    }
    std::vector<transit::Trip> out;
    auto add = [&](const TripRecord &t, std::int32_t shift) {
        transit::Trip trip{t.stops, t.arrival, t.departure};
        for (std::size_t i = 0; i < trip.stops.size(); ++i) {
            trip.arrival[i] += shift;
            trip.departure[i] += shift;
        }
        if (trip.departure.back() >= 0 || trip.arrival.back() >= 0) {
            out.push_back(std::move(trip));
        }
    };
    for (int d : {day - 1, day}) {
        const std::int32_t shift = d == day ? 0 : -86400;
        for (std::size_t k = 0; k < feed.trips.size(); ++k) {
            const auto &t = feed.trips[k];
            if (t.stops.empty() || !runs(feed.services.at(t.service_id), d)) {
                continue;
            }
            if (freq[k].empty()) {
                if (shift == 0 || t.arrival.back() >= 86400) {
                    add(t, shift);
                }
                continue;
            }
            for (const auto *q : freq[k]) {
                for (std::int32_t start = q->start_s; start < q->end_s; start += q->headway_s) {
                    const std::int32_t offset = start - t.departure.front();
                    if (shift == 0 || t.arrival.back() + offset >= 86400) {
                        add(t, shift + offset);
                    }
                }
            }
        }
    }
    return out;
}

} // namespace hublo::io::gtfs
