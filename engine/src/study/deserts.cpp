#include "study/deserts.hpp"

#include "hublo/algorithms/access/e2sfca.hpp"
#include "hublo/algorithms/access/siting.hpp"
#include "hublo/algorithms/dedup.hpp"
#include "hublo/algorithms/locate.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/crs.hpp"
#include "io/text.hpp"
#include "study/isochrones.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

namespace hublo::study {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;
using algorithms::network::kNoSource;
using algorithms::network::kUnreached;
using algorithms::network::Snap;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}

model::Value real_or_null(double v) {
    return std::isnan(v) ? model::Value{} : model::Value{v};
}

} // namespace

std::string demand_at_risk(const DesertInputs &in, std::vector<double> &out) {
    const std::size_t n = in.codes.size();
    std::vector<double> weight_sum(n, 0.0);
    for (std::size_t p = 0; p < in.demand_xy.size(); ++p) {
        weight_sum[in.demand_commune[p]] += known(in.demand_weight[p]);
    }
    out.assign(in.demand_xy.size(), 0.0);
    bool all_estimated = !in.illectronism.empty();
    for (std::size_t i = 0; i < n && all_estimated; ++i) {
        all_estimated = !(known(in.population[i]) > 0) || std::isfinite(in.illectronism[i]);
    }
    if (all_estimated) {
        // The commune's expected people in illectronism, spread over its points by people.
        for (std::size_t p = 0; p < out.size(); ++p) {
            const auto c = in.demand_commune[p];
            out[p] = weight_sum[c] > 0
                         ? known(in.illectronism[c]) * known(in.demand_weight[p]) / weight_sum[c]
                         : 0.0;
        }
        return "people_at_risk";
    }
    if (!in.risk_index.empty()) {
        // People weighted by their commune's risk index over its population-weighted mean:
        // the total stays the population, shifted towards the communes most at risk.
        double num = 0, den = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isfinite(in.risk_index[i]) && known(in.population[i]) > 0) {
                num += in.risk_index[i] * in.population[i];
                den += in.population[i];
            }
        }
        const double mean = den > 0 ? num / den : 1.0;
        for (std::size_t p = 0; p < out.size(); ++p) {
            const double idx = in.risk_index[in.demand_commune[p]];
            out[p] = known(in.demand_weight[p]) * (std::isfinite(idx) ? idx / mean : 1.0);
        }
        return "risk_weighted_population";
    }
    for (std::size_t p = 0; p < out.size(); ++p) {
        out[p] = known(in.demand_weight[p]);
    }
    return "population";
}

namespace {

/// The value at the cut-off of the `share` of communes with the highest (top) or lowest
/// values; NaN values are left out.
double cutoff(std::vector<double> values, double share, bool top) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty() || !(share > 0)) {
        return top ? kUnreached : -kUnreached;
    }
    std::sort(values.begin(), values.end());
    if (top) {
        std::reverse(values.begin(), values.end());
    }
    const auto k = static_cast<std::size_t>(std::ceil(share * static_cast<double>(values.size())));
    return values[std::min(values.size(), std::max<std::size_t>(k, 1)) - 1];
}

std::string two_digits(int v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}
} // namespace

