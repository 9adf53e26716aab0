#include "study/summary_json.hpp"

#include "hublo/version.h"
#include "io/geojson_writer.hpp"
#include "io/text.hpp"
#include "io/writers.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace hublo::study {

using Json = nlohmann::ordered_json;

namespace {

std::string relative_to(const std::filesystem::path &p, const std::filesystem::path &base) {
    auto rel = p.lexically_relative(base);
    return rel.empty() ? p.generic_string() : rel.generic_string();
}

} // namespace

std::vector<std::pair<std::string, std::string>>
input_checksums(const StudyConfig &cfg, bool with_network,
                const std::vector<std::string> &checksums) {
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back(cfg.file.empty() ? "<string>" : cfg.file.filename().string(),
                     io::sha256(cfg.checksum_text));
    const auto hashed = hashed_inputs(cfg, with_network);
    for (std::size_t k = 0; k < hashed.size(); ++k) {
        const auto &p = hashed[k].second;
        const bool done = k < checksums.size() && !checksums[k].empty();
        out.emplace_back(relative_to(p, cfg.base_dir), done ? checksums[k] : io::sha256_file(p));
    }
    return out;
}

namespace {

Json inputs_json(const SummaryInputs &in) {
    const auto &cfg = in.config;
    Json inputs = Json::array();
    inputs.push_back({{"role", "study"},
                      {"path", cfg.file.empty() ? "<string>" : cfg.file.filename().string()},
                      {"sha256", io::sha256(cfg.checksum_text)}});
    const auto hashed = hashed_inputs(cfg, in.with_network);
    for (std::size_t k = 0; k < hashed.size(); ++k) {
        const auto &[role, p] = hashed[k];
        const bool done = k < in.checksums.size() && !in.checksums[k].empty();
        inputs.push_back({{"role", role},
                          {"path", relative_to(p, cfg.base_dir)},
                          {"sha256", done ? in.checksums[k] : io::sha256_file(p)}});
    }
    return inputs;
}

Json counts_json(const SummaryInputs &in) {
    const auto &summary = in.summary;
    Json counts;
    counts["communes"] = summary.communes;
    counts["population"] = summary.population;
    counts["place_records"] = summary.place_records;
    if (summary.places_outside_study > 0) {
        counts["places_outside_study"] = summary.places_outside_study;
    }
    counts["places"] = summary.places;
    Json src = Json::object();
    for (const auto &[id, n] : in.results.places.records_by_source) {
        src[id] = n;
    }
    counts["place_records_by_source"] = src;
    for (const auto &l : summary.layers) {
        counts["layers"][l.name] = l.features;
    }
    return counts;
}

/// The travelling service's member ([tour]).
void tour_json(const SummaryInputs &in, Json &j) {
    const auto &cfg = in.config;
    const auto &r = in.results;
    if (!r.tour) {
        return;
    }
    const auto &t = *r.tour;
    const auto &c = cfg.tour;
    auto r1 = [](double v) { return std::round(v * 10) / 10; };
    std::size_t days = 0;
    for (const auto &d : t.days) {
        days += d.stops > 0 ? 1 : 0;
    }
    Json tour = {{"label", c.label},
                 {"depot", t.depot_name},
                 {"hours", c.hours},
                 {"weeks", c.weeks},
                 {"stop_minutes", c.stop_minutes},
                 {"radius_min", c.radius_min},
                 {"candidates", t.candidates},
                 {"days_in_cycle", t.days.size()},
                 {"days_with_stops", days},
                 {"stops", t.stops.size()},
                 {"reach", t.reach_method},
                 {"people_reached", r1(t.reached)},
                 {"far_people_within_radius", r1(t.far_within)},
                 {"far_people_in_study", r1(t.far_total)},
                 {"stop_hours_per_week", r1(t.stop_hours_per_week)},
                 {"work_hours_per_week", r1(t.work_hours_per_week)},
                 {"heuristic_moves", t.moves}};
    if (t.best_fixed) {
        const auto &b = *t.best_fixed;
        tour["best_fixed_place"] = {
            {"commune", r.communes.communes.codes[b.commune]},
            {"name", r.communes.communes.names[b.commune]},
            {"people_reached", r1(b.people)},
            {"open_hours_per_week", r1(t.work_hours_per_week)},
            {"note", "the candidate stop whose reach holds the most far people at risk "
                     "without a car, as a fixed place open the hours the service works"}};
    }
    j["tour"] = std::move(tour);
}

/// The accessibility, deserts and siting members, for the stages that ran.
void decision_json(const SummaryInputs &in, Json &j) {
    const auto &cfg = in.config;
    const auto &r = in.results;
    const auto &d = *r.accessibility;
    Json a;
    a["demand"] = d.demand_kind;
    a["demand_total"] = std::round(d.demand_total * 10) / 10;
    a["decay"] = d.decay;
    a["catchment_min"] = cfg.accessibility.catchment_min;
    a["per"] = cfg.accessibility.per;
    // E2SFCA's identity: demand-weighted accessibility = capacity of the places in use.
    a["capacity_with_demand"] = d.total_capacity;
    a["bfca"] = {
        {"balanced_demand", d.bfca_balanced_demand},
        {"allocated_supply", d.bfca_allocated_supply},
        {"supply_per_at_risk_lowest_fifth_at_most", d.bfca_lowest_fifth},
        {"supply_per_at_risk_gini", d.bfca_gini},
        {"supply_per_at_risk_palma", std::isfinite(d.bfca_palma) ? Json(d.bfca_palma) : Json()}};
    a["demand_weighted_accessibility"] = d.demand_weighted_accessibility;
    j["accessibility"] = a;
    if (r.deserts) {
        Json rule;
        const auto &dc = cfg.deserts;
        rule["rule"] = dc.rule;
        if (dc.rule == "reasons") {
            rule["at_risk_min"] = dc.at_risk_min;
            rule["at_risk_rate_min"] = dc.at_risk_rate_min;
            rule["time_min_above"] = dc.time_min;
            rule["far_open_hours"] = dc.far_open_hours;
            rule["thin_below"] = dc.thin_below;
            rule["robust_change"] = dc.robust_change;
            std::size_t far = 0, thin = 0, both = 0, robust = 0, desert = 0;
            for (std::size_t i = 0; i < r.deserts->desert.size(); ++i) {
                if (!r.deserts->desert[i]) {
                    continue;
                }
                ++desert;
                const bool f = r.deserts->far[i], t = r.deserts->low_access[i];
                far += f && !t;
                thin += t && !f;
                both += f && t;
                robust += r.deserts->robust[i];
            }
            rule["communes"] = {{"deserts", desert},
                                {"far", far},
                                {"thin", thin},
                                {"far_and_thin", both},
                                {"robust", robust}};
            if (r.deserts->by_group) {
                // "far" weighs the people with a car by car and those without by their best
                // mode: how many desert communes are far for each group.
                std::size_t far_car = 0, far_no_car = 0, only_no_car = 0;
                for (std::size_t i = 0; i < r.deserts->desert.size(); ++i) {
                    if (r.deserts->desert[i]) {
                        far_car += r.deserts->far_car[i];
                        far_no_car += r.deserts->far_no_car[i];
                        only_no_car += r.deserts->far_no_car[i] && !r.deserts->far_car[i];
                    }
                }
                rule["far_at_risk_min"] =
                    std::isnan(dc.far_at_risk_min) ? dc.at_risk_min : dc.far_at_risk_min;
                rule["communes"]["far_by_car"] = far_car;
                rule["communes"]["far_without_a_car"] = far_no_car;
                rule["communes"]["far_only_without_a_car"] = only_no_car;
            }
        } else {
            rule["risk_top_share"] = dc.risk_top_share;
            rule["risk_index_at_least"] = r.deserts->risk_threshold;
            rule["time_min_above"] = dc.time_min;
            rule["accessibility_bottom_share"] = dc.accessibility_bottom_share;
            rule["accessibility_at_most"] = r.deserts->access_threshold;
        }
        Json zones = Json::array();
        for (const auto &area : r.deserts->zones) {
            const auto &z = area.info;
            zones.push_back({{"id", z.id},
                             {"name", z.name},
                             {"communes", z.communes},
                             {"population", z.population},
                             {"demand", std::round(z.demand * 10) / 10},
                             {"time_mean_min", std::round(z.time_mean_min * 100) / 100},
                             {"reasons", z.reasons},
                             {"robust_communes", z.robust_communes},
                             {"nearest_places", z.nearest_places}});
        }
        j["deserts"] = {{"rule", rule}, {"zones", zones}};
    }
    if (r.siting) {
        Json picks = Json::array();
        for (const auto &proposal : r.siting->proposals) {
            const auto &p = proposal.pick;
            picks.push_back({{"rank", p.rank},
                             {"id", p.id},
                             {"name", p.name},
                             {"gain", std::round(p.gain * 10) / 10},
                             {"covered_share", p.covered_share}});
            if (r.siting->budgeted) {
                picks.back()["action"] = p.action;
                picks.back()["help_hours"] = std::round(p.help_hours * 100) / 100;
            }
        }
        j["siting"] = {{"k", cfg.siting.k},
                       {"minutes", cfg.siting.minutes},
                       {"candidates", r.siting->candidates},
                       {"covered_share_before", in.summary.covered_share_before},
                       {"picks", picks}};
        if (cfg.siting.travel != "car") {
            j["siting"]["travel"] = cfg.siting.travel;
            j["siting"]["reach"] = "the people at risk without a car within " +
                                   stages::no_car_reach(cfg.modes).method +
                                   " of a place: a stand-in for a street network";
        }
        if (cfg.siting.objective != "cover" || cfg.siting.open_hours > 0) {
            j["siting"]["objective"] = cfg.siting.objective;
            j["siting"]["open_hours"] = cfg.siting.open_hours;
        }
        if (r.siting->budgeted) {
            j["siting"]["budget"] = {{"budget_hours", *cfg.siting.budget_hours},
                                     {"spent_hours", std::round(r.siting->spent_hours * 100) / 100},
                                     {"place_hours", r.siting->place_hours},
                                     {"place_hours_source", r.siting->place_hours_source},
                                     {"extendable_places", r.siting->extendable}};
        }
        if (const auto &x = in.summary.siting_exact; x.ran) {
            // The exact model's figures (not its time: the file stays the same from run to
            // run; the console prints it).
            j["siting"]["exact"] = {{"solver", "COIN-OR CBC"},
                                    {"optimal", x.optimal},
                                    {"covered_share", x.covered_share},
                                    {"bound_share", x.bound_share},
                                    {"greedy_share", x.greedy_share},
                                    {"gap_points", 100.0 * (x.covered_share - x.greedy_share)},
                                    {"variables", x.variables},
                                    {"constraints", x.constraints},
                                    {"same_picks_as_greedy", x.same_picks},
                                    {"picks", x.ids}};
        }
    }
}

Json network_json(const SummaryInputs &in) {
    const auto &cfg = in.config;
    const auto &net = in.results.network->net;
    const auto &access = *in.results.access;
    Json n;
    n["source"] = relative_to(cfg.network.source.path, cfg.base_dir);
    n["format"] = cfg.network.format;
    if (cfg.network.format == "osm") {
        n["profile"] = cfg.network.profile;
    }
    n["input_nodes"] = net.input_nodes;
    n["input_edges"] = net.input_edges;
    n["strong_components"] = net.components.components;
    n["nodes"] = net.graph.node_count();
    n["edges"] = net.graph.edge_count();
    n["dropped_nodes"] = net.components.dropped_nodes;
    n["dropped_edges"] = net.components.dropped_edges;
    n["segments"] = in.results.network->segments.size();
    n["directed_length_km"] = std::round(net.length_km * 1000.0) / 1000.0;
    Json c = Json::object();
    for (const auto &[k, v] : net.counts) {
        c[k] = v;
    }
    n["counts"] = c;
    std::size_t snapped = 0, counted = 0;
    for (const auto &snap : access.place_snaps) {
        snapped += snap.snapped() ? 1 : 0;
    }
    for (const auto &snap : access.demand_snaps) {
        counted += snap.snapped() ? 1 : 0;
    }
    n["places_on_network"] = snapped;
    n["demand_points_on_network"] = counted;
    n["settled_nodes_nearest"] = access.nodes.settled;
    n["settled_nodes_catchments"] = access.catchment_settled;
    return n;
}

void network_parameters_json(const StudyConfig &cfg, Json &j) {
    j["parameters"]["network"] = {{"offroad_speed_kmh", cfg.network.offroad_speed_kmh},
                                  {"max_snap_m", cfg.network.max_snap_m},
                                  {"sinuosity", cfg.network.sinuosity},
                                  {"junction_tolerance_m", cfg.network.junction_tolerance_m}};
    Json speeds = Json::object();
    for (const auto &[k, v] : cfg.network.speeds_kmh) {
        speeds[k] = v;
    }
    j["parameters"]["network"]["speeds_kmh"] = speeds;
    j["parameters"]["access"] = {{"thresholds_min", cfg.access.thresholds_min},
                                 {"catchment_min", cfg.access.catchment_min},
                                 {"label", cfg.access.label}};
}

Json seconds_json(const std::vector<std::pair<std::string, double>> &laps) {
    Json out;
    for (const auto &[name, s] : laps) {
        out[name] = std::round(s * 1e4) / 1e4;
    }
    return out;
}
} // namespace

