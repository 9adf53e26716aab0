// Per-place isochrones on the bundled region, checked against directly computed times and
// with GEOS: every band of every place valid, cumulative bands nested, disjoint bands
// without overlap and with the largest cumulative band as their union.
#include "geom/geos.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "io/vector.hpp"
#include "network/network.hpp"
#include "places/places.hpp"
#include "stages/isochrones.hpp"
#include "study/config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hublo;
using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;
using namespace algorithms::network;

namespace {
const fs::path kDataset = HUBLO_DATASET_DIR;

/// The default study's network and its 145 France Services, snapped.
struct Region {
    study::StudyConfig cfg;
    network::RoadNetwork net;
    std::unique_ptr<SegmentIndex> segments;
    std::vector<XY> xy;
    std::vector<Snap> snaps;
};

const Region &region() {
    static const Region r = [] {
        Region out;
        out.cfg = study::load_study(kDataset / "study.toml");
        const auto l93 = io::Crs::from_user(out.cfg.crs, "test");
        out.net = network::load_network(out.cfg.network, l93);
        out.segments = std::make_unique<SegmentIndex>(out.net.graph);
        const io::Transformer to_l93(io::Crs::from_user("EPSG:4326", "test"), l93);
        places::PlaceSource fs;
        fs.id = "fs";
        fs.format = "france_services";
        fs.source.path = kDataset / "france_services_cvl_20221201.csv";
        for (const auto &p : places::load_places(fs).records) {
            out.xy.push_back(to_l93.apply(*p.lonlat));
            out.snaps.push_back(out.segments->snap(out.xy.back(), out.cfg.network.max_snap_m));
        }
        return out;
    }();
    return r;
}

double segment_distance(XY p, XY a, XY b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t =
        len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

double boundary_distance(const MultiPolygon &mp, XY p) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto &poly : mp) {
        for (const auto &ring : poly.rings) {
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                best = std::min(best, segment_distance(p, ring[i], ring[i + 1]));
            }
        }
    }
    return best;
}
} // namespace

