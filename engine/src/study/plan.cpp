#include "study/plan.hpp"

#include <algorithm>

namespace hublo::study {

std::string_view stage_name(Stage stage) {
    switch (stage) {
    case Stage::load_communes:
        return "load communes";
    case Stage::load_tables:
        return "load tables";
    case Stage::align_levels:
        return "align levels";
    case Stage::population:
        return "population";
    case Stage::risk:
        return "risk";
    case Stage::illectronism:
        return "illectronism";
    case Stage::places:
        return "load places";
    case Stage::network:
        return "road network";
    case Stage::demand:
        return "demand";
    case Stage::access:
        return "travel times";
    case Stage::modes:
        return "without a car";
    case Stage::isochrones:
        return "isochrones";
    case Stage::accessibility:
        return "accessibility";
    case Stage::deserts:
        return "deserts";
    case Stage::siting:
        return "siting";
    case Stage::tour:
        return "travelling service";
    case Stage::layers:
        return "build layers";
    case Stage::write:
        return "write outputs";
    }
    return "?";
}

const std::vector<std::string> &last_stage_names() {
    static const std::vector<std::string> names = {"all",        "risk",    "access",
                                                   "isochrones", "deserts", "siting"};
    return names;
}

bool Plan::has(Stage stage) const {
    return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

std::size_t Plan::steps() const {
    return stages.size() + (has(Stage::isochrones) && config.isochrones.places ? 1 : 0);
}

namespace {
/// The study with every stage after `last` disabled.
StudyConfig cut_after(const StudyConfig &config, const std::string &last) {
    StudyConfig cfg = config;
    if (last.empty() || last == "all") {
        return cfg;
    }
    const auto &names = last_stage_names();
    if (std::find(names.begin(), names.end(), last) == names.end()) {
        throw Error(ErrorKind::input, "unknown stage '" + last +
                                          "': use all, risk, access, isochrones, deserts "
                                          "or siting");
    }
    cfg.tour.enabled = false; // a run cut short plans no travelling service
    if (last == "risk") {
        cfg.network.enabled = false;
    }
    if (last != "isochrones") {
        cfg.isochrones.enabled = false;
    }
    if (last == "risk" || last == "access" || last == "isochrones") {
        cfg.accessibility.enabled = cfg.deserts.enabled = cfg.siting.enabled = false;
    }
    if (last == "deserts") {
        cfg.siting.enabled = false;
    }
    if (last == "siting") {
        cfg.deserts.enabled = false;
    }
    return cfg;
}
} // namespace

Plan make_plan(const StudyConfig &config, const RunOptions &options, bool write) {
    Plan plan{cut_after(config, options.stage), {}};
    const auto &cfg = plan.config;
    auto &s = plan.stages;
    s = {Stage::load_communes, Stage::load_tables, Stage::align_levels, Stage::population};
    if (cfg.risk.enabled) {
        if (!cfg.risk.indicators.empty()) {
            s.push_back(Stage::risk);
        }
        s.push_back(Stage::illectronism);
    }
    s.push_back(Stage::places);
    if (cfg.network.enabled && options.travel_times) {
        s.insert(s.end(), {Stage::network, Stage::demand, Stage::access});
        if (cfg.modes.no_car.enabled || !cfg.modes.modes.empty()) {
            s.push_back(Stage::modes);
        }
        if (cfg.isochrones.enabled) {
            s.push_back(Stage::isochrones);
        }
        if (cfg.tour.enabled && (cfg.modes.no_car.enabled || !cfg.modes.modes.empty())) {
            s.push_back(Stage::tour);
        }
        if (cfg.accessibility.enabled || cfg.deserts.enabled || cfg.siting.enabled) {
            s.push_back(Stage::accessibility);
        }
        if (cfg.deserts.enabled) {
            s.push_back(Stage::deserts);
        }
        if (cfg.siting.enabled) {
            s.push_back(Stage::siting);
        }
    }
    s.push_back(Stage::layers);
    if (write) {
        s.push_back(Stage::write);
    }
    return plan;
}

} // namespace hublo::study
