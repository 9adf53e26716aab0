#include "stages/modes.hpp"

#include "core/parallel.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "io/geojson_writer.hpp"
#include "io/text.hpp"
#include "stages/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace hublo::stages {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The people at risk with and without a car, per commune.
void split_by_car(const NoCarSettings &s, const ModesInputs &in, ModesResult &r,
                  StageContext &ctx) {
    const std::size_t n = in.communes.size();
    r.no_car_share.assign(n, kNaN);
    r.at_risk_no_car.assign(n, kNaN);
    r.at_risk_car.assign(n, kNaN);
    const auto *column = in.communes.indicator(s.share_column);
    if (!column) {
        throw Error(ErrorKind::input,
                    "[no_car] share_column '" + s.share_column +
                        "' is not a commune column; join the table of households without a car "
                        "([[tables]], its prefix included), e.g. \"cars_perc_voit\"");
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < n; ++i) {
        double share = (*column)[i];
        if (s.percent) {
            share /= 100.0;
        }
        if (std::isnan(share)) {
            ++r.communes_without_share;
            core::keep_example(missing, in.communes.codes[i]);
            continue;
        }
        if (share < -1e-9 || share > 1.0 + 1e-9) {
            throw Error(ErrorKind::data, "[no_car] " + s.share_column + " of commune " +
                                             in.communes.codes[i] + " is " +
                                             io::json_number((*column)[i]) +
                                             ": a share of households is within [0, 1]" +
                                             (s.percent ? "" : " (set percent = true for 0-100)"));
        }
        share = std::clamp(share, 0.0, 1.0);
        r.no_car_share[i] = share;
        if (i < in.at_risk.size() && !std::isnan(in.at_risk[i])) {
            const double without = in.at_risk[i] * std::min(1.0, share * s.age_tilt);
            r.at_risk_no_car[i] = without;
            r.at_risk_car[i] = in.at_risk[i] - without;
        }
    }
    for (const double tilt : s.tilt_sensitivity) {
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (i < in.at_risk.size() && !std::isnan(in.at_risk[i]) &&
                !std::isnan(r.no_car_share[i])) {
                total += in.at_risk[i] * std::min(1.0, r.no_car_share[i] * tilt);
            }
        }
        r.tilt_totals.emplace_back(tilt, total);
    }
    ctx.log.add_count("no_car_share_missing",
                      "communes without a share of households without a car ([no_car] " +
                          s.share_column + "): their people at risk without a car are unknown",
                      r.communes_without_share, missing);
}

/// The places counted, all of them and those open `open_hours` a week.
void counted_places(double open_hours, const ModesInputs &in, std::vector<std::uint32_t> &any,
                    std::vector<std::uint32_t> &open) {
    const auto counts = in.access.counts(in.places.size());
    for (std::uint32_t p = 0; p < in.places.size(); ++p) {
        if (!counts[p]) {
            continue;
        }
        any.push_back(p);
        if (in.places[p].hours_per_week >= open_hours) {
            open.push_back(p);
        }
    }
}

/// Per commune: the people-weighted mean of its points' minutes; its main point names the
/// nearest place.
void commune_times(const ModesInputs &in, const std::vector<std::uint32_t> &point_place,
                   ModeTimes &t) {
    const std::size_t n = in.communes.size(), np = in.demand.xy.size();
    std::vector<double> sum(n, 0), sum_any(n, 0), w(n, 0), w_any(n, 0);
    for (std::size_t i = 0; i < np; ++i) {
        const auto c = in.demand.commune[i];
        const double wi = std::isnan(in.demand.weight[i]) ? 1.0 : in.demand.weight[i];
        if (!std::isnan(t.point_min[i])) {
            sum[c] += wi * t.point_min[i];
            w[c] += wi;
        }
        if (!std::isnan(t.point_any_min[i])) {
            sum_any[c] += wi * t.point_any_min[i];
            w_any[c] += wi;
        }
    }
    t.commune_min.assign(n, kNaN);
    t.commune_any_min.assign(n, kNaN);
    t.commune_place.assign(n, ModesResult::kNone);
    for (std::size_t c = 0; c < n; ++c) {
        if (w[c] > 0) {
            t.commune_min[c] = sum[c] / w[c];
        }
        if (w_any[c] > 0) {
            t.commune_any_min[c] = sum_any[c] / w_any[c];
        }
        if (c < in.demand.main_point.size() && in.demand.main_point[c] < np) {
            t.commune_place[c] = point_place[in.demand.main_point[c]];
        }
    }
}