// A point is inside the T-minute isochrone of a place exactly when its time to the place,
// computed directly (a full Dijkstra from the place, then the best of every segment within
// reach, the straight off-road leg and the place's own segment sampled every 1/2000), is at
// most T; points within one cell diagonal of a band's boundary are set aside.
TEST(RegionIsochrones, AgreeWithDirectTimesAtRandomPoints) {
    const auto &r = region();
    const auto &g = r.net.graph;
    const double cell = r.cfg.isochrones.cell_m, reach = r.cfg.isochrones.max_offroad_m;
    const double v = r.cfg.network.offroad_speed_kmh / 3.6;
    algorithms::isochrone::OriginParameters prm;
    prm.cell_m = cell;
    prm.max_offroad_m = reach;
    prm.offroad_speed_kmh = r.cfg.network.offroad_speed_kmh;
    prm.limit_s = 1800.0;
    prm.direction = Direction::reverse;
    const stages::BandSettings bands{{10.0, 20.0, 30.0}, false, 0.0, 0.0};
    OffroadParameters offroad;
    offroad.speed_kmh = r.cfg.network.offroad_speed_kmh;
    offroad.max_snap_m = r.cfg.network.max_snap_m;

    algorithms::isochrone::OriginSurface builder(g, *r.segments);
    geom::Geos geos;
    std::mt19937 rng(2026);
    std::size_t checked = 0, near_boundary = 0, disagree = 0, inside = 0;
    for (std::size_t k = 0; k < r.xy.size(); k += 12) { // 13 places across the region
        ASSERT_TRUE(r.snaps[k].snapped());
        const auto raster = builder.compute(r.xy[k], r.snaps[k], prm);
        const auto polys = stages::make_bands(raster, bands, geos);
        std::vector<Seed> seeds;
        append_place_seeds(g, *r.segments, r.snaps[k], offroad, 0, seeds);
        const auto nodes = nearest_seeds(g, seeds, Direction::reverse);
        const Snap &s = r.snaps[k];
        const XY a = g.xy(r.segments->a(s.segment)), b = g.xy(r.segments->b(s.segment));
        const double leg = s.offroad_m / v;
        std::uniform_real_distribution<double> ux(raster.x0,
                                                  raster.x0 + cell * (raster.cols - 1.0));
        std::uniform_real_distribution<double> uy(raster.y0,
                                                  raster.y0 + cell * (raster.rows - 1.0));
        for (int n = 0; n < 400; ++n) {
            const XY p{ux(rng), uy(rng)};
            double t = std::hypot(p.x - r.xy[k].x, p.y - r.xy[k].y) <= reach
                           ? std::hypot(p.x - r.xy[k].x, p.y - r.xy[k].y) / v
                           : kUnreached;
            for (std::uint32_t seg = 0; seg < r.segments->size(); ++seg) {
                t = std::min(t, algorithms::isochrone::time_via_segment(g, *r.segments, seg,
                                                                        nodes.time_s, p, v, reach,
                                                                        Direction::reverse));
            }
            for (int i = 0; i <= 2000; ++i) { // along the place's own segment
                const double u = i / 2000.0;
                const EdgeId e = u < s.t ? r.segments->ab(s.segment) : r.segments->ba(s.segment);
                const XY q{a.x + u * (b.x - a.x), a.y + u * (b.y - a.y)};
                const double d = std::hypot(p.x - q.x, p.y - q.y);
                if (e != kNoEdge && d <= reach) {
                    t = std::min(t, leg + std::abs(u - s.t) * g.time_s(e) + d / v);
                }
            }
            for (std::size_t band = 0; band < polys.size(); ++band) {
                ++checked;
                if (boundary_distance(polys[band], p) < cell * std::sqrt(2.0)) {
                    ++near_boundary;
                    continue;
                }
                const bool in_polygon = algorithms::geometry::contains(polys[band], p);
                const bool in_time = t <= bands.minutes[band] * 60.0;
                inside += in_polygon ? 1 : 0;
                disagree += in_polygon != in_time ? 1 : 0;
            }
        }
    }
    std::printf("random points x bands: %zu checked, %zu within one cell of a boundary, %zu "
                "inside, %zu disagreements\n",
                checked, near_boundary, inside, disagree);
    EXPECT_EQ(checked, 13u * 400u * 3u);
    EXPECT_GT(inside, checked / 10); // the test samples both sides of the contours
    EXPECT_LE(near_boundary, checked / 4);
    EXPECT_LE(disagree, (checked - near_boundary) / 1000); // at most 0.1 %
}

