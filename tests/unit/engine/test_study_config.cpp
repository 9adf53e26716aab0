#include "hublo/hublo.hpp"
#include "study/config.hpp"

#include <gtest/gtest.h>

using hublo::study::parse_study;

namespace {
const char *kMinimal = R"(
[study]
id = "t"
[communes]
path = "communes.geojson"
code = "code"
)";

std::string error_of(const std::string &toml) {
    try {
        parse_study(toml, "/base", "study.toml");
    } catch (const hublo::Error &e) {
        EXPECT_EQ(e.kind(), hublo::ErrorKind::input);
        return e.what();
    }
    return "(no error)";
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

TEST(StudyConfig, MinutesMustBeAnArrayNotANumber) {
    // Once a crash (a non-array read as an array): now a message.
    const auto msg = error_of(std::string(kMinimal) + "[access]\nthresholds_min = 10\n");
    EXPECT_NE(msg.find("[access] thresholds_min: must be an array of minutes"), std::string::npos)
        << msg;
    const auto msg2 = error_of(std::string(kMinimal) + "[isochrones]\nminutes = [10, -5]\n");
    EXPECT_NE(msg2.find("must be an array of minutes above 0"), std::string::npos) << msg2;
}
