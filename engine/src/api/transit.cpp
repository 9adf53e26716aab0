// hublo::inspect_transit: GTFS feeds read as a study would read them, the day's timetable,
// and earliest arrivals from stops (`hublo transit`): to check a feed before adding it to a
// study, and to compare hublo's routing with another tool's.
#include "stages/transit.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "io/csv.hpp"

#include <stdexcept>
#include <unordered_map>

namespace hublo {

namespace {
namespace transit = algorithms::transit;

std::int32_t query_time(const std::string &v, const std::string &where) {
    int h = -1, m = -1, s = -1;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%d:%d:%d%c", &h, &m, &s, &tail) != 3 || h < 0 || h > 47 || m < 0 ||
        m > 59 || s < 0 || s > 59) {
        throw Error(ErrorKind::data, where + ": depart '" + v + "' is not a time H:MM:SS");
    }
    return h * 3600 + m * 60 + s;
}

constexpr const char *kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};
} // namespace

TransitReport inspect_transit(const TransitRequest &request) {
    if (request.feeds.empty()) {
        throw Error(ErrorKind::input, "transit: give at least one GTFS feed (.zip or folder)");
    }
    if (request.max_transfers < 0 || request.max_transfers > 8 || !(request.transfer_m >= 0) ||
        !(request.walk_kmh > 0) || !(request.walk_circuity >= 1)) {
        throw Error(ErrorKind::input, "transit: max transfers within 0..8, transfer metres >= 0, "
                                      "a walking speed above 0 and a circuity >= 1");
    }
    int day = 0;
    try {
        day = io::gtfs::parse_date(request.date);
    } catch (const std::invalid_argument &) {
        throw Error(ErrorKind::input,
                    "transit: --date '" + request.date + "' is not a date YYYY-MM-DD");
    }
    stages::TransitSettings settings;
    settings.feeds = request.feeds;
    settings.date = request.date;
    settings.transfer_m = request.transfer_m;
    settings.walk_kmh = request.walk_kmh;
    settings.walk_circuity = request.walk_circuity;
    // The metric CRS: the one given, or the UTM zone of the first feed's first located stop.
    TransitReport report;
    report.crs = request.crs;
    if (report.crs.empty()) {
        const auto first = io::gtfs::read_feed(request.feeds.front());
        report.crs = "EPSG:32631";
        for (const auto &s : first.stops) {
            if (s.located) {
                report.crs = io::utm_zone_of({s.lon, s.lat});
                break;
            }
        }
    }
    const auto crs = io::Crs::from_user(report.crs, "transit --crs");
    core::IssueLog log;
    stages::TransitFeedSummary sum;
    const auto net = stages::load_transit_network(settings, crs, log, sum);
    report.feeds = sum.feeds;
    report.agencies = sum.agencies;
    report.routes = sum.routes;
    report.stops = sum.stops;
    report.located_stops = sum.located_stops;
    report.footpaths = sum.footpaths;
    report.date = io::gtfs::format_date(day);
    report.weekday = kWeekdays[io::gtfs::weekday(day)];
    for (const auto &f : net.feeds) {
        report.covers += (report.covers.empty() ? "" : "; ") + f.source + ": " +
                         (f.first_day <= f.last_day ? io::gtfs::format_date(f.first_day) + " to " +
                                                          io::gtfs::format_date(f.last_day)
                                                    : std::string("no day"));
    }
    auto trips = stages::transit_trips_on(net, day, &report.services_on_date);
    report.trips_on_date = trips.size();
    stages::require_service(net, day, trips.size());
    const auto tt = transit::Timetable::build(net.stop_xy.size(), std::move(trips), net.footpaths);
    report.raptor_routes = tt.route_count();
    report.issues = log.take();
    if (request.queries.empty()) {
        return report;
    }
    // Stop ids as the queries give them ("id", or "feed:id" with several feeds).
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::string> ids(net.stop_xy.size());
    for (std::size_t f = 0; f < net.feeds.size(); ++f) {
        for (std::uint32_t s = 0; s < net.feeds[f].stops.size(); ++s) {
            const auto &id = net.feeds[f].stops[s].id;
            ids[net.offset[f] + s] = net.feeds.size() == 1 ? id : std::to_string(f) + ":" + id;
            index.emplace(ids[net.offset[f] + s], net.offset[f] + s);
        }
    }
    const auto table = io::read_csv(request.queries);
    const auto from = table.require_column("from_stop_id", "the queries file");
    const auto at = table.require_column("depart", "the queries file");
    transit::Raptor raptor(tt, request.max_transfers + 1);
    for (std::size_t q = 0; q < table.rows.size(); ++q) {
        const auto where = request.queries.string() + " line " + std::to_string(table.row_line[q]);
        const auto it = index.find(table.rows[q][from]);
        if (it == index.end()) {
            throw Error(ErrorKind::data,
                        where + ": from_stop_id '" + table.rows[q][from] + "' is not a stop");
        }
        raptor.query(std::vector<transit::Walk>{{it->second, 0}},
                     query_time(table.rows[q][at], where));
        for (std::uint32_t s = 0; s < tt.stop_count(); ++s) {
            if (raptor.best(s) < transit::kNever) {
                report.arrivals.push_back({q + 1, ids[s], raptor.best(s), raptor.vehicles(s)});
            }
        }
    }
    return report;
}

} // namespace hublo
