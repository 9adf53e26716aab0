#include "outputs/fields.hpp"

#include "hublo/algorithms/access/equity.hpp"

#include "hublo/algorithms/network/shortest_paths.hpp"
#include "io/geojson_writer.hpp"

#include <cmath>
#include <string_view>
#include <unordered_set>

namespace hublo::outputs {

namespace {
double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}
} // namespace

model::Value real(double v) {
    return std::isnan(v) ? model::Value{} : model::Value{v};
}

model::Value people(double v) {
    return std::isfinite(v) ? model::Value{static_cast<std::int64_t>(std::llround(v))}
                            : model::Value{};
}

model::Value text(const std::string &s) {
    return s.empty() ? model::Value{} : model::Value{s};
}

void add_commune_risk(model::Layer &layer, const stages::RiskSettings &cfg,
                      const algorithms::risk::Result &r) {
    auto &index = layer.add_field("risk_index", model::FieldType::real);
    auto &missing = layer.add_field("risk_missing", model::FieldType::integer);
    for (std::size_t i = 0; i < r.index.size(); ++i) {
        index.values.push_back(real(r.index[i]));
        missing.values.emplace_back(static_cast<std::int64_t>(r.missing[i]));
    }
    for (std::size_t k = 0; k < cfg.indicators.size(); ++k) {
        if (cfg.indicators[k].scores) {
            continue; // the column itself is the score
        }
        auto &f = layer.add_field("risk_score_" + cfg.indicators[k].column, model::FieldType::real);
        for (const double v : r.scores[k]) {
            f.values.push_back(real(v));
        }
    }
}

/// Population-weighted mean index of each area (communes without index or population left
/// out).
void add_level_risk(model::Layer &layer, std::size_t n,
                    const std::vector<std::ptrdiff_t> &area_of_commune,
                    const std::vector<double> &population, const algorithms::risk::Result &r) {
    std::vector<double> sum(n, 0.0), weight(n, 0.0);
    for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
        const auto k = area_of_commune[i];
        if (k < 0 || std::isnan(r.index[i]) || std::isnan(population[i])) {
            continue;
        }
        sum[static_cast<std::size_t>(k)] += population[i] * r.index[i];
        weight[static_cast<std::size_t>(k)] += population[i];
    }
    auto &f = layer.add_field("risk_index", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        f.values.push_back(weight[k] > 0 ? model::Value{sum[k] / weight[k]} : model::Value{});
    }
}

void add_commune_illectronism(model::Layer &layer, const stages::IllectronismResult &ill) {
    const auto &e = ill.expected;
    auto &p15 = layer.add_field("people_15plus", model::FieldType::real);
    auto &exp = layer.add_field("illectronism_expected", model::FieldType::real);
    auto &low = layer.add_field("illectronism_low", model::FieldType::real);
    auto &high = layer.add_field("illectronism_high", model::FieldType::real);
    auto &rate = layer.add_field("illectronism_rate", model::FieldType::real);
    for (std::size_t i = 0; i < e.expected.size(); ++i) {
        p15.values.push_back(real(e.people_15plus[i]));
        exp.values.push_back(real(e.expected[i]));
        low.values.push_back(real(e.low[i]));
        high.values.push_back(real(e.high[i]));
        rate.values.push_back(e.people_15plus[i] > 0
                                  ? model::Value{e.expected[i] / e.people_15plus[i]}
                                  : model::Value{});
    }
    auto &src = layer.add_field("age_structure", model::FieldType::string);
    for (const auto s : ill.source) {
        src.values.push_back(s == stages::AgeSource::none
                                 ? model::Value{}
                                 : model::Value{std::string(stages::age_source_name(s))});
    }
}

