// The travel-time stages and those that read them, on the straight road of fixtures.hpp:
// commune k's demand point is 60 k seconds from commune 1's centre, where the one place is.
#include "fixtures.hpp"
#include "stages/access.hpp"
#include "stages/accessibility.hpp"
#include "stages/demand.hpp"
#include "stages/deserts.hpp"
#include "stages/grid.hpp"
#include "stages/isochrones.hpp"
#include "stages/modes.hpp"
#include "stages/nearest_times.hpp"
#include "stages/network.hpp"
#include "stages/siting.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace hublo;
using hublo::test::issue;
using hublo::test::temp_file;

namespace {

/// The six communes of the drawing, 100 people each, one place (capacity 2) in the first.
struct Road {
    model::AreaSet communes = test::row_of_communes(6);
    std::vector<double> population = std::vector<double>(6, 100.0);
    std::vector<places::Place> places;
    std::unique_ptr<stages::LoadedNetwork> network = test::straight_road(6);
    network::NetworkSettings network_settings;
    stages::StageContext ctx = test::lambert93_context();
    stages::Demand demand;

    Road() {
        places::Place p;
        p.id = "P00001";
        p.name = "France services du bout";
        p.labels = {"France Services"};
        p.commune_code = "37001";
        p.xy = {test::kX0 + 500, test::kY0};
        p.capacity = 2.0;
        places.push_back(p);
        network_settings.max_snap_m = 2000;
        demand = stages::run_demand({}, {communes, population}, ctx);
    }
    stages::AccessResult access(const std::string &label = "") {
        stages::AccessSettings s;
        s.label = label;
        s.catchment_min = 30;
        return stages::run_access(s, {*network, network_settings, places, demand, communes}, ctx);
    }
};

} // namespace

TEST(NetworkStage, CountsTheJunctionsOutsideTheLargestStrongComponent) {
    // Two nodes joined one way only: each is its own strong component; one is dropped.
    std::vector<algorithms::network::EdgeInput> edges = {{0, 1, 100.0, 10.0, 0}};
    network::RoadNetwork net;
    network::keep_routable_graph(net, algorithms::network::Graph({{0, 0}, {100, 0}}, edges));
    auto ctx = test::lambert93_context();
    const auto loaded =
        stages::run_network({}, {std::make_unique<stages::LoadedNetwork>(std::move(net))}, ctx);
    EXPECT_EQ(loaded->net.graph.node_count(), 1u);
    ASSERT_NE(issue(ctx.log, "network_nodes_dropped"), nullptr);
    EXPECT_EQ(issue(ctx.log, "network_nodes_dropped")->count, 1u);
}

TEST(DemandStage, OnePointPerCommuneFromTheTableElseItsPointOnSurface) {
    auto communes = test::row_of_communes(2);
    const std::vector<double> population = {50, 70};
    stages::DemandSettings s;
    s.table = io::TableSource{temp_file("demand.csv", "insee,lon,lat\n37001,0.5,47.3\n"), "", "", 0,
                              "[access] demand"};
    s.code = "insee";
    s.lon = "lon";
    s.lat = "lat";
    auto ctx = test::lambert93_context();
    const auto d = stages::run_demand(s, {communes, population}, ctx);
    EXPECT_EQ(d.origin, (std::vector<std::string>{"table", "polygon"}));
    EXPECT_EQ(d.weight, population);
    // Commune 2's point on surface: its square's centre.
    EXPECT_NEAR(d.xy[1].x, test::kX0 + 1500, 1e-6);
    EXPECT_NEAR(d.xy[1].y, test::kY0, 1e-6);
    ASSERT_NE(issue(ctx.log, "demand_point_from_polygon"), nullptr);
    EXPECT_EQ(issue(ctx.log, "demand_point_from_polygon")->examples,
              std::vector<std::string>{"37002"});
}

