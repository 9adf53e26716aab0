#include "outputs/layers.hpp"

#include "core/strings.hpp"
#include "hublo/algorithms/geometry.hpp"
#include "io/geojson_writer.hpp"
#include "outputs/fields.hpp"

#include <cmath>

namespace hublo::outputs {

namespace {

double sum_known(double a, double b) {
    return std::isnan(b) ? a : a + b;
}

model::Layer communes_layer(const LayerSettings &settings, const StudyResults &r) {
    const auto &communes = r.communes.communes;
    const auto &levels = r.levels;
    const auto &places = r.places.places;
    const auto &population = r.population.population;
    model::Layer layer;
    layer.name = "communes";
    layer.polygons = communes.geoms;
    auto &code = layer.add_field("code", model::FieldType::string);
    auto &name = layer.add_field("name", model::FieldType::string);
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        code.values.emplace_back(communes.codes[i]);
        name.values.push_back(text(communes.names[i]));
    }
    for (std::size_t l = 0; l < levels.levels.size(); ++l) {
        auto &f = layer.add_field(levels.levels[l].id, model::FieldType::string);
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            const auto a = levels.memberships[l].area_of_commune[i];
            f.values.push_back(
                a < 0 ? model::Value{}
                      : model::Value{levels.levels[l].codes[static_cast<std::size_t>(a)]});
        }
    }
    auto &pop = layer.add_field("population", model::FieldType::integer);
    auto &np = layer.add_field("places", model::FieldType::integer);
    auto &area = layer.add_field("area_km2", model::FieldType::real);
    if (r.access) {
        add_commune_access(layer, *r.access, r.demand, places, settings.access);
    }
    if (r.risk) {
        add_commune_risk(layer, settings.risk, *r.risk);
    }
    if (r.illectronism) {
        add_commune_illectronism(layer, *r.illectronism);
    }
    if (r.modes) {
        add_commune_modes(layer, settings.modes, *r.modes);
    }
    if (r.accessibility) {
        add_commune_accessibility(layer, *r.accessibility);
    }
    if (r.deserts) {
        add_commune_deserts(layer, *r.deserts);
    }
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        pop.values.push_back(people(population[i]));
        np.values.emplace_back(r.places.places_in_commune[i]);
        area.values.emplace_back(std::round(algorithms::geometry::area(communes.geoms[i]) / 1e4) /
                                 100.0);
    }
    for (const auto &[n, values] : communes.indicators) {
        auto &f = layer.add_field(n, model::FieldType::real);
        for (const double v : values) {
            f.values.push_back(real(v));
        }
    }
    return layer;
}

