// The whole pipeline on tests/data/study.toml: three 0.02-degree squares of communes near
// Chinon, two EPCI, a custom zoning grouping both, a Latin-1 population table and seven
// place rows written to exercise every placement and merge rule.
#include "hublo/hublo.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {
const fs::path kData = HUBLO_TEST_DATA_DIR;

fs::path fresh_dir(const std::string &name) {
    const fs::path dir = fs::temp_directory_path() / ("hublo-test-" + name);
    fs::remove_all(dir);
    return dir;
}

nlohmann::json read_json(const fs::path &p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

const hublo::Issue *find_issue(const hublo::RunSummary &s, const std::string &kind) {
    for (const auto &i : s.issues) {
        if (i.kind == kind) {
            return &i;
        }
    }
    return nullptr;
}
} // namespace

TEST(PipelineFixture, CheckCountsEveryMismatch) {
    auto study = hublo::Study::open(kData / "study.toml");
    const auto s = study.check();
    EXPECT_EQ(s.communes, 3u);
    EXPECT_DOUBLE_EQ(s.population, 3500.0);
    // 7 rows: y1 cannot be placed (code 99999, no coordinates); 6 records remain.
    EXPECT_EQ(s.place_records, 6u);
    // {a1, a2} same name 14 m apart, {b2, c1} same SIRET, b1 alone, x1 alone.
    EXPECT_EQ(s.places, 4u);
    const auto *unknown = find_issue(s, "indicator_code_unknown:rp");
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->count, 1u);
    EXPECT_EQ(unknown->examples.at(0), "37999");
    ASSERT_NE(find_issue(s, "place_unlocated"), nullptr);
    EXPECT_EQ(find_issue(s, "place_unlocated")->count, 1u);
    ASSERT_NE(find_issue(s, "place_outside_communes"), nullptr);
    EXPECT_EQ(find_issue(s, "place_outside_communes")->count, 1u);
    ASSERT_NE(find_issue(s, "place_duplicates_merged"), nullptr);
    EXPECT_EQ(find_issue(s, "place_duplicates_merged")->count, 2u);
    EXPECT_TRUE(s.files.empty()); // check writes nothing
}