DesertResult compute_deserts(const StudyConfig &cfg, const DesertInputs &in, geom::Geos &geos) {
    const std::size_t n = in.codes.size();
    DesertResult r;
    std::vector<double> demand;
    r.demand_kind = demand_at_risk(in, demand);
    r.commune_demand.assign(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.commune_demand[in.demand_commune[p]] += demand[p];
    }
    r.demand_total = std::accumulate(demand.begin(), demand.end(), 0.0);

    algorithms::network::OffroadParameters offroad;
    offroad.speed_kmh = in.offroad_speed_kmh;
    offroad.max_snap_m = in.max_snap_m;

    // ---- E2SFCA over the counted places
    const auto &ac = cfg.accessibility;
    std::vector<Snap> counted_snaps;
    std::vector<double> counted_capacity;
    for (std::size_t j = 0; j < in.place_snaps.size(); ++j) {
        if (!in.place_counts[j] || !in.place_snaps[j].snapped()) {
            continue;
        }
        if (!(in.capacity[j] > 0) || !std::isfinite(in.capacity[j])) {
            throw Error(ErrorKind::data,
                        "place " + in.place_ids[j] + " (" + in.place_names[j] +
                            ") has a capacity of " + io::format_number(in.capacity[j]) +
                            "; accessibility divides by capacities: give it a capacity above 0 "
                            "in its source, or leave the column empty (1)");
        }
        counted_snaps.push_back(in.place_snaps[j]);
        counted_capacity.push_back(in.capacity[j]);
    }
    const auto decay = ac.decay == "gaussian"
                           ? algorithms::access::Decay::gaussian(ac.catchment_min * 60.0)
                           : algorithms::access::Decay::steps(
                                 [&] {
                                     std::vector<double> s;
                                     for (const double m : ac.bands_min) {
                                         s.push_back(m * 60.0);
                                     }
                                     return s;
                                 }(),
                                 ac.weights);
    r.decay = decay.describe();
    algorithms::network::CatchmentParameters cp;
    cp.limit_s = ac.catchment_min * 60.0;
    cp.threads = in.threads;
    algorithms::network::CatchmentTimes reach;
    const algorithms::network::CatchmentTimes *rows = &reach;
    const bool same_searches = in.catchment != nullptr && in.catchment_limit_s == cp.limit_s &&
                               in.catchment->places() == in.place_snaps.size();
    if (same_searches && counted_snaps.size() == in.place_snaps.size()) {
        rows = in.catchment; // every place counts: the access stage's rows as they are
    } else if (same_searches) {
        // The same searches as the access stage's: keep the rows of the counted places.
        reach.first.push_back(0);
        for (std::size_t j = 0; j < in.place_snaps.size(); ++j) {
            if (!in.place_counts[j] || !in.place_snaps[j].snapped()) {
                continue;
            }
            const auto pts = in.catchment->of(j);
            const auto ts = in.catchment->times_of(j);
            reach.point.insert(reach.point.end(), pts.begin(), pts.end());
            reach.time_s.insert(reach.time_s.end(), ts.begin(), ts.end());
            reach.first.push_back(static_cast<std::uint32_t>(reach.point.size()));
        }
    } else {
        reach = algorithms::network::catchment_times(*in.graph, *in.segments, counted_snaps,
                                                     in.demand_snaps, offroad, cp);
    }
    const auto e = algorithms::access::e2sfca(*rows, counted_capacity, demand, decay);
    for (std::size_t j = 0; j < counted_capacity.size(); ++j) {
        r.total_capacity += e.weighted_demand[j] > 0 ? counted_capacity[j] : 0.0;
    }
    std::vector<double> acc_num(n, 0.0), acc_den(n, 0.0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.demand_weighted_accessibility += demand[p] * e.accessibility[p];
        const auto c = in.demand_commune[p];
        acc_num[c] += demand[p] * e.accessibility[p];
        acc_den[c] += demand[p];
    }
    r.commune_accessibility.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (acc_den[i] > 0) {
            r.commune_accessibility[i] = acc_num[i] / acc_den[i] * ac.per;
        } else if (in.main_point.size() == n) {
            r.commune_accessibility[i] = e.accessibility[in.main_point[i]] * ac.per;
        }
    }

    // ---- the desert rule
    std::vector<double> tnum(n, 0.0), tden(n, 0.0), tmax(n, 0.0);
    std::vector<std::uint8_t> unreachable(n, 0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        const auto c = in.demand_commune[p];
        const double w = known(in.demand_weight[p]) > 0 ? in.demand_weight[p] : 1.0;
        if (in.demand_time_s[p] < kUnreached) {
            tnum[c] += w * in.demand_time_s[p] / 60.0;
            tden[c] += w;
            tmax[c] = std::max(tmax[c], in.demand_time_s[p] / 60.0);
        } else {
            unreachable[c] = 1;
        }
    }
    std::vector<double> time(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        time[i] = unreachable[i] ? kUnreached : (tden[i] > 0 ? tnum[i] / tden[i] : kNaN);
    }
    const auto &dc = cfg.deserts;
    const bool with_risk = !in.risk_index.empty();
    r.risk_threshold =
        with_risk ? cutoff({in.risk_index.begin(), in.risk_index.end()}, dc.risk_top_share, true)
                  : 0.0;
    r.access_threshold = cutoff(r.commune_accessibility, dc.accessibility_bottom_share, false);
    r.risk_top.assign(n, 0);
    r.far.assign(n, 0);
    r.low_access.assign(n, 0);
    r.desert.assign(n, 0);
    r.zone_of_commune.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        r.risk_top[i] =
            !with_risk || (std::isfinite(in.risk_index[i]) && in.risk_index[i] >= r.risk_threshold);
        r.far[i] = time[i] > dc.time_min; // NaN (no demand point) is not far
        r.low_access[i] = std::isfinite(r.commune_accessibility[i]) &&
                          r.commune_accessibility[i] <= r.access_threshold;
        r.desert[i] = dc.enabled && known(in.population[i]) > 0 && r.risk_top[i] &&
                      (r.far[i] || r.low_access[i]);
    }

    // ---- zones: desert communes that share a border, dissolved
    model::Layer &z = r.deserts;
    z.name = "deserts";
    if (dc.enabled) {
        std::vector<std::uint32_t> members;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (r.desert[i]) {
                members.push_back(i);
            }
        }
        std::vector<algorithms::geometry::Box> box;
        for (const auto i : members) {
            box.push_back(algorithms::geometry::bounds(in.geoms[i]));
        }
        std::vector<std::uint32_t> parent(members.size());
        std::iota(parent.begin(), parent.end(), 0u);
        auto find = [&](std::uint32_t x) {
            while (parent[x] != x) {
                x = parent[x] = parent[parent[x]];
            }
            return x;
        };
        // Sweep along x: only pairs whose boxes overlap in x are compared (not all pairs).
        std::vector<std::uint32_t> by_x(members.size());
        std::iota(by_x.begin(), by_x.end(), 0u);
        std::sort(by_x.begin(), by_x.end(), [&](std::uint32_t u, std::uint32_t v) {
            return std::tie(box[u].min_x, u) < std::tie(box[v].min_x, v);
        });
        for (std::size_t ia = 0; ia < by_x.size(); ++ia) {
            const std::size_t a = by_x[ia];
            for (std::size_t ib = ia + 1; ib < by_x.size() && box[by_x[ib]].min_x <= box[a].max_x;
                 ++ib) {
                const std::size_t b = by_x[ib];
                if (box[a].intersects(box[b]) &&
                    find(static_cast<std::uint32_t>(a)) != find(static_cast<std::uint32_t>(b)) &&
                    geos.shares_border(in.geoms[members[a]], in.geoms[members[b]])) {
                    parent[find(static_cast<std::uint32_t>(a))] =
                        find(static_cast<std::uint32_t>(b));
                }
            }
        }
        std::map<std::uint32_t, std::vector<std::uint32_t>> groups; // root -> communes
        for (std::size_t a = 0; a < members.size(); ++a) {
            groups[find(static_cast<std::uint32_t>(a))].push_back(members[a]);
        }
        struct Zone {
            std::vector<std::uint32_t> communes;
            DesertZone info;
            std::string first_code;
        };
        std::vector<Zone> zones;
        // The demand points of each commune (CSR), so a zone visits its own points only.
        std::vector<std::uint32_t> point_start(n + 1, 0), point_of(demand.size());
        for (std::size_t p = 0; p < demand.size(); ++p) {
            ++point_start[in.demand_commune[p] + 1];
        }
        for (std::size_t c = 0; c < n; ++c) {
            point_start[c + 1] += point_start[c];
        }
        {
            std::vector<std::uint32_t> fill(point_start.begin(), point_start.end() - 1);
            for (std::size_t p = 0; p < demand.size(); ++p) {
                point_of[fill[in.demand_commune[p]]++] = static_cast<std::uint32_t>(p);
            }
        }
        for (auto &[root, communes] : groups) {
            Zone zone;
            zone.communes = communes;
            auto &info = zone.info;
            info.communes = communes.size();
            double tn = 0, td = 0, an = 0, ad = 0, best_pop = -1;
            std::map<std::string, double> nearest;
            zone.first_code = in.codes[communes.front()];
            for (const auto c : communes) {
                zone.first_code = std::min(zone.first_code, in.codes[c]);
                const double pop = known(in.population[c]);
                info.population += pop;
                info.demand += r.commune_demand[c];
                if (std::isfinite(time[c]) && time[c] < kUnreached) {
                    tn += pop * time[c];
                    td += pop;
                }
                info.time_max_min =
                    std::max(info.time_max_min, time[c] < kUnreached ? tmax[c] : kUnreached);
                if (std::isfinite(r.commune_accessibility[c])) {
                    an += r.commune_demand[c] * r.commune_accessibility[c];
                    ad += r.commune_demand[c];
                }
                if (pop > best_pop) {
                    best_pop = pop;
                    info.name = in.names[c];
                }
            }
            for (const auto c : communes) {
                for (auto k = point_start[c]; k < point_start[c + 1]; ++k) {
                    const auto p = point_of[k];
                    if (in.demand_place[p] != kNoSource) {
                        nearest[in.place_names[in.demand_place[p]]] += known(in.demand_weight[p]);
                    }
                }
            }
            std::vector<std::pair<double, std::string>> ranked;
            for (const auto &[name, people] : nearest) {
                ranked.emplace_back(-people, name);
            }
            std::sort(ranked.begin(), ranked.end());
            for (std::size_t k = 0; k < std::min<std::size_t>(3, ranked.size()); ++k) {
                info.nearest_places += (k ? " | " : "") + ranked[k].second;
            }
            info.time_mean_min = td > 0 ? tn / td : kNaN;
            info.accessibility = ad > 0 ? an / ad : 0.0;
            zones.push_back(std::move(zone));
        }
        std::sort(zones.begin(), zones.end(), [](const Zone &a, const Zone &b) {
            if (a.info.demand != b.info.demand) {
                return a.info.demand > b.info.demand;
            }
            if (a.info.population != b.info.population) {
                return a.info.population > b.info.population;
            }
            return a.first_code < b.first_code;
        });
        auto &f_id = z.add_field("id", model::FieldType::string);
        auto &f_rank = z.add_field("rank", model::FieldType::integer);
        auto &f_name = z.add_field("name", model::FieldType::string);
        auto &f_nc = z.add_field("communes", model::FieldType::integer);
        auto &f_codes = z.add_field("commune_codes", model::FieldType::string);
        auto &f_pop = z.add_field("population", model::FieldType::real);
        auto &f_dem = z.add_field("demand", model::FieldType::real);
        auto &f_tm = z.add_field("time_mean_min", model::FieldType::real);
        auto &f_tx = z.add_field("time_max_min", model::FieldType::real);
        auto &f_acc = z.add_field("accessibility", model::FieldType::real);
        auto &f_near = z.add_field("nearest_places", model::FieldType::string);
        auto &f_area = z.add_field("area_km2", model::FieldType::real);
        for (std::size_t k = 0; k < zones.size(); ++k) {
            auto &zone = zones[k];
            zone.info.rank = static_cast<int>(k + 1);
            zone.info.id = "D" + two_digits(zone.info.rank);
            std::vector<const MultiPolygon *> parts;
            std::string codes;
            for (const auto c : zone.communes) {
                parts.push_back(&in.geoms[c]);
                codes += (codes.empty() ? "" : "|") + in.codes[c];
                r.zone_of_commune[c] = zone.info.rank;
            }
            z.polygons.push_back(parts.size() == 1 ? *parts[0] : geos.dissolve(parts));
            f_id.values.emplace_back(zone.info.id);
            f_rank.values.emplace_back(static_cast<std::int64_t>(zone.info.rank));
            f_name.values.emplace_back(zone.info.name);
            f_nc.values.emplace_back(static_cast<std::int64_t>(zone.info.communes));
            f_codes.values.emplace_back(codes);
            f_pop.values.emplace_back(zone.info.population);
            f_dem.values.emplace_back(std::round(zone.info.demand * 10) / 10);
            f_tm.values.push_back(real_or_null(zone.info.time_mean_min));
            f_tx.values.push_back(zone.info.time_max_min < kUnreached
                                      ? model::Value{zone.info.time_max_min}
                                      : model::Value{});
            f_acc.values.emplace_back(zone.info.accessibility);
            f_near.values.emplace_back(zone.info.nearest_places);
            f_area.values.emplace_back(
                std::round(algorithms::geometry::area(z.polygons.back()) / 1e4) / 100.0);
            r.zones.push_back(zone.info);
        }
    }

    // ---- siting
    model::Layer &rec = r.recommendations;
    rec.name = "recommendations";
    rec.geometry = model::GeometryType::points;
    if (cfg.siting.enabled) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto &sc = cfg.siting;
        std::vector<XY> cxy;
        std::vector<Snap> csnap;
        std::vector<std::string> cid, cname, ccommune;
        if (!sc.candidates.empty()) {
            const auto points = read_points_file(sc.candidates);
            const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"),
                                           io::Crs::from_user(cfg.crs, "[study] crs"));
            const algorithms::locate::PolygonLocator locator(in.geoms);
            for (std::size_t k = 0; k < points.size(); ++k) {
                const XY p = to_study.apply(XY{points[k].lon, points[k].lat});
                cxy.push_back(p);
                csnap.push_back(in.segments->snap(p, in.max_snap_m));
                cid.push_back(points[k].id.empty() ? "C" + std::to_string(k + 1) : points[k].id);
                cname.push_back(points[k].name);
                const auto i = locator.find(p);
                ccommune.push_back(i ? in.codes[*i] : std::string());
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                if (in.places_inside[i] == 0 && known(in.population[i]) > 0) {
                    const auto m = in.main_point[i];
                    cxy.push_back(in.demand_xy[m]);
                    csnap.push_back(in.demand_snaps[m]);
                    cid.push_back(in.codes[i]);
                    cname.push_back(in.names[i]);
                    ccommune.push_back(in.codes[i]);
                }
            }
        }
        r.candidates = cxy.size();
        if (static_cast<std::size_t>(sc.k) > cxy.size()) {
            throw Error(ErrorKind::input,
                        "[siting] k = " + std::to_string(sc.k) + " is more than the " +
                            std::to_string(cxy.size()) + " candidate sites" +
                            (sc.candidates.empty() ? " (communes without a place)"
                                                   : " of " + sc.candidates.string()) +
                            "; lower k or give more candidates");
        }
        algorithms::network::CatchmentParameters sp;
        sp.limit_s = sc.minutes * 60.0;
        sp.threads = in.threads;
        const auto creach = algorithms::network::catchment_times(*in.graph, *in.segments, csnap,
                                                                 in.demand_snaps, offroad, sp);
        std::vector<std::uint8_t> covered(demand.size(), 0);
        for (std::size_t p = 0; p < demand.size(); ++p) {
            covered[p] = in.demand_time_s[p] <= sp.limit_s ? 1 : 0;
        }
        const auto s = algorithms::access::greedy_cover(creach, demand, covered,
                                                        static_cast<std::size_t>(sc.k));
        r.covered_before = s.covered_before;
        // People (not demand) newly covered by each pick, replayed in order.
        std::vector<std::uint8_t> people_cov = covered;
        auto &f_rank = rec.add_field("rank", model::FieldType::integer);
        auto &f_id = rec.add_field("id", model::FieldType::string);
        auto &f_name = rec.add_field("name", model::FieldType::string);
        auto &f_commune = rec.add_field("commune", model::FieldType::string);
        auto &f_gain = rec.add_field("gain", model::FieldType::real);
        auto &f_gpop = rec.add_field("gain_population", model::FieldType::real);
        auto &f_cov = rec.add_field("covered", model::FieldType::real);
        auto &f_share = rec.add_field("covered_share", model::FieldType::real);
        for (std::size_t k = 0; k < s.picks.size(); ++k) {
            const auto c = s.picks[k];
            double gpop = 0;
            for (const auto p : creach.of(c)) {
                if (!people_cov[p]) {
                    people_cov[p] = 1;
                    gpop += known(in.demand_weight[p]);
                }
            }
            rec.points.push_back(cxy[c]);
            f_rank.values.emplace_back(static_cast<std::int64_t>(k + 1));
            f_id.values.emplace_back(cid[c]);
            f_name.values.emplace_back(cname[c]);
            f_commune.values.emplace_back(ccommune[c]);
            f_gain.values.emplace_back(std::round(s.gain[k] * 10) / 10);
            f_gpop.values.emplace_back(std::round(gpop));
            f_cov.values.emplace_back(std::round(s.covered[k] * 10) / 10);
            const double share = s.total > 0 ? s.covered[k] / s.total : 0.0;
            f_share.values.emplace_back(std::round(share * 1e6) / 1e6);
            r.picks.push_back(SitingPick{static_cast<int>(k + 1), cid[c], cname[c], ccommune[c],
                                         s.gain[k], share});
        }
        r.siting_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return r;
}

