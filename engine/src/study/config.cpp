#include "study/config.hpp"

#include "hublo/hublo.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <set>

namespace hublo::study {

namespace {

/// One TOML table of the study, with its allowed keys checked up front.
class Section {
public:
    Section(const toml::table &table, std::string name, const std::string &origin,
            const std::vector<std::string> &allowed)
        : table_(table), name_(std::move(name)), origin_(origin) {
        for (const auto &[key, node] : table) {
            const std::string k(key.str());
            if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) {
                continue;
            }
            std::string msg = where(node) + "unknown key '" + k + "' in " + name_;
            const auto near = io::closest(k, allowed);
            msg +=
                near.empty() ? "; valid keys: " + join(allowed) : "; did you mean '" + near + "'?";
            throw Error(ErrorKind::input, msg);
        }
    }

    [[nodiscard]] const std::string &name() const { return name_; }
    [[nodiscard]] bool has(std::string_view key) const { return table_.contains(key); }

    [[nodiscard]] std::string str(std::string_view key, std::string fallback = {}) const {
        const auto *node = table_.get(key);
        if (!node) {
            return fallback;
        }
        if (const auto *s = node->as_string()) {
            return s->get();
        }
        type_error(key, *node, "a string");
    }

    [[nodiscard]] std::string required_str(std::string_view key) const {
        if (!has(key)) {
            throw Error(ErrorKind::input,
                        origin_ + ": " + name_ + " needs " + std::string(key) + " = \"...\"");
        }
        return str(key);
    }

    [[nodiscard]] double number(std::string_view key, double fallback) const {
        const auto *node = table_.get(key);
        if (!node) {
            return fallback;
        }
        if (auto v = node->value<double>()) {
            return *v;
        }
        type_error(key, *node, "a number");
    }

    [[nodiscard]] int integer(std::string_view key, int fallback) const {
        const auto *node = table_.get(key);
        if (!node) {
            return fallback;
        }
        if (const auto *v = node->as_integer()) {
            return static_cast<int>(v->get());
        }
        type_error(key, *node, "an integer");
    }

    [[nodiscard]] bool boolean(std::string_view key, bool fallback) const {
        const auto *node = table_.get(key);
        if (!node) {
            return fallback;
        }
        if (const auto *v = node->as_boolean()) {
            return v->get();
        }
        type_error(key, *node, "true or false");
    }

    [[nodiscard]] std::vector<std::string> str_list(std::string_view key) const {
        std::vector<std::string> out;
        const auto *node = table_.get(key);
        if (!node) {
            return out;
        }
        const auto *arr = node->as_array();
        if (!arr) {
            type_error(key, *node, "an array of strings");
        }
        for (const auto &item : *arr) {
            const auto *s = item.as_string();
            if (!s) {
                type_error(key, item, "an array of strings");
            }
            out.push_back(s->get());
        }
        return out;
    }

    /// A non-empty array of numbers.
    [[nodiscard]] std::vector<double> number_list(std::string_view key) const {
        const auto *node = table_.get(key);
        const auto *arr = node ? node->as_array() : nullptr;
        if (!arr) {
            fail(key, "must be an array of numbers, e.g. [1.0, 0.68, 0.22]");
        }
        std::vector<double> out;
        for (const auto &item : *arr) {
            const auto v = item.value<double>();
            if (!v || !std::isfinite(*v)) {
                fail(key, "must be an array of numbers");
            }
            out.push_back(*v);
        }
        return out;
    }

    /// A non-empty array of numbers of minutes above 0, strictly increasing.
    [[nodiscard]] std::vector<double> minutes_list(std::string_view key) const {
        const auto *node = table_.get(key);
        const auto *arr = node ? node->as_array() : nullptr;
        if (!arr) {
            fail(key, "must be an array of minutes, e.g. [10, 20, 30]");
        }
        std::vector<double> out;
        for (const auto &item : *arr) {
            const auto v = item.value<double>();
            if (!v || !(*v > 0) || !std::isfinite(*v)) {
                fail(key, "must be an array of minutes above 0");
            }
            if (!out.empty() && !(*v > out.back())) {
                fail(key, "must increase from one threshold to the next, e.g. [10, 20, 30]");
            }
            out.push_back(*v);
        }
        if (out.empty()) {
            fail(key, "give at least one number of minutes");
        }
        return out;
    }

