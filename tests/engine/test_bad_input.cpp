// Bad input: one clear error naming the file and the fix, a non-zero kind, and the
// previous outputs untouched.
#include "hublo/hublo.hpp"
#include "io/crs.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {
const fs::path kData = HUBLO_TEST_DATA_DIR;

/// A copy of the fixture study in its own folder, with `edit` applied to the study text.
class BadInput : public testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("hublo-bad-" +
                std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (const auto &e : fs::directory_iterator(kData)) {
            fs::copy(e.path(), dir_ / e.path().filename());
        }
        // A previous, good run whose outputs must survive the failing one.
        hublo::RunOptions options;
        options.output_dir = out();
        hublo::Study::open(dir_ / "study.toml").run(options);
        before_ = snapshot();
    }

    fs::path out() const { return dir_ / "out"; }

    std::map<std::string, std::string> snapshot() const {
        std::map<std::string, std::string> files;
        for (const auto &e : fs::directory_iterator(out())) {
            std::ifstream in(e.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            files[e.path().filename().string()] = ss.str();
        }
        return files;
    }

    void edit_study(const std::string &from, const std::string &to) {
        std::ifstream in(dir_ / "study.toml");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        const auto pos = text.find(from);
        ASSERT_NE(pos, std::string::npos) << from;
        text.replace(pos, from.size(), to);
        std::ofstream(dir_ / "study.toml") << text;
    }

    /// Runs the study, expects an error of `kind` whose one-line message holds every part.
    void expect_error(hublo::ErrorKind kind, const std::vector<std::string> &parts) {
        try {
            hublo::RunOptions options;
            options.output_dir = out();
            hublo::Study::open(dir_ / "study.toml").run(options);
            FAIL() << "expected an error";
        } catch (const hublo::Error &e) {
            const std::string msg = e.what();
            EXPECT_EQ(e.kind(), kind) << msg;
            EXPECT_EQ(msg.find('\n'), std::string::npos) << "not one line: " << msg;
            for (const auto &p : parts) {
                EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
            }
        }
        EXPECT_EQ(snapshot(), before_) << "the previous outputs changed";
    }

    fs::path dir_;
    std::map<std::string, std::string> before_;
};
} // namespace

TEST_F(BadInput, MissingFile) {
    edit_study("path = \"places.csv\"", "path = \"plces.csv\"");
    expect_error(hublo::ErrorKind::input, {"plces.csv: file not found", "check the path"});
}

TEST_F(BadInput, WrongColumnName) {
    edit_study("column = \"P21_POP\"", "column = \"P21_PO\"");
    edit_study("columns = [\"P21_POP\", \"TX_POV\"]", "columns = [\"P21_PO\", \"TX_POV\"]");
    expect_error(hublo::ErrorKind::input,
                 {"population_latin1.csv: no column 'P21_PO'", "did you mean 'P21_POP'?"});
}

TEST_F(BadInput, TableWithDuplicateCodes) {
    std::ofstream(dir_ / "population_latin1.csv", std::ios::app) << "37002;Bis;5;1\n";
    expect_error(hublo::ErrorKind::data, {"population_latin1.csv:6: code 37002 appears again",
                                          "first at line 3", "on_duplicate"});
}