void add_commune_deserts(model::Layer &layer, const DesertResult &r, bool with_deserts) {
    auto &dem = layer.add_field("demand_at_risk", model::FieldType::real);
    auto &acc = layer.add_field("accessibility", model::FieldType::real);
    for (std::size_t i = 0; i < r.commune_demand.size(); ++i) {
        dem.values.emplace_back(std::round(r.commune_demand[i] * 10) / 10);
        acc.values.push_back(real_or_null(r.commune_accessibility[i]));
    }
    if (!with_deserts) {
        return;
    }
    auto &top = layer.add_field("risk_top", model::FieldType::integer);
    auto &far = layer.add_field("far", model::FieldType::integer);
    auto &low = layer.add_field("low_access", model::FieldType::integer);
    auto &des = layer.add_field("desert", model::FieldType::integer);
    auto &zone = layer.add_field("desert_rank", model::FieldType::integer);
    for (std::size_t i = 0; i < r.commune_demand.size(); ++i) {
        top.values.emplace_back(static_cast<std::int64_t>(r.risk_top[i]));
        far.values.emplace_back(static_cast<std::int64_t>(r.far[i]));
        low.values.emplace_back(static_cast<std::int64_t>(r.low_access[i]));
        des.values.emplace_back(static_cast<std::int64_t>(r.desert[i]));
        zone.values.push_back(r.zone_of_commune[i] ? model::Value{r.zone_of_commune[i]}
                                                   : model::Value{});
    }
}

