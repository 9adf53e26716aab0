// Hand-drawn networks with their expected travel times.
#include "hublo/algorithms/network/catchments.hpp"
#include "hublo/algorithms/network/graph.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/algorithms/network/snap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace hublo::algorithms::network;
using hublo::algorithms::geometry::XY;

namespace {
// Six nodes; times in seconds on the edges, '->' one-way, '<->' both ways; node 5 is an
// island reachable from 4 only (dropped by the strong-component filter).
//
//   0 (0,0) <-10-> 1 (100,0) <-10-> 2 (200,0)
//     ^                               |
//     |30                             |10 (one-way 2 -> 3)
//     |                               v
//   4 (0,100) <-------20-------  3 (200,100)
//         \--5--> 5 (50,150)          (4 -> 0 one-way, 30 s)
Graph six_nodes() {
    std::vector<XY> xy = {{0, 0}, {100, 0}, {200, 0}, {200, 100}, {0, 100}, {50, 150}};
    std::vector<EdgeInput> e = {
        {0, 1, 100, 10}, {1, 0, 100, 10}, {1, 2, 100, 10},
        {2, 1, 100, 10}, {2, 3, 100, 10},                  // one-way down
        {3, 4, 200, 20}, {4, 3, 200, 20}, {4, 0, 100, 30}, // 4 -> 0 one-way
        {4, 5, 70, 5},                                     // into the island only
    };
    return Graph(std::move(xy), e);
}
} // namespace

TEST(Graph, CsrAndReverseAdjacency) {
    const Graph g = six_nodes();
    EXPECT_EQ(g.node_count(), 6u);
    EXPECT_EQ(g.edge_count(), 9u);
    EXPECT_EQ(g.find_edge(2, 3) != kNoEdge, true);
    EXPECT_EQ(g.find_edge(3, 2), kNoEdge);
    EXPECT_EQ(g.first_in(1) - g.first_in(0), 2u); // into 0: from 1 and from 4
}

TEST(Graph, ParallelEdgesKeepTheFastestAndSelfLoopsGo) {
    std::vector<EdgeInput> e = {{0, 1, 100, 9}, {0, 1, 80, 7}, {1, 1, 5, 1}, {1, 0, 100, 9}};
    const Graph g({{0, 0}, {1, 0}}, e);
    ASSERT_EQ(g.edge_count(), 2u);
    EXPECT_DOUBLE_EQ(g.time_s(g.find_edge(0, 1)), 7.0);
}

TEST(Graph, LargestStrongComponentDropsTheIsland) {
    ComponentReport report;
    const Graph g = largest_strong_component(six_nodes(), report);
    EXPECT_EQ(report.components, 2u);
    EXPECT_EQ(report.kept_nodes, 5u);
    EXPECT_EQ(report.dropped_nodes, 1u);
    EXPECT_EQ(report.dropped_edges, 1u); // 4 -> 5
    EXPECT_EQ(report.new_id[5], kNoNode);
    EXPECT_EQ(report.new_id[4], 4u);
    EXPECT_EQ(g.edge_count(), 8u);
}