TEST(AccessStage, TimesAlongTheRoadAreDistanceOverSpeed) {
    Road road;
    const auto a = road.access();
    ASSERT_EQ(a.demand_time_s.size(), 6u);
    for (std::size_t k = 0; k < 6; ++k) {
        // 1000 k metres at 60 km/h, the points on the road (no off-road leg).
        EXPECT_NEAR(a.demand_time_s[k], 60.0 * static_cast<double>(k), 1e-6) << k;
        EXPECT_EQ(a.demand_place[k], 0u);
    }
    EXPECT_EQ(a.place_people_within[0], 600.0);               // every commune within 30 minutes
    EXPECT_THROW(road.access("Conseiller numérique"), Error); // the label matches no place
}

TEST(IsochronesStage, BandsHoldThePeopleWithinTheirMinutes) {
    Road road;
    const auto a = road.access();
    stages::IsochronesSettings s;
    s.enabled = true;
    s.minutes = {2.0, 4.0};
    s.cell_m = 50;
    s.max_offroad_m = 600;
    const std::vector<double> no_risk;
    const auto r = stages::run_isochrones(
        s,
        {road.communes, road.places, *road.network, road.network_settings, a, road.demand, no_risk},
        road.ctx);
    ASSERT_EQ(r.coverage.size(), 2u);
    // Within 2 minutes: communes 1-3 (0, 60, 120 s); within 4: communes 1-5.
    const auto &people = r.coverage.fields[4];
    ASSERT_EQ(people.name, "population");
    EXPECT_EQ(std::get<double>(people.values[0]), 300.0);
    EXPECT_EQ(std::get<double>(people.values[1]), 500.0);
    // The 2-minute band reaches 2 km of road east of the place (x = 502500), not 3 km.
    const auto &band = r.coverage.polygons[0];
    EXPECT_TRUE(algorithms::geometry::contains(band, {test::kX0 + 2400, test::kY0}));
    EXPECT_FALSE(algorithms::geometry::contains(band, {test::kX0 + 3000, test::kY0}));
    EXPECT_FALSE(r.place_isochrones.has_value());
}

TEST(AccessibilityStage, DemandWeightedAccessibilityEqualsTheCapacityInUse) {
    Road road;
    const auto a = road.access();
    const auto at_risk = stages::demand_at_risk(road.demand, road.population, {}, {});
    EXPECT_EQ(at_risk.kind, "population");
    stages::AccessibilitySettings s;
    s.enabled = true;
    const auto r = stages::run_accessibility(
        s, {road.demand, at_risk, road.places, a, *road.network, road.network_settings, 6},
        road.ctx);
    EXPECT_DOUBLE_EQ(r.demand_total, 600.0);
    EXPECT_DOUBLE_EQ(r.total_capacity, 2.0);
    // E2SFCA's identity (Luo and Qi 2009): sum of D_i A_i over the demand = the capacity.
    EXPECT_NEAR(r.demand_weighted_accessibility, 2.0, 1e-12);
    // Every commune within the first 10-minute band (weight 1): 2 / 600 per person, x 10 000.
    for (const double v : r.commune_accessibility) {
        EXPECT_NEAR(v, 2.0 / 600.0 * 10000.0, 1e-9);
    }
}

TEST(DesertsStage, FarCommunesThatShareABorderMakeOneZone) {
    Road road;
    const auto a = road.access();
    const auto at_risk = stages::demand_at_risk(road.demand, road.population, {}, {});
    const auto acc = stages::run_accessibility(
        {}, {road.demand, at_risk, road.places, a, *road.network, road.network_settings, 6},
        road.ctx);
    stages::DesertsSettings s;
    s.enabled = true;
    s.time_min = 3.0;                   // communes 5 and 6: 4 and 5 minutes away
    s.accessibility_bottom_share = 0.0; // none for lack of accessibility
    const auto r = stages::run_deserts(
        s, {road.communes, {}, {}, {}, {}, road.population, {}, road.demand, a, acc, road.places},
        road.ctx);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1}));
    ASSERT_EQ(r.zones.size(), 1u);
    EXPECT_EQ(r.zones[0].info.id, "D01");
    EXPECT_EQ(r.zones[0].communes, (std::vector<std::uint32_t>{4, 5}));
    EXPECT_DOUBLE_EQ(r.zones[0].info.population, 200.0);
    EXPECT_DOUBLE_EQ(r.zones[0].info.time_mean_min, 4.5);
    EXPECT_EQ(r.zones[0].info.nearest_places, "France services du bout");
    // The two squares dissolved: one 2 km2 rectangle.
    EXPECT_NEAR(algorithms::geometry::area(r.zones[0].polygon), 2e6, 1e-3);
    EXPECT_EQ(r.zone_of_commune[5], 1);
}

