#include "hublo/algorithms/risk/risk_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace hublo::algorithms::risk;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST(RiskIndex, DecilesOfTenDistinctValuesAreOneToTen) {
    const std::vector<double> v = {5, 1, 9, 3, 7, 2, 10, 4, 8, 6};
    const auto s = decile_scores(v, {});
    for (std::size_t i = 0; i < v.size(); ++i) {
        EXPECT_DOUBLE_EQ(s[i], v[i]); // the k-th smallest value scores k
    }
}

TEST(RiskIndex, TiesShareTheirScore) {
    // Twenty areas: four share the lowest value, four the highest.
    std::vector<double> v = {0, 0, 0, 0};
    for (int i = 1; i <= 12; ++i) {
        v.push_back(i);
    }
    v.insert(v.end(), {99, 99, 99, 99});
    const auto s = decile_scores(v, {});
    EXPECT_DOUBLE_EQ(s[0], 1.0);
    EXPECT_DOUBLE_EQ(s[3], 1.0);
    EXPECT_DOUBLE_EQ(s[4], 3.0);  // 4 of 20 below: 1 + floor(2) = 3
    EXPECT_DOUBLE_EQ(s[19], 9.0); // 16 of 20 below: 1 + floor(8) = 9, the four tie
    EXPECT_DOUBLE_EQ(s[16], 9.0);
}

TEST(RiskIndex, PopulationWeightedDeciles) {
    // One big area holds 90 % of the people: every value above it scores 10.
    const std::vector<double> v = {1, 2, 3, 4};
    const std::vector<double> pop = {900, 50, 30, 20};
    const auto s = decile_scores(v, pop);
    EXPECT_DOUBLE_EQ(s[0], 1.0);
    EXPECT_DOUBLE_EQ(s[1], 10.0); // 900 of 1000 below: 1 + 9
    EXPECT_DOUBLE_EQ(s[3], 10.0);
}

TEST(RiskIndex, MissingValuesAreReweightedNeverZero) {
    const std::vector<double> a = {8, 2, kNaN}, b = {4, kNaN, kNaN};
    const std::vector<Indicator> ind = {{"a", a, 3.0, true}, {"b", b, 1.0, true}};
    const auto r = risk_index(ind, {}, {});
    EXPECT_DOUBLE_EQ(r.index[0], (3 * 8 + 1 * 4) / 4.0);
    EXPECT_DOUBLE_EQ(r.index[1], 2.0); // only a: re-weighted over the present one
    EXPECT_TRUE(std::isnan(r.index[2]));
    EXPECT_EQ(r.missing[1], 1u);
    EXPECT_EQ(r.missing[2], 2u);
}

TEST(RiskIndex, IfnTotalOfChinonFromItsFiveScores) {
    // IFN 2023, Chinon (37072): 6, 6, 7, 9, 6 -> total 6.8 with equal weights.
    const std::vector<double> thd = {6}, g4 = {6}, pov = {7}, old = {9}, dipl = {6};
    const std::vector<Indicator> ind = {{"thd", thd, 1, true},
                                        {"4g", g4, 1, true},
                                        {"poverty", pov, 1, true},
                                        {"65+", old, 1, true},
                                        {"diploma", dipl, 1, true}};
    EXPECT_NEAR(risk_index(ind, {}, {}).index[0], 6.8, 1e-12);
}

TEST(RiskIndex, BadParametersAreRejected) {
    const std::vector<double> v = {1, 11};
    EXPECT_THROW(risk_index(std::vector<Indicator>{{"s", v, 1, true}}, {}, {}),
                 std::invalid_argument); // a score outside 1-10
    const std::vector<double> w = {1, 2};
    EXPECT_THROW(risk_index(std::vector<Indicator>{{"a", w, 0, false}}, {}, {}),
                 std::invalid_argument); // weights sum to zero
    EXPECT_THROW(risk_index(std::vector<Indicator>{{"a", w, -1, false}}, {}, {}),
                 std::invalid_argument);
    EXPECT_THROW(risk_index({}, {}, {}), std::invalid_argument);
}

TEST(RiskIndex, NegativeValuesAndLargeInputsOrderCorrectly) {
    // Negative numbers, a -0.0, and enough areas for the parallel path.
    std::vector<double> v;
    for (int i = 0; i < 20000; ++i) {
        v.push_back(static_cast<double>((i * 7919) % 20000) - 10000.0);
    }
    for (auto &x : v) {
        if (x == 0.0) {
            x = -0.0; // must rank as zero, not below every negative number
        }
    }
    const std::vector<Indicator> ind = {{"a", v, 1, false}, {"b", v, 1, false}};
    const auto r = risk_index(ind, {}, {});
    for (std::size_t i = 0; i < v.size(); ++i) {
        // Distinct values -10000..9999: the score is 1 + floor(10 * rank / 20000).
        const double rank = v[i] + 10000.0;
        EXPECT_DOUBLE_EQ(r.scores[0][i], 1.0 + std::floor(rank / 2000.0)) << i;
        EXPECT_DOUBLE_EQ(r.scores[1][i], r.scores[0][i]);
    }
}
