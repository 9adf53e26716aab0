// Reprojection against PROJ's own command-line tool, and round trips, within 1 mm.
#include "hublo/hublo.hpp"
#include "io/crs.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

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
    if (std::string(HUBLO_CS2CS).empty()) {
        GTEST_SKIP() << "cs2cs (proj-bin) not installed: run scripts/setup.sh";
    }
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
