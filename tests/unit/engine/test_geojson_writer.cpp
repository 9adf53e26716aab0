#include "io/geojson_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace hublo;
using algorithms::geometry::MultiPolygon;
using algorithms::geometry::Polygon;

namespace {
model::Layer one_square(double x0, double y0, double size, bool clockwise) {
    model::Layer layer;
    layer.name = "squares";
    Polygon p;
    p.rings.push_back(
        {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}});
    if (clockwise) {
        std::reverse(p.rings[0].begin(), p.rings[0].end());
    }
    layer.polygons.push_back({p});
    auto &name = layer.add_field("name", model::FieldType::string);
    name.values.emplace_back(std::string("Saint-\"Quote\"\\\n\x01"));
    auto &n = layer.add_field("n", model::FieldType::integer);
    n.values.emplace_back(std::int64_t{-42});
    auto &x = layer.add_field("x", model::FieldType::real);
    x.values.emplace_back(0.1);
    auto &missing = layer.add_field("missing", model::FieldType::real);
    missing.values.emplace_back(model::Value{});
    return layer;
}
} // namespace

TEST(GeoJsonWriter, ExactBytesForASmallLayer) {
    std::string out;
    io::write_geojson(one_square(2.4, 47.25, 0.5, true), {6, false}, out);
    EXPECT_EQ(out, R"({"type":"FeatureCollection","name":"squares","features":[
{"type":"Feature","properties":{"name":"Saint-\"Quote\"\\\n\u0001","n":-42,"x":0.1,"missing":null},"geometry":{"type":"Polygon","coordinates":[[[2.4,47.25],[2.9,47.25],[2.9,47.75],[2.4,47.75],[2.4,47.25]]]}}
]}
)");
}

TEST(GeoJsonWriter, RoundsToTheRequestedDecimals) {
    std::string out;
    io::write_geojson(one_square(1.23456789, -0.0000001, 1.0, false), {3, false}, out);
    // 1.23456789 -> 1.235, -0.0000001 -> 0 (never "-0"), 2.23456789 -> 2.235
    EXPECT_NE(out.find("[[1.235,0],[2.235,0],[2.235,1],[1.235,1],[1.235,0]]"), std::string::npos)
        << out;
}

TEST(GeoJsonWriter, HolesAreClockwiseShellsCounterClockwise) {
    model::Layer layer;
    layer.name = "holes";
    Polygon p;
    p.rings.push_back({{0, 0}, {0, 4}, {4, 4}, {4, 0}, {0, 0}}); // clockwise shell
    p.rings.push_back({{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}); // counter-clockwise hole
    layer.polygons.push_back({p});
    std::string out;
    io::write_geojson(layer, {}, out);
    EXPECT_NE(out.find("[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]"),
              std::string::npos)
        << out;
}

TEST(GeoJsonWriter, RingsCollapsedByRoundingAreDropped) {
    model::Layer layer;
    layer.name = "tiny";
    Polygon big, sliver;
    big.rings.push_back({{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}});
    sliver.rings.push_back({{5, 5}, {5.0000001, 5}, {5.0000001, 5.0000001}, {5, 5}});
    layer.polygons.push_back({big, sliver});
    std::string out;
    io::write_geojson(layer, {6, false}, out);
    EXPECT_NE(out.find(R"("type":"Polygon")"), std::string::npos) << out; // one part left
    EXPECT_EQ(out.find("[5,5]"), std::string::npos) << out;
}

TEST(GeoJsonWriter, TextSequenceHasOneRecordSeparatedFeaturePerLine) {
    model::Layer layer = one_square(0, 0, 1, false);
    layer.polygons.push_back(layer.polygons[0]);
    for (auto &f : layer.fields) {
        f.values.push_back(f.values[0]);
    }
    std::string out;
    io::write_geojson(layer, {6, true}, out);
    EXPECT_EQ(std::count(out.begin(), out.end(), '\x1e'), 2);
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
    EXPECT_EQ(out.rfind("\x1e{\"type\":\"Feature\"", 0), 0u);
}

TEST(GeoJsonWriter, NumbersAreShortestRoundTrip) {
    std::string s;
    io::append_json_number(s, 0.1 + 0.2);
    EXPECT_EQ(s, "0.30000000000000004");
    s.clear();
    io::append_json_number(s, 2573180.0);
    EXPECT_EQ(s, "2573180");
    s.clear();
    io::append_json_number(s, std::numeric_limits<double>::infinity());
    EXPECT_EQ(s, "null");
}

TEST(GeoJsonWriter, SameLayerSameBytes) {
    std::string a, b;
    io::write_geojson(one_square(2.4, 47.25, 0.5, true), {}, a);
    io::write_geojson(one_square(2.4, 47.25, 0.5, true), {}, b);
    EXPECT_EQ(a, b);
}

// Findings of hublo_fuzz_geojson (fuzz/), kept as regression tests.
TEST(GeoJsonWriter, NonFinitePointsHaveNoGeometryAndHugeOnesAreWrittenWhole) {
    model::Layer layer;
    layer.name = "p";
    layer.geometry = model::GeometryType::points;
    layer.points = {{std::nan(""), 1.0}, {1.0, HUGE_VAL}, {4.138565038605931e+199, -2.0}};
    std::string out;
    io::write_geojson(layer, {3, false}, out);
    EXPECT_EQ(out.find("nan"), std::string::npos);
    EXPECT_EQ(out.find("inf"), std::string::npos);
    EXPECT_NE(out.find(R"("geometry":null)"), std::string::npos);
    // Fixed notation of 4.14e199 with 3 decimals: 200 digits, then ".000" trimmed.
    const auto at = out.find(R"("coordinates":[41385650386059)");
    ASSERT_NE(at, std::string::npos) << out;
    EXPECT_NE(out.find(",-2]}", at), std::string::npos);
}

TEST(GeoJsonWriter, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
    std::string out;
    io::append_json_string(out, std::string("Caf\xE9 \xC3\xA9t\xE9 \xF0\x9F\x98\x80 \xED\xA0\x80"));
    // Latin-1 é (E9) and a UTF-8 surrogate (ED A0 80) are replaced; UTF-8 é and 😀 stay.
    EXPECT_EQ(out, "\"Caf\xEF\xBF\xBD \xC3\xA9t\xEF\xBF\xBD \xF0\x9F\x98\x80 "
                   "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(GeoJsonWriter, PiecesWrittenSeparatelyMakeTheSameBytes) {
    // Five features written whole, and as head + [0, 2) + [2, 5) + tail (as the output stage
    // does on several threads): the same text, for a FeatureCollection and a sequence.
    model::Layer layer = one_square(0.0, 0.0, 1.0, false);
    for (int i = 1; i < 5; ++i) {
        const auto more = one_square(i, i, 0.5, i % 2 == 0);
        layer.polygons.push_back(more.polygons[0]);
        for (std::size_t f = 0; f < layer.fields.size(); ++f) {
            layer.fields[f].values.push_back(more.fields[f].values[0]);
        }
    }
    for (const bool sequence : {false, true}) {
        const io::GeoJsonOptions options{6, sequence};
        std::string whole, pieces;
        io::write_geojson(layer, options, whole);
        io::write_geojson_head(layer, options, pieces);
        io::write_geojson_features(layer, options, 0, 2, pieces);
        io::write_geojson_features(layer, options, 2, 5, pieces);
        io::write_geojson_tail(options, pieces);
        EXPECT_EQ(pieces, whole) << (sequence ? "sequence" : "collection");
        EXPECT_EQ(std::count(whole.begin(), whole.end(), '\n'), sequence ? 5 : 7);
    }
}
