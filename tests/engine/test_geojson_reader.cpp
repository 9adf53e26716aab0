// hublo's own GeoJSON reader against GDAL's driver: on every bundled GeoJSON file and on
// small files made for each rule, the fast reader either gives exactly GDAL's layer (same
// fields in the same order, same text of every value, same nulls and FIDs, bit-identical
// coordinates after reprojection, same dropped rings) or declines, and read_vector then
// gives GDAL's layer or GDAL's error.
#include "hublo/hublo.hpp"
#include "io/geojson_reader.hpp"
#include "io/vector.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using hublo::io::Crs;
using hublo::io::GeometryKind;
using hublo::io::VectorLayer;
using hublo::io::VectorSource;

const Crs &lambert93() {
    static const Crs crs = Crs::from_user("EPSG:2154", "test");
    return crs;
}

void expect_same(const VectorLayer &fast, const VectorLayer &gdal) {
    EXPECT_EQ(fast.source, gdal.source);
    EXPECT_EQ(fast.source_crs, gdal.source_crs);
    EXPECT_EQ(fast.fields, gdal.fields);
    EXPECT_EQ(fast.values, gdal.values);
    EXPECT_EQ(fast.is_null, gdal.is_null);
    EXPECT_EQ(fast.fids, gdal.fids);
    EXPECT_EQ(fast.degenerate_rings, gdal.degenerate_rings);
    EXPECT_EQ(fast.points, gdal.points); // XY compares exactly
    EXPECT_EQ(fast.lines, gdal.lines);
    ASSERT_EQ(fast.polygons.size(), gdal.polygons.size());
    for (std::size_t i = 0; i < fast.polygons.size(); ++i) {
        ASSERT_EQ(fast.polygons[i].size(), gdal.polygons[i].size()) << "feature " << i;
        for (std::size_t p = 0; p < fast.polygons[i].size(); ++p) {
            EXPECT_EQ(fast.polygons[i][p].rings, gdal.polygons[i][p].rings) << "feature " << i;
        }
    }
}

/// Reads `path` both ways; returns whether the fast reader accepted it.
bool compare(const std::filesystem::path &path, GeometryKind kind, std::size_t max_vertices = 0) {
    VectorSource source{path, "", "", "[test]", max_vertices};
    const auto fast = hublo::io::detail::read_geojson_fast(source, lambert93(), kind);
    if (fast) {
        expect_same(*fast, hublo::io::detail::read_vector_gdal(source, lambert93(), kind));
    }
    return fast.has_value();
}

class GeoJsonFile : public ::testing::Test {
protected:
    std::filesystem::path write(const std::string &text) {
        path_ = std::filesystem::temp_directory_path() /
                ("hublo_geojson_reader_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".geojson");
        std::ofstream(path_) << text;
        return path_;
    }
    void TearDown() override { std::filesystem::remove(path_); }
    std::filesystem::path path_;
};

std::string collection(const std::string &features) {
    return R"({"type":"FeatureCollection","name":"t","features":[)" + features + "]}";
}

/// A collection of one feature without properties, with this geometry.
std::string one_geometry(const std::string &geometry) {
    return collection(R"({"type":"Feature","properties":{},"geometry":)" + geometry + "}");
}

const std::string kSquare =
    R"({"type":"Polygon","coordinates":[[[1.0,47.0],[1.1,47.0],[1.1,47.1],[1.0,47.1],[1.0,47.0]]]})";

} // namespace

TEST(GeoJsonReader, BundledRegionalLayersReadExactlyAsGdal) {
    const std::filesystem::path dir = HUBLO_DATASET_DIR;
    for (const char *name :
         {"communes.geojson", "epci.geojson", "bassins_vie_2022.geojson", "departements.geojson"}) {
        SCOPED_TRACE(name);
        EXPECT_TRUE(compare(dir / name, GeometryKind::polygons));
    }
    EXPECT_TRUE(compare(dir / "roads_numbered.geojson", GeometryKind::lines));
}

TEST(GeoJsonReader, TestFixturesReadExactlyAsGdalOrDeclined) {
    const std::filesystem::path dir = HUBLO_TEST_DATA_DIR;
    EXPECT_TRUE(compare(dir / "three_communes.geojson", GeometryKind::polygons));
    EXPECT_TRUE(compare(dir / "two_zones.geojson", GeometryKind::polygons));
    EXPECT_TRUE(compare(dir / "monaco_commune.geojson", GeometryKind::polygons));
    // Lambert-93 roads with a legacy "crs" member: left to GDAL.
    EXPECT_FALSE(compare(dir / "roads_l93.geojson", GeometryKind::lines));
}

