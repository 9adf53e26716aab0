#include "hublo/algorithms/locate.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace hublo::algorithms;
using geometry::MultiPolygon;

namespace {
// A 20 x 20 grid of unit squares: square k covers [k%20, k%20+1) x [k/20, k/20+1).
std::vector<MultiPolygon> grid_squares() {
    std::vector<MultiPolygon> out;
    for (int j = 0; j < 20; ++j) {
        for (int i = 0; i < 20; ++i) {
            geometry::Polygon p;
            p.rings.push_back({{double(i), double(j)},
                               {i + 1.0, double(j)},
                               {i + 1.0, j + 1.0},
                               {double(i), j + 1.0},
                               {double(i), double(j)}});
            out.push_back({p});
        }
    }
    return out;
}
} // namespace

TEST(PolygonLocator, FindsTheSquareOfRandomPoints) {
    const auto squares = grid_squares();
    const locate::PolygonLocator locator(squares);
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0.001, 19.999);
    for (int k = 0; k < 2000; ++k) {
        const geometry::XY p{u(rng), u(rng)};
        const auto hit = locator.find(p);
        ASSERT_TRUE(hit.has_value());
        EXPECT_EQ(*hit, static_cast<std::size_t>(int(p.y) * 20 + int(p.x)));
    }
}

TEST(PolygonLocator, OutsidePointsFindNothingButTheNearestWithinTolerance) {
    const auto squares = grid_squares();
    const locate::PolygonLocator locator(squares);
    EXPECT_FALSE(locator.find({-0.5, 3.5}).has_value());
    const auto near = locator.nearest({-0.5, 3.5}, 1.0);
    ASSERT_TRUE(near.has_value());
    EXPECT_EQ(*near, 60u); // square (0, 3), 0.5 away
    EXPECT_FALSE(locator.nearest({-0.5, 3.5}, 0.4).has_value());
}

TEST(PolygonLocator, BoundaryDistance) {
    const auto squares = grid_squares();
    EXPECT_NEAR(locate::boundary_distance(squares[0], {0.5, -2.0}), 2.0, 1e-12);
    EXPECT_NEAR(locate::boundary_distance(squares[0], {0.5, 0.25}), 0.25, 1e-12);
}
