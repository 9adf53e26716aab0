// Road networks from files: a hand-drawn road-lines layer and the real Monaco OSM extract.
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/hublo.hpp"
#include "network/network.hpp"
#include "network/osm_profiles.hpp"

#include <gtest/gtest.h>

#include <map>

namespace fs = std::filesystem;
using namespace hublo;
using algorithms::network::kNoEdge;

namespace {
const fs::path kData = HUBLO_TEST_DATA_DIR;

network::NetworkSettings lines_config() {
    network::NetworkSettings c;
    c.enabled = true;
    c.format = "lines";
    c.source.path = kData / "roads_l93.geojson";
    c.source.context = "[network]";
    c.class_field = "road_class";
    c.oneway_field = "oneway";
    c.speeds_kmh = {{"national", 80}, {"departmental", 70}, {"metropolitan", 40}};
    c.sinuosity = 1.2;
    c.junction_tolerance_m = 1.0;
    return c;
}

network::NetworkSettings osm_config(const std::string &file, const std::string &profile) {
    network::NetworkSettings c;
    c.enabled = true;
    c.format = "osm";
    c.profile = profile;
    c.source.path = kData / file;
    c.source.context = "[network]";
    return c;
}

const io::Crs &l93() {
    static const io::Crs crs = io::Crs::from_user("EPSG:2154", "test");
    return crs;
}
const io::Crs &utm32() {
    static const io::Crs crs = io::Crs::from_user("EPSG:32632", "test");
    return crs;
}

std::string error_of(const network::NetworkSettings &c, const io::Crs &crs) {
    try {
        network::load_network(c, crs);
    } catch (const Error &e) {
        return e.what();
    }
    return "(no error)";
}
} // namespace

TEST(RoadLines, JunctionsAreSharedVerticesNotCrossings) {
    const auto net = network::load_road_lines(lines_config(), l93());
    EXPECT_EQ(net.input_nodes, 7u); // B's start merged into A's middle vertex (0.4 m)
    EXPECT_EQ(net.input_edges, 8u); // A 2x2, B 1 (one-way), C 2, D 1 (oneway = -1)
    EXPECT_EQ(net.components.components, 4u);
    EXPECT_EQ(net.graph.node_count(), 3u); // A alone is strongly connected
    EXPECT_EQ(net.graph.edge_count(), 4u);
    EXPECT_EQ(net.counts.at("features_oneway"), 2u);
    // 1000 m drawn, x 1.2 sinuosity, at 70 km/h.
    const auto e = net.graph.find_edge(0, 1);
    ASSERT_NE(e, kNoEdge);
    EXPECT_NEAR(net.graph.length_m(e), 1200.0, 1e-9);
    EXPECT_NEAR(net.graph.time_s(e), 1200.0 / (70.0 / 3.6), 1e-9);
    EXPECT_NEAR(net.length_km, 4 * 1.2, 1e-9);
}

TEST(RoadLines, TighterToleranceKeepsTheGap) {
    auto c = lines_config();
    c.junction_tolerance_m = 0.1;
    const auto net = network::load_road_lines(c, l93());
    EXPECT_EQ(net.input_nodes, 8u); // B's start is now a node of its own
}

TEST(RoadLines, MissingClassColumnIsAnInputError) {
    auto c = lines_config();
    c.class_field = "road_clas";
    const auto msg = error_of(c, l93());
    EXPECT_NE(msg.find("roads_l93.geojson: no field 'road_clas' (named by [network] class_field); "
                       "did you mean 'road_class'?"),
              std::string::npos)
        << msg;
}