TEST(DesertsStage, TheReasonsRuleSaysFarOrThinAndWhetherItHolds) {
    // 50 people at risk in every commune but the third (10: not "many"); the place opens 30
    // hours a week. Far: beyond 3 minutes of a place open 20 hours (communes 5 and 6, 4 and
    // 5 minutes); thin: below 0 (none).
    Road road;
    road.places[0].hours_per_week = 30.0;
    const std::vector<double> at_risk{50, 50, 10, 50, 50, 50}, low{40, 40, 8, 40, 25, 40},
        high{60, 60, 12, 60, 60, 60}, p15(6, 100.0);
    const auto a = road.access();
    const auto demand = stages::demand_at_risk(road.demand, road.population, {}, at_risk);
    const auto acc = stages::run_accessibility(
        {}, {road.demand, demand, road.places, a, *road.network, road.network_settings, 6},
        road.ctx);
    stages::DesertsSettings s;
    s.enabled = true;
    s.rule = "reasons";
    s.time_min = 3.0;
    s.thin_below = 0.0;
    const stages::DesertsInputs in{road.communes,   at_risk, low,         high, p15,
                                   road.population, {},      road.demand, a,    acc,
                                   road.places};
    auto r = stages::run_deserts(s, in, road.ctx);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(r.many, (std::vector<std::uint8_t>{1, 1, 0, 1, 1, 1}));
    EXPECT_NEAR(r.open_place_min[4], 4.0, 1e-9);
    // Commune 5 is no desert with the low estimate (25 < 30 people): not robust.
    EXPECT_EQ(r.robust, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1}));
    ASSERT_EQ(r.zones.size(), 1u);
    EXPECT_EQ(r.zones[0].info.reasons, "far (2)");
    EXPECT_EQ(r.zones[0].info.robust_communes, 1u);

    // Open 10 hours only: no place open 20 hours within the catchment, every "many"
    // commune is far, with no time.
    road.places[0].hours_per_week = 10.0;
    r = stages::run_deserts(s, in, road.ctx);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{1, 1, 0, 1, 1, 1}));
    EXPECT_TRUE(std::isnan(r.open_place_min[0]));

    // Thin: the place's 2 units of supply for 260 people at risk, 76.9 per 10,000 < 100.
    road.places[0].hours_per_week = 30.0;
    s.thin_below = 100.0;
    r = stages::run_deserts(s, in, road.ctx);
    EXPECT_EQ(r.low_access, (std::vector<std::uint8_t>{1, 1, 1, 1, 1, 1}));
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{1, 1, 0, 1, 1, 1}));
    EXPECT_EQ(r.zones.size(), 2u); // communes 1-2 and 4-6, split by commune 3
}

