#include "study/config_section.hpp"

#include <algorithm>
#include <cmath>

namespace hublo::study::detail {

void parse_study_section(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto *t = top.table("study");
    if (!t) {
        return;
    }
    const Section s(*t, "[study]", origin,
                    {"id", "name", "crs", "minutes", "far_min", "attribution"});
    cfg.id = s.str("id", cfg.id);
    cfg.name = s.str("name", cfg.name);
    cfg.crs = s.str("crs", cfg.crs);
    if (s.has("attribution")) {
        cfg.attribution = s.str_list("attribution");
    }
    // The thresholds in one place: the sections parsed after this one start from them.
    if (s.has("minutes")) {
        cfg.minutes = s.minutes_list("minutes");
        cfg.access.thresholds_min = cfg.minutes;
        cfg.access.catchment_min = cfg.minutes.back();
        cfg.isochrones.minutes = cfg.minutes;
        cfg.accessibility.bands_min = cfg.minutes;
        cfg.accessibility.catchment_min = cfg.minutes.back();
    }
    if (s.has("far_min")) {
        cfg.far_min = s.number("far_min", cfg.far_min);
        if (!(cfg.far_min > 0)) {
            s.fail("far_min", "must be a number of minutes above 0, e.g. 20");
        }
        cfg.deserts.time_min = cfg.far_min;
        cfg.siting.minutes = cfg.far_min;
    }
    if (cfg.id.empty() || cfg.id.find_first_of("/\\ ") != std::string::npos) {
        s.fail("id", "must be a non-empty name without spaces or slashes (it names the "
                     "output folder)");
    }
}

void parse_communes(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    const auto *communes = top.table("communes");
    if (!communes) {
        throw Error(ErrorKind::input, origin + ": the study needs a [communes] table naming the "
                                               "commune layer (path, code, name)");
    }
    const Section s(*communes, "[communes]", origin,
                    {"path", "layer", "crs", "code", "name", "code_width", "invalid", "changes",
                     "max_vertices", "keep"});
    cfg.communes.source = vector_source(s, base_dir);
    const auto invalid = s.str("invalid", "repair");
    if (invalid != "repair" && invalid != "error") {
        s.fail("invalid", "must be \"repair\" (GEOS MakeValid, counted) or \"error\"");
    }
    cfg.communes.repair = invalid == "repair";
    const int max_vertices = s.integer("max_vertices", 1000000);
    if (max_vertices < 4) {
        s.fail("max_vertices", "must be at least 4 (a triangle), e.g. 1000000");
    }
    cfg.communes.max_vertices = static_cast<std::size_t>(max_vertices);
    if (const auto *c = s.table("changes")) {
        const Section cs(*c, "[communes] changes", origin, with(kTableSourceKeys, {"from", "to"}));
        cfg.communes.changes = table_source(cs, base_dir);
        cfg.communes.changes_from = cs.required_str("from");
        cfg.communes.changes_to = cs.required_str("to");
    }
    cfg.communes.code = s.required_str("code");
    cfg.communes.name = s.str("name");
    cfg.communes.code_width = s.integer("code_width", 0);
    if (const auto *k = s.table("keep")) {
        const Section ks(*k, "[communes] keep", origin, {"field", "values"});
        cfg.communes.keep_field = ks.required_str("field");
        cfg.communes.keep_values = ks.str_list("values");
        if (cfg.communes.keep_values.empty()) {
            ks.fail("values", "give the values to keep as text, e.g. values = [\"37\"] or "
                              "[\"200069052\", \"243700499\"]");
        }
    }
}

void parse_levels(const toml::table &root, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    std::set<std::string> level_ids = {"communes"};
    for_each_table_in_array(root, "levels", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[levels]] #" + std::to_string(i + 1), origin,
                        {"id", "label", "commune_field", "commune_name_field", "path", "layer",
                         "crs", "code", "name", "mapping", "names", "clip"});
        stages::LevelSettings level;
        level.id = s.required_str("id");
        level.line = s.line();
        if (!level_ids.insert(level.id).second) {
            s.fail("id", "'" + level.id + "' is used twice; give each level its own id");
        }
        level.label = s.str("label", level.id);
        level.commune_field = s.str("commune_field");
        level.commune_name_field = s.str("commune_name_field");
        level.clip = s.boolean("clip", true);
        if (s.has("path")) {
            level.layer = vector_source(s, base_dir);
            level.layer->context = "[[levels]] " + level.id;
            level.layer_code = s.str("code", level.commune_field);
            level.layer_name = s.str("name");
        }
        if (const auto *m = s.table("mapping")) {
            const Section ms(*m, "[[levels]] " + level.id + " mapping", origin,
                             with(kTableSourceKeys, {"from", "from_code", "code", "name"}));
            stages::MappingSettings mapping;
            mapping.table = table_source(ms, base_dir);
            mapping.from = ms.str("from", "communes");
            mapping.from_code = ms.required_str("from_code");
            mapping.code = ms.required_str("code");
            mapping.name = ms.str("name");
            if (!level_ids.count(mapping.from)) {
                ms.fail("from", "'" + mapping.from +
                                    "' is not 'communes' nor a level defined above this one");
            }
            level.mapping = std::move(mapping);
        }
        if (const auto *n = s.table("names")) {
            const Section ns(*n, "[[levels]] " + level.id + " names", origin,
                             with(kTableSourceKeys, {"code", "name"}));
            stages::NamesSettings names;
            names.table = table_source(ns, base_dir);
            names.code = ns.required_str("code");
            names.name = ns.required_str("name");
            level.names = std::move(names);
        }
        // Membership from an attribute, from a zoning table, or, with neither, from the
        // level's own polygons (the commune's point on surface inside an area).
        if ((!level.commune_field.empty() && level.mapping) ||
            (level.commune_field.empty() && !level.mapping && !level.layer)) {
            throw Error(ErrorKind::input,
                        origin + ":" + std::to_string(level.line) + ": level '" + level.id +
                            "' needs one of commune_field (a parent code in the commune layer), "
                            "mapping (a custom zoning table) or path alone (its polygons, "
                            "communes assigned by spatial containment)");
        }
        if (level.layer && level.layer_code.empty()) {
            s.fail("code", "names the code field of the level's layer; it is required when "
                           "commune_field is not given");
        }
        cfg.levels.push_back(std::move(level));
    });
}

