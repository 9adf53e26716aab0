// Marching-squares polygons are valid for GEOS, even on noisy rasters full of saddles.
#include "geom/geos.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace hublo;

TEST(ContourGeos, NoisyRastersGiveValidPolygons) {
    geom::Geos geos;
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> noise(0.0, 1.0);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t cols = 30 + trial, rows = 25 + trial;
        std::vector<double> v(cols * rows);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                // A smooth bowl plus noise, with some unreachable cells.
                const double bowl =
                    std::hypot(static_cast<double>(c) - static_cast<double>(cols) / 2.0,
                               static_cast<double>(r) - static_cast<double>(rows) / 2.0) /
                    10.0;
                v[r * cols + c] =
                    noise(rng) < 0.05 ? std::numeric_limits<double>::infinity() : bowl + noise(rng);
            }
        }
        const algorithms::isochrone::Raster raster{cols, rows, 1000.0, 2000.0, 100.0, v};
        for (const double t : {0.5, 1.0, 1.5, 2.0}) {
            const auto mp = algorithms::isochrone::contour(raster, t);
            std::string reason;
            EXPECT_TRUE(geos.is_valid(mp, &reason))
                << "trial " << trial << " threshold " << t << ": " << reason;
        }
    }
}
