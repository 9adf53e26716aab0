#include "study/run.hpp"

#include "core/parallel.hpp"
#include "core/stage_clock.hpp"
#include "io/geojson_writer.hpp"
#include "io/writers.hpp"
#include "outputs/dictionary.hpp"
#include "outputs/fields.hpp"
#include "outputs/layers.hpp"
#include "outputs/monograph.hpp"
#include "outputs/write.hpp"
#include "stages/context.hpp"
#include "study/background.hpp"
#include "study/plan.hpp"
#include "study/summary_json.hpp"

#include <algorithm>
#include <filesystem>
#include <future>

namespace hublo::study {

namespace {

using outputs::StudyResults;

/// The study CRS, parsed once; it must be metric.
io::Crs study_crs(const StudyConfig &cfg) {
    io::Crs crs = io::Crs::from_user(cfg.crs, "[study] crs");
    if (crs.is_geographic()) {
        throw Error(ErrorKind::input, "[study] crs " + cfg.crs +
                                          " is geographic (degrees); the study needs a metric CRS "
                                          "such as \"EPSG:2154\" (Lambert-93)");
    }
    return crs;
}

/// Progress to the caller's callback, and its interrupt polled between steps.
stages::StageContext::ProgressFn progress_of(const RunOptions &options) {
    return [&options](std::string_view stage, std::size_t done, std::size_t total) {
        if (options.interrupted && done < total && options.interrupted()) {
            throw Error(ErrorKind::interrupted,
                        "interrupted at stage '" + std::string(stage) +
                            "'; nothing was written, the previous outputs are as they were");
        }
        if (options.on_progress) {
            options.on_progress(Progress{stage, done, total});
        }
    };
}

/// Everything up to the places: the inputs read and aligned, population, risk.
void load_and_align(const Plan &plan, StudyResults &r, core::StageClock &clock,
                    stages::StageContext &ctx) {
    const auto &cfg = plan.config;
    ctx.begin(stage_name(Stage::load_communes));
    r.communes = stages::run_load_communes(cfg.communes, ctx);
    // The age grid needs the communes' polygons only: with two threads, read meanwhile.
    std::future<stages::AgeGrid> age_grid;
    if (ctx.threads > 1 && plan.has(Stage::illectronism) && cfg.risk.age_grid) {
        age_grid = std::async(std::launch::async, [&cfg, &r, crs = ctx.crs] {
            return stages::read_age_grid(cfg.risk, r.communes.communes, crs);
        });
    }
    clock.lap("load communes");
    ctx.begin(stage_name(Stage::load_tables));
    r.tables = stages::run_load_tables(cfg.tables, ctx, &r.communes);
    clock.lap("load tables");
    ctx.begin(stage_name(Stage::align_levels));
    r.levels = stages::run_align_levels({cfg.levels, cfg.tables, &cfg.communes},
                                        {r.communes, r.tables}, ctx);
    for (auto &column : r.levels.commune_indicators) {
        r.communes.communes.indicators.push_back(std::move(column));
    }
    clock.lap("align levels");
    ctx.begin(stage_name(Stage::population));
    r.population = stages::run_population(cfg.population, {r.communes, cfg.tables, r.tables}, ctx);
    clock.lap("population");
    if (plan.has(Stage::risk)) {
        ctx.begin(stage_name(Stage::risk));
        r.risk = stages::run_risk(cfg.risk, {r.communes.communes, r.population.population}, ctx);
        clock.lap("risk");
    }
    if (plan.has(Stage::illectronism)) {
        ctx.begin(stage_name(Stage::illectronism));
        stages::IllectronismInputs in{r.communes.communes, std::nullopt};
        if (age_grid.valid()) {
            in.age_grid = age_grid.get();
        }
        r.illectronism = stages::run_illectronism(cfg.risk, std::move(in), ctx);
        clock.lap("illectronism");
    }
    ctx.begin(stage_name(Stage::places));
    r.places = stages::run_places({cfg.places, cfg.merge_distance_m, cfg.place_outside_tolerance_m,
                                   cfg.supply, cfg.closed_places, cfg.place_hours_edits,
                                   cfg.place_staff_edits},
                                  {r.communes.communes, &r.communes.outside}, ctx);
    clock.lap("load places");
}

/// The travel-time stages and those that read them.
void travel(const Plan &plan, Background &background, StudyResults &r, RunSummary &summary,
            core::StageClock &clock, stages::StageContext &ctx) {
    const auto &cfg = plan.config;
    const auto &communes = r.communes.communes;
    ctx.begin(stage_name(Stage::network));
    auto loaded = background.take_network();
    if (loaded) {
        summary.stage_detail_seconds.emplace_back("road network: loading (second thread)",
                                                  loaded->seconds);
    }
    r.network = stages::run_network(cfg.network, {std::move(loaded)}, ctx);
    clock.lap("road network");
    ctx.begin(stage_name(Stage::demand));
    r.demand = stages::run_demand(cfg.access.demand, {communes, r.population.population}, ctx);
    clock.lap("demand");
    ctx.begin(stage_name(Stage::access));
    r.access = stages::run_access(
        cfg.access, {*r.network, cfg.network, r.places.places, r.demand, communes}, ctx);
    for (const auto &[part, s] : r.access->seconds) {
        summary.stage_detail_seconds.emplace_back("travel times: " + part, s);
    }
    clock.lap("travel times");
    const std::span<const double> risk_index =
        r.risk ? std::span<const double>(r.risk->index) : std::span<const double>();
    const std::span<const double> expected =
        r.illectronism ? std::span<const double>(r.illectronism->expected.expected)
                       : std::span<const double>();
    if (r.risk || r.illectronism) {
        // The demand at risk of every point, for the isochrone bands and what follows.
        r.at_risk = stages::demand_at_risk(r.demand, r.population.population, risk_index, expected);
    }
    if (plan.has(Stage::modes)) {
        ctx.begin(stage_name(Stage::modes));
        r.modes = stages::run_modes(
            cfg.modes, {communes, expected, r.demand, r.places.places, *r.access}, ctx);
        clock.lap("without a car");
    }
    static const std::vector<double> kNoRisk;
    if (plan.has(Stage::isochrones)) {
        ctx.begin(stage_name(Stage::isochrones));
        r.isochrones =
            stages::run_isochrones(cfg.isochrones,
                                   {communes, r.places.places, *r.network, cfg.network, *r.access,
                                    r.demand, r.at_risk ? r.at_risk->people : kNoRisk,
                                    r.modes ? &cfg.modes : nullptr, r.modes ? &*r.modes : nullptr},
                                   ctx);
        clock.lap("isochrones");
    }
    if (plan.has(Stage::tour)) {
        ctx.begin(stage_name(Stage::tour));
        r.tour = stages::run_tour(cfg.tour,
                                  {communes, r.demand, r.places.places, *r.access, *r.network,
                                   cfg.network, cfg.modes, *r.modes},
                                  ctx);
        clock.lap("travelling service");
    }
    if (!plan.has(Stage::accessibility)) {
        return;
    }
    const auto at_risk =
        r.at_risk ? *r.at_risk
                  : stages::demand_at_risk(r.demand, r.population.population, risk_index, expected);
    ctx.begin(stage_name(Stage::accessibility));
    r.accessibility = stages::run_accessibility(
        cfg.accessibility,
        {r.demand, at_risk, r.places.places, *r.access, *r.network, cfg.network, communes.size()},
        ctx);
    clock.lap("accessibility");
    if (plan.has(Stage::deserts)) {
        ctx.begin(stage_name(Stage::deserts));
        std::span<const double> none;
        const auto *ill = r.illectronism ? &r.illectronism->expected : nullptr;
        r.deserts = stages::run_deserts(
            cfg.deserts,
            {communes, ill ? std::span<const double>(ill->expected) : none,
             ill ? std::span<const double>(ill->low) : none,
             ill ? std::span<const double>(ill->high) : none,
             ill ? std::span<const double>(ill->people_15plus) : none, r.population.population,
             risk_index, r.demand, *r.access, *r.accessibility, r.places.places,
             r.modes ? std::span<const double>(r.modes->at_risk_no_car) : none,
             r.modes && !cfg.modes.modes.empty() ? std::span<const double>(r.modes->no_car_ratio)
                                                 : none},
            ctx);
        clock.lap("deserts");
    }
    if (plan.has(Stage::siting)) {
        ctx.begin(stage_name(Stage::siting));
        r.siting = stages::run_siting(
            cfg.siting,
            {communes, r.population.population, r.places.places_in_commune, r.demand, at_risk,
             *r.access, *r.network, cfg.network, r.places.places, *r.accessibility,
             r.modes ? &cfg.modes : nullptr, r.modes ? &*r.modes : nullptr},
            ctx);
        clock.lap("siting");
    }
}

/// The run's figures for the caller (the CLI's table, the C++ facade).
void summarise(const Plan &plan, const StudyResults &r, RunSummary &summary) {
    summary.communes = r.communes.communes.size();
    summary.population = r.population.total;
    summary.place_records = r.places.records;
    summary.places_outside_study = r.places.outside_study;
    summary.places = r.places.places.size();
    if (r.accessibility) {
        summary.demand_kind = r.accessibility->demand_kind;
        const double covered = r.siting ? r.siting->covered_before : 0.0;
        // Of the demand the siting objective counts (all of it, or the worst-served fifth's).
        const double total = r.siting && (plan.config.siting.objective != "cover" ||
                                          plan.config.siting.travel != "car")
                                 ? r.siting->total
                                 : r.accessibility->demand_total;
        summary.covered_share_before = total > 0 ? covered / total : 0.0;
        summary.siting_objective = plan.config.siting.objective;
        summary.siting_travel = plan.config.siting.travel;
        summary.siting_minutes = plan.config.siting.minutes;
        if (r.siting && r.siting->exact && r.siting->total > 0) {
            const auto &e = *r.siting->exact;
            auto &x = summary.siting_exact;
            x.ran = true;
            x.optimal = e.optimal;
            x.covered_share = e.covered / r.siting->total;
            x.bound_share = e.bound / r.siting->total;
            x.greedy_share = r.siting->proposals.empty()
                                 ? r.siting->covered_before / r.siting->total
                                 : r.siting->proposals.back().covered / r.siting->total;
            x.seconds = e.seconds;
            x.variables = e.variables;
            x.constraints = e.constraints;
            x.ids = r.siting->exact_ids;
            std::vector<std::string> greedy_ids;
            for (const auto &p : r.siting->proposals) {
                greedy_ids.push_back(p.pick.id);
            }
            std::sort(greedy_ids.begin(), greedy_ids.end());
            auto exact_ids = x.ids;
            std::sort(exact_ids.begin(), exact_ids.end());
            x.same_picks = exact_ids == greedy_ids;
            if (x.same_picks || x.covered_share < x.greedy_share) {
                x.covered_share = x.greedy_share; // the same sum, in another order
                x.bound_share = x.optimal ? x.greedy_share : x.bound_share;
            }
        }
    }
    if (r.tour) {
        auto &t = summary.tour;
        t.ran = true;
        t.label = plan.config.tour.label;
        t.depot = r.tour->depot_name;
        for (const auto &d : r.tour->days) {
            t.days += d.stops > 0 ? 1 : 0;
        }
        t.stops = r.tour->stops.size();
        t.candidates = r.tour->candidates;
        t.reached = r.tour->reached;
        t.far_within = r.tour->far_within;
        t.stop_hours_per_week = r.tour->stop_hours_per_week;
        t.work_hours_per_week = r.tour->work_hours_per_week;
        if (const auto &b = r.tour->best_fixed) {
            t.best_fixed = r.communes.communes.names[b->commune];
            t.best_fixed_people = b->people;
        }
    }
    if (r.deserts) {
        for (const auto &zone : r.deserts->zones) {
            summary.deserts.push_back(zone.info);
        }
    }
    if (r.siting) {
        for (const auto &p : r.siting->proposals) {
            summary.siting.push_back(p.pick);
        }
    }
}

/// How the car's times were made, in French, for the monographs' methods.
std::string network_note_fr(const StudyConfig &cfg) {
    if (!cfg.network.enabled) {
        return "pas de réseau routier dans l'étude : pas de temps de parcours";
    }
    auto fr = [](double v) {
        std::string s = io::json_number(v);
        std::replace(s.begin(), s.end(), '.', ',');
        return s;
    };
    const std::string file = cfg.network.source.path.filename().string();
    std::string note = cfg.network.format == "osm"
                           ? "extrait OpenStreetMap « " + file + " », profil " + cfg.network.profile
                           : "réseau routier « " + file + " »";
    if (cfg.network.sinuosity != 1.0) {
        note +=
            ", longueurs × " + fr(cfg.network.sinuosity) + " (routes tracées en lignes droites)";
    }
    return note + ", du point de départ à la route à " + fr(cfg.network.offroad_speed_kmh) +
           " km/h";
}

/// The monographs of [outputs] monographs, in the folder monographs/.
void write_monographs(const Plan &plan, const std::vector<model::Layer> &layers,
                      const StudyResults &r, Background &background, io::OutputStage &stage,
                      stages::StageContext &ctx) {
    const auto &cfg = plan.config;
    outputs::MonographSettings m;
    m.level = cfg.outputs.monographs;
    for (const auto &l : cfg.levels) {
        if (l.id == m.level) {
            m.level_label = l.label.empty() ? l.id : l.label;
        }
    }
    m.areas = cfg.outputs.monograph_areas;
    m.study_id = cfg.id;
    m.study_name = cfg.name;
    m.version = HUBLO_VERSION_STRING;
    m.study_sha256 = io::sha256(cfg.checksum_text);
    m.far_min = cfg.deserts.enabled ? cfg.deserts.time_min : cfg.far_min;
    m.modes_note = r.modes ? outputs::modes_note_fr(cfg.modes, *r.modes) : "";
    m.network_note = network_note_fr(cfg);
    m.attribution = cfg.attribution;
    m.inputs = input_checksums(cfg, plan.has(Stage::network), background.checksums());
    for (auto &f : outputs::make_monographs(m, layers, ctx.geos)) {
        stage.write("monographs/" + f.name, f.text);
    }
}

/// Writes every output and summary.json under temporary names, then moves them in place;
/// returns summary.json's text.
std::string write_all(const Plan &plan, const RunOptions &options,
                      const std::vector<model::Layer> &layers, const StudyResults &r,
                      Background &background, RunSummary &summary, core::StageClock &clock,
                      stages::StageContext &ctx) {
    const auto &cfg = plan.config;
    ctx.begin(stage_name(Stage::write));
    summary.output_dir = options.output_dir.empty() ? cfg.outputs.dir : options.output_dir;
    io::OutputStage stage(summary.output_dir);
    outputs::ReportSettings report{
        cfg.id,
        cfg.name,
        cfg.outputs.report_simplify_m,
        r.modes ? outputs::modes_note(cfg.modes, *r.modes) : "",
        r.modes ? outputs::report_minutes(cfg.modes, *r.modes)
                : std::vector<outputs::ReportMinutes>{},
        cfg.modes.no_car.open_hours,
        cfg.isochrones.enabled && cfg.isochrones.last_leg_circuity > 0
            ? "Coverage bands: exact up to " + io::json_number(cfg.isochrones.max_offroad_m) +
                  " m from a road; beyond, the last leg over the communes' land at " +
                  io::json_number(cfg.network.offroad_speed_kmh) + " km/h / circuity " +
                  io::json_number(cfg.isochrones.last_leg_circuity) + " (approximated)" +
                  (cfg.isochrones.band_people == "area"
                       ? "; a band's people are each commune's people spread evenly over its land."
                       : ".")
            : std::string()};
    report.attribution = cfg.attribution;
    const model::Layer dictionary = outputs::dictionary_layer(layers, cfg.tables);
    outputs::write_outputs(stage, cfg.outputs, report, layers, dictionary, r, ctx.crs, ctx.threads,
                           ctx.geos);
    if (!cfg.outputs.monographs.empty()) {
        write_monographs(plan, layers, r, background, stage, ctx);
    }
    clock.lap("write outputs");
    std::vector<std::string> files;
    for (const auto &entry : std::filesystem::directory_iterator(stage.staged(""))) {
        files.push_back(entry.path().filename().string());
    }
    files.emplace_back("summary.json");
    std::sort(files.begin(), files.end());
    summary.stage_seconds = clock.laps();
    std::string text =
        summary_json({cfg, r, summary, plan.has(Stage::network), background.checksums(), files});
    stage.write("summary.json", text);
    stage.publish();
    summary.files = stage.files();
    return text;
}
} // namespace

RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write,
                   RunProducts *products) {
    Plan plan = make_plan(config, options, write);
    const auto &cfg = plan.config;
    const unsigned threads =
        core::resolve_threads(options.threads ? options.threads : cfg.access.threads);
    stages::StageContext ctx(study_crs(cfg), threads, progress_of(options));
    ctx.set_steps(plan.steps());
    core::StageClock clock;
    RunSummary summary;
    summary.study_id = cfg.id;
    // With two threads or more, the road network (then the inputs' checksums) loads on a
    // second thread while this one reads the communes, tables, levels and places.
    Background background(cfg, ctx.crs, plan.has(Stage::network), write, threads);
    StudyResults r;
    load_and_align(plan, r, clock, ctx);
    if (plan.has(Stage::network)) {
        travel(plan, background, r, summary, clock, ctx);
    }
    summarise(plan, r, summary);
    ctx.begin(stage_name(Stage::layers));
    auto layers =
        outputs::build_layers({cfg.access, cfg.risk, cfg.modes, cfg.tables, &cfg.tour}, r);
    for (const auto &layer : layers) {
        summary.layers.push_back(LayerInfo{layer.name, layer.size()});
    }
    clock.lap("build layers");
    summary.issues = ctx.log.take();
    std::string text;
    if (write) {
        text = write_all(plan, options, layers, r, background, summary, clock, ctx);
    } else {
        summary.stage_seconds = clock.laps();
        if (products) {
            text = summary_json(
                {cfg, r, summary, plan.has(Stage::network), background.checksums(), {}});
        }
    }
    if (products) {
        products->layers = std::move(layers);
        products->summary_json = std::move(text);
    }
    ctx.finish();
    return summary;
}

DemandPoints demand_points(const StudyConfig &config, unsigned threads) {
    const Plan plan = make_plan(config, RunOptions{}, false);
    const auto &cfg = plan.config;
    stages::StageContext ctx(study_crs(cfg), core::resolve_threads(threads));
    core::StageClock clock;
    StudyResults r;
    load_and_align(plan, r, clock, ctx);
    DemandPoints out;
    out.demand =
        stages::run_demand(cfg.access.demand, {r.communes.communes, r.population.population}, ctx);
    if (r.risk || r.illectronism) {
        const std::span<const double> risk_index =
            r.risk ? std::span<const double>(r.risk->index) : std::span<const double>();
        const std::span<const double> expected =
            r.illectronism ? std::span<const double>(r.illectronism->expected.expected)
                           : std::span<const double>();
        out.at_risk =
            stages::demand_at_risk(out.demand, r.population.population, risk_index, expected)
                .people;
    }
    return out;
}

} // namespace hublo::study
