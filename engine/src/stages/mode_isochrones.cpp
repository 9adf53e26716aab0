// The coverage isochrones of each [[modes]] entry: on foot, by bike... to the nearest place
// open enough hours, on the coverage raster (stages/isochrones.hpp).
#include "hublo/algorithms/isochrone/last_leg.hpp"
#include "stages/isochrones.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace hublo::stages {

using algorithms::geometry::XY;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// The places counted and open `hours` a week.
std::vector<XY> open_places(const IsochronesInputs &in, double hours) {
    std::vector<XY> out;
    const auto counts = in.access.counts(in.places.size());
    for (std::size_t p = 0; p < in.places.size(); ++p) {
        if (counts[p] && in.places[p].hours_per_week >= hours) {
            out.push_back(in.places[p].xy);
        }
    }
    return out;
}

/// Seconds from every labelled raster node to the nearest of `places` as the crow flies x
/// circuity at `speed_kmh`, up to `limit_s` (+inf beyond). Places are bucketed in squares
/// of the limit's distance, so a node looks at the 3 x 3 squares around it only.
std::vector<double> straight_line_surface(const RasterFrame &f,
                                          std::span<const std::uint32_t> label,
                                          const std::vector<XY> &places, double circuity,
                                          double speed_kmh, double limit_s) {
    std::vector<double> t(f.cols * f.rows, kInf);
    const double s_per_m = circuity / (speed_kmh / 3.6);
    const double reach = limit_s / s_per_m;
    if (places.empty() || !(reach > 0)) {
        return t;
    }
    auto key = [&](long i, long j) {
        return (static_cast<std::int64_t>(i) << 32) ^ (j & 0xFFFFFFFF);
    };
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> buckets;
    for (std::uint32_t p = 0; p < places.size(); ++p) {
        buckets[key(static_cast<long>(std::floor(places[p].x / reach)),
                    static_cast<long>(std::floor(places[p].y / reach)))]
            .push_back(p);
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (label[i] == algorithms::isochrone::kNoArea) {
            continue;
        }
        const XY xy{f.x0 + static_cast<double>(i % f.cols) * f.cell,
                    f.y0 + static_cast<double>(i / f.cols) * f.cell};
        const auto bi = static_cast<long>(std::floor(xy.x / reach));
        const auto bj = static_cast<long>(std::floor(xy.y / reach));
        double best = kInf;
        for (long di = -1; di <= 1; ++di) {
            for (long dj = -1; dj <= 1; ++dj) {
                const auto it = buckets.find(key(bi + di, bj + dj));
                if (it == buckets.end()) {
                    continue;
                }
                for (const auto p : it->second) {
                    const double dx = places[p].x - xy.x, dy = places[p].y - xy.y;
                    best = std::min(best, dx * dx + dy * dy);
                }
            }
        }
        const double s = std::sqrt(best) * s_per_m;
        if (s <= limit_s) {
            t[i] = s;
        }
    }
    return t;
}
/// The same on the mode's own street network: the time surface of its nodes' times to the
/// nearest place open enough (off the network at the mode's speed, up to its max_offroad_m),
/// kept to the communes' land.
std::vector<double> network_surface(const RasterFrame &f, std::span<const std::uint32_t> label,
                                    const ModeTimes &times, const ModeSettings &m, double limit_s,
                                    unsigned threads) {
    algorithms::isochrone::SurfaceParameters prm;
    prm.x0 = f.x0;
    prm.y0 = f.y0;
    prm.cols = f.cols;
    prm.rows = f.rows;
    prm.cell_m = f.cell;
    prm.offroad_speed_kmh = m.speed_kmh;
    prm.max_offroad_m = m.max_offroad_m;
    prm.limit_s = limit_s;
    prm.direction = algorithms::network::Direction::reverse;
    prm.threads = threads;
    auto t = algorithms::isochrone::time_surface(times.network->net.graph, times.network->segments,
                                                 times.node_time_open, prm);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (label[i] == algorithms::isochrone::kNoArea) {
            t[i] = kInf;
        }
    }
    return t;
}
} // namespace

