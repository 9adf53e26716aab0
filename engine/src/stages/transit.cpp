#include "stages/transit.hpp"

#include "core/parallel.hpp"
#include "hublo/algorithms/transit/visits.hpp"
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "io/gtfs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace hublo::stages {

namespace {
namespace transit = algorithms::transit;
using algorithms::geometry::XY;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Points in square cells, for "within d metres" queries.
class PointGrid {
public:
    PointGrid(std::span<const XY> points, double cell_m) : points_(points), cell_(cell_m) {
        for (std::uint32_t i = 0; i < points.size(); ++i) {
            if (std::isfinite(points[i].x) && std::isfinite(points[i].y)) {
                cells_[key(points[i])].push_back(i); // stops without coordinates: no walk
            }
        }
    }
    /// Indices within `radius` (<= cell size) of p, increasing.
    std::vector<std::uint32_t> within(XY p, double radius) const {
        std::vector<std::uint32_t> out;
        const auto cx = static_cast<std::int64_t>(std::floor(p.x / cell_));
        const auto cy = static_cast<std::int64_t>(std::floor(p.y / cell_));
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = cells_.find(pack(cx + dx, cy + dy));
                if (it == cells_.end()) {
                    continue;
                }
                for (const auto i : it->second) {
                    if (std::hypot(points_[i].x - p.x, points_[i].y - p.y) <= radius) {
                        out.push_back(i);
                    }
                }
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    static std::int64_t pack(std::int64_t x, std::int64_t y) { return x * 4'000'003 + y; }
    std::int64_t key(XY p) const {
        return pack(static_cast<std::int64_t>(std::floor(p.x / cell_)),
                    static_cast<std::int64_t>(std::floor(p.y / cell_)));
    }
    std::span<const XY> points_;
    double cell_;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;
};

/// Walks between stops: every pair within transfer_m, and the feeds' transfers.txt (at
/// least their min_transfer_time).
std::vector<std::vector<transit::Walk>> footpaths(const TransitSettings &s,
                                                  const TransitNetwork &net, double walk_s_per_m,
                                                  std::size_t &count) {
    const std::size_t n = net.stop_xy.size();
    std::vector<std::vector<transit::Walk>> out(n);
    std::vector<XY> located;
    std::vector<std::uint32_t> id;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (net.located[i]) {
            located.push_back(net.stop_xy[i]);
            id.push_back(i);
        }
    }
    const PointGrid grid(located, std::max(1.0, s.transfer_m));
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::int32_t> walks;
    for (std::uint32_t a = 0; a < located.size(); ++a) {
        for (const auto b : grid.within(located[a], s.transfer_m)) {
            if (a != b) {
                const double d =
                    std::hypot(located[a].x - located[b].x, located[a].y - located[b].y);
                walks[{id[a], id[b]}] = static_cast<std::int32_t>(std::lround(d * walk_s_per_m));
            }
        }
    }
    for (std::size_t f = 0; f < net.feeds.size(); ++f) {
        for (const auto &t : net.feeds[f].transfers) {
            const std::pair key{net.offset[f] + t.from, net.offset[f] + t.to};
            auto [it, added] = walks.emplace(key, t.seconds);
            if (!added) {
                it->second = std::max(it->second, t.seconds);
            }
        }
    }
    for (const auto &[key, seconds] : walks) {
        out[key.first].push_back({key.second, seconds});
    }
    count = walks.size();
    return out;
}

/// Each place's open ranges, Monday first, in seconds (the stand-in when it has none).
std::vector<std::array<std::vector<std::pair<std::int32_t, std::int32_t>>, 7>>
opening(const TransitSettings &s, const TransitInputs &in, std::size_t &stand_in,
        StageContext &ctx) {
    std::optional<places::WeeklyHours> fallback;
    if (!s.unknown_hours.empty()) {
        const auto read = places::read_opening_hours(s.unknown_hours);
        if (!read.hours) {
            throw Error(ErrorKind::input, "[transit] unknown_hours '" + s.unknown_hours +
                                              "' cannot be read: " + read.error);
        }
        fallback = read.hours;
    }
    std::vector<std::array<std::vector<std::pair<std::int32_t, std::int32_t>>, 7>> out(
        in.places.size());
    std::vector<std::string> examples;
    stand_in = 0;
    for (std::size_t p = 0; p < in.places.size(); ++p) {
        if (!in.counted[p]) {
            continue;
        }
        const auto &hours = in.places[p].hours ? in.places[p].hours : fallback;
        if (!in.places[p].hours) {
            ++stand_in;
            core::keep_example(examples, in.places[p].id + " " + in.places[p].name);
        }
        if (!hours) {
            continue;
        }
        for (int d = 0; d < 7; ++d) {
            for (const auto &r : hours->days[d]) {
                out[p][d].emplace_back(r.from * 60, r.to * 60);
            }
        }
    }
    ctx.log.add_count("transit_hours_stand_in",
                      s.unknown_hours.empty()
                          ? "places without read opening hours, left out of the transit figures "
                            "([transit] unknown_hours = \"\")"
                          : "places without read opening hours, taken as open " + s.unknown_hours +
                                " by transit ([transit] unknown_hours: a stand-in)",
                      stand_in, examples);
    return out;
}

double percentile_minutes(std::vector<std::int32_t> values, double pct) {
    if (values.empty()) {
        return kNaN;
    }
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(
        std::max(1.0, std::ceil(pct / 100.0 * static_cast<double>(values.size()))));
    const auto v = values[std::min(rank, values.size()) - 1];
    return v >= transit::kNever ? kNaN : v / 60.0;
}

std::string clock(std::int32_t s) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, s / 60 % 60);
    return buf;
}
} // namespace

