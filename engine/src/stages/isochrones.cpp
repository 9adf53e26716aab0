#include "stages/isochrones.hpp"

#include "core/issue_log.hpp"
#include "core/parallel.hpp"
#include "hublo/algorithms/isochrone/last_leg.hpp"
#include "io/geojson_writer.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

namespace hublo::stages {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;
using namespace algorithms::network;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

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
    threads = core::resolve_threads(threads);
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

void BandColumns::add(double lo, double hi, const MultiPolygon &geom, double population,
                      double risk) {
    from.values.emplace_back(lo);
    to.values.emplace_back(hi);
    band.values.emplace_back(io::json_number(lo) + "-" + io::json_number(hi) + " min");
    area.values.emplace_back(std::round(algorithms::geometry::area(geom) / 1e4) / 100.0);
    people.values.emplace_back(population);
    at_risk.values.push_back(std::isnan(risk) ? model::Value{}
                                              : model::Value{std::round(risk * 10) / 10});
}

NodePeople spread_people(const IsochronesInputs &in, std::span<const std::uint32_t> label,
                         const algorithms::isochrone::Raster &raster, StageContext &ctx) {
    const auto &demand = in.demand;
    const std::size_t n = in.communes.size(), np = demand.xy.size();
    std::vector<std::vector<std::uint32_t>> points_of(n);
    for (std::uint32_t p = 0; p < np; ++p) {
        points_of[demand.commune[p]].push_back(p);
    }
    NodePeople out;
    auto &owner = out.point;
    std::vector<std::uint32_t> nodes_of_point(np, 0);
    for (std::size_t i = 0; i < label.size(); ++i) {
        const auto c = label[i];
        if (c == algorithms::isochrone::kNoArea || points_of[c].empty()) {
            continue;
        }
        const XY xy{raster.x0 + static_cast<double>(i % raster.cols) * raster.cell,
                    raster.y0 + static_cast<double>(i / raster.cols) * raster.cell};
        std::uint32_t best = points_of[c][0];
        double best_d2 = std::numeric_limits<double>::infinity();
        for (const auto p : points_of[c]) {
            const double dx = demand.xy[p].x - xy.x, dy = demand.xy[p].y - xy.y;
            if (dx * dx + dy * dy < best_d2) { // ties keep the first point
                best_d2 = dx * dx + dy * dy;
                best = p;
            }
        }
        out.node.push_back(i);
        owner.push_back(best);
        ++nodes_of_point[best];
    }
    out.at_point.assign(np, 0);
    std::size_t kept = 0;
    std::vector<std::string> examples;
    for (std::uint32_t p = 0; p < np; ++p) {
        if (!nodes_of_point[p]) {
            out.at_point[p] = 1;
            ++kept;
            core::keep_example(examples, in.communes.codes[demand.commune[p]]);
        }
    }
    out.people.reserve(owner.size());
    out.at_risk.reserve(owner.size());
    for (const auto p : owner) {
        const double w = std::isnan(demand.weight[p]) ? 0.0 : demand.weight[p];
        out.people.push_back(w / nodes_of_point[p]);
        out.at_risk.push_back(in.at_risk.empty() ? 0.0 : in.at_risk[p] / nodes_of_point[p]);
    }
    ctx.log.add_count("band_people_at_point",
                      "demand points whose commune holds no raster node of [isochrones] cell_m: "
                      "their people are counted in the band of their own access time",
                      kept, examples);
    return out;
}

namespace {

/// Coverage isochrones: the time surface towards the nearest place on a raster over the
/// communes, contoured at each threshold (cumulative bands), then made disjoint, denoised
/// and generalised as asked; each band with its area and the people of the demand points in
/// it.
model::Layer coverage_isochrones(const IsochronesSettings &iso, const IsochronesInputs &in,
                                 std::vector<model::Layer> &mode_layers, StageContext &ctx) {
    const auto &communes = in.communes;
    const auto &access = in.access;
    const auto &demand = in.demand;
    const auto &at_risk = in.at_risk;
    algorithms::geometry::Box box;
    for (const auto &g : communes.geoms) {
        box.expand(algorithms::geometry::bounds(g));
    }
    algorithms::isochrone::SurfaceParameters prm;
    prm.cell_m = iso.cell_m;
    prm.x0 = std::floor(box.min_x / iso.cell_m) * iso.cell_m - iso.cell_m;
    prm.y0 = std::floor(box.min_y / iso.cell_m) * iso.cell_m - iso.cell_m;
    prm.cols = static_cast<std::size_t>((box.max_x - prm.x0) / iso.cell_m) + 3;
    prm.rows = static_cast<std::size_t>((box.max_y - prm.y0) / iso.cell_m) + 3;
    prm.offroad_speed_kmh = in.network_settings.offroad_speed_kmh;
    prm.max_offroad_m = iso.max_offroad_m;
    prm.limit_s = iso.minutes.back() * 60.0;
    prm.direction = algorithms::network::Direction::reverse;
    prm.threads = ctx.threads;
    auto surface = algorithms::isochrone::time_surface(in.network.net.graph, in.network.segments,
                                                       access.nodes.time_s, prm);
    const bool by_area = iso.band_people == "area";
    std::vector<std::uint32_t> label;
    const bool modes = in.modes && in.modes_result && !in.modes_result->modes.empty();
    if (iso.last_leg_circuity > 0 || by_area || modes) {
        label = algorithms::isochrone::label_nodes(communes.geoms, prm.cols, prm.rows, prm.x0,
                                                   prm.y0, prm.cell_m);
    }
    if (iso.last_leg_circuity > 0) {
        algorithms::isochrone::carry_last_leg(surface, label, prm.cols, prm.rows, prm.cell_m,
                                              iso.last_leg_circuity /
                                                  (prm.offroad_speed_kmh / 3.6));
    }
    const algorithms::isochrone::Raster raster{prm.cols, prm.rows,   prm.x0,
                                               prm.y0,   prm.cell_m, surface};
    const auto spread = by_area ? spread_people(in, label, raster, ctx) : NodePeople{};
    if (modes) {
        // A mode's bands count the people where the modes stage puts them (the place in a
        // one-point commune, else its points): the communes' <mode>_min figures, not the
        // people spread over the land, whom walking distances would misplace most.
        mode_layers = mode_isochrones(iso, in, {prm.cols, prm.rows, prm.x0, prm.y0, prm.cell_m},
                                      label, nullptr, ctx);
    }

    const BandSettings bands{iso.minutes, iso.bands == "disjoint", iso.denoise_m2,
                             iso.generalize_m};
    auto geoms = make_bands(raster, bands, ctx.geos);

    model::Layer layer;
    layer.name = "isochrones";
    BandColumns columns(layer);
    // What the bands stand on, said in every row when they stand in for more than the roads.
    model::Field *method = nullptr;
    std::string said;
    if (iso.last_leg_circuity > 0 || by_area) {
        method = &layer.add_field("method", model::FieldType::string);
        said = "roads, then off-road up to " + io::json_number(iso.max_offroad_m) + " m";
        if (iso.last_leg_circuity > 0) {
            said += "; beyond, the last leg at " + io::json_number(prm.offroad_speed_kmh) +
                    " km/h / circuity " + io::json_number(iso.last_leg_circuity) +
                    " (approximated)";
        }
        if (by_area) {
            said += "; people: each commune's spread evenly over its land";
        }
    }
    const bool disjoint = iso.bands == "disjoint";
    for (std::size_t k = 0; k < iso.minutes.size(); ++k) {
        const double lo = disjoint && k > 0 ? iso.minutes[k - 1] : 0.0;
        const double hi = iso.minutes[k];
        MultiPolygon geom = std::move(geoms[k]);
        double pop = 0.0, risky = 0.0;
        auto in_band = [&](double t) { return t <= hi * 60.0 && (!(lo > 0) || t > lo * 60.0); };
        if (by_area) {
            for (std::size_t i = 0; i < spread.node.size(); ++i) {
                if (in_band(surface[spread.node[i]])) {
                    pop += spread.people[i];
                    risky += spread.at_risk[i];
                }
            }
        }
        for (std::size_t p = 0; p < demand.xy.size(); ++p) {
            const double w = demand.weight[p];
            if ((!by_area || spread.at_point[p]) && in_band(access.demand_time_s[p])) {
                pop += std::isnan(w) ? 0.0 : w;
                risky += at_risk.empty() ? 0.0 : at_risk[p];
            }
        }
        pop = std::round(pop * 10) / 10;
        columns.add(lo, hi, geom, pop, at_risk.empty() ? kNaN : risky);
        if (method) {
            method->values.emplace_back(said);
        }
        layer.polygons.push_back(std::move(geom));
    }
    return layer;
}

/// Per-place isochrones: for every place on the network, the area from which it is reached
/// within each threshold (reverse searches, the direction of the access times), with the
/// people of the demand points inside each band.
model::Layer place_isochrones(const IsochronesSettings &iso, const IsochronesInputs &in,
                              const std::function<void(std::size_t)> &progress, StageContext &ctx) {
    const auto &places = in.places;
    const auto &demand = in.demand;
    const auto &at_risk = in.at_risk;
    algorithms::isochrone::OriginParameters surface;
    surface.cell_m = iso.cell_m;
    surface.max_offroad_m = iso.max_offroad_m;
    surface.offroad_speed_kmh = in.network_settings.offroad_speed_kmh;
    surface.limit_s = iso.minutes.back() * 60.0;
    surface.direction = algorithms::network::Direction::reverse;
    const BandSettings bands{iso.minutes, iso.bands == "disjoint", iso.denoise_m2,
                             iso.generalize_m};
    std::vector<XY> xy;
    for (const auto &p : places) {
        xy.push_back(p.xy);
    }
    auto geoms = origin_isochrones(in.network.net.graph, in.network.segments, xy,
                                   in.access.place_snaps, surface, bands, ctx.threads, progress);

    model::Layer layer;
    layer.name = "place_isochrones";
    auto &id = layer.add_field("place_id", model::FieldType::string);
    auto &name = layer.add_field("place_name", model::FieldType::string);
    BandColumns columns(layer);
    for (std::size_t p = 0; p < places.size(); ++p) {
        for (std::size_t k = 0; k < geoms[p].size(); ++k) {
            const double lo = bands.disjoint && k > 0 ? iso.minutes[k - 1] : 0.0;
            const double hi = iso.minutes[k];
            auto &geom = geoms[p][k];
            id.values.emplace_back(places[p].id);
            name.values.emplace_back(places[p].name);
            columns.add(lo, hi, geom,
                        std::round(people_inside(geom, demand.xy, demand.weight) * 10.0) / 10.0,
                        at_risk.empty() ? kNaN : people_inside(geom, demand.xy, at_risk));
            layer.polygons.push_back(std::move(geom));
        }
    }
    return layer;
}
} // namespace

IsochronesResult run_isochrones(const IsochronesSettings &settings, const IsochronesInputs &in,
                                StageContext &ctx) {
    IsochronesResult out;
    out.coverage = coverage_isochrones(settings, in, out.modes, ctx);
    if (settings.places) {
        ctx.begin("place isochrones");
        out.place_isochrones = place_isochrones(
            settings, in,
            [&](std::size_t done) {
                ctx.within("place isochrones " + std::to_string(done) + "/" +
                           std::to_string(in.places.size()));
            },
            ctx);
    }
    return out;
}

} // namespace hublo::stages