/// Summed expected counts per area, over the communes that have one.
void add_level_illectronism(model::Layer &layer, std::size_t n,
                            const std::vector<std::ptrdiff_t> &area_of_commune,
                            const algorithms::risk::ExpectedIllectronism &e) {
    std::vector<double> p15(n, 0), exp(n, 0), low(n, 0), high(n, 0);
    std::vector<std::int64_t> count(n, 0);
    for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
        const auto k = area_of_commune[i];
        if (k < 0 || std::isnan(e.expected[i])) {
            continue;
        }
        const auto a = static_cast<std::size_t>(k);
        p15[a] += e.people_15plus[i];
        exp[a] += e.expected[i];
        low[a] += e.low[i];
        high[a] += e.high[i];
        ++count[a];
    }
    auto &fc = layer.add_field("illectronism_communes", model::FieldType::integer);
    auto &fp = layer.add_field("people_15plus", model::FieldType::real);
    auto &fe = layer.add_field("illectronism_expected", model::FieldType::real);
    auto &fl = layer.add_field("illectronism_low", model::FieldType::real);
    auto &fh = layer.add_field("illectronism_high", model::FieldType::real);
    for (std::size_t a = 0; a < n; ++a) {
        const bool any = count[a] > 0;
        fc.values.emplace_back(count[a]);
        fp.values.push_back(any ? model::Value{p15[a]} : model::Value{});
        fe.values.push_back(any ? model::Value{exp[a]} : model::Value{});
        fl.values.push_back(any ? model::Value{low[a]} : model::Value{});
        fh.values.push_back(any ? model::Value{high[a]} : model::Value{});
    }
}

void add_commune_access(model::Layer &layer, const stages::AccessResult &a, const stages::Demand &d,
                        const std::vector<places::Place> &places,
                        const stages::AccessSettings &cfg) {
    const std::size_t n = d.origin.size();
    // Per commune: the weighted mean time over its demand points (its only point's time
    // when it has one); unreachable points make the commune's time unknown.
    std::vector<double> sum(n, 0.0), weight(n, 0.0);
    std::vector<bool> unreachable(n, false);
    for (std::size_t p = 0; p < d.xy.size(); ++p) {
        const auto c = d.commune[p];
        const double w = std::isnan(d.weight[p]) ? 1.0 : d.weight[p];
        if (a.demand_time_s[p] < algorithms::network::kUnreached) {
            sum[c] += w * a.demand_time_s[p];
            weight[c] += w;
        } else {
            unreachable[c] = true;
        }
    }
    auto &demand = layer.add_field("demand_point", model::FieldType::string);
    auto &cells = layer.add_field("grid_cells", model::FieldType::integer);
    auto &grid_people = layer.add_field("grid_people", model::FieldType::real);
    auto &road = layer.add_field("road_distance_m", model::FieldType::real);
    auto &time = layer.add_field("nearest_place_min", model::FieldType::real);
    auto &nearest = layer.add_field("nearest_place", model::FieldType::string);
    auto &nearest_name = layer.add_field("nearest_place_name", model::FieldType::string);
    auto &within = layer.add_field("places_within_" + io::json_number(cfg.catchment_min) + "min",
                                   model::FieldType::integer);
    for (std::size_t i = 0; i < n; ++i) {
        const auto m = d.main_point[i];
        demand.values.emplace_back(d.origin[i]);
        cells.values.emplace_back(static_cast<std::int64_t>(d.cells[i]));
        grid_people.values.emplace_back(d.grid_people[i]);
        const auto &snap = a.demand_snaps[m];
        road.values.push_back(snap.snapped() ? model::Value{std::round(snap.offroad_m * 10) / 10}
                                             : model::Value{});
        time.values.push_back(unreachable[i] || weight[i] == 0
                                  ? model::Value{}
                                  : model::Value{sum[i] / weight[i] / 60.0});
        const auto p = a.demand_place[m];
        const bool reached = p != algorithms::network::kNoSource;
        nearest.values.push_back(reached ? model::Value{places[p].id} : model::Value{});
        nearest_name.values.push_back(reached ? model::Value{places[p].name} : model::Value{});
        within.values.emplace_back(static_cast<std::int64_t>(a.demand_places_within[m]));
    }
}