TransitNetwork load_transit_network(const TransitSettings &s, const io::Crs &crs,
                                    core::IssueLog &log, TransitFeedSummary &sum) {
    TransitNetwork net;
    const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "GTFS stops"), crs);
    for (const auto &path : s.feeds) {
        auto feed = io::gtfs::read_feed(path);
        for (const auto &w : feed.warnings) {
            log.add_count(w.key, "GTFS: " + w.message, w.count, w.examples);
        }
        net.offset.push_back(static_cast<std::uint32_t>(net.stop_xy.size()));
        for (const auto &stop : feed.stops) {
            XY xy{kNaN, kNaN};
            if (stop.located) {
                xy = to_study.apply(XY{stop.lon, stop.lat});
            }
            net.stop_xy.push_back(xy);
            net.located.push_back(stop.located ? 1 : 0);
            sum.located_stops += stop.located ? 1 : 0;
        }
        sum.agencies += feed.agencies;
        sum.routes += feed.routes;
        net.feeds.push_back(std::move(feed));
    }
    sum.feeds = net.feeds.size();
    sum.stops = net.stop_xy.size();
    const double walk_s_per_m = s.walk_circuity / (s.walk_kmh / 3.6);
    net.footpaths = footpaths(s, net, walk_s_per_m, net.footpath_count);
    sum.footpaths = net.footpath_count;
    return net;
}

std::vector<transit::Trip> transit_trips_on(const TransitNetwork &net, int day,
                                            std::size_t *services) {
    std::vector<transit::Trip> trips;
    std::size_t total = 0;
    for (std::size_t f = 0; f < net.feeds.size(); ++f) {
        std::size_t active = 0;
        for (auto &t : io::gtfs::trips_on(net.feeds[f], day, &active)) {
            for (auto &stop : t.stops) {
                stop += net.offset[f];
            }
            trips.push_back(std::move(t));
        }
        total += active;
    }
    if (services) {
        *services = total;
    }
    return trips;
}

void require_service(const TransitNetwork &net, int day, std::size_t trips) {
    if (trips > 0) {
        return;
    }
    std::string cover;
    for (const auto &f : net.feeds) {
        cover += (cover.empty() ? "" : "; ") + f.source + " covers " +
                 (f.first_day <= f.last_day ? io::gtfs::format_date(f.first_day) + " to " +
                                                  io::gtfs::format_date(f.last_day)
                                            : std::string("no day"));
    }
    throw Error(ErrorKind::data, "[transit] no trip runs on " + io::gtfs::format_date(day) + ": " +
                                     cover + "; set the date to a day the feeds cover");
}

