// The study file's subset, inheritance and thresholds settings: [communes] keep, extends,
// [[levels]] clip, [study] minutes and far_min; and which findings are notes.
#include "hublo/hublo.hpp"
#include "study/config.hpp"
#include "study_toml.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using hublo::study::parse_study;

namespace {
namespace fs = std::filesystem;

const char *kMinimal = hublo::test::kMinimalStudy;

std::string error_of(const std::string &toml) {
    return hublo::test::study_error(toml);
}

/// A folder of study files, removed at the end.
class StudyFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("hublo-test-extends-" + std::to_string(::getpid()));
        fs::create_directories(dir_ / "base");
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const fs::path &rel, const std::string &text) { std::ofstream(dir_ / rel) << text; }
    fs::path dir_;
};
} // namespace

TEST(StudySubsets, KeepNamesAFieldAndItsValues) {
    const auto cfg = parse_study(std::string(kMinimal) +
                                     "keep = { field = \"DEP\", values = [\"37\", \"41\"] }\n",
                                 "/base", "study.toml");
    EXPECT_EQ(cfg.communes.keep_field, "DEP");
    EXPECT_EQ(cfg.communes.keep_values, (std::vector<std::string>{"37", "41"}));
    const auto none = parse_study(kMinimal, "/base", "study.toml");
    EXPECT_TRUE(none.communes.keep_field.empty());
}

TEST(StudySubsets, KeepValuesAreTextAndNotEmpty) {
    EXPECT_NE(error_of(std::string(kMinimal) + "keep = { field = \"DEP\", values = [37] }\n")
                  .find("values must be an array of strings"),
              std::string::npos);
    const auto msg = error_of(std::string(kMinimal) + "keep = { field = \"DEP\", values = [] }\n");
    EXPECT_NE(msg.find("values = [\"37\"]"), std::string::npos) << msg;
    EXPECT_NE(error_of(std::string(kMinimal) + "keep = { values = [\"37\"] }\n").find("field"),
              std::string::npos);
}

TEST(StudySubsets, LevelsAreClippedUnlessSaidOtherwise) {
    const std::string level = "[[levels]]\nid = \"epci\"\ncommune_field = \"EPCI\"\npath = "
                              "\"epci.geojson\"\ncode = \"EPCI\"\n";
    EXPECT_TRUE(parse_study(std::string(kMinimal) + level, "/base", "s.toml").levels[0].clip);
    EXPECT_FALSE(parse_study(std::string(kMinimal) + level + "clip = false\n", "/base", "s.toml")
                     .levels[0]
                     .clip);
}

TEST(StudySubsets, StudyMinutesAndFarMinAreEverySectionsDefault) {
    const auto cfg = parse_study(R"(
[study]
id = "t"
minutes = [5, 10, 15]
far_min = 15
[communes]
path = "c.geojson"
code = "code"
[network]
path = "roads.geojson"
speed_field = "kmh"
[access]
[isochrones]
[accessibility]
[deserts]
[siting]
[[modes]]
id = "walk"
speed_kmh = 4.5
circuity = 1.5
)",
                                 "/base", "s.toml");
    const std::vector<double> m = {5, 10, 15};
    EXPECT_EQ(cfg.access.thresholds_min, m);
    EXPECT_DOUBLE_EQ(cfg.access.catchment_min, 15);
    EXPECT_EQ(cfg.isochrones.minutes, m);
    EXPECT_EQ(cfg.accessibility.bands_min, m);
    EXPECT_DOUBLE_EQ(cfg.accessibility.catchment_min, 15);
    EXPECT_DOUBLE_EQ(cfg.deserts.time_min, 15);
    EXPECT_DOUBLE_EQ(cfg.siting.minutes, 15);
    ASSERT_EQ(cfg.modes.modes.size(), 1u);
    EXPECT_EQ(cfg.modes.modes[0].thresholds_min, m);
    EXPECT_DOUBLE_EQ(cfg.modes.modes[0].time_min, 15);
}

TEST(StudySubsets, ASectionsOwnThresholdWins) {
    const auto cfg = parse_study(std::string(R"(
[study]
id = "t"
minutes = [5, 10, 15]
far_min = 15
[communes]
path = "c.geojson"
code = "code"
[network]
path = "roads.geojson"
speed_field = "kmh"
[access]
catchment_min = 45
[deserts]
time_min = 25
)"),
                                 "/base", "s.toml");
    EXPECT_DOUBLE_EQ(cfg.access.catchment_min, 45);
    EXPECT_EQ(cfg.access.thresholds_min, (std::vector<double>{5, 10, 15}));
    EXPECT_DOUBLE_EQ(cfg.deserts.time_min, 25);
}