TEST(SitingStage, PicksTheCandidateCoveringMostDemandNotYetCovered) {
    Road road;
    road.population[5] = 300.0; // commune 6 holds more people than the others
    road.demand = stages::run_demand({}, {road.communes, road.population}, road.ctx);
    const auto a = road.access();
    const auto at_risk = stages::demand_at_risk(road.demand, road.population, {}, {});
    const std::vector<std::int64_t> places_in_commune = {1, 0, 0, 0, 0, 0};
    stages::SitingSettings s;
    s.enabled = true;
    s.k = 1;
    s.minutes = 1.5;
    const stages::AccessibilityResult accessibility;
    const stages::SitingInputs in{
        road.communes, road.population,       places_in_commune, road.demand,  at_risk, a,
        *road.network, road.network_settings, road.places,       accessibility};
    const auto r = stages::run_siting(s, in, road.ctx);
    // Within 90 s of the place today: communes 1 and 2 (0 and 60 s), 200 people. Within
    // 90 s of each candidate, not yet covered: commune 3: 100; 4: 200; 5 (communes 4-6):
    // 100 + 100 + 300 = 500; 6 (communes 5-6): 400. Commune 5 wins.
    EXPECT_EQ(r.candidates, 5u);
    EXPECT_DOUBLE_EQ(r.covered_before, 200.0);
    ASSERT_EQ(r.proposals.size(), 1u);
    EXPECT_EQ(r.proposals[0].pick.id, "37005");
    EXPECT_DOUBLE_EQ(r.proposals[0].pick.gain, 500.0);
    EXPECT_DOUBLE_EQ(r.proposals[0].pick.covered_share, 700.0 / 800.0);
    s.k = 6;
    EXPECT_THROW((void)stages::run_siting(s, in, road.ctx), Error); // 6 > 5 candidates
}

TEST(SitingStage, ABudgetOfHelpHoursBuysExtensionsAndNewPlaces) {
    Road road;
    road.population[5] = 300.0;
    road.demand = stages::run_demand({}, {road.communes, road.population}, road.ctx);
    const auto a = road.access();
    const auto at_risk = stages::demand_at_risk(road.demand, road.population, {}, {});
    const std::vector<std::int64_t> places_in_commune = {1, 0, 0, 0, 0, 0};
    const stages::AccessibilityResult accessibility;
    const stages::SitingInputs in{
        road.communes, road.population,       places_in_commune, road.demand,  at_risk, a,
        *road.network, road.network_settings, road.places,       accessibility};
    stages::SitingSettings s;
    s.enabled = true;
    s.minutes = 1.5;
    s.open_hours = 20; // the place (no hours: 0 a week, staff 1) covers no one until extended
    s.place_hours = 60;
    s.budget_hours = 20; // the extension alone fits: 20 missing hours x 1 agent
    auto r = stages::run_siting(s, in, road.ctx);
    EXPECT_DOUBLE_EQ(r.covered_before, 0.0);
    EXPECT_EQ(r.extendable, 1u);
    ASSERT_EQ(r.proposals.size(), 1u);
    EXPECT_EQ(r.proposals[0].pick.action, "extend");
    EXPECT_EQ(r.proposals[0].pick.id, "P00001");
    EXPECT_DOUBLE_EQ(r.proposals[0].pick.gain, 200.0); // communes 1 and 2
    EXPECT_DOUBLE_EQ(r.spent_hours, 20.0);
    // 80: the extension (10 people an hour), then commune 5 (500 for 60 hours, 8.3 an hour).
    s.budget_hours = 80;
    r = stages::run_siting(s, in, road.ctx);
    ASSERT_EQ(r.proposals.size(), 2u);
    EXPECT_EQ(r.proposals[1].pick.id, "37005");
    EXPECT_EQ(r.proposals[1].pick.action, "open");
    EXPECT_DOUBLE_EQ(r.proposals[1].covered, 700.0);
    EXPECT_DOUBLE_EQ(r.spent_hours, 80.0);
    // 10: nothing fits.
    s.budget_hours = 10;
    r = stages::run_siting(s, in, road.ctx);
    EXPECT_TRUE(r.proposals.empty());
}

TEST(GridStage, AnInseeCellIdGivesItsCentreInLaea) {
    // CRS3035RES1000mN2690000E3540000: the 1 km cell whose south-west corner is at
    // E 3 540 000, N 2 690 000 in EPSG:3035; its centre is 500 m further each way.
    const auto c = stages::grid_cell_centre("CRS3035RES1000mN2690000E3540000");
    ASSERT_TRUE(c.has_value());
    EXPECT_DOUBLE_EQ(c->x, 3540500.0);
    EXPECT_DOUBLE_EQ(c->y, 2690500.0);
    const auto small = stages::grid_cell_centre("CRS3035RES200mN2690000E3540000");
    ASSERT_TRUE(small.has_value());
    EXPECT_DOUBLE_EQ(small->x, 3540100.0);
    EXPECT_FALSE(stages::grid_cell_centre("N2690000E3540000").has_value());
    EXPECT_FALSE(stages::grid_cell_centre("CRS3035RES1000mN26x0000E3540000").has_value());
}

