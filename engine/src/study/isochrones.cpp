#include "study/isochrones.hpp"

#include "hublo/algorithms/network/snap.hpp"
#include "io/crs.hpp"
#include "io/csv.hpp"
#include "io/geojson_writer.hpp"
#include "io/text.hpp"
#include "io/vector.hpp"
#include "model/layer.hpp"
#include "network/network.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace hublo::study {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;
using namespace algorithms::network;

std::vector<MultiPolygon> make_bands(const algorithms::isochrone::Raster &raster,
                                     const BandSettings &bands, geom::Geos &geos) {
    std::vector<MultiPolygon> cumulative;
    cumulative.reserve(bands.minutes.size());
    for (const double m : bands.minutes) {
        MultiPolygon mp = algorithms::isochrone::contour(raster, m * 60.0);
        if (bands.generalize_m > 0) {
            mp = geos.simplify(mp, bands.generalize_m);
        }
        if (bands.denoise_m2 > 0) {
            std::erase_if(mp, [&](const algorithms::geometry::Polygon &p) {
                return algorithms::geometry::area(p) < bands.denoise_m2;
            });
        }
        // Marching squares gives valid rings except where a saddle's two crossings meet at
        // one point; GEOS repairs those few.
        if (!geos.is_valid(mp)) {
            mp = geos.make_valid(mp);
        }
        cumulative.push_back(std::move(mp));
    }
    if (!bands.disjoint) {
        return cumulative;
    }
    std::vector<MultiPolygon> out;
    out.reserve(cumulative.size());
    for (std::size_t k = 0; k < cumulative.size(); ++k) {
        out.push_back(k == 0 ? cumulative[0] : geos.difference(cumulative[k], cumulative[k - 1]));
    }
    return out;
}

std::vector<std::vector<MultiPolygon>>
origin_isochrones(const Graph &graph, const SegmentIndex &segments, std::span<const XY> origins,
                  std::span<const Snap> snaps,
                  const algorithms::isochrone::OriginParameters &surface, const BandSettings &bands,
                  unsigned threads, const std::function<void(std::size_t)> &progress) {
    surface.validate();
    std::vector<std::vector<MultiPolygon>> out(origins.size());
    if (origins.empty()) {
        return out;
    }
    threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, origins.size()));
    std::atomic<std::size_t> next{0}, done{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](bool caller) {
        try {
            algorithms::isochrone::OriginSurface builder(graph, segments);
            geom::Geos geos;
            for (std::size_t i = next++; i < origins.size(); i = next++) {
                if (snaps[i].snapped()) {
                    out[i] =
                        make_bands(builder.compute(origins[i], snaps[i], surface), bands, geos);
                }
                ++done;
                if (caller && progress) {
                    progress(done.load());
                }
            }
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
            next = origins.size(); // the others stop at their next origin
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work, false);
    }
    work(true);
    for (auto &th : pool) {
        th.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    return out;
}

double people_inside(const MultiPolygon &polygon, std::span<const XY> points,
                     std::span<const double> weights) {
    const auto box = algorithms::geometry::bounds(polygon);
    double sum = 0.0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (box.contains(points[i]) && !std::isnan(weights[i]) &&
            algorithms::geometry::contains(polygon, points[i])) {
            sum += weights[i];
        }
    }
    return sum;
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto &c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

/// The first of `names` among `fields`, compared without case.
std::optional<std::size_t> find_field(const std::vector<std::string> &fields,
                                      std::initializer_list<std::string_view> names) {
    for (const auto name : names) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (lower(fields[i]) == name) {
                return i;
            }
        }
    }
    return std::nullopt;
}

std::string joined(const std::vector<std::string> &fields) {
    std::string out;
    for (const auto &f : fields) {
        out += (out.empty() ? "" : ", ") + f;
    }
    return out;
}

} // namespace