void add_level_access(model::Layer &layer, const model::AreaSet &level,
                      const std::vector<std::ptrdiff_t> &area_of_commune, const stages::Demand &d,
                      const stages::AccessResult &a, const stages::AccessSettings &cfg) {
    const std::size_t n = level.codes.size();
    const auto &thresholds = cfg.thresholds_min;
    std::vector<double> weighted(n, 0.0), reached_pop(n, 0.0), total(n, 0.0), unreachable(n, 0.0);
    std::vector<std::vector<double>> beyond(thresholds.size(), std::vector<double>(n, 0.0));
    for (std::size_t p = 0; p < d.xy.size(); ++p) {
        const auto k = area_of_commune[d.commune[p]];
        if (k < 0 || std::isnan(d.weight[p])) {
            continue;
        }
        const auto area = static_cast<std::size_t>(k);
        const double pop = d.weight[p];
        const double t = a.demand_time_s[p];
        total[area] += pop;
        if (t < algorithms::network::kUnreached) {
            weighted[area] += pop * t / 60.0;
            reached_pop[area] += pop;
        } else {
            unreachable[area] += pop;
        }
        for (std::size_t j = 0; j < thresholds.size(); ++j) {
            if (!(t <= thresholds[j] * 60.0)) {
                beyond[j][area] += pop; // the unreachable are beyond every threshold
            }
        }
    }
    auto &mean = layer.add_field("nearest_place_mean_min", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        mean.values.push_back(reached_pop[k] > 0 ? model::Value{weighted[k] / reached_pop[k]}
                                                 : model::Value{});
    }
    for (std::size_t j = 0; j < thresholds.size(); ++j) {
        const std::string m = io::json_number(thresholds[j]);
        auto &pop = layer.add_field("pop_beyond_" + m + "min", model::FieldType::real);
        auto &share = layer.add_field("share_beyond_" + m + "min", model::FieldType::real);
        for (std::size_t k = 0; k < n; ++k) {
            pop.values.emplace_back(beyond[j][k]);
            share.values.push_back(total[k] > 0 ? model::Value{beyond[j][k] / total[k]}
                                                : model::Value{});
        }
    }
    auto &unr = layer.add_field("pop_unreachable", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        unr.values.emplace_back(unreachable[k]);
    }
}

void add_commune_accessibility(model::Layer &layer, const stages::AccessibilityResult &r) {
    auto &dem = layer.add_field("demand_at_risk", model::FieldType::real);
    auto &acc = layer.add_field("accessibility", model::FieldType::real);
    auto &bfca = layer.add_field("bfca", model::FieldType::real);
    auto &alloc = layer.add_field("supply_allocated", model::FieldType::real);
    auto &per = layer.add_field("supply_per_at_risk", model::FieldType::real);
    auto &fifth = layer.add_field("lowest_fifth", model::FieldType::integer);
    for (std::size_t i = 0; i < r.commune_demand.size(); ++i) {
        dem.values.emplace_back(std::round(r.commune_demand[i] * 10) / 10);
        acc.values.push_back(real(r.commune_accessibility[i]));
        bfca.values.push_back(real(r.commune_bfca[i]));
        alloc.values.emplace_back(std::round(r.commune_allocated_supply[i] * 10) / 10);
        const double v = r.commune_supply_per[i];
        per.values.push_back(real(v));
        fifth.values.push_back(std::isnan(v)
                                   ? model::Value{}
                                   : model::Value{std::int64_t{v <= r.bfca_lowest_fifth ? 1 : 0}});
    }
}

namespace {
/// Why a commune is a desert, in words: "far", "thin", "far and thin"; with [[modes]] the
/// group that is far ("far without a car", "far by car and without a car and thin").
std::string desert_reason(const stages::DesertsResult &r, std::size_t i) {
    std::string far;
    if (r.far[i]) {
        far = !r.by_group                       ? "far"
              : r.far_car[i] && r.far_no_car[i] ? "far by car and without a car"
              : r.far_no_car[i]                 ? "far without a car"
                                                : "far by car";
    }
    if (far.empty()) {
        return r.low_access[i] ? "thin" : "";
    }
    return r.low_access[i] ? far + " and thin" : far;
}
} // namespace

