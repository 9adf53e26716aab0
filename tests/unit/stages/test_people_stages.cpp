// Risk, illectronism and places on small inputs.
#include "fixtures.hpp"
#include "stages/illectronism.hpp"
#include "stages/mobile_services.hpp"
#include "stages/places.hpp"
#include "stages/risk.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace hublo;
using hublo::test::issue;
using hublo::test::temp_file;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Four communes whose people 15+ are given by survey band (the columns of RP tables).
model::AreaSet communes_with_ages() {
    auto a = test::row_of_communes(4);
    // 15-24, 25-39, 40-59, 60-74, 75+: 100 people in the first three, none known in the last.
    const std::vector<std::vector<double>> people = {{10, 20, 30, 20, 20},
                                                     {10, 20, 30, 20, 20},
                                                     {0, 0, 0, 0, 100},
                                                     {kNaN, kNaN, kNaN, kNaN, kNaN}};
    const char *names[] = {"p15_24", "p25_39", "p40_59", "p60_74", "p75p"};
    for (std::size_t b = 0; b < 5; ++b) {
        std::vector<double> column;
        for (const auto &row : people) {
            column.push_back(row[b]);
        }
        a.indicators.emplace_back(names[b], column);
    }
    return a;
}

stages::RiskSettings age_columns() {
    stages::RiskSettings s;
    s.enabled = true;
    s.age_columns = {{"p15_24", 15, 25},
                     {"p25_39", 25, 40},
                     {"p40_59", 40, 60},
                     {"p60_74", 60, 75},
                     {"p75p", 75, 120}};
    return s;
}
} // namespace

TEST(RiskStage, CountsCommunesLackingAnIndicatorAndNamesAMisspeltColumn) {
    auto communes = test::row_of_communes(4);
    communes.indicators.emplace_back("x", std::vector<double>{1, 2, 3, kNaN});
    communes.indicators.emplace_back("y", std::vector<double>{4, 3, 2, 1});
    const std::vector<double> population = {100, 100, 100, 100};
    stages::RiskSettings s;
    s.enabled = true;
    s.indicators = {{"x", 1.0, false}, {"y", 1.0, false}};
    auto ctx = test::lambert93_context();
    const auto r = stages::run_risk(s, {communes, population}, ctx);
    ASSERT_EQ(r.index.size(), 4u);
    EXPECT_EQ(r.missing, (std::vector<std::uint32_t>{0, 0, 0, 1}));
    ASSERT_NE(issue(ctx.log, "risk_indicator_missing"), nullptr);
    EXPECT_EQ(issue(ctx.log, "risk_indicator_missing")->examples,
              std::vector<std::string>{"37004 (1)"});
    // Re-weighted over the indicator it has: commune 4 keeps an index.
    EXPECT_TRUE(std::isfinite(r.index[3]));

    s.indicators = {{"xx", 1.0, false}};
    try {
        (void)stages::run_risk(s, {communes, population}, ctx);
        FAIL() << "an unknown column was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.kind(), ErrorKind::input);
        EXPECT_NE(std::string(e.what()).find("did you mean 'x'"), std::string::npos) << e.what();
    }
}

TEST(IllectronismStage, AppliesInseesRatesByAgeToCensusColumns) {
    // Insee Première n°1953 (2021): 2 % of 15-24, 4 % of 25-39, 24 % of 60-74, 62 % of 75+;
    // hublo's assumption for 40-59 (unpublished): 14 %. For 10, 20, 30, 20, 20 people:
    // 0.2 + 0.8 + 4.2 + 4.8 + 12.4 = 22.4 expected people in illectronism.
    const auto communes = communes_with_ages();
    auto ctx = test::lambert93_context();
    const auto r = stages::run_illectronism(age_columns(), {communes, std::nullopt}, ctx);
    const auto &e = r.expected;
    EXPECT_NEAR(e.people_15plus[0], 100.0, 1e-9);
    EXPECT_NEAR(e.expected[0], 22.4, 1e-9);
    EXPECT_NEAR(e.expected[2], 62.0, 1e-9); // 100 people aged 75+
    EXPECT_LE(e.low[0], e.expected[0]);
    EXPECT_GE(e.high[0], e.expected[0]);
    EXPECT_TRUE(std::isnan(e.expected[3]));
    ASSERT_NE(issue(ctx.log, "commune_without_age_structure"), nullptr);
    EXPECT_EQ(issue(ctx.log, "commune_without_age_structure")->examples,
              std::vector<std::string>{"37004"});
    ASSERT_EQ(r.rates.size(), 5u);
    EXPECT_EQ(r.rates[4].band.name, "75+");
    EXPECT_DOUBLE_EQ(r.rates[4].rate, 0.62);
}

