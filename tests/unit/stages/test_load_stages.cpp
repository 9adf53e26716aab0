// The first stages on small inputs: load communes, load tables, align levels, population.
#include "fixtures.hpp"
#include "stages/align_levels.hpp"
#include "stages/load_communes.hpp"
#include "stages/load_tables.hpp"
#include "stages/population.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace hublo;
using hublo::test::issue;
using hublo::test::temp_file;

namespace {

std::string feature(const std::string &code, const std::string &ring, const std::string &epci) {
    return R"({"type": "Feature", "properties": {"code": ")" + code + R"(", "nom": "C)" + code +
           R"(", "epci": ")" + epci + R"(", "pop": "100"}, "geometry": {"type": "Polygon", )" +
           R"("coordinates": [)" + ring + "]}}";
}

std::string collection(const std::vector<std::string> &features) {
    std::string s = R"({"type": "FeatureCollection", "features": [)";
    for (std::size_t i = 0; i < features.size(); ++i) {
        s += (i ? ", " : "") + features[i];
    }
    return s + "]}";
}

const std::string kSquare =
    "[[0.2, 47.15], [0.22, 47.15], [0.22, 47.17], [0.2, 47.17], [0.2, 47.15]]";
// Two triangles touching at a point, drawn as one ring: invalid (self-intersection).
const std::string kBowtie =
    "[[0.22, 47.15], [0.24, 47.17], [0.24, 47.15], [0.22, 47.17], [0.22, 47.15]]";

stages::CommunesSettings communes_settings(const std::filesystem::path &path) {
    stages::CommunesSettings s;
    s.source.path = path;
    s.source.context = "[communes]";
    s.code = "code";
    s.name = "nom";
    return s;
}

} // namespace

TEST(LoadCommunesStage, RepairsAnInvalidPolygonAndCountsIt) {
    const auto path =
        temp_file("bowtie.geojson",
                  collection({feature("37001", kSquare, "E1"), feature("37002", kBowtie, "E1")}));
    auto ctx = test::lambert93_context();
    const auto r = stages::run_load_communes(communes_settings(path), ctx);
    ASSERT_EQ(r.communes.size(), 2u);
    EXPECT_EQ(r.communes.codes[1], "37002");
    const auto *repaired = issue(ctx.log, "commune_geometry_repaired");
    ASSERT_NE(repaired, nullptr);
    EXPECT_EQ(repaired->count, 1u);
    // The attributes stay, one row per commune, for the stages that read them.
    ASSERT_EQ(r.attributes.size(), 2u);
    EXPECT_TRUE(r.attributes.polygons.empty()); // moved into the communes
    // The square's area in Lambert-93: 0.02 degrees of longitude and latitude at 47.16 N is
    // about 1.52 km x 2.22 km = 3.38 km2 (within 2 %).
    EXPECT_NEAR(algorithms::geometry::area(r.communes.geoms[0]) / 1e6, 3.38, 0.07);
}

TEST(LoadCommunesStage, RefusesAnInvalidPolygonWhenToldTo) {
    const auto path =
        temp_file("bowtie_error.geojson", collection({feature("37002", kBowtie, "E")}));
    auto settings = communes_settings(path);
    settings.repair = false;
    auto ctx = test::lambert93_context();
    try {
        (void)stages::run_load_communes(settings, ctx);
        FAIL() << "an invalid polygon was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("invalid = \"repair\""), std::string::npos)
            << e.what();
    }
}

TEST(LoadCommunesStage, RefusesADuplicateCode) {
    const auto path =
        temp_file("duplicate.geojson",
                  collection({feature("37001", kSquare, "E"), feature("37001", kSquare, "E")}));
    auto ctx = test::lambert93_context();
    try {
        (void)stages::run_load_communes(communes_settings(path), ctx);
        FAIL() << "a duplicate code was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("37001 appears twice"), std::string::npos);
    }
}

