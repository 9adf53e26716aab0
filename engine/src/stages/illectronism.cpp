#include "stages/illectronism.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

namespace hublo::stages {

using algorithms::risk::ExpectedIllectronism;

namespace {
/// The Filosofi age bands [risk] age_grid reads.
const std::vector<algorithms::risk::AgeBand> &filosofi_age_bands() {
    static const std::vector<algorithms::risk::AgeBand> bands = {
        {"ind_0_3", 0, 4},     {"ind_4_5", 4, 6},     {"ind_6_10", 6, 11},   {"ind_11_17", 11, 18},
        {"ind_18_24", 18, 25}, {"ind_25_39", 25, 40}, {"ind_40_54", 40, 55}, {"ind_55_64", 55, 65},
        {"ind_65_79", 65, 80}, {"ind_80p", 80, 1000}};
    return bands;
}

} // namespace

AgeGrid read_age_grid(const RiskSettings &settings, const model::AreaSet &communes,
                      const io::Crs &study_crs) {
    std::vector<std::string> columns;
    for (const auto &b : filosofi_age_bands()) {
        columns.push_back(b.name);
    }
    AgeGrid out;
    out.cells = read_grid(*settings.age_grid, settings.age_grid_id, columns, "[risk] age_grid",
                          communes, study_crs, out.log);
    return out;
}

namespace {

/// Insee's rates by survey band, overridden by [risk] rates, then calibrated where asked.
std::vector<algorithms::risk::BandRate> rates_in_use(const RiskSettings &settings) {
    std::vector<algorithms::risk::BandRate> rates_used;
    rates_used = algorithms::risk::insee_2021_rates();
    for (const auto &[band, value] : settings.rates) {
        for (auto &r : rates_used) {
            if (r.band.name == band) {
                r.rate = value;
                r.low = std::min(r.low, value);
                r.high = std::max(r.high, value);
                r.source = "study file ([risk] rates)";
            }
        }
    }
    if (settings.calibrate) {
        const auto &cal = *settings.calibrate;
        std::vector<double> reference, rates;
        std::unique_ptr<bool[]> unknown(new bool[rates_used.size()]);
        for (std::size_t k = 0; k < rates_used.size(); ++k) {
            const auto &band = rates_used[k].band.name;
            reference.push_back(0.0);
            for (const auto &[b, v] : cal.reference) {
                if (b == band) {
                    reference.back() = v;
                }
            }
            rates.push_back(rates_used[k].rate);
            unknown[k] =
                std::find(cal.unknown.begin(), cal.unknown.end(), band) != cal.unknown.end();
        }
        std::vector<double> solved;
        try {
            solved = algorithms::risk::calibrate_rates(
                reference, rates, {unknown.get(), rates_used.size()}, cal.overall_rate);
        } catch (const std::invalid_argument &e) {
            throw Error(ErrorKind::computation, std::string("[risk] calibrate: ") + e.what());
        }
        for (std::size_t k = 0; k < rates_used.size(); ++k) {
            if (unknown[k]) {
                auto &r = rates_used[k];
                r.rate = solved[k];
                r.low = std::min(r.low, r.rate);
                r.high = std::max(r.high, r.rate);
                r.source = "calibrated so that the reference population of [risk] calibrate "
                           "reproduces an overall rate of " +
                           std::to_string(cal.overall_rate);
            }
        }
    }
    return rates_used;
}

/// Expected counts from the age structure: the grid first (finer), then the census
/// columns, each commune keeping the first estimate it gets.
ExpectedIllectronism from_ages(const RiskSettings &settings, const model::AreaSet &communes,
                               const std::vector<algorithms::risk::BandRate> &rates_used,
                               std::optional<AgeGrid> &age_grid, const io::Crs &study_crs,
                               core::IssueLog &log) {
    using algorithms::risk::AgeBand;
    const auto &kFilosofi = filosofi_age_bands();
    const std::size_t n = communes.codes.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    algorithms::risk::ExpectedIllectronism result;
    result.people_15plus.assign(n, nan);
    result.expected.assign(n, nan);
    result.low.assign(n, nan);
    result.high.assign(n, nan);
    auto merge = [&](const algorithms::risk::ExpectedIllectronism &e) {
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(result.expected[i]) && !std::isnan(e.expected[i])) {
                result.people_15plus[i] = e.people_15plus[i];
                result.expected[i] = e.expected[i];
                result.low[i] = e.low[i];
                result.high[i] = e.high[i];
            }
        }
    };
    try {
        // The grid first (finer), then the census columns.
        if (settings.age_grid) {
            std::vector<std::vector<double>> people(n, std::vector<double>(kFilosofi.size(), nan));
            // Read on another thread since the communes loaded, when one was free.
            const AgeGrid read =
                age_grid ? std::move(*age_grid) : read_age_grid(settings, communes, study_crs);
            log.merge(read.log);
            const GridCells &grid = read.cells;
            for (std::size_t k = 0; k < grid.commune.size(); ++k) {
                auto &p = people[grid.commune[k]];
                for (std::size_t b = 0; b < kFilosofi.size(); ++b) {
                    const double v = grid.values[k][b];
                    p[b] = (std::isnan(p[b]) ? 0.0 : p[b]) + (std::isnan(v) ? 0.0 : v);
                }
            }
            merge(algorithms::risk::expected_illectronism(people, kFilosofi, rates_used));
        }
        if (!settings.age_columns.empty()) {
            std::vector<AgeBand> bands;
            std::vector<const std::vector<double> *> values;
            for (const auto &c : settings.age_columns) {
                const std::vector<double> *found = communes.indicator(c.column);
                if (!found) {
                    throw Error(ErrorKind::input, "[[risk.age_columns]] column '" + c.column +
                                                      "' is not a column joined to the "
                                                      "communes; add it to a [[tables]] entry");
                }
                bands.push_back({c.column, c.from, c.to});
                values.push_back(found);
            }
            std::vector<std::vector<double>> people(n, std::vector<double>(bands.size()));
            for (std::size_t i = 0; i < n; ++i) {
                for (std::size_t b = 0; b < bands.size(); ++b) {
                    people[i][b] = (*values[b])[i];
                }
            }
            merge(algorithms::risk::expected_illectronism(people, bands, rates_used));
        }
    } catch (const std::invalid_argument &e) {
        throw Error(ErrorKind::input, std::string("[risk]: ") + e.what());
    }
    return result;
}