/// Where the people without a car of each demand point are taken to live. A commune with a
/// single demand point (no grid cell: its point is the table's or its polygon's, often far
/// from the bourg in a large commune) that holds a counted place located by its coordinates
/// has them at that place (the one open the most hours; a place is in the bourg): a walk
/// from the commune's centre to its own France Services would count kilometres nobody walks.
std::vector<algorithms::geometry::XY> no_car_origins(const ModesInputs &in, std::size_t &anchored) {
    std::vector<algorithms::geometry::XY> xy = in.demand.xy;
    const std::size_t n = in.communes.size();
    std::unordered_map<std::string, std::uint32_t> index;
    for (std::uint32_t c = 0; c < n; ++c) {
        index.emplace(in.communes.codes[c], c);
    }
    std::vector<std::uint32_t> best(n, ModesResult::kNone);
    const auto counts = in.access.counts(in.places.size());
    for (std::uint32_t p = 0; p < in.places.size(); ++p) {
        const auto &place = in.places[p];
        const auto it = index.find(place.commune_code);
        if (!counts[p] || place.located != "coordinates" || it == index.end()) {
            continue;
        }
        auto &b = best[it->second];
        if (b == ModesResult::kNone || place.hours_per_week > in.places[b].hours_per_week) {
            b = p; // ties keep the first place
        }
    }
    std::vector<std::uint32_t> points(n, 0);
    for (std::size_t i = 0; i < xy.size(); ++i) {
        ++points[in.demand.commune[i]];
    }
    anchored = 0;
    for (std::size_t i = 0; i < xy.size(); ++i) {
        const auto c = in.demand.commune[i];
        const bool single = points[c] == 1 && (c >= in.demand.cells.size() || !in.demand.cells[c]);
        if (single && best[c] != ModesResult::kNone) {
            xy[i] = in.places[best[c]].xy;
            ++anchored;
        }
    }
    return xy;
}

/// Per commune, the people-weighted mean of a value of its demand points (NaN: no point).
std::vector<double> commune_mean(const ModesInputs &in, const std::vector<double> &value) {
    const std::size_t n = in.communes.size();
    std::vector<double> sum(n, 0.0), w(n, 0.0), out(n, kNaN);
    for (std::size_t i = 0; i < value.size(); ++i) {
        const double wi = std::isnan(in.demand.weight[i]) ? 1.0 : in.demand.weight[i];
        sum[in.demand.commune[i]] += wi * value[i];
        w[in.demand.commune[i]] += wi;
    }
    for (std::size_t c = 0; c < n; ++c) {
        if (w[c] > 0) {
            out[c] = sum[c] / w[c];
        }
    }
    return out;
}

