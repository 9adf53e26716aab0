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
        // The calibrated range: what the overall rate allows when the known rates sit at their
        // high values (the unknown at its lowest) or at their low ones (at its highest),
        // clamped to [0, 1] when the known ranges alone already reach the overall rate.
        auto solve_at = [&](bool known_high, double clamp) {
            std::vector<double> at = rates;
            for (std::size_t k = 0; k < rates_used.size(); ++k) {
                if (!unknown[k]) {
                    at[k] = known_high ? rates_used[k].high : rates_used[k].low;
                }
            }
            try {
                return algorithms::risk::calibrate_rates(
                    reference, at, {unknown.get(), rates_used.size()}, cal.overall_rate);
            } catch (const std::invalid_argument &) {
                return std::vector<double>(rates_used.size(), clamp);
            }
        };
        const std::vector<double> lowest = solve_at(true, 0.0);
        const std::vector<double> highest = solve_at(false, 1.0);
        for (std::size_t k = 0; k < rates_used.size(); ++k) {
            if (unknown[k]) {
                auto &r = rates_used[k];
                r.rate = solved[k];
                r.low = std::min(lowest[k], r.rate);
                r.high = std::max(highest[k], r.rate);
                r.source = "calibrated so that the reference population of [risk] calibrate "
                           "reproduces an overall rate of " +
                           std::to_string(cal.overall_rate) +
                           "; range: the same with the other rates at their high or low values";
            }
        }
    }
    return rates_used;
}

/// An estimate with every commune unknown.
ExpectedIllectronism unknown_estimate(std::size_t n) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ExpectedIllectronism e;
    e.people_15plus.assign(n, nan);
    e.expected.assign(n, nan);
    e.low.assign(n, nan);
    e.high.assign(n, nan);
    return e;
}

/// The estimate from the grid's cells summed per commune.
ExpectedIllectronism from_grid(const RiskSettings &settings, const model::AreaSet &communes,
                               const std::vector<algorithms::risk::BandRate> &rates_used,
                               std::optional<AgeGrid> &age_grid, const io::Crs &study_crs,
                               core::IssueLog &log) {
    const auto &kFilosofi = filosofi_age_bands();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<double>> people(communes.codes.size(),
                                            std::vector<double>(kFilosofi.size(), nan));
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
    return algorithms::risk::expected_illectronism(people, kFilosofi, rates_used);
}

/// The estimate from census columns joined to the communes.
ExpectedIllectronism from_columns(const RiskSettings &settings, const model::AreaSet &communes,
                                  const std::vector<algorithms::risk::BandRate> &rates_used) {
    std::vector<algorithms::risk::AgeBand> bands;
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
    const std::size_t n = communes.codes.size();
    std::vector<std::vector<double>> people(n, std::vector<double>(bands.size()));
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t b = 0; b < bands.size(); ++b) {
            people[i][b] = (*values[b])[i];
        }
    }
    return algorithms::risk::expected_illectronism(people, bands, rates_used);
}

/// The grid's and the columns' estimates compared where both exist.
std::optional<SourceAgreement> compare(const ExpectedIllectronism &grid,
                                       const ExpectedIllectronism &columns) {
    SourceAgreement a;
    std::vector<double> rel, x, y;
    for (std::size_t i = 0; i < grid.expected.size(); ++i) {
        const double g = grid.expected[i], c = columns.expected[i];
        if (std::isnan(g) || std::isnan(c)) {
            continue;
        }
        ++a.communes;
        a.grid_expected += g;
        a.columns_expected += c;
        a.grid_people_15plus += grid.people_15plus[i];
        a.columns_people_15plus += columns.people_15plus[i];
        if (c > 0) {
            rel.push_back(std::fabs(g - c) / c);
        }
        x.push_back(g);
        y.push_back(c);
    }
    if (a.communes == 0) {
        return std::nullopt;
    }
    if (!rel.empty()) {
        const auto mid = rel.begin() + static_cast<std::ptrdiff_t>(rel.size() / 2);
        std::nth_element(rel.begin(), mid, rel.end());
        a.median_abs_relative_difference = *mid;
        if (rel.size() % 2 == 0) {
            const double below = *std::max_element(rel.begin(), mid);
            a.median_abs_relative_difference = (below + *mid) / 2.0;
        }
    }
    const double mx = a.grid_expected / static_cast<double>(x.size());
    const double my = a.columns_expected / static_cast<double>(y.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
    }
    a.correlation = sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
    return a;
}

/// Expected counts from the age structure: the preferred source first, each commune
/// keeping the first estimate it gets.
void from_ages(const RiskSettings &settings, const model::AreaSet &communes,
               std::optional<AgeGrid> &age_grid, const io::Crs &study_crs, core::IssueLog &log,
               IllectronismResult &out) {
    const std::size_t n = communes.codes.size();
    out.expected = unknown_estimate(n);
    out.source.assign(n, AgeSource::none);
    auto merge = [&](const ExpectedIllectronism &e, AgeSource source) {
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(out.expected.expected[i]) && !std::isnan(e.expected[i])) {
                out.expected.people_15plus[i] = e.people_15plus[i];
                out.expected.expected[i] = e.expected[i];
                out.expected.low[i] = e.low[i];
                out.expected.high[i] = e.high[i];
                out.source[i] = source;
            }
        }
    };
    try {
        std::optional<ExpectedIllectronism> grid, columns;
        if (settings.age_grid) {
            grid = from_grid(settings, communes, out.rates, age_grid, study_crs, log);
        }
        if (!settings.age_columns.empty()) {
            columns = from_columns(settings, communes, out.rates);
        }
        if (settings.prefer_grid && grid) {
            merge(*grid, AgeSource::grid);
        }
        if (columns) {
            merge(*columns, AgeSource::columns);
        }
        if (!settings.prefer_grid && grid) {
            merge(*grid, AgeSource::grid);
        }
        if (grid && columns) {
            out.agreement = compare(*grid, *columns);
        }
    } catch (const std::invalid_argument &e) {
        throw Error(ErrorKind::input, std::string("[risk]: ") + e.what());
    }
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

const char *age_source_name(AgeSource s) {
    switch (s) {
    case AgeSource::grid:
        return "grid";
    case AgeSource::columns:
        return "census columns";
    case AgeSource::none:
        break;
    }
    return "";
}

IllectronismResult run_illectronism(const RiskSettings &settings, IllectronismInputs in,
                                    StageContext &ctx) {
    const auto &communes = in.communes;
    auto &log = ctx.log;
    IllectronismResult out;
    out.rates = rates_in_use(settings);
    from_ages(settings, communes, in.age_grid, ctx.crs, log, out);
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