/// [no_car] and [[modes]]: the people at risk without a car, and beyond each threshold by
/// car (those with one) and by each mode (those without), region-wide.
Json modes_json(const StudyConfig &cfg, const stages::ModesResult &m) {
    const auto &nc = cfg.modes.no_car;
    auto total = [](const std::vector<double> &v, auto &&keep) {
        double s = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            s += !std::isnan(v[i]) && keep(i) ? v[i] : 0.0;
        }
        return s;
    };
    Json j;
    if (nc.enabled) {
        Json tilts = Json::array();
        for (const auto &[tilt, people] : m.tilt_totals) {
            tilts.push_back({{"age_tilt", tilt}, {"at_risk_no_car", people}});
        }
        Json car = Json::object();
        for (const double t : cfg.access.thresholds_min) {
            car[io::json_number(t)] =
                total(m.at_risk_car, [&](std::size_t i) { return !(m.car_min[i] <= t); });
        }
        j = {{"share_column", nc.share_column},
             {"age_tilt", nc.age_tilt},
             {"open_hours", nc.open_hours},
             {"at_risk_no_car", total(m.at_risk_no_car, [](std::size_t) { return true; })},
             {"at_risk_car", total(m.at_risk_car, [](std::size_t) { return true; })},
             {"communes_without_share", m.communes_without_share},
             {"tilt_sensitivity", tilts},
             {"at_risk_car_beyond_min_by_car", car}};
    }
    Json modes = Json::array();
    for (std::size_t k = 0; k < m.modes.size(); ++k) {
        const auto &s = cfg.modes.modes[k];
        Json beyond = Json::object();
        for (const double t : s.thresholds_min) {
            beyond[io::json_number(t)] = total(
                m.at_risk_no_car, [&](std::size_t i) { return !(m.modes[k].commune_min[i] <= t); });
        }
        modes.push_back({{"id", s.id},
                         {"label", s.label},
                         {"speed_kmh", s.speed_kmh},
                         {"method", m.modes[k].method},
                         {"approximated", m.modes[k].approximated},
                         {"time_min", s.time_min},
                         {"at_risk_no_car_beyond_min", beyond}});
        if (const auto &tr = m.modes[k].transit) {
            const auto &ts = cfg.modes.transit;
            const auto &never = m.modes[k].commune_no_visit_share;
            double no_visit = 0;
            for (std::size_t i = 0; i < never.size() && i < m.at_risk_no_car.size(); ++i) {
                if (!std::isnan(m.at_risk_no_car[i])) {
                    no_visit += m.at_risk_no_car[i] * (std::isnan(never[i]) ? 1.0 : never[i]);
                }
            }
            modes.back()["transit"] = {
                {"feeds", tr->feeds},
                {"agencies", tr->agencies},
                {"routes", tr->routes},
                {"stops", tr->stops},
                {"stops_located", tr->located_stops},
                {"footpaths", tr->footpaths},
                {"date", tr->date},
                {"services_on_date", tr->services_on_date},
                {"trips_on_date", tr->trips_on_date},
                {"window", tr->window},
                {"percentile", ts.percentile},
                {"visit_min", ts.visit_min},
                {"max_min", ts.max_min},
                {"places_with_stand_in_hours", tr->places_with_stand_in_hours},
                {"unknown_hours", ts.unknown_hours},
                {"places_near_a_stop", tr->places_reached_by_stop},
                {"range_departures_per_origin_day", tr->mean_range_departures},
                {"at_risk_no_car_no_visit", no_visit}};
        }
    }
    j["modes"] = modes;
    if (!m.modes.empty()) {
        // A stand-in said: these communes' people without a car are placed at their place.
        j["communes_at_their_place"] = m.communes_at_their_place;
        j["at_risk_no_car_far"] =
            total(m.at_risk_no_car, [&](std::size_t i) { return m.no_car_far[i] != 0; });
    }
    return j;
}