    [[nodiscard]] const toml::table *table(std::string_view key) const {
        const auto *node = table_.get(key);
        if (!node) {
            return nullptr;
        }
        if (const auto *t = node->as_table()) {
            return t;
        }
        type_error(key, *node, "a table");
    }

    [[nodiscard]] int line() const { return static_cast<int>(table_.source().begin.line); }

    [[nodiscard]] std::string where(const toml::node &node) const {
        const auto line = node.source().begin.line;
        return origin_ + (line ? ":" + std::to_string(line) : std::string()) + ": ";
    }

    [[noreturn]] void fail(std::string_view key, const std::string &what) const {
        const auto *node = table_.get(key);
        throw Error(ErrorKind::input, (node ? where(*node) : origin_ + ": ") + name_ + " " +
                                          std::string(key) + ": " + what);
    }

private:
    [[noreturn]] void type_error(std::string_view key, const toml::node &node,
                                 const char *expected) const {
        throw Error(ErrorKind::input,
                    where(node) + name_ + " " + std::string(key) + " must be " + expected);
    }

    static std::string join(const std::vector<std::string> &v) {
        std::string s;
        for (const auto &x : v) {
            s += (s.empty() ? "" : ", ") + x;
        }
        return s;
    }

    const toml::table &table_;
    std::string name_;
    const std::string &origin_;
};

std::filesystem::path resolve(const std::filesystem::path &base, const std::string &p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

io::VectorSource vector_source(const Section &s, const std::filesystem::path &base,
                               std::string_view path_key = "path") {
    io::VectorSource v;
    v.path = resolve(base, s.required_str(path_key));
    v.layer = s.str("layer");
    v.crs = s.str("crs");
    v.context = s.name();
    return v;
}

TableSource table_source(const Section &s, const std::filesystem::path &base) {
    TableSource t;
    t.path = resolve(base, s.required_str("path"));
    t.delimiter = s.str("delimiter");
    if (t.delimiter.size() > 1 && t.delimiter != "\\t") {
        s.fail("delimiter", "must be one character such as \";\" or \",\"");
    }
    if (t.delimiter == "\\t") {
        t.delimiter = "\t";
    }
    t.encoding = s.str("encoding");
    if (!t.encoding.empty() && t.encoding != "utf-8" && t.encoding != "latin-1") {
        s.fail("encoding", "must be \"utf-8\" or \"latin-1\"");
    }
    t.code_width = s.integer("code_width", 0);
    t.context = s.name();
    return t;
}

const std::vector<std::string> kTableSourceKeys = {"path", "delimiter", "encoding", "code_width"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string> &b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

template <typename Fn>
void for_each_table_in_array(const toml::table &root, std::string_view key,
                             const std::string &origin, Fn &&fn) {
    const auto *node = root.get(key);
    if (!node) {
        return;
    }
    const auto *arr = node->as_array();
    if (!arr || !arr->is_array_of_tables()) {
        throw Error(ErrorKind::input, origin + ": " + std::string(key) + " must be written as [[" +
                                          std::string(key) + "]] tables");
    }
    std::size_t i = 0;
    for (const auto &item : *arr) {
        fn(*item.as_table(), i++);
    }
}

const std::set<std::string> kPlaceFormats = {"france_services", "conseiller_numerique_json",
                                             "aidants_connect", "mednum", "csv"};
const std::vector<std::string> kPlaceColumns = {
    "id",           "name", "siret", "address", "postcode", "commune_code",
    "commune_name", "lon",  "lat",   "labels",  "capacity"};

} // namespace

namespace {
void apply_override(toml::table &root, const std::string &setting) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw Error(ErrorKind::input, "--set " + setting +
                                          ": write section.key=value, e.g. "
                                          "access.catchment_min=20");
    }
    const std::string path(io::trim(std::string_view(setting).substr(0, eq)));
    const std::string value(io::trim(std::string_view(setting).substr(eq + 1)));
    std::vector<std::string> keys = io::split_list(path, '.');
    toml::table *table = &root;
    for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
        auto *node = table->get(keys[i]);
        if (!node) {
            table->insert(keys[i], toml::table{});
            node = table->get(keys[i]);
        }
        table = node->as_table();
        if (!table) {
            throw Error(ErrorKind::input, "--set " + setting + ": " + keys[i] +
                                              " is not a table; only [section] keys can be set");
        }
    }
    toml::table parsed;
    try {
        parsed = toml::parse("v = " + value);
    } catch (const toml::parse_error &) {
        parsed.insert("v", value); // a bare word: a string
    }
    table->insert_or_assign(keys.back(), *parsed.get("v"));
}
} // namespace

