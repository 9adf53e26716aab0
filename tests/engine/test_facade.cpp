// The C++ facade (hublo/hublo.hpp) as a program uses it: a study's layers after a check, a
// setting applied, a network queried, the table of error kinds.
#include "hublo/hublo.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace fs = std::filesystem;

namespace {
const fs::path kData = HUBLO_TEST_DATA_DIR;
} // namespace

TEST(Facade, ALayerOfTheLastCheckWithItsFieldsValuesAndGeometry) {
    auto study = hublo::Study::open(kData / "study.toml");
    EXPECT_FALSE(study.has_run());
    try {
        (void)study.layer("communes");
        FAIL() << "a layer before any run";
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("run the study first"), std::string::npos);
    }
    (void)study.check();
    ASSERT_TRUE(study.has_run());
    EXPECT_EQ(study.layer_names(),
              (std::vector<std::string>{"communes", "places", "epci", "hub", "zones"}));
    const auto communes = study.layer("communes");
    ASSERT_EQ(communes.feature_count(), 3u);
    ASSERT_GT(communes.field_count(), 2u);
    EXPECT_EQ(communes.field_name(0), "code");
    EXPECT_EQ(communes.field_type(0), hublo::Layer::FieldType::string);
    EXPECT_EQ(std::get<std::string>(communes.value(0, 0)), "37001");
    // ISO WKB, little-endian MultiPolygon (type 6) of one polygon, in WGS84: the square
    // Alpha, lon 0.20-0.22 (tests/data/README.md).
    const std::string wkb = communes.wkb(0);
    ASSERT_GE(wkb.size(), 9u + 9u + 4u + 16u);
    EXPECT_EQ(wkb[0], 1);
    std::uint32_t type = 0, parts = 0;
    std::memcpy(&type, wkb.data() + 1, 4);
    std::memcpy(&parts, wkb.data() + 5, 4);
    EXPECT_EQ(type, 6u);
    EXPECT_EQ(parts, 1u);
    double x = 0;
    std::memcpy(&x, wkb.data() + 9 + 9 + 4, 8); // after the polygon's header and ring count
    EXPECT_NEAR(x, 0.20, 0.02 + 1e-9);
    EXPECT_NE(communes.geojson().find("\"37001\""), std::string::npos);
    EXPECT_THROW((void)communes.value(3, 0), hublo::Error);
    try {
        (void)study.layer("comunes");
        FAIL() << "an unknown layer";
    } catch (const hublo::Error &e) {
        EXPECT_EQ(e.kind(), hublo::ErrorKind::input);
        EXPECT_NE(std::string(e.what()).find("communes, places, epci, hub, zones"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_NE(study.summary_json().find("\"communes\": 3"), std::string::npos);
}

TEST(Facade, ASettingAppliesOrLeavesTheStudyAsItWas) {
    auto study = hublo::Study::open(kData / "study.toml");
    EXPECT_THROW(study.set("outputs.decimal=5"), hublo::Error); // misspelt: refused
    study.set("outputs.decimals=5");
    (void)study.check();
    EXPECT_NE(study.summary_json().find("\"decimals\": 5"), std::string::npos);
    EXPECT_NE(study.summary_json().find("outputs.decimals=5"), std::string::npos);
    EXPECT_EQ(study.summary_json().find("outputs.decimal=5"), std::string::npos);
}

TEST(Facade, ANetworkGivesIsochronesAndNearestTimes) {
    const auto study = hublo::Study::open(kData / "monaco_study.toml");
    const auto network = study.network();
    EXPECT_GT(network.node_count(), 1000u); // Monaco's car network
    hublo::IsochroneRequest request;
    request.origins.push_back({7.4205, 43.7311, "palais", "Place du Palais"});
    request.minutes = {2.0, 5.0};
    const auto layer = network.isochrones(request);
    ASSERT_EQ(layer.feature_count(), 2u);
    EXPECT_EQ(std::get<std::string>(layer.value(0, 0)), "palais");
    // From the Palais: itself, only the walk to the car network and back (the square is
    // pedestrian: tens of metres at 4.5 km/h each way); the Casino, 1 km away, further but
    // within a few minutes; a point at sea, 20 km south, off the network (NaN).
    const std::vector<double> origins = {7.4205, 43.7311};
    const std::vector<double> points = {7.4205, 43.7311, 7.4278, 43.7397, 7.42, 43.55};
    const auto minutes = network.nearest_minutes(origins, points);
    ASSERT_EQ(minutes.size(), 3u);
    EXPECT_LT(minutes[0], 2.0);
    EXPECT_GT(minutes[1], minutes[0]);
    EXPECT_LT(minutes[1], 10.0);
    EXPECT_TRUE(std::isnan(minutes[2]));
    const auto no_network = hublo::Study::open(kData / "study.toml");
    EXPECT_THROW((void)no_network.network(), hublo::Error);
}

TEST(Facade, OneTableOfErrorKindsGivesStatusesExitCodesAndWords) {
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::input).c_status, 1);
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::input).exit_code, 3);
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::data).exit_code, 4);
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::computation).exit_code, 5);
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::internal).exit_code, 70);
    EXPECT_EQ(hublo::error_kind_info(hublo::ErrorKind::interrupted).c_status, 5);
    EXPECT_EQ(hublo::stage_names(), (std::vector<std::string>{"all", "risk", "access", "isochrones",
                                                              "deserts", "siting"}));
}