namespace {
/// [[tables]] shares = [{ base, columns, percent, partition, counts }, ...].
std::vector<stages::ShareGroup> parse_share_groups(const toml::table &t, const Section &s,
                                                   const std::string &origin,
                                                   const std::string &table_id) {
    std::vector<stages::ShareGroup> out;
    const auto *node = t.get("shares");
    if (!node) {
        return out;
    }
    const auto *a = node->as_array();
    if (!a || !a->is_array_of_tables()) {
        s.fail("shares", "give a list of groups: shares = [{ base = \"P22_POP\", columns = "
                         "[\"dm_1524_pct_22\", ...], percent = true }]");
    }
    std::set<std::string> share_columns;
    std::size_t k = 0;
    for (const auto &item : *a) {
        const Section gs(*item.as_table(),
                         "[[tables]] " + table_id + " shares #" + std::to_string(++k), origin,
                         {"base", "columns", "percent", "partition", "counts"});
        stages::ShareGroup g;
        g.base = gs.required_str("base");
        g.columns = gs.str_list("columns");
        if (g.columns.empty()) {
            gs.fail("columns", "names the share columns of the group, e.g. [\"dm_1524_pct_22\"]");
        }
        g.percent = gs.boolean("percent", false);
        g.partition = gs.boolean("partition", false);
        g.counts = gs.boolean("counts", false);
        for (const auto &c : g.columns) {
            if (c == g.base || !share_columns.insert(c).second) {
                gs.fail("columns", "'" + c +
                                       "' is the base or a column of another group: a "
                                       "column is a share of one base");
            }
        }
        out.push_back(std::move(g));
    }
    for (const auto &g : out) {
        if (share_columns.count(g.base)) {
            s.fail("shares", "base '" + g.base + "' is itself a share column; a base is a count");
        }
    }
    return out;
}
} // namespace