std::vector<IsochroneOrigin> read_points_file(const std::filesystem::path &path) {
    std::vector<IsochroneOrigin> out;
    const auto ext = lower(path.extension().string());
    if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
        const io::CsvTable csv = io::read_csv(path);
        const auto c_lon = find_field(csv.header, {"lon", "lng", "longitude", "long", "x"});
        const auto c_lat = find_field(csv.header, {"lat", "latitude", "y"});
        if (!c_lon || !c_lat) {
            throw Error(ErrorKind::input,
                        path.string() + ": no " + (c_lon ? "latitude" : "longitude") +
                            " column; name them lon and lat (or lng/longitude/x and "
                            "latitude/y), in WGS84 degrees. Columns found: " +
                            joined(csv.header));
        }
        const auto c_id = find_field(csv.header, {"id", "identifiant", "code"});
        const auto c_name = find_field(csv.header, {"name", "nom"});
        for (std::size_t r = 0; r < csv.rows.size(); ++r) {
            const auto &row = csv.rows[r];
            bool bad = false;
            const auto lon = io::parse_number(row[*c_lon], csv.decimal_comma(), &bad);
            const auto lat = io::parse_number(row[*c_lat], csv.decimal_comma(), &bad);
            if (!lon || !lat || bad || std::abs(*lon) > 180 || std::abs(*lat) > 90) {
                throw Error(ErrorKind::data, path.string() + ":" + std::to_string(csv.row_line[r]) +
                                                 ": lon/lat \"" + row[*c_lon] + "\", \"" +
                                                 row[*c_lat] +
                                                 "\" are not WGS84 degrees; fix or remove the row");
            }
            out.push_back({*lon, *lat, c_id ? row[*c_id] : "", c_name ? row[*c_name] : ""});
        }
    } else {
        const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
        const auto layer =
            io::read_vector({path, "", "EPSG:4326", "--origins"}, wgs84, io::GeometryKind::points);
        const auto f_id = find_field(layer.fields, {"id", "identifiant", "code"});
        const auto f_name = find_field(layer.fields, {"name", "nom"});
        for (std::size_t i = 0; i < layer.size(); ++i) {
            if (!layer.points[i]) {
                throw Error(ErrorKind::data, layer.source + ": feature " +
                                                 std::to_string(layer.fids[i]) +
                                                 " has no point; give it one or remove it");
            }
            out.push_back({layer.points[i]->x, layer.points[i]->y,
                           f_id ? layer.values[i][*f_id] : "",
                           f_name ? layer.values[i][*f_name] : ""});
        }
    }
    if (out.empty()) {
        throw Error(ErrorKind::data, path.string() + ": no origin in the file");
    }
    return out;
}