TEST(RoadLines, UnknownClassNamesTheFeatureAndTheFix) {
    auto c = lines_config();
    c.speeds_kmh = {{"national", 80}, {"departmental", 70}};
    const auto msg = error_of(c, l93());
    EXPECT_NE(msg.find("feature 3 has road class 'metropolitan'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("add metropolitan = <km/h> to speeds_kmh"), std::string::npos) << msg;
}

TEST(Osm, MonacoCarGraph) {
    const auto net = network::load_osm(osm_config("monaco.osm.pbf", "car"), utm32());
    // Counts explained by tests/python/check_osm_counts.py with pyosmium.
    EXPECT_EQ(net.counts.at("highway_ways"), 2927u);
    EXPECT_EQ(net.counts.at("ways_used"), 1703u);
    EXPECT_EQ(net.counts.at("segments"), 16174u);
    EXPECT_EQ(net.input_nodes, 15714u);
    EXPECT_EQ(net.input_edges, 27575u);
    EXPECT_GT(net.graph.node_count(), 14000u);
    // Boulevard Albert 1er (way 4226740, oneway=yes): 25192130 -> 1737389127 only.
    std::map<std::int64_t, algorithms::network::NodeId> node;
    for (std::size_t i = 0; i < net.osm_node_id.size(); ++i) {
        node[net.osm_node_id[i]] = static_cast<algorithms::network::NodeId>(i);
    }
    ASSERT_TRUE(node.count(25192130) && node.count(1737389127));
    const auto a = node[25192130], b = node[1737389127];
    EXPECT_NE(net.graph.find_edge(a, b), kNoEdge);
    EXPECT_EQ(net.graph.find_edge(b, a), kNoEdge);
    // Primary road without maxspeed: 70 km/h.
    const auto e = net.graph.find_edge(a, b);
    EXPECT_NEAR(net.graph.length_m(e) / net.graph.time_s(e) * 3.6, 70.0, 1e-9);
}

TEST(Osm, WalkingIgnoresOneWaysAndReachesFootways) {
    const auto car = network::load_osm(osm_config("monaco.osm.pbf", "car"), utm32());
    const auto walk = network::load_osm(osm_config("monaco.osm.pbf", "walk"), utm32());
    EXPECT_GT(walk.counts.at("ways_used"), car.counts.at("ways_used"));
    EXPECT_EQ(walk.counts.count("ways_oneway"), 0u);
    std::map<std::int64_t, algorithms::network::NodeId> node;
    for (std::size_t i = 0; i < walk.osm_node_id.size(); ++i) {
        node[walk.osm_node_id[i]] = static_cast<algorithms::network::NodeId>(i);
    }
    const auto a = node.at(25192130), b = node.at(1737389127);
    EXPECT_NE(walk.graph.find_edge(b, a), kNoEdge); // pedestrians walk both ways
    const auto bike = network::load_osm(osm_config("monaco.osm.pbf", "bike"), utm32());
    EXPECT_GT(bike.graph.node_count(), 0u);
}

TEST(Osm, NoRoadForTheProfileIsADataError) {
    const auto msg = error_of(osm_config("no_roads.osm.pbf", "car"), utm32());
    EXPECT_NE(msg.find("no_roads.osm.pbf: no road for the car profile"), std::string::npos) << msg;
}

TEST(Osm, NotAPbfIsADataError) {
    const auto msg = error_of(osm_config("places.csv", "car"), utm32());
    EXPECT_NE(msg.find("cannot read it as OpenStreetMap PBF"), std::string::npos) << msg;
}

TEST(OsmProfiles, Rules) {
    using network::Profile;
    auto rule = [](Profile p, std::map<std::string, std::string> tags) {
        return network::way_rule(p, [&tags](const char *k) -> const char * {
            auto it = tags.find(k);
            return it == tags.end() ? nullptr : it->second.c_str();
        });
    };
    EXPECT_FALSE(rule(Profile::car, {{"highway", "footway"}}).usable);
    EXPECT_FALSE(rule(Profile::car, {{"highway", "residential"}, {"access", "private"}}).usable);
    EXPECT_TRUE(
        rule(Profile::car,
             {{"highway", "residential"}, {"access", "no"}, {"motor_vehicle", "destination"}})
            .usable);
    const auto rb = rule(Profile::car, {{"highway", "primary"}, {"junction", "roundabout"}});
    EXPECT_TRUE(rb.forward && !rb.backward);
    const auto rev = rule(Profile::car, {{"highway", "secondary"}, {"oneway", "-1"}});
    EXPECT_TRUE(!rev.forward && rev.backward);
    EXPECT_DOUBLE_EQ(
        rule(Profile::car, {{"highway", "primary"}, {"maxspeed", "FR:urban"}}).speed_kmh, 50.0);
    EXPECT_NEAR(rule(Profile::car, {{"highway", "primary"}, {"maxspeed", "30 mph"}}).speed_kmh,
                48.28, 0.01);
    const auto bike = rule(
        Profile::bike, {{"highway", "residential"}, {"oneway", "yes"}, {"oneway:bicycle", "no"}});
    EXPECT_TRUE(bike.forward && bike.backward);
    EXPECT_FALSE(rule(Profile::bike, {{"highway", "motorway"}}).usable);
    EXPECT_FALSE(rule(Profile::walk, {{"highway", "path"}, {"foot", "no"}}).usable);
    EXPECT_FALSE(network::parse_maxspeed("none").has_value());
}