void parse_tables(const toml::table &root, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    std::set<std::string> level_ids = {"communes"};
    for (const auto &level : cfg.levels) {
        level_ids.insert(level.id);
    }
    std::set<std::string> table_ids;
    for_each_table_in_array(root, "tables", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[tables]] #" + std::to_string(i + 1), origin,
                        with(kTableSourceKeys, {"id", "level", "code", "columns", "prefix",
                                                "on_duplicate", "shares", "lookup"}));
        stages::TableSettings table;
        table.id = s.required_str("id");
        if (!table_ids.insert(table.id).second) {
            s.fail("id", "'" + table.id + "' is used twice");
        }
        table.source = table_source(s, base_dir);
        table.source.context = "[[tables]] " + table.id;
        table.level = s.str("level", "communes");
        if (!level_ids.count(table.level)) {
            s.fail("level", "'" + table.level + "' is not 'communes' nor a level id");
        }
        table.code = s.required_str("code");
        table.columns = s.str_list("columns");
        table.prefix = s.str("prefix");
        const auto dup = s.str("on_duplicate", "error");
        if (dup == "error") {
            table.on_duplicate = stages::OnDuplicate::error;
        } else if (dup == "first") {
            table.on_duplicate = stages::OnDuplicate::first;
        } else if (dup == "identical") {
            table.on_duplicate = stages::OnDuplicate::identical;
        } else if (dup == "sum") {
            table.on_duplicate = stages::OnDuplicate::sum;
        } else {
            s.fail("on_duplicate", "must be \"error\", \"first\", \"identical\" or \"sum\"");
        }
        table.shares = parse_share_groups(t, s, origin, table.id);
        if (const auto *lk = s.table("lookup")) {
            const Section ls(*lk, "[[tables]] " + table.id + " lookup", origin,
                             with(kTableSourceKeys, {"key", "on", "columns"}));
            stages::TableLookup lookup;
            lookup.source = table_source(ls, base_dir);
            lookup.key = ls.required_str("key");
            lookup.on = ls.str("on", lookup.key);
            lookup.columns = ls.str_list("columns");
            if (lookup.columns.empty()) {
                ls.fail("columns", "names the lookup's columns to add, e.g. [\"COM\", "
                                   "\"men_tot_stock_22\"]");
            }
            table.lookup = std::move(lookup);
        }
        cfg.tables.push_back(std::move(table));
    });
}

void parse_population(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    std::set<std::string> table_ids;
    for (const auto &table : cfg.tables) {
        table_ids.insert(table.id);
    }
    const auto *t = top.table("population");
    if (!t) {
        return;
    }
    const Section s(*t, "[population]", origin, {"table", "column"});
    cfg.population.table = s.str("table");
    cfg.population.column = s.required_str("column");
    if (!cfg.population.table.empty() && !table_ids.count(cfg.population.table)) {
        s.fail("table", "'" + cfg.population.table + "' is not the id of a [[tables]] entry");
    }
}

void parse_places(const toml::table &root, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    std::set<std::string> place_ids;
    for_each_table_in_array(root, "places", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[places]] #" + std::to_string(i + 1), origin,
                        with(kTableSourceKeys,
                             {"id", "format", "label", "columns", "staff", "hours_per_week"}));
        places::PlaceSource p;
        p.id = s.required_str("id");
        if (!place_ids.insert(p.id).second) {
            s.fail("id", "'" + p.id + "' is used twice");
        }
        p.format = s.required_str("format");
        if (!kPlaceFormats.count(p.format)) {
            const auto near = io::closest(
                p.format, std::vector<std::string>(kPlaceFormats.begin(), kPlaceFormats.end()));
            s.fail("format", "unknown format '" + p.format + "'" +
                                 (near.empty() ? "" : "; did you mean '" + near + "'?"));
        }
        p.source = table_source(s, base_dir);
        p.source.context = "[[places]] " + p.id;
        p.label = s.str("label");
        p.staff = s.number("staff", p.staff);
        if (!(p.staff > 0)) {
            s.fail("staff", "is the number of people helping at each place: a number above 0");
        }
        if (s.has("hours_per_week")) {
            p.hours_per_week = s.number("hours_per_week", 0.0);
            if (!(*p.hours_per_week > 0 && *p.hours_per_week <= 168)) {
                s.fail("hours_per_week", "is a stand-in for unknown hours: a number of hours in "
                                         "(0, 168]");
            }
        }
        if (const auto *c = s.table("columns")) {
            const Section cs(*c, "[[places]] " + p.id + " columns", origin, kPlaceColumns);
            for (const auto &key : kPlaceColumns) {
                if (cs.has(key)) {
                    p.columns.emplace_back(key, cs.str(key));
                }
            }
        }
        cfg.places.push_back(std::move(p));
    });
}

