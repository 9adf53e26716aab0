// The bundled Centre-Val de Loire study, checked against independent figures.
#include "geom/geos.hpp"
#include "hublo/hublo.hpp"
#include "io/csv.hpp"
#include "io/vector.hpp"
#include "io/writers.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
const fs::path kDataset = HUBLO_DATASET_DIR;

/// Removes a test's output folder when the test ends, passed or failed.
struct RemoveAtEnd {
    fs::path dir;
    ~RemoveAtEnd() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

/// The default study's run, made once per test process and removed when it ends (CTest
/// runs every Region test in one process: one run, not one per test).
struct RegionRun {
    fs::path out;
    hublo::RunSummary summary;
    RegionRun() = default;
    RegionRun(const RegionRun &) = delete;
    RegionRun &operator=(const RegionRun &) = delete;
    ~RegionRun() {
        std::error_code ec;
        fs::remove_all(out, ec);
    }
};

const RegionRun &region_run() {
    static const RegionRun run;
    static const bool done = [] {
        auto &r = const_cast<RegionRun &>(run);
        r.out = fs::temp_directory_path() / ("hublo-test-region-" + std::to_string(::getpid()));
        fs::remove_all(r.out);
        auto study = hublo::Study::open(kDataset / "study.toml");
        hublo::RunOptions options;
        options.output_dir = r.out;
        r.summary = study.run(options);
        return true;
    }();
    (void)done;
    return run;
}

nlohmann::json read_json(const fs::path &p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

hublo::io::VectorLayer read_l93(const fs::path &p) {
    hublo::io::VectorSource src;
    src.path = p;
    src.context = "test";
    return hublo::io::read_vector(src, hublo::io::Crs::from_user("EPSG:2154", "test"),
                                  hublo::io::GeometryKind::polygons);
}
} // namespace

TEST(Region, CountsOfTheBundledData) {
    const auto &s = region_run().summary;
    EXPECT_EQ(s.communes, 1754u);
    std::map<std::string, std::size_t> layers;
    for (const auto &l : s.layers) {
        layers[l.name] = l.features;
    }
    EXPECT_EQ(layers["epci"], 82u);
    EXPECT_EQ(layers["bassins"], 117u);
    EXPECT_EQ(layers["departements"], 6u);
    EXPECT_EQ(layers["arrondissements"], 20u); // the six départements have 3, 4, 4, 3, 3, 3
    const auto deps = read_json(region_run().out / "departements.geojson");
    EXPECT_EQ(deps["features"][3]["properties"]["code"], "37");
    EXPECT_EQ(deps["features"][3]["properties"]["name"], "Indre-et-Loire"); // from names
    EXPECT_EQ(deps["features"][3]["properties"]["communes"], 272);
}

// summary.json names every file the run read, with its SHA-256 (io::sha256_file is tested
// on the NIST vectors in test_checksum.cpp): the road network, the demand points and the age
// grid too, hashed on the second thread.
TEST(Region, SummaryHashesEveryInputFileRead) {
    const auto summary = read_json(region_run().out / "summary.json");
    std::map<std::string, std::string> by_role;
    for (const auto &input : summary["inputs"]) {
        by_role[input["role"].get<std::string>()] = input["sha256"].get<std::string>();
        EXPECT_EQ(input["sha256"].get<std::string>().size(), 64u) << input["role"];
    }
    for (const char *role : {"study", "communes", "network", "demand", "age_grid"}) {
        EXPECT_TRUE(by_role.count(role)) << role;
    }
    EXPECT_EQ(by_role["network"], hublo::io::sha256_file(kDataset / "roads_numbered.geojson"));
    EXPECT_EQ(by_role["age_grid"],
              hublo::io::sha256_file(kDataset / "filosofi2021_1km_chinon.csv"));
}

TEST(Region, MergedPlacesCountIsExplained) {
    const auto &s = region_run().summary;
    const auto summary = read_json(region_run().out / "summary.json");
    const auto &by_source = summary["counts"]["place_records_by_source"];
    // France Services: the 152 sites of the six départements in the ANCT list of 2024-08-01
    // (SOURCES.md: 137 fixed, 6 buses, 4 multi-site, 4 antennas, 1 travelling).
    EXPECT_EQ(by_source["france_services"], 152);
    // Conseiller numérique places: the 117 places of the regional extract.
    EXPECT_EQ(by_source["conseillers_numeriques"], 117);
    // Aidants Connect: 191 structures, 4 inactive, 8 active without any aidant (counted
    // by Python's csv module on the file).
    EXPECT_EQ(by_source["aidants_connect"], 179);
    std::size_t unlocated = 0, merged_records = 0;
    for (const auto &i : s.issues) {
        if (i.kind == "place_unlocated") {
            unlocated = i.count;
        }
    }
    // Mobile services become their stops, plus their base when it keeps hours no stop takes.
    std::size_t extra = 0;
    for (const auto &m : summary["supply"]["mobile_services"]) {
        if (m["stops"].empty()) {
            continue;
        }
        bool base_is_stop = false;
        for (const auto &stop : m["stops"]) {
            base_is_stop = base_is_stop || stop["commune"] == m["commune"];
        }
        const bool base_kept = !base_is_stop && m["hours_left_at_base"].get<double>() > 0;
        extra += m["stops"].size() + (base_kept ? 1 : 0) - 1;
    }
    // 7 services read into 76 stops, and 3 bases keeping hours no stop takes (Châteauroux,
    // Orléans, Ferrières-en-Gâtinais; the others are stops themselves).
    EXPECT_EQ(extra, 76u + 3u - 7u);
    // records = 152 + 117 + 179 - unlocated + extra; places = records - merged ones.
    EXPECT_EQ(s.place_records, 152u + 117u + 179u - unlocated + extra);
    const auto places = read_json(region_run().out / "places.geojson");
    for (const auto &f : places["features"]) {
        merged_records += f["properties"]["records"].get<std::size_t>();
    }
    EXPECT_EQ(merged_records, s.place_records);
    EXPECT_EQ(places["features"].size(), s.places);
    EXPECT_LT(s.places, s.place_records);
    // Every one of the 152 France Services is among the places (stops carry "id#k").
    std::set<std::string> fs_ids;
    for (const auto &f : places["features"]) {
        const auto sources = f["properties"]["sources"].get<std::string>();
        for (std::size_t pos = 0;
             (pos = sources.find("france_services:", pos)) != std::string::npos; ++pos) {
            const auto start = pos + std::string("france_services:").size();
            const auto end = sources.find_first_of("#|", start);
            fs_ids.insert(sources.substr(start, end == std::string::npos ? end : end - start));
        }
    }
    EXPECT_EQ(fs_ids.size(), 152u);
}

TEST(Region, DissolvedEpciAreasEqualTheSumOfTheirCommunes) {
    // Dissolve each EPCI from the commune polygons and compare with the sum of the parts.
    const auto communes = read_l93(kDataset / "communes.geojson");
    const auto c_epci = *communes.field("EPCI");
    std::map<std::string, std::vector<const hublo::algorithms::geometry::MultiPolygon *>> parts;
    std::map<std::string, double> sum;
    for (std::size_t i = 0; i < communes.size(); ++i) {
        parts[communes.values[i][c_epci]].push_back(&communes.polygons[i]);
        sum[communes.values[i][c_epci]] += hublo::algorithms::geometry::area(communes.polygons[i]);
    }
    ASSERT_EQ(parts.size(), 82u);
    hublo::geom::Geos geos;
    for (const auto &[code, p] : parts) {
        const auto dissolved = geos.dissolve(p);
        std::string reason;
        EXPECT_TRUE(geos.is_valid(dissolved, &reason)) << code << ": " << reason;
        const double a = hublo::algorithms::geometry::area(dissolved);
        EXPECT_NEAR(a / sum[code], 1.0, 1e-3) << "EPCI " << code;
    }
}

TEST(Region, CustomZoningOfAFewEpciDissolvesIntoValidZones) {
    // Two zones of the regional hub's kind: groupings of EPCI (here, of Indre-et-Loire).
    const fs::path dir =
        fs::temp_directory_path() / ("hublo-test-zoning-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const RemoveAtEnd cleanup{dir};
    fs::create_directories(dir);
    std::ofstream(dir / "zones.csv") << "EPCI;ZONE;NOM\n"
                                        "200043081;CHI;Chinonais\n"  // CC Chinon, Vienne et Loire
                                        "243700754;TOU;Tours\n"      // Tours Métropole
                                        "200072668;CHI;Chinonais\n"; // CC Touraine Val de Vienne
    std::ifstream in(kDataset / "study.toml");
    std::stringstream toml;
    toml << in.rdbuf();
    std::string text = toml.str();
    const std::string marker = "[[tables]]";
    text.insert(text.find(marker), "[[levels]]\nid = \"hub\"\nmapping = { path = \"" +
                                       (dir / "zones.csv").string() +
                                       "\", from = \"epci\", from_code = \"EPCI\", code = "
                                       "\"ZONE\", name = \"NOM\" }\n\n");
    auto study = hublo::Study::from_string(text, kDataset);
    hublo::RunOptions options;
    options.output_dir = dir / "out";
    const auto s = study.run(options);

    const auto epci = read_json(dir / "out" / "epci.geojson");
    std::map<std::string, double> epci_pop;
    for (const auto &f : epci["features"]) {
        epci_pop[f["properties"]["code"]] = f["properties"]["population"].get<double>();
    }
    const auto hub = read_json(dir / "out" / "hub.geojson");
    ASSERT_EQ(hub["features"].size(), 2u);
    std::map<std::string, double> zone_pop;
    for (const auto &f : hub["features"]) {
        zone_pop[f["properties"]["code"]] = f["properties"]["population"].get<double>();
    }
    EXPECT_DOUBLE_EQ(zone_pop["CHI"], epci_pop["200043081"] + epci_pop["200072668"]);
    EXPECT_DOUBLE_EQ(zone_pop["TOU"], epci_pop["243700754"]);
    EXPECT_GT(zone_pop["TOU"], 290000.0); // Tours Métropole has about 300 000 inhabitants

    // Valid polygons, by GEOS, in the study CRS.
    const auto zones = read_l93(dir / "out" / "hub.geojson");
    hublo::geom::Geos geos;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        std::string reason;
        EXPECT_TRUE(geos.is_valid(zones.polygons[i], &reason)) << reason;
    }
    // Every other EPCI is reported as missing from the zoning table, with the count.
    bool reported = false;
    for (const auto &i : s.issues) {
        if (i.kind == "missing_from_zoning:hub") {
            reported = true;
        }
    }
    EXPECT_TRUE(reported);
}

TEST(Region, EpciPopulationsAgreeWithTheOfficialFigures) {
    // Independent reference: populations municipales of the EPCI in
    // @etalab/decoupage-administratif 6.0.0 (legal populations of a later vintage than the
    // RP 2021 figures of the study): within 3 % for the 77 EPCI wholly inside the region.
    const auto ref =
        hublo::io::read_csv(fs::path(HUBLO_TEST_DATA_DIR) / "epci_population_decoupage_2026.csv");
    const auto epci = read_json(region_run().out / "epci.geojson");
    std::map<std::string, double> pop;
    for (const auto &f : epci["features"]) {
        pop[f["properties"]["code"]] = f["properties"]["population"].get<double>();
    }
    std::size_t compared = 0;
    double total_ref = 0, total = 0;
    for (const auto &row : ref.rows) {
        if (row[3] != "1") {
            continue;
        }
        const double expected = std::stod(row[1]);
        ASSERT_TRUE(pop.count(row[0])) << row[0];
        EXPECT_NEAR(pop[row[0]] / expected, 1.0, 0.03) << "EPCI " << row[0];
        total_ref += expected;
        total += pop[row[0]];
        ++compared;
    }
    EXPECT_EQ(compared, 77u);
    EXPECT_NEAR(total / total_ref, 1.0, 0.01);
}

TEST(Region, PopulationGridCellsBecomeTheDemandPointsOfTheirCommunes) {
    // The Insee Filosofi 2021 1 km extract around Chinon: its provenance notes count 35
    // cells centred in Chinon (37072) holding 7 909.5 people.
    const fs::path out =
        fs::temp_directory_path() / ("hublo-test-grid-" + std::to_string(::getpid()));
    fs::remove_all(out);
    const RemoveAtEnd cleanup{out};
    auto study = hublo::Study::open(
        kDataset / "study.toml",
        {"access.grid={ path = \"filosofi2021_1km_chinon.csv\", id = \"idcar_1km\", "
         "population = \"ind\" }"});
    hublo::RunOptions options;
    options.output_dir = out;
    const auto s = study.run(options);
    const auto communes = read_json(out / "communes.geojson");
    const nlohmann::json *chinon = nullptr;
    std::size_t grid_communes = 0;
    for (const auto &f : communes["features"]) {
        if (f["properties"]["code"] == "37072") {
            chinon = &f["properties"];
        }
        grid_communes += f["properties"]["demand_point"] == "grid" ? 1 : 0;
    }
    ASSERT_NE(chinon, nullptr);
    EXPECT_EQ((*chinon)["demand_point"], "grid");
    EXPECT_EQ((*chinon)["grid_cells"], 35);
    EXPECT_NEAR((*chinon)["grid_people"].get<double>(), 7909.5, 0.05);
    EXPECT_GT(grid_communes, 100u);
    // The cells stand for the commune's population: the levels' totals do not change.
    const auto deps = read_json(out / "departements.geojson");
    const auto base = read_json(region_run().out / "departements.geojson");
    for (std::size_t k = 0; k < 6; ++k) {
        const auto &a = deps["features"][k]["properties"];
        const auto &b = base["features"][k]["properties"];
        const double beyond = a["pop_beyond_10min"].get<double>();
        EXPECT_GE(beyond, 0.0);
        EXPECT_LE(beyond, a["population"].get<double>() + 1e-6);
        EXPECT_DOUBLE_EQ(a["population"].get<double>(), b["population"].get<double>());
    }
    bool outside_reported = false;
    for (const auto &i : s.issues) {
        outside_reported |= i.kind.rfind("grid_cell_outside_communes", 0) == 0 && i.count > 1000;
    }
    EXPECT_TRUE(outside_reported); // the extract reaches Saumur, Loudun and Thouars
}

TEST(Region, RiskIndexReproducesTheIfnTotals) {
    // Communes: the IFN 2023 "total" is the plain mean of the five scores, which the default
    // study's [risk] (equal weights, ready scores) reproduces exactly, Chinon's 6.8 included.
    const auto communes = read_json(region_run().out / "communes.geojson");
    std::size_t compared = 0;
    for (const auto &f : communes["features"]) {
        const auto &p = f["properties"];
        if (p["ifn_total"].is_null()) {
            continue;
        }
        EXPECT_NEAR(p["risk_index"].get<double>(), p["ifn_total"].get<double>(), 1e-9) << p["code"];
        if (p["code"] == "37072") {
            EXPECT_NEAR(p["risk_index"].get<double>(), 6.8, 1e-12);
        }
        ++compared;
    }
    EXPECT_EQ(compared, 1754u);
    // EPCI: La MedNum's EPCI totals are population-weighted means of their communes. For the
    // 77 EPCI wholly inside the region they agree within 0.05 (the largest gap is 0.031,
    // CC la Septaine: the IFN weighted with other population figures than the RP 2021 here);
    // an unweighted mean would be off by 0.19 on average.
    const auto ref =
        hublo::io::read_csv(fs::path(HUBLO_TEST_DATA_DIR) / "epci_population_decoupage_2026.csv");
    std::set<std::string> inside;
    for (const auto &row : ref.rows) {
        if (row[3] == "1") {
            inside.insert(row[0]);
        }
    }
    const auto epci = read_json(region_run().out / "epci.geojson");
    std::size_t checked = 0;
    for (const auto &f : epci["features"]) {
        const auto &p = f["properties"];
        if (!inside.count(p["code"].get<std::string>())) {
            continue;
        }
        EXPECT_NEAR(p["risk_index"].get<double>(), p["ifn_total"].get<double>(), 0.05) << p["code"];
        ++checked;
    }
    EXPECT_EQ(checked, 77u);
}

TEST(Region, IsochroneBandsAreValidNestedAndDisjoint) {
    const fs::path out =
        fs::temp_directory_path() / ("hublo-test-iso-" + std::to_string(::getpid()));
    fs::remove_all(out);
    const RemoveAtEnd cleanup{out};
    auto study = hublo::Study::open(kDataset / "study.toml", {"isochrones.bands=\"disjoint\""});
    hublo::RunOptions options;
    options.output_dir = out;
    study.run(options);
    const auto disjoint = read_l93(out / "isochrones.geojson");
    const auto cumulative = read_l93(region_run().out / "isochrones.geojson");
    ASSERT_EQ(disjoint.size(), 3u);
    ASSERT_EQ(cumulative.size(), 3u);
    hublo::geom::Geos geos;
    double disjoint_total = 0;
    for (std::size_t k = 0; k < 3; ++k) {
        std::string reason;
        EXPECT_TRUE(geos.is_valid(disjoint.polygons[k], &reason)) << reason;
        EXPECT_TRUE(geos.is_valid(cumulative.polygons[k], &reason)) << reason;
        disjoint_total += hublo::algorithms::geometry::area(disjoint.polygons[k]);
    }
    for (std::size_t k = 1; k < 3; ++k) {
        // Cumulative bands nest: what the smaller has outside the larger is nothing (below
        // the output precision, 1 m2 per km of boundary at most).
        const double outside = hublo::algorithms::geometry::area(
            geos.difference(cumulative.polygons[k - 1], cumulative.polygons[k]));
        EXPECT_LT(outside, 1e4) << k;
        // Disjoint bands do not overlap.
        const double a = hublo::algorithms::geometry::area(disjoint.polygons[k - 1]);
        const double overlap = a - hublo::algorithms::geometry::area(geos.difference(
                                       disjoint.polygons[k - 1], disjoint.polygons[k]));
        EXPECT_LT(overlap, 1e4) << k;
    }
    // Their union is the largest cumulative band, within 0.1 %.
    const double largest = hublo::algorithms::geometry::area(cumulative.polygons[2]);
    EXPECT_NEAR(disjoint_total / largest, 1.0, 1e-3);
    // The population beyond 30 minutes is nobody's: the 30-minute band holds everybody.
    const auto iso = read_json(region_run().out / "isochrones.geojson");
    EXPECT_NEAR(iso["features"][2]["properties"]["population"].get<double>(),
                region_run().summary.population, 1e-6);
}

// E2SFCA's identity on the real region: every place with demand in reach shares out its
// whole capacity, so the demand-weighted accessibility adds up to that capacity; BFCA counts
// each person at risk once and shares out the same capacity.
TEST(RegionDeserts, AccessibilityAddsUpToTheCapacity) {
    const auto summary = read_json(region_run().out / "summary.json");
    const auto &a = summary["accessibility"];
    EXPECT_EQ(a["demand"], "people_at_risk"); // every commune has an estimate
    const double capacity = a["capacity_with_demand"].get<double>();
    EXPECT_NEAR(capacity, summary["supply"]["help_hours_per_week"].get<double>(), 1e-6);
    EXPECT_NEAR(a["demand_weighted_accessibility"].get<double>(), capacity, 1e-9 * capacity);
    // The demand is the expected people in illectronism (rounded to 0.1 in the summary).
    const double expected = summary["illectronism"]["expected"].get<double>();
    EXPECT_NEAR(a["demand_total"].get<double>(), expected, 0.05);
    // Everybody is within the 30-minute catchment (the isochrones say so): the balanced
    // demands add up to the whole demand, the allocated supply to the capacity.
    EXPECT_NEAR(a["bfca"]["balanced_demand"].get<double>(), expected, 1e-6 * expected);
    EXPECT_NEAR(a["bfca"]["allocated_supply"].get<double>(), capacity, 1e-9 * capacity);
}

// The reasons rule, re-applied to the written commune fields; zones valid, apart, summing.
TEST(RegionDeserts, ZonesFollowTheRuleAndAddUp) {
    const auto summary = read_json(region_run().out / "summary.json");
    const auto &rule = summary["deserts"]["rule"];
    ASSERT_EQ(rule["rule"], "reasons");
    const double many_min = rule["at_risk_min"].get<double>();
    const double far_min = rule["time_min_above"].get<double>();
    const double thin_below = rule["thin_below"].get<double>();
    const auto communes = read_l93(region_run().out / "communes.geojson");
    const auto f = [&](const char *name) { return *communes.field(name); };
    const auto f_exp = f("illectronism_expected"), f_open = f("open_place_min");
    const auto f_supply = f("supply_per_at_risk"), f_why = f("desert_reason");
    const auto f_desert = f("desert"), f_rank = f("desert_rank"), f_pop = f("population");
    const auto f_places = f("places"), f_no_car = f("at_risk_no_car"), f_best = f("no_car_min");
    std::size_t deserts = 0, far_count = 0, thin_count = 0, far_no_car_count = 0;
    std::map<int, double> zone_pop;
    for (std::size_t i = 0; i < communes.size(); ++i) {
        const auto &v = communes.values[i];
        const double expected_people = std::stod(v[f_exp]);
        const bool many = expected_people >= many_min;
        // "far" weighs both groups (both modes' time_min is the rule's 20 minutes): those
        // with a car by car, those without by their best mode; at least many_min of them.
        const bool car_far = v[f_open].empty() || std::stod(v[f_open]) > far_min;
        const double without = v[f_no_car].empty() ? 0.0 : std::stod(v[f_no_car]);
        const bool no_car_far =
            without > 0 && (v[f_best].empty() || std::stod(v[f_best]) > far_min);
        const double far_people =
            (car_far ? expected_people - without : 0.0) + (no_car_far ? without : 0.0);
        const bool far = far_people >= many_min && far_people > 0;
        const bool thin = !v[f_supply].empty() && std::stod(v[f_supply]) < thin_below;
        const bool expected = many && (far || thin) && std::stod(v[f_pop]) > 0;
        EXPECT_EQ(v[f_desert] == "1", expected) << communes.values[i][0];
        if (v[f_desert] == "1") {
            ++deserts;
            far_count += far;
            thin_count += thin;
            const bool by_car = far && car_far && without < expected_people;
            const bool by_no_car = far && no_car_far;
            far_no_car_count += by_no_car && !by_car;
            const std::string group = by_car && by_no_car ? "far by car and without a car"
                                      : by_no_car         ? "far without a car"
                                                          : "far by car";
            EXPECT_EQ(v[f_why], far && thin ? group + " and thin" : far ? group : "thin");
            // A place open 20 hours a week within 5 minutes by car: never far by car.
            if (!v[f_open].empty() && std::stod(v[f_open]) <= 5.0) {
                EXPECT_FALSE(by_car) << v[0];
            }
            // A commune with a place is thin, or far for its people without a car only
            // (its places are open fewer than 20 hours a week).
            if (std::stoi(v[f_places]) > 0) {
                EXPECT_TRUE(thin || (by_no_car && !by_car)) << v[0] << " has a place";
            }
            zone_pop[std::stoi(v[f_rank])] += std::stod(v[f_pop]);
        } else {
            EXPECT_TRUE(v[f_rank].empty());
            EXPECT_TRUE(v[f_why].empty());
        }
    }
    EXPECT_EQ(rule["communes"]["deserts"].get<std::size_t>(), deserts);
    EXPECT_GT(far_count, 5u);
    EXPECT_GT(far_no_car_count, 5u) << "the rule weighs the people without a car";
    EXPECT_GT(thin_count, 5u);
    EXPECT_GT(deserts, 50u);

    const auto zones = read_l93(region_run().out / "deserts.geojson");
    ASSERT_EQ(zones.size(), zone_pop.size());
    const auto z_rank = *zones.field("rank"), z_pop = *zones.field("population");
    const auto z_dem = *zones.field("demand");
    hublo::geom::Geos geos;
    double previous = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < zones.size(); ++k) {
        std::string why;
        EXPECT_TRUE(geos.is_valid(zones.polygons[k], &why)) << k << why;
        const int rank = std::stoi(zones.values[k][z_rank]);
        EXPECT_EQ(rank, static_cast<int>(k + 1));
        EXPECT_NEAR(std::stod(zones.values[k][z_pop]), zone_pop[rank], 1e-6);
        const double demand = std::stod(zones.values[k][z_dem]);
        EXPECT_LE(demand, previous); // ranked by demand at risk
        previous = demand;
        const auto bk = hublo::algorithms::geometry::bounds(zones.polygons[k]);
        for (std::size_t j = k + 1; j < zones.size(); ++j) {
            if (!bk.intersects(hublo::algorithms::geometry::bounds(zones.polygons[j]))) {
                continue;
            }
            const double a = hublo::algorithms::geometry::area(zones.polygons[k]);
            const double overlap = a - hublo::algorithms::geometry::area(
                                           geos.difference(zones.polygons[k], zones.polygons[j]));
            EXPECT_LT(overlap, 1.0) << "zones " << k + 1 << " and " << j + 1;
        }
    }
}

// Siting: ten communes without a place, gains not increasing (coverage is submodular),
// coverage growing, and lazy evaluation the same as the plain greedy (tested in the unit
// tests) here giving the picks of summary.json.
TEST(RegionDeserts, TenNewPlacesWithShrinkingGains) {
    const auto summary = read_json(region_run().out / "summary.json");
    const auto &s = summary["siting"];
    ASSERT_EQ(s["picks"].size(), 10u);
    const auto communes = read_json(region_run().out / "communes.geojson");
    std::map<std::string, std::int64_t> places_in;
    for (const auto &c : communes["features"]) {
        places_in[c["properties"]["code"]] = c["properties"]["places"].get<std::int64_t>();
    }
    double gain = std::numeric_limits<double>::infinity();
    double share = s["covered_share_before"].get<double>();
    EXPECT_GT(share, 0.9); // most of the region is within 15 minutes already
    for (const auto &p : s["picks"]) {
        EXPECT_EQ(places_in.at(p["id"]), 0) << p["id"];
        EXPECT_LE(p["gain"].get<double>(), gain);
        EXPECT_GT(p["covered_share"].get<double>(), share);
        gain = p["gain"].get<double>();
        share = p["covered_share"].get<double>();
    }
}
