// A composite risk index of illectronism per area, in the spirit of La MedNum's Indice de
// Fragilité Numérique: each indicator becomes a score from 1 to 10 (by deciles over the
// study's areas, or taken as it is when the source already gives 1-10 scores), and the
// index is the weighted mean of the scores an area has.
//
// Guarantees: deciles give equal values equal scores (the share of the reference weight
// strictly below a value decides its score: 1 + floor(10 * share)), so the lowest value
// scores 1 and, with ten areas or more, the highest scores 10; missing values (NaN) are never
// read as zero: an area's index is re-weighted over the indicators it has, and an area with
// none has no index (NaN).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hublo::algorithms::risk {

struct Indicator {
    std::string name;
    std::span<const double> values; ///< per area; NaN when missing
    double weight = 1.0;            ///< >= 0
    bool ready_scores = false;      ///< values are already 1-10 scores
};

enum class DecileWeights { areas, population };

struct Parameters {
    /// areas: every area counts the same in the deciles; population: areas count by
    /// their population (a decile then holds about a tenth of the people).
    DecileWeights deciles = DecileWeights::areas;
    /// Throws std::invalid_argument naming the bad field.
    void validate(std::span<const Indicator> indicators, std::size_t areas) const;
};

struct Result {
    std::vector<std::vector<double>> scores; ///< per indicator, per area (NaN when missing)
    std::vector<double> index;               ///< per area: weighted mean of its scores
    std::vector<std::uint32_t> missing;      ///< per area: indicators it lacks
};

/// Scores 1-10 by deciles of `values` (NaN stays NaN); `weights` empty means equal weights.
std::vector<double> decile_scores(std::span<const double> values, std::span<const double> weights);

/// The index of every area. `population` (per area, NaN allowed: weight 0) is used only with
/// DecileWeights::population. Throws std::invalid_argument on weights that are negative or
/// sum to zero, or ready scores outside 1-10 (naming the indicator and the area index).
Result risk_index(std::span<const Indicator> indicators, std::span<const double> population,
                  const Parameters &parameters);

} // namespace hublo::algorithms::risk