TEST(PipelineFixture, RunWritesLayersWithJoinedFiguresAndZoning) {
    const fs::path out = fresh_dir("fixture-run");
    auto study = hublo::Study::open(kData / "study.toml");
    hublo::RunOptions options;
    options.output_dir = out;
    const auto s = study.run(options);
    for (const char *f :
         {"communes.geojson", "communes.geojsons", "communes.csv", "places.geojson", "epci.geojson",
          "hub.geojson", "hub.csv", "fixture.gpkg", "summary.json"}) {
        EXPECT_TRUE(fs::exists(out / f)) << f;
    }
    // No staging folder is left behind.
    for (const auto &e : fs::directory_iterator(out)) {
        EXPECT_EQ(e.path().filename().string().rfind(".hublo-staging", 0), std::string::npos);
    }

    const auto communes = read_json(out / "communes.geojson");
    ASSERT_EQ(communes["features"].size(), 3u);
    const auto &beta = communes["features"][1]["properties"];
    EXPECT_EQ(beta["code"], "37002");
    EXPECT_EQ(beta["name"], "Bêta");
    EXPECT_EQ(beta["epci"], "200000001");
    EXPECT_EQ(beta["hub"], "Z1");
    EXPECT_DOUBLE_EQ(beta["population"].get<double>(), 2000.0);
    EXPECT_DOUBLE_EQ(beta["TX_POV"].get<double>(), 8.0);
    EXPECT_TRUE(communes["features"][2]["properties"]["TX_POV"].is_null()); // empty cell: missing

    const auto hub = read_json(out / "hub.geojson");
    ASSERT_EQ(hub["features"].size(), 1u);
    const auto &z = hub["features"][0]["properties"];
    EXPECT_EQ(z["code"], "Z1");
    EXPECT_EQ(z["name"], "Zone Nord");
    EXPECT_EQ(z["communes"], 3);
    EXPECT_DOUBLE_EQ(z["population"].get<double>(), 3500.0);
    EXPECT_EQ(z["geometry_origin"], "dissolved");
    // Three adjacent squares dissolve into one polygon with a single ring.
    EXPECT_EQ(hub["features"][0]["geometry"]["type"], "Polygon");
    EXPECT_EQ(hub["features"][0]["geometry"]["coordinates"].size(), 1u);

    const auto epci = read_json(out / "epci.geojson");
    ASSERT_EQ(epci["features"].size(), 2u);
    EXPECT_EQ(epci["features"][0]["properties"]["name"], "CC Une");
    EXPECT_DOUBLE_EQ(epci["features"][0]["properties"]["population"].get<double>(), 3000.0);
    EXPECT_EQ(epci["features"][0]["properties"]["places"], 2);

    // A level without commune_field: communes assigned by the containment of their point on
    // surface in the level's polygons, which are kept as its geometry.
    const auto zones = read_json(out / "zones.geojson");
    ASSERT_EQ(zones["features"].size(), 2u);
    EXPECT_EQ(zones["features"][0]["properties"]["name"], "Ouest");
    EXPECT_EQ(zones["features"][0]["properties"]["communes"], 1);
    EXPECT_DOUBLE_EQ(zones["features"][1]["properties"]["population"].get<double>(), 2500.0);
    // Its outline reaches beyond the study's communes: clipped to them ([[levels]] clip).
    EXPECT_EQ(zones["features"][1]["properties"]["geometry_origin"], "layer, clipped to the study");
    EXPECT_EQ(communes["features"][2]["properties"]["zones"], "B");

    const auto places = read_json(out / "places.geojson");
    ASSERT_EQ(places["features"].size(), 4u);
    // Sorted by commune code: the place outside every commune (no code) comes first.
    EXPECT_EQ(places["features"][0]["properties"]["name"], "Hors zone");
    const auto &alpha = places["features"][1]["properties"];
    EXPECT_EQ(alpha["commune"], "37001");
    EXPECT_EQ(alpha["labels"], "Conseiller numérique|France Services");
    EXPECT_EQ(alpha["records"], 2);
    EXPECT_EQ(alpha["siret"], "21370001000010");
    const auto &gamma = places["features"][3]["properties"];
    EXPECT_EQ(gamma["commune"], "37003"); // the member with coordinates gives the position
    EXPECT_EQ(gamma["located"], "coordinates");
    EXPECT_EQ(gamma["sources"], "local:b2|local:c1");

    const auto summary = read_json(out / "summary.json");
    EXPECT_EQ(summary["counts"]["places"], 4);
    EXPECT_EQ(summary["inputs"][0]["role"], "study");
    EXPECT_EQ(summary["inputs"][0]["sha256"].get<std::string>().size(), 64u);
    EXPECT_TRUE(summary.contains("timings_s"));
}

