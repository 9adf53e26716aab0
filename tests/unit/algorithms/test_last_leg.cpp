// The last leg where the roads stop: labelling raster nodes by area, and carrying times on.
#include "hublo/algorithms/isochrone/last_leg.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace hublo::algorithms;
using isochrone::kNoArea;

namespace {
geometry::Polygon square(double x0, double y0, double x1, double y1) {
    return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}};
}
} // namespace

TEST(LastLeg, NodesAreLabelledByTheFirstAreaHoldingThemHolesOutside) {
    // Nodes at 0, 10, ..., 90 m each way. Area 0: a 60 m square at the origin with a 20 m
    // hole in its middle; area 1: a square over nodes 50-80 (overlapping area 0's edge).
    geometry::Polygon first = square(-1, -1, 61, 61);
    first.rings.push_back({{25, 25}, {25, 35}, {35, 35}, {35, 25}, {25, 25}}); // node (30,30)
    const std::vector<geometry::MultiPolygon> areas = {{first}, {square(45, 45, 85, 85)}};
    const auto label = isochrone::label_nodes(areas, 10, 10, 0.0, 0.0, 10.0);
    auto at = [&](int c, int r) { return label[static_cast<std::size_t>(r * 10 + c)]; };
    EXPECT_EQ(at(0, 0), 0u);
    EXPECT_EQ(at(6, 6), 0u) << "the first area holding a node keeps it";
    EXPECT_EQ(at(3, 3), kNoArea) << "inside the hole";
    EXPECT_EQ(at(2, 3), 0u);
    EXPECT_EQ(at(8, 8), 1u);
    EXPECT_EQ(at(9, 9), kNoArea);
    EXPECT_EQ(at(7, 2), kNoArea);
    std::size_t first_count = 0;
    for (const auto v : label) {
        first_count += v == 0u;
    }
    EXPECT_EQ(first_count, 7u * 7u - 1u);
}

TEST(LastLeg, CarriedTimesAreTheStraightLineWithin3PercentNeverLess) {
    // One reached node (60 s) in the middle of a 101 x 101 raster of 10 m cells, everything
    // labelled: every node takes 60 s + its distance x 0.1 s/m, from above the straight line
    // by at most 2.8 % (the 16-neighbour chamfer), never below; unlabelled nodes are left.
    const std::size_t n = 101;
    std::vector<double> surface(n * n, network::kUnreached);
    surface[50 * n + 50] = 60.0;
    std::vector<std::uint32_t> label(n * n, 0);
    label[0] = kNoArea;
    isochrone::carry_last_leg(surface, label, n, n, 10.0, 0.1);
    EXPECT_EQ(surface[0], network::kUnreached);
    double worst = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < n; ++c) {
            if (r + c == 0) {
                continue;
            }
            const double d =
                10.0 * std::hypot(static_cast<double>(c) - 50, static_cast<double>(r) - 50);
            const double leg = surface[r * n + c] - 60.0;
            ASSERT_GE(leg, d * 0.1 - 1e-9) << r << " " << c;
            if (d > 0) {
                worst = std::max(worst, leg / (d * 0.1) - 1.0);
            }
        }
    }
    EXPECT_LE(worst, 0.028); // measured 2.75 %
    EXPECT_GT(worst, 0.005) << "a chamfer, not the exact distance";
    // Along the axes and the diagonals the chamfer is exact.
    EXPECT_NEAR(surface[50 * n + 100], 60.0 + 50.0, 1e-9);
    EXPECT_NEAR(surface[100 * n + 100], 60.0 + 50.0 * std::sqrt(2.0), 1e-9);
}

TEST(LastLeg, AReachedNodeIsNeverRaisedAndTheNearestSourceWins) {
    // Two reached nodes on a row of 11: 0 s at column 0, 5 s at column 10; 1 s a cell. The
    // middle node is 5 s from the first and 10 s from the second; a node reached at 2 s
    // where the carried time would be 3 s keeps its 2 s.
    std::vector<double> surface(11, network::kUnreached);
    surface[0] = 0.0;
    surface[10] = 5.0;
    surface[3] = 2.0;
    const std::vector<std::uint32_t> label(11, 7);
    isochrone::carry_last_leg(surface, label, 11, 1, 1.0, 1.0);
    EXPECT_DOUBLE_EQ(surface[3], 2.0);
    EXPECT_DOUBLE_EQ(surface[4], 3.0) << "through the node at 2 s";
    EXPECT_DOUBLE_EQ(surface[8], 7.0) << "from the second, 2 cells away";
    EXPECT_DOUBLE_EQ(surface[6], 5.0);
}