/// The nearest counted place from every demand point as the crow flies, times circuity, at
/// the mode's speed: to one open `open_hours` a week, and to any.
ModeTimes straight_line_times(const ModeSettings &m, double open_hours, const ModesInputs &in,
                              std::span<const algorithms::geometry::XY> origin, unsigned threads) {
    ModeTimes t;
    t.method = "straight line x " + io::json_number(m.circuity) + " at " +
               io::json_number(m.speed_kmh) + " km/h";
    std::vector<std::uint32_t> open, any;
    counted_places(open_hours, in, any, open);
    const double minutes_per_m = m.circuity / (m.speed_kmh * 1000.0 / 60.0);
    const std::size_t np = in.demand.xy.size();
    t.point_min.assign(np, kNaN);
    t.point_any_min.assign(np, kNaN);
    std::vector<std::uint32_t> point_place(np, ModesResult::kNone);
    auto nearest = [&](const algorithms::geometry::XY &xy, const std::vector<std::uint32_t> &set,
                       std::uint32_t &which) {
        double best = std::numeric_limits<double>::infinity();
        for (const auto p : set) {
            const double dx = in.places[p].xy.x - xy.x, dy = in.places[p].xy.y - xy.y;
            const double d2 = dx * dx + dy * dy;
            if (d2 < best) { // ties keep the first place: the result is the same on any thread
                best = d2;
                which = p;
            }
        }
        return std::isinf(best) ? kNaN : std::sqrt(best) * minutes_per_m;
    };
    // The help within the mode's time_min: the hours a week of every counted place, and of
    // the stops of mobile services alone (each with its own share of the service's hours).
    std::vector<double> hours(np, 0.0), stop_hours(np, 0.0);
    core::for_ranges_parallel(np, threads, 256, [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            std::uint32_t ignored = 0;
            t.point_min[i] = nearest(origin[i], open, point_place[i]);
            t.point_any_min[i] = nearest(origin[i], any, ignored);
            for (const auto p : any) {
                const double dx = in.places[p].xy.x - origin[i].x;
                const double dy = in.places[p].xy.y - origin[i].y;
                if (std::sqrt(dx * dx + dy * dy) * minutes_per_m <= m.time_min) {
                    hours[i] += in.places[p].hours_per_week;
                    stop_hours[i] += in.places[p].stop_hours ? in.places[p].hours_per_week : 0.0;
                }
            }
        }
    });
    commune_times(in, point_place, t);
    t.commune_hours = commune_mean(in, hours);
    t.commune_stop_hours = commune_mean(in, stop_hours);
    return t;
}

/// The same on the mode's own network (an OSM extract read with its profile): one exact
/// multi-source search from the places open enough, one from all; the legs off the network
/// at the mode's speed.
ModeTimes network_times(const ModeSettings &m, double open_hours, const ModesInputs &in,
                        std::span<const algorithms::geometry::XY> origin, StageContext &ctx) {
    using namespace algorithms::network;
    ModeTimes t;
    t.approximated = false;
    t.method = "OSM network, profile " + m.profile + ", " + io::json_number(m.speed_kmh) +
               " km/h off the network";
    std::shared_ptr<const LoadedNetwork> loaded = stages::load_network(m.network, ctx.crs);
    t.network = loaded;
    t.network_nodes = loaded->net.graph.node_count();
    OffroadParameters offroad;
    offroad.speed_kmh = m.speed_kmh;
    offroad.max_snap_m = m.network.max_snap_m;
    const auto &g = loaded->net.graph;
    const auto &segs = loaded->segments;
    std::vector<std::uint32_t> open, any;
    counted_places(open_hours, in, any, open);
    const std::size_t np = in.demand.xy.size();
    std::vector<Snap> points(np);
    for (std::size_t i = 0; i < np; ++i) {
        points[i] = segs.snap(origin[i], offroad.max_snap_m);
    }
    auto search = [&](const std::vector<std::uint32_t> &set, std::vector<double> &minutes,
                      std::vector<std::uint32_t> &which, std::vector<double> *node_time) {
        std::vector<Snap> snaps;
        std::vector<Seed> seeds;
        for (std::uint32_t k = 0; k < set.size(); ++k) {
            snaps.push_back(segs.snap(in.places[set[k]].xy, offroad.max_snap_m));
            append_place_seeds(g, segs, snaps.back(), offroad, k, seeds);
        }
        auto nodes = nearest_seeds(g, seeds, Direction::reverse);
        const PlacesOnSegments on(segs.size(), snaps);
        minutes.assign(np, kNaN);
        which.assign(np, ModesResult::kNone);
        for (std::size_t i = 0; i < np; ++i) {
            const auto r =
                time_to_nearest(g, segs, nodes.time_s, nodes.source, on, points[i], offroad);
            if (r.time_s < kUnreached) {
                minutes[i] = r.time_s / 60.0;
                which[i] = set[r.source];
            }
        }
        if (node_time) {
            *node_time = std::move(nodes.time_s);
        }
    };
    std::vector<std::uint32_t> point_place, ignored;
    search(open, t.point_min, point_place, &t.node_time_open);
    search(any, t.point_any_min, ignored, nullptr);
    commune_times(in, point_place, t);
    // The help within time_min along the streets: one search per counted place, bounded by
    // time_min, and each point's exact time to that place alone.
    std::vector<double> hours(np, 0.0), stop_hours(np, 0.0);
    BoundedSearch bounded(g);
    const std::vector<std::uint32_t> only(g.node_count(), 0);
    const double limit_s = m.time_min * 60.0;
    for (const auto p : any) {
        const Snap snap = segs.snap(in.places[p].xy, offroad.max_snap_m);
        std::vector<Seed> seeds;
        append_place_seeds(g, segs, snap, offroad, 0, seeds);
        if (seeds.empty()) {
            continue;
        }
        bounded.run(seeds, Direction::reverse, limit_s);
        const PlacesOnSegments on(segs.size(), std::span<const Snap>(&snap, 1));
        for (std::size_t i = 0; i < np; ++i) {
            const auto r = time_to_nearest(g, segs, bounded.times(), only, on, points[i], offroad);
            if (r.time_s <= limit_s) {
                hours[i] += in.places[p].hours_per_week;
                stop_hours[i] += in.places[p].stop_hours ? in.places[p].hours_per_week : 0.0;
            }
        }
    }
    t.commune_hours = commune_mean(in, hours);
    t.commune_stop_hours = commune_mean(in, stop_hours);
    return t;
}

