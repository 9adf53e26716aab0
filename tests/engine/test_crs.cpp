// Reprojection against PROJ's own command-line tool, and round trips, within 1 mm.
#include "hublo/hublo.hpp"
#include "io/crs.hpp"

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <thread>

using hublo::algorithms::geometry::XY;
using hublo::io::Crs;
using hublo::io::Transformer;

namespace {
// Lon/lat of real places of the region: Chinon, Bourges, Chartres, Orléans, Châteauroux.
const std::vector<XY> kPlaces = {
    {0.2423, 47.1667}, {2.3961, 47.0810}, {1.4890, 48.4439}, {1.9093, 47.9030}, {1.6914, 46.8103}};

std::vector<XY> run_cs2cs(const std::vector<XY> &lonlat) {
    std::string input;
    for (const auto &p : lonlat) {
        input += std::to_string(p.x) + " " + std::to_string(p.y) + "\n";
    }
    const std::string tmp = testing::TempDir() + "cs2cs_in.txt";
    FILE *f = std::fopen(tmp.c_str(), "w");
    std::fputs(input.c_str(), f);
    std::fclose(f);
    // +proj=longlat keeps lon/lat order on input whatever the EPSG:4326 axis order says.
    const std::string cmd =
        std::string(HUBLO_CS2CS) + " -f %.6f +proj=longlat +datum=WGS84 +to EPSG:2154 < " + tmp;
    FILE *p = popen(cmd.c_str(), "r");
    std::vector<XY> out;
    double x, y, z;
    while (p && std::fscanf(p, "%lf %lf %lf", &x, &y, &z) == 3) {
        out.push_back({x, y});
    }
    if (p) {
        pclose(p);
    }
    return out;
}
} // namespace

TEST(Crs, Lambert93MatchesCs2csWithinOneMillimetre) {
    const auto expected = run_cs2cs(kPlaces);
    ASSERT_EQ(expected.size(), kPlaces.size());
    const Transformer t(Crs::from_user("EPSG:4326", "test"), Crs::from_user("EPSG:2154", "test"));
    for (std::size_t i = 0; i < kPlaces.size(); ++i) {
        const XY got = t.apply(kPlaces[i]);
        EXPECT_NEAR(got.x, expected[i].x, 1e-3) << i;
        EXPECT_NEAR(got.y, expected[i].y, 1e-3) << i;
    }
    // Chinon lies about 490 km east and 6 672 km north in Lambert-93.
    const XY chinon = t.apply(kPlaces[0]);
    EXPECT_NEAR(chinon.x, 490000, 20000);
    EXPECT_NEAR(chinon.y, 6672000, 20000);
}

TEST(Crs, RoundTripWithinOneMillimetre) {
    const Crs wgs84 = Crs::from_user("EPSG:4326", "test");
    const Crs l93 = Crs::from_user("EPSG:2154", "test");
    const Transformer there(wgs84, l93), back(l93, wgs84);
    for (const XY p : kPlaces) {
        const XY q = there.apply(p);
        const XY r = there.apply(back.apply(q));
        EXPECT_NEAR(r.x, q.x, 1e-3);
        EXPECT_NEAR(r.y, q.y, 1e-3);
    }
}

TEST(Crs, Epsg4326IsLonLatOrder) {
    // Authority order would be lat/lon; hublo always uses x = longitude.
    const Transformer t(Crs::from_user("EPSG:4326", "test"), Crs::from_user("EPSG:3857", "test"));
    const XY p = t.apply({2.0, 47.0});
    EXPECT_NEAR(p.x, 222638.98, 0.01); // R * 2° in radians
}

TEST(Crs, UnknownCrsIsAnInputError) {
    try {
        Crs::from_user("EPSG:999999", "[study] crs");
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("[study] crs: unknown CRS 'EPSG:999999'"),
                  std::string::npos);
    }
}

namespace {
/// Points on a regular grid over the box, in the CRS's own units.
std::vector<XY> grid(double x0, double y0, double x1, double y1, int n) {
    std::vector<XY> out;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            out.push_back({x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * j / (n - 1)});
        }
    }
    return out;
}
} // namespace

