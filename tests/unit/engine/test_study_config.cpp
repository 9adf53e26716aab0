#include "hublo/hublo.hpp"
#include "study/config.hpp"
#include "study_toml.hpp"

#include <gtest/gtest.h>

#include <cmath>

using hublo::study::parse_study;

namespace {
const char *kMinimal = hublo::test::kMinimalStudy;

std::string error_of(const std::string &toml) {
    return hublo::test::study_error(toml);
}
} // namespace

TEST(StudyConfig, MinimalStudyHasDocumentedDefaults) {
    const auto cfg = parse_study(kMinimal, "/base", "study.toml");
    EXPECT_EQ(cfg.crs, "EPSG:2154");
    EXPECT_EQ(cfg.communes.source.path, std::filesystem::path("/base/communes.geojson"));
    EXPECT_EQ(cfg.outputs.decimals, 6);
    EXPECT_DOUBLE_EQ(cfg.merge_distance_m, 100.0);
    EXPECT_EQ(cfg.outputs.dir, std::filesystem::path("hublo-out/t"));
}

TEST(StudyConfig, UnknownKeySuggestsTheClosestWithItsLine) {
    const auto msg = error_of(std::string(kMinimal) + "cod = 1\n");
    EXPECT_NE(msg.find("unknown key 'cod' in [communes]; did you mean 'code'?"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("study.toml:7:"), std::string::npos) << msg;
}

TEST(StudyConfig, UnknownSectionSuggestsTheClosest) {
    const auto msg = error_of(std::string(kMinimal) + "[output]\ndecimals = 5\n");
    EXPECT_NE(msg.find("did you mean 'outputs'?"), std::string::npos) << msg;
}

TEST(StudyConfig, WrongTypeIsNamed) {
    const auto msg = error_of(std::string(kMinimal) + "[outputs]\ndecimals = \"six\"\n");
    EXPECT_NE(msg.find("[outputs] decimals must be an integer"), std::string::npos) << msg;
}

TEST(StudyConfig, MissingCommunesIsExplained) {
    const auto msg = error_of("[study]\nid = \"x\"\n");
    EXPECT_NE(msg.find("needs a [communes] table"), std::string::npos) << msg;
}

TEST(StudyConfig, TomlSyntaxErrorHasALine) {
    const auto msg = error_of("[study\nid = 1\n");
    EXPECT_NE(msg.find("study.toml:1:"), std::string::npos) << msg;
}

TEST(StudyConfig, LevelNeedsOneSource) {
    const auto msg = error_of(std::string(kMinimal) + "[[levels]]\nid = \"epci\"\n");
    EXPECT_NE(msg.find("needs one of commune_field"), std::string::npos) << msg;
}

TEST(StudyConfig, ZoningMappingMustComeFromAKnownLevel) {
    const auto msg = error_of(std::string(kMinimal) + R"(
[[levels]]
id = "hub"
mapping = { path = "z.csv", from = "epci", from_code = "EPCI", code = "Z" }
)");
    EXPECT_NE(msg.find("'epci' is not 'communes' nor a level defined above"), std::string::npos)
        << msg;
}

TEST(StudyConfig, UnknownPlaceFormatSuggests) {
    const auto msg = error_of(std::string(kMinimal) + R"(
[[places]]
id = "fs"
format = "france_service"
path = "fs.csv"
)");
    EXPECT_NE(msg.find("did you mean 'france_services'?"), std::string::npos) << msg;
}

TEST(StudyConfig, PopulationTableMustExist) {
    const auto msg =
        error_of(std::string(kMinimal) + "[population]\ntable = \"rp\"\ncolumn = \"P\"\n");
    EXPECT_NE(msg.find("'rp' is not the id of a [[tables]] entry"), std::string::npos) << msg;
}

TEST(StudyConfig, DefaultStudyParses) {
    const auto cfg =
        hublo::study::load_study(std::filesystem::path(HUBLO_TEST_DATA_DIR) / ".." / ".." /
                                 "datasets" / "centre-val-de-loire" / "study.toml");
    EXPECT_EQ(cfg.id, "centre-val-de-loire");
    EXPECT_EQ(cfg.levels.size(), 4u);
    EXPECT_EQ(cfg.places.size(), 3u);
    ASSERT_EQ(cfg.tables.size(), 5u);
    ASSERT_TRUE(cfg.tables[4].lookup.has_value()); // households without a car, by IRIS
    EXPECT_EQ(cfg.tables[4].lookup->on, "IRIS");
    ASSERT_EQ(cfg.modes.modes.size(), 2u);
    EXPECT_DOUBLE_EQ(cfg.modes.modes[0].speed_kmh, 4.5);
    EXPECT_EQ(cfg.tables[3].on_duplicate, hublo::stages::OnDuplicate::sum);
    ASSERT_EQ(cfg.tables[3].shares.size(), 2u);
    EXPECT_TRUE(cfg.tables[3].shares[0].partition);
    EXPECT_TRUE(cfg.supply.help_hours);
    EXPECT_FALSE(cfg.supply.unknown_hours.has_value()); // "median"
    EXPECT_DOUBLE_EQ(cfg.places[0].staff, 2.0);
    EXPECT_FALSE(cfg.risk.prefer_grid);
}

TEST(StudyConfig, SupplyAndSharesSayWhatIsWrong) {
    auto msg = error_of(std::string(kMinimal) + "[supply]\nunit = \"hours\"\n");
    EXPECT_NE(msg.find("[supply] unit: must be \"help_hours\""), std::string::npos) << msg;
    msg = error_of(std::string(kMinimal) + "[supply]\nunknown_hours = 200\n");
    EXPECT_NE(msg.find("hours a week in (0, 168]"), std::string::npos) << msg;
    msg =
        error_of(std::string(kMinimal) + "[[tables]]\nid = \"t\"\npath = \"t.csv\"\ncode = \"c\"\n"
                                         "shares = [{ base = \"a\", columns = [\"a\"] }]\n");
    EXPECT_NE(msg.find("'a' is the base or a column of another group"), std::string::npos) << msg;
    msg =
        error_of(std::string(kMinimal) + "[[tables]]\nid = \"t\"\npath = \"t.csv\"\ncode = \"c\"\n"
                                         "on_duplicate = \"add\"\n");
    EXPECT_NE(msg.find("\"identical\" or \"sum\""), std::string::npos) << msg;
}

TEST(StudyConfig, TheLastLegNeedsACircuityAndBandPeopleAKnownWay) {
    const std::string net = "[network]\npath = \"roads.geojson\"\nspeed_field = \"kmh\"\n";
    const auto low =
        error_of(std::string(kMinimal) + net + "[isochrones]\nlast_leg_circuity = 0.5\n");
    EXPECT_NE(low.find("[isochrones] last_leg_circuity: must be 0 (no last leg) or a ratio"),
              std::string::npos)
        << low;
    const auto way =
        error_of(std::string(kMinimal) + net + "[isochrones]\nband_people = \"grid\"\n");
    EXPECT_NE(way.find("band_people: must be \"points\""), std::string::npos) << way;
    const auto cfg =
        parse_study(std::string(kMinimal) + net +
                        "[isochrones]\nlast_leg_circuity = 1.5\nband_people = \"area\"\n",
                    "/base", "s.toml");
    EXPECT_DOUBLE_EQ(cfg.isochrones.last_leg_circuity, 1.5);
    EXPECT_EQ(cfg.isochrones.band_people, "area");
}

TEST(StudyConfig, MinutesMustBeAnArrayNotANumber) {
    // Once a crash (a non-array read as an array): now a message.
    const auto msg = error_of(std::string(kMinimal) + "[access]\nthresholds_min = 10\n");
    EXPECT_NE(msg.find("[access] thresholds_min: must be an array of minutes"), std::string::npos)
        << msg;
    const auto msg2 = error_of(std::string(kMinimal) + "[isochrones]\nminutes = [10, -5]\n");
    EXPECT_NE(msg2.find("must be an array of minutes above 0"), std::string::npos) << msg2;
}

namespace {
const char *kNetworkLines = R"(
[network]
path = "roads.geojson"
speed_field = "kmh"
)";
const char *kNetworkOsm = R"(
[network]
path = "streets.osm.pbf"
format = "osm"
)";
std::string with_mode(const char *network, const std::string &mode) {
    return std::string(kMinimal) + network + "[[modes]]\nid = \"walk\"\nspeed_kmh = 4.5\n" + mode;
}
} // namespace

