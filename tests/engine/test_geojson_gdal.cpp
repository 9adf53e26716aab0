// The GeoJSON writer's output, read back by GDAL, equals its input within 1e-6 degrees,
// on the 1754 real communes of the region.
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "io/vector.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using hublo::algorithms::geometry::Ring;

namespace {
// True when b equals a, or a reversed, point by point within tol.
bool same_ring(const Ring &a, const Ring &b, double tol, double &worst) {
    if (a.size() != b.size()) {
        return false;
    }
    auto compare = [&](bool reversed) {
        double w = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto &p = a[i];
            const auto &q = reversed ? b[b.size() - 1 - i] : b[i];
            w = std::max({w, std::abs(p.x - q.x), std::abs(p.y - q.y)});
        }
        return w;
    };
    const double w = std::min(compare(false), compare(true));
    worst = std::max(worst, w);
    return w <= tol;
}
} // namespace

TEST(GeoJsonGdal, RealCommunesRoundTripThroughGdal) {
    const auto wgs84 = hublo::io::Crs::from_user("EPSG:4326", "test");
    hublo::io::VectorSource src;
    src.path = fs::path(HUBLO_DATASET_DIR) / "communes.geojson";
    src.context = "test";
    const auto layer = hublo::io::read_vector(src, wgs84, hublo::io::GeometryKind::polygons);
    ASSERT_EQ(layer.size(), 1754u);

    hublo::model::Layer out;
    out.name = "communes";
    out.polygons = layer.polygons;
    auto &code = out.add_field("code", hublo::model::FieldType::string);
    for (std::size_t i = 0; i < layer.size(); ++i) {
        code.values.emplace_back(layer.values[i][*layer.field("DEPCOM")]);
    }
    std::string text;
    hublo::io::write_geojson(out, {6, false}, text);
    const fs::path path = fs::path(testing::TempDir()) / "communes_roundtrip.geojson";
    std::ofstream(path, std::ios::binary) << text;

    hublo::io::VectorSource back_src;
    back_src.path = path;
    back_src.context = "test";
    // Read back by GDAL's own reader (OGR's GeoJSON driver), not hublo's.
    const auto back =
        hublo::io::detail::read_vector_gdal(back_src, wgs84, hublo::io::GeometryKind::polygons);
    ASSERT_EQ(back.size(), layer.size());
    EXPECT_EQ(back.source_crs, "EPSG:4326"); // no crs member: GDAL assumes RFC 7946 WGS84
    double worst = 0;
    std::size_t rings = 0;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        ASSERT_EQ(back.values[i][0], code.values[i].index() == 1
                                         ? std::get<std::string>(code.values[i])
                                         : std::string());
        ASSERT_EQ(back.polygons[i].size(), layer.polygons[i].size()) << "feature " << i;
        for (std::size_t p = 0; p < layer.polygons[i].size(); ++p) {
            ASSERT_EQ(back.polygons[i][p].rings.size(), layer.polygons[i][p].rings.size());
            for (std::size_t r = 0; r < layer.polygons[i][p].rings.size(); ++r) {
                ++rings;
                EXPECT_TRUE(same_ring(layer.polygons[i][p].rings[r], back.polygons[i][p].rings[r],
                                      1e-6, worst))
                    << "feature " << i << " polygon " << p << " ring " << r;
            }
        }
    }
    EXPECT_GT(rings, 1754u);
    EXPECT_LE(worst, 1e-6);
}
