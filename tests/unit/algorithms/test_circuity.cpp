// Circuity on a street grid, where the network distance is known exactly: the Manhattan
// distance |dx| + |dy|, between 1 and sqrt(2) times the straight line.
#include "hublo/algorithms/network/circuity.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace hublo::algorithms::network;
using hublo::algorithms::geometry::XY;

namespace {
constexpr double kStep = 100.0;

/// n x n junctions 100 m apart, every street both ways.
Graph grid(int n) {
    std::vector<XY> xy;
    std::vector<EdgeInput> e;
    auto id = [n](int i, int j) { return static_cast<NodeId>(i * n + j); };
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            xy.push_back({kStep * j, kStep * i});
            if (j + 1 < n) {
                e.push_back({id(i, j), id(i, j + 1), kStep, 10});
                e.push_back({id(i, j + 1), id(i, j), kStep, 10});
            }
            if (i + 1 < n) {
                e.push_back({id(i, j), id(i + 1, j), kStep, 10});
                e.push_back({id(i + 1, j), id(i, j), kStep, 10});
            }
        }
    }
    return Graph(std::move(xy), e);
}

/// Whether a network distance d and a straight line s can come from one grid offset (a, b)
/// steps: a + b = d / 100 and a^2 + b^2 = (s / 100)^2.
bool manhattan(double d, double s) {
    const long sum = std::lround(d / kStep);
    if (std::abs(d - kStep * static_cast<double>(sum)) > 1e-6) {
        return false;
    }
    for (long a = 0; a <= sum; ++a) {
        const long b = sum - a;
        if (std::abs(std::sqrt(static_cast<double>(a * a + b * b)) * kStep - s) < 1e-6) {
            return true;
        }
    }
    return false;
}
} // namespace

TEST(Circuity, RandomPairsOnAGridAreManhattanDistances) {
    const Graph g = grid(15);
    CircuityParameters p;
    p.origins = 40;
    p.per_origin = 5;
    p.min_straight_m = 250;
    const auto pairs = random_pairs(g, p);
    ASSERT_EQ(pairs.straight_m.size(), 200u);
    for (std::size_t k = 0; k < pairs.straight_m.size(); ++k) {
        EXPECT_GE(pairs.straight_m[k], 250.0);
        EXPECT_TRUE(manhattan(pairs.network_m[k], pairs.straight_m[k]))
            << pairs.network_m[k] << " m along the grid for " << pairs.straight_m[k]
            << " m straight";
    }
    const auto stats = circuity_stats(pairs);
    EXPECT_GE(stats.p10, 1.0);
    EXPECT_LE(stats.p90, std::sqrt(2.0) + 1e-12);
    // Uniform directions on a grid give 4/pi = 1.27 on average; a 15 x 15 sample is near it.
    EXPECT_NEAR(stats.mean, 4.0 / M_PI, 0.06);

    const auto again = random_pairs(g, p);
    EXPECT_EQ(again.network_m, pairs.network_m) << "the same seed gives the same pairs";
    p.seed = 2;
    EXPECT_NE(random_pairs(g, p).network_m, pairs.network_m);
}

TEST(Circuity, HomesGoToTheNearestPlaceAlongTheStreets) {
    // Places at two opposite corners of an 11 x 11 grid: every home's way is the smaller of
    // its two Manhattan distances, at most 1000 m (the centre is 1000 m from both).
    const Graph g = grid(11);
    const std::vector<NodeId> places = {0, 120};
    CircuityParameters p;
    p.origins = 60;
    p.min_straight_m = 0;
    const auto pairs = pairs_to_targets(g, places, p);
    ASSERT_GT(pairs.straight_m.size(), 50u); // a home on a place is left out
    for (std::size_t k = 0; k < pairs.straight_m.size(); ++k) {
        EXPECT_TRUE(manhattan(pairs.network_m[k], pairs.straight_m[k])) << k;
        EXPECT_LE(pairs.network_m[k], 1000.0 + 1e-9);
    }
}

TEST(Circuity, StatisticsOfAHandSample) {
    // Ratios 1, 1.5 and 2: median and mean 1.5; quantiles interpolated as numpy does.
    const DistancePairs pairs{{100, 100, 100}, {100, 150, 200}};
    const auto s = circuity_stats(pairs);
    EXPECT_EQ(s.pairs, 3u);
    EXPECT_DOUBLE_EQ(s.median, 1.5);
    EXPECT_DOUBLE_EQ(s.mean, 1.5);
    EXPECT_NEAR(s.p10, 1.1, 1e-12);
    EXPECT_NEAR(s.p90, 1.9, 1e-12);
    // Straight x 1.5 = 150 m each: errors 50/100, 0, 50/200.
    EXPECT_DOUBLE_EQ(s.error_median, 0.25);
    EXPECT_DOUBLE_EQ(s.error_median_m, 50.0);
    // With a given factor 1: errors 0, 50/150, 100/200.
    const auto one = circuity_stats(pairs, 1.0);
    EXPECT_NEAR(one.error_median, 1.0 / 3.0, 1e-12);
}