TEST(StudyConfigModes, StraightLineModeParsesWithDefaults) {
    const auto cfg = parse_study(with_mode(kNetworkLines, "circuity = 1.5\n"), "/base", "s.toml");
    ASSERT_EQ(cfg.modes.modes.size(), 1u);
    EXPECT_DOUBLE_EQ(cfg.modes.modes[0].circuity, 1.5);
    EXPECT_EQ(cfg.modes.modes[0].thresholds_min, (std::vector<double>{10, 20, 30}));
    EXPECT_DOUBLE_EQ(cfg.modes.modes[0].time_min, 20.0);
}

TEST(StudyConfigModes, ModeWithNoNetworkAndNoCircuityIsRefused) {
    const auto msg = error_of(with_mode(kNetworkLines, ""));
    EXPECT_NE(msg.find("[[modes]] #1 circuity: is needed"), std::string::npos) << msg;
    EXPECT_NE(msg.find("hublo circuity"), std::string::npos) << msg;
}

TEST(StudyConfigModes, ThresholdsThatDoNotIncreaseAreRefused) {
    const auto msg =
        error_of(with_mode(kNetworkLines, "circuity = 1.5\nthresholds_min = [10, 30, 20]\n"));
    EXPECT_NE(msg.find("thresholds_min: must increase"), std::string::npos) << msg;
    const auto equal =
        error_of(with_mode(kNetworkLines, "circuity = 1.5\nthresholds_min = [10, 10]\n"));
    EXPECT_NE(equal.find("thresholds_min: must increase"), std::string::npos) << equal;
}