TEST(IllectronismStage, StudyRatesReplaceInseesAndSaySo) {
    const auto communes = communes_with_ages();
    auto settings = age_columns();
    for (const char *band : {"15-24", "25-39", "40-59", "60-74", "75+"}) {
        settings.rates.emplace_back(band, 0.10);
    }
    auto ctx = test::lambert93_context();
    const auto r = stages::run_illectronism(settings, {communes, std::nullopt}, ctx);
    EXPECT_NEAR(r.expected.expected[0], 10.0, 1e-9); // 10 % of 100 people aged 15+
    EXPECT_EQ(r.rates[0].source, "study file ([risk] rates)");
}

TEST(IllectronismStage, CalibratedBandGetsTheRangeTheOtherBandsAllow) {
    // A reference of 100 people per band and an overall rate of 20 %: 100 = 2 + 4 + x + 24 +
    // 62, so 40-59 is 8 %. With the other rates at their high values (3, 5, 26, 67: 101) no
    // rate reaches 100 people (clamped to 0); at their low ones (1.5, 3, 22, 60: 86.5), 13.5 %.
    const auto communes = communes_with_ages();
    auto settings = age_columns();
    stages::RiskSettings::Calibration cal;
    cal.overall_rate = 0.20;
    cal.unknown = {"40-59"};
    for (const char *band : {"15-24", "25-39", "40-59", "60-74", "75+"}) {
        cal.reference.emplace_back(band, 100.0);
    }
    settings.calibrate = cal;
    auto ctx = test::lambert93_context();
    const auto r = stages::run_illectronism(settings, {communes, std::nullopt}, ctx);
    EXPECT_NEAR(r.rates[2].rate, 0.08, 1e-12);
    EXPECT_DOUBLE_EQ(r.rates[2].low, 0.0);
    EXPECT_NEAR(r.rates[2].high, 0.135, 1e-12);
    EXPECT_NE(r.rates[2].source.find("calibrated"), std::string::npos);
}

TEST(IllectronismStage, EachCommuneSaysWhereItsAgeStructureCameFrom) {
    // (The grid against the columns is checked on the real data by
    // python.illectronism_recomputed.)
    const auto communes = communes_with_ages();
    auto settings = age_columns();
    auto ctx = test::lambert93_context();
    settings.prefer_grid = false;
    const auto r = stages::run_illectronism(settings, {communes, std::nullopt}, ctx);
    EXPECT_EQ(r.source[0], stages::AgeSource::columns);
    EXPECT_EQ(r.source[3], stages::AgeSource::none);
    EXPECT_FALSE(r.agreement.has_value()); // no grid
}

TEST(PlacesStage, MergesTheSamePlaceListedTwiceAndNumbersPlacesByCommune) {
    const auto communes = test::row_of_communes(3);
    // Places at the centres of communes 1 and 3, and the first again 14 m east.
    const io::Transformer to_wgs84(io::Crs::from_user("EPSG:2154", "t"),
                                   io::Crs::from_user("EPSG:4326", "t"));
    auto lonlat = [&](double x, double y) {
        const auto p = to_wgs84.apply(algorithms::geometry::XY{x, y});
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.7f,%.7f", p.x, p.y);
        return std::string(buf);
    };
    const std::string csv = "id,nom,lon,lat,labels,capacite\n"
                            "b1,Médiathèque," +
                            lonlat(502500, 6700000) + ",EPN,1\n" + "a1,Mairie," +
                            lonlat(500500, 6700000) + ",France Services,1\n" + "a2,Mairie," +
                            lonlat(500514, 6700000) + ",Aidants Connect,3\n";
    places::PlaceSource source;
    source.id = "local";
    source.format = "csv";
    source.source.path = temp_file("places.csv", csv);
    source.source.context = "[[places]] local";
    source.columns = {{"id", "id"},   {"name", "nom"},      {"lon", "lon"},
                      {"lat", "lat"}, {"labels", "labels"}, {"capacity", "capacite"}};
    const std::vector<places::PlaceSource> sources = {source};
    auto ctx = test::lambert93_context();
    const auto r = stages::run_places({sources, 100.0, 1000.0}, {communes}, ctx);
    EXPECT_EQ(r.records, 3u);
    ASSERT_EQ(r.places.size(), 2u);
    EXPECT_EQ(r.places[0].id, "P00001");
    EXPECT_EQ(r.places[0].commune_code, "37001");
    EXPECT_EQ(r.places[0].sources, (std::vector<std::string>{"local:a1", "local:a2"}));
    EXPECT_EQ(r.places[0].labels, (std::vector<std::string>{"Aidants Connect", "France Services"}));
    EXPECT_DOUBLE_EQ(r.places[0].capacity, 3.0); // the same place twice: its largest, not 4
    EXPECT_EQ(r.places[1].commune_code, "37003");
    EXPECT_EQ(r.places_in_commune, (std::vector<std::int64_t>{1, 0, 1}));
    ASSERT_NE(issue(ctx.log, "place_duplicates_merged"), nullptr);
    EXPECT_EQ(issue(ctx.log, "place_duplicates_merged")->examples,
              std::vector<std::string>{"Mairie (2 records)"});
}