namespace {
/// The week's timetables from the date, and their reversed ones (for the ways home).
void week_timetables(const TransitNetwork &net, int date, TransitFeedSummary &sum,
                     std::vector<transit::Timetable> &days, std::vector<transit::Timetable> &back) {
    for (int k = 0; k < 7; ++k) {
        std::size_t services = 0;
        auto trips = transit_trips_on(net, date + k, &services);
        if (k == 0) {
            sum.trips_on_date = trips.size();
            sum.services_on_date = services;
            require_service(net, date, trips.size());
        }
        days.push_back(
            transit::Timetable::build(net.stop_xy.size(), std::move(trips), net.footpaths));
        back.push_back(days.back().reversed());
    }
}

/// Per day of the week, the places as destinations: the walks from their stops within
/// access_m, and that day's hours; `any` flags the counted places with hours (read or the
/// stand-in), `open_enough` those open [no_car] open_hours a week.
void destinations(
    const TransitSettings &s, const TransitInputs &in, const TransitNetwork &net,
    const PointGrid &stops, int date,
    const std::vector<std::array<std::vector<std::pair<std::int32_t, std::int32_t>>, 7>> &open,
    TransitFeedSummary &sum, std::array<std::vector<transit::Destination>, 7> &dest,
    std::vector<std::uint8_t> &any, std::vector<std::uint8_t> &open_enough) {
    const double walk_s_per_m = s.walk_circuity / (s.walk_kmh / 3.6);
    std::vector<std::vector<transit::Walk>> egress(in.places.size());
    for (std::uint32_t p = 0; p < in.places.size(); ++p) {
        if (!in.counted[p]) {
            continue;
        }
        for (const auto st : stops.within(in.places[p].xy, s.access_m)) {
            const double d = std::hypot(net.stop_xy[st].x - in.places[p].xy.x,
                                        net.stop_xy[st].y - in.places[p].xy.y);
            egress[p].push_back({st, static_cast<std::int32_t>(std::lround(d * walk_s_per_m))});
        }
        sum.places_reached_by_stop += egress[p].empty() ? 0 : 1;
    }
    for (std::uint32_t p = 0; p < in.places.size(); ++p) {
        any[p] = in.counted[p] && (in.places[p].hours || !s.unknown_hours.empty());
        open_enough[p] = any[p] && in.places[p].hours_per_week >= in.open_hours;
    }
    for (int k = 0; k < 7; ++k) {
        const int wd = io::gtfs::weekday(date + k);
        for (std::uint32_t p = 0; p < in.places.size(); ++p) {
            dest[k].push_back({egress[p], any[p] ? open[p][wd] : decltype(open[p][wd]){}});
        }
    }
}
} // namespace