void add_commune_desert_reasons(model::Layer &layer, const stages::DesertsResult &r) {
    auto &many = layer.add_field("many_at_risk", model::FieldType::integer);
    auto &open = layer.add_field("open_place_min", model::FieldType::real);
    auto &far = layer.add_field("far", model::FieldType::integer);
    auto &thin = layer.add_field("thin", model::FieldType::integer);
    auto &des = layer.add_field("desert", model::FieldType::integer);
    auto &why = layer.add_field("desert_reason", model::FieldType::string);
    auto &robust = layer.add_field("desert_robust", model::FieldType::integer);
    auto &zone = layer.add_field("desert_rank", model::FieldType::integer);
    for (std::size_t i = 0; i < r.desert.size(); ++i) {
        many.values.emplace_back(static_cast<std::int64_t>(r.many[i]));
        open.values.push_back(real(r.open_place_min[i]));
        far.values.emplace_back(static_cast<std::int64_t>(r.far[i]));
        thin.values.emplace_back(static_cast<std::int64_t>(r.low_access[i]));
        des.values.emplace_back(static_cast<std::int64_t>(r.desert[i]));
        const std::string reason = r.desert[i] ? desert_reason(r, i) : std::string();
        why.values.push_back(!reason.empty() ? model::Value{reason} : model::Value{});
        robust.values.push_back(r.desert[i] ? model::Value{std::int64_t{r.robust[i]}}
                                            : model::Value{});
        zone.values.push_back(r.zone_of_commune[i] ? model::Value{r.zone_of_commune[i]}
                                                   : model::Value{});
    }
    if (!r.by_group) {
        return;
    }
    auto &far_car = layer.add_field("far_car", model::FieldType::integer);
    auto &far_no_car = layer.add_field("far_no_car", model::FieldType::integer);
    auto &people = layer.add_field("at_risk_far", model::FieldType::real);
    auto &people_nc = layer.add_field("at_risk_far_no_car", model::FieldType::real);
    for (std::size_t i = 0; i < r.desert.size(); ++i) {
        far_car.values.emplace_back(static_cast<std::int64_t>(r.far_car[i]));
        far_no_car.values.emplace_back(static_cast<std::int64_t>(r.far_no_car[i]));
        people.values.push_back(real(r.at_risk_far[i]));
        people_nc.values.push_back(real(r.at_risk_far_no_car[i]));
    }
}

void add_commune_deserts(model::Layer &layer, const stages::DesertsResult &r) {
    if (!r.many.empty()) {
        add_commune_desert_reasons(layer, r);
        return;
    }
    auto &top = layer.add_field("risk_top", model::FieldType::integer);
    auto &far = layer.add_field("far", model::FieldType::integer);
    auto &low = layer.add_field("low_access", model::FieldType::integer);
    auto &des = layer.add_field("desert", model::FieldType::integer);
    auto &zone = layer.add_field("desert_rank", model::FieldType::integer);
    for (std::size_t i = 0; i < r.desert.size(); ++i) {
        top.values.emplace_back(static_cast<std::int64_t>(r.risk_top[i]));
        far.values.emplace_back(static_cast<std::int64_t>(r.far[i]));
        low.values.emplace_back(static_cast<std::int64_t>(r.low_access[i]));
        des.values.emplace_back(static_cast<std::int64_t>(r.desert[i]));
        zone.values.push_back(r.zone_of_commune[i] ? model::Value{r.zone_of_commune[i]}
                                                   : model::Value{});
    }
}