void add_level_deserts(model::Layer &layer, std::size_t areas,
                       const std::vector<std::ptrdiff_t> &area_of_commune, const DesertInputs &in,
                       const DesertResult &r) {
    std::vector<double> demand(areas, 0.0), an(areas, 0.0), ad(areas, 0.0);
    std::vector<double> dpop(areas, 0.0), ddem(areas, 0.0);
    std::vector<std::int64_t> dcount(areas, 0);
    for (std::size_t i = 0; i < r.commune_demand.size(); ++i) {
        if (area_of_commune[i] < 0) {
            continue;
        }
        const auto k = static_cast<std::size_t>(area_of_commune[i]);
        demand[k] += r.commune_demand[i];
        if (std::isfinite(r.commune_accessibility[i])) {
            an[k] += r.commune_demand[i] * r.commune_accessibility[i];
            ad[k] += r.commune_demand[i];
        }
        if (r.desert[i]) {
            ++dcount[k];
            dpop[k] += known(in.population[i]);
            ddem[k] += r.commune_demand[i];
        }
    }
    auto &f_dem = layer.add_field("demand_at_risk", model::FieldType::real);
    auto &f_acc = layer.add_field("accessibility", model::FieldType::real);
    for (std::size_t k = 0; k < areas; ++k) {
        f_dem.values.emplace_back(std::round(demand[k] * 10) / 10);
        f_acc.values.push_back(ad[k] > 0 ? model::Value{an[k] / ad[k]} : model::Value{});
    }
    if (r.deserts.fields.empty()) {
        return; // no [deserts]
    }
    auto &f_dc = layer.add_field("desert_communes", model::FieldType::integer);
    auto &f_dp = layer.add_field("desert_population", model::FieldType::real);
    auto &f_dd = layer.add_field("desert_demand", model::FieldType::real);
    for (std::size_t k = 0; k < areas; ++k) {
        f_dc.values.emplace_back(dcount[k]);
        f_dp.values.emplace_back(dpop[k]);
        f_dd.values.emplace_back(std::round(ddem[k] * 10) / 10);
    }
}

} // namespace hublo::study
