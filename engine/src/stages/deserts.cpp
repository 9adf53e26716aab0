#include "stages/deserts.hpp"

#include "core/strings.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace hublo::stages {

using algorithms::geometry::MultiPolygon;
using algorithms::network::kNoSource;
using algorithms::network::kUnreached;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}

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

/// Per commune: the people-weighted mean time to the nearest place (kUnreached when a point
/// is unreachable, NaN without points) and the worst point's time.
struct CommuneTimes {
    std::vector<double> mean_min, max_min;
};

/// Per commune, the people-weighted mean time to the nearest place and its worst point's.
CommuneTimes commune_times(const DesertsInputs &in) {
    const std::size_t n = in.communes.size();
    std::vector<double> tnum(n, 0.0), tden(n, 0.0), tmax(n, 0.0);
    std::vector<std::uint8_t> unreachable(n, 0);
    for (std::size_t p = 0; p < in.demand.xy.size(); ++p) {
        const auto c = in.demand.commune[p];
        const double w = known(in.demand.weight[p]) > 0 ? in.demand.weight[p] : 1.0;
        if (in.access.demand_time_s[p] < kUnreached) {
            tnum[c] += w * in.access.demand_time_s[p] / 60.0;
            tden[c] += w;
            tmax[c] = std::max(tmax[c], in.access.demand_time_s[p] / 60.0);
        } else {
            unreachable[c] = 1;
        }
    }
    std::vector<double> time(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        time[i] = unreachable[i] ? kUnreached : (tden[i] > 0 ? tnum[i] / tden[i] : kNaN);
    }
    return {time, tmax};
}

/// The former rule: risk in the top share AND (far OR little accessibility).
void apply_risk_index_rule(const DesertsSettings &dc, const DesertsInputs &in,
                           const CommuneTimes &times, DesertsResult &r) {
    const std::size_t n = in.communes.size();
    const auto &time = times.mean_min;
    const bool with_risk = !in.risk_index.empty();
    r.risk_threshold =
        with_risk ? cutoff({in.risk_index.begin(), in.risk_index.end()}, dc.risk_top_share, true)
                  : 0.0;
    r.access_threshold =
        cutoff(in.accessibility.commune_accessibility, dc.accessibility_bottom_share, false);
    for (std::size_t i = 0; i < n; ++i) {
        r.risk_top[i] =
            !with_risk || (std::isfinite(in.risk_index[i]) && in.risk_index[i] >= r.risk_threshold);
        r.far[i] = time[i] > dc.time_min; // NaN (no demand point) is not far
        r.low_access[i] = std::isfinite(in.accessibility.commune_accessibility[i]) &&
                          in.accessibility.commune_accessibility[i] <= r.access_threshold;
        r.desert[i] = dc.enabled && known(in.population[i]) > 0 && r.risk_top[i] &&
                      (r.far[i] || r.low_access[i]);
    }
}