TEST(PlacesStage, HelpHoursAreOpenHoursTimesStaffWithStandInsNamed) {
    // Three places: 24 h a week with 2 agents, 10 h with 1, and one without hours, which
    // gets the median of the two read (17 h) and says so.
    const auto communes = test::row_of_communes(3);
    const io::Transformer to_wgs84(io::Crs::from_user("EPSG:2154", "t"),
                                   io::Crs::from_user("EPSG:4326", "t"));
    auto lonlat = [&](double x) {
        const auto p = to_wgs84.apply(algorithms::geometry::XY{x, 6700000});
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.7f,%.7f", p.x, p.y);
        return std::string(buf);
    };
    const std::string csv = "nom,lon,lat,agents,horaires\n"
                            "A," +
                            lonlat(500500) + ",2,\"Mo-Th 09:00-12:00,14:00-17:00\"\n" + "B," +
                            lonlat(502500) + ",,Tu 08:00-13:00; Sa 08:00-13:00\n" + "C," +
                            lonlat(501500) + ",3,\n";
    places::PlaceSource source;
    source.id = "local";
    source.format = "csv";
    source.source.path = temp_file("hours.csv", csv);
    source.source.context = "[[places]] local";
    source.columns = {{"name", "nom"},
                      {"lon", "lon"},
                      {"lat", "lat"},
                      {"staff", "agents"},
                      {"hours", "horaires"}};
    const std::vector<places::PlaceSource> sources = {source};
    auto ctx = test::lambert93_context();
    stages::SupplySettings supply;
    supply.help_hours = true;
    const auto r = stages::run_places({sources, 100.0, 1000.0, supply}, {communes}, ctx);
    ASSERT_EQ(r.places.size(), 3u);
    EXPECT_DOUBLE_EQ(r.places[0].hours_per_week, 24.0);
    EXPECT_DOUBLE_EQ(r.places[0].capacity, 48.0);
    EXPECT_DOUBLE_EQ(r.places[2].capacity, 10.0); // B: staff 1 when the cell is empty
    EXPECT_TRUE(r.places[2].hours->opens_saturday());
    EXPECT_EQ(r.places[1].hours_source, "median of the places read"); // C, in 37002
    EXPECT_DOUBLE_EQ(r.places[1].capacity, 17.0 * 3);
    EXPECT_EQ(r.supply.hours_read, 2u);
    EXPECT_EQ(r.supply.median_stand_in, 1u);
    EXPECT_DOUBLE_EQ(r.supply.help_hours, 48.0 + 10.0 + 51.0);

    supply.unknown_hours = 5.0; // a stated figure instead of the median
    const auto fixed = stages::run_places({sources, 100.0, 1000.0, supply}, {communes}, ctx);
    EXPECT_DOUBLE_EQ(fixed.places[1].capacity, 15.0);
    EXPECT_EQ(fixed.places[1].hours_source, "study default");
}

namespace {
/// Communes of Indre (36) and Loiret (45) named as the real services name them.
model::AreaSet communes_named(const std::vector<std::pair<std::string, std::string>> &list) {
    model::AreaSet a = test::row_of_communes(list.size());
    a.codes.clear();
    a.names.clear();
    a.index.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
        a.codes.push_back(list[i].first);
        a.names.push_back(list[i].second);
        a.index.emplace(list[i].first, i);
    }
    return a;
}

places::PlaceRecord service(const std::string &code, const std::string &format,
                            const std::string &comment) {
    places::PlaceRecord r;
    r.source = "fs";
    r.record_id = "1";
    r.name = "Bus";
    r.commune_code = code;
    r.service_format = format;
    r.comment = comment;
    // 5 hours a day, Monday to Friday: 25 hours a week.
    r.hours = places::read_france_services_days(
        {"10:00 - 12:30 / 13:30 - 16:00", "10:00 - 12:30 / 13:30 - 16:00",
         "10:00 - 12:30 / 13:30 - 16:00", "10:00 - 12:30 / 13:30 - 16:00",
         "10:00 - 12:30 / 13:30 - 16:00", ""});
    return r;
}
} // namespace

