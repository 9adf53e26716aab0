#include "hublo/algorithms/geometry.hpp"

#include <gtest/gtest.h>

using namespace hublo::algorithms::geometry;

namespace {
// A 10 x 10 square with a 2 x 2 hole, drawn clockwise on purpose.
Polygon square_with_hole() {
    Polygon p;
    p.rings.push_back({{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}});
    p.rings.push_back({{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}});
    return p;
}
} // namespace

TEST(Geometry, SignedAreaIsPositiveCounterClockwise) {
    const Ring ccw = {{0, 0}, {4, 0}, {4, 3}, {0, 3}, {0, 0}};
    EXPECT_DOUBLE_EQ(signed_area2(ccw), 24.0);
    Ring cw(ccw.rbegin(), ccw.rend());
    EXPECT_DOUBLE_EQ(signed_area2(cw), -24.0);
}

TEST(Geometry, SignedAreaKeepsPrecisionWithLambert93Coordinates) {
    // A 1 m square far from the origin: the naive shoelace loses digits here.
    const double x = 652000.0, y = 6862000.0;
    const Ring r = {{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}};
    EXPECT_NEAR(signed_area2(r), 2.0, 1e-9);
}

TEST(Geometry, AreaSubtractsHoles) {
    EXPECT_DOUBLE_EQ(area(square_with_hole()), 100.0 - 4.0);
}

TEST(Geometry, OrientRfc7946MakesShellsCcwAndHolesCw) {
    MultiPolygon mp = {square_with_hole()};
    orient_rfc7946(mp);
    EXPECT_GT(signed_area2(mp[0].rings[0]), 0.0);
    EXPECT_LT(signed_area2(mp[0].rings[1]), 0.0);
    EXPECT_DOUBLE_EQ(area(mp), 96.0);
}

TEST(Geometry, ContainsHonoursHoles) {
    const MultiPolygon mp = {square_with_hole()};
    EXPECT_TRUE(contains(mp, {1, 1}));
    EXPECT_FALSE(contains(mp, {5, 5})); // in the hole
    EXPECT_FALSE(contains(mp, {11, 5}));
}

TEST(Geometry, RemoveRepeatedPointsKeepsClosure) {
    Ring r = {{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 0}, {0, 0}};
    remove_repeated_points(r);
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r.front(), r.back());
}

TEST(Geometry, BoundsOfMultiPolygon) {
    const Box b = bounds(MultiPolygon{square_with_hole()});
    EXPECT_DOUBLE_EQ(b.min_x, 0.0);
    EXPECT_DOUBLE_EQ(b.max_y, 10.0);
    EXPECT_TRUE(Box{}.empty());
}
