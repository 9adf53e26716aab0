// Travel times on the bundled region: its numbered road network (11 343 junctions), the
// 145 France Services of the region as places, and the 1754 communes as demand points.
#include "hublo/algorithms/access/e2sfca.hpp"
#include "hublo/algorithms/access/siting.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/crs.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"
#include "network/network.hpp"
#include "places/places.hpp"
#include "stages/isochrones.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>

using namespace hublo;
using namespace hublo::algorithms::network;

namespace {
const std::filesystem::path kDataset = HUBLO_DATASET_DIR;

struct Region {
    network::RoadNetwork net;
    std::unique_ptr<SegmentIndex> segments;
    std::vector<Snap> places, demand;
    std::vector<algorithms::geometry::XY> place_xy;
    std::vector<Seed> seeds;
    OffroadParameters offroad;
};

const Region &region() {
    static const Region r = [] {
        Region out;
        const auto l93 = io::Crs::from_user("EPSG:2154", "bench");
        network::NetworkSettings c;
        c.source.path = kDataset / "roads_numbered.geojson";
        c.source.context = "[network]";
        c.class_field = "road_class";
        c.speeds_kmh = {
            {"motorway", 110}, {"national", 80}, {"departmental", 70}, {"metropolitan", 40}};
        c.sinuosity = 1.2;
        out.net = network::load_road_lines(c, l93);
        out.segments = std::make_unique<SegmentIndex>(out.net.graph);
        out.offroad.speed_kmh = 30.0;
        out.offroad.max_snap_m = 5000.0;
        const io::Transformer to_l93(io::Crs::from_user("EPSG:4326", "bench"), l93);
        places::PlaceSource fs;
        fs.id = "fs";
        fs.format = "france_services";
        fs.source.path = kDataset / "france_services_cvl_20221201.csv";
        for (const auto &p : places::load_places(fs).records) {
            out.place_xy.push_back(to_l93.apply(*p.lonlat));
            out.places.push_back(out.segments->snap(out.place_xy.back(), 5000.0));
        }
        for (std::uint32_t i = 0; i < out.places.size(); ++i) {
            append_place_seeds(out.net.graph, *out.segments, out.places[i], out.offroad, i,
                               out.seeds);
        }
        const auto csv = io::read_csv(kDataset / "comparateur_territoires_2024.csv");
        const auto lon = *csv.column("lng"), lat = *csv.column("lat");
        for (const auto &row : csv.rows) {
            const algorithms::geometry::XY p{*io::parse_number(row[lon], false, nullptr),
                                             *io::parse_number(row[lat], false, nullptr)};
            out.demand.push_back(out.segments->snap(to_l93.apply(p), 5000.0));
        }
        return out;
    }();
    return r;
}
} // namespace

// Every junction's time to the nearest France Services: one multi-source search.
static void BM_RegionNearest(benchmark::State &state) {
    const auto &r = region();
    for (auto _ : state) {
        auto res = nearest_seeds(r.net.graph, r.seeds, Direction::reverse);
        benchmark::DoNotOptimize(res.time_s.data());
    }
    state.SetItemsProcessed(
        static_cast<std::int64_t>(state.iterations() * r.net.graph.node_count()));
    state.counters["nodes"] = static_cast<double>(r.net.graph.node_count());
}
BENCHMARK(BM_RegionNearest)->Unit(benchmark::kMicrosecond);

// All per-place 30-minute searches, counting the communes each place reaches.
static void BM_RegionCatchments(benchmark::State &state) {
    const auto &r = region();
    CatchmentParameters p;
    p.limit_s = 1800.0;
    p.threads = static_cast<unsigned>(state.range(0));
    std::size_t settled = 0;
    for (auto _ : state) {
        auto res = catchments(r.net.graph, *r.segments, r.places, r.demand, r.offroad, p);
        settled = res.settled;
        benchmark::DoNotOptimize(res.places_within.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * settled));
    state.counters["places"] = static_cast<double>(r.places.size());
}
BENCHMARK(BM_RegionCatchments)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Isochrones as in the default study: 30 minutes by car towards a place, 30 km/h off the
// numbered roads up to 1 km. The origin rotates over the 145 France Services, so the figure
// is the mean over the region's places.
algorithms::isochrone::OriginParameters isochrone_parameters(double cell_m) {
    algorithms::isochrone::OriginParameters p;
    p.cell_m = cell_m;
    p.offroad_speed_kmh = 30.0;
    p.max_offroad_m = 1000.0;
    p.limit_s = 1800.0;
    p.direction = Direction::reverse;
    return p;
}

