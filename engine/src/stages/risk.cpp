#include "stages/risk.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hublo::stages {

algorithms::risk::Result run_risk(const RiskSettings &cfg, const RiskInputs &in,
                                  StageContext &ctx) {
    const auto &communes = in.communes;
    std::vector<std::string> names;
    for (const auto &[n, values] : communes.indicators) {
        names.push_back(n);
    }
    std::vector<algorithms::risk::Indicator> indicators;
    for (const auto &ind : cfg.indicators) {
        const auto it = std::find(names.begin(), names.end(), ind.column);
        if (it == names.end()) {
            const auto near = io::closest(ind.column, names);
            throw Error(ErrorKind::input,
                        "[[risk.indicators]] column '" + ind.column +
                            "' is not a column joined to the communes" +
                            (near.empty() ? "; add it to a [[tables]] entry's columns"
                                          : "; did you mean '" + near + "'?"));
        }
        const auto &values =
            communes.indicators[static_cast<std::size_t>(it - names.begin())].second;
        if (std::none_of(values.begin(), values.end(), [](double v) { return !std::isnan(v); })) {
            throw Error(ErrorKind::data, "[[risk.indicators]] column '" + ind.column +
                                             "' holds no number for any commune; check that "
                                             "the column is numeric (decimal comma, text)");
        }
        indicators.push_back({ind.column, values, ind.weight, ind.scores});
    }
    algorithms::risk::Parameters params;
    params.deciles = cfg.deciles == "population" ? algorithms::risk::DecileWeights::population
                                                 : algorithms::risk::DecileWeights::areas;
    algorithms::risk::Result risk;
    try {
        risk = algorithms::risk::risk_index(indicators, in.population, params);
    } catch (const std::invalid_argument &e) {
        throw Error(ErrorKind::data, std::string("[risk]: ") + e.what() +
                                         "; check the indicator columns and weights");
    }
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        if (risk.missing[i] > 0) {
            ctx.log.add("risk_indicator_missing",
                        "communes lacking some risk indicators (index re-weighted over the "
                        "others; none: no index)",
                        communes.codes[i] + " (" + std::to_string(risk.missing[i]) + ")");
        }
    }
    return risk;
}

} // namespace hublo::stages