TEST(StudySubsets, FourBandsWithoutWeightsGiveTheFix) {
    const auto msg = error_of(R"(
[study]
id = "t"
minutes = [10, 20, 30, 40]
[communes]
path = "c.geojson"
code = "code"
[network]
path = "roads.geojson"
speed_field = "kmh"
[accessibility]
)");
    EXPECT_NE(msg.find("from [study] minutes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("write weights = [1, 0.73, 0.47, 0.2]"), std::string::npos) << msg;
}

TEST_F(StudyFiles, ExtendsLaysTheStudyOverItsBase) {
    write("base/study.toml", R"(
[study]
id = "base"
name = "Base"
[communes]
path = "communes.geojson"
code = "DEPCOM"
name = "NOM"
[[places]]
id = "a"
format = "mednum"
path = "a.csv"
[[places]]
id = "b"
format = "mednum"
path = "b.csv"
[outputs]
decimals = 5
)");
    write("mine.toml", R"(extends = "base/study.toml"
[study]
id = "mine"
[communes]
keep = { field = "DEP", values = ["37"] }
[[places]]
id = "c"
format = "mednum"
path = "c.csv"
)");
    const auto cfg = hublo::study::load_study(dir_ / "mine.toml", {});
    EXPECT_EQ(cfg.id, "mine");
    EXPECT_EQ(cfg.name, "Base"); // tables merged key by key
    EXPECT_EQ(cfg.communes.code, "DEPCOM");
    EXPECT_EQ(cfg.communes.keep_field, "DEP");
    // The base's paths resolve against its own folder, the study's against its own.
    EXPECT_EQ(cfg.communes.source.path, dir_ / "base" / "communes.geojson");
    ASSERT_EQ(cfg.places.size(), 1u); // arrays of tables replaced whole
    EXPECT_EQ(cfg.places[0].id, "c");
    EXPECT_EQ(cfg.places[0].source.path, dir_ / "c.csv");
    EXPECT_EQ(cfg.outputs.decimals, 5);
    // The checksum covers both files' texts; the study's own text stays as written.
    EXPECT_NE(cfg.checksum_text.find("# extends study.toml"), std::string::npos);
    EXPECT_NE(cfg.checksum_text.find("name = \"Base\""), std::string::npos);
    EXPECT_EQ(cfg.text.find("name = \"Base\""), std::string::npos);
}

TEST_F(StudyFiles, ExtendsAMissingFileOrACycleIsAnError) {
    write("a.toml", "extends = \"b.toml\"\n");
    write("b.toml", "extends = \"a.toml\"\n");
    write("c.toml", "extends = \"nowhere.toml\"\n");
    try {
        (void)hublo::study::load_study(dir_ / "a.toml", {});
        ADD_FAILURE() << "a cycle was accepted";
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("more than 8 studies extend one another"),
                  std::string::npos)
            << e.what();
    }
    try {
        (void)hublo::study::load_study(dir_ / "c.toml", {});
        ADD_FAILURE() << "a missing base was accepted";
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("c.toml:1: extends"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nowhere.toml"), std::string::npos) << e.what();
    }
}

TEST(StudySubsets, NotesAreTheExpectedFindings) {
    EXPECT_TRUE(hublo::issue_is_note("indicator_rows_outside_study:census"));
    EXPECT_TRUE(hublo::issue_is_note("place_outside_study"));
    EXPECT_TRUE(hublo::issue_is_note("grid_cell_outside_communes:grid.csv"));
    EXPECT_FALSE(hublo::issue_is_note("indicator_code_unknown:ifn"));
    EXPECT_FALSE(hublo::issue_is_note("missing_from_zoning:secteurs"));
    EXPECT_FALSE(hublo::issue_is_note("place_code_differs"));
    EXPECT_FALSE(hublo::issue_is_note("place_outside_study_extra")); // whole names only
}

TEST(StudyScenarios, CloseAndOpenBecomeEditsSettings) {
    const auto cfg = parse_study(std::string(hublo::test::kMinimalStudy) + R"(
[[scenarios]]
id = "close-two"
label = "Two places closed"
close = ["france_services:1", "aidants_connect:2"]
[[scenarios]]
id = "bus"
open = "bus.csv"
set = ["study.far_min=15"]
)",
                                 "/base", "study.toml");
    ASSERT_EQ(cfg.scenarios.size(), 2u);
    EXPECT_EQ(cfg.scenarios[0].label, "Two places closed");
    EXPECT_EQ(
        cfg.scenarios[0].settings,
        std::vector<std::string>{"edits.close=[\"france_services:1\", \"aidants_connect:2\"]"});
    EXPECT_EQ(cfg.scenarios[1].label, "bus"); // the id when no label
    EXPECT_EQ(cfg.scenarios[1].settings,
              (std::vector<std::string>{"study.far_min=15", "edits.open=\"bus.csv\""}));
    // The edits themselves: a closed record list, and one more places source.
    const auto edited = parse_study(std::string(hublo::test::kMinimalStudy), "/base", "study.toml",
                                    cfg.scenarios[1].settings);
    ASSERT_EQ(edited.places.size(), 1u);
    EXPECT_EQ(edited.places[0].id, "opened");
    EXPECT_EQ(edited.places[0].source.path, std::filesystem::path("/base/bus.csv"));
    EXPECT_EQ(edited.far_min, 15.0);
}

TEST(StudyScenarios, IdsAreNamesAndUnique) {
    EXPECT_NE(hublo::test::study_error(std::string(hublo::test::kMinimalStudy) +
                                       "[[scenarios]]\nid = \"a b\"\n")
                  .find("letters, digits, '-' and '_'"),
              std::string::npos);
    EXPECT_NE(hublo::test::study_error(std::string(hublo::test::kMinimalStudy) +
                                       "[[scenarios]]\nid = \"a\"\n[[scenarios]]\nid = \"a\"\n")
                  .find("'a' names two scenarios"),
              std::string::npos);
    EXPECT_NE(hublo::test::study_error(std::string(hublo::test::kMinimalStudy) +
                                       "[[scenarios]]\nid = \"a\"\nclosed = [\"x:1\"]\n")
                  .find("did you mean 'close'"),
              std::string::npos);
}