/// The rate moves by the group's odds ratio for each group share; low and high in
/// proportion.
void adjust(const RiskSettings &settings, const model::AreaSet &communes,
            ExpectedIllectronism &result, core::IssueLog &log) {
    const std::size_t n = communes.codes.size();
    for (const auto &adj : settings.adjustments) {
        const algorithms::risk::GroupAdjustment group{adj.name, adj.group_rate, adj.overall_rate,
                                                      adj.reference_share};
        try {
            group.validate();
        } catch (const std::invalid_argument &e) {
            throw Error(ErrorKind::input, std::string("[[risk.adjustments]] ") + e.what());
        }
        const std::vector<double> *share = communes.indicator(adj.column);
        if (!share) {
            throw Error(ErrorKind::input, "[[risk.adjustments]] column '" + adj.column +
                                              "' is not a column joined to the communes");
        }
        for (std::size_t i = 0; i < n; ++i) {
            const double sh = (*share)[i];
            if (!std::isnan(sh) && (sh < 0.0 || sh > 1.0)) {
                throw Error(ErrorKind::data,
                            "[[risk.adjustments]] column '" + adj.column + "' holds " +
                                std::to_string(sh) + " for commune " + communes.codes[i] +
                                ": it must be a share in [0, 1] (divide percentages by 100)");
            }
            if (std::isnan(result.expected[i]) || !(result.people_15plus[i] > 0)) {
                continue;
            }
            if (std::isnan(sh)) {
                log.add("commune_without_adjustment:" + adj.column,
                        "communes left unadjusted for lack of a share in " + adj.column,
                        communes.codes[i]);
                continue;
            }
            const double rate = result.expected[i] / result.people_15plus[i];
            const double factor =
                rate > 0 ? algorithms::risk::adjust_rate(rate, sh, group) / rate : 1.0;
            result.expected[i] *= factor;
            result.low[i] *= factor;
            result.high[i] *= factor;
        }
    }
}
} // namespace

IllectronismResult run_illectronism(const RiskSettings &settings, IllectronismInputs in,
                                    StageContext &ctx) {
    const auto &communes = in.communes;
    auto &log = ctx.log;
    IllectronismResult out;
    out.rates = rates_in_use(settings);
    out.expected = from_ages(settings, communes, out.rates, in.age_grid, ctx.crs, log);
    adjust(settings, communes, out.expected, log);
    const auto &result = out.expected;
    const std::size_t n = communes.codes.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(result.expected[i])) {
            log.add("commune_without_age_structure",
                    "communes without an age structure, so without expected people in "
                    "illectronism: give [risk] age_grid (Insee Filosofi cells with ind_0_3 ... "
                    "ind_80p) or [[risk.age_columns]] (census columns such as P21_POP1529) "
                    "covering them",
                    communes.codes[i]);
        }
    }
    return out;
}

} // namespace hublo::stages
