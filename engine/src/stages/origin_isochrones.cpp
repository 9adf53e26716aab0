#include "stages/origin_isochrones.hpp"

#include "io/geojson_writer.hpp"
#include "io/text.hpp"

#include <cmath>

namespace hublo::stages {

using algorithms::geometry::XY;
using namespace algorithms::network;

namespace {
/// One feature per origin and threshold: the band's minutes and label, area, the people of
/// the study's demand points inside it (and their demand at risk) when given; then the
/// polygon in WGS84 at the output decimals.
model::Layer origin_layer(const OriginIsochronesInputs &request,
                          std::vector<std::vector<algorithms::geometry::MultiPolygon>> &polygons,
                          bool disjoint, int decimals, const io::Transformer &to_wgs84,
                          geom::Geos &geos) {
    const auto &origins = request.origins;
    const auto &minutes = request.minutes;
    model::Layer layer;
    layer.name = "isochrones";
    // Origin ids typed: integers when every id is one (the command line's 1, 2... or a
    // file's numeric ids), text otherwise.
    auto id_of = [&](std::size_t o) {
        return origins[o].id.empty() ? std::to_string(o + 1) : origins[o].id;
    };
    bool integers = true;
    for (std::size_t o = 0; o < origins.size() && integers; ++o) {
        const auto id = id_of(o);
        integers = id.size() < 19 && id.find_first_not_of("0123456789") == std::string::npos &&
                   (id.size() == 1 || id[0] != '0');
    }
    auto &origin_f =
        layer.add_field("origin", integers ? model::FieldType::integer : model::FieldType::string);
    auto &name_f = layer.add_field("name", model::FieldType::string);
    auto &lon_f = layer.add_field("lon", model::FieldType::real);
    auto &lat_f = layer.add_field("lat", model::FieldType::real);
    auto &from_f = layer.add_field("minutes_from", model::FieldType::real);
    auto &to_f = layer.add_field("minutes_to", model::FieldType::real);
    auto &band_f = layer.add_field("band", model::FieldType::string);
    auto &area_f = layer.add_field("area_km2", model::FieldType::real);
    model::Field *people_f = nullptr, *risk_f = nullptr;
    if (request.demand) {
        people_f = &layer.add_field("population", model::FieldType::real);
        if (!request.at_risk.empty()) {
            risk_f = &layer.add_field("demand_at_risk", model::FieldType::real);
        }
    }
    const double grid = std::pow(10.0, -decimals);
    for (std::size_t o = 0; o < origins.size(); ++o) {
        for (std::size_t k = 0; k < minutes.size(); ++k) {
            auto &mp = polygons[o][k];
            const double from = disjoint && k > 0 ? minutes[k - 1] : 0.0;
            origin_f.values.push_back(integers ? model::Value{std::int64_t{std::stoll(id_of(o))}}
                                               : model::Value{id_of(o)});
            name_f.values.emplace_back(origins[o].name);
            lon_f.values.emplace_back(origins[o].lon);
            lat_f.values.emplace_back(origins[o].lat);
            from_f.values.emplace_back(from);
            to_f.values.emplace_back(minutes[k]);
            band_f.values.emplace_back(io::json_number(from) + "-" + io::json_number(minutes[k]) +
                                       " min");
            area_f.values.emplace_back(std::round(algorithms::geometry::area(mp) / 1e4) / 100.0);
            if (people_f) {
                const auto &d = *request.demand;
                people_f->values.emplace_back(std::round(people_inside(mp, d.xy, d.weight) * 10) /
                                              10);
            }
            if (risk_f) {
                risk_f->values.emplace_back(
                    std::round(people_inside(mp, request.demand->xy, request.at_risk) * 10) / 10);
            }
            to_wgs84.apply(mp);
            layer.polygons.push_back(geos.round_valid(mp, grid));
        }
    }
    return layer;
}
} // namespace

model::Layer run_origin_isochrones(const OriginIsochronesSettings &settings,
                                   const OriginIsochronesInputs &request, StageContext &ctx) {
    const auto &net = request.network.net;
    const auto &segments = request.network.segments;
    const auto &iso = settings.isochrones;
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
    const std::string bands_name = request.bands.empty() ? iso.bands : request.bands;
    if (bands_name != "cumulative" && bands_name != "disjoint") {
        throw Error(ErrorKind::input, "--bands " + bands_name +
                                          ": write cumulative (0-10, 0-20...) or disjoint "
                                          "(0-10, 10-20...)");
    }
    const auto &origins = request.origins;
    if (origins.empty()) {
        throw Error(ErrorKind::input, "give an origin: --origin LON,LAT or --origins FILE");
    }

    const io::Crs &crs = ctx.crs;
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    const io::Transformer to_study(wgs84, crs), to_wgs84(crs, wgs84);
    std::vector<XY> xy;
    std::vector<Snap> snaps;
    for (std::size_t o = 0; o < origins.size(); ++o) {
        xy.push_back(to_study.apply(XY{origins[o].lon, origins[o].lat}));
        snaps.push_back(segments.snap(xy.back(), settings.network.max_snap_m));
        if (!snaps.back().snapped()) {
            throw Error(ErrorKind::data,
                        "origin " + (origins[o].id.empty() ? "" : origins[o].id + " ") + "at " +
                            std::to_string(origins[o].lon) + "," + std::to_string(origins[o].lat) +
                            " is further than " +
                            std::to_string(static_cast<int>(settings.network.max_snap_m)) +
                            " m from any road of the network; check its lon,lat order or raise "
                            "[network] max_snap_m");
        }
    }

    algorithms::isochrone::OriginParameters surface;
    surface.cell_m = iso.enabled ? iso.cell_m : 100.0;
    surface.max_offroad_m = iso.enabled ? iso.max_offroad_m : 1000.0;
    surface.offroad_speed_kmh = settings.network.offroad_speed_kmh;
    surface.limit_s = minutes.back() * 60.0;
    surface.direction = request.to_origin ? Direction::reverse : Direction::forward;
    BandSettings bands{minutes, bands_name == "disjoint", iso.denoise_m2, iso.generalize_m};
    auto polygons = origin_isochrones(net.graph, segments, xy, snaps, surface, bands, ctx.threads);

    return origin_layer(request, polygons, bands.disjoint, settings.decimals, to_wgs84, ctx.geos);
}

} // namespace hublo::stages