std::vector<model::Layer> mode_isochrones(const IsochronesSettings &iso, const IsochronesInputs &in,
                                          const RasterFrame &frame,
                                          std::span<const std::uint32_t> label,
                                          const NodePeople *spread, StageContext &ctx) {
    std::vector<model::Layer> out;
    const auto &settings = *in.modes;
    const auto &result = *in.modes_result;
    const auto places = open_places(in, settings.no_car.open_hours);
    // The share of each commune's people at risk who have no car.
    const std::size_t n = in.communes.size();
    std::vector<double> no_car_share(n, 0.0);
    if (settings.no_car.enabled) {
        for (std::size_t c = 0; c < n; ++c) {
            const double all = result.at_risk_no_car[c] + result.at_risk_car[c];
            if (all > 0) {
                no_car_share[c] = result.at_risk_no_car[c] / all;
            }
        }
    }
    for (std::size_t k = 0; k < settings.modes.size(); ++k) {
        const auto &m = settings.modes[k];
        const auto &times = result.modes[k];
        if (!m.profile.empty() && !times.network) {
            continue; // not computed on its network (none is loaded without a profile)
        }
        ctx.within("isochrones: " + m.id);
        const double limit_s = m.thresholds_min.back() * 60.0;
        const auto surface =
            m.transit ? transit_surface(*times.transit_surface, frame.x0, frame.y0, frame.cell,
                                        frame.cols, frame.rows, label,
                                        algorithms::isochrone::kNoArea, limit_s, ctx.threads)
            : m.profile.empty()
                ? straight_line_surface(frame, label, places, m.circuity, m.speed_kmh, limit_s)
                : network_surface(frame, label, times, m, limit_s, ctx.threads);
        const algorithms::isochrone::Raster raster{frame.cols, frame.rows, frame.x0,
                                                   frame.y0,   frame.cell, surface};
        const bool disjoint = iso.bands == "disjoint";
        auto geoms = make_bands(
            raster, {m.thresholds_min, disjoint, iso.denoise_m2, iso.generalize_m}, ctx.geos);
        model::Layer layer;
        layer.name = "isochrones_" + m.id;
        auto &mode = layer.add_field("mode", model::FieldType::string);
        BandColumns columns(layer);
        auto &no_car = layer.add_field("at_risk_no_car", model::FieldType::real);
        auto &method = layer.add_field("method", model::FieldType::string);
        for (std::size_t b = 0; b < m.thresholds_min.size(); ++b) {
            const double lo = disjoint && b > 0 ? m.thresholds_min[b - 1] : 0.0;
            const double hi = m.thresholds_min[b];
            auto in_band = [&](double s) { return s <= hi * 60.0 && (!(lo > 0) || s > lo * 60.0); };
            double pop = 0.0, risky = 0.0, without = 0.0;
            auto count = [&](std::uint32_t p, double people, double risk) {
                pop += people;
                risky += risk;
                without += risk * no_car_share[in.demand.commune[p]];
            };
            for (std::size_t p = 0; p < in.demand.xy.size(); ++p) {
                const bool at_point = !spread || spread->at_point[p];
                const double minutes = result.modes[k].point_min[p];
                if (at_point && !std::isnan(minutes) && in_band(minutes * 60.0)) {
                    const double w = in.demand.weight[p];
                    count(static_cast<std::uint32_t>(p), std::isnan(w) ? 0.0 : w,
                          in.at_risk.empty() ? 0.0 : in.at_risk[p]);
                }
            }
            if (spread) {
                for (std::size_t i = 0; i < spread->node.size(); ++i) {
                    if (in_band(surface[spread->node[i]])) {
                        count(spread->point[i], spread->people[i], spread->at_risk[i]);
                    }
                }
            }
            mode.values.emplace_back(m.label);
            columns.add(lo, hi, geoms[b], std::round(pop * 10) / 10,
                        in.at_risk.empty() ? kNaN : risky);
            no_car.values.push_back(settings.no_car.enabled
                                        ? model::Value{std::round(without * 10) / 10}
                                        : model::Value{});
            method.values.emplace_back(times.method +
                                       (times.approximated ? " (approximated)" : ""));
            layer.polygons.push_back(std::move(geoms[b]));
        }
        out.push_back(std::move(layer));
    }
    return out;
}

} // namespace hublo::stages
