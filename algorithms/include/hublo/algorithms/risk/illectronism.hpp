// Expected people in illectronism, post-stratified by age: the population of each area per
// source age band (census or grid columns) is mapped onto the bands of Insee's survey
// (uniformly within a source band), then multiplied by the published rate of each survey band.
//
// Every rate is a named parameter with its source and an uncertainty; the low and high
// estimates take every rate at its low or high value. A rate that the sources do not give
// is a stated assumption, or is calibrated so that a reference population reproduces a
// known overall rate.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace hublo::algorithms::risk {

/// An age band [from, to) in years; `to` may be a large number for "and over".
struct AgeBand {
    std::string name;
    double from = 0.0;
    double to = 0.0;
};

/// A survey band with its rate of illectronism (share in [0, 1]) and its uncertainty.
struct BandRate {
    AgeBand band;
    double rate = 0.0;
    double low = 0.0;   ///< lower plausible value
    double high = 0.0;  ///< upper plausible value
    std::string source; ///< where the figure comes from, or the assumption
};

/// Share of each source band that falls into each target band, uniform within the source
/// band: matrix[s][t]. Ages outside every target band are dropped (the survey covers 15+).
/// `open_end_years` closes an open band ("80 and over") for the uniform split.
std::vector<std::vector<double>> band_mapping(std::span<const AgeBand> source,
                                              std::span<const AgeBand> target,
                                              double open_end_years = 100.0);

struct ExpectedIllectronism {
    std::vector<double> people_15plus; ///< per area, in the survey bands
    std::vector<double> expected;      ///< per area
    std::vector<double> low, high;     ///< per area
};

/// `population[a][s]`: people of area a in source band s (NaN: unknown -> the area gets NaN).
/// Throws std::invalid_argument on a rate outside [0, 1] or low > rate > high, naming it.
ExpectedIllectronism expected_illectronism(const std::vector<std::vector<double>> &population,
                                           std::span<const AgeBand> source_bands,
                                           std::span<const BandRate> rates);

/// Solves for the rates marked unknown so that the reference population (people per survey
/// band) reproduces `overall_rate` over its 15+ population, keeping the known rates; with
/// several unknown bands, the least-norm solution that also keeps them as close as possible
/// to their starting values (Eigen, complete orthogonal decomposition). Throws
/// std::invalid_argument when the result leaves [0, 1].
std::vector<double> calibrate_rates(std::span<const double> reference_people,
                                    std::span<const double> rates, std::span<const bool> unknown,
                                    double overall_rate);

/// A population group with a published rate of illectronism (e.g. people with at most the
/// CEP: 42 % in 2021, against 15.4 % overall), used as an odds ratio to adjust an area's
/// age-based rate for its own share of the group.
struct GroupAdjustment {
    std::string name;
    double group_rate = 0.0;      ///< rate in the group (0.42)
    double overall_rate = 0.0;    ///< rate in the whole survey population (0.154)
    double reference_share = 0.0; ///< the group's share of the survey population
    /// Throws std::invalid_argument when the figures are not a consistent mix (the rate
    /// outside the group, (overall - share x group) / (1 - share), must lie in (0, 1)).
    void validate() const;
    /// Odds of illectronism in the group over the odds outside it.
    [[nodiscard]] double odds_ratio() const;
};

/// The rate of an area whose age structure gives `age_rate` and whose share of the group is
/// `share`: the age-based rate is read as that of an area with the reference share; the
/// rate outside the group is solved from it, the group's rate follows by the odds ratio, and
/// the two are mixed at the area's own share. share == reference_share leaves the rate as it
/// is; at age_rate == overall_rate, share 1 gives the group's rate.
double adjust_rate(double age_rate, double share, const GroupAdjustment &group);

/// Insee Première n°1953 (2021 data): 15-24 2 %, 25-39 4 %, 60-74 24 %, 75+ 62 %; 40-59 not
/// published: linear interpolation between the midpoints of 25-39 and 60-74 (14 %), a stated
/// assumption with a wide range (4-24 %).
std::vector<BandRate> insee_2021_rates();

} // namespace hublo::algorithms::risk