TEST(LoadTablesStage, KeepsTheFirstOfDuplicateRowsAndCountsMalformedCells) {
    stages::TableSettings t;
    t.id = "t";
    t.source.path = temp_file("table.csv", "code;x;y\n37001;1,5;2\n37002;abc;3\n37001;9;9\n");
    t.source.context = "[[tables]] t";
    t.code = "code";
    t.on_duplicate = stages::OnDuplicate::first;
    auto ctx = test::lambert93_context();
    const auto d = stages::load_table(t, ctx);
    ASSERT_EQ(d.codes, (std::vector<std::string>{"37001", "37002"}));
    ASSERT_EQ(d.columns, (std::vector<std::string>{"x", "y"}));
    EXPECT_DOUBLE_EQ(d.values[0][0], 1.5); // decimal comma, since the separator is ';'
    EXPECT_TRUE(std::isnan(d.values[0][1]));
    EXPECT_DOUBLE_EQ(d.values[1][1], 3.0);
    ASSERT_NE(issue(ctx.log, "indicator_duplicate_rows"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_duplicate_rows")->count, 1u);
    ASSERT_NE(issue(ctx.log, "indicator_value_malformed"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_value_malformed")->count, 1u);
    EXPECT_NE(issue(ctx.log, "indicator_value_malformed")->examples.front().find(":3 x='abc'"),
              std::string::npos);

    t.on_duplicate = stages::OnDuplicate::error;
    EXPECT_THROW((void)stages::load_table(t, ctx), Error);
}

TEST(LoadTablesStage, SumsSubCommuneRowsWithSharesWeightedByTheirBase) {
    // Commune 37001 in two IRIS (100 and 300 people), 37002 in one whose age shares round to
    // 98 %; the poverty rate is secret (empty) in one IRIS of 37001.
    stages::TableSettings t;
    t.id = "census";
    t.source.path = temp_file("iris.csv", "iris,COM,pop,young,old,poor\n"
                                          "370010101,37001,100,40,60,10\n"
                                          "370010102,37001,300,20,80,\n"
                                          "370020000,37002,50,49,49,30\n");
    t.source.context = "[[tables]] census";
    t.code = "COM";
    t.columns = {"pop"};
    t.on_duplicate = stages::OnDuplicate::sum;
    t.shares = {{"pop", {"young", "old"}, true, true, true}, {"pop", {"poor"}, true, false, false}};
    auto ctx = test::lambert93_context();
    const auto d = stages::load_table(t, ctx);
    ASSERT_EQ(d.codes, (std::vector<std::string>{"37001", "37002"}));
    ASSERT_EQ(d.source_columns, (std::vector<std::string>{"pop", "young", "old", "poor"}));
    EXPECT_DOUBLE_EQ(d.values[0][0], 400.0);                 // counts summed
    EXPECT_DOUBLE_EQ(d.values[1][0], 0.4 * 100 + 0.2 * 300); // 100 young people
    EXPECT_DOUBLE_EQ(d.values[2][0], 0.6 * 100 + 0.8 * 300);
    EXPECT_DOUBLE_EQ(d.values[1][1], 25.0); // 49 / 98 of 50: the row rescaled to 100 %
    EXPECT_DOUBLE_EQ(d.values[1][1] + d.values[2][1], d.values[0][1]);
    EXPECT_DOUBLE_EQ(d.values[3][0], 0.10); // the share of the IRIS that has it, as a fraction
    EXPECT_DOUBLE_EQ(d.values[3][1], 0.30);
    ASSERT_NE(issue(ctx.log, "indicator_shares_rescaled"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_shares_rescaled")->count, 1u);

    // Without "sum", the second IRIS of 37001 is a duplicate.
    t.on_duplicate = stages::OnDuplicate::error;
    try {
        (void)stages::load_table(t, ctx);
        FAIL() << "a duplicate code was accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("\"sum\""), std::string::npos) << e.what();
    }
}

TEST(LoadTablesStage, ASummedCountMissingInOneRowLeavesTheCodeWithoutIt) {
    stages::TableSettings t;
    t.id = "t";
    t.source.path = temp_file("partial.csv", "iris,COM,pop\n1,37001,100\n2,37001,\n3,37002,7\n");
    t.source.context = "[[tables]] t";
    t.code = "COM";
    t.columns = {"pop"};
    t.on_duplicate = stages::OnDuplicate::sum;
    auto ctx = test::lambert93_context();
    const auto d = stages::load_table(t, ctx);
    EXPECT_TRUE(std::isnan(d.values[0][0]));
    EXPECT_DOUBLE_EQ(d.values[0][1], 7.0);
    ASSERT_NE(issue(ctx.log, "indicator_sum_incomplete"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_sum_incomplete")->examples.front(), "37001 pop");
}

TEST(AlignLevelsStage, PutsBackALostLeadingZeroAndMapsLevelsByTable) {
    // Communes 01001 and 01002 (Ain: codes with a leading zero), a table whose codes lost it.
    stages::CommunesResult communes;
    communes.communes.id = "communes";
    auto row = test::row_of_communes(2);
    for (std::size_t i = 0; i < 2; ++i) {
        communes.communes.add("0100" + std::to_string(i + 1), row.names[i]);
        communes.communes.geoms.push_back(row.geoms[i]);
    }
    stages::TableSettings t;
    t.id = "rp";
    t.source.context = "[[tables]] rp";
    std::vector<stages::TableData> data(1);
    data[0].codes = {"1001", "1002", "99999"};
    data[0].columns = {"rp_x"};
    data[0].source_columns = {"x"};
    data[0].values = {{10.0, 20.0, 30.0}};

    stages::LevelSettings zone;
    zone.id = "zone";
    zone.label = "Zones";
    zone.mapping.emplace();
    zone.mapping->table.path =
        temp_file("zoning.csv", "commune,zone,nom\n01002,Z2,Deux\n01001,Z1,Un\n");
    zone.mapping->table.context = "[[levels]] zone mapping";
    zone.mapping->from_code = "commune";
    zone.mapping->code = "zone";
    zone.mapping->name = "nom";
    const std::vector<stages::LevelSettings> levels = {zone};
    const std::vector<stages::TableSettings> tables = {t};
    const stages::CommunesSettings communes_settings;
    auto ctx = test::lambert93_context();
    const auto r =
        stages::run_align_levels({levels, tables, &communes_settings}, {communes, data}, ctx);
    ASSERT_EQ(r.commune_indicators.size(), 1u);
    EXPECT_EQ(r.commune_indicators[0].first, "rp_x");
    EXPECT_EQ(r.commune_indicators[0].second, (std::vector<double>{10.0, 20.0}));
    const auto *zero = issue(ctx.log, "indicator_code_lost_leading_zero:rp");
    ASSERT_NE(zero, nullptr);
    EXPECT_EQ(zero->count, 2u);
    EXPECT_EQ(zero->examples.front(), "1001 -> 01001");
    ASSERT_NE(issue(ctx.log, "indicator_code_unknown:rp"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_code_unknown:rp")->examples.front(), "99999");
    // The zones, sorted by code whatever the table's order; each commune in its own.
    ASSERT_EQ(r.levels.size(), 1u);
    EXPECT_EQ(r.levels[0].codes, (std::vector<std::string>{"Z1", "Z2"}));
    EXPECT_EQ(r.levels[0].names, (std::vector<std::string>{"Un", "Deux"}));
    EXPECT_EQ(r.memberships[0].area_of_commune, (std::vector<std::ptrdiff_t>{0, 1}));
    EXPECT_EQ(r.levels[0].geometry_origin[0], "dissolved");
    EXPECT_NEAR(algorithms::geometry::area(r.levels[0].geoms[0]), 1e6, 1e-3);
}

TEST(PopulationStage, ReadsALayerFieldAndTurnsAbsurdValuesIntoUnknown) {
    stages::CommunesResult communes;
    communes.communes = test::row_of_communes(3);
    communes.attributes.fields = {"pop"};
    communes.attributes.values = {{"120"}, {"-5"}, {"2.5e8"}};
    stages::PopulationSettings settings;
    settings.column = "pop";
    const std::vector<stages::TableData> no_tables;
    auto ctx = test::lambert93_context();
    const auto r = stages::run_population(settings, {communes, {}, no_tables}, ctx);
    ASSERT_EQ(r.population.size(), 3u);
    EXPECT_DOUBLE_EQ(r.population[0], 120.0);
    EXPECT_TRUE(std::isnan(r.population[1]));
    EXPECT_DOUBLE_EQ(r.total, 120.0);
    ASSERT_NE(issue(ctx.log, "commune_population_invalid"), nullptr);
    EXPECT_EQ(issue(ctx.log, "commune_population_invalid")->examples.front(), "37002 (-5)");
    EXPECT_TRUE(std::isnan(r.population[2])); // above 10 million
    EXPECT_EQ(issue(ctx.log, "commune_population_invalid")->count, 2u);
    EXPECT_EQ(issue(ctx.log, "commune_without_population")->count, 2u);
}

TEST(LoadTablesStage, ALookupGivesEachRowItsCommuneAndWeightAndCountsTheUnmatched) {
    // Shares of households without a car by IRIS; the census gives each IRIS its commune and
    // households. IRIS 370019999 merged away: not in the census, dropped and counted.
    stages::TableSettings t;
    t.id = "cars";
    t.source.path = temp_file("cars.csv", "IRIS;perc_voit\n370010101;10\n370010102;30\n"
                                          "370020000;50\n370019999;99\n");
    t.source.context = "[[tables]] cars";
    t.code = "COM";
    t.columns = {"perc_voit"};
    t.on_duplicate = stages::OnDuplicate::sum;
    t.shares = {{"men", {"perc_voit"}, true, false, false}};
    stages::TableLookup lookup;
    lookup.source.path = temp_file("census_iris.csv", "code,COM,men\n370010101,37001,100\n"
                                                      "370010102,37001,300\n370020000,37002,40\n");
    lookup.source.context = "[[tables]] cars lookup";
    lookup.key = "code";
    lookup.on = "IRIS";
    lookup.columns = {"COM", "men"};
    t.lookup = lookup;
    auto ctx = test::lambert93_context();
    const auto d = stages::load_table(t, ctx);
    ASSERT_EQ(d.codes, (std::vector<std::string>{"37001", "37002"}));
    const auto col = static_cast<std::size_t>(
        std::find(d.source_columns.begin(), d.source_columns.end(), "perc_voit") -
        d.source_columns.begin());
    ASSERT_LT(col, d.source_columns.size());
    // Household-weighted: (0.10 x 100 + 0.30 x 300) / 400 = 0.25, not the plain mean 0.20.
    EXPECT_NEAR(d.values[col][0], 0.25, 1e-12);
    EXPECT_NEAR(d.values[col][1], 0.50, 1e-12);
    ASSERT_NE(issue(ctx.log, "indicator_lookup_unmatched"), nullptr);
    EXPECT_EQ(issue(ctx.log, "indicator_lookup_unmatched")->count, 1u);

    // A key twice in the lookup would give a row two communes: refused, naming the key.
    t.lookup->source.path = temp_file("census_dup.csv", "code,COM,men\n370010101,37001,100\n"
                                                        "370010101,37002,5\n");
    try {
        (void)stages::load_table(t, ctx);
        FAIL() << "a duplicate lookup key was accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("370010101"), std::string::npos) << e.what();
    }
}
