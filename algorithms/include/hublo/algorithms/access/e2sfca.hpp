// Enhanced two-step floating catchment area (E2SFCA, Luo & Qi 2009), the family of the
// French APL indicator (DREES): how much supply each demand point can reach, given the
// demand competing for the same supply.
//
// Step 1, per place j: R_j = S_j / sum_i W(t_ij) D_i over the points i within the
// catchment. Step 2, per point i: A_i = sum_j W(t_ij) R_j over the places j it reaches.
// W is a distance decay: steps per time band (Luo & Qi use 1, 0.68, 0.22 for 0-10, 10-20,
// 20-30 minutes) or a Gaussian. With the same W in both steps, sum_i D_i A_i equals the
// total capacity of the places that have demand within reach.
#pragma once

#include "hublo/algorithms/network/catchments.hpp"

#include <span>
#include <string>
#include <vector>

namespace hublo::algorithms::access {

/// A time-decay weight, 1 at t = 0 and 0 beyond the catchment.
class Decay {
public:
    /// W(t) = weights[k] for upper_s[k-1] < t <= upper_s[k]; 0 beyond the last bound.
    /// Throws std::invalid_argument for bounds not increasing, a weight count that differs
    /// from the bound count, or a negative or non-finite weight.
    static Decay steps(std::vector<double> upper_s, std::vector<double> weights);
    /// W(t) = (exp(-(t/T)^2 / 2) - exp(-1/2)) / (1 - exp(-1/2)) for t <= T = limit_s: the
    /// Gaussian 2SFCA of Dai (2010), 1 at t = 0 and 0 at the limit.
    static Decay gaussian(double limit_s);

    [[nodiscard]] double operator()(double t_s) const;
    [[nodiscard]] double limit_s() const { return upper_s_.back(); }
    [[nodiscard]] std::string describe() const;

private:
    enum class Kind { steps, gaussian } kind_ = Kind::steps;
    std::vector<double> upper_s_, weights_;
};

struct E2sfcaResult {
    std::vector<double> ratio;           ///< per place: capacity / weighted demand (0: none)
    std::vector<double> weighted_demand; ///< per place: sum of W(t) D over its catchment
    std::vector<double> accessibility;   ///< per point: sum of W(t) R over reached places
};

/// `reach` lists, per place, the points within the catchment and their times (catchment
/// times of a bounded search, limit at least decay.limit_s()). `capacity` per place (> 0),
/// `demand` per point (>= 0; NaN counts as 0). Throws std::invalid_argument naming the
/// first place with a capacity that is not > 0, or mismatched sizes.
E2sfcaResult e2sfca(const network::CatchmentTimes &reach, std::span<const double> capacity,
                    std::span<const double> demand, const Decay &decay);

/// The balanced floating catchment area (BFCA, Paez, Higgins & Vivona 2019), which removes
/// E2SFCA's inflation of demand (a point counted in full by every place it reaches) and of
/// supply: the weights are standardised, per point over the places it reaches (w_i) and per
/// place over the points it reaches (w_j). Step 1: P*_j = sum_i D_i w_i, R_j = S_j / P*_j.
/// Step 2: A_i = sum_j R_j w_j (as the R package `accessibility` computes it). w_j shares a
/// place among its points whatever their size, so A_i is not per person; the supply a point's
/// people take is S*_i = D_i sum_j w_i R_j (each person's demand split among the places as
/// w_i says, each place's supply shared as the demand it receives): the balanced demands add
/// up to the demand within reach and the S*_i to the supply of the places with some demand,
/// nothing counted twice.
struct BfcaResult {
    std::vector<double> balanced_demand;  ///< per place: P*_j
    std::vector<double> ratio;            ///< per place: S_j / P*_j (0: no demand)
    std::vector<double> accessibility;    ///< per point: A_i, supply per person
    std::vector<double> allocated_supply; ///< per point: S*_i = D_i sum_j w_i R_j
};

/// Same inputs and errors as e2sfca().
BfcaResult bfca(const network::CatchmentTimes &reach, std::span<const double> capacity,
                std::span<const double> demand, const Decay &decay);

} // namespace hublo::algorithms::access