TEST(NearestTimesStage, MinutesAlongTheRoadFromAnyPoints) {
    Road road;
    const io::Transformer to_wgs84(io::Crs::from_user("EPSG:2154", "t"),
                                   io::Crs::from_user("EPSG:4326", "t"));
    // Origin: the road's third node (x = 502000); points at 0, 2 and 5 km of road from it,
    // and one 5 km off the road (beyond max_snap_m = 2 km: unreachable).
    const std::vector<algorithms::geometry::XY> origins = {
        to_wgs84.apply(algorithms::geometry::XY{test::kX0 + 2000, test::kY0})};
    std::vector<algorithms::geometry::XY> points;
    for (const double dx : {2000.0, 4000.0, 0.0}) {
        points.push_back(to_wgs84.apply(algorithms::geometry::XY{test::kX0 + dx, test::kY0}));
    }
    points.push_back(to_wgs84.apply(algorithms::geometry::XY{test::kX0 + 2000, test::kY0 + 5000}));
    const auto minutes = stages::run_nearest_times(road.network_settings,
                                                   {*road.network, origins, points}, road.ctx);
    ASSERT_EQ(minutes.size(), 4u);
    EXPECT_NEAR(minutes[0], 0.0, 1e-3); // the reprojection round trip: millimetres
    EXPECT_NEAR(minutes[1], 2.0, 1e-3); // 2 km at 60 km/h
    EXPECT_NEAR(minutes[2], 2.0, 1e-3);
    EXPECT_TRUE(std::isnan(minutes[3]));
}

TEST(ModesStage, StraightLineTimesAndPeopleWithoutACarOnTheRoad) {
    // Commune k's centre is 1000 k m from the place as the crow flies: on foot at 4.5 km/h
    // with circuity 1.5 that is 1500 k m, 20 k minutes; by bike at 15 km/h, 6 k minutes.
    Road road;
    road.communes.indicators.emplace_back(
        "cars", std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5, std::nan("")});
    const auto access = road.access();
    const std::vector<double> at_risk(6, 10.0);
    stages::ModesSettings s;
    s.no_car.enabled = true;
    s.no_car.share_column = "cars";
    s.no_car.age_tilt = 1.5;
    s.no_car.tilt_sensitivity = {1.0, 2.0};
    stages::ModeSettings walk;
    walk.id = "walk";
    walk.speed_kmh = 4.5;
    walk.circuity = 1.5;
    walk.time_min = 20;
    stages::ModeSettings bike = walk;
    bike.id = "bike";
    bike.speed_kmh = 15;
    bike.time_min = 10;
    s.modes = {walk, bike};
    const auto r =
        stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access}, road.ctx);
    ASSERT_EQ(r.modes.size(), 2u);
    for (std::size_t k = 0; k < 6; ++k) {
        EXPECT_NEAR(r.modes[0].commune_min[k], 20.0 * static_cast<double>(k), 1e-9) << k;
        EXPECT_NEAR(r.modes[1].commune_min[k], 6.0 * static_cast<double>(k), 1e-9) << k;
        EXPECT_NEAR(r.no_car_min[k], 6.0 * static_cast<double>(k), 1e-9) << k;
        EXPECT_EQ(r.no_car_mode[k], k == 0 ? 0u : 1u)
            << "the bike is faster; a tie keeps the first";
        EXPECT_NEAR(r.car_min[k], static_cast<double>(k), 1e-6) << "60 s a km by car";
    }
    EXPECT_TRUE(r.modes[0].approximated);
    // Far: beyond 20 min on foot and beyond 10 min by bike: communes 3 to 6 (18, 24... min).
    EXPECT_EQ(r.no_car_far, (std::vector<std::uint8_t>{0, 0, 1, 1, 1, 1}));
    // People at risk without a car: 10 x share x 1.5; the unknown share leaves NaN, counted.
    EXPECT_NEAR(r.at_risk_no_car[0], 1.5, 1e-12);
    EXPECT_NEAR(r.at_risk_no_car[4], 7.5, 1e-12);
    EXPECT_NEAR(r.at_risk_car[4], 2.5, 1e-12);
    EXPECT_TRUE(std::isnan(r.at_risk_no_car[5]));
    EXPECT_EQ(r.communes_without_share, 1u);
    // The tilt is capped at everybody: at 2, commune 5's share 0.5 x 2 = 1, all 10 people.
    ASSERT_EQ(r.tilt_totals.size(), 2u);
    EXPECT_NEAR(r.tilt_totals[0].second, 10 * (0.1 + 0.2 + 0.3 + 0.4 + 0.5), 1e-9);
    EXPECT_NEAR(r.tilt_totals[1].second, 10 * (0.2 + 0.4 + 0.6 + 0.8 + 1.0), 1e-9);
}

