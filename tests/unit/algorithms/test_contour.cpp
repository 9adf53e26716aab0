#include "hublo/algorithms/isochrone/contour.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace hublo::algorithms;
using isochrone::Raster;

namespace {
struct Field {
    std::vector<double> values;
    Raster raster;
};

// Distance to a centre, on a 201 x 201 grid of 1 m cells.
Field distance_field(double cx, double cy) {
    Field f;
    const std::size_t n = 201;
    f.values.resize(n * n);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < n; ++c) {
            f.values[r * n + c] =
                std::hypot(static_cast<double>(c) - cx, static_cast<double>(r) - cy);
        }
    }
    f.raster = Raster{n, n, 0.0, 0.0, 1.0, f.values};
    return f;
}
} // namespace

TEST(Contour, DiskAreaAndOrientation) {
    const auto f = distance_field(100, 100);
    const auto mp = isochrone::contour(f.raster, 50.0);
    ASSERT_EQ(mp.size(), 1u);
    ASSERT_EQ(mp[0].rings.size(), 1u);
    EXPECT_GT(geometry::signed_area2(mp[0].rings[0]), 0.0); // shells counter-clockwise
    // The interpolated polygon of a radius-50 disk: within 0.5 % of pi r^2.
    EXPECT_NEAR(geometry::area(mp), M_PI * 2500.0, M_PI * 2500.0 * 0.005);
}

TEST(Contour, AnnulusHasAClockwiseHole) {
    Field f = distance_field(100, 100);
    for (auto &v : f.values) {
        v = std::abs(v - 60.0); // <= 20 between radii 40 and 80
    }
    const auto mp = isochrone::contour(f.raster, 20.0);
    ASSERT_EQ(mp.size(), 1u);
    ASSERT_EQ(mp[0].rings.size(), 2u);
    EXPECT_LT(geometry::signed_area2(mp[0].rings[1]), 0.0);
    EXPECT_NEAR(geometry::area(mp), M_PI * (6400.0 - 1600.0), M_PI * 4800.0 * 0.01);
}

TEST(Contour, SaddlesAreResolvedByTheCentreValue) {
    // 2 x 2 nodes: bl and tr inside (0), br and tl outside (10); threshold 4.
    std::vector<double> v = {0, 10, 10, 0};
    const Raster r{2, 2, 0.0, 0.0, 1.0, v};
    // Centre mean 5 > 4: the two inside corners stay apart.
    EXPECT_EQ(isochrone::contour(r, 4.0).size(), 2u);
    // Threshold 6: mean 5 <= 6, the corners join through the centre into one polygon.
    EXPECT_EQ(isochrone::contour(r, 6.0).size(), 1u);
}

TEST(Contour, UnreachableNodesAreOutsideAndEmptyIsEmpty) {
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> v = {inf, inf, inf, inf};
    const Raster r{2, 2, 0.0, 0.0, 1.0, v};
    EXPECT_TRUE(isochrone::contour(r, 100.0).empty());
    std::vector<double> one = {0};
    const Raster single{1, 1, 5.0, 5.0, 2.0, one};
    const auto mp = isochrone::contour(single, 1.0);
    ASSERT_EQ(mp.size(), 1u); // a diamond around the single inside node
    EXPECT_NEAR(geometry::area(mp), 2.0, 1e-12);
}

TEST(Contour, TwoSeparateRegionsAndNesting) {
    // Two disks far apart; a third disk inside the annulus's hole becomes its own polygon.
    Field f = distance_field(100, 100);
    for (std::size_t r = 0; r < 201; ++r) {
        for (std::size_t c = 0; c < 201; ++c) {
            const double d =
                std::hypot(static_cast<double>(c) - 100.0, static_cast<double>(r) - 100.0);
            const double ring = std::abs(d - 70.0); // annulus 60..80
            const double core = d;                  // disk of radius 10 at the centre
            f.values[r * 201 + c] = std::min(ring, core);
        }
    }
    const auto mp = isochrone::contour(f.raster, 10.0);
    ASSERT_EQ(mp.size(), 2u);
    std::size_t with_hole = 0;
    for (const auto &p : mp) {
        with_hole += p.rings.size() == 2 ? 1 : 0;
    }
    EXPECT_EQ(with_hole, 1u);
    EXPECT_NEAR(geometry::area(mp), M_PI * (6400.0 - 3600.0 + 100.0), M_PI * 2900.0 * 0.01);
}
