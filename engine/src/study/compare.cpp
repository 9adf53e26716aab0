#include "study/compare.hpp"

#include "geom/geos.hpp"
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "io/writers.hpp"
#include "outputs/compare_page.hpp"
#include "outputs/write.hpp"
#include "study/run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace hublo::study {

namespace {

double number(const model::Value &v) {
    if (const auto *d = std::get_if<double>(&v)) {
        return *d;
    }
    if (const auto *n = std::get_if<std::int64_t>(&v)) {
        return static_cast<double>(*n);
    }
    return std::nan("");
}

const model::Field *field(const model::Layer &l, const std::string &name) {
    for (const auto &f : l.fields) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

/// The region's figures of a run, from its layers.
ScenarioTotals totals(const std::vector<model::Layer> &layers, double far_min,
                      const std::vector<std::string> &modes) {
    ScenarioTotals t;
    if (const auto *places = model::find_layer(layers, "places")) {
        t.places = places->size();
    }
    if (const auto *deserts = model::find_layer(layers, "deserts")) {
        t.desert_zones = deserts->size();
    }
    const auto *c = model::find_layer(layers, "communes");
    if (!c) {
        return t;
    }
    const auto *demand = field(*c, "demand_at_risk");
    const auto *minutes = field(*c, "nearest_place_min");
    const auto *desert = field(*c, "desert");
    const auto *allocated = field(*c, "supply_allocated");
    double hours = 0;
    for (std::size_t i = 0; i < c->size(); ++i) {
        const double d = demand ? number(demand->values[i]) : 0.0;
        const double people = std::isfinite(d) ? d : 0.0;
        t.at_risk += people;
        if (minutes && !(number(minutes->values[i]) <= far_min)) {
            t.at_risk_far += people;
        }
        if (desert && number(desert->values[i]) == 1) {
            ++t.desert_communes;
            t.at_risk_in_deserts += people;
        }
        const double a = allocated ? number(allocated->values[i]) : 0.0;
        hours += std::isfinite(a) ? a : 0.0;
    }
    t.help_hours_per_1000 = t.at_risk > 0 ? hours / t.at_risk * 1000 : 0.0;
    // Without a car: everyone, those far by every mode, and by each mode.
    const auto *no_car = field(*c, "at_risk_no_car");
    const auto *far = field(*c, "no_car_far");
    if (!no_car) {
        return t;
    }
    t.no_car_far_by_mode.assign(modes.size(), {});
    for (std::size_t k = 0; k < modes.size(); ++k) {
        t.no_car_far_by_mode[k].first = modes[k];
    }
    for (std::size_t i = 0; i < c->size(); ++i) {
        const double v = number(no_car->values[i]);
        const double people = std::isfinite(v) ? v : 0.0;
        t.at_risk_no_car += people;
        t.at_risk_no_car_far += far && number(far->values[i]) == 1 ? people : 0.0;
        for (std::size_t k = 0; k < modes.size(); ++k) {
            const auto *m = field(*c, modes[k] + "_min");
            if (m && !(number(m->values[i]) <= far_min)) {
                t.no_car_far_by_mode[k].second += people;
            }
        }
    }
    return t;
}

/// A column with one value for every feature.
bool constant(const model::Field &f) {
    return std::all_of(f.values.begin(), f.values.end(),
                       [&](const model::Value &v) { return v == f.values.front(); });
}

bool same(const model::Value &a, const model::Value &b) {
    const double x = number(a), y = number(b);
    if (std::isfinite(x) || std::isfinite(y)) {
        return x == y;
    }
    return a == b;
}

/// Fields a reader looks at first: whether a commune is a desert and why, and how far help
/// is. A feature whose one of these changed is in changes.geojson.
bool key_field(const std::string &name) {
    return name == "desert" || name == "desert_reason" || name == "nearest_place_min" ||
           name == "nearest_place_name" || name == "car_min" || name == "no_car_min" ||
           name == "walk_min" || name == "bike_min";
}

/// The figures of `layer` that differ between the two runs, feature by feature: a layer with
/// the features' code and name, `changed` (any figure differs), `key_changed` (desert status,
/// reason or minutes to the nearest place), and for each field that differs anywhere its
/// value in the study (`_base`), in the scenario (`_scenario`) and, for numbers, the change.
/// Place ids (nearest_place) are left out: they number the places of each run; so are
/// text columns with one value in each run (notes on how the figures were made).
model::Layer difference(const model::Layer &base, const model::Layer &scen, std::size_t &changed) {
    model::Layer out;
    out.name = base.name;
    out.geometry = base.geometry;
    out.polygons = base.polygons;
    out.points = base.points;
    const auto *code = field(base, "code");
    const auto *name = field(base, "name");
    std::vector<std::uint8_t> row_changed(base.size(), 0), row_key(base.size(), 0);
    std::vector<std::pair<const model::Field *, const model::Field *>> differing;
    for (const auto &f : base.fields) {
        const auto *g = field(scen, f.name);
        if (!g || f.name == "code" || f.name == "name" || f.name == "nearest_place" ||
            (f.type == model::FieldType::string && constant(f) && constant(*g))) {
            continue; // a layer-wide note (modes_note: how the figures were made)
        }
        bool any = false;
        for (std::size_t i = 0; i < base.size(); ++i) {
            if (!same(f.values[i], g->values[i])) {
                any = true;
                row_changed[i] = 1;
                row_key[i] |= key_field(f.name) ? 1 : 0;
            }
        }
        if (any) {
            differing.emplace_back(&f, g);
        }
    }
    auto &c = out.add_field("code", model::FieldType::string);
    auto &n = out.add_field("name", model::FieldType::string);
    auto &flag = out.add_field("changed", model::FieldType::integer);
    auto &key = out.add_field("key_changed", model::FieldType::integer);
    changed = 0;
    for (std::size_t i = 0; i < base.size(); ++i) {
        c.values.push_back(code ? code->values[i] : model::Value{});
        n.values.push_back(name ? name->values[i] : model::Value{});
        flag.values.emplace_back(std::int64_t{row_changed[i]});
        key.values.emplace_back(std::int64_t{row_key[i]});
        changed += row_key[i];
    }
    for (const auto &[f, g] : differing) {
        auto &before = out.add_field(f->name + "_base", f->type);
        auto &after = out.add_field(f->name + "_scenario", f->type);
        before.values = f->values;
        after.values = g->values;
        if (f->type != model::FieldType::string) {
            auto &delta = out.add_field(f->name + "_change", model::FieldType::real);
            for (std::size_t i = 0; i < base.size(); ++i) {
                const double d = number(g->values[i]) - number(f->values[i]);
                delta.values.push_back(std::isfinite(d) ? model::Value{d} : model::Value{});
            }
        }
    }
    return out;
}

/// The features whose desert status or minutes changed, only.
model::Layer changed_only(const model::Layer &diff) {
    model::Layer out;
    out.name = diff.name;
    out.geometry = diff.geometry;
    const auto *flag = field(diff, "key_changed");
    for (const auto &f : diff.fields) {
        out.add_field(f.name, f.type);
    }
    for (std::size_t i = 0; i < diff.size(); ++i) {
        if (number(flag->values[i]) != 1) {
            continue;
        }
        if (out.geometry == model::GeometryType::polygons) {
            out.polygons.push_back(diff.polygons[i]);
        } else if (out.geometry == model::GeometryType::points) {
            out.points.push_back(diff.points[i]);
        }
        for (std::size_t k = 0; k < diff.fields.size(); ++k) {
            out.fields[k].values.push_back(diff.fields[k].values[i]);
        }
    }
    return out;
}

/// The communes whose desert status, reason or minutes changed, for compare/index.html:
/// each figure from the difference (its _base and _scenario) or, unchanged, the study's.
std::vector<outputs::CompareRow> page_rows(const model::Layer &base, const model::Layer &diff) {
    std::vector<outputs::CompareRow> rows;
    const auto *key = field(diff, "key_changed");
    if (!key) {
        return rows;
    }
    static const model::Value none;
    auto value = [&](const std::string &name, std::size_t i,
                     bool scenario) -> const model::Value & {
        if (const auto *f = field(diff, name + (scenario ? "_scenario" : "_base"))) {
            return f->values[i];
        }
        const auto *f = field(base, name);
        return f ? f->values[i] : none;
    };
    auto text = [](const model::Value &v) {
        const auto *s = std::get_if<std::string>(&v);
        return s ? *s : std::string();
    };
    for (std::size_t i = 0; i < diff.size(); ++i) {
        if (number(key->values[i]) != 1) {
            continue;
        }
        outputs::CompareRow r;
        r.code = text(value("code", i, false));
        r.name = text(value("name", i, false));
        const double d = number(value("demand_at_risk", i, false));
        r.at_risk = std::isfinite(d) ? d : 0.0;
        r.desert_base = number(value("desert", i, false)) == 1 ? 1 : 0;
        r.desert_scenario = number(value("desert", i, true)) == 1 ? 1 : 0;
        r.reason_base = text(value("desert_reason", i, false));
        r.reason_scenario = text(value("desert_reason", i, true));
        r.minutes_base = number(value("nearest_place_min", i, false));
        r.minutes_scenario = number(value("nearest_place_min", i, true));
        rows.push_back(std::move(r));
    }
    return rows;
}

nlohmann::ordered_json totals_json(const ScenarioTotals &t) {
    return {{"id", t.id},
            {"label", t.label},
            {"places", t.places},
            {"desert_communes", t.desert_communes},
            {"desert_zones", t.desert_zones},
            {"at_risk", t.at_risk},
            {"at_risk_far", t.at_risk_far},
            {"at_risk_in_deserts", t.at_risk_in_deserts},
            {"help_hours_per_1000", t.help_hours_per_1000},
            {"at_risk_no_car", t.at_risk_no_car},
            {"at_risk_no_car_far", t.at_risk_no_car_far},
            {"no_car_far_by_mode",
             [&] {
                 nlohmann::ordered_json by = nlohmann::ordered_json::object();
                 for (const auto &[mode, people] : t.no_car_far_by_mode) {
                     by[mode] = people;
                 }
                 return by;
             }()},
            {"communes_changed", t.communes_changed}};
}

} // namespace

CompareSummary compare(const StudyConfig &config, const CompareOptions &options) {
    std::vector<const Scenario *> chosen;
    for (const auto &id : options.scenarios) {
        const auto it = std::find_if(config.scenarios.begin(), config.scenarios.end(),
                                     [&](const Scenario &s) { return s.id == id; });
        if (it == config.scenarios.end()) {
            std::string known;
            for (const auto &s : config.scenarios) {
                known += (known.empty() ? "" : ", ") + s.id;
            }
            throw Error(
                ErrorKind::input,
                "compare: no scenario '" + id + "' in the study (" +
                    (known.empty() ? "it has no [[scenarios]]" : "its scenarios: " + known) + ")");
        }
        chosen.push_back(&*it);
    }
    if (options.scenarios.empty()) {
        for (const auto &s : config.scenarios) {
            chosen.push_back(&s);
        }
    }
    if (chosen.empty()) {
        throw Error(ErrorKind::input, "compare: the study has no [[scenarios]]; add one, e.g. "
                                      "[[scenarios]] id = \"close-one\" close = "
                                      "[\"france_services:738\"]");
    }
    const double far_min = config.deserts.enabled ? config.deserts.time_min : config.far_min;
    RunOptions run_options;
    run_options.threads = options.threads;
    auto run = [&](StudyConfig cfg, const std::string &id) {
        if (options.on_scenario) {
            options.on_scenario(id);
        }
        // The coverage bands are not compared (a third of a run's time): no other figure
        // depends on them (python.compare_scenarios checks against full runs).
        cfg.isochrones.enabled = false;
        cfg.tour.enabled = false; // not compared
        RunProducts products;
        (void)execute(cfg, run_options, false, &products);
        return products;
    };
    const std::string origin = config.file.empty() ? "<string>" : config.file.string();
    const auto base_products = run(config, "");
    const auto &base_layers = base_products.layers;
    // The stand-in hours of places whose source gives none stay the study's in every
    // scenario: with "median", opening or closing places would move the median and with it
    // the hours assumed at every such place, far from the edit.
    std::vector<std::string> pinned;
    if (!config.supply.unknown_hours) {
        const auto j = nlohmann::json::parse(base_products.summary_json, nullptr, false);
        const auto median =
            j.is_object() ? j.value("/supply/median_hours_per_week_read"_json_pointer, 0.0) : 0.0;
        if (median > 0) {
            pinned.push_back("supply.unknown_hours=" + io::json_number(median));
        }
    }
    CompareSummary summary;
    summary.far_min = far_min;
    std::vector<std::string> modes;
    for (const auto &m : config.modes.modes) {
        modes.push_back(m.id);
    }
    summary.base = totals(base_layers, far_min, modes);
    summary.base.label = "as it is";
    summary.output_dir = options.output_dir.empty() ? config.outputs.dir : options.output_dir;
    io::OutputStage stage(summary.output_dir);
    const io::Crs crs = io::Crs::from_user(config.crs, "[study] crs");
    const io::Transformer to_wgs84(crs, io::Crs::from_user("EPSG:4326", "WGS84"));
    geom::Geos geos;
    nlohmann::ordered_json doc = {{"far_min", far_min}, {"base", totals_json(summary.base)}};
    auto &list = doc["scenarios"] = nlohmann::ordered_json::array();
    std::vector<outputs::ComparePageScenario> pages;
    for (const Scenario *sc : chosen) {
        std::vector<std::string> own = pinned;
        own.insert(own.end(), sc->settings.begin(), sc->settings.end());
        auto settings = config.overrides;
        settings.insert(settings.end(), own.begin(), own.end());
        StudyConfig edited;
        try {
            edited = parse_study(config.text, config.base_dir, origin, settings);
        } catch (const Error &e) {
            throw Error(e.kind(), "scenario '" + sc->id + "': " + e.what());
        }
        std::vector<model::Layer> layers;
        try {
            layers = run(edited, sc->id).layers;
        } catch (const Error &e) {
            throw Error(e.kind(), "scenario '" + sc->id + "': " + e.what());
        }
        std::vector<outputs::CompareRow> rows;
        ScenarioTotals t = totals(layers, far_min, modes);
        t.id = sc->id;
        t.label = sc->label;
        for (const auto &base : base_layers) {
            const auto *scen = model::find_layer(layers, base.name);
            const bool areas = base.name == "communes" || field(base, "code") != nullptr;
            if (!scen || !areas || base.geometry != model::GeometryType::polygons ||
                scen->size() != base.size()) {
                continue; // places, bands, deserts: their features are not the same ones
            }
            std::size_t changed = 0;
            const model::Layer diff = difference(base, *scen, changed);
            if (base.name == "communes") {
                t.communes_changed = changed;
                rows = page_rows(base, diff);
                std::string geojson;
                io::write_geojson(outputs::output_layer(changed_only(diff), to_wgs84,
                                                        config.outputs.decimals, geos),
                                  {config.outputs.decimals, false}, geojson);
                stage.write("compare/" + sc->id + "/changes.geojson", geojson);
            }
            std::string csv;
            io::write_csv(diff, csv, config.outputs.csv_dialect);
            stage.write("compare/" + sc->id + "/" + base.name + ".csv", csv);
        }
        auto j = totals_json(t);
        j["settings"] = own; // as --set: `hublo run STUDY --set ...` gives the same figures
        list.push_back(j);
        pages.push_back({t, own, std::move(rows)});
        summary.scenarios.push_back(std::move(t));
    }
    stage.write("compare/compare.json", doc.dump(2) + "\n");
    stage.write("compare/index.html",
                outputs::compare_page(config.name, far_min, summary.base, pages));
    stage.publish();
    summary.files = stage.files();
    return summary;
}

} // namespace hublo::study