TEST(PipelineFixture, GeoJsonTextSequenceHasOneFeaturePerRecord) {
    const fs::path out = fresh_dir("fixture-seq");
    auto study = hublo::Study::open(kData / "study.toml");
    hublo::RunOptions options;
    options.output_dir = out;
    study.run(options);
    std::ifstream in(out / "communes.geojsons", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\x1e'), 3);
}

TEST(PipelineFixture, PlaceFarFromEveryRoadIsCountedNotDropped) {
    // The hand-drawn roads lie about 7 km south of the three communes; "Hors zone" is 100 km
    // away from them: it cannot serve anybody, and the run says so.
    auto study = hublo::Study::open(
        kData / "study.toml",
        {"network.path=\"roads_l93.geojson\"", "network.class_field=\"road_class\"",
         "network.oneway_field=\"oneway\"",
         "network.speeds_kmh={ national = 80, departmental = 70, metropolitan = 40 }",
         "network.max_snap_m=10000", "network.offroad_speed_kmh=30"});
    const fs::path out = fresh_dir("fixture-network");
    hublo::RunOptions options;
    options.output_dir = out;
    const auto s = study.run(options);
    const auto *off = find_issue(s, "place_off_network");
    ASSERT_NE(off, nullptr);
    EXPECT_EQ(off->count, 1u);
    EXPECT_NE(off->examples.at(0).find("Hors zone"), std::string::npos);
    EXPECT_EQ(find_issue(s, "commune_off_network"), nullptr);
    const auto communes = read_json(out / "communes.geojson");
    for (const auto &f : communes["features"]) {
        // At least the off-road leg: about 6.5 km at 30 km/h, 13 minutes.
        EXPECT_GT(f["properties"]["nearest_place_min"].get<double>(), 12.0);
        EXPECT_LT(f["properties"]["nearest_place_min"].get<double>(), 40.0);
        // About 14 min to the road, 14 min back up to a place: some of the three snapped
        // places are within 30 minutes, the nearest always is.
        const int within = f["properties"]["places_within_30min"];
        EXPECT_GE(within, f["properties"]["nearest_place_min"].get<double>() <= 30.0 ? 1 : 0);
        EXPECT_LE(within, 3);
    }
    const auto summary = read_json(out / "summary.json");
    EXPECT_EQ(summary["network"]["places_on_network"], 3);
    EXPECT_EQ(summary["network"]["nodes"], 3);
}

namespace {
// The fixture study with census age columns joined and a [risk] section using them.
std::string study_with_ages(const std::string &risk_extra) {
    std::ifstream in(kData / "study.toml");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str() + R"(
[[tables]]
id = "ages"
path = "ages_rp.csv"
code = "CODGEO"

[risk]
age_columns = [
  { column = "P21_POP0014", from = 0, to = 15 },
  { column = "P21_POP1529", from = 15, to = 30 },
  { column = "P21_POP3044", from = 30, to = 45 },
  { column = "P21_POP4559", from = 45, to = 60 },
  { column = "P21_POP6074", from = 60, to = 75 },
  { column = "P21_POP75P", from = 75, to = 120 },
]
)" + risk_extra;
}
} // namespace

TEST(PipelineFixture, ExpectedIllectronismFromCensusAgeColumns) {
    auto study = hublo::Study::from_string(study_with_ages(""), kData);
    const fs::path out = fresh_dir("fixture-ages");
    hublo::RunOptions options;
    options.output_dir = out;
    const auto s = study.run(options);
    const auto communes = read_json(out / "communes.geojson");
    const auto &alpha = communes["features"][0]["properties"];
    // By hand: 15-24 100, 25-39 50 + 133.3, 40-59 66.7 + 200, 60-74 150, 75+ 100 people,
    // at 2, 4, 14, 24 and 62 %.
    EXPECT_NEAR(alpha["people_15plus"].get<double>(), 800.0, 1e-9);
    EXPECT_NEAR(alpha["illectronism_expected"].get<double>(),
                100 * 0.02 + (50 + 400.0 / 3) * 0.04 + (200.0 / 3 + 200) * 0.14 + 150 * 0.24 +
                    100 * 0.62,
                1e-9);
    // Bêta has twice Alpha's people in every band.
    EXPECT_NEAR(communes["features"][1]["properties"]["illectronism_expected"].get<double>(),
                2 * alpha["illectronism_expected"].get<double>(), 1e-9);
    EXPECT_TRUE(communes["features"][2]["properties"]["illectronism_expected"].is_null());
    const auto *none = find_issue(s, "commune_without_age_structure");
    ASSERT_NE(none, nullptr);
    EXPECT_EQ(none->count, 1u);
    EXPECT_EQ(none->examples.at(0), "37003");
    const auto epci = read_json(out / "epci.geojson");
    EXPECT_NEAR(epci["features"][0]["properties"]["illectronism_expected"].get<double>(),
                3 * alpha["illectronism_expected"].get<double>(), 1e-9);
}

