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
                       "places_merge", "supply", "network", "access", "risk", "isochrones",
                       "accessibility", "deserts", "siting", "no_car", "modes", "outputs"});

    const ParseContext p{origin, base_dir};
    parse_study_section(top, p, cfg);
    parse_communes(top, p, cfg);
    parse_levels(root, p, cfg);
    parse_tables(root, p, cfg);
    parse_population(top, p, cfg);
    parse_places(root, p, cfg);
    parse_places_merge(top, p, cfg);
    parse_supply(top, p, cfg);
    parse_network(top, p, cfg);
    parse_access(top, p, cfg);
    parse_risk(top, p, cfg);
    parse_isochrones(top, p, cfg);
    parse_accessibility(top, p, cfg);
    parse_deserts(top, p, cfg);
    parse_no_car(top, p, cfg);
    parse_modes(root, p, cfg);
    parse_siting(top, p, cfg);
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