/// Per area: the supply allocated by BFCA per `per` people at risk, its Gini and Palma among
/// the area's people at risk (by commune), and the share of them in the region's lowest
/// fifth of that figure.
void add_level_equity(model::Layer &layer, std::size_t areas,
                      const std::vector<std::ptrdiff_t> &area_of_commune,
                      const stages::AccessibilityResult &r) {
    std::vector<std::vector<double>> values(areas), weights(areas);
    std::vector<double> low(areas, 0.0), known_demand(areas, 0.0);
    for (std::size_t i = 0; i < r.commune_demand.size(); ++i) {
        const double v = r.commune_supply_per[i];
        if (area_of_commune[i] < 0 || std::isnan(v)) {
            continue;
        }
        const auto k = static_cast<std::size_t>(area_of_commune[i]);
        values[k].push_back(v);
        weights[k].push_back(r.commune_demand[i]);
        known_demand[k] += r.commune_demand[i];
        low[k] += v <= r.bfca_lowest_fifth ? r.commune_demand[i] : 0.0;
    }
    auto &f_b = layer.add_field("supply_per_at_risk", model::FieldType::real);
    auto &f_g = layer.add_field("supply_gini", model::FieldType::real);
    auto &f_p = layer.add_field("supply_palma", model::FieldType::real);
    auto &f_l = layer.add_field("at_risk_lowest_fifth_share", model::FieldType::real);
    for (std::size_t k = 0; k < areas; ++k) {
        double num = 0;
        for (std::size_t m = 0; m < values[k].size(); ++m) {
            num += values[k][m] * weights[k][m];
        }
        const bool any = known_demand[k] > 0;
        f_b.values.push_back(any ? model::Value{num / known_demand[k]} : model::Value{});
        f_g.values.push_back(real(algorithms::access::weighted_gini(values[k], weights[k])));
        f_p.values.push_back(real(algorithms::access::weighted_palma(values[k], weights[k])));
        f_l.values.push_back(any ? model::Value{low[k] / known_demand[k]} : model::Value{});
    }
}

void add_level_deserts(model::Layer &layer, std::size_t areas,
                       const std::vector<std::ptrdiff_t> &area_of_commune,
                       const std::vector<double> &population, const stages::AccessibilityResult &r,
                       const stages::DesertsResult *deserts) {
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
        if (deserts && deserts->desert[i]) {
            ++dcount[k];
            dpop[k] += known(population[i]);
            ddem[k] += r.commune_demand[i];
        }
    }
    auto &f_dem = layer.add_field("demand_at_risk", model::FieldType::real);
    auto &f_acc = layer.add_field("accessibility", model::FieldType::real);
    for (std::size_t k = 0; k < areas; ++k) {
        f_dem.values.emplace_back(std::round(demand[k] * 10) / 10);
        f_acc.values.push_back(ad[k] > 0 ? model::Value{an[k] / ad[k]} : model::Value{});
    }
    add_level_equity(layer, areas, area_of_commune, r);
    if (!deserts) {
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

/// Two columns of one layer with the same name cannot be written (GeoPackage refuses them,
/// GeoJSON would keep one): a joined table column named like one of hublo's own, e.g. a
/// table column `population`. Names the table and the fix.
void require_unique_fields(const model::Layer &layer,
                           std::span<const stages::TableSettings> tables) {
    std::unordered_set<std::string_view> seen;
    for (const auto &f : layer.fields) {
        if (seen.insert(f.name).second) {
            continue;
        }
        std::string origin;
        for (const auto &t : tables) {
            for (const auto &c : t.columns) {
                if (t.prefix + c == f.name) {
                    origin = "[[tables]] '" + t.id + "' column '" + c + "'";
                }
            }
        }
        if (origin.empty()) {
            origin = "a joined table column";
        }
        throw Error(ErrorKind::input,
                    "layer " + layer.name + ": " + origin + " would be written as '" + f.name +
                        "', a column hublo writes itself; give that table a prefix "
                        "(prefix = \"t_\") or leave the column out");
    }
}

} // namespace hublo::outputs