TEST(StudyConfigModes, ProfileUnknownToTheNetworkIsRefused) {
    const auto msg = error_of(with_mode(kNetworkOsm, "profile = \"tram\"\n"));
    EXPECT_NE(msg.find("'tram' is not a profile of the OSM network"), std::string::npos) << msg;
    // A road-lines network has no footways: a profile cannot be read from it.
    const auto lines = error_of(with_mode(kNetworkLines, "profile = \"walk\"\n"));
    EXPECT_NE(lines.find("needs an OSM [network]"), std::string::npos) << lines;
}

TEST(StudyConfigModes, ProfileOnAnOsmNetworkUsesTheModeSpeedOffRoad) {
    const auto cfg = parse_study(with_mode(kNetworkOsm, "profile = \"walk\"\n"), "/base", "s.toml");
    ASSERT_EQ(cfg.modes.modes.size(), 1u);
    EXPECT_EQ(cfg.modes.modes[0].network.profile, "walk");
    EXPECT_DOUBLE_EQ(cfg.modes.modes[0].network.offroad_speed_kmh, 4.5);
}

TEST(StudyConfigModes, CircuityBelowOneAndDuplicateIdsAreRefused) {
    EXPECT_NE(error_of(with_mode(kNetworkLines, "circuity = 0.8\n"))
                  .find("must be a ratio of distances in [1, 5)"),
              std::string::npos);
    const auto dup = error_of(with_mode(kNetworkLines, "circuity = 1.5\n") +
                              "[[modes]]\nid = \"walk\"\nspeed_kmh = 5\ncircuity = 1.4\n");
    EXPECT_NE(dup.find("'walk' is used twice"), std::string::npos) << dup;
}

TEST(StudyConfigModes, ModesWithoutANetworkAreRefused) {
    const auto msg = error_of(std::string(kMinimal) +
                              "[[modes]]\nid = \"walk\"\nspeed_kmh = 4.5\ncircuity = 1.5\n");
    EXPECT_NE(msg.find("[[modes]] need a [network]"), std::string::npos) << msg;
}

TEST(StudyConfigModes, NoCarTiltMustBePositive) {
    const auto msg =
        error_of(std::string(kMinimal) + "[no_car]\nshare_column = \"c\"\nage_tilt = 0\n");
    EXPECT_NE(msg.find("[no_car] age_tilt: must be above 0"), std::string::npos) << msg;
}

TEST(StudyConfigModes, TheDesertRuleAndTheModesCountTheSamePlaces) {
    // "far" weighs the people with and without a car against places open the same hours.
    const std::string rule =
        "[deserts]\nrule = \"reasons\"\nfar_open_hours = 20\n[no_car]\nshare_column = \"c\"\n";
    const auto msg = error_of(std::string(kMinimal) + kNetworkLines + rule +
                              "open_hours = 10\n[[modes]]\nid = \"walk\"\nspeed_kmh = 4.5\n"
                              "circuity = 1.5\n");
    EXPECT_NE(msg.find("[no_car] open_hours (10) differs from [deserts] far_open_hours (20)"),
              std::string::npos)
        << msg;
    const auto cfg = parse_study(std::string(kMinimal) + kNetworkLines + rule +
                                     "open_hours = 20\n[[modes]]\nid = \"walk\"\n"
                                     "speed_kmh = 4.5\ncircuity = 1.5\n",
                                 "/base", "s.toml");
    EXPECT_TRUE(std::isnan(cfg.deserts.far_at_risk_min)) << "default: at_risk_min";
    const auto negative = error_of(std::string(kMinimal) + kNetworkLines +
                                   "[deserts]\nrule = \"reasons\"\nfar_at_risk_min = -1\n");
    EXPECT_NE(negative.find("far_at_risk_min: must be a number of people >= 0"), std::string::npos)
        << negative;
}

TEST(StudyConfigModes, NoCarModesMustNameModes) {
    const std::string base = std::string(kMinimal) + kNetworkLines;
    const auto msg = error_of(base + "[no_car]\nshare_column = \"c\"\nmodes = [\"tram\"]\n"
                                     "[[modes]]\nid = \"walk\"\nspeed_kmh = 4.5\ncircuity = 1.5\n");
    EXPECT_NE(msg.find("[no_car] modes: 'tram' is not the id of a [[modes]] entry"),
              std::string::npos)
        << msg;
    const auto cfg = parse_study(base + "[no_car]\nshare_column = \"c\"\nmodes = [\"walk\"]\n"
                                        "[[modes]]\nid = \"walk\"\nspeed_kmh = 4.5\n"
                                        "circuity = 1.5\n",
                                 "/base", "s.toml");
    EXPECT_EQ(cfg.modes.no_car.modes, (std::vector<std::string>{"walk"}));
}
