#include "hublo/algorithms/risk/illectronism.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace hublo::algorithms::risk;

namespace {
// The Filosofi grid's age bands.
const std::vector<AgeBand> kGrid = {
    {"0_3", 0, 4},     {"4_5", 4, 6},     {"6_10", 6, 11},   {"11_17", 11, 18}, {"18_24", 18, 25},
    {"25_39", 25, 40}, {"40_54", 40, 55}, {"55_64", 55, 65}, {"65_79", 65, 80}, {"80p", 80, 1000}};
} // namespace

TEST(Illectronism, BandMappingSplitsAndMerges) {
    const auto rates = insee_2021_rates();
    std::vector<AgeBand> survey;
    for (const auto &r : rates) {
        survey.push_back(r.band);
    }
    const auto m = band_mapping(kGrid, survey);
    EXPECT_DOUBLE_EQ(m[0][0], 0.0);           // 0-3: under 15, outside the survey
    EXPECT_NEAR(m[3][0], 3.0 / 7.0, 1e-15);   // 11-17: 15, 16, 17 of 7 years into 15-24
    EXPECT_DOUBLE_EQ(m[4][0], 1.0);           // 18-24 merges into 15-24
    EXPECT_DOUBLE_EQ(m[6][2], 1.0);           // 40-54 into 40-59
    EXPECT_DOUBLE_EQ(m[7][2], 0.5);           // 55-64 splits: 55-59 ...
    EXPECT_DOUBLE_EQ(m[7][3], 0.5);           // ... and 60-64
    EXPECT_NEAR(m[8][3], 10.0 / 15.0, 1e-15); // 65-79: 65-74 ...
    EXPECT_NEAR(m[8][4], 5.0 / 15.0, 1e-15);  // ... and 75-79
    EXPECT_DOUBLE_EQ(m[9][4], 1.0);           // 80+ into 75+
}

TEST(Illectronism, ExpectedCountsByHand) {
    // 700 people aged 11-17, 100 aged 55-64, 300 aged 80+.
    std::vector<double> area(kGrid.size(), 0.0);
    area[3] = 700;
    area[7] = 100;
    area[9] = 300;
    const auto rates = insee_2021_rates();
    const auto r = expected_illectronism({area}, kGrid, rates);
    // 15-24: 300 x 2 %; 40-59: 50 x 14 %; 60-74: 50 x 24 %; 75+: 300 x 62 %.
    EXPECT_NEAR(r.people_15plus[0], 300 + 100 + 300, 1e-9);
    EXPECT_NEAR(r.expected[0], 300 * 0.02 + 50 * 0.14 + 50 * 0.24 + 300 * 0.62, 1e-9);
    EXPECT_NEAR(r.low[0], 300 * 0.015 + 50 * 0.04 + 50 * 0.22 + 300 * 0.60, 1e-9);
    EXPECT_NEAR(r.high[0], 300 * 0.03 + 50 * 0.24 + 50 * 0.26 + 300 * 0.67, 1e-9);
}

TEST(Illectronism, CalibrationRecoversTheRateItWasGiven) {
    // A reference population with a known 40-59 rate of 9 %: its overall rate, given back,
    // must yield 9 % again.
    const std::vector<double> people = {1000, 1500, 2500, 1800, 900};
    std::vector<double> rates = {0.02, 0.04, 0.09, 0.24, 0.62};
    double total = 0, ill = 0;
    for (std::size_t i = 0; i < people.size(); ++i) {
        total += people[i];
        ill += people[i] * rates[i];
    }
    rates[2] = 0.14; // the starting assumption
    const bool f[5] = {false, false, true, false, false};
    const auto out = calibrate_rates(people, rates, std::span<const bool>(f, 5), ill / total);
    EXPECT_NEAR(out[2], 0.09, 1e-12);
    EXPECT_DOUBLE_EQ(out[0], 0.02);
}

TEST(Illectronism, RatesOutsideZeroOneAreRejected) {
    auto rates = insee_2021_rates();
    rates[4].rate = 1.2;
    rates[4].high = 1.3;
    std::vector<double> area(kGrid.size(), 1.0);
    try {
        expected_illectronism({area}, kGrid, rates);
        FAIL();
    } catch (const std::invalid_argument &e) {
        EXPECT_NE(std::string(e.what()).find("rate of band 75+"), std::string::npos);
    }
    const std::vector<double> people = {1, 1};
    const std::vector<double> r = {0.5, 0.5};
    const bool f[2] = {false, true};
    EXPECT_THROW(calibrate_rates(people, r, std::span<const bool>(f, 2), 0.9),
                 std::invalid_argument); // would need a rate of 1.3
}

TEST(Illectronism, OddsRatioAdjustmentByGroupShare) {
    // Insee 2021: at most the CEP 42 % against 15.4 % overall; a reference share of 20 %
    // (a test value) makes the rate outside the group (0.154 - 0.2 x 0.42) / 0.8 = 8.75 %.
    const GroupAdjustment g{"at most CEP", 0.42, 0.154, 0.20};
    g.validate();
    const double rest = (0.154 - 0.2 * 0.42) / 0.8;
    EXPECT_NEAR(g.odds_ratio(), (0.42 / 0.58) / (rest / (1 - rest)), 1e-12);
    // The reference share leaves any age-based rate as it is.
    for (const double p : {0.05, 0.154, 0.3}) {
        EXPECT_NEAR(adjust_rate(p, 0.20, g), p, 1e-12);
    }
    // At the overall rate, an area made only of the group has the group's rate, and one
    // with nobody in it has the rate outside the group.
    EXPECT_NEAR(adjust_rate(0.154, 1.0, g), 0.42, 1e-12);
    EXPECT_NEAR(adjust_rate(0.154, 0.0, g), rest, 1e-12);
    // More of the group, more illectronism.
    EXPECT_LT(adjust_rate(0.2, 0.1, g), adjust_rate(0.2, 0.3, g));
    // Inconsistent figures are refused: 60 % of people at 42 % cannot make 15.4 % overall.
    EXPECT_THROW((GroupAdjustment{"x", 0.42, 0.154, 0.6}.validate()), std::invalid_argument);
}