// One place's 30-minute time surface (search, rasterisation), by cell size.
static void BM_PlaceSurface30(benchmark::State &state) {
    const auto &r = region();
    algorithms::isochrone::OriginSurface builder(r.net.graph, *r.segments);
    const auto prm = isochrone_parameters(static_cast<double>(state.range(0)));
    std::size_t i = 0, cells = 0;
    for (auto _ : state) {
        const auto k = i++ % r.places.size();
        const auto raster = builder.compute(r.place_xy[k], r.places[k], prm);
        cells += raster.values.size();
        benchmark::DoNotOptimize(raster.values.data());
    }
    state.counters["cells"] =
        benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_PlaceSurface30)
    ->Arg(50)
    ->Arg(100)
    ->Arg(250)
    ->Arg(500)
    ->ArgName("cell_m")
    ->Unit(benchmark::kMillisecond);

// One place's 30-minute isochrone, complete: surface, contour, GEOS validity check.
static void BM_PlaceIsochrone30(benchmark::State &state) {
    const auto &r = region();
    algorithms::isochrone::OriginSurface builder(r.net.graph, *r.segments);
    const auto prm = isochrone_parameters(static_cast<double>(state.range(0)));
    const stages::BandSettings bands{{30.0}, false, 0.0, 0.0};
    geom::Geos geos;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto k = i++ % r.places.size();
        auto mp = stages::make_bands(builder.compute(r.place_xy[k], r.places[k], prm), bands, geos);
        benchmark::DoNotOptimize(mp.data());
    }
}
BENCHMARK(BM_PlaceIsochrone30)
    ->Arg(100)
    ->Arg(250)
    ->ArgName("cell_m")
    ->Unit(benchmark::kMillisecond);

// Every place's 10, 20 and 30-minute isochrones at 250 m, as `[isochrones] places = true`.
static void BM_AllPlaceIsochrones(benchmark::State &state) {
    const auto &r = region();
    const auto prm = isochrone_parameters(250.0);
    const stages::BandSettings bands{{10.0, 20.0, 30.0}, false, 0.0, 0.0};
    for (auto _ : state) {
        auto all = stages::origin_isochrones(r.net.graph, *r.segments, r.place_xy, r.places, prm,
                                             bands, static_cast<unsigned>(state.range(0)));
        benchmark::DoNotOptimize(all.data());
    }
    state.counters["places"] = static_cast<double>(r.places.size());
}
BENCHMARK(BM_AllPlaceIsochrones)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The coverage surface: time to the nearest France Services on a raster over the whole
// region (one multi-source search, then every segment), by cell size; and its contours.
static void BM_CoverageSurface(benchmark::State &state) {
    const auto &r = region();
    const auto nodes = nearest_seeds(r.net.graph, r.seeds, Direction::reverse);
    algorithms::geometry::Box box;
    for (std::uint32_t v = 0; v < r.net.graph.node_count(); ++v) {
        box.expand(r.net.graph.xy(v));
    }
    algorithms::isochrone::SurfaceParameters prm;
    prm.cell_m = static_cast<double>(state.range(0));
    prm.x0 = std::floor(box.min_x / prm.cell_m) * prm.cell_m - prm.cell_m;
    prm.y0 = std::floor(box.min_y / prm.cell_m) * prm.cell_m - prm.cell_m;
    prm.cols = static_cast<std::size_t>((box.max_x - prm.x0) / prm.cell_m) + 3;
    prm.rows = static_cast<std::size_t>((box.max_y - prm.y0) / prm.cell_m) + 3;
    prm.offroad_speed_kmh = 30.0;
    prm.max_offroad_m = 1000.0;
    prm.limit_s = 1800.0;
    prm.direction = Direction::reverse;
    const bool contours = state.range(1) != 0;
    for (auto _ : state) {
        auto surface =
            algorithms::isochrone::time_surface(r.net.graph, *r.segments, nodes.time_s, prm);
        if (contours) {
            const algorithms::isochrone::Raster raster{prm.cols, prm.rows,   prm.x0,
                                                       prm.y0,   prm.cell_m, surface};
            for (const double t : {600.0, 1200.0, 1800.0}) {
                auto mp = algorithms::isochrone::contour(raster, t);
                benchmark::DoNotOptimize(mp.data());
            }
        }
        benchmark::DoNotOptimize(surface.data());
    }
    state.counters["cells"] = static_cast<double>(prm.cols * prm.rows);
}
BENCHMARK(BM_CoverageSurface)
    ->Args({100, 0})
    ->Args({250, 0})
    ->Args({500, 0})
    ->Args({250, 1})
    ->ArgNames({"cell_m", "contours"})
    ->Unit(benchmark::kMillisecond);