void parse_places_merge(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto *t = top.table("places_merge");
    if (!t) {
        return;
    }
    const Section s(*t, "[places_merge]", origin, {"distance_m", "outside_tolerance_m"});
    cfg.merge_distance_m = s.number("distance_m", cfg.merge_distance_m);
    cfg.place_outside_tolerance_m = s.number("outside_tolerance_m", cfg.place_outside_tolerance_m);
    if (cfg.merge_distance_m < 0 || cfg.place_outside_tolerance_m < 0) {
        s.fail("distance_m", "distances must be >= 0 metres");
    }
}

void parse_network(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    const auto *t = top.table("network");
    if (!t) {
        return;
    }
    const Section s(*t, "[network]", origin,
                    {"path", "layer", "crs", "format", "profile", "class_field", "speeds_kmh",
                     "speed_field", "oneway_field", "sinuosity", "junction_tolerance_m",
                     "offroad_speed_kmh", "max_snap_m", "no_snap_classes"});
    auto &n = cfg.network;
    n.enabled = true;
    n.source = vector_source(s, base_dir);
    n.format = s.str("format", n.format);
    if (n.format != "lines" && n.format != "osm") {
        s.fail("format", "must be \"lines\" (a road-lines layer) or \"osm\" (.osm.pbf)");
    }
    n.profile = s.str("profile", n.profile);
    if (n.profile != "car" && n.profile != "bike" && n.profile != "walk") {
        s.fail("profile", "must be \"car\", \"bike\" or \"walk\"");
    }
    n.class_field = s.str("class_field");
    n.speed_field = s.str("speed_field");
    n.oneway_field = s.str("oneway_field");
    if (const auto *speeds = s.table("speeds_kmh")) {
        for (const auto &[key, node] : *speeds) {
            const auto v = node.value<double>();
            if (!v || !(*v > 0.0)) {
                s.fail("speeds_kmh", "the speed of '" + std::string(key.str()) +
                                         "' must be a number of km/h above 0");
            }
            n.speeds_kmh.emplace_back(std::string(key.str()), *v);
        }
    }
    if (n.format == "lines" && n.class_field.empty() == n.speed_field.empty()) {
        s.fail("class_field", "a road-lines network needs class_field (with speeds_kmh) or "
                              "speed_field (km/h per road), not both");
    }
    if (!n.class_field.empty() && n.speeds_kmh.empty()) {
        s.fail("speeds_kmh", "give the speed of each road class, e.g. speeds_kmh = { "
                             "motorway = 110, departmental = 70 }");
    }
    n.sinuosity = s.number("sinuosity", n.sinuosity);
    if (n.sinuosity < 1.0) {
        s.fail("sinuosity", "is a length factor >= 1 (1.2: roads 20 % longer than drawn)");
    }
    n.junction_tolerance_m = s.number("junction_tolerance_m", n.junction_tolerance_m);
    n.offroad_speed_kmh = s.number("offroad_speed_kmh", n.offroad_speed_kmh);
    n.max_snap_m = s.number("max_snap_m", n.max_snap_m);
    if (s.has("no_snap_classes")) {
        n.no_snap_classes = s.str_list("no_snap_classes");
    }
    if (!(n.offroad_speed_kmh > 0) || n.max_snap_m < 0 || n.junction_tolerance_m < 0) {
        s.fail("offroad_speed_kmh", "speeds must be > 0 and distances >= 0");
    }
}