TEST(Graph, HilbertIndexFillsEachCornerSquareInOneUnbrokenWalk) {
    // A Hilbert curve enters the 2^k x 2^k square at the origin first and walks all of it
    // before leaving: on the 16 x 16 corner, indices 0..255 each once, consecutive ones at
    // neighbouring cells (one step up, down, left or right).
    std::vector<std::pair<std::uint32_t, XY>> walk;
    for (std::uint32_t x = 0; x < 16; ++x) {
        for (std::uint32_t y = 0; y < 16; ++y) {
            walk.push_back({hilbert_index(x, y), XY{double(x), double(y)}});
        }
    }
    std::sort(walk.begin(), walk.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (std::uint32_t k = 0; k < walk.size(); ++k) {
        ASSERT_EQ(walk[k].first, k);
        if (k > 0) {
            const double step = std::abs(walk[k].second.x - walk[k - 1].second.x) +
                                std::abs(walk[k].second.y - walk[k - 1].second.y);
            ASSERT_EQ(step, 1.0) << "between indices " << k - 1 << " and " << k;
        }
    }
    EXPECT_EQ(hilbert_index(65535, 0), 4294967295u); // the walk ends at the far corner
}

TEST(Graph, SpatialOrderKeepsEveryTimeAndPutsNeighboursTogether) {
    // A 60 x 60 grid numbered in a random order, both ways, times from the lengths.
    std::mt19937 rng(7);
    const std::uint32_t side = 60, n = side * side;
    std::vector<NodeId> id(n);
    std::iota(id.begin(), id.end(), 0u);
    std::shuffle(id.begin(), id.end(), rng);
    std::vector<XY> xy(n);
    std::vector<EdgeInput> edges;
    std::uniform_real_distribution<double> speed(5.0, 30.0);
    for (std::uint32_t i = 0; i < side; ++i) {
        for (std::uint32_t j = 0; j < side; ++j) {
            xy[id[i * side + j]] = {100.0 * i, 100.0 * j};
            if (i + 1 < side) {
                const double t = 100.0 / speed(rng);
                edges.push_back({id[i * side + j], id[(i + 1) * side + j], 100.0, t});
                edges.push_back({id[(i + 1) * side + j], id[i * side + j], 100.0, t});
            }
            if (j + 1 < side) {
                const double t = 100.0 / speed(rng);
                edges.push_back({id[i * side + j], id[i * side + j + 1], 100.0, t});
                edges.push_back({id[i * side + j + 1], id[i * side + j], 100.0, t});
            }
        }
    }
    const Graph g(xy, edges);
    std::vector<NodeId> new_id;
    const Graph h = spatially_ordered(g, new_id);
    ASSERT_EQ(h.node_count(), g.node_count());
    ASSERT_EQ(h.edge_count(), g.edge_count());
    // Every node keeps its place and every time from node 0 is the same (within 4 ulps:
    // among equally fast paths the search may now add the same times in another order).
    const auto a = nearest_seeds(g, std::vector<Seed>{{0, 0.0, 0}}, Direction::forward);
    const auto b = nearest_seeds(h, std::vector<Seed>{{new_id[0], 0.0, 0}}, Direction::forward);
    for (NodeId v = 0; v < n; ++v) {
        ASSERT_EQ(h.xy(new_id[v]).x, g.xy(v).x);
        ASSERT_EQ(h.xy(new_id[v]).y, g.xy(v).y);
        ASSERT_DOUBLE_EQ(b.time_s[new_id[v]], a.time_s[v]);
    }
    // Neighbours on the ground are near in memory: the mean id gap along an edge drops from
    // about n / 3 (random order) to a few dozen.
    auto mean_gap = [](const Graph &graph) {
        double sum = 0;
        for (NodeId v = 0; v < graph.node_count(); ++v) {
            for (EdgeId e = graph.first_out(v); e < graph.first_out(v + 1); ++e) {
                sum += std::abs(double(graph.head(e)) - double(v));
            }
        }
        return sum / double(graph.edge_count());
    };
    EXPECT_GT(mean_gap(g), 1000.0);
    EXPECT_LT(mean_gap(h), 60.0);
}

TEST(ShortestPaths, ReverseTimesToTheNearestSeedRespectOneWays) {
    ComponentReport report;
    const Graph g = largest_strong_component(six_nodes(), report);
    // A place at node 0 (source 0) and one at node 3 (source 1, 5 s of access).
    const std::vector<Seed> seeds = {{0, 0.0, 0}, {3, 5.0, 1}};
    const auto r = nearest_seeds(g, seeds, Direction::reverse);
    EXPECT_DOUBLE_EQ(r.time_s[0], 0.0);
    EXPECT_DOUBLE_EQ(r.time_s[1], 10.0);
    EXPECT_EQ(r.source[1], 0u);
    // From 2: to 0 takes 20 s; to 3 takes 10 + 5 = 15 s (2 -> 3 is allowed).
    EXPECT_DOUBLE_EQ(r.time_s[2], 15.0);
    EXPECT_EQ(r.source[2], 1u);
    EXPECT_DOUBLE_EQ(r.time_s[3], 5.0);
    // From 4: to 3 in 20 + 5 = 25 s; to 0 in 30 s (one-way 4 -> 0).
    EXPECT_DOUBLE_EQ(r.time_s[4], 25.0);
}

TEST(ShortestPaths, ForwardTimesAndLimits) {
    const Graph g = six_nodes();
    const std::vector<Seed> seeds = {{3, 0.0, 0}};
    const auto r = nearest_seeds(g, seeds, Direction::forward);
    // From 3: 3 -> 4 (20) -> 0 (50) -> 1 (60) -> 2 (70); 3 cannot go up to 2 directly.
    EXPECT_DOUBLE_EQ(r.time_s[2], 70.0);
    EXPECT_DOUBLE_EQ(r.time_s[5], 25.0);
    const auto bounded = nearest_seeds(g, seeds, Direction::forward, 50.0);
    EXPECT_DOUBLE_EQ(bounded.time_s[0], 50.0); // the limit is inclusive
    EXPECT_EQ(bounded.time_s[1], kUnreached);
}

TEST(ShortestPaths, TiesGoToTheLowestSource) {
    const Graph g({{0, 0}, {1, 0}, {2, 0}},
                  std::vector<EdgeInput>{{0, 1, 1, 5}, {1, 0, 1, 5}, {1, 2, 1, 5}, {2, 1, 1, 5}});
    const std::vector<Seed> a = {{2, 0.0, 7}, {0, 0.0, 3}}, b = {{0, 0.0, 3}, {2, 0.0, 7}};
    EXPECT_EQ(nearest_seeds(g, a, Direction::reverse).source[1], 3u);
    EXPECT_EQ(nearest_seeds(g, b, Direction::reverse).source[1], 3u);
}

TEST(ShortestPaths, BoundedSearchReusesItsBuffers) {
    const Graph g = six_nodes();
    BoundedSearch search(g);
    const std::vector<Seed> s0 = {{0, 0.0, 0}};
    search.run(s0, Direction::forward, 15.0);
    EXPECT_EQ(search.settled().size(), 2u); // 0 and 1
    EXPECT_DOUBLE_EQ(search.time_s(1), 10.0);
    const std::vector<Seed> s3 = {{3, 0.0, 0}};
    search.run(s3, Direction::forward, 1000.0);
    EXPECT_DOUBLE_EQ(search.time_s(1), 60.0); // not the 10 s of the previous run
    EXPECT_EQ(search.settled().size(), 6u);
}

TEST(Snap, NearestPointOnAnEdgeNotTheNearestNode) {
    const Graph g = six_nodes();
    const SegmentIndex segments(g);
    // One segment per road: 0-1, 1-2, 2-3, 3-4, 4-0, 4-5.
    EXPECT_EQ(segments.size(), 6u);
    const Snap s = segments.snap({130, 12}, 100.0);
    ASSERT_TRUE(s.snapped());
    EXPECT_NEAR(s.offroad_m, 12.0, 1e-12);
    const bool forward = segments.a(s.segment) == 1;
    EXPECT_NEAR(forward ? s.t : 1.0 - s.t, 0.3, 1e-12);
    EXPECT_FALSE(segments.snap({1000, 1000}, 100.0).snapped());
}

TEST(Snap, TimesThroughPartialEdgesAndOffroadLegs) {
    ComponentReport report;
    const Graph g = largest_strong_component(six_nodes(), report);
    const SegmentIndex segments(g);
    OffroadParameters offroad;
    offroad.speed_kmh = 3.6; // 1 m/s: the legs in seconds are the distances in metres
    offroad.max_snap_m = 50.0;
    // A place 10 m below the middle of 1-2; a person 5 m above a quarter of 0-1.
    const Snap place = segments.snap({150, -10}, offroad.max_snap_m);
    const Snap person = segments.snap({25, 5}, offroad.max_snap_m);
    std::vector<Seed> seeds;
    append_place_seeds(g, segments, place, offroad, 0, seeds);
    ASSERT_EQ(seeds.size(), 2u); // both ways along 1-2
    const auto r = nearest_seeds(g, seeds, Direction::reverse);
    const PlacesOnSegments on({segments.size(), {&place, 1}});
    const auto t = time_to_nearest(g, segments, r.time_s, r.source, on, person, offroad);
    // 5 (leg) + 7.5 (to node 1) + 5 (half of 1-2) + 10 (leg) = 27.5 s
    EXPECT_NEAR(t.time_s, 27.5, 1e-9);
    EXPECT_EQ(t.source, 0u);
    // Far from every road: unreachable, not dropped.
    const Snap far = segments.snap({100, 500}, offroad.max_snap_m);
    EXPECT_FALSE(far.snapped());
    EXPECT_EQ(time_to_nearest(g, segments, r.time_s, r.source, on, far, offroad).time_s,
              kUnreached);
}

TEST(Snap, SameSegmentOneWayIsRespected) {
    // A one-way street 0 -> 1 (100 m, 100 s) and back the long way 1 -> 2 -> 0 (400 s).
    const Graph g({{0, 0}, {100, 0}, {50, 100}},
                  std::vector<EdgeInput>{{0, 1, 100, 100}, {1, 2, 150, 200}, {2, 0, 150, 200}});
    const SegmentIndex segments(g);
    OffroadParameters offroad;
    offroad.speed_kmh = 3.6;
    const Snap place = segments.snap({80, 0}, 10.0);
    const Snap before = segments.snap({20, 0}, 10.0), after = segments.snap({90, 0}, 10.0);
    std::vector<Seed> seeds;
    append_place_seeds(g, segments, place, offroad, 0, seeds);
    const auto r = nearest_seeds(g, seeds, Direction::reverse);
    const PlacesOnSegments on(segments.size(), {&place, 1});
    EXPECT_NEAR(time_to_nearest(g, segments, r.time_s, r.source, on, before, offroad).time_s, 60.0,
                1e-9);
    // After the place on a one-way street: round the block, 10 + 400 + 80 s.
    EXPECT_NEAR(time_to_nearest(g, segments, r.time_s, r.source, on, after, offroad).time_s, 490.0,
                1e-9);
}

TEST(Catchments, CountsMatchNearestTimesWhateverTheThreads) {
    ComponentReport report;
    const Graph g = largest_strong_component(six_nodes(), report);
    const SegmentIndex segments(g);
    OffroadParameters offroad;
    offroad.speed_kmh = 3.6;
    offroad.max_snap_m = 50.0;
    const std::vector<Snap> places = {segments.snap({150, -10}, 50), segments.snap({0, 60}, 50)};
    std::vector<Snap> points;
    for (double x = 0; x <= 200; x += 20) {
        points.push_back(segments.snap({x, 3}, 50));
        points.push_back(segments.snap({x, 97}, 50));
    }
    for (const double limit : {10.0, 30.0, 60.0, 1000.0}) {
        CatchmentParameters p;
        p.limit_s = limit;
        p.threads = 1;
        const auto one = catchments(g, segments, places, points, offroad, p);
        p.threads = 2;
        const auto two = catchments(g, segments, places, points, offroad, p);
        EXPECT_EQ(one.places_within, two.places_within);
        // Independent check: a point reaches place k within the limit exactly when the
        // nearest-time search from that place alone says so.
        for (std::uint32_t k = 0; k < places.size(); ++k) {
            std::vector<Seed> seeds;
            append_place_seeds(g, segments, places[k], offroad, 0, seeds);
            const auto r = nearest_seeds(g, seeds, Direction::reverse);
            const PlacesOnSegments on(segments.size(), {&places[k], 1});
            std::uint32_t expected = 0;
            for (const auto &pt : points) {
                expected +=
                    time_to_nearest(g, segments, r.time_s, r.source, on, pt, offroad).time_s <=
                            limit
                        ? 1
                        : 0;
            }
            EXPECT_EQ(one.points_within[k], expected) << "place " << k << " limit " << limit;
        }
    }
}

namespace {
// Bellman-Ford on the reversed edges: the reference for random graphs.
std::vector<double> bellman_ford_to_seeds(std::size_t n, const std::vector<EdgeInput> &edges,
                                          const std::vector<Seed> &seeds) {
    std::vector<double> d(n, kUnreached);
    for (const auto &s : seeds) {
        d[s.node] = std::min(d[s.node], s.time_s);
    }
    for (std::size_t round = 0; round < n; ++round) {
        bool changed = false;
        for (const auto &e : edges) {
            if (e.from != e.to && d[e.to] + e.time_s < d[e.from]) {
                d[e.from] = d[e.to] + e.time_s;
                changed = true;
            }
        }
        if (!changed) {
            break;
        }
    }
    return d;
}
} // namespace

TEST(ShortestPaths, RandomGraphsAgreeWithBellmanFordOnBothQueues) {
    // Positive times use the bucket queue; graphs with a zero-time edge use the radix heap.
    std::mt19937 rng(2024);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t n = 20 + trial * 3;
        std::uniform_int_distribution<NodeId> node(0, static_cast<NodeId>(n - 1));
        std::uniform_real_distribution<double> time(0.5, 100.0);
        std::vector<EdgeInput> edges;
        for (std::size_t k = 0; k < n * 3; ++k) {
            edges.push_back({node(rng), node(rng), 1.0, time(rng)});
        }
        if (trial % 2 == 1) {
            edges.push_back({node(rng), node(rng), 0.0, 0.0});
        }
        const Graph g(std::vector<XY>(n), edges);
        const std::vector<Seed> seeds = {
            {node(rng), 3.0, 0}, {node(rng), 0.0, 1}, {node(rng), 250.0, 2}};
        const auto r = nearest_seeds(g, seeds, Direction::reverse);
        // The reference sees the merged graph's edges (parallel edges keep the fastest).
        std::vector<EdgeInput> merged;
        for (NodeId v = 0; v < g.node_count(); ++v) {
            for (auto e = g.first_out(v); e < g.first_out(v + 1); ++e) {
                merged.push_back({v, g.head(e), 1.0, g.time_s(e)});
            }
        }
        const auto expected = bellman_ford_to_seeds(n, merged, seeds);
        for (std::size_t v = 0; v < n; ++v) {
            if (expected[v] == kUnreached) {
                EXPECT_EQ(r.time_s[v], kUnreached) << "trial " << trial << " node " << v;
            } else {
                EXPECT_NEAR(r.time_s[v], expected[v], 1e-9) << "trial " << trial << " node " << v;
            }
        }
        // The bounded search agrees too, up to a limit.
        BoundedSearch search(g);
        search.run(seeds, Direction::reverse, 120.0);
        for (std::size_t v = 0; v < n; ++v) {
            if (expected[v] <= 120.0) {
                EXPECT_NEAR(search.time_s(static_cast<NodeId>(v)), expected[v], 1e-9);
            } else {
                EXPECT_EQ(search.time_s(static_cast<NodeId>(v)), kUnreached);
            }
        }
    }
}