std::vector<std::pair<std::string, std::filesystem::path>> hashed_inputs(const StudyConfig &cfg,
                                                                         bool with_network) {
    std::vector<std::pair<std::string, std::filesystem::path>> inputs;
    inputs.emplace_back("communes", cfg.communes.source.path);
    for (const auto &lv : cfg.levels) {
        if (lv.layer) {
            inputs.emplace_back("level:" + lv.id, lv.layer->path);
        }
        if (lv.mapping) {
            inputs.emplace_back("zoning:" + lv.id, lv.mapping->table.path);
        }
        if (lv.names) {
            inputs.emplace_back("names:" + lv.id, lv.names->table.path);
        }
    }
    for (const auto &t : cfg.tables) {
        inputs.emplace_back("table:" + t.id, t.source.path);
        if (t.lookup) {
            inputs.emplace_back("table:" + t.id + ":lookup", t.lookup->source.path);
        }
    }
    for (const auto &p : cfg.places) {
        inputs.emplace_back("places:" + p.id, p.source.path);
    }
    if (with_network) {
        inputs.emplace_back("network", cfg.network.source.path);
        if (cfg.access.demand.table) {
            inputs.emplace_back("demand", cfg.access.demand.table->path);
        }
    }
    if (cfg.risk.enabled && cfg.risk.age_grid) {
        inputs.emplace_back("age_grid", cfg.risk.age_grid->path);
    }
    return inputs;
}

