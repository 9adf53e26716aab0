// [edits] (places closed and opened) and [[scenarios]] (named sets of settings, each run by
// `hublo compare` beside the study as it is).
#include "io/geojson_writer.hpp"
#include "study/config_section.hpp"

#include <set>
#include <sstream>

namespace hublo::study::detail {

void parse_edits(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto *t = top.table("edits");
    if (!t) {
        return;
    }
    const Section s(*t, "[edits]", pc.origin, {"close", "open", "open_label", "hours", "staff"});
    cfg.closed_places = s.str_list("close");
    // hours = { "france_services:1317" = "Mo-Fr 09:00-17:00" }, staff = { ... = 3 }
    if (const auto *hours = s.table("hours")) {
        for (const auto &[key, node] : *hours) {
            const auto *text = node.as_string();
            if (!text) {
                s.fail("hours", "'" + std::string(key.str()) +
                                    "' must be opening hours as text, e.g. \"Mo-Fr 09:00-17:00\"");
            }
            cfg.place_hours_edits.emplace_back(std::string(key.str()), text->get());
        }
    }
    if (const auto *staff = s.table("staff")) {
        for (const auto &[key, node] : *staff) {
            const auto v = node.value<double>();
            if (!v || !(*v > 0)) {
                s.fail("staff", "'" + std::string(key.str()) +
                                    "' must be a number of people above 0, e.g. 3");
            }
            cfg.place_staff_edits.emplace_back(std::string(key.str()), *v);
        }
    }
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
        const Section s(*t, where, pc.origin,
                        {"id", "label", "set", "close", "open", "hours", "staff"});
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
        // hours and staff: the same inline tables as [edits], written back as TOML.
        for (const char *key : {"hours", "staff"}) {
            if (const auto *table = s.table(key)) {
                std::string inline_table = "{";
                for (const auto &[k, node] : *table) {
                    std::ostringstream v;
                    if (const auto *str = node.as_string()) {
                        std::string quoted; // a JSON string is a TOML basic string
                        io::append_json_string(quoted, str->get());
                        v << quoted;
                    } else if (const auto d = node.value<double>()) {
                        v << *d;
                    }
                    inline_table += inline_table.size() > 1 ? ", " : "";
                    io::append_json_string(inline_table, k.str());
                    inline_table += " = " + v.str();
                }
                sc.settings.push_back(std::string("edits.") + key + "=" + inline_table + "}");
            }
        }
        cfg.scenarios.push_back(std::move(sc));
    }
}

} // namespace hublo::study::detail
