#include "hublo/algorithms/isochrone/time_surface.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

using namespace hublo::algorithms;
using network::EdgeInput;
using network::Graph;
using network::kUnreached;

namespace {
// The best leaving point by brute force: 200 001 samples along the segment.
double sampled(const Graph &g, const network::SegmentIndex &s, std::uint32_t seg,
               const std::vector<double> &t, geometry::XY p, double v) {
    double best = kUnreached;
    const auto a = g.xy(s.a(seg)), b = g.xy(s.b(seg));
    for (int k = 0; k <= 200000; ++k) {
        const double u = k / 200000.0;
        const double leg = std::hypot(a.x + u * (b.x - a.x) - p.x, a.y + u * (b.y - a.y) - p.y) / v;
        if (s.ab(seg) != network::kNoEdge && t[s.a(seg)] < kUnreached) {
            best = std::min(best, t[s.a(seg)] + u * g.time_s(s.ab(seg)) + leg);
        }
        if (s.ba(seg) != network::kNoEdge && t[s.b(seg)] < kUnreached) {
            best = std::min(best, t[s.b(seg)] + (1 - u) * g.time_s(s.ba(seg)) + leg);
        }
    }
    return best;
}
} // namespace

TEST(TimeSurface, ClosedFormMatchesDenseSampling) {
    std::mt19937 rng(8);
    std::uniform_real_distribution<double> coord(-500, 500), time(0, 300), speed(1, 30);
    for (int trial = 0; trial < 200; ++trial) {
        const bool oneway = trial % 3 == 0;
        std::vector<EdgeInput> e = {{0, 1, 1000, time(rng) + 1}};
        if (!oneway) {
            e.push_back({1, 0, 1000, time(rng) + 1});
        }
        const Graph g({{coord(rng), coord(rng)}, {coord(rng), coord(rng)}}, e);
        const network::SegmentIndex s(g);
        const std::vector<double> t = {time(rng), time(rng)};
        const geometry::XY p{coord(rng), coord(rng)};
        const double v = speed(rng);
        const double exact = isochrone::time_via_segment(g, s, 0, t, p, v, 1e9);
        EXPECT_NEAR(exact, sampled(g, s, 0, t, p, v), 1e-3) << "trial " << trial;
        EXPECT_LE(exact, sampled(g, s, 0, t, p, v) + 1e-9);
    }
}

TEST(TimeSurface, RasterNodesTakeTheirBestSegment) {
    // An L of two roads from a place at node 0: (0,0) -> (1000,0) -> (1000,1000), 100 s each.
    const Graph g({{0, 0}, {1000, 0}, {1000, 1000}},
                  std::vector<EdgeInput>{
                      {0, 1, 1000, 100}, {1, 0, 1000, 100}, {1, 2, 1000, 100}, {2, 1, 1000, 100}});
    const network::SegmentIndex s(g);
    const std::vector<double> t = {0, 100, 200};
    isochrone::SurfaceParameters prm;
    prm.x0 = 0;
    prm.y0 = -200;
    prm.cols = 13;
    prm.rows = 13;
    prm.cell_m = 100;
    prm.offroad_speed_kmh = 3.6; // 1 m/s
    prm.max_offroad_m = 150;
    const auto surface = isochrone::time_surface(g, s, t, prm);
    auto at = [&](int c, int r) { return surface[static_cast<std::size_t>(r) * 13 + c]; };
    EXPECT_NEAR(at(0, 2), 0.0, 1e-9);     // (0, 0): the place
    EXPECT_NEAR(at(5, 2), 50.0, 1e-9);    // (500, 0): half the first road
    EXPECT_NEAR(at(10, 12), 200.0, 1e-9); // (1000, 1000): the end of the second road
    // (500, 100): 100 m off the first road; at 1 m/s against 10 m/s on the road, the best
    // is to leave the road just before: 100 m of road per 10 s, so leaving at x where
    // d/dx [x/10 + sqrt((500-x)^2 + 100^2)] = 0, i.e. 500 - x = 100 / sqrt(99).
    const double x = 500 - 100 / std::sqrt(99.0);
    EXPECT_NEAR(at(5, 3), x / 10 + std::hypot(500 - x, 100.0), 1e-9);
    EXPECT_EQ(at(5, 5), kUnreached); // (500, 300): 300 m from every road, beyond 150 m
}

TEST(TimeSurface, ReverseTimesFollowOneWaysToThePlace) {
    // One-way 0 -> 1, 1000 m in 100 s; the place is at node 1. From (500, 0) one drives on
    // to the place in 50 s; from (500, 0) towards node 0, nothing (it is behind).
    const Graph g({{0, 0}, {1000, 0}}, std::vector<EdgeInput>{{0, 1, 1000, 100}});
    const network::SegmentIndex s(g);
    const std::vector<double> to_place = {100, 0};
    EXPECT_NEAR(isochrone::time_via_segment(g, s, 0, to_place, {500, 0}, 1.0, 100,
                                            network::Direction::reverse),
                50.0, 1e-9);
    // Forward (from a place at node 0): the same point is 50 s away too.
    const std::vector<double> from_place = {0, kUnreached};
    EXPECT_NEAR(isochrone::time_via_segment(g, s, 0, from_place, {500, 0}, 1.0, 100,
                                            network::Direction::forward),
                50.0, 1e-9);
}

TEST(TimeSurface, SameRasterWhateverTheThreads) {
    // A 120 x 120 street grid (28 560 segments: above the threshold where stripes of rows
    // are filled in parallel), random speeds, times from a corner; the raster on 2 and 3
    // threads must equal the one-thread raster bit for bit.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> speed(5.0, 30.0);
    const std::uint32_t side = 120;
    std::vector<geometry::XY> xy;
    std::vector<EdgeInput> e;
    for (std::uint32_t i = 0; i < side; ++i) {
        for (std::uint32_t j = 0; j < side; ++j) {
            xy.push_back({100.0 * i, 100.0 * j});
            const std::uint32_t v = i * side + j;
            if (i + 1 < side) {
                const double t = 100.0 / speed(rng);
                e.push_back({v, v + side, 100.0, t});
                e.push_back({v + side, v, 100.0, t});
            }
            if (j + 1 < side) {
                const double t = 100.0 / speed(rng);
                e.push_back({v, v + 1, 100.0, t});
                e.push_back({v + 1, v, 100.0, t});
            }
        }
    }
    const Graph g(std::move(xy), e);
    const network::SegmentIndex s(g);
    const std::vector<network::Seed> seeds = {{0, 0.0, 0}};
    const auto times = network::nearest_seeds(g, seeds, network::Direction::forward).time_s;
    isochrone::SurfaceParameters prm;
    prm.x0 = -300;
    prm.y0 = -300;
    prm.cols = 260;
    prm.rows = 250;
    prm.cell_m = 47;
    prm.offroad_speed_kmh = 4.5;
    prm.max_offroad_m = 120;
    prm.limit_s = 900;
    ASSERT_GT(s.size(), 20000u);
    prm.threads = 1;
    const auto one = isochrone::time_surface(g, s, times, prm);
    std::size_t reached = 0;
    for (const double t : one) {
        reached += t < kUnreached ? 1 : 0;
    }
    EXPECT_GT(reached, 10000u);
    for (const unsigned threads : {2u, 3u}) {
        prm.threads = threads;
        const auto many = isochrone::time_surface(g, s, times, prm);
        ASSERT_EQ(many.size(), one.size());
        EXPECT_EQ(0, std::memcmp(many.data(), one.data(), one.size() * sizeof(double)))
            << threads << " threads";
    }
}