void parse_access(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    const auto *t = top.table("access");
    if (!t) {
        return;
    }
    const Section s(*t, "[access]", origin,
                    {"thresholds_min", "catchment_min", "label", "threads", "demand", "grid"});
    auto &a = cfg.access;
    if (s.has("thresholds_min")) {
        a.thresholds_min = s.minutes_list("thresholds_min");
    }
    a.catchment_min = s.number("catchment_min", a.catchment_min);
    if (!(a.catchment_min > 0)) {
        s.fail("catchment_min", "must be a number of minutes above 0");
    }
    a.label = s.str("label");
    a.threads = static_cast<unsigned>(std::max(0, s.integer("threads", 0)));
    if (const auto *d = s.table("demand")) {
        const Section ds(*d, "[access] demand", origin,
                         with(kTableSourceKeys, {"code", "lon", "lat"}));
        a.demand.table = table_source(ds, base_dir);
        a.demand.code = ds.required_str("code");
        a.demand.lon = ds.required_str("lon");
        a.demand.lat = ds.required_str("lat");
    }
    if (const auto *g = s.table("grid")) {
        const Section gs(*g, "[access] grid", origin, with(kTableSourceKeys, {"id", "population"}));
        a.demand.grid = table_source(gs, base_dir);
        a.demand.grid_id = gs.str("id", a.demand.grid_id);
        a.demand.grid_population = gs.str("population", a.demand.grid_population);
    }
}

void parse_isochrones(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto *t = top.table("isochrones");
    if (!t) {
        return;
    }
    const Section s(*t, "[isochrones]", origin,
                    {"minutes", "cell_m", "max_offroad_m", "bands", "denoise_m2", "generalize_m",
                     "places", "last_leg_circuity", "band_people"});
    auto &iso = cfg.isochrones;
    iso.enabled = true;
    if (s.has("minutes")) {
        iso.minutes = s.minutes_list("minutes");
    }
    iso.cell_m = s.number("cell_m", iso.cell_m);
    iso.max_offroad_m = s.number("max_offroad_m", iso.max_offroad_m);
    iso.bands = s.str("bands", iso.bands);
    iso.denoise_m2 = s.number("denoise_m2", iso.denoise_m2);
    iso.generalize_m = s.number("generalize_m", iso.generalize_m);
    iso.places = s.boolean("places", iso.places);
    if (iso.bands != "cumulative" && iso.bands != "disjoint") {
        s.fail("bands", "must be \"cumulative\" or \"disjoint\"");
    }
    iso.last_leg_circuity = s.number("last_leg_circuity", iso.last_leg_circuity);
    if (!(iso.last_leg_circuity == 0 ||
          (iso.last_leg_circuity >= 1 && iso.last_leg_circuity < 5))) {
        s.fail("last_leg_circuity", "must be 0 (no last leg) or a ratio of distances in [1, 5), "
                                    "measured with `hublo circuity`, e.g. 1.5");
    }
    iso.band_people = s.str("band_people", iso.band_people);
    if (iso.band_people != "points" && iso.band_people != "area") {
        s.fail("band_people", "must be \"points\" (the demand points in the band) or \"area\" "
                              "(the communes' people spread over their land)");
    }
    if (!(iso.cell_m > 0) || iso.max_offroad_m < 0 || iso.denoise_m2 < 0 || iso.generalize_m < 0) {
        s.fail("cell_m", "cell_m must be > 0 and the other distances >= 0");
    }
}