// All bands of all places, disjoint: valid; and, for every 4th place, no overlap between
// bands and their union equal to the 0-30 band.
TEST(RegionIsochrones, DisjointBandsOfEveryPlaceTileTheCumulativeOnes) {
    const auto &r = region();
    algorithms::isochrone::OriginParameters prm;
    prm.cell_m = r.cfg.isochrones.cell_m;
    prm.max_offroad_m = r.cfg.isochrones.max_offroad_m;
    prm.offroad_speed_kmh = r.cfg.network.offroad_speed_kmh;
    prm.limit_s = 1800.0;
    prm.direction = Direction::reverse;
    const stages::BandSettings cumulative{{10.0, 20.0, 30.0}, false, 0.0, 0.0};
    stages::BandSettings disjoint = cumulative;
    disjoint.disjoint = true;
    const auto cum =
        stages::origin_isochrones(r.net.graph, *r.segments, r.xy, r.snaps, prm, cumulative, 0);
    const auto dis =
        stages::origin_isochrones(r.net.graph, *r.segments, r.xy, r.snaps, prm, disjoint, 0);
    geom::Geos geos;
    ASSERT_EQ(cum.size(), 145u);
    for (std::size_t p = 0; p < cum.size(); ++p) {
        ASSERT_EQ(dis[p].size(), 3u) << "place " << p;
        const double a30 = algorithms::geometry::area(cum[p][2]);
        ASSERT_GT(a30, 1e8) << "place " << p; // more than 100 km² within 30 minutes
        for (std::size_t k = 0; k < 3; ++k) {
            std::string why;
            EXPECT_TRUE(geos.is_valid(dis[p][k], &why)) << "place " << p << " band " << k << why;
            for (std::size_t j = k + 1; j < 3 && p % 4 == 0; ++j) {
                // |a ∩ b| = |a| - |a \ b|
                const double overlap =
                    algorithms::geometry::area(dis[p][k]) -
                    algorithms::geometry::area(geos.difference(dis[p][k], dis[p][j]));
                EXPECT_LT(overlap, 1.0) << "place " << p << " bands " << k << "," << j;
            }
        }
        if (p % 4 != 0) {
            continue; // GEOS overlays are slow: the overlap and union checks take every 4th place
        }
        std::vector<const MultiPolygon *> parts{&dis[p][0], &dis[p][1], &dis[p][2]};
        const auto joined = geos.dissolve(parts);
        EXPECT_LT(algorithms::geometry::area(geos.difference(joined, cum[p][2])), 1e-6 * a30)
            << "place " << p;
        EXPECT_LT(algorithms::geometry::area(geos.difference(cum[p][2], joined)), 1e-6 * a30)
            << "place " << p;
    }
}

// The pipeline with `[isochrones] places = true`: one feature per place and threshold,
// every one valid by GEOS, nested from 10 to 30 minutes, with people growing.
TEST(RegionIsochrones, PipelinePlaceLayerIsValidAndNested) {
    const fs::path out =
        fs::temp_directory_path() / ("hublo-test-place-iso-" + std::to_string(::getpid()));
    fs::remove_all(out);
    auto st = Study::open(kDataset / "study.toml",
                          {"isochrones.places=true", "outputs.geopackage=false"});
    RunOptions options;
    options.output_dir = out;
    const auto summary = st.run(options);
    std::size_t places = 0, features = 0;
    for (const auto &l : summary.layers) {
        places = l.name == "places" ? l.features : places;
        features = l.name == "place_isochrones" ? l.features : features;
    }
    ASSERT_GT(places, 300u);
    EXPECT_EQ(features, 3 * places);
    io::VectorSource src;
    src.path = out / "place_isochrones.geojson";
    src.context = "test";
    const auto layer =
        io::read_vector(src, io::Crs::from_user("EPSG:2154", "test"), io::GeometryKind::polygons);
    ASSERT_EQ(layer.size(), features);
    const auto f_to = *layer.field("minutes_to"), f_pop = *layer.field("population");
    geom::Geos geos;
    std::size_t invalid = 0;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        invalid += geos.is_valid(layer.polygons[i]) ? 0 : 1;
    }
    EXPECT_EQ(invalid, 0u);
    for (std::size_t i = 0; i + 2 < layer.size(); i += 3) {
        EXPECT_EQ(layer.values[i][f_to], "10");
        EXPECT_EQ(layer.values[i + 1][f_to], "20");
        if (i % 15 != 0) {
            continue; // the GEOS differences of every 5th place
        }
        EXPECT_EQ(layer.values[i + 2][f_to], "30");
        for (std::size_t k = 0; k < 2; ++k) {
            const auto &inner = layer.polygons[i + k], &outer = layer.polygons[i + k + 1];
            // Nested: nothing of the inner band outside the outer one (up to the 1e-6°
            // rounding of the written coordinates, well under a square metre).
            EXPECT_LT(algorithms::geometry::area(geos.difference(inner, outer)), 50.0)
                << "feature " << i + k;
            EXPECT_LE(std::stod(layer.values[i + k][f_pop]),
                      std::stod(layer.values[i + k + 1][f_pop]));
        }
    }
    fs::remove_all(out);
}