TEST(MobileServices, AMonthlyCalendarGivesEachStopOneDayAMonth) {
    // From the Rur@linette bus of Châteauroux (France Services list, 2024).
    const auto communes = communes_named({{"36044", "Châteauroux"},
                                          {"36238", "Vicq-Exemplet"},
                                          {"36120", "Migné"},
                                          {"36194", "Saint-Georges-sur-Arnon"},
                                          {"36176", "Sacierges-Saint-Martin"},
                                          {"36215", "Ségry"}});
    std::vector<stages::MobileService> services;
    core::IssueLog log;
    const auto out = stages::expand_mobile_services(
        {service("36044", "Bus_équivalent",
                 "Chaque mois : 1er lundi Vicq Exemplet, 2e lundi Migné – 3e jeudi Saint "
                 "Georges/Arnon, 4e Vendredi Sacierges st Martin - DERNIER JOUR DU MOIS Ségry, "
                 "1er mardi Neuvy Pailloux")},
        communes, services, log);
    ASSERT_EQ(services.size(), 1u);
    const auto &s = services[0];
    ASSERT_EQ(s.stops.size(), 5u);
    EXPECT_EQ(s.stops[0].name, "Vicq-Exemplet");
    EXPECT_EQ(s.stops[0].schedule, "1st Monday of the month");
    // One Monday (5 hours) a month: 5 x 12 / 52 hours a week.
    EXPECT_NEAR(s.stops[0].hours_per_week, 5.0 * 12 / 52, 1e-12);
    EXPECT_EQ(s.stops[2].name, "Saint-Georges-sur-Arnon");
    EXPECT_EQ(s.stops[3].schedule, "4th Friday of the month");
    EXPECT_EQ(s.stops[4].schedule, "last day of the month");
    // Neuvy-Pailloux is no commune here: reported, never placed.
    ASSERT_EQ(s.unmatched.size(), 1u);
    EXPECT_NE(s.unmatched[0].find("Neuvy Pailloux"), std::string::npos);
    EXPECT_NEAR(s.base_hours, 25.0 - 5 * 5.0 * 12 / 52, 1e-9);
    // Five stops placed by commune, and the base keeps what no stop takes.
    ASSERT_EQ(out.size(), 6u);
    EXPECT_EQ(out[0].commune_code, "36238");
    EXPECT_FALSE(out[0].lonlat.has_value());
    EXPECT_EQ(out[5].commune_code, "36044");
    double total = 0;
    for (const auto &r : out) {
        total += *r.stop_hours;
    }
    EXPECT_NEAR(total, 25.0, 1e-9); // the service's hours, no more, no less
}

TEST(MobileServices, PermanencesWithTheirTimesAndEqualSharesOtherwise) {
    const auto communes = communes_named({{"45145", "Ferrières-en-Gâtinais"},
                                          {"45093", "Chevry-sous-le-Bignon"},
                                          {"45103", "Corbeilles"},
                                          {"45240", "Outarville"},
                                          {"45160", "Greneville-en-Beauce"}});
    std::vector<stages::MobileService> services;
    core::IssueLog log;
    (void)stages::expand_mobile_services(
        {service("45145", "Multisites",
                 "permanence les  mardis matin 9h - 12h à la mairie de Chevry sous le bignon "
                 "jeudis matin de 9h à 12h15 à la mairie de Corbeilles en gâtinais"),
         service("45240", "Multisites",
                 "Ouverture sur 2 sites : Outarville et Greneville-en-Beauce"),
         service("45145", "Bus_équivalent", "Bus itinérant sur 44 communes du territoire")},
        communes, services, log);
    ASSERT_EQ(services.size(), 3u);
    ASSERT_EQ(services[0].stops.size(), 2u);
    EXPECT_EQ(services[0].stops[0].schedule, "Tuesdays, 09:00-12:00");
    EXPECT_DOUBLE_EQ(services[0].stops[1].hours_per_week, 3.25);
    EXPECT_DOUBLE_EQ(services[0].base_hours, 25.0 - 3.0 - 3.25);
    ASSERT_EQ(services[1].stops.size(), 2u);
    EXPECT_DOUBLE_EQ(services[1].stops[1].hours_per_week, 12.5); // half of 25 each
    EXPECT_TRUE(services[1].unmatched.empty()); // "Ouverture sur 2 sites" is no name
    EXPECT_TRUE(services[2].stops.empty());
    ASSERT_NE(issue(log, "mobile_service_without_stops"), nullptr);
}