model::Layer places_layer(const LayerSettings &settings, const StudyResults &r) {
    const auto &places = r.places.places;
    model::Layer layer;
    layer.name = "places";
    layer.geometry = model::GeometryType::points;
    auto &id = layer.add_field("id", model::FieldType::string);
    auto &name = layer.add_field("name", model::FieldType::string);
    auto &labels = layer.add_field("labels", model::FieldType::string);
    auto &commune = layer.add_field("commune", model::FieldType::string);
    auto &located = layer.add_field("located", model::FieldType::string);
    auto &address = layer.add_field("address", model::FieldType::string);
    auto &postcode = layer.add_field("postcode", model::FieldType::string);
    auto &siret = layer.add_field("siret", model::FieldType::string);
    auto &hours = layer.add_field("hours", model::FieldType::string);
    auto &hours_week = layer.add_field("hours_per_week", model::FieldType::real);
    auto &hours_source = layer.add_field("hours_source", model::FieldType::string);
    auto &open_days = layer.add_field("open_days", model::FieldType::integer);
    auto &saturday = layer.add_field("saturday", model::FieldType::integer);
    auto &evening = layer.add_field("evening", model::FieldType::integer);
    auto &service = layer.add_field("mobile_service", model::FieldType::string);
    auto &schedule = layer.add_field("stop_schedule", model::FieldType::string);
    auto &staff = layer.add_field("staff", model::FieldType::real);
    auto &capacity = layer.add_field("capacity", model::FieldType::real);
    auto &nsrc = layer.add_field("records", model::FieldType::integer);
    auto &sources = layer.add_field("sources", model::FieldType::string);
    if (r.places.outside_study > 0) {
        auto &in_study = layer.add_field("in_study", model::FieldType::integer);
        for (const auto &p : places) {
            in_study.values.emplace_back(std::int64_t{p.outside_study ? 0 : 1});
        }
    }
    if (r.access) {
        const auto *access = &*r.access;
        auto &road = layer.add_field("road_distance_m", model::FieldType::real);
        auto &within = layer.add_field("population_within_" +
                                           io::json_number(settings.access.catchment_min) + "min",
                                       model::FieldType::real);
        for (std::size_t i = 0; i < places.size(); ++i) {
            const auto &snap = access->place_snaps[i];
            road.values.push_back(snap.snapped()
                                      ? model::Value{std::round(snap.offroad_m * 10) / 10}
                                      : model::Value{});
            within.values.emplace_back(std::round(access->place_people_within[i]));
        }
    }
    for (const auto &p : places) {
        layer.points.push_back(p.xy);
        id.values.emplace_back(p.id);
        name.values.push_back(text(p.name));
        labels.values.push_back(text(core::join(p.labels, "|")));
        commune.values.push_back(text(p.commune_code));
        located.values.emplace_back(p.located);
        address.values.push_back(text(p.address));
        postcode.values.push_back(text(p.postcode));
        siret.values.push_back(text(p.siret));
        if (p.hours) {
            hours.values.emplace_back(p.hours->to_osm());
            open_days.values.emplace_back(std::int64_t{p.hours->open_days()});
            saturday.values.emplace_back(std::int64_t{p.hours->opens_saturday() ? 1 : 0});
            evening.values.emplace_back(std::int64_t{p.hours->opens_evening() ? 1 : 0});
        } else {
            hours.values.emplace_back();
            open_days.values.emplace_back();
            saturday.values.emplace_back();
            evening.values.emplace_back();
        }
        hours_week.values.emplace_back(p.hours_per_week);
        hours_source.values.emplace_back(p.hours_source);
        service.values.push_back(text(p.service));
        schedule.values.push_back(text(p.stop_schedule));
        staff.values.emplace_back(p.staff);
        capacity.values.emplace_back(p.capacity);
        nsrc.values.emplace_back(static_cast<std::int64_t>(p.sources.size()));
        sources.values.emplace_back(core::join(p.sources, "|"));
    }
    return layer;
}

model::Layer level_layer(std::size_t l, const StudyResults &r, const LayerSettings &settings) {
    const auto &communes = r.communes.communes;
    const auto &levels = r.levels;
    const auto &population = r.population.population;
    const auto &lv = levels.levels[l];
    model::Layer layer;
    layer.name = lv.id;
    layer.polygons = lv.geoms;
    std::vector<std::int64_t> n_communes(lv.codes.size(), 0), n_places(lv.codes.size(), 0);
    std::vector<double> pop(lv.codes.size(), 0.0), area(lv.codes.size(), 0.0);
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        const auto a = levels.memberships[l].area_of_commune[i];
        if (a < 0) {
            continue;
        }
        const auto k = static_cast<std::size_t>(a);
        ++n_communes[k];
        n_places[k] += r.places.places_in_commune[i];
        pop[k] = sum_known(pop[k], population[i]);
        area[k] += algorithms::geometry::area(communes.geoms[i]);
    }
    auto &code = layer.add_field("code", model::FieldType::string);
    auto &name = layer.add_field("name", model::FieldType::string);
    auto &nc = layer.add_field("communes", model::FieldType::integer);
    auto &pp = layer.add_field("population", model::FieldType::integer);
    auto &np = layer.add_field("places", model::FieldType::integer);
    auto &ak = layer.add_field("area_km2", model::FieldType::real);
    auto &geo = layer.add_field("geometry_origin", model::FieldType::string);
    for (std::size_t k = 0; k < lv.codes.size(); ++k) {
        code.values.emplace_back(lv.codes[k]);
        name.values.push_back(text(lv.names[k]));
        nc.values.emplace_back(n_communes[k]);
        pp.values.push_back(people(pop[k]));
        np.values.emplace_back(n_places[k]);
        // The area of the study's communes, even where the geometry reaches beyond.
        ak.values.emplace_back(std::round(area[k] / 1e4) / 100.0);
        geo.values.emplace_back(lv.geometry_origin[k]);
    }
    const auto &members = levels.memberships[l].area_of_commune;
    if (r.risk) {
        add_level_risk(layer, lv.codes.size(), members, population, *r.risk);
    }
    if (r.illectronism) {
        add_level_illectronism(layer, lv.codes.size(), members, r.illectronism->expected);
    }
    if (r.access) {
        add_level_access(layer, lv, members, r.demand, *r.access, settings.access);
    }
    if (r.modes) {
        add_level_modes(layer, lv.codes.size(), members, population, settings.modes,
                        settings.access.thresholds_min, *r.modes);
    }
    if (r.accessibility) {
        add_level_deserts(layer, lv.codes.size(), members, population, *r.accessibility,
                          r.deserts ? &*r.deserts : nullptr);
    }
    for (const auto &[n, values] : lv.indicators) {
        auto &f = layer.add_field(n, model::FieldType::real);
        for (const double v : values) {
            f.values.push_back(real(v));
        }
    }
    return layer;
}

