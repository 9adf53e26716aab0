// What the section parsers of the study file share (study/config.cpp and
// study/config_sections.cpp): a TOML table with its allowed keys checked up front, and the
// readers of file sources.
#pragma once

#include "core/strings.hpp"
#include "hublo/error.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"
#include "io/vector.hpp"
#include "study/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::study::detail {

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
            msg += near.empty() ? "; valid keys: " + core::join(allowed, ", ")
                                : "; did you mean '" + near + "'?";
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

    const toml::table &table_;
    std::string name_;
    const std::string &origin_;
};

inline std::filesystem::path resolve(const std::filesystem::path &base, const std::string &p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

inline io::VectorSource vector_source(const Section &s, const std::filesystem::path &base,
                                      std::string_view path_key = "path") {
    io::VectorSource v;
    v.path = resolve(base, s.required_str(path_key));
    v.layer = s.str("layer");
    v.crs = s.str("crs");
    v.context = s.name();
    return v;
}

inline io::TableSource table_source(const Section &s, const std::filesystem::path &base) {
    io::TableSource t;
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

inline const std::vector<std::string> kTableSourceKeys = {"path", "delimiter", "encoding",
                                                          "code_width"};

inline std::vector<std::string> with(std::vector<std::string> a,
                                     const std::vector<std::string> &b) {
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

inline const std::set<std::string> kPlaceFormats = {"france_services", "conseiller_numerique_json",
                                                    "aidants_connect", "mednum", "csv"};
inline const std::vector<std::string> kPlaceColumns = {
    "id",       "name",     "siret",    "address",  "postcode", "commune_code", "commune_name",
    "lon",      "lat",      "labels",   "capacity", "staff",    "hours",        "hours_mo",
    "hours_tu", "hours_we", "hours_th", "hours_fr", "hours_sa", "format",       "comment"};

/// Where the text comes from and where its relative paths resolve.
struct ParseContext {
    const std::string &origin;
    const std::filesystem::path &base_dir;
};

// One parser per section of the study file, in the order parse_study calls them.
void parse_study_section(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_communes(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_levels(const toml::table &root, const ParseContext &pc, StudyConfig &cfg);
void parse_tables(const toml::table &root, const ParseContext &pc, StudyConfig &cfg);
void parse_population(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_places(const toml::table &root, const ParseContext &pc, StudyConfig &cfg);
void parse_places_merge(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_edits(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_scenarios(const toml::table &root, const ParseContext &pc, StudyConfig &cfg);
void parse_supply(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_network(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_access(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_risk(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_isochrones(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_accessibility(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_deserts(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_no_car(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_transit(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_modes(const toml::table &root, const ParseContext &pc, StudyConfig &cfg);
void parse_siting(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_tour(const Section &top, const ParseContext &pc, StudyConfig &cfg);
void parse_outputs(const Section &top, const ParseContext &pc, StudyConfig &cfg);

} // namespace hublo::study::detail
