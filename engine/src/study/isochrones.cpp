#include "study/isochrones.hpp"

#include "geom/geos.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "network/network.hpp"

#include <cmath>
#include <fstream>
#include <unistd.h>

namespace hublo::study {

using algorithms::geometry::XY;
using namespace algorithms::network;

std::size_t isochrones_from_origins(const StudyConfig &cfg,
                                    const std::vector<std::array<double, 2>> &lonlat,
                                    const std::vector<double> &minutes_in,
                                    const std::filesystem::path &output) {
    if (!cfg.network.enabled) {
        throw Error(ErrorKind::input, "isochrones need a road network: add a [network] section "
                                      "to the study");
    }
    std::vector<double> minutes = minutes_in;
    std::sort(minutes.begin(), minutes.end());
    if (minutes.empty() || !(minutes.front() > 0)) {
        throw Error(ErrorKind::input, "give one or more thresholds in minutes above 0 "
                                      "(--minutes 10,20,30)");
    }
    const io::Crs crs = io::Crs::from_user(cfg.crs, "[study] crs");
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    const io::Transformer to_study(wgs84, crs), to_wgs84(crs, wgs84);
    const auto net = network::load_network(cfg.network, crs);
    const SegmentIndex segments(net.graph);
    OffroadParameters offroad;
    offroad.speed_kmh = cfg.network.offroad_speed_kmh;
    offroad.max_snap_m = cfg.network.max_snap_m;
    const double cell = cfg.isochrones.enabled ? cfg.isochrones.cell_m : 100.0;
    const double reach = cfg.isochrones.enabled ? cfg.isochrones.max_offroad_m : 1000.0;
    const double limit = minutes.back() * 60.0;
    geom::Geos geos;

    model::Layer layer;
    layer.name = "isochrones";
    auto &origin_f = layer.add_field("origin", model::FieldType::integer);
    auto &lon_f = layer.add_field("lon", model::FieldType::real);
    auto &lat_f = layer.add_field("lat", model::FieldType::real);
    auto &min_f = layer.add_field("minutes", model::FieldType::real);
    auto &area_f = layer.add_field("area_km2", model::FieldType::real);
    for (std::size_t o = 0; o < lonlat.size(); ++o) {
        const XY p = to_study.apply(XY{lonlat[o][0], lonlat[o][1]});
        const Snap snap = segments.snap(p, offroad.max_snap_m);
        if (!snap.snapped()) {
            throw Error(ErrorKind::data,
                        "origin " + std::to_string(lonlat[o][0]) + "," +
                            std::to_string(lonlat[o][1]) + " is further than " +
                            std::to_string(static_cast<int>(offroad.max_snap_m)) +
                            " m from any road of the network; check its lon,lat order or raise "
                            "[network] max_snap_m");
        }
        // From the origin: along its segment to either end, after the off-road leg.
        std::vector<Seed> seeds;
        const double leg = offroad.seconds(snap.offroad_m);
        if (const auto e = segments.ab(snap.segment); e != kNoEdge) {
            seeds.push_back(
                {segments.b(snap.segment), leg + (1 - snap.t) * net.graph.time_s(e), 0});
        }
        if (const auto e = segments.ba(snap.segment); e != kNoEdge) {
            seeds.push_back({segments.a(snap.segment), leg + snap.t * net.graph.time_s(e), 0});
        }
        const auto times = nearest_seeds(net.graph, seeds, Direction::forward, limit);
        algorithms::geometry::Box box;
        box.expand(p);
        for (std::uint32_t v = 0; v < net.graph.node_count(); ++v) {
            if (times.time_s[v] <= limit) {
                box.expand(net.graph.xy(v));
            }
        }
        algorithms::isochrone::SurfaceParameters prm;
        prm.cell_m = cell;
        prm.x0 = std::floor((box.min_x - reach) / cell) * cell;
        prm.y0 = std::floor((box.min_y - reach) / cell) * cell;
        prm.cols = static_cast<std::size_t>((box.max_x + reach - prm.x0) / cell) + 2;
        prm.rows = static_cast<std::size_t>((box.max_y + reach - prm.y0) / cell) + 2;
        prm.offroad_speed_kmh = cfg.network.offroad_speed_kmh;
        prm.max_offroad_m = reach;
        prm.limit_s = limit;
        prm.direction = Direction::forward;
        auto surface = algorithms::isochrone::time_surface(net.graph, segments, times.time_s, prm);
        // The origin's own neighbourhood, before it joins the road: straight off-road legs.
        for (std::size_t r = 0; r < prm.rows; ++r) {
            for (std::size_t c = 0; c < prm.cols; ++c) {
                const double d = std::hypot(prm.x0 + c * cell - p.x, prm.y0 + r * cell - p.y);
                auto &v = surface[r * prm.cols + c];
                v = std::min(v, offroad.seconds(d) <= limit && d <= reach ? offroad.seconds(d) : v);
            }
        }
        const algorithms::isochrone::Raster raster{prm.cols, prm.rows, prm.x0,
                                                   prm.y0,   cell,     surface};
        for (const double m : minutes) {
            auto mp = algorithms::isochrone::contour(raster, m * 60.0);
            std::string reason;
            if (!geos.is_valid(mp, &reason)) {
                mp = geos.make_valid(mp);
            }
            origin_f.values.emplace_back(static_cast<std::int64_t>(o));
            lon_f.values.emplace_back(lonlat[o][0]);
            lat_f.values.emplace_back(lonlat[o][1]);
            min_f.values.emplace_back(m);
            area_f.values.emplace_back(std::round(algorithms::geometry::area(mp) / 1e4) / 100.0);
            to_wgs84.apply(mp);
            layer.polygons.push_back(geos.set_precision(mp, std::pow(10.0, -cfg.outputs.decimals)));
        }
    }
    std::string text;
    io::write_geojson(layer, {cfg.outputs.decimals, false}, text);
    std::error_code ec;
    if (output.has_parent_path()) {
        std::filesystem::create_directories(output.parent_path(), ec);
    }
    const auto tmp = output.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::filesystem::remove(tmp);
            throw Error(ErrorKind::input, output.string() + ": cannot be written; check the "
                                                            "folder and free space");
        }
    }
    std::filesystem::rename(tmp, output);
    return layer.size();
}

} // namespace hublo::study