model::Layer deserts_layer(const stages::DesertsResult &d, const model::AreaSet &communes) {
    model::Layer z;
    z.name = "deserts";
    auto &f_id = z.add_field("id", model::FieldType::string);
    auto &f_rank = z.add_field("rank", model::FieldType::integer);
    auto &f_name = z.add_field("name", model::FieldType::string);
    auto &f_nc = z.add_field("communes", model::FieldType::integer);
    auto &f_codes = z.add_field("commune_codes", model::FieldType::string);
    auto &f_pop = z.add_field("population", model::FieldType::integer);
    auto &f_dem = z.add_field("demand", model::FieldType::real);
    auto &f_tm = z.add_field("nearest_place_mean_min", model::FieldType::real);
    auto &f_tx = z.add_field("nearest_place_max_min", model::FieldType::real);
    auto &f_acc = z.add_field("accessibility", model::FieldType::real);
    auto &f_near = z.add_field("nearest_places", model::FieldType::string);
    auto &f_area = z.add_field("area_km2", model::FieldType::real);
    const bool reasons = !d.many.empty();
    model::Field *f_why = reasons ? &z.add_field("reasons", model::FieldType::string) : nullptr;
    model::Field *f_rob =
        reasons ? &z.add_field("robust_communes", model::FieldType::integer) : nullptr;
    // With [[modes]]: the zone's people at risk who are far (with a car by car, without by
    // their best mode), and those of them without a car.
    model::Field *f_far =
        d.by_group ? &z.add_field("at_risk_far", model::FieldType::real) : nullptr;
    model::Field *f_far_nc =
        d.by_group ? &z.add_field("at_risk_far_no_car", model::FieldType::real) : nullptr;
    for (const auto &zone : d.zones) {
        const auto &info = zone.info;
        std::vector<std::string> codes;
        for (const auto c : zone.communes) {
            codes.push_back(communes.codes[c]);
        }
        z.polygons.push_back(zone.polygon);
        f_id.values.emplace_back(info.id);
        f_rank.values.emplace_back(static_cast<std::int64_t>(info.rank));
        f_name.values.emplace_back(info.name);
        f_nc.values.emplace_back(static_cast<std::int64_t>(info.communes));
        f_codes.values.emplace_back(core::join(codes, "|"));
        f_pop.values.push_back(people(info.population));
        f_dem.values.emplace_back(std::round(info.demand * 10) / 10);
        f_tm.values.push_back(real(info.time_mean_min));
        f_tx.values.push_back(info.time_max_min < algorithms::network::kUnreached
                                  ? model::Value{info.time_max_min}
                                  : model::Value{});
        f_acc.values.emplace_back(info.accessibility);
        f_near.values.emplace_back(info.nearest_places);
        f_area.values.emplace_back(std::round(algorithms::geometry::area(z.polygons.back()) / 1e4) /
                                   100.0);
        if (reasons) {
            f_why->values.emplace_back(info.reasons);
            f_rob->values.emplace_back(static_cast<std::int64_t>(info.robust_communes));
        }
        if (d.by_group) {
            double far = 0, far_nc = 0;
            for (const auto c : zone.communes) {
                far += std::isnan(d.at_risk_far[c]) ? 0.0 : d.at_risk_far[c];
                far_nc += std::isnan(d.at_risk_far_no_car[c]) ? 0.0 : d.at_risk_far_no_car[c];
            }
            f_far->values.emplace_back(std::round(far * 10) / 10);
            f_far_nc->values.emplace_back(std::round(far_nc * 10) / 10);
        }
    }
    return z;
}