TEST(PipelineFixture, CalibratedRateIsUsed) {
    // A reference population whose 40-59 rate is 9 %, given back as an overall rate.
    const double overall =
        (1000 * 0.02 + 1500 * 0.04 + 2500 * 0.09 + 1800 * 0.24 + 900 * 0.62) / 7700.0;
    auto study = hublo::Study::from_string(
        study_with_ages("calibrate = { overall_rate = " + std::to_string(overall) +
                        ", unknown = [\"40-59\"], reference = { \"15-24\" = 1000, \"25-39\" = "
                        "1500, \"40-59\" = 2500, \"60-74\" = 1800, \"75+\" = 900 } }\n"),
        kData);
    const fs::path out = fresh_dir("fixture-calibrated");
    hublo::RunOptions options;
    options.output_dir = out;
    study.run(options);
    const auto summary = read_json(out / "summary.json");
    const auto &rates = summary["parameters"]["illectronism_rates"];
    EXPECT_NEAR(rates[2]["rate"].get<double>(), 0.09, 1e-6); // std::to_string keeps 6 digits
    const auto communes = read_json(out / "communes.geojson");
    EXPECT_NEAR(communes["features"][0]["properties"]["illectronism_expected"].get<double>(),
                100 * 0.02 + (50 + 400.0 / 3) * 0.04 + (200.0 / 3 + 200) * 0.09 + 150 * 0.24 +
                    100 * 0.62,
                1e-3);
}

TEST(PipelineFixture, DiplomaAdjustmentAsAnOddsRatio) {
    // Alpha holds the reference share of the group (20 %): its estimate does not move.
    // Bêta holds 50 %: its rate rises, to the value the odds ratio gives.
    const std::string adjustments = R"(
[[risk.adjustments]]
name = "at most CEP"
column = "share_cep"
group_rate = 0.42
overall_rate = 0.154
reference_share = 0.2

[[tables]]
id = "groups"
path = "groups.csv"
code = "CODGEO"
)";
    auto plain = hublo::Study::from_string(study_with_ages(""), kData);
    auto adjusted = hublo::Study::from_string(study_with_ages(adjustments), kData);
    hublo::RunOptions a, b;
    a.output_dir = fresh_dir("fixture-unadjusted");
    b.output_dir = fresh_dir("fixture-adjusted");
    plain.run(a);
    adjusted.run(b);
    const auto before = read_json(a.output_dir / "communes.geojson");
    const auto after = read_json(b.output_dir / "communes.geojson");
    const auto value = [](const nlohmann::json &j, int k) {
        return j["features"][k]["properties"]["illectronism_expected"].get<double>();
    };
    EXPECT_NEAR(value(after, 0), value(before, 0), 1e-9);
    EXPECT_GT(value(after, 1), value(before, 1) * 1.3);
    const double people = after["features"][1]["properties"]["people_15plus"].get<double>();
    const double rate = value(after, 1) / people;
    EXPECT_GT(rate, value(before, 1) / people);
    EXPECT_LT(rate, 0.42);
}

TEST(PipelineFixture, AdjustmentShareAboveOneIsRefused) {
    auto study = hublo::Study::from_string(
        study_with_ages("[[risk.adjustments]]\ncolumn = \"P21_POP0014\"\ngroup_rate = 0.42\n"
                        "overall_rate = 0.154\nreference_share = 0.2\n"),
        kData);
    hublo::RunOptions options;
    options.output_dir = fresh_dir("fixture-bad-share");
    try {
        study.run(options);
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("must be a share in [0, 1] (divide percentages by "
                                             "100)"),
                  std::string::npos)
            << e.what();
    }
}