// E2SFCA over the region: the 145 France Services' 30-minute catchments (exact times),
// then both steps, with the Luo & Qi band weights.
static void BM_RegionE2sfca(benchmark::State &state) {
    const auto &r = region();
    CatchmentParameters p;
    p.limit_s = 1800.0;
    p.threads = 1;
    const std::vector<double> capacity(r.places.size(), 1.0), demand(r.demand.size(), 100.0);
    const auto decay = algorithms::access::Decay::steps({600.0, 1200.0, 1800.0}, {1.0, 0.68, 0.22});
    for (auto _ : state) {
        const auto reach =
            catchment_times(r.net.graph, *r.segments, r.places, r.demand, r.offroad, p);
        auto e = algorithms::access::e2sfca(reach, capacity, demand, decay);
        benchmark::DoNotOptimize(e.accessibility.data());
    }
}
BENCHMARK(BM_RegionE2sfca)->Unit(benchmark::kMillisecond);

// Siting k = 10 new places among the 1771 communes' points (every one a candidate), each
// covering the most demand not yet within 15 minutes of a France Services: the candidates'
// catchments, then the lazy greedy.
static void BM_RegionSiting10(benchmark::State &state) {
    const auto &r = region();
    CatchmentParameters p;
    p.limit_s = 900.0;
    p.threads = 1;
    const std::vector<double> demand(r.demand.size(), 100.0);
    const auto existing = catchments(r.net.graph, *r.segments, r.places, r.demand, r.offroad, p);
    std::vector<std::uint8_t> covered(r.demand.size());
    for (std::size_t i = 0; i < covered.size(); ++i) {
        covered[i] = existing.places_within[i] > 0 ? 1 : 0;
    }
    std::size_t evaluations = 0;
    for (auto _ : state) {
        const auto reach =
            catchment_times(r.net.graph, *r.segments, r.demand, r.demand, r.offroad, p);
        auto s = algorithms::access::greedy_cover(reach, demand, covered, 10);
        evaluations = s.evaluations;
        benchmark::DoNotOptimize(s.picks.data());
    }
    state.counters["candidates"] = static_cast<double>(r.demand.size());
    state.counters["gain_evaluations"] = static_cast<double>(evaluations);
}
BENCHMARK(BM_RegionSiting10)->Unit(benchmark::kMillisecond);

// Snapping the 1771 demand points onto the network (R-tree of segments).
static void BM_RegionSnap(benchmark::State &state) {
    const auto &r = region();
    const auto csv = io::read_csv(kDataset / "comparateur_territoires_2024.csv");
    const io::Transformer to_l93(io::Crs::from_user("EPSG:4326", "bench"),
                                 io::Crs::from_user("EPSG:2154", "bench"));
    std::vector<algorithms::geometry::XY> pts;
    for (const auto &row : csv.rows) {
        pts.push_back(to_l93.apply({*io::parse_number(row[*csv.column("lng")], false, nullptr),
                                    *io::parse_number(row[*csv.column("lat")], false, nullptr)}));
    }
    for (auto _ : state) {
        for (const auto &p : pts) {
            benchmark::DoNotOptimize(r.segments->snap(p, 5000.0));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pts.size()));
}
BENCHMARK(BM_RegionSnap)->Unit(benchmark::kMicrosecond);

// The graph and seeds exported by `hublo run --set outputs.network=true` into the folder
// named by $HUBLO_EXPORT_DIR: the same search that bench/compare_networkx_scipy.py times
// with networkx and scipy.
static void BM_ExportedNearest(benchmark::State &state) {
    const char *dir = std::getenv("HUBLO_EXPORT_DIR");
    if (!dir) {
        state.SkipWithError("set HUBLO_EXPORT_DIR to a folder written with outputs.network");
        return;
    }
    const auto nodes = io::read_csv(std::filesystem::path(dir) / "network_nodes.csv");
    const auto edges = io::read_csv(std::filesystem::path(dir) / "network_edges.csv");
    const auto seeds_csv = io::read_csv(std::filesystem::path(dir) / "network_seeds.csv");
    std::vector<algorithms::geometry::XY> xy(nodes.rows.size());
    std::vector<EdgeInput> e;
    for (const auto &row : edges.rows) {
        e.push_back({static_cast<NodeId>(std::stoul(row[0])),
                     static_cast<NodeId>(std::stoul(row[1])), std::stod(row[2]),
                     std::stod(row[3])});
    }
    const Graph g(std::move(xy), e);
    std::vector<Seed> seeds;
    for (const auto &row : seeds_csv.rows) {
        seeds.push_back({static_cast<NodeId>(std::stoul(row[0])), std::stod(row[1]),
                         static_cast<std::uint32_t>(std::stoul(row[2]))});
    }
    for (auto _ : state) {
        auto r = nearest_seeds(g, seeds, Direction::reverse);
        benchmark::DoNotOptimize(r.time_s.data());
    }
    state.counters["nodes"] = static_cast<double>(g.node_count());
    state.counters["seeds"] = static_cast<double>(seeds.size());
}
BENCHMARK(BM_ExportedNearest)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