model::Layer isochrone_layer(const StudyConfig &cfg, const network::RoadNetwork &net,
                             const SegmentIndex &segments, const IsochroneRequest &request) {
    if (!cfg.network.enabled) {
        throw Error(ErrorKind::input, "isochrones need a road network: add a [network] section "
                                      "to the study");
    }
    const auto &minutes = request.minutes;
    if (minutes.empty()) {
        throw Error(ErrorKind::input,
                    "give one or more thresholds in minutes (--minutes 10,20,30)");
    }
    for (std::size_t k = 0; k < minutes.size(); ++k) {
        if (!(minutes[k] > 0) || !std::isfinite(minutes[k])) {
            throw Error(ErrorKind::input, "--minutes: " + io::format_number(minutes[k]) +
                                              " is not a number of minutes above 0");
        }
        if (k > 0 && !(minutes[k] > minutes[k - 1])) {
            throw Error(ErrorKind::input, "--minutes: thresholds must increase (" +
                                              io::format_number(minutes[k - 1]) + " then " +
                                              io::format_number(minutes[k]) +
                                              "); write them in order, e.g. 10,20,30");
        }
    }
    const std::string bands_name = request.bands.empty() ? cfg.isochrones.bands : request.bands;
    if (bands_name != "cumulative" && bands_name != "disjoint") {
        throw Error(ErrorKind::input, "--bands " + bands_name +
                                          ": write cumulative (0-10, 0-20...) or disjoint "
                                          "(0-10, 10-20...)");
    }
    std::vector<IsochroneOrigin> origins = request.origins;
    if (!request.origins_file.empty()) {
        auto more = read_points_file(request.origins_file);
        origins.insert(origins.end(), more.begin(), more.end());
    }
    if (origins.empty()) {
        throw Error(ErrorKind::input, "give an origin: --origin LON,LAT or --origins FILE");
    }

    const io::Crs crs = io::Crs::from_user(cfg.crs, "[study] crs");
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    const io::Transformer to_study(wgs84, crs), to_wgs84(crs, wgs84);
    std::vector<XY> xy;
    std::vector<Snap> snaps;
    for (std::size_t o = 0; o < origins.size(); ++o) {
        xy.push_back(to_study.apply(XY{origins[o].lon, origins[o].lat}));
        snaps.push_back(segments.snap(xy.back(), cfg.network.max_snap_m));
        if (!snaps.back().snapped()) {
            throw Error(ErrorKind::data,
                        "origin " + (origins[o].id.empty() ? "" : origins[o].id + " ") + "at " +
                            std::to_string(origins[o].lon) + "," + std::to_string(origins[o].lat) +
                            " is further than " +
                            std::to_string(static_cast<int>(cfg.network.max_snap_m)) +
                            " m from any road of the network; check its lon,lat order or raise "
                            "[network] max_snap_m");
        }
    }

    algorithms::isochrone::OriginParameters surface;
    surface.cell_m = cfg.isochrones.enabled ? cfg.isochrones.cell_m : 100.0;
    surface.max_offroad_m = cfg.isochrones.enabled ? cfg.isochrones.max_offroad_m : 1000.0;
    surface.offroad_speed_kmh = cfg.network.offroad_speed_kmh;
    surface.limit_s = minutes.back() * 60.0;
    surface.direction = request.to_origin ? Direction::reverse : Direction::forward;
    BandSettings bands{minutes, bands_name == "disjoint", cfg.isochrones.denoise_m2,
                       cfg.isochrones.generalize_m};
    auto polygons =
        origin_isochrones(net.graph, segments, xy, snaps, surface, bands, request.threads);

    model::Layer layer;
    layer.name = "isochrones";
    auto &origin_f = layer.add_field("origin", model::FieldType::string);
    auto &name_f = layer.add_field("name", model::FieldType::string);
    auto &lon_f = layer.add_field("lon", model::FieldType::real);
    auto &lat_f = layer.add_field("lat", model::FieldType::real);
    auto &from_f = layer.add_field("minutes_from", model::FieldType::real);
    auto &to_f = layer.add_field("minutes_to", model::FieldType::real);
    auto &area_f = layer.add_field("area_km2", model::FieldType::real);
    geom::Geos geos;
    const double grid = std::pow(10.0, -cfg.outputs.decimals);
    for (std::size_t o = 0; o < origins.size(); ++o) {
        for (std::size_t k = 0; k < minutes.size(); ++k) {
            auto &mp = polygons[o][k];
            origin_f.values.emplace_back(origins[o].id.empty() ? std::to_string(o + 1)
                                                               : origins[o].id);
            name_f.values.emplace_back(origins[o].name);
            lon_f.values.emplace_back(origins[o].lon);
            lat_f.values.emplace_back(origins[o].lat);
            from_f.values.emplace_back(bands.disjoint && k > 0 ? minutes[k - 1] : 0.0);
            to_f.values.emplace_back(minutes[k]);
            area_f.values.emplace_back(std::round(algorithms::geometry::area(mp) / 1e4) / 100.0);
            to_wgs84.apply(mp);
            layer.polygons.push_back(geos.round_valid(mp, grid));
        }
    }
    return layer;
}

std::size_t isochrones_command(const StudyConfig &cfg, const IsochroneRequest &request) {
    if (!cfg.network.enabled) {
        throw Error(ErrorKind::input, "isochrones need a road network: add a [network] section "
                                      "to the study");
    }
    const io::Crs crs = io::Crs::from_user(cfg.crs, "[study] crs");
    const auto net = network::load_network(cfg.network, crs);
    const SegmentIndex segments(net.graph);
    const model::Layer layer = isochrone_layer(cfg, net, segments, request);
    std::string text;
    io::write_geojson(layer, {cfg.outputs.decimals, false}, text);
    const auto &output = request.output;
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
            std::filesystem::remove(tmp, ec);
            throw Error(ErrorKind::input, output.string() + ": cannot be written; check the "
                                                            "folder and free space");
        }
    }
    std::filesystem::rename(tmp, output);
    return layer.size();
}

} // namespace hublo::study
