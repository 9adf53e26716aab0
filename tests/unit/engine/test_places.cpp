// The place formats: the national schema, the Aidants Connect export, a generic CSV.
#include "hublo/hublo.hpp"
#include "places/places.hpp"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using hublo::places::load_places;

namespace {
hublo::places::PlaceSource source(const std::string &format, const std::string &file,
                                  const std::string &label = "") {
    hublo::places::PlaceSource s;
    s.id = "t";
    s.format = format;
    s.label = label;
    s.source.path = fs::path(HUBLO_TEST_DATA_DIR) / file;
    s.source.context = "[[places]] t";
    return s;
}
} // namespace

TEST(Places, NationalSchemaExample) {
    const auto load = load_places(source("mednum", "mednum_example.csv"));
    ASSERT_EQ(load.records.size(), 1u);
    const auto &p = load.records[0];
    EXPECT_EQ(p.record_id, "structure-1");
    EXPECT_EQ(p.name, "Anonymal");
    EXPECT_EQ(p.siret, "43493312300029");
    EXPECT_EQ(p.commune_code, "51454");
    ASSERT_TRUE(p.lonlat.has_value());
    EXPECT_DOUBLE_EQ(p.lonlat->x, 5.41423);
    EXPECT_DOUBLE_EQ(p.lonlat->y, 43.52609);
    // "Aidants Connect|Conseillers numériques|La Croix Rouge", canonical and sorted.
    EXPECT_EQ(p.labels, (std::vector<std::string>{"Aidants Connect", "Conseiller numérique",
                                                  "La Croix Rouge"}));
}

TEST(Places, AidantsConnectExport) {
    const auto load =
        load_places(source("aidants_connect", "aidants_connect_sample.csv", "Aidants Connect"));
    EXPECT_EQ(load.inactive, 1u);
    ASSERT_EQ(load.records.size(), 2u);
    EXPECT_EQ(load.records[0].siret, "26370125400015"); // the spreadsheet's ".0" removed
    EXPECT_FALSE(load.records[0].lonlat.has_value());   // placed later by its commune
    EXPECT_DOUBLE_EQ(load.records[0].staff, 3.0);
    EXPECT_EQ(load.records[1].labels,
              (std::vector<std::string>{"Aidants Connect", "France Services"}));
}

TEST(Places, GenericCsvNeedsANameAndAPosition) {
    auto s = source("csv", "places.csv");
    try {
        load_places(s);
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("needs a name column"), std::string::npos);
    }
    s.columns = {{"name", "nom"}};
    try {
        load_places(s);
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("needs coordinates"), std::string::npos);
    }
    s.columns = {{"name", "nom"}, {"lon", "lon"}, {"lat", "latt"}};
    try {
        load_places(s);
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("did you mean 'lat'?"), std::string::npos) << e.what();
    }
}

TEST(Places, CanonicalLabels) {
    EXPECT_EQ(hublo::places::canonical_label("CNFS"), "Conseiller numérique");
    EXPECT_EQ(hublo::places::canonical_label("Conseillers numériques"), "Conseiller numérique");
    EXPECT_EQ(hublo::places::canonical_label(" france services "), "France Services");
    EXPECT_EQ(hublo::places::canonical_label("Label local"), "Label local");
}

// A finding of hublo_fuzz_places (fuzz/): a number too large for a double in a JSON source
// threw nlohmann's out_of_range, which no caller expected; it is a data error naming the file.
TEST(Places, JsonNumberTooLargeIsADataError) {
    hublo::places::PlaceSource cn;
    cn.id = "cn";
    cn.format = "conseiller_numerique_json";
    cn.source.path = "lieux.json";
    cn.source.context = "[[places]] cn";
    try {
        (void)hublo::places::places_from_bytes(R"([{"nom": "A", "latitude": 44444e44444}])", cn);
        FAIL() << "expected an error";
    } catch (const hublo::Error &e) {
        EXPECT_EQ(e.kind(), hublo::ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("lieux.json: unreadable JSON"), std::string::npos)
            << e.what();
    }
}