/// The "reasons" rule, with its robustness: many people at risk AND (far OR thin). With
/// [[modes]], "far" weighs both groups: the people at risk with a car count when the car is
/// beyond the time, those without when their best mode is, and far needs enough of them.
void apply_reasons_rule(const DesertsSettings &dc, const DesertsInputs &in, DesertsResult &r) {
    const std::size_t n = in.communes.size();
    if (in.at_risk.size() != n) {
        throw Error(ErrorKind::input,
                    "[deserts] rule = \"reasons\" counts the expected people in illectronism "
                    "of each commune: give [risk] an age structure (age_columns or age_grid), "
                    "or use rule = \"risk_index\"");
    }
    r.open_place_min =
        open_place_minutes(in.access, in.demand, in.places, in.communes.size(), dc.far_open_hours);
    r.many.assign(n, 0);
    r.robust.assign(n, 0);
    r.by_group = in.no_car_ratio.size() == n && in.at_risk_no_car.size() == n;
    if (r.by_group) {
        r.far_car.assign(n, 0);
        r.far_no_car.assign(n, 0);
        r.at_risk_far.assign(n, kNaN);
        r.at_risk_far_no_car.assign(n, kNaN);
    }
    const double far_min = std::isnan(dc.far_at_risk_min) ? dc.at_risk_min : dc.far_at_risk_min;
    const auto &supply = in.accessibility.commune_supply_per;
    struct Why {
        bool many = false, far = false, thin = false, far_car = false, far_no_car = false;
        double far_people = kNaN, far_no_car_people = kNaN;
    };
    // One evaluation of the rule: the commune's people at risk, and the thresholds (the
    // no-car modes' own times scale with time_min).
    auto desert = [&](std::size_t i, double at_risk, double time_min, double thin_below, Why &w) {
        const double p15 = in.people_15plus.empty() ? kNaN : in.people_15plus[i];
        w.many = at_risk >= dc.at_risk_min &&
                 (dc.at_risk_rate_min <= 0 || (p15 > 0 && at_risk / p15 >= dc.at_risk_rate_min));
        const double t = r.open_place_min[i];
        w.far_car = std::isnan(t) || t > time_min;
        if (r.by_group) {
            // The share without a car moves with the commune's estimate.
            const double expected = known(in.at_risk[i]);
            const double q = expected > 0 && !std::isnan(in.at_risk_no_car[i])
                                 ? std::clamp(in.at_risk_no_car[i] / expected, 0.0, 1.0)
                                 : 0.0;
            const double ratio = in.no_car_ratio[i];
            const double scale = dc.time_min > 0 ? time_min / dc.time_min : 1.0;
            w.far_no_car = q > 0 && !(ratio <= scale); // NaN: no place, far
            w.far_no_car_people = w.far_no_car ? at_risk * q : 0.0;
            w.far_people = (w.far_car ? at_risk * (1.0 - q) : 0.0) + w.far_no_car_people;
            w.far = w.far_people >= far_min && w.far_people > 0;
        } else {
            w.far = w.far_car;
        }
        // The supply per people at risk moves inversely with the commune's estimate.
        const double expected = in.at_risk[i];
        const double s = expected > 0 && at_risk > 0 ? supply[i] * expected / at_risk : supply[i];
        w.thin = std::isfinite(s) && s < thin_below;
        return known(in.population[i]) > 0 && w.many && (w.far || w.thin);
    };
    const double dt = dc.time_min * dc.robust_change, dh = dc.thin_below * dc.robust_change;
    for (std::size_t i = 0; i < n; ++i) {
        Why w, ignored;
        const double e = known(in.at_risk[i]);
        r.desert[i] = dc.enabled && desert(i, e, dc.time_min, dc.thin_below, w);
        r.many[i] = w.many;
        r.risk_top[i] = w.many;
        r.far[i] = w.far;
        r.low_access[i] = w.thin;
        if (r.by_group) {
            // Which group is far (a group without anyone in it is not).
            const double without = known(in.at_risk_no_car[i]);
            r.far_car[i] = w.far && w.far_car && without < e;
            r.far_no_car[i] = w.far && w.far_no_car;
            r.at_risk_far[i] = w.far_people;
            r.at_risk_far_no_car[i] = w.far_no_car_people;
        }
        if (!r.desert[i]) {
            continue;
        }
        const double low = in.at_risk_low.empty() ? e : known(in.at_risk_low[i]);
        const double high = in.at_risk_high.empty() ? e : known(in.at_risk_high[i]);
        r.robust[i] = desert(i, low, dc.time_min, dc.thin_below, ignored) &&
                      desert(i, high, dc.time_min, dc.thin_below, ignored) &&
                      desert(i, e, dc.time_min - dt, dc.thin_below, ignored) &&
                      desert(i, e, dc.time_min + dt, dc.thin_below, ignored) &&
                      desert(i, e, dc.time_min, dc.thin_below - dh, ignored) &&
                      desert(i, e, dc.time_min, dc.thin_below + dh, ignored);
    }
}

/// Groups of desert communes that share a border (union-find over an x sweep of their
/// boxes), each group's communes in ascending index order.
std::vector<std::vector<std::uint32_t>> adjacent_groups(const DesertsInputs &in,
                                                        const DesertsResult &r, geom::Geos &geos) {
    const std::size_t n = in.communes.size();
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (r.desert[i]) {
            members.push_back(i);
        }
    }
    std::vector<algorithms::geometry::Box> box;
    for (const auto i : members) {
        box.push_back(algorithms::geometry::bounds(in.communes.geoms[i]));
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
                geos.shares_border(in.communes.geoms[members[a]], in.communes.geoms[members[b]])) {
                parent[find(static_cast<std::uint32_t>(a))] = find(static_cast<std::uint32_t>(b));
            }
        }
    }
    std::map<std::uint32_t, std::vector<std::uint32_t>> groups; // root -> communes
    for (std::size_t a = 0; a < members.size(); ++a) {
        groups[find(static_cast<std::uint32_t>(a))].push_back(members[a]);
    }
    std::vector<std::vector<std::uint32_t>> out;
    for (auto &[root, communes] : groups) {
        out.push_back(std::move(communes));
    }
    return out;
}

struct Zone {
    std::vector<std::uint32_t> communes;
    DesertZone info;
    std::string first_code;
};