/// The region's expected people in illectronism, by source of the age structure, and the
/// grid against the census columns where both exist.
Json illectronism_json(const stages::IllectronismResult &ill) {
    const auto &e = ill.expected;
    double p15 = 0, exp = 0, low = 0, high = 0;
    std::map<std::string, std::int64_t> by_source;
    for (std::size_t i = 0; i < e.expected.size(); ++i) {
        ++by_source[ill.source[i] == stages::AgeSource::none
                        ? "none"
                        : stages::age_source_name(ill.source[i])];
        if (std::isnan(e.expected[i])) {
            continue;
        }
        p15 += e.people_15plus[i];
        exp += e.expected[i];
        low += e.low[i];
        high += e.high[i];
    }
    Json j = {{"people_15plus", p15},
              {"expected", exp},
              {"low", low},
              {"high", high},
              {"rate", p15 > 0 ? Json(exp / p15) : Json()},
              {"rate_low", p15 > 0 ? Json(low / p15) : Json()},
              {"rate_high", p15 > 0 ? Json(high / p15) : Json()},
              {"communes_by_source", by_source}};
    if (ill.agreement) {
        const auto &a = *ill.agreement;
        j["grid_vs_census_columns"] = {
            {"communes", a.communes},
            {"grid_expected", a.grid_expected},
            {"census_expected", a.columns_expected},
            {"grid_people_15plus", a.grid_people_15plus},
            {"census_people_15plus", a.columns_people_15plus},
            {"median_abs_relative_difference", a.median_abs_relative_difference},
            {"correlation", a.correlation}};
    }
    return j;
}

