#include "study/config.hpp"

#include "study/config_section.hpp"

namespace hublo::study {

using namespace detail;

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
/// Relative "path" values of a base study made absolute (they resolve against its folder,
/// not the extending file's).
void absolute_paths(toml::node &node, const std::filesystem::path &base_dir) {
    if (auto *t = node.as_table()) {
        for (auto &&[k, v] : *t) {
            if (k.str() == "path" && v.is_string()) {
                v.as_string()->get() = resolve(base_dir, v.as_string()->get()).string();
            } else {
                absolute_paths(v, base_dir);
            }
        }
    } else if (auto *a = node.as_array()) {
        for (auto &v : *a) {
            absolute_paths(v, base_dir);
        }
    }
}

/// `over` laid on `base`: tables merged key by key, anything else (values, arrays, arrays of
/// tables such as [[places]]) replaced whole.
void merge_over(toml::table &base, const toml::table &over) {
    for (auto &&[k, v] : over) {
        auto *b = base.get(k);
        if (b && b->is_table() && v.is_table()) {
            merge_over(*b->as_table(), *v.as_table());
        } else {
            base.insert_or_assign(k, v);
        }
    }
}

/// A study file's `extends = "other.toml"`: the other study with this one's settings laid
/// over it (recursively, up to 8 files). `text` gets every file's text, for the checksum.
void apply_extends(toml::table &root, const std::filesystem::path &base_dir,
                   const std::string &origin, std::string &text, int depth) {
    const auto *node = root.get("extends");
    if (!node) {
        return;
    }
    const int line = static_cast<int>(node->source().begin.line);
    const std::string where = origin + ":" + std::to_string(line) + ": extends";
    if (!node->is_string()) {
        throw Error(ErrorKind::input, where +
                                          " must be the path of the study this one changes, e.g. "
                                          "extends = \"study.toml\"");
    }
    if (depth >= 8) {
        throw Error(ErrorKind::input, where + ": more than 8 studies extend one another (a "
                                              "cycle?); extend the base study directly");
    }
    const auto file = resolve(base_dir, node->as_string()->get());
    std::string base_text;
    try {
        base_text = io::read_file(file);
    } catch (const Error &e) {
        throw Error(ErrorKind::input, where + ": " + e.what());
    }
    toml::table base;
    try {
        base = toml::parse(base_text, file.string());
    } catch (const toml::parse_error &e) {
        throw Error(ErrorKind::input, file.string() + ":" + std::to_string(e.source().begin.line) +
                                          ": " + std::string(e.description()) + " (TOML syntax)");
    }
    text += "\n# extends " + file.filename().string() + "\n" + base_text;
    apply_extends(base, file.parent_path(), file.string(), text, depth + 1);
    absolute_paths(base, file.parent_path());
    root.erase("extends");
    merge_over(base, root);
    root = std::move(base);
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
    std::string all_text(text);
    apply_extends(root, base_dir, origin, all_text, 0);
    for (const auto &o : overrides) {
        apply_override(root, o);
    }
    StudyConfig cfg;
    cfg.base_dir = base_dir;
    cfg.text = std::string(text);
    cfg.checksum_text = std::move(all_text);
    cfg.overrides = overrides;
    const Section top(root, "the study file", origin,
                      {"extends",    "study",  "communes",     "levels",        "tables",
                       "population", "places", "places_merge", "supply",        "network",
                       "access",     "risk",   "isochrones",   "accessibility", "deserts",
                       "siting",     "no_car", "modes",        "outputs",       "edits",
                       "scenarios",  "tour",   "transit"});

    const ParseContext p{origin, base_dir};
    parse_study_section(top, p, cfg);
    parse_communes(top, p, cfg);
    parse_levels(root, p, cfg);
    parse_tables(root, p, cfg);
    parse_population(top, p, cfg);
    parse_places(root, p, cfg);
    parse_places_merge(top, p, cfg);
    parse_edits(top, p, cfg);
    parse_scenarios(root, p, cfg);
    parse_supply(top, p, cfg);
    parse_network(top, p, cfg);
    parse_access(top, p, cfg);
    parse_risk(top, p, cfg);
    parse_isochrones(top, p, cfg);
    parse_accessibility(top, p, cfg);
    parse_deserts(top, p, cfg);
    parse_no_car(top, p, cfg);
    parse_transit(top, p, cfg);
    parse_modes(root, p, cfg);
    parse_siting(top, p, cfg);
    parse_tour(top, p, cfg);
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

    parse_outputs(top, p, cfg);
    return cfg;
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