TEST_F(BadInput, LayerWithoutCrs) {
    // A Shapefile without its .prj: GDAL knows no CRS for it.
    GDALAllRegister();
    GDALDriver *shp = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    {
        GDALDataset *ds = shp->Create((dir_ / "nocrs.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        OGRLayer *l = ds->CreateLayer("nocrs", nullptr, wkbPolygon, nullptr);
        OGRFieldDefn f("code", OFTString);
        l->CreateField(&f);
        OGRFeature feat(l->GetLayerDefn());
        feat.SetField("code", "37001");
        OGRGeometry *g = nullptr;
        OGRGeometryFactory::createFromWkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", nullptr, &g);
        feat.SetGeometryDirectly(g);
        ASSERT_EQ(l->CreateFeature(&feat), OGRERR_NONE);
        GDALClose(ds);
    }
    edit_study("path = \"three_communes.geojson\"", "path = \"nocrs.shp\"");
    expect_error(hublo::ErrorKind::data,
                 {"nocrs.shp: the layer has no CRS", "add crs = \"EPSG:....\" to [communes]"});
}

TEST_F(BadInput, EmptyLayer) {
    std::ofstream(dir_ / "empty.geojson") << R"({"type":"FeatureCollection","features":[]})";
    edit_study("path = \"three_communes.geojson\"", "path = \"empty.geojson\"");
    expect_error(hublo::ErrorKind::data, {"empty.geojson: the layer has no feature"});
}

TEST_F(BadInput, WrongFieldInTheCommuneLayer) {
    edit_study("code = \"code\"\nname = \"nom\"", "code = \"DEPCOM\"\nname = \"nom\"");
    expect_error(hublo::ErrorKind::input,
                 {"three_communes.geojson: no field 'DEPCOM' (named by [communes] code)"});
}

TEST_F(BadInput, InvalidAndDegeneratePolygonsAreRepairedAndCounted) {
    // Alpha as a bow tie (self-intersecting), Bêta with a two-point hole: the run goes on,
    // repairs Alpha with GEOS MakeValid, drops the hole, and reports both.
    std::ifstream in(dir_ / "three_communes.geojson");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const std::string alpha =
        "[[0.2, 47.15], [0.22, 47.15], [0.22, 47.17], [0.2, 47.17], [0.2, 47.15]]";
    const std::string bowtie =
        "[[0.2, 47.15], [0.22, 47.17], [0.22, 47.15], [0.2, 47.17], [0.2, 47.15]]";
    ASSERT_NE(text.find(alpha), std::string::npos);
    text.replace(text.find(alpha), alpha.size(), bowtie);
    const std::string beta = "[0.22, 47.15]]]";
    ASSERT_NE(text.find(beta), std::string::npos);
    text.replace(text.find(beta), beta.size(), "[0.22, 47.15]], [[0.23, 47.16], [0.23, 47.16]]]");
    std::ofstream(dir_ / "three_communes.geojson") << text;

    hublo::RunOptions options;
    options.output_dir = out();
    const auto s = hublo::Study::open(dir_ / "study.toml").run(options);
    std::map<std::string, std::size_t> counts;
    for (const auto &i : s.issues) {
        counts[i.kind] = i.count;
    }
    EXPECT_EQ(counts["commune_geometry_repaired"], 1u);
    EXPECT_EQ(counts["commune_degenerate_rings"], 1u);
    EXPECT_EQ(s.communes, 3u);
}

TEST_F(BadInput, RiskIndicatorThatIsNotAJoinedColumn) {
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[risk]\n[[risk.indicators]]\ncolumn = \"TX_PV\"\n";
    expect_error(hublo::ErrorKind::input,
                 {"[[risk.indicators]] column 'TX_PV' is not a column joined to the communes",
                  "did you mean 'TX_POV'?"});
}

TEST_F(BadInput, RiskScoreOutsideOneToTen) {
    // TX_POV holds 12.5 and 8: not scores.
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[risk]\n[[risk.indicators]]\ncolumn = \"TX_POV\"\nscores = true\n";
    expect_error(hublo::ErrorKind::data, {"[risk]: indicator TX_POV: score 12.5", "outside 1-10"});
}

TEST_F(BadInput, RiskWeightsSummingToZero) {
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[risk]\n[[risk.indicators]]\ncolumn = \"TX_POV\"\nweight = 0\n";
    expect_error(hublo::ErrorKind::input, {"the weights sum to zero"});
}

TEST_F(BadInput, RiskIndicatorColumnWithText) {
    // A column of names is no indicator: no commune has a number in it.
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[risk]\n[[risk.indicators]]\ncolumn = \"LIBGEO\"\n";
    edit_study("columns = [\"P21_POP\", \"TX_POV\"]",
               "columns = [\"P21_POP\", \"TX_POV\", \"LIBGEO\"]");
    expect_error(hublo::ErrorKind::data, {"column 'LIBGEO' holds no number for any commune"});
}

TEST_F(BadInput, IllectronismRateOutsideZeroOne) {
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[risk]\nrates = { \"75+\" = 62 }\n[[risk.indicators]]\ncolumn = \"TX_POV\"\n";
    expect_error(hublo::ErrorKind::input,
                 {"[risk] rates 75+: is a share of people in illectronism: a number in [0, 1]"});
}

namespace {
/// The fixture's hand-drawn roads, and a places file with a capacity column.
void add_network_and_capacities(const fs::path &dir, const std::string &b1_capacity) {
    std::ofstream(dir / "study.toml", std::ios::app)
        << "\n[network]\npath = \"roads_l93.geojson\"\nclass_field = \"road_class\"\n"
           "oneway_field = \"oneway\"\n"
           "speeds_kmh = { national = 80, departmental = 70, metropolitan = 40 }\n"
           "max_snap_m = 10000\noffroad_speed_kmh = 30\n";
    std::ifstream in(dir / "places.csv");
    std::string line, text;
    for (int n = 0; std::getline(in, line); ++n) {
        text += line + (n == 0                      ? ",cap\n"
                        : line.rfind("b1,", 0) == 0 ? "," + b1_capacity + "\n"
                                                    : ",1\n");
    }
    std::ofstream(dir / "places.csv") << text;
}
} // namespace

TEST_F(BadInput, PlaceWithZeroCapacity) {
    add_network_and_capacities(dir_, "0");
    edit_study("labels = \"labels\" }", "labels = \"labels\", capacity = \"cap\" }");
    std::ofstream(dir_ / "study.toml", std::ios::app) << "\n[accessibility]\n";
    expect_error(hublo::ErrorKind::data, {"place P00003 (Médiathèque Bêta) has a capacity of 0;",
                                          "give it a capacity above 0"});
}

TEST_F(BadInput, NegativeTimeWeight) {
    add_network_and_capacities(dir_, "1");
    std::ofstream(dir_ / "study.toml", std::ios::app)
        << "\n[accessibility]\nweights = [1.0, -0.5, 0.2]\n";
    expect_error(hublo::ErrorKind::input,
                 {"[accessibility] weights: must be >= 0 (a time weight of -0.5"});
}

TEST_F(BadInput, MoreNewPlacesThanCandidates) {
    add_network_and_capacities(dir_, "1");
    std::ofstream(dir_ / "study.toml", std::ios::app) << "\n[siting]\nk = 5\n";
    // Every one of the three communes has a place: no candidate site at all.
    expect_error(hublo::ErrorKind::input,
                 {"[siting] k = 5 is more than the 0 candidate sites (communes without a place)",
                  "lower k or give more candidates"});
}
