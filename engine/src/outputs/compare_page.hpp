// compare/index.html: `hublo compare`'s results as a page a committee reads, in French: the
// scenarios side by side (places, desert communes and zones, people at risk far by car and
// without a car, help-hours per 1,000 people at risk, communes changed), then for each
// scenario its settings and the communes whose desert status, reason or minutes to the
// nearest place changed. One HTML file, no script, no request; text from the data escaped.
#pragma once

#include "hublo/hublo.hpp"

#include <string>
#include <vector>

namespace hublo::outputs {

/// A commune whose desert status, reason or minutes changed.
struct CompareRow {
    std::string code, name;
    double at_risk = 0.0;
    int desert_base = 0, desert_scenario = 0;
    std::string reason_base, reason_scenario;
    double minutes_base = 0.0, minutes_scenario = 0.0; ///< NaN: none within reach
};

struct ComparePageScenario {
    ScenarioTotals totals;
    std::vector<std::string> settings; ///< as --set
    std::vector<CompareRow> rows;
};

/// The page. `far_min`: the minutes by car beyond which people are far.
std::string compare_page(const std::string &study_name, double far_min, const ScenarioTotals &base,
                         const std::vector<ComparePageScenario> &scenarios);

} // namespace hublo::outputs