TEST(ModesStage, OnlyTheModesNamedInNoCarCountForPeopleWithoutACar) {
    // Walk (20 k minutes) and bike (6 k minutes), time_min 10 for both: with [no_car]
    // modes = ["walk"], the best without a car is the walk, and commune 2 (20 minutes on
    // foot, 6 by bike) is far; with both, the bike brings it near.
    Road road;
    road.communes.indicators.emplace_back("cars", std::vector<double>(6, 0.2));
    const auto access = road.access();
    const std::vector<double> at_risk(6, 10.0);
    stages::ModesSettings s;
    s.no_car.enabled = true;
    s.no_car.share_column = "cars";
    stages::ModeSettings walk;
    walk.id = "walk";
    walk.speed_kmh = 4.5;
    walk.circuity = 1.5;
    walk.time_min = 10;
    stages::ModeSettings bike = walk;
    bike.id = "bike";
    bike.speed_kmh = 15;
    s.modes = {walk, bike};
    auto r =
        stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access}, road.ctx);
    EXPECT_EQ(r.no_car_far[1], 0);
    EXPECT_NEAR(r.no_car_min[1], 6.0, 1e-9);
    s.no_car.modes = {"walk"};
    r = stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access}, road.ctx);
    EXPECT_EQ(r.no_car_far[1], 1);
    EXPECT_NEAR(r.no_car_min[1], 20.0, 1e-9);
    EXPECT_EQ(r.no_car_mode[1], 0u);
    EXPECT_NEAR(r.no_car_ratio[1], 2.0, 1e-9);
}

TEST(ModesStage, AShareOutsideZeroOneIsADataErrorNamingTheCommune) {
    Road road;
    road.communes.indicators.emplace_back("cars", std::vector<double>{0.1, 13.5, 0, 0, 0, 0});
    const auto access = road.access();
    const std::vector<double> at_risk(6, 10.0);
    stages::ModesSettings s;
    s.no_car.enabled = true;
    s.no_car.share_column = "cars";
    try {
        (void)stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access},
                                road.ctx);
        FAIL() << "a share of 13.5 was accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("of commune 37002 is 13.5"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("percent = true"), std::string::npos) << e.what();
    }
}