StudyConfig parse_study(std::string_view text, const std::filesystem::path &base_dir,
                        const std::string &origin, const std::vector<std::string> &overrides) {
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error &e) {
        throw Error(ErrorKind::input, origin + ":" + std::to_string(e.source().begin.line) + ": " +
                                          std::string(e.description()) + " (TOML syntax)");
    }
    for (const auto &o : overrides) {
        apply_override(root, o);
    }
    StudyConfig cfg;
    cfg.base_dir = base_dir;
    cfg.text = std::string(text);
    cfg.overrides = overrides;
    const Section top(root, "the study file", origin,
                      {"study", "communes", "levels", "tables", "population", "places",
                       "places_merge", "network", "access", "risk", "isochrones", "accessibility",
                       "deserts", "siting", "outputs"});

    if (const auto *t = top.table("study")) {
        const Section s(*t, "[study]", origin, {"id", "name", "crs"});
        cfg.id = s.str("id", cfg.id);
        cfg.name = s.str("name", cfg.name);
        cfg.crs = s.str("crs", cfg.crs);
        if (cfg.id.empty() || cfg.id.find_first_of("/\\ ") != std::string::npos) {
            s.fail("id", "must be a non-empty name without spaces or slashes (it names the "
                         "output folder)");
        }
    }

    const auto *communes = top.table("communes");
    if (!communes) {
        throw Error(ErrorKind::input, origin + ": the study needs a [communes] table naming the "
                                               "commune layer (path, code, name)");
    }
    {
        const Section s(*communes, "[communes]", origin,
                        {"path", "layer", "crs", "code", "name", "code_width", "invalid", "changes",
                         "max_vertices"});
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
            const Section cs(*c, "[communes] changes", origin,
                             with(kTableSourceKeys, {"from", "to"}));
            cfg.communes.changes = table_source(cs, base_dir);
            cfg.communes.changes_from = cs.required_str("from");
            cfg.communes.changes_to = cs.required_str("to");
        }
        cfg.communes.code = s.required_str("code");
        cfg.communes.name = s.str("name");
        cfg.communes.code_width = s.integer("code_width", 0);
    }

    std::set<std::string> level_ids = {"communes"};
    for_each_table_in_array(root, "levels", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[levels]] #" + std::to_string(i + 1), origin,
                        {"id", "label", "commune_field", "commune_name_field", "path", "layer",
                         "crs", "code", "name", "mapping", "names"});
        LevelConfig level;
        level.id = s.required_str("id");
        level.line = s.line();
        if (!level_ids.insert(level.id).second) {
            s.fail("id", "'" + level.id + "' is used twice; give each level its own id");
        }
        level.label = s.str("label", level.id);
        level.commune_field = s.str("commune_field");
        level.commune_name_field = s.str("commune_name_field");
        if (s.has("path")) {
            level.layer = vector_source(s, base_dir);
            level.layer->context = "[[levels]] " + level.id;
            level.layer_code = s.str("code", level.commune_field);
            level.layer_name = s.str("name");
        }
        if (const auto *m = s.table("mapping")) {
            const Section ms(*m, "[[levels]] " + level.id + " mapping", origin,
                             with(kTableSourceKeys, {"from", "from_code", "code", "name"}));
            MappingConfig mapping;
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
            NamesConfig names;
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

    std::set<std::string> table_ids;
    for_each_table_in_array(root, "tables", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(
            t, "[[tables]] #" + std::to_string(i + 1), origin,
            with(kTableSourceKeys, {"id", "level", "code", "columns", "prefix", "on_duplicate"}));
        IndicatorTable table;
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
            table.on_duplicate = OnDuplicate::error;
        } else if (dup == "first") {
            table.on_duplicate = OnDuplicate::first;
        } else if (dup == "identical") {
            table.on_duplicate = OnDuplicate::identical;
        } else {
            s.fail("on_duplicate", "must be \"error\", \"first\" or \"identical\"");
        }
        cfg.tables.push_back(std::move(table));
    });

    if (const auto *t = top.table("population")) {
        const Section s(*t, "[population]", origin, {"table", "column"});
        cfg.population.table = s.str("table");
        cfg.population.column = s.required_str("column");
        if (!cfg.population.table.empty() && !table_ids.count(cfg.population.table)) {
            s.fail("table", "'" + cfg.population.table + "' is not the id of a [[tables]] entry");
        }
    }

    std::set<std::string> place_ids;
    for_each_table_in_array(root, "places", origin, [&](const toml::table &t, std::size_t i) {
        const Section s(t, "[[places]] #" + std::to_string(i + 1), origin,
                        with(kTableSourceKeys, {"id", "format", "label", "columns"}));
        PlaceSource p;
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

    if (const auto *t = top.table("places_merge")) {
        const Section s(*t, "[places_merge]", origin, {"distance_m", "outside_tolerance_m"});
        cfg.merge_distance_m = s.number("distance_m", cfg.merge_distance_m);
        cfg.place_outside_tolerance_m =
            s.number("outside_tolerance_m", cfg.place_outside_tolerance_m);
        if (cfg.merge_distance_m < 0 || cfg.place_outside_tolerance_m < 0) {
            s.fail("distance_m", "distances must be >= 0 metres");
        }
    }

    if (const auto *t = top.table("network")) {
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

    if (const auto *t = top.table("access")) {
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
            a.demand_table = table_source(ds, base_dir);
            a.demand_code = ds.required_str("code");
            a.demand_lon = ds.required_str("lon");
            a.demand_lat = ds.required_str("lat");
        }
        if (const auto *g = s.table("grid")) {
            const Section gs(*g, "[access] grid", origin,
                             with(kTableSourceKeys, {"id", "population"}));
            a.grid_table = table_source(gs, base_dir);
            a.grid_id = gs.str("id", a.grid_id);
            a.grid_population = gs.str("population", a.grid_population);
        }
    }

    if (const auto *t = top.table("risk")) {
        const Section s(*t, "[risk]", origin,
                        {"deciles", "indicators", "age_grid", "rates", "age_columns", "calibrate",
                         "adjustments"});
        cfg.risk.enabled = true;
        cfg.risk.deciles = s.str("deciles", cfg.risk.deciles);
        if (cfg.risk.deciles != "areas" && cfg.risk.deciles != "population") {
            s.fail("deciles", "must be \"areas\" or \"population\"");
        }
        if (const auto *g = s.table("age_grid")) {
            const Section gs(*g, "[risk] age_grid", origin, with(kTableSourceKeys, {"id"}));
            cfg.risk.age_grid = table_source(gs, base_dir);
            cfg.risk.age_grid_id = gs.str("id", cfg.risk.age_grid_id);
        }
        if (const auto *rates = s.table("rates")) {
            const std::vector<std::string> bands = {"15-24", "25-39", "40-59", "60-74", "75+"};
            const Section rs(*rates, "[risk] rates", origin, bands);
            for (const auto &band : bands) {
                if (rs.has(band)) {
                    const double v = rs.number(band, 0.0);
                    if (!(v >= 0.0 && v <= 1.0)) {
                        rs.fail(band, "is a share of people in illectronism: a number in [0, 1] "
                                      "(0.14 for 14 %)");
                    }
                    cfg.risk.rates.emplace_back(band, v);
                }
            }
        }
        if (const auto *ac = t->get("age_columns")) {
            const auto *a = ac->as_array();
            if (!a || !a->is_array_of_tables()) {
                s.fail("age_columns", "give [[risk.age_columns]] tables with column, from, to");
            }
            std::size_t k = 0;
            for (const auto &item : *a) {
                const Section cs(*item.as_table(), "[[risk.age_columns]] #" + std::to_string(++k),
                                 origin, {"column", "from", "to"});
                RiskConfig::AgeColumn c;
                c.column = cs.required_str("column");
                c.from = cs.number("from", -1);
                c.to = cs.number("to", -1);
                if (!(c.from >= 0 && c.to > c.from)) {
                    cs.fail("to", "the ages must satisfy 0 <= from < to (years; to = 120 for "
                                  "\"and over\")");
                }
                cfg.risk.age_columns.push_back(std::move(c));
            }
        }
        if (const auto *adj = t->get("adjustments")) {
            const auto *a = adj->as_array();
            if (!a || !a->is_array_of_tables()) {
                s.fail("adjustments", "give [[risk.adjustments]] tables");
            }
            std::size_t k = 0;
            for (const auto &item : *a) {
                const Section as(
                    *item.as_table(), "[[risk.adjustments]] #" + std::to_string(++k), origin,
                    {"name", "column", "group_rate", "overall_rate", "reference_share"});
                RiskConfig::Adjustment x;
                x.column = as.required_str("column");
                x.name = as.str("name", x.column);
                x.group_rate = as.number("group_rate", -1);
                x.overall_rate = as.number("overall_rate", -1);
                x.reference_share = as.number("reference_share", -1);
                cfg.risk.adjustments.push_back(std::move(x));
            }
        }
        if (const auto *c = s.table("calibrate")) {
            const std::vector<std::string> bands = {"15-24", "25-39", "40-59", "60-74", "75+"};
            const Section cs(*c, "[risk] calibrate", origin,
                             {"overall_rate", "reference", "unknown"});
            RiskConfig::Calibration cal;
            cal.overall_rate = cs.number("overall_rate", -1);
            if (!(cal.overall_rate >= 0 && cal.overall_rate <= 1)) {
                cs.fail("overall_rate", "must be a share in [0, 1] (0.154 for 15.4 %)");
            }
            const auto *ref = cs.table("reference");
            if (!ref) {
                cs.fail("reference", "give the reference population by survey band, e.g. "
                                     "reference = { \"15-24\" = 7.6e6, ... }");
            }
            const Section rs(*ref, "[risk] calibrate reference", origin, bands);
            for (const auto &b : bands) {
                if (!rs.has(b)) {
                    rs.fail(b, "the reference population needs every survey band");
                }
                cal.reference.emplace_back(b, rs.number(b, 0));
            }
            cal.unknown = cs.str_list("unknown");
            for (const auto &u : cal.unknown) {
                if (std::find(bands.begin(), bands.end(), u) == bands.end()) {
                    cs.fail("unknown", "'" + u +
                                           "' is not a survey band (15-24, 25-39, 40-59, "
                                           "60-74, 75+)");
                }
            }
            if (cal.unknown.empty()) {
                cs.fail("unknown", "name the bands to solve for, e.g. unknown = [\"40-59\"]");
            }
            cfg.risk.calibrate = std::move(cal);
        }
        const auto *node = t->get("indicators");
        const auto *arr = node ? node->as_array() : nullptr;
        if (arr && !arr->is_array_of_tables()) {
            s.fail("indicators", "give the indicators as [[risk.indicators]] tables with column, "
                                 "weight and scores");
        }
        if (!arr && !cfg.risk.age_grid && cfg.risk.age_columns.empty()) {
            s.fail("indicators", "[risk] needs [[risk.indicators]] (the risk index), or age_grid "
                                 "or [[risk.age_columns]] (expected people in illectronism)");
        }
        double total = 0.0;
        std::size_t k = 0;
        for (const auto &item : arr ? *arr : toml::array{}) {
            const Section is(*item.as_table(), "[[risk.indicators]] #" + std::to_string(++k),
                             origin, {"column", "weight", "scores"});
            RiskIndicatorConfig ind;
            ind.column = is.required_str("column");
            ind.weight = is.number("weight", 1.0);
            ind.scores = is.boolean("scores", false);
            if (!(ind.weight >= 0.0)) {
                is.fail("weight", "must be a number >= 0");
            }
            total += ind.weight;
            cfg.risk.indicators.push_back(std::move(ind));
        }
        if (arr && !(total > 0.0)) {
            s.fail("indicators", "the weights sum to zero; give at least one indicator a "
                                 "positive weight");
        }
    }

    if (const auto *t = top.table("isochrones")) {
        const Section s(*t, "[isochrones]", origin,
                        {"minutes", "cell_m", "max_offroad_m", "bands", "denoise_m2",
                         "generalize_m", "places"});
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
        if (!(iso.cell_m > 0) || iso.max_offroad_m < 0 || iso.denoise_m2 < 0 ||
            iso.generalize_m < 0) {
            s.fail("cell_m", "cell_m must be > 0 and the other distances >= 0");
        }
    }

    if (const auto *t = top.table("accessibility")) {
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
                s.fail("weights", "needs one weight per band of bands_min (" +
                                      std::to_string(a.bands_min.size()) + ")");
            }
            for (const double w : a.weights) {
                if (w < 0) {
                    s.fail("weights", "must be >= 0 (a time weight of " + std::to_string(w) +
                                          " makes no sense)");
                }
            }
            if (a.bands_min.back() > a.catchment_min) {
                s.fail("bands_min", "must end at or before catchment_min");
            }
        }
        if (!(a.per > 0)) {
            s.fail("per", "must be a number of people above 0, e.g. 10000");
        }
    }
    if (const auto *t = top.table("deserts")) {
        const Section s(*t, "[deserts]", origin,
                        {"risk_top_share", "time_min", "accessibility_bottom_share"});
        auto &d = cfg.deserts;
        d.enabled = true;
        cfg.accessibility.enabled = true; // the rule needs it (defaults when not given)
        d.risk_top_share = s.number("risk_top_share", d.risk_top_share);
        d.time_min = s.number("time_min", d.time_min);
        d.accessibility_bottom_share =
            s.number("accessibility_bottom_share", d.accessibility_bottom_share);
        for (const auto &[key, v] :
             {std::pair{"risk_top_share", d.risk_top_share},
              std::pair{"accessibility_bottom_share", d.accessibility_bottom_share}}) {
            if (!(v >= 0 && v <= 1)) {
                s.fail(key, "is a share between 0 and 1 (0.3 for 30 %)");
            }
        }
        if (!(d.time_min >= 0)) {
            s.fail("time_min", "must be a number of minutes >= 0");
        }
    }
    if (const auto *t = top.table("siting")) {
        const Section s(*t, "[siting]", origin, {"k", "minutes", "candidates"});
        auto &g = cfg.siting;
        g.enabled = true;
        g.k = s.integer("k", g.k);
        g.minutes = s.number("minutes", g.minutes);
        if (s.has("candidates")) {
            g.candidates = base_dir / s.str("candidates");
        }
        if (g.k < 1) {
            s.fail("k", "must be at least 1 (the number of places to propose)");
        }
        if (!(g.minutes > 0)) {
            s.fail("minutes", "must be a number of minutes above 0");
        }
    }
    for (const auto &[on, name] :
         {std::pair{cfg.accessibility.enabled, "[accessibility]"},
          std::pair{cfg.deserts.enabled, "[deserts]"}, std::pair{cfg.siting.enabled, "[siting]"}}) {
        if (on && !cfg.network.enabled) {
            throw Error(ErrorKind::input,
                        origin + ": " + name + " needs a [network] to compute travel times on");
        }
    }

    if (cfg.isochrones.enabled && !cfg.network.enabled) {
        throw Error(ErrorKind::input, origin + ": [isochrones] needs a [network] to compute "
                                               "travel times on");
    }

    cfg.outputs.dir = std::filesystem::path("hublo-out") / cfg.id;
    if (const auto *t = top.table("outputs")) {
        const Section s(*t, "[outputs]", origin,
                        {"dir", "decimals", "geojson", "geojsonseq", "geopackage", "csv", "network",
                         "report", "report_simplify_m"});
        if (s.has("dir")) {
            cfg.outputs.dir = s.str("dir");
        }
        cfg.outputs.decimals = s.integer("decimals", cfg.outputs.decimals);
        if (cfg.outputs.decimals < 0 || cfg.outputs.decimals > 15) {
            s.fail("decimals", "must be within 0..15 (6 gives about 0.1 m)");
        }
        cfg.outputs.geojson = s.boolean("geojson", cfg.outputs.geojson);
        cfg.outputs.geojsonseq = s.boolean("geojsonseq", cfg.outputs.geojsonseq);
        cfg.outputs.geopackage = s.boolean("geopackage", cfg.outputs.geopackage);
        cfg.outputs.csv = s.boolean("csv", cfg.outputs.csv);
        cfg.outputs.network = s.boolean("network", cfg.outputs.network);
        cfg.outputs.report = s.boolean("report", cfg.outputs.report);
        cfg.outputs.report_simplify_m =
            s.number("report_simplify_m", cfg.outputs.report_simplify_m);
        if (!(cfg.outputs.report_simplify_m >= 0)) {
            s.fail("report_simplify_m", "is a tolerance in metres, 0 or more (100 for a region)");
        }
    }
    return cfg;
}

io::CsvTable read_table(const TableSource &table) {
    io::CsvOptions options;
    options.delimiter = table.delimiter.empty() ? 0 : table.delimiter[0];
    options.encoding = table.encoding;
    return io::read_csv(table.path, options);
}

StudyConfig load_study(const std::filesystem::path &file,
                       const std::vector<std::string> &overrides) {
    const std::string text = io::read_file(file);
    auto cfg =
        parse_study(text, std::filesystem::absolute(file).parent_path(), file.string(), overrides);
    cfg.file = file;
    return cfg;
}

} // namespace hublo::study