model::Layer recommendations_layer(const stages::SitingResult &s) {
    model::Layer rec;
    rec.name = "recommendations";
    rec.geometry = model::GeometryType::points;
    auto &f_rank = rec.add_field("rank", model::FieldType::integer);
    auto &f_id = rec.add_field("id", model::FieldType::string);
    auto &f_name = rec.add_field("name", model::FieldType::string);
    auto &f_commune = rec.add_field("commune", model::FieldType::string);
    auto &f_gain = rec.add_field("gain", model::FieldType::real);
    auto &f_gpop = rec.add_field("gain_population", model::FieldType::real);
    auto &f_cov = rec.add_field("covered", model::FieldType::real);
    auto &f_share = rec.add_field("covered_share", model::FieldType::real);
    model::Field *f_action = nullptr, *f_hours = nullptr;
    if (s.budgeted) {
        f_action = &rec.add_field("action", model::FieldType::string);
        f_hours = &rec.add_field("help_hours", model::FieldType::real);
    }
    for (const auto &p : s.proposals) {
        rec.points.push_back(p.xy);
        f_rank.values.emplace_back(static_cast<std::int64_t>(p.pick.rank));
        f_id.values.emplace_back(p.pick.id);
        f_name.values.emplace_back(p.pick.name);
        f_commune.values.emplace_back(p.pick.commune);
        f_gain.values.emplace_back(std::round(p.pick.gain * 10) / 10);
        f_gpop.values.emplace_back(std::round(p.gain_population));
        f_cov.values.emplace_back(std::round(p.covered * 10) / 10);
        f_share.values.emplace_back(std::round(p.pick.covered_share * 1e6) / 1e6);
        if (f_action) {
            f_action->values.emplace_back(p.pick.action);
            f_hours->values.emplace_back(std::round(p.pick.help_hours * 100) / 100);
        }
    }
    return rec;
}
std::string clock(double minutes) {
    const long m = std::lround(minutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", m / 60, m % 60);
    return buf;
}

/// The travelling service's days (lines along the roads) and stops (points, its timetable).
std::pair<model::Layer, model::Layer> tour_layers(const stages::TourResult &t,
                                                  const stages::TourSettings &s,
                                                  const model::AreaSet &communes) {
    model::Layer days;
    days.name = "tour";
    days.geometry = model::GeometryType::lines;
    auto &f_day = days.add_field("day", model::FieldType::integer);
    auto &f_week = days.add_field("week", model::FieldType::integer);
    auto &f_wd = days.add_field("weekday", model::FieldType::string);
    auto &f_leave = days.add_field("leaves", model::FieldType::string);
    auto &f_back = days.add_field("back", model::FieldType::string);
    auto &f_stops = days.add_field("stops", model::FieldType::integer);
    auto &f_drive = days.add_field("drive_min", model::FieldType::real);
    auto &f_km = days.add_field("km", model::FieldType::real);
    auto &f_new = days.add_field("people_new", model::FieldType::real);
    for (const auto &d : t.days) {
        if (d.stops == 0) {
            continue;
        }
        days.lines.push_back(d.line);
        f_day.values.emplace_back(static_cast<std::int64_t>(d.day + 1));
        f_week.values.emplace_back(static_cast<std::int64_t>(d.week));
        f_wd.values.emplace_back(std::string(stages::weekday_name(d.weekday)));
        f_leave.values.emplace_back(clock(d.start_min));
        f_back.values.emplace_back(clock(d.end_min));
        f_stops.values.emplace_back(static_cast<std::int64_t>(d.stops));
        f_drive.values.emplace_back(std::round(d.drive_min * 10) / 10);
        f_km.values.emplace_back(std::round(d.km * 10) / 10);
        f_new.values.emplace_back(std::round(d.new_people * 10) / 10);
    }
    model::Layer stops;
    stops.name = "tour_stops";
    stops.geometry = model::GeometryType::points;
    auto &g_day = stops.add_field("day", model::FieldType::integer);
    auto &g_week = stops.add_field("week", model::FieldType::integer);
    auto &g_wd = stops.add_field("weekday", model::FieldType::string);
    auto &g_order = stops.add_field("order", model::FieldType::integer);
    auto &g_commune = stops.add_field("commune", model::FieldType::string);
    auto &g_name = stops.add_field("name", model::FieldType::string);
    auto &g_arrive = stops.add_field("arrives", model::FieldType::string);
    auto &g_leave = stops.add_field("leaves", model::FieldType::string);
    auto &g_drive = stops.add_field("drive_min", model::FieldType::real);
    auto &g_hours = stops.add_field("hours_per_week", model::FieldType::real);
    auto &g_people = stops.add_field("people", model::FieldType::real);
    auto &g_new = stops.add_field("people_new", model::FieldType::real);
    auto &g_reached = stops.add_field("communes_reached", model::FieldType::string);
    for (const auto &st : t.stops) {
        const auto &d = t.days[st.day];
        stops.points.push_back(st.xy);
        g_day.values.emplace_back(static_cast<std::int64_t>(st.day + 1));
        g_week.values.emplace_back(static_cast<std::int64_t>(d.week));
        g_wd.values.emplace_back(std::string(stages::weekday_name(d.weekday)));
        g_order.values.emplace_back(static_cast<std::int64_t>(st.order));
        g_commune.values.emplace_back(communes.codes[st.commune]);
        g_name.values.push_back(text(communes.names[st.commune]));
        g_arrive.values.emplace_back(clock(st.arrive_min));
        g_leave.values.emplace_back(clock(st.depart_min));
        g_drive.values.emplace_back(std::round(st.drive_min * 10) / 10);
        g_hours.values.emplace_back(std::round(s.stop_minutes / 60.0 / s.weeks * 1000) / 1000);
        g_people.values.emplace_back(std::round(st.people * 10) / 10);
        g_new.values.emplace_back(std::round(st.new_people * 10) / 10);
        std::vector<std::string> codes;
        for (const auto c : st.communes_reached) {
            codes.push_back(communes.codes[c]);
        }
        g_reached.values.emplace_back(core::join(codes, "|"));
    }
    return {std::move(days), std::move(stops)};
}
} // namespace

std::vector<model::Layer> build_layers(const LayerSettings &settings, const StudyResults &r) {
    std::vector<model::Layer> layers;
    layers.push_back(communes_layer(settings, r));
    layers.push_back(places_layer(settings, r));
    for (std::size_t l = 0; l < r.levels.levels.size(); ++l) {
        layers.push_back(level_layer(l, r, settings));
    }
    if (r.isochrones) {
        layers.push_back(r.isochrones->coverage);
        if (r.isochrones->place_isochrones) {
            layers.push_back(*r.isochrones->place_isochrones);
        }
        for (const auto &mode : r.isochrones->modes) {
            layers.push_back(mode);
        }
    }
    if (r.deserts) {
        layers.push_back(deserts_layer(*r.deserts, r.communes.communes));
    }
    if (r.siting) {
        layers.push_back(recommendations_layer(*r.siting));
    }
    if (r.tour && settings.tour) {
        auto [days, stops] = tour_layers(*r.tour, *settings.tour, r.communes.communes);
        layers.push_back(std::move(days));
        layers.push_back(std::move(stops));
    }
    for (const auto &layer : layers) {
        require_unique_fields(layer, settings.tables);
    }
    return layers;
}

} // namespace hublo::outputs