TEST_F(GeoJsonFile, NumbersAreTypedPerFieldAsGdalDoes) {
    // "mixed" holds an integer then a real: a real field, so 1000000 prints as 1e+06; "count"
    // holds integers only and prints them whole; "code" is text and keeps its zeros.
    const auto p = write(collection(
        R"({"type":"Feature","properties":{"code":"01001","mixed":1000000,"count":1000000,"r":0.1},"geometry":)" +
        kSquare +
        R"(},{"type":"Feature","properties":{"code":"2A004","mixed":2.5,"count":-7,"r":1e-7},"geometry":)" +
        kSquare + "}"));
    ASSERT_TRUE(compare(p, GeometryKind::polygons));
    VectorSource source{p, "", "", "[test]", 0};
    const auto layer = hublo::io::read_vector(source, lambert93(), GeometryKind::polygons);
    ASSERT_EQ(layer.fields, (std::vector<std::string>{"code", "mixed", "count", "r"}));
    EXPECT_EQ(layer.values[0], (std::vector<std::string>{"01001", "1e+06", "1000000", "0.1"}));
    EXPECT_EQ(layer.values[1], (std::vector<std::string>{"2A004", "2.5", "-7", "1e-07"}));
}

TEST_F(GeoJsonFile, EscapesNullsAndMissingPropertiesMatchGdal) {
    const auto p = write(collection(
        R"({"type":"Feature","properties":{"name":"Ch\u00e2teau \"A\" \ud83d\ude00","v":null},"geometry":)" +
        kSquare +
        R"(},{"type":"Feature","properties":{"v":3},"geometry":null},{"type":"Feature","geometry":)" +
        kSquare + "}"));
    ASSERT_TRUE(compare(p, GeometryKind::polygons));
    const auto layer = *hublo::io::detail::read_geojson_fast({p, "", "", "[test]", 0}, lambert93(),
                                                             GeometryKind::polygons);
    EXPECT_EQ(layer.values[0][0], "Ch\xC3\xA2teau \"A\" \xF0\x9F\x98\x80");
    EXPECT_EQ(layer.is_null[0], (std::vector<bool>{false, true}));
    EXPECT_EQ(layer.is_null[1], (std::vector<bool>{true, false}));
    EXPECT_EQ(layer.is_null[2], (std::vector<bool>{true, true}));
    EXPECT_TRUE(layer.polygons[1].empty()); // null geometry: kept, empty
    EXPECT_EQ(layer.fids, (std::vector<long long>{0, 1, 2}));
}

TEST_F(GeoJsonFile, HolesMultiPolygonsAndDegenerateRingsMatchGdal) {
    // A shell with a hole, a second polygon whose shell has 3 positions (dropped with its
    // hole: 2 rings), and a repeated vertex that is removed.
    const auto p = write(collection(
        R"({"type":"Feature","properties":{"id_":1},"geometry":{"type":"MultiPolygon","coordinates":[)"
        R"([[[1,47],[2,47],[2,48],[2,48],[1,48],[1,47]],[[1.2,47.2],[1.2,47.4],[1.4,47.4],[1.2,47.2]]],)"
        R"([[[3,47],[4,47],[3,47]],[[3.1,47.1],[3.2,47.1],[3.1,47.2],[3.1,47.1]]]]}})"));
    ASSERT_TRUE(compare(p, GeometryKind::polygons));
    const auto layer = *hublo::io::detail::read_geojson_fast({p, "", "", "[test]", 0}, lambert93(),
                                                             GeometryKind::polygons);
    ASSERT_EQ(layer.polygons[0].size(), 1u);
    EXPECT_EQ(layer.polygons[0][0].rings.size(), 2u);
    EXPECT_EQ(layer.polygons[0][0].rings[0].size(), 5u); // the repeated (2, 48) removed
    EXPECT_EQ(layer.degenerate_rings, 2u);
}

TEST_F(GeoJsonFile, PointsAndLinesMatchGdal) {
    const auto points = write(collection(
        R"({"type":"Feature","properties":{"n":"a"},"geometry":{"type":"Point","coordinates":[1.5,47.5]}},)"
        R"({"type":"Feature","properties":{"n":"b"},"geometry":null})"));
    EXPECT_TRUE(compare(points, GeometryKind::points));
    const auto lines = write(collection(
        R"({"type":"Feature","properties":{"c":"motorway"},"geometry":{"type":"LineString","coordinates":[[1,47],[1.5,47.2]]}},)"
        R"({"type":"Feature","properties":{"c":"national"},"geometry":{"type":"MultiLineString","coordinates":[[[1,47],[1,48]],[[2,47],[2,48],[3,48]]]}})"));
    EXPECT_TRUE(compare(lines, GeometryKind::lines));
}