TEST(ModesStage, PeopleWithoutACarOfACommuneWithAPlaceAreAtThePlace) {
    // A second place in commune 6 (37006), 700 m north of its point: from the commune's point
    // it is 700 x 1.5 m on foot (14 min at 4.5 km/h). Located by its coordinates, it says
    // where the bourg is: commune 6's people without a car are there, 0 min away. Located by
    // its commune only, it says nothing: 14 min.
    Road road;
    auto second = road.places[0];
    second.id = "P00002";
    second.commune_code = "37006";
    second.xy = road.demand.xy[5];
    second.xy.y += 700.0;
    second.located = "coordinates";
    road.places.push_back(second);
    road.communes.indicators.emplace_back("cars", std::vector<double>(6, 0.2));
    const std::vector<double> at_risk(6, 10.0);
    stages::ModesSettings s;
    s.no_car.enabled = true;
    s.no_car.share_column = "cars";
    stages::ModeSettings walk;
    walk.id = "walk";
    walk.speed_kmh = 4.5;
    walk.circuity = 1.5;
    s.modes = {walk};
    auto access = road.access();
    auto r =
        stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access}, road.ctx);
    EXPECT_EQ(r.communes_at_their_place, 1u);
    EXPECT_NEAR(r.modes[0].commune_min[5], 0.0, 1e-9);
    // Commune 5 has no place: from its point, 1 km west of commune 6's, to the new place.
    EXPECT_NEAR(r.modes[0].commune_min[4], std::hypot(1000.0, 700.0) * 1.5 / 75.0, 1e-9);
    road.places[1].located = "commune";
    access = road.access();
    r = stages::run_modes(s, {road.communes, at_risk, road.demand, road.places, access}, road.ctx);
    EXPECT_EQ(r.communes_at_their_place, 0u);
    EXPECT_NEAR(r.modes[0].commune_min[5], 700 * 1.5 / 75.0, 1e-9);
}

TEST(DesertsStage, FarWeighsThePeopleWithACarByCarAndThoseWithoutByTheirModes) {
    // Car: commune k is k minutes from the place; far beyond 3 (communes 5 and 6). People at
    // risk: 50 (commune 3: 10), 20 of them without a car (commune 3: 4), whose best mode is
    // over its time (ratio 2) in communes 2, 3 and 6. Far needs 30 people at risk far:
    // commune 2: 20 without a car, not enough; 5: the 30 with a car; 6: all 50.
    Road road;
    road.places[0].hours_per_week = 30.0;
    const std::vector<double> at_risk{50, 50, 10, 50, 50, 50}, no_car{20, 20, 4, 20, 20, 20},
        ratio{0.5, 2, 2, 0.5, 0.5, 2}, p15(6, 100.0);
    const auto a = road.access();
    const auto demand = stages::demand_at_risk(road.demand, road.population, {}, at_risk);
    const auto acc = stages::run_accessibility(
        {}, {road.demand, demand, road.places, a, *road.network, road.network_settings, 6},
        road.ctx);
    stages::DesertsSettings s;
    s.enabled = true;
    s.rule = "reasons";
    s.time_min = 3.0;
    s.thin_below = 0.0;
    const stages::DesertsInputs in{road.communes,   at_risk, at_risk,     at_risk, p15,
                                   road.population, {},      road.demand, a,       acc,
                                   road.places,     no_car,  ratio};
    auto r = stages::run_deserts(s, in, road.ctx);
    ASSERT_TRUE(r.by_group);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(r.far_car, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(r.far_no_car, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1}));
    EXPECT_NEAR(r.at_risk_far[1], 20.0, 1e-12);
    EXPECT_NEAR(r.at_risk_far[4], 30.0, 1e-12);
    EXPECT_NEAR(r.at_risk_far[5], 50.0, 1e-12);
    EXPECT_NEAR(r.at_risk_far_no_car[5], 20.0, 1e-12);
    ASSERT_EQ(r.zones.size(), 1u);
    EXPECT_EQ(r.zones[0].info.reasons, "far by car (2), far without a car (1)");
    // Enough people far without a car (15): commune 2 is a desert for them alone.
    s.far_at_risk_min = 15.0;
    r = stages::run_deserts(s, in, road.ctx);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{0, 1, 0, 0, 1, 1}));
    EXPECT_EQ(r.far_car[1], 0);
    EXPECT_EQ(r.far_no_car[1], 1);
    ASSERT_EQ(r.zones.size(), 2u);
    EXPECT_EQ(r.zones[1].info.reasons, "far without a car (1)");
    // Without the modes' figures the rule is the car's alone, as before.
    const stages::DesertsInputs car_only{road.communes,   at_risk, at_risk,     at_risk, p15,
                                         road.population, {},      road.demand, a,       acc,
                                         road.places};
    r = stages::run_deserts(s, car_only, road.ctx);
    EXPECT_FALSE(r.by_group);
    EXPECT_EQ(r.desert, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(r.zones[0].info.reasons, "far (2)");
}