// hublo builds its transformations on PROJ's C API, without GDAL (io/crs.hpp); GDAL did it
// before. The results must be GDAL's to the bit, for every pair a study uses: inputs in
// WGS 84 to Lambert-93, outputs back, the population grid's ETRS89-LAEA to Lambert-93.
TEST(Crs, TransformationsAreGdalsToTheBit) {
    struct Pair {
        const char *from, *to;
        std::vector<XY> points;
    };
    const std::vector<Pair> pairs = {
        {"EPSG:4326", "EPSG:2154", grid(-5.5, 41.0, 10.0, 51.5, 150)},
        {"EPSG:2154", "EPSG:4326", grid(100000, 6040000, 1250000, 7120000, 150)},
        {"EPSG:3035", "EPSG:2154", grid(3200000, 2000000, 4300000, 3200000, 150)},
        {"EPSG:4326", "EPSG:3857", grid(-5.5, 41.0, 10.0, 51.5, 50)},
    };
    for (const auto &pair : pairs) {
        OGRSpatialReference from, to;
        ASSERT_EQ(from.SetFromUserInput(pair.from), OGRERR_NONE);
        ASSERT_EQ(to.SetFromUserInput(pair.to), OGRERR_NONE);
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> gdal(
            OGRCreateCoordinateTransformation(&from, &to));
        ASSERT_TRUE(gdal);
        std::vector<double> xs, ys;
        for (const XY p : pair.points) {
            xs.push_back(p.x);
            ys.push_back(p.y);
        }
        ASSERT_TRUE(gdal->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()));

        std::vector<XY> ours = pair.points;
        Transformer(Crs::from_user(pair.from, "test"), Crs::from_user(pair.to, "test")).apply(ours);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < ours.size(); ++i) {
            differ += ours[i].x != xs[i] || ours[i].y != ys[i];
        }
        EXPECT_EQ(differ, 0u) << pair.from << " to " << pair.to << ", of " << ours.size();
    }
}

TEST(Crs, NamesKindsAndEquivalenceAsGdalReportsThem) {
    const Crs l93 = Crs::from_user("EPSG:2154", "test");
    const Crs wgs84 = Crs::from_user("EPSG:4326", "test");
    EXPECT_EQ(l93.name(), "EPSG:2154");
    EXPECT_EQ(wgs84.name(), "EPSG:4326");
    EXPECT_FALSE(l93.is_geographic());
    EXPECT_TRUE(wgs84.is_geographic());
    EXPECT_FALSE(l93.same_as(wgs84));
    EXPECT_TRUE(l93.same_as(Crs::from_user("urn:ogc:def:crs:EPSG::2154", "test")));
    // Axis order aside, OGC's CRS84 (lon, lat) is EPSG:4326 (lat, lon), as for GDAL.
    EXPECT_TRUE(wgs84.same_as(Crs::from_user("OGC:CRS84", "test")));
    // A PROJ string names a CRS without +type=crs, as in GDAL.
    const Crs lcc = Crs::from_user("+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 "
                                   "+x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs",
                                   "test");
    EXPECT_FALSE(lcc.is_geographic());
    const XY p = Transformer(wgs84, lcc).apply({2.0, 47.0});
    const XY q = Transformer(wgs84, l93).apply({2.0, 47.0});
    EXPECT_NEAR(p.x, q.x, 1e-3);
    EXPECT_NEAR(p.y, q.y, 1e-3);
    // A layer's CRS comes from GDAL as PROJJSON and keeps its identity.
    const Crs read = Crs::from_text(l93.json(), "layer.gpkg");
    EXPECT_EQ(read.name(), "EPSG:2154");
    EXPECT_TRUE(read.same_as(l93));
    EXPECT_TRUE(read.definition().empty());
    EXPECT_TRUE(Crs::from_text("", "layer.gpkg").empty());
    try {
        (void)Crs::from_text("{\"type\": \"nonsense\"}", "layer.gpkg");
        FAIL() << "an unreadable CRS text must be refused";
    } catch (const hublo::Error &e) {
        EXPECT_EQ(e.kind(), hublo::ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("layer.gpkg: PROJ cannot read"), std::string::npos);
    }
}

// Each thread has its own PROJ context; transformations built on one thread are used on
// others, and the results do not depend on where.
TEST(Crs, TransformersMoveBetweenThreads) {
    const Crs wgs84 = Crs::from_user("EPSG:4326", "test");
    const Crs l93 = Crs::from_user("EPSG:2154", "test");
    const auto points = grid(-4.0, 42.5, 8.0, 51.0, 40);
    std::vector<XY> expected = points;
    Transformer(wgs84, l93).apply(expected);
    std::vector<Transformer> made;
    for (int i = 0; i < 4; ++i) {
        made.emplace_back(wgs84, l93);
    }
    std::vector<std::vector<XY>> results(8, points);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            made[t].apply(results[t]);   // built on the main thread
            Transformer own(wgs84, l93); // built here, from the shared cache
            own.apply(results[t + 4]);
        });
    }
    for (auto &t : threads) {
        t.join();
    }
    for (const auto &r : results) {
        EXPECT_EQ(r, expected);
    }
}