std::string summary_json(const SummaryInputs &in) {
    const auto &cfg = in.config;
    const auto &r = in.results;
    Json j;
    j["hublo_version"] = HUBLO_VERSION_STRING;
    j["study"] = {{"id", cfg.id}, {"name", cfg.name}, {"crs", cfg.crs}};
    if (!cfg.overrides.empty()) {
        j["study"]["overrides"] = cfg.overrides; // --set, applied over the study file
    }
    j["inputs"] = inputs_json(in);
    j["parameters"] = {{"places_merge",
                        {{"distance_m", cfg.merge_distance_m},
                         {"outside_tolerance_m", cfg.place_outside_tolerance_m}}},
                       {"outputs", {{"decimals", cfg.outputs.decimals}}}};
    if (r.illectronism) {
        Json rates = Json::array();
        for (const auto &rate : r.illectronism->rates) {
            rates.push_back({{"band", rate.band.name},
                             {"rate", rate.rate},
                             {"low", rate.low},
                             {"high", rate.high},
                             {"source", rate.source}});
        }
        j["parameters"]["illectronism_rates"] = rates;
        j["illectronism"] = illectronism_json(*r.illectronism);
    }
    j["counts"] = counts_json(in);
    {
        const auto &sup = r.places.supply;
        j["supply"] = {{"unit", cfg.supply.help_hours ? "help_hours" : "staff"},
                       {"places_hours_read", sup.hours_read},
                       {"places_hours_source_or_study_default", sup.source_default},
                       {"places_hours_median_stand_in", sup.median_stand_in},
                       {"median_hours_per_week_read", sup.median_hours},
                       {"help_hours_per_week", sup.help_hours}};
        Json mobile = Json::array();
        for (const auto &m : r.places.mobile) {
            Json stops = Json::array();
            for (const auto &st : m.stops) {
                stops.push_back({{"commune", st.commune},
                                 {"name", st.name},
                                 {"schedule", st.schedule},
                                 {"hours_per_week", st.hours_per_week}});
            }
            mobile.push_back({{"name", m.name},
                              {"format", m.format},
                              {"commune", m.commune},
                              {"hours_per_week", m.hours_per_week},
                              {"stops", stops},
                              {"hours_left_at_base", m.base_hours},
                              {"not_read", m.unmatched}});
        }
        j["supply"]["mobile_services"] = mobile;
    }
    if (r.modes) {
        j["no_car"] = modes_json(cfg, *r.modes);
    }
    if (r.accessibility) {
        decision_json(in, j);
    }
    tour_json(in, j);
    if (r.network) {
        j["network"] = network_json(in);
        network_parameters_json(cfg, j);
    }
    Json issues = Json::array();
    for (const auto &issue : in.summary.issues) {
        issues.push_back({{"kind", issue.kind},
                          {"severity", issue.note ? "note" : "mismatch"},
                          {"message", issue.message},
                          {"count", issue.count},
                          {"examples", issue.examples}});
    }
    j["issues"] = issues;
    if (!in.files.empty()) {
        j["outputs"] = in.files;
    }
    j["timings_s"] = seconds_json(in.summary.stage_seconds);
    if (!in.summary.stage_detail_seconds.empty()) {
        j["timings_detail_s"] = seconds_json(in.summary.stage_detail_seconds);
    }
    return j.dump(2) + "\n";
}

} // namespace hublo::study