void parse_accessibility(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto *t = top.table("accessibility");
    if (!t) {
        return;
    }
    const Section s(*t, "[accessibility]", origin,
                    {"catchment_min", "decay", "bands_min", "weights", "per"});
    auto &a = cfg.accessibility;
    a.enabled = true;
    a.catchment_min = s.number("catchment_min", a.catchment_min);
    a.decay = s.str("decay", a.decay);
    if (s.has("bands_min")) {
        a.bands_min = s.minutes_list("bands_min");
    }
    if (s.has("weights")) {
        a.weights = s.number_list("weights");
    }
    a.per = s.number("per", a.per);
    if (a.decay != "steps" && a.decay != "gaussian") {
        s.fail("decay", "must be \"steps\" (a weight per band) or \"gaussian\"");
    }
    if (!(a.catchment_min > 0)) {
        s.fail("catchment_min", "must be a number of minutes above 0");
    }
    if (a.decay == "steps") {
        if (a.weights.size() != a.bands_min.size()) {
            // The fix, written out: weights falling evenly from 1 to 0.2 over the bands.
            std::string fix;
            const auto n = a.bands_min.size();
            for (std::size_t k = 0; k < n; ++k) {
                fix +=
                    (k ? ", " : "") +
                    io::format_number(n == 1 ? 1.0
                                             : std::round((1.0 - 0.8 * static_cast<double>(k) /
                                                                     static_cast<double>(n - 1)) *
                                                          100) /
                                                   100);
            }
            s.fail("weights", "needs one weight per band of bands_min (" + std::to_string(n) +
                                  (s.has("bands_min") ? "" : ", from [study] minutes") +
                                  "); write weights = [" + fix + "], or your own decay");
        }
        for (const double w : a.weights) {
            if (w < 0) {
                s.fail("weights",
                       "must be >= 0 (a time weight of " + std::to_string(w) + " makes no sense)");
            }
        }
        if (a.bands_min.back() > a.catchment_min) {
            // The fix, written out: the same number of bands, scaled to end at the catchment.
            std::string fix;
            for (std::size_t k = 0; k < a.bands_min.size(); ++k) {
                fix += (k ? ", " : "") +
                       io::format_number(a.bands_min[k] * a.catchment_min / a.bands_min.back());
            }
            s.fail("bands_min", "must end at or before catchment_min (" +
                                    io::format_number(a.catchment_min) + "); write bands_min = [" +
                                    fix + "], or raise catchment_min to " +
                                    io::format_number(a.bands_min.back()));
        }
    }
    if (!(a.per > 0)) {
        s.fail("per", "must be a number of people above 0, e.g. 10000");
    }
}

void parse_siting(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    const auto &base_dir = pc.base_dir;
    const auto *t = top.table("siting");
    if (!t) {
        return;
    }
    const Section s(*t, "[siting]", origin,
                    {"k", "minutes", "candidates", "exact", "exact_time_limit_s", "objective",
                     "budget_hours", "place_hours", "open_hours", "travel"});
    auto &g = cfg.siting;
    g.enabled = true;
    g.k = s.integer("k", g.k);
    g.minutes = s.number("minutes", g.minutes);
    if (s.has("candidates")) {
        g.candidates = base_dir / s.str("candidates");
    }
    g.exact = s.boolean("exact", g.exact);
    g.exact_time_limit_s = s.number("exact_time_limit_s", g.exact_time_limit_s);
    g.k_given = s.has("k");
    g.objective = s.str("objective", g.objective);
    if (g.objective != "cover" && g.objective != "worst_served") {
        s.fail("objective", "must be \"cover\" (every person at risk) or \"worst_served\" "
                            "(those of the worst-served fifth), not \"" +
                                g.objective + "\"");
    }
    if (s.has("budget_hours")) {
        g.budget_hours = s.number("budget_hours", 0.0);
        if (!(*g.budget_hours >= 0)) {
            s.fail("budget_hours", "is below zero; give the help-hours a week to spend (0 or "
                                   "more, e.g. 200: five places of 40 help-hours)");
        }
    }
    g.place_hours = s.number("place_hours", g.place_hours);
    if (s.has("place_hours") && !(g.place_hours > 0)) {
        s.fail("place_hours", "must be the help-hours a week of a new place, above 0 (e.g. 70: "
                              "35 hours with two agents)");
    }
    g.travel = s.str("travel", g.travel);
    if (g.travel != "car" && g.travel != "no_car") {
        s.fail("travel", "must be \"car\" (by road, within minutes) or \"no_car\" (the "
                         "people at risk without a car, on foot or by bike as [[modes]])");
    }
    g.open_hours = s.number("open_hours", g.open_hours);
    if (!(g.open_hours >= 0)) {
        s.fail("open_hours", "must be hours a week, 0 (any place covers) or more");
    }
    if (g.k < 1) {
        s.fail("k", "must be at least 1 (the number of places to propose)");
    }
    if (!(g.exact_time_limit_s > 0)) {
        s.fail("exact_time_limit_s", "must be a number of seconds above 0, e.g. 60");
    }
    if (!(g.minutes > 0)) {
        s.fail("minutes", "must be a number of minutes above 0");
    }
}

} // namespace hublo::study::detail