TEST(Snap, MotorwaysAreNoSnapTargets) {
    // A motorway (flagged kNoSnap) 10 m from the point, a local road 50 m from it.
    const Graph g({{0, 0}, {1000, 0}, {0, 60}, {1000, 60}},
                  std::vector<EdgeInput>{{0, 1, 1000, 33, kNoSnap},
                                         {1, 0, 1000, 33, kNoSnap},
                                         {2, 3, 1000, 72},
                                         {3, 2, 1000, 72}});
    const SegmentIndex segments(g);
    const Snap s = segments.snap({500, 10}, 100.0);
    ASSERT_TRUE(s.snapped());
    EXPECT_NEAR(s.offroad_m, 50.0, 1e-9);
    EXPECT_EQ(segments.a(s.segment), 2u);
}

TEST(ShortestPaths, LateSeedsThatImproveNothing) {
    // The last seed is worse than what the node already has: the sweep must end cleanly
    // (this read past the seed list once; the sanitizer build catches any regression).
    const Graph g({{0, 0}, {1, 0}}, std::vector<EdgeInput>{{0, 1, 1, 10}, {1, 0, 1, 10}});
    const std::vector<Seed> seeds = {{0, 0.0, 0}, {0, 500.0, 1}, {1, 400.0, 2}};
    const auto r = nearest_seeds(g, seeds, Direction::reverse);
    EXPECT_DOUBLE_EQ(r.time_s[0], 0.0);
    EXPECT_DOUBLE_EQ(r.time_s[1], 10.0);
    EXPECT_EQ(r.source[1], 0u);
    BoundedSearch search(g);
    search.run(seeds, Direction::reverse, 1000.0);
    EXPECT_DOUBLE_EQ(search.time_s(1), 10.0);
}
