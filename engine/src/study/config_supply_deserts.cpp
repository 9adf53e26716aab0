// The study file's [supply] and [deserts]: what a place offers, and the desert rule.
#include "study/config_section.hpp"

namespace hublo::study::detail {

void parse_supply(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("supply");
    if (!t) {
        return;
    }
    const Section s(*t, "[supply]", pc.origin, {"unit", "unknown_hours"});
    const auto unit = s.str("unit", "staff");
    if (unit != "staff" && unit != "help_hours") {
        s.fail("unit", "must be \"help_hours\" (open hours a week x staff) or \"staff\" (each "
                       "place weighs its staff)");
    }
    cfg.supply.help_hours = unit == "help_hours";
    if (s.has("unknown_hours")) {
        const auto *node = t->get("unknown_hours");
        if (node->is_string()) {
            if (s.str("unknown_hours") != "median") {
                s.fail("unknown_hours", "is \"median\" (of the places whose hours are read) or "
                                        "a number of hours a week");
            }
        } else {
            cfg.supply.unknown_hours = s.number("unknown_hours", 0.0);
            if (!(*cfg.supply.unknown_hours > 0 && *cfg.supply.unknown_hours <= 168)) {
                s.fail("unknown_hours", "must be a number of hours a week in (0, 168]");
            }
        }
    }
}

void parse_deserts(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto *t = top.table("deserts");
    if (!t) {
        return;
    }
    const Section s(*t, "[deserts]", origin,
                    {"rule", "risk_top_share", "time_min", "accessibility_bottom_share",
                     "at_risk_min", "at_risk_rate_min", "far_open_hours", "thin_below",
                     "robust_change", "far_at_risk_min"});
    auto &d = cfg.deserts;
    d.enabled = true;
    cfg.accessibility.enabled = true; // the rule needs it (defaults when not given)
    d.risk_top_share = s.number("risk_top_share", d.risk_top_share);
    d.time_min = s.number("time_min", d.time_min);
    d.accessibility_bottom_share =
        s.number("accessibility_bottom_share", d.accessibility_bottom_share);
    for (const auto &[key, v] :
         {std::pair{"risk_top_share", d.risk_top_share},
          std::pair{"accessibility_bottom_share", d.accessibility_bottom_share}}) {
        if (!(v >= 0 && v <= 1)) {
            s.fail(key, "is a share between 0 and 1 (0.3 for 30 %)");
        }
    }
    if (!(d.time_min >= 0)) {
        s.fail("time_min", "must be a number of minutes >= 0");
    }
    d.rule = s.str("rule", d.rule);
    const bool reasons_keys = s.has("at_risk_min") || s.has("at_risk_rate_min") ||
                              s.has("far_open_hours") || s.has("thin_below") ||
                              s.has("robust_change") || s.has("far_at_risk_min");
    if (d.rule != "reasons" && d.rule != "risk_index") {
        s.fail("rule", "must be \"reasons\" (many people at risk, far or thinly served) or "
                       "\"risk_index\" (the former rule)");
    }
    if (d.rule == "risk_index" && reasons_keys) {
        s.fail("rule", "at_risk_min, at_risk_rate_min, far_open_hours, far_at_risk_min, "
                       "thin_below and robust_change belong to rule = \"reasons\": add it");
    }
    if (d.rule == "reasons" && (s.has("risk_top_share") || s.has("accessibility_bottom_share"))) {
        s.fail("rule", "risk_top_share and accessibility_bottom_share belong to rule = "
                       "\"risk_index\"; the reasons rule uses at_risk_min and thin_below");
    }
    d.at_risk_min = s.number("at_risk_min", d.at_risk_min);
    d.at_risk_rate_min = s.number("at_risk_rate_min", d.at_risk_rate_min);
    d.far_open_hours = s.number("far_open_hours", d.far_open_hours);
    d.thin_below = s.number("thin_below", d.thin_below);
    d.robust_change = s.number("robust_change", d.robust_change);
    if (s.has("far_at_risk_min")) {
        d.far_at_risk_min = s.number("far_at_risk_min", 0.0);
        if (!(d.far_at_risk_min >= 0)) {
            s.fail("far_at_risk_min", "must be a number of people >= 0, e.g. 30 (the default: "
                                      "at_risk_min)");
        }
    }
    if (!(d.at_risk_min >= 0) || !(d.far_open_hours >= 0) || !(d.thin_below >= 0)) {
        s.fail("at_risk_min", "at_risk_min, far_open_hours and thin_below must be numbers >= 0");
    }
    if (!(d.at_risk_rate_min >= 0 && d.at_risk_rate_min <= 1) ||
        !(d.robust_change >= 0 && d.robust_change < 1)) {
        s.fail("at_risk_rate_min", "at_risk_rate_min and robust_change are shares between 0 "
                                   "and 1 (0.2 for 20 %)");
    }
}

} // namespace hublo::study::detail
