#include "study/config_section.hpp"

namespace hublo::study::detail {

void parse_risk(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    const auto *t = top.table("risk");
    if (!t) {
        return;
    }
    const Section s(*t, "[risk]", origin,
                    {"deciles", "indicators", "age_grid", "rates", "age_columns", "calibrate",
                     "adjustments", "prefer"});
    cfg.risk.enabled = true;
    cfg.risk.deciles = s.str("deciles", cfg.risk.deciles);
    if (cfg.risk.deciles != "areas" && cfg.risk.deciles != "population") {
        s.fail("deciles", "must be \"areas\" or \"population\"");
    }
    const auto prefer = s.str("prefer", "grid");
    if (prefer != "grid" && prefer != "columns") {
        s.fail("prefer", "must be \"grid\" (the grid's estimate wins where both exist) or "
                         "\"columns\" (the census columns' wins)");
    }
    cfg.risk.prefer_grid = prefer == "grid";
    if (const auto *g = s.table("age_grid")) {
        const Section gs(*g, "[risk] age_grid", origin, with(kTableSourceKeys, {"id"}));
        cfg.risk.age_grid = table_source(gs, base_dir);
        cfg.risk.age_grid_id = gs.str("id", cfg.risk.age_grid_id);
    }
    if (const auto *rates = s.table("rates")) {
        const std::vector<std::string> bands = {"15-24", "25-39", "40-59", "60-74", "75+"};
        const Section rs(*rates, "[risk] rates", origin, bands);
        for (const auto &band : bands) {
            if (rs.has(band)) {
                const double v = rs.number(band, 0.0);
                if (!(v >= 0.0 && v <= 1.0)) {
                    rs.fail(band, "is a share of people in illectronism: a number in [0, 1] "
                                  "(0.14 for 14 %)");
                }
                cfg.risk.rates.emplace_back(band, v);
            }
        }
    }
    if (const auto *ac = t->get("age_columns")) {
        const auto *a = ac->as_array();
        if (!a || !a->is_array_of_tables()) {
            s.fail("age_columns", "give [[risk.age_columns]] tables with column, from, to");
        }
        std::size_t k = 0;
        for (const auto &item : *a) {
            const Section cs(*item.as_table(), "[[risk.age_columns]] #" + std::to_string(++k),
                             origin, {"column", "from", "to"});
            stages::RiskSettings::AgeColumn c;
            c.column = cs.required_str("column");
            c.from = cs.number("from", -1);
            c.to = cs.number("to", -1);
            if (!(c.from >= 0 && c.to > c.from)) {
                cs.fail("to", "the ages must satisfy 0 <= from < to (years; to = 120 for "
                              "\"and over\")");
            }
            cfg.risk.age_columns.push_back(std::move(c));
        }
    }
    if (const auto *adj = t->get("adjustments")) {
        const auto *a = adj->as_array();
        if (!a || !a->is_array_of_tables()) {
            s.fail("adjustments", "give [[risk.adjustments]] tables");
        }
        std::size_t k = 0;
        for (const auto &item : *a) {
            const Section as(*item.as_table(), "[[risk.adjustments]] #" + std::to_string(++k),
                             origin,
                             {"name", "column", "group_rate", "overall_rate", "reference_share"});
            stages::RiskSettings::Adjustment x;
            x.column = as.required_str("column");
            x.name = as.str("name", x.column);
            x.group_rate = as.number("group_rate", -1);
            x.overall_rate = as.number("overall_rate", -1);
            x.reference_share = as.number("reference_share", -1);
            cfg.risk.adjustments.push_back(std::move(x));
        }
    }
    if (const auto *c = s.table("calibrate")) {
        const std::vector<std::string> bands = {"15-24", "25-39", "40-59", "60-74", "75+"};
        const Section cs(*c, "[risk] calibrate", origin, {"overall_rate", "reference", "unknown"});
        stages::RiskSettings::Calibration cal;
        cal.overall_rate = cs.number("overall_rate", -1);
        if (!(cal.overall_rate >= 0 && cal.overall_rate <= 1)) {
            cs.fail("overall_rate", "must be a share in [0, 1] (0.154 for 15.4 %)");
        }
        const auto *ref = cs.table("reference");
        if (!ref) {
            cs.fail("reference", "give the reference population by survey band, e.g. "
                                 "reference = { \"15-24\" = 7.6e6, ... }");
        }
        const Section rs(*ref, "[risk] calibrate reference", origin, bands);
        for (const auto &b : bands) {
            if (!rs.has(b)) {
                rs.fail(b, "the reference population needs every survey band");
            }
            cal.reference.emplace_back(b, rs.number(b, 0));
        }
        cal.unknown = cs.str_list("unknown");
        for (const auto &u : cal.unknown) {
            if (std::find(bands.begin(), bands.end(), u) == bands.end()) {
                cs.fail("unknown", "'" + u +
                                       "' is not a survey band (15-24, 25-39, 40-59, "
                                       "60-74, 75+)");
            }
        }
        if (cal.unknown.empty()) {
            cs.fail("unknown", "name the bands to solve for, e.g. unknown = [\"40-59\"]");
        }
        cfg.risk.calibrate = std::move(cal);
    }
    const auto *node = t->get("indicators");
    const auto *arr = node ? node->as_array() : nullptr;
    if (arr && !arr->is_array_of_tables()) {
        s.fail("indicators", "give the indicators as [[risk.indicators]] tables with column, "
                             "weight and scores");
    }
    if (!arr && !cfg.risk.age_grid && cfg.risk.age_columns.empty()) {
        s.fail("indicators", "[risk] needs [[risk.indicators]] (the risk index), or age_grid "
                             "or [[risk.age_columns]] (expected people in illectronism)");
    }
    double total = 0.0;
    std::size_t k = 0;
    for (const auto &item : arr ? *arr : toml::array{}) {
        const Section is(*item.as_table(), "[[risk.indicators]] #" + std::to_string(++k), origin,
                         {"column", "weight", "scores"});
        stages::RiskIndicatorSettings ind;
        ind.column = is.required_str("column");
        ind.weight = is.number("weight", 1.0);
        ind.scores = is.boolean("scores", false);
        if (!(ind.weight >= 0.0)) {
            is.fail("weight", "must be a number >= 0");
        }
        total += ind.weight;
        cfg.risk.indicators.push_back(std::move(ind));
    }
    if (arr && !(total > 0.0)) {
        s.fail("indicators", "the weights sum to zero; give at least one indicator a "
                             "positive weight");
    }
}

} // namespace hublo::study::detail