/// Public transport: the GTFS stage's per-point figures, per commune.
ModeTimes transit_times(const ModesSettings &s, const ModesInputs &in,
                        std::span<const algorithms::geometry::XY> origin, StageContext &ctx) {
    const auto counts = in.access.counts(in.places.size());
    std::vector<std::uint8_t> counted(counts.begin(), counts.end());
    auto r =
        run_transit(s.transit, {in.demand, origin, in.places, counted, s.no_car.open_hours}, ctx);
    ModeTimes t;
    t.approximated = true; // the walks are straight lines
    t.method = r.summary.method;
    t.point_min = std::move(r.point_min);
    t.point_any_min = std::move(r.point_any_min);
    commune_times(in, r.point_place, t);
    t.commune_visit_hours = commune_mean(in, r.point_visit_hours);
    std::vector<double> never(r.point_visit_hours.size());
    for (std::size_t i = 0; i < never.size(); ++i) {
        never[i] = r.point_visit_hours[i] > 0 ? 0.0 : 1.0;
    }
    t.commune_no_visit_share = commune_mean(in, never);
    for (const auto &minutes : r.point_percentile_min) {
        t.commune_percentile_min.push_back(commune_mean(in, minutes));
    }
    t.transit = std::move(r.summary);
    t.transit_surface = std::move(r.surface);
    return t;
}

void validate(const ModesSettings &s) {
    for (const auto &m : s.modes) {
        if (m.transit) {
            continue;
        }
        const std::string where = "[[modes]] " + m.id;
        if (!(m.speed_kmh > 0)) {
            throw Error(ErrorKind::input, where + ": speed_kmh must be above 0, e.g. 4.5 on foot");
        }
        if (m.profile.empty() && !(m.circuity >= 1.0)) {
            throw Error(ErrorKind::input,
                        where + ": the study has no street network for this mode, so it needs "
                                "circuity = the network / straight-line distance ratio (>= 1), "
                                "measured with `hublo circuity` on real streets, e.g. 1.5");
        }
    }
}
} // namespace