TransitTimes run_transit(const TransitSettings &s, const TransitInputs &in, StageContext &ctx) {
    TransitTimes out;
    auto &sum = out.summary;
    int date = 0;
    try {
        date = io::gtfs::parse_date(s.date);
    } catch (const std::invalid_argument &) {
        throw Error(ErrorKind::input, "[transit] date '" + s.date + "' is not a date YYYY-MM-DD");
    }
    const TransitNetwork net = load_transit_network(s, ctx.crs, ctx.log, sum);
    const double walk_s_per_m = s.walk_circuity / (s.walk_kmh / 3.6);
    std::vector<transit::Timetable> days, back;
    week_timetables(net, date, sum, days, back);
    sum.date = io::gtfs::format_date(date);
    sum.window = clock(s.window_from_s) + "-" + clock(s.window_to_s);
    sum.method = "GTFS timetables, range RAPTOR over each minute's departure, at most " +
                 std::to_string(s.max_transfers) +
                 " transfers; walks to, from and between "
                 "stops: straight line x " +
                 io::json_number(s.walk_circuity) + " at " + io::json_number(s.walk_kmh) +
                 " km/h (approximated: no street network), up to " + io::json_number(s.access_m) +
                 " m";
    const auto open = opening(s, in, sum.places_with_stand_in_hours, ctx);
    const PointGrid stops(net.stop_xy, std::max(1.0, s.access_m));
    std::vector<XY> place_xy;
    for (const auto &p : in.places) {
        place_xy.push_back(p.xy);
    }
    const PointGrid places_grid(place_xy, std::max(1.0, 2 * s.access_m));
    std::array<std::vector<transit::Destination>, 7> dest;
    std::vector<std::uint8_t> any(in.places.size()), open_enough(in.places.size());
    destinations(s, in, net, stops, date, open, sum, dest, any, open_enough);
    transit::DayParameters day;
    day.from_s = std::min(s.day_from_s, s.window_from_s);
    day.to_s = std::max(s.day_to_s, s.window_to_s);
    day.visit_s = static_cast<std::int32_t>(std::lround(s.visit_min * 60));
    day.max_s = static_cast<std::int32_t>(std::lround(s.max_min * 60));
    day.back_by_s = s.back_by_s;
    day.max_rounds = s.max_transfers + 1;
    // From home: the stops within access_m, and the places within twice that on foot (a direct
    // walk then beats any walk through a stop).
    auto walks = [&](XY o, std::vector<std::int32_t> &direct) {
        std::vector<transit::Walk> access;
        for (const auto st : stops.within(o, s.access_m)) {
            const double d = std::hypot(net.stop_xy[st].x - o.x, net.stop_xy[st].y - o.y);
            access.push_back({st, static_cast<std::int32_t>(std::lround(d * walk_s_per_m))});
        }
        std::fill(direct.begin(), direct.end(), transit::kNever);
        for (const auto p : places_grid.within(o, 2 * s.access_m)) {
            const double d = std::hypot(in.places[p].xy.x - o.x, in.places[p].xy.y - o.y);
            direct[p] = static_cast<std::int32_t>(std::lround(d * walk_s_per_m));
        }
        return access;
    };
    const std::size_t np = in.origin.size();
    out.point_min.assign(np, kNaN);
    out.point_any_min.assign(np, kNaN);
    out.point_place.assign(np, UINT32_MAX);
    out.point_visit_hours.assign(np, 0.0);
    out.point_percentile_min.assign(s.percentiles.size(), std::vector<double>(np, kNaN));
    std::vector<std::size_t> iterations(np, 0);
    core::for_ranges_parallel(np, ctx.threads, 16, [&](std::size_t from, std::size_t to) {
        std::vector<transit::Raptor> fw, bw;
        for (int k = 0; k < 7; ++k) {
            fw.emplace_back(days[k], day.max_rounds);
            bw.emplace_back(back[k], day.max_rounds);
        }
        std::vector<std::int32_t> direct(in.places.size());
        for (std::size_t i = from; i < to; ++i) {
            const auto access = walks(in.origin[i], direct);
            if (access.empty() && std::all_of(direct.begin(), direct.end(), [](std::int32_t d) {
                    return d >= transit::kNever;
                })) {
                continue; // no stop, no place on foot: no visit (NaN minutes, 0 hours)
            }
            std::size_t possible = 0;
            for (int k = 0; k < 7; ++k) {
                const auto v = transit::plan_day(fw[k], bw[k], days[k], access, dest[k], direct,
                                                 k == 0 ? open_enough : any, day);
                iterations[i] += v.range_departures;
                for (std::size_t st = 0; st < v.possible.size(); ++st) {
                    const std::int32_t t = day.from_s + static_cast<std::int32_t>(st) * day.step_s;
                    possible += v.possible[st] && t >= s.day_from_s && t <= s.day_to_s ? 1 : 0;
                }
                if (k != 0) {
                    continue;
                }
                std::vector<std::int32_t> window;
                std::map<std::uint32_t, std::size_t> which;
                for (std::size_t st = 0; st < v.start_s.size(); ++st) {
                    const std::int32_t t = day.from_s + static_cast<std::int32_t>(st) * day.step_s;
                    if (t >= s.window_from_s && t <= s.window_to_s) {
                        window.push_back(v.start_s[st]);
                        ++which[v.place[st]];
                    }
                }
                out.point_min[i] = percentile_minutes(window, s.percentile);
                for (std::size_t q = 0; q < s.percentiles.size(); ++q) {
                    out.point_percentile_min[q][i] = percentile_minutes(window, s.percentiles[q]);
                }
                if (!std::isnan(out.point_min[i])) {
                    // the place most often nearest over the window (ties: the lowest)
                    std::size_t most = 0;
                    for (const auto &[p, c] : which) {
                        if (p != UINT32_MAX && c > most) {
                            most = c;
                            out.point_place[i] = p;
                        }
                    }
                }
            }
            out.point_visit_hours[i] = static_cast<double>(possible) * day.step_s / 3600.0;
        }
    });
    double total = 0;
    for (const auto n : iterations) {
        total += static_cast<double>(n);
    }
    sum.mean_range_departures = np ? total / static_cast<double>(np) / 7.0 : 0.0;
    auto surface = std::make_shared<TransitSurfaceData>();
    surface->settings = s;
    surface->day = std::make_shared<const transit::Timetable>(days[0]);
    surface->stop_xy = net.stop_xy;
    for (std::uint32_t p = 0; p < in.places.size(); ++p) {
        if (open_enough[p]) {
            surface->place_xy.push_back(in.places[p].xy);
            surface->places.push_back(dest[0][p]);
        }
    }
    out.surface = std::move(surface);
    // Any counted place: the same window figure with every place counted.
    core::for_ranges_parallel(np, ctx.threads, 16, [&](std::size_t from, std::size_t to) {
        transit::Raptor fw(days[0], day.max_rounds), bw(back[0], day.max_rounds);
        std::vector<std::int32_t> direct(in.places.size());
        transit::DayParameters window = day;
        window.from_s = s.window_from_s;
        window.to_s = s.window_to_s;
        for (std::size_t i = from; i < to; ++i) {
            const auto access = walks(in.origin[i], direct);
            if (access.empty() && std::all_of(direct.begin(), direct.end(), [](std::int32_t d) {
                    return d >= transit::kNever;
                })) {
                continue;
            }
            const auto v = transit::plan_day(fw, bw, days[0], access, dest[0], direct, any, window);
            out.point_any_min[i] = percentile_minutes(v.start_s, s.percentile);
        }
    });
    return out;
}