TEST_F(GeoJsonFile, DeclinesWhatOnlyGdalReadsItsOwnWay) {
    const std::string props = R"("properties":{"code":"1"},"geometry":)" + kSquare;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"crs member",
         R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[{"type":"Feature",)" +
             props + "}]}"},
        {"feature id", collection(R"({"type":"Feature","id":7,)" + props + "}")},
        {"geometry given twice", collection(R"({"type":"Feature","geometry":null,)" + props + "}")},
        {"properties given twice",
         collection(R"({"type":"Feature","properties":{"code":"2"},)" + props + "}")},
        {"boolean property",
         collection(R"({"type":"Feature","properties":{"b":true},"geometry":)" + kSquare + "}")},
        {"object property",
         collection(R"({"type":"Feature","properties":{"o":{"a":1}},"geometry":)" + kSquare + "}")},
        {"date text",
         collection(R"({"type":"Feature","properties":{"d":"2022-12-01"},"geometry":)" + kSquare +
                    "}")},
        {"time text",
         collection(R"({"type":"Feature","properties":{"t":"10:30"},"geometry":)" + kSquare + "}")},
        {"text and numbers in one field",
         collection(R"({"type":"Feature","properties":{"c":"a"},"geometry":)" + kSquare +
                    R"(},{"type":"Feature","properties":{"c":2},"geometry":)" + kSquare + "}")},
        {"key first seen in a later feature",
         collection(R"({"type":"Feature","properties":{"a":"x"},"geometry":)" + kSquare +
                    R"(},{"type":"Feature","properties":{"a":"y","b":"z"},"geometry":)" + kSquare +
                    "}")},
        {"keys in another order",
         collection(R"({"type":"Feature","properties":{"a":"x","b":"y"},"geometry":)" + kSquare +
                    R"(},{"type":"Feature","properties":{"b":"z","a":"w"},"geometry":)" + kSquare +
                    "}")},
        {"keys differing in case",
         collection(R"({"type":"Feature","properties":{"a":"x","A":"y"},"geometry":)" + kSquare +
                    "}")},
        {"integer beyond 64 bits",
         collection(R"({"type":"Feature","properties":{"n":18446744073709551615},"geometry":)" +
                    kSquare + "}")},
        {"unclosed ring",
         one_geometry(R"({"type":"Polygon","coordinates":[[[1,47],[2,47],[2,48],[1,48]]]})")},
        {"empty polygon", one_geometry(R"({"type":"Polygon","coordinates":[]})")},
        {"third coordinate (GDAL: EPSG:4979)",
         one_geometry(
             R"({"type":"Polygon","coordinates":[[[1,47,0],[2,47,0],[2,48,0],[1,47,0]]]})")},
        {"geometry collection", one_geometry(R"({"type":"GeometryCollection","geometries":[]})")},
        {"a line where polygons are read",
         one_geometry(R"({"type":"LineString","coordinates":[[1,47],[2,47]]})")},
        {"truncated", collection(R"({"type":"Feature",)" + props + "}").substr(0, 60)},
        {"no feature", collection("")},
    };
    for (const auto &[what, text] : cases) {
        SCOPED_TRACE(what);
        const auto p = write(text);
        VectorSource source{p, "", "", "[test]", 0};
        EXPECT_FALSE(
            hublo::io::detail::read_geojson_fast(source, lambert93(), GeometryKind::polygons));
        // read_vector then gives exactly GDAL's layer, or GDAL's error.
        std::string gdal_error, read_error;
        std::optional<VectorLayer> gdal, read;
        try {
            gdal = hublo::io::detail::read_vector_gdal(source, lambert93(), GeometryKind::polygons);
        } catch (const hublo::Error &e) {
            gdal_error = e.what();
        }
        try {
            read = hublo::io::read_vector(source, lambert93(), GeometryKind::polygons);
        } catch (const hublo::Error &e) {
            read_error = e.what();
        }
        EXPECT_EQ(read_error, gdal_error);
        ASSERT_EQ(read.has_value(), gdal.has_value());
        if (read) {
            expect_same(*read, *gdal);
        }
    }
}

TEST_F(GeoJsonFile, MoreVerticesThanAllowedIsLeftToGdalWhichNamesTheFeature) {
    const auto p = write(one_geometry(kSquare));
    EXPECT_TRUE(compare(p, GeometryKind::polygons, 5));  // 5 positions: allowed
    EXPECT_FALSE(compare(p, GeometryKind::polygons, 4)); // declined
    try {
        (void)hublo::io::read_vector({p, "", "", "[communes]", 4}, lambert93(),
                                     GeometryKind::polygons);
        FAIL() << "expected an error";
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("feature 0 has 5 vertices"), std::string::npos)
            << e.what();
    }
}

TEST_F(GeoJsonFile, AnExplicitCrsAgreeingWithGeoJsonIsAcceptedAndAConflictingOneRefused) {
    const auto p = write(one_geometry(kSquare));
    VectorSource same{p, "", "EPSG:4326", "[communes]", 0};
    EXPECT_TRUE(hublo::io::detail::read_geojson_fast(same, lambert93(), GeometryKind::polygons));
    VectorSource other{p, "", "EPSG:2154", "[communes]", 0};
    std::string fast_error, gdal_error;
    try {
        (void)hublo::io::detail::read_geojson_fast(other, lambert93(), GeometryKind::polygons);
    } catch (const hublo::Error &e) {
        fast_error = e.what();
    }
    try {
        (void)hublo::io::detail::read_vector_gdal(other, lambert93(), GeometryKind::polygons);
    } catch (const hublo::Error &e) {
        gdal_error = e.what();
    }
    EXPECT_NE(fast_error.find("declares EPSG:4326 but [communes] crs says EPSG:2154"),
              std::string::npos)
        << fast_error;
    EXPECT_EQ(fast_error, gdal_error);
}
