// [edits] (places closed and opened) and [[scenarios]] (named sets of settings, each run by
// `hublo compare` beside the study as it is).
#include "study/config_section.hpp"

#include <set>

namespace hublo::study::detail {

void parse_edits(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("edits");
    if (!t) {
        return;
    }
    const Section s(*t, "[edits]", pc.origin, {"close", "open", "open_label"});
    cfg.closed_places = s.str_list("close");
    if (s.has("open")) {
        // The places opened: a CSV in hublo's own columns (name, lon, lat, labels, hours,
        // staff...), one more [[places]] source.
        places::PlaceSource opened;
        opened.id = "opened";
        opened.format = "csv";
        opened.source.path = pc.base_dir / s.str("open");
        opened.label = s.str("open_label", "");
        opened.source.context = "[edits] open";
        for (const char *c : {"id", "name", "lon", "lat", "labels", "hours", "staff"}) {
            opened.columns.emplace_back(c, c);
        }
        for (const auto &other : cfg.places) {
            if (other.id == opened.id) {
                s.fail("open", "a [[places]] source is already named \"opened\"; rename it");
            }
        }
        cfg.places.push_back(std::move(opened));
    }
}

void parse_scenarios(const toml::table &root, const ParseContext &pc, StudyConfig &cfg) {
    const auto *arr = root["scenarios"].as_array();
    if (!arr) {
        if (root.contains("scenarios")) {
            throw Error(ErrorKind::input, pc.origin + ": scenarios must be an array of tables: "
                                                      "write [[scenarios]]");
        }
        return;
    }
    std::set<std::string> ids;
    for (std::size_t k = 0; k < arr->size(); ++k) {
        const auto *t = (*arr)[k].as_table();
        const std::string where = "[[scenarios]] #" + std::to_string(k + 1);
        if (!t) {
            throw Error(ErrorKind::input, pc.origin + ": " + where + " must be a table");
        }
        const Section s(*t, where, pc.origin, {"id", "label", "set", "close", "open"});
        Scenario sc;
        sc.id = s.str("id", "");
        if (sc.id.empty() ||
            sc.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789_-") != std::string::npos) {
            s.fail("id", "give a short name of letters, digits, '-' and '_' (it names the "
                         "scenario's outputs), e.g. id = \"bus-chinonais\"");
        }
        if (!ids.insert(sc.id).second) {
            s.fail("id", "'" + sc.id + "' names two scenarios");
        }
        sc.label = s.str("label", sc.id);
        sc.settings = s.str_list("set");
        // close and open: [edits] for this scenario only.
        if (s.has("close")) {
            std::string list;
            for (const auto &c : s.str_list("close")) {
                list += (list.empty() ? "\"" : ", \"") + c + "\"";
            }
            sc.settings.push_back("edits.close=[" + list + "]");
        }
        if (s.has("open")) {
            sc.settings.push_back("edits.open=\"" + s.str("open") + "\"");
        }
        cfg.scenarios.push_back(std::move(sc));
    }
}

} // namespace hublo::study::detail
