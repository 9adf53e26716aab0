// How evenly access is shared among people: the Gini index and the Palma ratio of a value
// held by weighted units (communes weighted by their people at risk), and weighted quantiles.
#pragma once

#include <span>

namespace hublo::algorithms::access {

/// The smallest value whose cumulative weight (values sorted) reaches q of the total, q in
/// [0, 1]. NaN values and non-positive weights are left out; NaN when nothing is left.
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);

/// Gini index of the values held by weighted units: sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean),
/// 0 when everyone has the same, towards 1 when one unit holds everything. NaN without
/// weight or with a zero mean.
double weighted_gini(std::span<const double> values, std::span<const double> weights);

/// Palma ratio: the share of the total value held by the best-served 10 % of the weight over
/// the share held by the least-served 40 % (units split at the boundaries). NaN when the 40 %
/// hold nothing or there is no weight.
double weighted_palma(std::span<const double> values, std::span<const double> weights);

} // namespace hublo::algorithms::access