ModesResult run_modes(const ModesSettings &settings, const ModesInputs &in, StageContext &ctx) {
    validate(settings);
    ModesResult r;
    const std::size_t n = in.communes.size();
    if (settings.no_car.enabled) {
        split_by_car(settings.no_car, in, r, ctx);
    }
    std::size_t anchored = 0;
    const auto at_place = no_car_origins(in, anchored);
    for (const auto &m : settings.modes) {
        ctx.within("modes: " + m.id);
        const double hours = settings.no_car.open_hours;
        const std::span<const algorithms::geometry::XY> origin =
            m.origin_at_place ? std::span<const algorithms::geometry::XY>(at_place)
                              : std::span<const algorithms::geometry::XY>(in.demand.xy);
        if (m.origin_at_place) {
            r.communes_at_their_place = anchored;
        }
        r.modes.push_back(m.transit ? transit_times(settings, in, origin, ctx)
                          : m.profile.empty()
                              ? straight_line_times(m, hours, in, origin, ctx.threads)
                              : network_times(m, hours, in, origin, ctx));
    }
    r.car_min = open_place_minutes(in.access, in.demand, in.places, n, settings.no_car.open_hours);
    r.no_car_min.assign(n, kNaN);
    r.no_car_any_min.assign(n, kNaN);
    r.no_car_mode.assign(n, ModesResult::kNone);
    r.no_car_far.assign(n, 0);
    r.no_car_ratio.assign(n, kNaN);
    r.no_car_hours.assign(n, kNaN);
    r.no_car_stop_hours.assign(n, kNaN);
    for (std::size_t c = 0; c < n; ++c) {
        bool far = !r.modes.empty();
        for (std::uint32_t k = 0; k < r.modes.size(); ++k) {
            if (!counts_for_no_car(settings, k)) {
                continue; // not a mode the people at risk without a car are counted to use
            }
            const double t = r.modes[k].commune_min[c];
            if (!std::isnan(t) && (std::isnan(r.no_car_min[c]) || t < r.no_car_min[c])) {
                r.no_car_min[c] = t;
                r.no_car_mode[c] = k;
            }
            const double a = r.modes[k].commune_any_min[c];
            if (!std::isnan(a) && (std::isnan(r.no_car_any_min[c]) || a < r.no_car_any_min[c])) {
                r.no_car_any_min[c] = a;
            }
            far = far && !(t <= settings.modes[k].time_min); // NaN: no place, far
            for (auto [from, to] :
                 {std::pair{&r.modes[k].commune_hours, &r.no_car_hours},
                  std::pair{&r.modes[k].commune_stop_hours, &r.no_car_stop_hours}}) {
                const double h = from->empty() ? kNaN : (*from)[c];
                if (!std::isnan(h) && !(h <= (*to)[c])) {
                    (*to)[c] = h;
                }
            }
            const double ratio = t / settings.modes[k].time_min;
            if (!std::isnan(ratio) && !(ratio >= r.no_car_ratio[c])) {
                r.no_car_ratio[c] = ratio;
            }
        }
        r.no_car_far[c] = far ? 1 : 0;
    }
    return r;
}

NoCarReach no_car_reach(const ModesSettings &ms) {
    auto num = [](double v, int decimals) {
        const double scale = std::pow(10.0, decimals);
        return io::json_number(std::round(v * scale) / scale);
    };
    NoCarReach r;
    for (std::size_t k = 0; k < ms.modes.size(); ++k) {
        if (!counts_for_no_car(ms, k) || ms.modes[k].transit) {
            continue;
        }
        const auto &m = ms.modes[k];
        const double circuity = m.circuity > 0 ? m.circuity : 1.35;
        const double metres = m.time_min * 60.0 * m.speed_kmh / 3.6 / circuity;
        r.metres = std::max(r.metres, metres);
        r.method += (r.method.empty() ? "" : ", ") + num(m.time_min, 1) + " min " + m.label + " (" +
                    num(metres / 1000, 2) + " km: straight line x " + num(circuity, 2) + " at " +
                    num(m.speed_kmh, 1) + " km/h)";
    }
    return r;
}

} // namespace hublo::stages