/// Each zone's figures: people, demand, times, accessibility, the nearest places of its
/// people (most used first).
std::vector<Zone> describe(const std::vector<std::vector<std::uint32_t>> &groups,
                           const DesertsInputs &in, const CommuneTimes &times) {
    const std::size_t n = in.communes.size();
    const auto &time = times.mean_min;
    const auto &tmax = times.max_min;
    std::vector<Zone> zones;
    // The demand points of each commune (CSR), so a zone visits its own points only.
    std::vector<std::uint32_t> point_start(n + 1, 0), point_of(in.demand.xy.size());
    for (std::size_t p = 0; p < in.demand.xy.size(); ++p) {
        ++point_start[in.demand.commune[p] + 1];
    }
    for (std::size_t c = 0; c < n; ++c) {
        point_start[c + 1] += point_start[c];
    }
    {
        std::vector<std::uint32_t> fill(point_start.begin(), point_start.end() - 1);
        for (std::size_t p = 0; p < in.demand.xy.size(); ++p) {
            point_of[fill[in.demand.commune[p]]++] = static_cast<std::uint32_t>(p);
        }
    }
    for (const auto &communes : groups) {
        Zone zone;
        zone.communes = communes;
        auto &info = zone.info;
        info.communes = communes.size();
        double tn = 0, td = 0, an = 0, ad = 0, best_pop = -1;
        std::map<std::string, double> nearest;
        zone.first_code = in.communes.codes[communes.front()];
        for (const auto c : communes) {
            zone.first_code = std::min(zone.first_code, in.communes.codes[c]);
            const double pop = known(in.population[c]);
            info.population += pop;
            info.demand += in.accessibility.commune_demand[c];
            if (std::isfinite(time[c]) && time[c] < kUnreached) {
                tn += pop * time[c];
                td += pop;
            }
            info.time_max_min =
                std::max(info.time_max_min, time[c] < kUnreached ? tmax[c] : kUnreached);
            if (std::isfinite(in.accessibility.commune_accessibility[c])) {
                an +=
                    in.accessibility.commune_demand[c] * in.accessibility.commune_accessibility[c];
                ad += in.accessibility.commune_demand[c];
            }
            if (pop > best_pop) {
                best_pop = pop;
                info.name = in.communes.names[c];
            }
        }
        for (const auto c : communes) {
            for (auto k = point_start[c]; k < point_start[c + 1]; ++k) {
                const auto p = point_of[k];
                if (in.access.demand_place[p] != kNoSource) {
                    nearest[in.places[in.access.demand_place[p]].name] +=
                        known(in.demand.weight[p]);
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
    return zones;
}
} // namespace

DesertsResult run_deserts(const DesertsSettings &settings, const DesertsInputs &in,
                          StageContext &ctx) {
    DesertsResult r;
    const std::size_t n = in.communes.size();
    r.risk_top.assign(n, 0);
    r.far.assign(n, 0);
    r.low_access.assign(n, 0);
    r.desert.assign(n, 0);
    r.zone_of_commune.assign(n, 0);
    const auto times = commune_times(in);
    if (settings.rule == "reasons") {
        apply_reasons_rule(settings, in, r);
    } else {
        apply_risk_index_rule(settings, in, times, r);
    }
    auto zones = describe(adjacent_groups(in, r, ctx.geos), in, times);
    if (settings.rule == "reasons") {
        for (auto &zone : zones) {
            auto &info = zone.info;
            for (const auto c : zone.communes) {
                info.far_communes += r.far[c];
                info.thin_communes += r.low_access[c];
                info.robust_communes += r.robust[c];
                if (r.by_group) {
                    info.far_car_communes += r.far_car[c];
                    info.far_no_car_communes += r.far_no_car[c];
                }
            }
            std::vector<std::string> words;
            auto count = [&](const char *what, std::size_t k) {
                if (k) {
                    words.push_back(what + (" (" + std::to_string(k) + ")"));
                }
            };
            if (r.by_group) {
                count("far by car", info.far_car_communes);
                count("far without a car", info.far_no_car_communes);
            } else {
                count("far", info.far_communes);
            }
            count("thin", info.thin_communes);
            info.reasons = core::join(words, ", ");
        }
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
    for (std::size_t k = 0; k < zones.size(); ++k) {
        auto &zone = zones[k];
        zone.info.rank = static_cast<int>(k + 1);
        zone.info.id = "D" + core::zero_pad(static_cast<std::size_t>(zone.info.rank), 2);
        std::vector<const MultiPolygon *> parts;
        for (const auto c : zone.communes) {
            parts.push_back(&in.communes.geoms[c]);
            r.zone_of_commune[c] = zone.info.rank;
        }
        DesertZoneArea area;
        area.polygon = parts.size() == 1 ? *parts[0] : ctx.geos.dissolve(parts);
        area.info = std::move(zone.info);
        area.communes = std::move(zone.communes);
        r.zones.push_back(std::move(area));
    }
    return r;
}

} // namespace hublo::stages