std::vector<double> transit_surface(const TransitSurfaceData &data, double x0, double y0,
                                    double cell, std::size_t cols, std::size_t rows,
                                    std::span<const std::uint32_t> label, std::uint32_t no_area,
                                    double limit_s, unsigned threads) {
    const auto &s = data.settings;
    const auto &tt = *data.day;
    const double walk_s_per_m = s.walk_circuity / (s.walk_kmh / 3.6);
    const std::int32_t visit_s = static_cast<std::int32_t>(std::lround(s.visit_min * 60));
    const std::int32_t horizon = std::max(s.day_to_s, s.window_to_s) +
                                 static_cast<std::int32_t>(std::lround(s.max_min * 60));
    // Each stop's profile: leaving it at an event or later (up to the next event), the
    // earliest visit start at a place of `data` (suffix minima over the later events).
    const std::size_t ns = data.stop_xy.size();
    std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> profile(ns);
    core::for_ranges_parallel(ns, threads, 64, [&](std::size_t from, std::size_t to) {
        transit::Raptor raptor(tt, s.max_transfers + 1);
        for (std::size_t st = from; st < to; ++st) {
            if (std::isnan(data.stop_xy[st].x)) {
                continue;
            }
            const std::vector<transit::Walk> at{{static_cast<std::uint32_t>(st), 0}};
            const auto events = transit::range_departures(tt, at, s.window_from_s, horizon);
            raptor.clear();
            for (const auto e : events) { // decreasing
                raptor.depart(at, e);
                std::int32_t best = transit::kNever;
                for (const auto &place : data.places) {
                    std::int32_t arrive = transit::kNever;
                    for (const auto &w : place.egress) {
                        arrive = std::min(arrive, raptor.best(w.stop) + w.seconds);
                    }
                    best = std::min(best, transit::visit_start(place.open, arrive, visit_s));
                }
                profile[st].emplace_back(e, best);
            }
            std::reverse(profile[st].begin(), profile[st].end()); // increasing times
        }
    });
    const PointGrid stops(data.stop_xy, std::max(1.0, s.access_m));
    const PointGrid places(data.place_xy, std::max(1.0, 2 * s.access_m));
    std::vector<double> out(cols * rows, std::numeric_limits<double>::infinity());
    core::for_ranges_parallel(out.size(), threads, 4096, [&](std::size_t from, std::size_t to) {
        std::vector<std::int32_t> minutes;
        for (std::size_t i = from; i < to; ++i) {
            if (label[i] == no_area) {
                continue;
            }
            const XY o{x0 + static_cast<double>(i % cols) * cell,
                       y0 + static_cast<double>(i / cols) * cell};
            const auto near_stops = stops.within(o, s.access_m);
            const auto near_places = places.within(o, 2 * s.access_m);
            if (near_stops.empty() && near_places.empty()) {
                continue;
            }
            minutes.clear();
            for (std::int32_t t = s.window_from_s; t <= s.window_to_s; t += 60) {
                std::int32_t best = transit::kNever;
                for (const auto st : near_stops) {
                    const auto walk = static_cast<std::int32_t>(
                        std::lround(std::hypot(data.stop_xy[st].x - o.x, data.stop_xy[st].y - o.y) *
                                    walk_s_per_m));
                    const auto &pr = profile[st];
                    const auto it = std::lower_bound(pr.begin(), pr.end(),
                                                     std::pair{t + walk, std::int32_t{-1}});
                    if (it != pr.end()) {
                        best = std::min(best, it->second);
                    }
                }
                for (const auto p : near_places) {
                    const auto walk = static_cast<std::int32_t>(
                        std::lround(std::hypot(data.place_xy[p].x - o.x, data.place_xy[p].y - o.y) *
                                    walk_s_per_m));
                    best = std::min(best,
                                    transit::visit_start(data.places[p].open, t + walk, visit_s));
                }
                minutes.push_back(best >= transit::kNever ? transit::kNever : best - t);
            }
            const double m = percentile_minutes(minutes, s.percentile);
            if (!std::isnan(m) && m * 60.0 <= limit_s) {
                out[i] = m * 60.0;
            }
        }
    });
    return out;
}

} // namespace hublo::stages
