#include "study/pipeline.hpp"
#include "study/deserts.hpp"
#include "study/isochrones.hpp"
#include "study/report.hpp"

#include "study/access.hpp"

#include "geom/geos.hpp"
#include "hublo/algorithms/dedup.hpp"
#include "hublo/algorithms/isochrone/contour.hpp"
#include "hublo/algorithms/isochrone/time_surface.hpp"
#include "hublo/algorithms/locate.hpp"
#include "hublo/algorithms/risk/illectronism.hpp"
#include "hublo/algorithms/risk/risk_index.hpp"
#include "io/csv.hpp"
#include "io/gdal_module.hpp"
#include "io/geojson_writer.hpp"
#include "io/text.hpp"
#include "io/vector.hpp"
#include "io/writers.hpp"
#include "model/layer.hpp"
#include "model/places.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace hublo::study {

namespace {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Collects counted mismatches with a few examples each, in the order first seen.
class IssueLog {
public:
    void add(const std::string &kind, const std::string &message, const std::string &example) {
        auto it = index_.find(kind);
        if (it == index_.end()) {
            it = index_.emplace(kind, issues_.size()).first;
            issues_.push_back(Issue{kind, message, 0, {}});
        }
        Issue &issue = issues_[it->second];
        ++issue.count;
        if (issue.examples.size() < 5 && !example.empty()) {
            issue.examples.push_back(example);
        }
    }
    void add_count(const std::string &kind, const std::string &message, std::size_t count,
                   const std::vector<std::string> &examples) {
        if (count == 0) {
            return;
        }
        auto it = index_.find(kind);
        if (it == index_.end()) {
            it = index_.emplace(kind, issues_.size()).first;
            issues_.push_back(Issue{kind, message, 0, {}});
        }
        Issue &issue = issues_[it->second];
        issue.count += count;
        for (const auto &e : examples) {
            if (issue.examples.size() < 5) {
                issue.examples.push_back(e);
            }
        }
    }
    /// Adds `other`'s issues as if they were added here, in their order.
    void merge(const IssueLog &other) {
        for (const auto &issue : other.issues_) {
            add_count(issue.kind, issue.message, issue.count, issue.examples);
        }
    }
    [[nodiscard]] std::vector<Issue> take() { return std::move(issues_); }

private:
    std::vector<Issue> issues_;
    std::map<std::string, std::size_t> index_;
};

/// One level of areas (communes, EPCI, bassins...), in the study CRS.
struct AreaSet {
    std::string id;
    std::string label;
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<MultiPolygon> geoms;
    std::vector<std::string> geometry_origin; ///< "layer" or "dissolved"
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::pair<std::string, std::vector<double>>> indicators; ///< joined columns

    std::size_t add(const std::string &code, const std::string &name) {
        auto [it, inserted] = index.emplace(code, codes.size());
        if (inserted) {
            codes.push_back(code);
            names.push_back(name);
        }
        return it->second;
    }
};

struct Place {
    std::string id;
    std::string name;
    std::vector<std::string> labels;
    std::vector<std::string> sources; ///< "source:record"
    std::string siret, address, postcode;
    std::string commune_code;
    std::string located; ///< "coordinates" or "commune"
    XY xy;
    double capacity = 1.0;
};

class Timer {
public:
    explicit Timer(RunSummary &summary) : summary_(summary) {}
    void lap(const std::string &stage) {
        const auto now = std::chrono::steady_clock::now();
        summary_.stage_seconds.emplace_back(stage,
                                            std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }

private:
    RunSummary &summary_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

std::string relative_to(const std::filesystem::path &p, const std::filesystem::path &base) {
    auto rel = p.lexically_relative(base);
    return rel.empty() ? p.generic_string() : rel.generic_string();
}

/// The input files summary.json names with their SHA-256, by role, in its order: those the
/// run reads (the road network and the demand table only when it computes travel times).
std::vector<std::pair<std::string, std::filesystem::path>> hashed_inputs(const StudyConfig &cfg,
                                                                         bool with_network) {
    std::vector<std::pair<std::string, std::filesystem::path>> inputs;
    inputs.emplace_back("communes", cfg.communes.source.path);
    for (const auto &lv : cfg.levels) {
        if (lv.layer) {
            inputs.emplace_back("level:" + lv.id, lv.layer->path);
        }
        if (lv.mapping) {
            inputs.emplace_back("zoning:" + lv.id, lv.mapping->table.path);
        }
        if (lv.names) {
            inputs.emplace_back("names:" + lv.id, lv.names->table.path);
        }
    }
    for (const auto &t : cfg.tables) {
        inputs.emplace_back("table:" + t.id, t.source.path);
    }
    for (const auto &p : cfg.places) {
        inputs.emplace_back("places:" + p.id, p.source.path);
    }
    if (with_network) {
        inputs.emplace_back("network", cfg.network.source.path);
        if (cfg.access.demand_table) {
            inputs.emplace_back("demand", cfg.access.demand_table->path);
        }
    }
    if (cfg.risk.enabled && cfg.risk.age_grid) {
        inputs.emplace_back("age_grid", cfg.risk.age_grid->path);
    }
    return inputs;
}

/// What the second thread loads while the first reads the communes, tables, levels and
/// places: the road network and its segment index, then the inputs' checksums.
struct Background {
    std::optional<network::RoadNetwork> net;
    std::optional<algorithms::network::SegmentIndex> segments;
    double network_seconds = 0;
    std::vector<std::string> checksums; ///< hashed_inputs' SHA-256, in order; "" unreadable
};

void load_network_into(const NetworkConfig &cfg, const io::Crs &crs, Background &out) {
    const auto start = std::chrono::steady_clock::now();
    out.net = network::load_network(cfg, crs);
    out.segments.emplace(out.net->graph);
    out.network_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void hash_inputs_into(const StudyConfig &cfg, bool with_network, Background &out) {
    for (const auto &[role, path] : hashed_inputs(cfg, with_network)) {
        try {
            out.checksums.push_back(io::sha256_file(path));
        } catch (const Error &) {
            out.checksums.emplace_back(); // summary.json reports it when it hashes again
        }
    }
}

/// The second thread's work: the road network (its end, or its error, through
/// `network_ready`), the inputs' checksums, then the outputs' transformation, built while
/// the thread is free so that the output stage takes clones of it, and GDAL, loaded here
/// when the run writes a GeoPackage (io/gdal_module.hpp).
void second_thread(const StudyConfig &cfg, const io::Crs &crs, bool with_network, bool write,
                   Background &out, std::promise<void> &network_ready) {
    if (with_network) {
        try {
            load_network_into(cfg.network, crs, out);
            network_ready.set_value();
        } catch (...) {
            network_ready.set_exception(std::current_exception());
            return;
        }
    }
    hash_inputs_into(cfg, with_network, out);
    if (write) {
        try {
            (void)io::Transformer(crs, io::Crs::from_user("EPSG:4326", "WGS84"));
            if (cfg.outputs.geopackage) {
                (void)io::gdal::module();
            }
        } catch (const Error &) {
            // the output stage reports it
        }
    }
}

// ---------------------------------------------------------------- load: communes

AreaSet load_communes(const StudyConfig &cfg, const io::Crs &crs, geom::Geos &geos, IssueLog &log,
                      io::VectorLayer &layer_out) {
    io::VectorSource source = cfg.communes.source;
    source.max_vertices = cfg.communes.max_vertices;
    layer_out = io::read_vector(source, crs, io::GeometryKind::polygons);
    const auto &layer = layer_out;
    const auto c_code = layer.require_field(cfg.communes.code, "[communes] code");
    const auto c_name = layer.optional_field(cfg.communes.name, "[communes] name");
    log.add_count("commune_degenerate_rings",
                  "rings of fewer than 4 distinct positions in the commune layer, dropped",
                  layer.degenerate_rings, {});
    AreaSet communes;
    communes.id = "communes";
    communes.label = "Communes";
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const std::string code =
            io::normalise_code(layer.values[i][c_code], cfg.communes.code_width);
        const std::string where = layer.source + ": feature " + std::to_string(layer.fids[i]);
        if (code.empty()) {
            throw Error(ErrorKind::data, where + " has an empty " + cfg.communes.code +
                                             "; every commune needs its Insee code");
        }
        if (communes.index.count(code)) {
            throw Error(ErrorKind::data, where + ": commune code " + code +
                                             " appears twice; keep one feature per commune "
                                             "(dissolve the layer by " +
                                             cfg.communes.code + ")");
        }
        MultiPolygon g = layer.polygons[i];
        if (g.empty()) {
            throw Error(ErrorKind::data,
                        where + " (" + code + ") has no geometry; every commune needs its polygon");
        }
        std::string reason;
        if (!geos.is_valid(g, &reason)) {
            if (!cfg.communes.repair) {
                throw Error(ErrorKind::data, where + " (" + code + ") is not a valid polygon (" +
                                                 reason +
                                                 "); fix it, or set [communes] invalid = "
                                                 "\"repair\" to make it valid with GEOS");
            }
            g = geos.make_valid(g);
            log.add("commune_geometry_repaired", "commune polygons made valid (GEOS MakeValid)",
                    code + " (" + reason + ")");
        }
        communes.add(code, c_name ? layer.values[i][*c_name] : std::string());
        communes.geoms.push_back(std::move(g));
        communes.geometry_origin.emplace_back("layer");
    }
    return communes;
}

/// Two columns of one layer with the same name cannot be written (GeoPackage refuses them,
/// GeoJSON would keep one): a joined table column named like one of hublo's own, e.g. a
/// table column `population`. Names the table and the fix.
void require_unique_fields(const model::Layer &layer, const StudyConfig &cfg) {
    std::unordered_set<std::string_view> seen;
    for (const auto &f : layer.fields) {
        if (seen.insert(f.name).second) {
            continue;
        }
        std::string origin;
        for (const auto &t : cfg.tables) {
            for (const auto &c : t.columns) {
                if (t.prefix + c == f.name) {
                    origin = "[[tables]] '" + t.id + "' column '" + c + "'";
                }
            }
        }
        if (origin.empty()) {
            origin = "a joined table column";
        }
        throw Error(ErrorKind::input,
                    "layer " + layer.name + ": " + origin + " would be written as '" + f.name +
                        "', a column hublo writes itself; give that table a prefix "
                        "(prefix = \"t_\") or leave the column out");
    }
}

// ---------------------------------------------------------------- load: tables

struct TableData {
    std::vector<std::string> codes;
    std::vector<std::string> columns; ///< output names (with prefix)
    std::vector<std::string> source_columns;
    std::vector<std::vector<double>> values; ///< per column, per row
};

TableData load_table(const IndicatorTable &t, IssueLog &log) {
    const io::CsvTable csv = study::read_table(t.source);
    const auto c_code = csv.require_column(t.code, t.source.context + " code");
    std::vector<std::size_t> cols;
    std::vector<std::string> names = t.columns;
    if (names.empty()) {
        for (std::size_t k = 0; k < csv.header.size(); ++k) {
            if (k != c_code) {
                names.push_back(csv.header[k]);
            }
        }
    }
    for (const auto &n : names) {
        cols.push_back(csv.require_column(n, t.source.context + " columns"));
    }
    TableData out;
    out.source_columns = names;
    for (const auto &n : names) {
        out.columns.push_back(t.prefix + n);
    }
    out.values.resize(cols.size());
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<std::size_t> first_line;
    std::size_t malformed = 0;
    std::vector<std::string> malformed_examples;
    std::size_t dropped_dups = 0;
    std::vector<std::string> dup_examples;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        const std::string code = io::normalise_code(row[c_code], t.source.code_width);
        const std::string where = csv.source + ":" + std::to_string(csv.row_line[r]);
        if (code.empty()) {
            throw Error(ErrorKind::data,
                        where + ": empty code in column " + t.code + "; every row needs one");
        }
        std::vector<double> vals(cols.size(), kNaN);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            bool bad = false;
            const auto v = io::parse_number(row[cols[k]], csv.decimal_comma(), &bad);
            if (bad) {
                ++malformed;
                if (malformed_examples.size() < 5) {
                    malformed_examples.push_back(where + " " + names[k] + "='" + row[cols[k]] +
                                                 "'");
                }
            }
            vals[k] = v.value_or(kNaN);
        }
        auto [it, inserted] = seen.emplace(code, out.codes.size());
        if (!inserted) {
            const std::size_t first = it->second;
            bool same = true;
            for (std::size_t k = 0; k < cols.size(); ++k) {
                const double a = out.values[k][first], b = vals[k];
                same = same && (a == b || (std::isnan(a) && std::isnan(b)));
            }
            if (t.on_duplicate == OnDuplicate::error ||
                (t.on_duplicate == OnDuplicate::identical && !same)) {
                throw Error(ErrorKind::data,
                            where + ": code " + code + " appears again (first at line " +
                                std::to_string(first_line[first]) +
                                "); remove the duplicate rows, or set on_duplicate = " +
                                (t.on_duplicate == OnDuplicate::error
                                     ? "\"identical\" (same values) or \"first\""
                                     : "\"first\" (their values differ)") +
                                " in " + t.source.context);
            }
            ++dropped_dups;
            if (dup_examples.size() < 5) {
                dup_examples.push_back(code);
            }
            continue;
        }
        out.codes.push_back(code);
        first_line.push_back(csv.row_line[r]);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            out.values[k].push_back(vals[k]);
        }
    }
    log.add_count("indicator_value_malformed",
                  "indicator cells that are not numbers, read as missing", malformed,
                  malformed_examples);
    log.add_count("indicator_duplicate_rows",
                  "duplicate rows dropped in " + t.source.context + " (on_duplicate)", dropped_dups,
                  dup_examples);
    return out;
}

/// Former commune code -> current code, from [communes] changes.
std::map<std::string, std::string> read_changes(const CommunesConfig &c) {
    std::map<std::string, std::string> out;
    if (!c.changes) {
        return out;
    }
    const io::CsvTable csv = study::read_table(*c.changes);
    const auto from = csv.require_column(c.changes_from, "[communes] changes from");
    const auto to = csv.require_column(c.changes_to, "[communes] changes to");
    for (const auto &row : csv.rows) {
        const auto a = io::normalise_code(row[from], c.changes->code_width);
        const auto b = io::normalise_code(row[to], c.changes->code_width);
        if (!a.empty() && !b.empty() && a != b) {
            out.emplace(a, b);
        }
    }
    return out;
}

void join_table(const IndicatorTable &t, const TableData &data, AreaSet &areas, IssueLog &log,
                const std::map<std::string, std::string> &changes) {
    std::vector<std::vector<double>> joined(data.columns.size(),
                                            std::vector<double>(areas.codes.size(), kNaN));
    std::vector<bool> matched(areas.codes.size(), false);
    for (std::size_t r = 0; r < data.codes.size(); ++r) {
        auto it = areas.index.find(data.codes[r]);
        const auto &code = data.codes[r];
        if (it == areas.index.end() && code.size() == 4 &&
            std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            // "1001" for "01001": a spreadsheet read the code as a number. No commune code
            // has four digits, so the zero is put back, and the run says so.
            it = areas.index.find("0" + code);
            if (it != areas.index.end()) {
                log.add("indicator_code_lost_leading_zero:" + t.id,
                        "codes of " + t.source.context +
                            " that lost their leading zero (read as numbers), joined with it "
                            "put back; set code_width = 5 on the table to say so",
                        code + " -> 0" + code);
            }
        }
        if (it == areas.index.end() && !changes.empty()) {
            // A former code: follow the changes (merges may chain) to a current commune.
            std::string current = code;
            for (int hop = 0; hop < 16; ++hop) {
                const auto c = changes.find(current);
                if (c == changes.end()) {
                    break;
                }
                current = c->second;
            }
            if (const auto found = areas.index.find(current);
                current != code && found != areas.index.end()) {
                if (std::find(data.codes.begin(), data.codes.end(), current) != data.codes.end() ||
                    matched[found->second]) {
                    log.add("indicator_former_code_ignored:" + t.id,
                            "rows of " + t.source.context +
                                " under a former code whose current commune has a row already "
                                "(that row wins)",
                            code + " -> " + current);
                    continue;
                }
                log.add("indicator_former_code_mapped:" + t.id,
                        "rows of " + t.source.context +
                            " under a former commune code, joined to the current commune "
                            "([communes] changes)",
                        code + " -> " + current);
                it = found;
            }
        }
        if (it == areas.index.end()) {
            log.add("indicator_code_unknown:" + t.id,
                    "codes of " + t.source.context + " not among the " + areas.id +
                        " (former codes or areas outside the study)",
                    data.codes[r]);
            continue;
        }
        matched[it->second] = true;
        for (std::size_t k = 0; k < data.columns.size(); ++k) {
            joined[k][it->second] = data.values[k][r];
        }
    }
    for (std::size_t a = 0; a < areas.codes.size(); ++a) {
        if (!matched[a]) {
            log.add("area_without_indicators:" + t.id,
                    areas.id + " without a row in " + t.source.context, areas.codes[a]);
        }
    }
    for (std::size_t k = 0; k < data.columns.size(); ++k) {
        areas.indicators.emplace_back(data.columns[k], std::move(joined[k]));
    }
}

// ---------------------------------------------------------------- align: levels

struct Membership {
    std::vector<std::ptrdiff_t> area_of_commune; ///< -1: no area at this level
};

std::map<std::string, std::pair<std::string, std::string>> read_mapping(const MappingConfig &m,
                                                                        IssueLog &log) {
    const io::CsvTable csv = study::read_table(m.table);
    const auto c_from = csv.require_column(m.from_code, m.table.context + " from_code");
    const auto c_code = csv.require_column(m.code, m.table.context + " code");
    const auto c_name = csv.optional_column(m.name, m.table.context + " name");
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto from = io::normalise_code(csv.rows[r][c_from], m.table.code_width);
        const auto code = io::normalise_code(csv.rows[r][c_code]);
        const std::string name = c_name ? std::string(io::trim(csv.rows[r][*c_name])) : code;
        const std::string where = csv.source + ":" + std::to_string(csv.row_line[r]);
        if (from.empty() || code.empty()) {
            log.add("mapping_row_incomplete", "mapping rows without a code, ignored", where);
            continue;
        }
        auto [it, inserted] = out.emplace(from, std::make_pair(code, name));
        if (!inserted && it->second.first != code) {
            throw Error(ErrorKind::data, where + ": " + from + " is mapped to both " +
                                             it->second.first + " and " + code +
                                             "; a code must belong to one zone only");
        }
    }
    return out;
}

AreaSet
build_level(const LevelConfig &level, const AreaSet &communes, const io::VectorLayer &commune_layer,
            const std::map<std::string, std::pair<const AreaSet *, const Membership *>> &previous,
            const io::Crs &crs, geom::Geos &geos, IssueLog &log, Membership &membership) {
    AreaSet areas;
    areas.id = level.id;
    areas.label = level.label;
    membership.area_of_commune.assign(communes.codes.size(), -1);

    // The level's own polygons, when it has some: its geometry, and its membership when
    // neither an attribute nor a zoning table gives it.
    std::optional<io::VectorLayer> layer;
    std::optional<std::size_t> c_layer_code, c_layer_name;
    if (level.layer) {
        io::VectorSource source = *level.layer;
        source.max_vertices = 10000000; // départements or EPCI outlines: 10x a commune's bound
        layer = io::read_vector(source, crs, io::GeometryKind::polygons);
        c_layer_code = layer->require_field(level.layer_code, "[[levels]] " + level.id + " code");
        c_layer_name = layer->optional_field(level.layer_name, "[[levels]] " + level.id + " name");
    }

    if (level.commune_field.empty() && !level.mapping) {
        const algorithms::locate::PolygonLocator locator(layer->polygons);
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            const auto hit = locator.find(geos.point_on_surface(communes.geoms[i]));
            if (!hit) {
                log.add("commune_outside_level:" + level.id,
                        "communes whose point on surface is in no area of the " + level.label +
                            " layer",
                        communes.codes[i]);
                continue;
            }
            const auto code = io::normalise_code(layer->values[*hit][*c_layer_code]);
            membership.area_of_commune[i] = static_cast<std::ptrdiff_t>(
                areas.add(code, c_layer_name ? layer->values[*hit][*c_layer_name] : std::string()));
        }
    } else if (!level.mapping) {
        const auto c_parent = commune_layer.require_field(
            level.commune_field, "[[levels]] " + level.id + " commune_field");
        const auto c_name = commune_layer.optional_field(
            level.commune_name_field, "[[levels]] " + level.id + " commune_name_field");
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            const auto code = io::normalise_code(commune_layer.values[i][c_parent]);
            if (code.empty()) {
                log.add("commune_without_parent:" + level.id,
                        "communes without a " + level.label + " code", communes.codes[i]);
                continue;
            }
            membership.area_of_commune[i] = static_cast<std::ptrdiff_t>(
                areas.add(code, c_name ? commune_layer.values[i][*c_name] : std::string()));
        }
    } else {
        const auto &m = *level.mapping;
        const auto table = read_mapping(m, log);
        const AreaSet *from = nullptr;
        const Membership *from_membership = nullptr;
        if (m.from != "communes") {
            from = previous.at(m.from).first;
            from_membership = previous.at(m.from).second;
        }
        std::set<std::string> used;
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            std::string key = communes.codes[i];
            if (from) {
                const auto a = from_membership->area_of_commune[i];
                if (a < 0) {
                    continue;
                }
                key = from->codes[static_cast<std::size_t>(a)];
            }
            auto it = table.find(key);
            if (it == table.end()) {
                log.add("missing_from_zoning:" + level.id,
                        (from ? from->label : std::string("communes")) +
                            " missing from the zoning table of " + level.id,
                        key);
                continue;
            }
            used.insert(key);
            membership.area_of_commune[i] =
                static_cast<std::ptrdiff_t>(areas.add(it->second.first, it->second.second));
        }
        for (const auto &[key, zone] : table) {
            if (!used.count(key)) {
                log.add("zoning_code_unknown:" + level.id,
                        "codes of the zoning table of " + level.id + " not in the study", key);
            }
        }
    }

    // Sort areas by code so outputs do not depend on the order of communes.
    std::vector<std::size_t> order(areas.codes.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return areas.codes[a] < areas.codes[b]; });
    std::vector<std::size_t> rank(order.size());
    AreaSet sorted;
    sorted.id = areas.id;
    sorted.label = areas.label;
    for (std::size_t k = 0; k < order.size(); ++k) {
        rank[order[k]] = k;
        sorted.add(areas.codes[order[k]], areas.names[order[k]]);
    }
    for (auto &a : membership.area_of_commune) {
        if (a >= 0) {
            a = static_cast<std::ptrdiff_t>(rank[static_cast<std::size_t>(a)]);
        }
    }
    areas = std::move(sorted);

    // Geometry: the level's own layer where it has the area, else the dissolved communes.
    std::vector<std::optional<MultiPolygon>> own(areas.codes.size());
    if (layer) {
        for (std::size_t i = 0; i < layer->size(); ++i) {
            const auto code = io::normalise_code(layer->values[i][*c_layer_code]);
            auto it = areas.index.find(code);
            if (it == areas.index.end()) {
                log.add("layer_area_without_communes:" + level.id,
                        level.label + " of the layer with no commune in the study (left out)",
                        code);
                continue;
            }
            if (own[it->second]) {
                throw Error(ErrorKind::data, layer->source + ": code " + code +
                                                 " appears twice; keep one feature per area");
            }
            own[it->second] = layer->polygons[i];
            if (c_layer_name && areas.names[it->second].empty()) {
                areas.names[it->second] = layer->values[i][*c_layer_name];
            }
        }
    }
    if (level.names) {
        const auto &n = *level.names;
        const io::CsvTable csv = study::read_table(n.table);
        const auto c_code = csv.require_column(n.code, n.table.context + " code");
        const auto c_name = csv.require_column(n.name, n.table.context + " name");
        for (const auto &row : csv.rows) {
            auto it = areas.index.find(io::normalise_code(row[c_code], n.table.code_width));
            if (it != areas.index.end() && areas.names[it->second].empty()) {
                areas.names[it->second] = std::string(io::trim(row[c_name]));
            }
        }
    }
    std::vector<std::vector<const MultiPolygon *>> parts(areas.codes.size());
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        if (membership.area_of_commune[i] >= 0) {
            parts[static_cast<std::size_t>(membership.area_of_commune[i])].push_back(
                &communes.geoms[i]);
        }
    }
    for (std::size_t a = 0; a < areas.codes.size(); ++a) {
        if (own[a]) {
            areas.geoms.push_back(std::move(*own[a]));
            areas.geometry_origin.emplace_back("layer");
        } else {
            if (level.layer) {
                log.add("area_missing_from_layer:" + level.id,
                        level.label + " missing from its layer, dissolved from communes",
                        areas.codes[a]);
            }
            areas.geoms.push_back(geos.dissolve(parts[a]));
            areas.geometry_origin.emplace_back("dissolved");
        }
    }
    return areas;
}

// ---------------------------------------------------------------- places

std::vector<Place>
load_and_merge_places(const StudyConfig &cfg, const io::Crs &crs, const AreaSet &communes,
                      geom::Geos &geos, IssueLog &log, RunSummary &summary,
                      std::vector<std::pair<std::string, std::size_t>> &per_source) {
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    const io::Transformer to_study(wgs84, crs);
    const algorithms::locate::PolygonLocator locator(communes.geoms);

    // Communes by normalised name within a département, to place rows that only give a name.
    std::multimap<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        by_name.emplace(communes.codes[i].substr(0, 2) + "|" + io::name_key(communes.names[i]), i);
    }
    std::vector<std::optional<XY>> commune_point(communes.codes.size());
    auto point_of = [&](std::size_t i) {
        if (!commune_point[i]) {
            commune_point[i] = geos.point_on_surface(communes.geoms[i]);
        }
        return *commune_point[i];
    };

    struct Located {
        model::PlaceRecord record;
        XY xy;
        std::string commune;
        bool by_commune = false;
    };
    std::vector<Located> all;
    for (const auto &source : cfg.places) {
        auto load = model::load_places(source);
        per_source.emplace_back(source.id, load.records.size());
        log.add_count(
            "place_inactive",
            "inactive rows skipped (Is Active = false, or Aidants Connect with 0 aidants)",
            load.inactive, {});
        log.add_count("place_bad_coordinates",
                      "places with unusable coordinates, placed by their commune instead",
                      load.bad_coordinates, load.bad_coordinate_examples);
        for (auto &rec : load.records) {
            const std::string where = source.source.path.filename().string() + ":" +
                                      std::to_string(rec.line) + " " + rec.name;
            Located loc;
            if (rec.lonlat) {
                loc.xy = to_study.apply(*rec.lonlat);
                if (!locator.find(loc.xy)) {
                    // Latitude and longitude swapped (a common slip: France's are about
                    // 47 and 2): swapped back when only that puts the place in a commune.
                    const XY swapped = to_study.apply(XY{rec.lonlat->y, rec.lonlat->x});
                    if (locator.find(swapped)) {
                        log.add("place_lonlat_swapped",
                                "places whose latitude and longitude were swapped (swapped back: "
                                "only then are they in a commune of the study)",
                                where);
                        loc.xy = swapped;
                    }
                }
                if (auto hit = locator.find(loc.xy)) {
                    loc.commune = communes.codes[*hit];
                } else if (auto near = locator.nearest(loc.xy, cfg.place_outside_tolerance_m)) {
                    loc.commune = communes.codes[*near];
                    log.add("place_near_boundary",
                            "places just outside the commune polygons (simplified borders), "
                            "given the nearest commune",
                            where);
                } else {
                    log.add("place_outside_communes",
                            "places outside every commune of the study (kept, without commune)",
                            where);
                }
                if (!rec.commune_code.empty() && !loc.commune.empty() &&
                    rec.commune_code != loc.commune) {
                    log.add("place_code_differs",
                            "places whose declared commune code differs from the commune "
                            "containing their coordinates (the position wins)",
                            where + " (" + rec.commune_code + " vs " + loc.commune + ")");
                }
            } else {
                std::optional<std::size_t> commune;
                if (!rec.commune_code.empty()) {
                    if (auto it = communes.index.find(rec.commune_code);
                        it != communes.index.end()) {
                        commune = it->second;
                    }
                }
                if (!commune && !rec.commune_name.empty() && rec.postcode.size() >= 2) {
                    const auto key =
                        rec.postcode.substr(0, 2) + "|" + io::name_key(rec.commune_name);
                    if (by_name.count(key) == 1) {
                        commune = by_name.find(key)->second;
                        log.add("place_located_by_name",
                                "places without coordinates nor commune code, placed by their "
                                "commune name",
                                where);
                    }
                }
                if (!commune) {
                    log.add("place_unlocated",
                            "places without coordinates whose commune is not in the study "
                            "(left out)",
                            where +
                                (rec.commune_code.empty() ? "" : " (" + rec.commune_code + ")"));
                    continue;
                }
                loc.xy = point_of(*commune);
                loc.commune = communes.codes[*commune];
                loc.by_commune = true;
            }
            loc.record = std::move(rec);
            all.push_back(std::move(loc));
        }
    }
    summary.place_records = all.size();

    std::vector<std::string> name_keys(all.size());
    std::vector<algorithms::dedup::Candidate> candidates(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        name_keys[i] = io::name_key(all[i].record.name);
        // A place located only by its commune has no real position: match it by SIRET only.
        candidates[i] = {all[i].xy, all[i].record.siret,
                         all[i].by_commune ? std::string_view() : std::string_view(name_keys[i])};
    }
    algorithms::dedup::Parameters params;
    params.distance_m = cfg.merge_distance_m;
    const auto groups = algorithms::dedup::find_duplicates(candidates, params);

    std::map<std::uint32_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < all.size(); ++i) {
        members[groups.group[i]].push_back(i);
    }
    std::vector<Place> places;
    for (const auto &[root, idx] : members) {
        Place p;
        // The first member with real coordinates gives the position and the commune.
        std::size_t lead = idx.front();
        for (const auto i : idx) {
            if (!all[i].by_commune) {
                lead = i;
                break;
            }
        }
        const auto &L = all[lead];
        p.name = all[idx.front()].record.name;
        p.xy = L.xy;
        p.commune_code = L.commune;
        p.located = L.by_commune ? "commune" : "coordinates";
        p.capacity = 0.0;
        for (const auto i : idx) {
            const auto &r = all[i].record;
            p.labels.insert(p.labels.end(), r.labels.begin(), r.labels.end());
            p.sources.push_back(r.source + ":" + r.record_id);
            if (p.siret.empty()) {
                p.siret = r.siret;
            }
            if (p.address.empty()) {
                p.address = r.address;
            }
            if (p.postcode.empty()) {
                p.postcode = r.postcode;
            }
            // The same place listed twice is the same capacity, not twice as much.
            p.capacity = std::max(p.capacity, r.capacity);
        }
        std::sort(p.labels.begin(), p.labels.end());
        p.labels.erase(std::unique(p.labels.begin(), p.labels.end()), p.labels.end());
        if (idx.size() > 1) {
            log.add("place_duplicates_merged",
                    "places listed more than once (same SIRET, or same name within " +
                        std::to_string(static_cast<int>(cfg.merge_distance_m)) + " m), merged",
                    p.name + " (" + std::to_string(idx.size()) + " records)");
        }
        places.push_back(std::move(p));
    }
    // Stable, readable order: by commune, then name, then first source.
    std::stable_sort(places.begin(), places.end(), [](const Place &a, const Place &b) {
        return std::tie(a.commune_code, a.name, a.sources.front()) <
               std::tie(b.commune_code, b.name, b.sources.front());
    });
    for (std::size_t i = 0; i < places.size(); ++i) {
        std::string id = std::to_string(i + 1);
        places[i].id = "P" + std::string(id.size() < 5 ? 5 - id.size() : 0, '0') + id;
    }
    summary.places = places.size();
    return places;
}

// ---------------------------------------------------------------- outputs

std::string join(const std::vector<std::string> &v, const char *sep) {
    std::string s;
    for (const auto &x : v) {
        if (!s.empty()) {
            s += sep;
        }
        s += x;
    }
    return s;
}

model::Value real(double v) {
    return std::isnan(v) ? model::Value{} : model::Value{v};
}
model::Value text(const std::string &s) {
    return s.empty() ? model::Value{} : model::Value{s};
}

double sum_known(double a, double b) {
    return std::isnan(b) ? a : a + b;
}

/// "30", "7.5": minutes as they appear in field names.
std::string minutes_label(double minutes) {
    std::string s;
    io::append_json_number(s, minutes);
    return s;
}

/// The composite risk index of every commune from columns joined to the communes.
algorithms::risk::Result compute_risk(const RiskConfig &cfg, const AreaSet &communes,
                                      const std::vector<double> &population) {
    std::vector<std::string> names;
    for (const auto &[n, values] : communes.indicators) {
        names.push_back(n);
    }
    std::vector<algorithms::risk::Indicator> indicators;
    for (const auto &ind : cfg.indicators) {
        const auto it = std::find(names.begin(), names.end(), ind.column);
        if (it == names.end()) {
            const auto near = io::closest(ind.column, names);
            throw Error(ErrorKind::input,
                        "[[risk.indicators]] column '" + ind.column +
                            "' is not a column joined to the communes" +
                            (near.empty() ? "; add it to a [[tables]] entry's columns"
                                          : "; did you mean '" + near + "'?"));
        }
        const auto &values =
            communes.indicators[static_cast<std::size_t>(it - names.begin())].second;
        if (std::none_of(values.begin(), values.end(), [](double v) { return !std::isnan(v); })) {
            throw Error(ErrorKind::data, "[[risk.indicators]] column '" + ind.column +
                                             "' holds no number for any commune; check that "
                                             "the column is numeric (decimal comma, text)");
        }
        indicators.push_back({ind.column, values, ind.weight, ind.scores});
    }
    algorithms::risk::Parameters params;
    params.deciles = cfg.deciles == "population" ? algorithms::risk::DecileWeights::population
                                                 : algorithms::risk::DecileWeights::areas;
    try {
        return algorithms::risk::risk_index(indicators, population, params);
    } catch (const std::invalid_argument &e) {
        throw Error(ErrorKind::data, std::string("[risk]: ") + e.what() +
                                         "; check the indicator columns and weights");
    }
}

void add_commune_risk(model::Layer &layer, const RiskConfig &cfg,
                      const algorithms::risk::Result &r) {
    auto &index = layer.add_field("risk_index", model::FieldType::real);
    auto &missing = layer.add_field("risk_missing", model::FieldType::integer);
    for (std::size_t i = 0; i < r.index.size(); ++i) {
        index.values.push_back(real(r.index[i]));
        missing.values.emplace_back(static_cast<std::int64_t>(r.missing[i]));
    }
    for (std::size_t k = 0; k < cfg.indicators.size(); ++k) {
        if (cfg.indicators[k].scores) {
            continue; // the column itself is the score
        }
        auto &f = layer.add_field("risk_score_" + cfg.indicators[k].column, model::FieldType::real);
        for (const double v : r.scores[k]) {
            f.values.push_back(real(v));
        }
    }
}

/// Population-weighted mean index of each area (communes without index or population left
/// out).
void add_level_risk(model::Layer &layer, std::size_t n,
                    const std::vector<std::ptrdiff_t> &area_of_commune,
                    const std::vector<double> &population, const algorithms::risk::Result &r) {
    std::vector<double> sum(n, 0.0), weight(n, 0.0);
    for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
        const auto k = area_of_commune[i];
        if (k < 0 || std::isnan(r.index[i]) || std::isnan(population[i])) {
            continue;
        }
        sum[static_cast<std::size_t>(k)] += population[i] * r.index[i];
        weight[static_cast<std::size_t>(k)] += population[i];
    }
    auto &f = layer.add_field("risk_index", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        f.values.push_back(weight[k] > 0 ? model::Value{sum[k] / weight[k]} : model::Value{});
    }
}

/// The demand points of a study and the commune each belongs to.
struct Demand {
    std::vector<XY> xy;
    std::vector<std::uint32_t> commune;
    /// People the point stands for: the commune's population for a single point; for grid
    /// cells, their share of it (by cell population), or the cell population when the
    /// commune has none.
    std::vector<double> weight;
    std::vector<std::string> origin;       ///< per commune: "grid", "table" or "polygon"
    std::vector<std::uint32_t> main_point; ///< per commune: its only or most populated point
    std::vector<std::uint32_t> cells;      ///< per commune: grid cells in it
    std::vector<double> grid_people;       ///< per commune: the grid's population in it
};

/// Parses an Insee grid cell id ("CRS3035RES1000mN2690000E3540000"): the cell's centre in
/// EPSG:3035.
std::optional<XY> grid_cell_centre(std::string_view id) {
    const auto res = id.find("RES"), n = id.find('N', 7), e = id.rfind('E');
    if (id.rfind("CRS3035", 0) != 0 || res == std::string_view::npos ||
        n == std::string_view::npos || e == std::string_view::npos || e < n) {
        return std::nullopt;
    }
    double size = 0, north = 0, east = 0;
    const auto m = id.find('m', res);
    auto number = [](std::string_view text, double &out) {
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && ptr == text.data() + text.size();
    };
    if (m == std::string_view::npos || !number(id.substr(res + 3, m - res - 3), size) ||
        !number(id.substr(n + 1, e - n - 1), north) || !number(id.substr(e + 1), east)) {
        return std::nullopt;
    }
    return XY{east + size / 2, north + size / 2};
}

/// Cells of a population grid whose centre lies in a commune, with the requested columns.
struct GridCells {
    std::vector<XY> centre; ///< study CRS
    std::vector<std::uint32_t> commune;
    std::vector<std::vector<double>> values; ///< per cell, per requested column (NaN: missing)
};

GridCells read_grid(const TableSource &table, const std::string &id_column,
                    const std::vector<std::string> &columns, const std::string &setting,
                    const AreaSet &communes, const io::Crs &study_crs, IssueLog &log) {
    const io::CsvTable csv = study::read_table(table);
    const auto c_id = csv.require_column(id_column, setting + " id");
    std::vector<std::size_t> cols;
    for (const auto &c : columns) {
        cols.push_back(csv.require_column(c, setting + " columns"));
    }
    // Every cell centre first, reprojected in one call; then each located in its commune.
    std::vector<XY> centres(csv.rows.size());
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        const auto centre = grid_cell_centre(io::trim(row[c_id]));
        if (!centre) {
            throw Error(ErrorKind::data, csv.source + ":" + std::to_string(csv.row_line[r]) +
                                             ": cell id '" + row[c_id] +
                                             "' is not an Insee grid id such as "
                                             "CRS3035RES1000mN2690000E3540000; check " +
                                             setting + " id");
        }
        centres[r] = *centre;
    }
    io::Transformer(io::Crs::from_user("EPSG:3035", "grid"), study_crs).apply(centres);
    const algorithms::locate::PolygonLocator locator(communes.geoms);
    GridCells out;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        std::vector<double> v;
        for (const auto c : cols) {
            v.push_back(io::parse_number(row[c], csv.decimal_comma(), nullptr)
                            .value_or(std::numeric_limits<double>::quiet_NaN()));
        }
        const XY p = centres[r];
        if (auto hit = locator.find(p)) {
            out.centre.push_back(p);
            out.commune.push_back(static_cast<std::uint32_t>(*hit));
            out.values.push_back(std::move(v));
        } else {
            log.add("grid_cell_outside_communes:" + table.path.filename().string(),
                    "grid cells whose centre is in no commune of the study", row[c_id]);
        }
    }
    return out;
}

/// The Filosofi age bands [risk] age_grid reads.
const std::vector<algorithms::risk::AgeBand> &filosofi_age_bands() {
    static const std::vector<algorithms::risk::AgeBand> bands = {
        {"ind_0_3", 0, 4},     {"ind_4_5", 4, 6},     {"ind_6_10", 6, 11},   {"ind_11_17", 11, 18},
        {"ind_18_24", 18, 25}, {"ind_25_39", 25, 40}, {"ind_40_54", 40, 55}, {"ind_55_64", 55, 65},
        {"ind_65_79", 65, 80}, {"ind_80p", 80, 1000}};
    return bands;
}

/// [risk] age_grid's cells in the communes, with the issues reading them raised.
struct AgeGrid {
    GridCells cells;
    IssueLog log;
};

AgeGrid read_age_grid(const StudyConfig &cfg, const AreaSet &communes) {
    std::vector<std::string> columns;
    for (const auto &b : filosofi_age_bands()) {
        columns.push_back(b.name);
    }
    AgeGrid out;
    out.cells = read_grid(*cfg.risk.age_grid, cfg.risk.age_grid_id, columns, "[risk] age_grid",
                          communes, io::Crs::from_user(cfg.crs, "[study] crs"), out.log);
    return out;
}

/// Expected people in illectronism per commune, from the age structure of the grid cells
/// centred in it; communes without cells get none (NaN), and the run says why.
algorithms::risk::ExpectedIllectronism
compute_illectronism(const StudyConfig &cfg, const AreaSet &communes, IssueLog &log,
                     std::vector<algorithms::risk::BandRate> &rates_used,
                     std::future<AgeGrid> *age_grid) {
    using algorithms::risk::AgeBand;
    const auto &kFilosofi = filosofi_age_bands();
    rates_used = algorithms::risk::insee_2021_rates();
    for (const auto &[band, value] : cfg.risk.rates) {
        for (auto &r : rates_used) {
            if (r.band.name == band) {
                r.rate = value;
                r.low = std::min(r.low, value);
                r.high = std::max(r.high, value);
                r.source = "study file ([risk] rates)";
            }
        }
    }
    if (cfg.risk.calibrate) {
        const auto &cal = *cfg.risk.calibrate;
        std::vector<double> reference, rates;
        std::unique_ptr<bool[]> unknown(new bool[rates_used.size()]);
        for (std::size_t k = 0; k < rates_used.size(); ++k) {
            const auto &band = rates_used[k].band.name;
            reference.push_back(0.0);
            for (const auto &[b, v] : cal.reference) {
                if (b == band) {
                    reference.back() = v;
                }
            }
            rates.push_back(rates_used[k].rate);
            unknown[k] =
                std::find(cal.unknown.begin(), cal.unknown.end(), band) != cal.unknown.end();
        }
        std::vector<double> solved;
        try {
            solved = algorithms::risk::calibrate_rates(
                reference, rates, {unknown.get(), rates_used.size()}, cal.overall_rate);
        } catch (const std::invalid_argument &e) {
            throw Error(ErrorKind::computation, std::string("[risk] calibrate: ") + e.what());
        }
        for (std::size_t k = 0; k < rates_used.size(); ++k) {
            if (unknown[k]) {
                auto &r = rates_used[k];
                r.rate = solved[k];
                r.low = std::min(r.low, r.rate);
                r.high = std::max(r.high, r.rate);
                r.source = "calibrated so that the reference population of [risk] calibrate "
                           "reproduces an overall rate of " +
                           std::to_string(cal.overall_rate);
            }
        }
    }
    const std::size_t n = communes.codes.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    algorithms::risk::ExpectedIllectronism result;
    result.people_15plus.assign(n, nan);
    result.expected.assign(n, nan);
    result.low.assign(n, nan);
    result.high.assign(n, nan);
    auto merge = [&](const algorithms::risk::ExpectedIllectronism &e) {
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(result.expected[i]) && !std::isnan(e.expected[i])) {
                result.people_15plus[i] = e.people_15plus[i];
                result.expected[i] = e.expected[i];
                result.low[i] = e.low[i];
                result.high[i] = e.high[i];
            }
        }
    };
    try {
        // The grid first (finer), then the census columns.
        if (cfg.risk.age_grid) {
            std::vector<std::vector<double>> people(n, std::vector<double>(kFilosofi.size(), nan));
            // Read on another thread since the communes loaded, when one was free.
            const AgeGrid read =
                age_grid && age_grid->valid() ? age_grid->get() : read_age_grid(cfg, communes);
            log.merge(read.log);
            const GridCells &grid = read.cells;
            for (std::size_t k = 0; k < grid.commune.size(); ++k) {
                auto &p = people[grid.commune[k]];
                for (std::size_t b = 0; b < kFilosofi.size(); ++b) {
                    const double v = grid.values[k][b];
                    p[b] = (std::isnan(p[b]) ? 0.0 : p[b]) + (std::isnan(v) ? 0.0 : v);
                }
            }
            merge(algorithms::risk::expected_illectronism(people, kFilosofi, rates_used));
        }
        if (!cfg.risk.age_columns.empty()) {
            std::vector<AgeBand> bands;
            std::vector<const std::vector<double> *> values;
            for (const auto &c : cfg.risk.age_columns) {
                const std::vector<double> *found = nullptr;
                for (const auto &[name, v] : communes.indicators) {
                    if (name == c.column) {
                        found = &v;
                    }
                }
                if (!found) {
                    throw Error(ErrorKind::input, "[[risk.age_columns]] column '" + c.column +
                                                      "' is not a column joined to the "
                                                      "communes; add it to a [[tables]] entry");
                }
                bands.push_back({c.column, c.from, c.to});
                values.push_back(found);
            }
            std::vector<std::vector<double>> people(n, std::vector<double>(bands.size()));
            for (std::size_t i = 0; i < n; ++i) {
                for (std::size_t b = 0; b < bands.size(); ++b) {
                    people[i][b] = (*values[b])[i];
                }
            }
            merge(algorithms::risk::expected_illectronism(people, bands, rates_used));
        }
    } catch (const std::invalid_argument &e) {
        throw Error(ErrorKind::input, std::string("[risk]: ") + e.what());
    }
    // Adjustments by group shares (diploma, income): the rate moves by the group's odds
    // ratio; low and high move in proportion.
    for (const auto &adj : cfg.risk.adjustments) {
        const algorithms::risk::GroupAdjustment group{adj.name, adj.group_rate, adj.overall_rate,
                                                      adj.reference_share};
        try {
            group.validate();
        } catch (const std::invalid_argument &e) {
            throw Error(ErrorKind::input, std::string("[[risk.adjustments]] ") + e.what());
        }
        const std::vector<double> *share = nullptr;
        for (const auto &[name, v] : communes.indicators) {
            if (name == adj.column) {
                share = &v;
            }
        }
        if (!share) {
            throw Error(ErrorKind::input, "[[risk.adjustments]] column '" + adj.column +
                                              "' is not a column joined to the communes");
        }
        for (std::size_t i = 0; i < n; ++i) {
            const double sh = (*share)[i];
            if (!std::isnan(sh) && (sh < 0.0 || sh > 1.0)) {
                throw Error(ErrorKind::data,
                            "[[risk.adjustments]] column '" + adj.column + "' holds " +
                                std::to_string(sh) + " for commune " + communes.codes[i] +
                                ": it must be a share in [0, 1] (divide percentages by 100)");
            }
            if (std::isnan(result.expected[i]) || !(result.people_15plus[i] > 0)) {
                continue;
            }
            if (std::isnan(sh)) {
                log.add("commune_without_adjustment:" + adj.column,
                        "communes left unadjusted for lack of a share in " + adj.column,
                        communes.codes[i]);
                continue;
            }
            const double rate = result.expected[i] / result.people_15plus[i];
            const double factor =
                rate > 0 ? algorithms::risk::adjust_rate(rate, sh, group) / rate : 1.0;
            result.expected[i] *= factor;
            result.low[i] *= factor;
            result.high[i] *= factor;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(result.expected[i])) {
            log.add("commune_without_age_structure",
                    "communes without an age structure, so without expected people in "
                    "illectronism: give [risk] age_grid (Insee Filosofi cells with ind_0_3 ... "
                    "ind_80p) or [[risk.age_columns]] (census columns such as P21_POP1529) "
                    "covering them",
                    communes.codes[i]);
        }
    }
    return result;
}

void add_commune_illectronism(model::Layer &layer,
                              const algorithms::risk::ExpectedIllectronism &e) {
    auto &p15 = layer.add_field("people_15plus", model::FieldType::real);
    auto &exp = layer.add_field("illectronism_expected", model::FieldType::real);
    auto &low = layer.add_field("illectronism_low", model::FieldType::real);
    auto &high = layer.add_field("illectronism_high", model::FieldType::real);
    auto &rate = layer.add_field("illectronism_rate", model::FieldType::real);
    for (std::size_t i = 0; i < e.expected.size(); ++i) {
        p15.values.push_back(real(e.people_15plus[i]));
        exp.values.push_back(real(e.expected[i]));
        low.values.push_back(real(e.low[i]));
        high.values.push_back(real(e.high[i]));
        rate.values.push_back(e.people_15plus[i] > 0
                                  ? model::Value{e.expected[i] / e.people_15plus[i]}
                                  : model::Value{});
    }
}

/// Summed expected counts per area, over the communes that have one.
void add_level_illectronism(model::Layer &layer, std::size_t n,
                            const std::vector<std::ptrdiff_t> &area_of_commune,
                            const algorithms::risk::ExpectedIllectronism &e) {
    std::vector<double> p15(n, 0), exp(n, 0), low(n, 0), high(n, 0);
    std::vector<std::int64_t> count(n, 0);
    for (std::size_t i = 0; i < area_of_commune.size(); ++i) {
        const auto k = area_of_commune[i];
        if (k < 0 || std::isnan(e.expected[i])) {
            continue;
        }
        const auto a = static_cast<std::size_t>(k);
        p15[a] += e.people_15plus[i];
        exp[a] += e.expected[i];
        low[a] += e.low[i];
        high[a] += e.high[i];
        ++count[a];
    }
    auto &fc = layer.add_field("illectronism_communes", model::FieldType::integer);
    auto &fp = layer.add_field("people_15plus", model::FieldType::real);
    auto &fe = layer.add_field("illectronism_expected", model::FieldType::real);
    auto &fl = layer.add_field("illectronism_low", model::FieldType::real);
    auto &fh = layer.add_field("illectronism_high", model::FieldType::real);
    for (std::size_t a = 0; a < n; ++a) {
        const bool any = count[a] > 0;
        fc.values.emplace_back(count[a]);
        fp.values.push_back(any ? model::Value{p15[a]} : model::Value{});
        fe.values.push_back(any ? model::Value{exp[a]} : model::Value{});
        fl.values.push_back(any ? model::Value{low[a]} : model::Value{});
        fh.values.push_back(any ? model::Value{high[a]} : model::Value{});
    }
}

/// Demand points: each commune's point (from the demand table, else its polygon's point on
/// surface), replaced by its population-grid cells where a grid is given and has cells in it.
Demand build_demand(const StudyConfig &cfg, const AreaSet &communes,
                    const std::vector<double> &population, geom::Geos &geos, IssueLog &log) {
    std::unordered_map<std::string, XY> lonlat;
    if (cfg.access.demand_table) {
        const auto &t = *cfg.access.demand_table;
        const io::CsvTable csv = study::read_table(t);
        const auto c_code = csv.require_column(cfg.access.demand_code, "[access] demand code");
        const auto c_lon = csv.require_column(cfg.access.demand_lon, "[access] demand lon");
        const auto c_lat = csv.require_column(cfg.access.demand_lat, "[access] demand lat");
        for (std::size_t r = 0; r < csv.rows.size(); ++r) {
            const auto &row = csv.rows[r];
            bool bad = false;
            const auto lon = io::parse_number(row[c_lon], csv.decimal_comma(), &bad);
            const auto lat = io::parse_number(row[c_lat], csv.decimal_comma(), &bad);
            if (!lon || !lat || std::abs(*lat) > 90 || std::abs(*lon) > 180) {
                log.add("demand_bad_coordinates", "rows of the demand table without usable lon/lat",
                        csv.source + ":" + std::to_string(csv.row_line[r]));
                continue;
            }
            lonlat.emplace(io::normalise_code(row[c_code], t.code_width), XY{*lon, *lat});
        }
    }
    const io::Crs study_crs = io::Crs::from_user(cfg.crs, "[study] crs");
    const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"), study_crs);

    // Grid cells by commune (the commune containing the cell's centre).
    std::vector<std::vector<std::pair<XY, double>>> cells(communes.codes.size());
    if (cfg.access.grid_table) {
        const auto grid =
            read_grid(*cfg.access.grid_table, cfg.access.grid_id, {cfg.access.grid_population},
                      "[access] grid", communes, study_crs, log);
        for (std::size_t k = 0; k < grid.commune.size(); ++k) {
            if (grid.values[k][0] > 0) {
                cells[grid.commune[k]].emplace_back(grid.centre[k], grid.values[k][0]);
            }
        }
    }

    Demand d;
    d.origin.assign(communes.codes.size(), "polygon");
    d.main_point.assign(communes.codes.size(), 0);
    d.cells.assign(communes.codes.size(), 0);
    d.grid_people.assign(communes.codes.size(), 0.0);
    for (std::size_t i = 0; i < communes.codes.size(); ++i) {
        const auto c = static_cast<std::uint32_t>(i);
        if (!cells[i].empty()) {
            double total = 0, best = -1;
            for (const auto &[p, pop] : cells[i]) {
                total += pop;
            }
            for (const auto &[p, pop] : cells[i]) {
                if (pop > best) {
                    best = pop;
                    d.main_point[i] = static_cast<std::uint32_t>(d.xy.size());
                }
                d.xy.push_back(p);
                d.commune.push_back(c);
                d.weight.push_back(std::isnan(population[i]) ? pop : population[i] * pop / total);
            }
            d.origin[i] = "grid";
            d.cells[i] = static_cast<std::uint32_t>(cells[i].size());
            d.grid_people[i] = total;
            continue;
        }
        d.main_point[i] = static_cast<std::uint32_t>(d.xy.size());
        if (auto it = lonlat.find(communes.codes[i]); it != lonlat.end()) {
            d.xy.push_back(to_study.apply(it->second));
            d.origin[i] = "table";
        } else {
            d.xy.push_back(geos.point_on_surface(communes.geoms[i]));
            if (cfg.access.demand_table) {
                log.add("demand_point_from_polygon",
                        "communes missing from the demand table, placed at their polygon's "
                        "point on surface",
                        communes.codes[i]);
            }
        }
        d.commune.push_back(c);
        d.weight.push_back(population[i]);
    }
    return d;
}

/// The columns of isochrone bands: limits, label, area, people and people at risk.
struct BandColumns {
    model::Field &from, &to, &band, &area, &people, &at_risk;
    explicit BandColumns(model::Layer &layer)
        : from(layer.add_field("minutes_from", model::FieldType::real)),
          to(layer.add_field("minutes_to", model::FieldType::real)),
          band(layer.add_field("band", model::FieldType::string)),
          area(layer.add_field("area_km2", model::FieldType::real)),
          people(layer.add_field("population", model::FieldType::real)),
          at_risk(layer.add_field("demand_at_risk", model::FieldType::real)) {}
    /// One band; `risk` NaN when the study has no risk stage.
    void add(double lo, double hi, const MultiPolygon &geom, double population, double risk) {
        from.values.emplace_back(lo);
        to.values.emplace_back(hi);
        band.values.emplace_back(minutes_label(lo) + "-" + minutes_label(hi) + " min");
        area.values.emplace_back(std::round(algorithms::geometry::area(geom) / 1e4) / 100.0);
        people.values.emplace_back(population);
        at_risk.values.push_back(std::isnan(risk) ? model::Value{}
                                                  : model::Value{std::round(risk * 10) / 10});
    }
};

/// Coverage isochrones: the time surface towards the nearest place on a raster over the
/// communes, contoured at each threshold (cumulative bands), then made disjoint, denoised
/// and generalised as asked; each band with its area and the people of the demand points in
/// it.
model::Layer build_isochrones(const StudyConfig &cfg, const AreaSet &communes,
                              const network::RoadNetwork &net,
                              const algorithms::network::SegmentIndex &segments,
                              const AccessResult &access, const Demand &demand,
                              const std::vector<double> &at_risk, geom::Geos &geos) {
    const auto &iso = cfg.isochrones;
    algorithms::geometry::Box box;
    for (const auto &g : communes.geoms) {
        box.expand(algorithms::geometry::bounds(g));
    }
    algorithms::isochrone::SurfaceParameters prm;
    prm.cell_m = iso.cell_m;
    prm.x0 = std::floor(box.min_x / iso.cell_m) * iso.cell_m - iso.cell_m;
    prm.y0 = std::floor(box.min_y / iso.cell_m) * iso.cell_m - iso.cell_m;
    prm.cols = static_cast<std::size_t>((box.max_x - prm.x0) / iso.cell_m) + 3;
    prm.rows = static_cast<std::size_t>((box.max_y - prm.y0) / iso.cell_m) + 3;
    prm.offroad_speed_kmh = cfg.network.offroad_speed_kmh;
    prm.max_offroad_m = iso.max_offroad_m;
    prm.limit_s = iso.minutes.back() * 60.0;
    prm.direction = algorithms::network::Direction::reverse;
    prm.threads = cfg.access.threads;
    const auto surface =
        algorithms::isochrone::time_surface(net.graph, segments, access.nodes.time_s, prm);
    const algorithms::isochrone::Raster raster{prm.cols, prm.rows,   prm.x0,
                                               prm.y0,   prm.cell_m, surface};

    const BandSettings bands{iso.minutes, iso.bands == "disjoint", iso.denoise_m2,
                             iso.generalize_m};
    auto geoms = make_bands(raster, bands, geos);

    model::Layer layer;
    layer.name = "isochrones";
    BandColumns columns(layer);
    const bool disjoint = iso.bands == "disjoint";
    for (std::size_t k = 0; k < iso.minutes.size(); ++k) {
        const double lo = disjoint && k > 0 ? iso.minutes[k - 1] : 0.0;
        const double hi = iso.minutes[k];
        MultiPolygon geom = std::move(geoms[k]);
        double pop = 0.0, risky = 0.0;
        for (std::size_t p = 0; p < demand.xy.size(); ++p) {
            const double t = access.demand_time_s[p];
            const double w = demand.weight[p];
            if (t <= hi * 60.0 && (!(lo > 0) || t > lo * 60.0)) {
                pop += std::isnan(w) ? 0.0 : w;
                risky += at_risk.empty() ? 0.0 : at_risk[p];
            }
        }
        columns.add(lo, hi, geom, pop, at_risk.empty() ? kNaN : risky);
        layer.polygons.push_back(std::move(geom));
    }
    return layer;
}

/// Per-place isochrones: for every place on the network, the area from which it is reached
/// within each threshold (reverse searches, the direction of the access times), with the
/// people of the demand points inside each band.
model::Layer build_place_isochrones(const StudyConfig &cfg, const std::vector<Place> &places,
                                    const network::RoadNetwork &net,
                                    const algorithms::network::SegmentIndex &segments,
                                    const AccessResult &access, const Demand &demand,
                                    const std::vector<double> &at_risk,
                                    const std::function<void(std::size_t)> &progress) {
    const auto &iso = cfg.isochrones;
    algorithms::isochrone::OriginParameters surface;
    surface.cell_m = iso.cell_m;
    surface.max_offroad_m = iso.max_offroad_m;
    surface.offroad_speed_kmh = cfg.network.offroad_speed_kmh;
    surface.limit_s = iso.minutes.back() * 60.0;
    surface.direction = algorithms::network::Direction::reverse;
    const BandSettings bands{iso.minutes, iso.bands == "disjoint", iso.denoise_m2,
                             iso.generalize_m};
    std::vector<XY> xy;
    for (const auto &p : places) {
        xy.push_back(p.xy);
    }
    auto geoms = origin_isochrones(net.graph, segments, xy, access.place_snaps, surface, bands,
                                   cfg.access.threads, progress);

    model::Layer layer;
    layer.name = "place_isochrones";
    auto &id = layer.add_field("place_id", model::FieldType::string);
    auto &name = layer.add_field("place_name", model::FieldType::string);
    BandColumns columns(layer);
    for (std::size_t p = 0; p < places.size(); ++p) {
        for (std::size_t k = 0; k < geoms[p].size(); ++k) {
            const double lo = bands.disjoint && k > 0 ? iso.minutes[k - 1] : 0.0;
            const double hi = iso.minutes[k];
            auto &geom = geoms[p][k];
            id.values.emplace_back(places[p].id);
            name.values.emplace_back(places[p].name);
            columns.add(lo, hi, geom,
                        std::round(people_inside(geom, demand.xy, demand.weight) * 10.0) / 10.0,
                        at_risk.empty() ? kNaN : people_inside(geom, demand.xy, at_risk));
            layer.polygons.push_back(std::move(geom));
        }
    }
    return layer;
}

/// The graph and the search seeds as CSV, for independent checks (networkx, scipy): node
/// times are written with 17 significant digits so that they read back exactly.
void write_network_tables(io::OutputStage &stage, const algorithms::network::Graph &g,
                          const AccessResult &a) {
    std::string out = "node,x,y,time_to_place_s,nearest_place\n";
    char buf[128];
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        const double t = a.nodes.time_s[v];
        std::snprintf(buf, sizeof buf, "%u,%.3f,%.3f,", v, g.xy(v).x, g.xy(v).y);
        out += buf;
        if (t < algorithms::network::kUnreached) {
            std::snprintf(buf, sizeof buf, "%.17g,%u\n", t, a.nodes.source[v]);
        } else {
            std::snprintf(buf, sizeof buf, ",\n");
        }
        out += buf;
    }
    stage.write("network_nodes.csv", out);
    out = "from,to,length_m,time_s\n";
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        for (auto e = g.first_out(v); e < g.first_out(v + 1); ++e) {
            std::snprintf(buf, sizeof buf, "%u,%u,%.17g,%.17g\n", v, g.head(e), g.length_m(e),
                          g.time_s(e));
            out += buf;
        }
    }
    stage.write("network_edges.csv", out);
    out = "node,time_s,place\n";
    for (const auto &seed : a.seeds) {
        std::snprintf(buf, sizeof buf, "%u,%.17g,%u\n", seed.node, seed.time_s, seed.source);
        out += buf;
    }
    stage.write("network_seeds.csv", out);
}

void add_commune_access(model::Layer &layer, const AccessResult &a, const Demand &d,
                        const std::vector<Place> &places, const AccessConfig &cfg) {
    const std::size_t n = d.origin.size();
    // Per commune: the weighted mean time over its demand points (its only point's time
    // when it has one); unreachable points make the commune's time unknown.
    std::vector<double> sum(n, 0.0), weight(n, 0.0);
    std::vector<bool> unreachable(n, false);
    for (std::size_t p = 0; p < d.xy.size(); ++p) {
        const auto c = d.commune[p];
        const double w = std::isnan(d.weight[p]) ? 1.0 : d.weight[p];
        if (a.demand_time_s[p] < algorithms::network::kUnreached) {
            sum[c] += w * a.demand_time_s[p];
            weight[c] += w;
        } else {
            unreachable[c] = true;
        }
    }
    auto &demand = layer.add_field("demand_point", model::FieldType::string);
    auto &cells = layer.add_field("grid_cells", model::FieldType::integer);
    auto &grid_people = layer.add_field("grid_people", model::FieldType::real);
    auto &road = layer.add_field("road_distance_m", model::FieldType::real);
    auto &time = layer.add_field("time_min", model::FieldType::real);
    auto &nearest = layer.add_field("nearest_place", model::FieldType::string);
    auto &nearest_name = layer.add_field("nearest_place_name", model::FieldType::string);
    auto &within = layer.add_field("places_within_" + minutes_label(cfg.catchment_min) + "min",
                                   model::FieldType::integer);
    for (std::size_t i = 0; i < n; ++i) {
        const auto m = d.main_point[i];
        demand.values.emplace_back(d.origin[i]);
        cells.values.emplace_back(static_cast<std::int64_t>(d.cells[i]));
        grid_people.values.emplace_back(d.grid_people[i]);
        const auto &snap = a.demand_snaps[m];
        road.values.push_back(snap.snapped() ? model::Value{std::round(snap.offroad_m * 10) / 10}
                                             : model::Value{});
        time.values.push_back(unreachable[i] || weight[i] == 0
                                  ? model::Value{}
                                  : model::Value{sum[i] / weight[i] / 60.0});
        const auto p = a.demand_place[m];
        const bool reached = p != algorithms::network::kNoSource;
        nearest.values.push_back(reached ? model::Value{places[p].id} : model::Value{});
        nearest_name.values.push_back(reached ? model::Value{places[p].name} : model::Value{});
        within.values.emplace_back(static_cast<std::int64_t>(a.demand_places_within[m]));
    }
}

void add_level_access(model::Layer &layer, const AreaSet &level,
                      const std::vector<std::ptrdiff_t> &area_of_commune, const Demand &d,
                      const AccessResult &a, const AccessConfig &cfg) {
    const std::size_t n = level.codes.size();
    const auto &thresholds = cfg.thresholds_min;
    std::vector<double> weighted(n, 0.0), reached_pop(n, 0.0), total(n, 0.0), unreachable(n, 0.0);
    std::vector<std::vector<double>> beyond(thresholds.size(), std::vector<double>(n, 0.0));
    for (std::size_t p = 0; p < d.xy.size(); ++p) {
        const auto k = area_of_commune[d.commune[p]];
        if (k < 0 || std::isnan(d.weight[p])) {
            continue;
        }
        const auto area = static_cast<std::size_t>(k);
        const double pop = d.weight[p];
        const double t = a.demand_time_s[p];
        total[area] += pop;
        if (t < algorithms::network::kUnreached) {
            weighted[area] += pop * t / 60.0;
            reached_pop[area] += pop;
        } else {
            unreachable[area] += pop;
        }
        for (std::size_t j = 0; j < thresholds.size(); ++j) {
            if (!(t <= thresholds[j] * 60.0)) {
                beyond[j][area] += pop; // the unreachable are beyond every threshold
            }
        }
    }
    auto &mean = layer.add_field("time_mean_min", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        mean.values.push_back(reached_pop[k] > 0 ? model::Value{weighted[k] / reached_pop[k]}
                                                 : model::Value{});
    }
    for (std::size_t j = 0; j < thresholds.size(); ++j) {
        const std::string m = minutes_label(thresholds[j]);
        auto &pop = layer.add_field("pop_beyond_" + m + "min", model::FieldType::real);
        auto &share = layer.add_field("share_beyond_" + m + "min", model::FieldType::real);
        for (std::size_t k = 0; k < n; ++k) {
            pop.values.emplace_back(beyond[j][k]);
            share.values.push_back(total[k] > 0 ? model::Value{beyond[j][k] / total[k]}
                                                : model::Value{});
        }
    }
    auto &unr = layer.add_field("pop_unreachable", model::FieldType::real);
    for (std::size_t k = 0; k < n; ++k) {
        unr.values.emplace_back(unreachable[k]);
    }
}

} // namespace

namespace {
/// Runs task(state, i) once for every i in [0, n) on `threads` threads, the caller one of
/// them, each thread with a state of its own (make_state()); the first error is rethrown
/// once all have stopped. Each i writing its own slot, results do not depend on the threads.
template <class MakeState, class Task>
void for_each_parallel(std::size_t n, unsigned threads, const MakeState &make_state,
                       const Task &task) {
    threads = static_cast<unsigned>(std::clamp<std::size_t>(n, 1, std::max(1u, threads)));
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            auto state = make_state();
            for (std::size_t i = next++; i < n; i = next++) {
                task(state, i);
            }
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
            next = n;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto &th : pool) {
        th.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

/// A layer's geometries in WGS 84 at the output decimals, features [from, to): polygons
/// snapped to that grid where rounding would make rings cross (slivers of disjoint bands),
/// with GEOS, which keeps them valid.
void to_output(model::Layer &lonlat, std::size_t from, std::size_t to,
               const io::Transformer &to_wgs84, int decimals, geom::Geos &geos) {
    const double grid = std::pow(10.0, -decimals);
    const std::size_t end_polygons = std::max(from, std::min(to, lonlat.polygons.size()));
    to_wgs84.apply(std::span<MultiPolygon>(lonlat.polygons.data() + from, end_polygons - from));
    for (std::size_t i = from; i < end_polygons; ++i) {
        lonlat.polygons[i] = geos.round_valid(lonlat.polygons[i], grid);
    }
    if (from < lonlat.points.size()) {
        const std::size_t end = std::min(to, lonlat.points.size());
        to_wgs84.apply(std::span<XY>(lonlat.points.data() + from, end - from));
    }
}
} // namespace

model::Layer output_layer(const model::Layer &layer, const io::Transformer &to_wgs84, int decimals,
                          geom::Geos &geos) {
    model::Layer lonlat;
    lonlat.name = layer.name;
    lonlat.geometry = layer.geometry;
    lonlat.fields = layer.fields;
    lonlat.polygons = layer.polygons;
    lonlat.points = layer.points;
    to_output(lonlat, 0, std::max(lonlat.polygons.size(), lonlat.points.size()), to_wgs84, decimals,
              geos);
    return lonlat;
}

std::vector<OutputTexts> output_texts(const std::vector<model::Layer> &layers, const io::Crs &crs,
                                      const OutputsConfig &outputs, unsigned threads) {
    // First every layer's geometries, in chunks of features; then each layer's files.
    constexpr std::size_t kChunk = 512;
    std::vector<model::Layer> lonlat(layers.size());
    std::vector<std::pair<std::size_t, std::size_t>> chunks; // (layer, first feature)
    for (std::size_t l = 0; l < layers.size(); ++l) {
        lonlat[l].name = layers[l].name;
        lonlat[l].geometry = layers[l].geometry;
        lonlat[l].fields = layers[l].fields;
        lonlat[l].polygons = layers[l].polygons;
        lonlat[l].points = layers[l].points;
        const std::size_t n = std::max(layers[l].polygons.size(), layers[l].points.size());
        for (std::size_t f = 0; f < n; f += kChunk) {
            chunks.emplace_back(l, f);
        }
    }
    struct State {
        io::Transformer to_wgs84;
        geom::Geos geos;
    };
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    auto make_state = [&] { return State{io::Transformer(crs, wgs84), geom::Geos()}; };
    for_each_parallel(chunks.size(), threads, make_state, [&](State &st, std::size_t c) {
        const auto [l, f] = chunks[c];
        to_output(lonlat[l], f, f + kChunk, st.to_wgs84, outputs.decimals, st.geos);
    });
    // Then the texts: each layer's CSV, and its GeoJSON (and sequence) in ranges of features,
    // put together in order.
    struct Task {
        std::size_t layer;
        int format; ///< 0 GeoJSON, 1 GeoJSON sequence, 2 CSV
        std::size_t from, to;
    };
    std::vector<Task> tasks;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const std::size_t n = layers[l].size();
        for (int format = 0; format < 2; ++format) {
            if (format == 0 ? outputs.geojson : outputs.geojsonseq) {
                for (std::size_t f = 0; f == 0 || f < n; f += kChunk) {
                    tasks.push_back({l, format, f, f + kChunk});
                }
            }
        }
        if (outputs.csv) {
            tasks.push_back({l, 2, 0, n});
        }
    }
    std::vector<std::string> pieces(tasks.size());
    for_each_parallel(
        tasks.size(), threads, [] { return 0; },
        [&](int, std::size_t k) {
            const auto &t = tasks[k];
            if (t.format == 2) {
                io::write_csv(layers[t.layer], pieces[k]);
            } else {
                io::write_geojson_features(lonlat[t.layer], {outputs.decimals, t.format == 1},
                                           t.from, t.to, pieces[k]);
            }
        });
    std::vector<OutputTexts> texts(layers.size());
    for (std::size_t k = 0; k < tasks.size(); ++k) {
        const auto &t = tasks[k];
        auto &text = t.format == 0   ? texts[t.layer].geojson
                     : t.format == 1 ? texts[t.layer].geojsonseq
                                     : texts[t.layer].csv;
        const io::GeoJsonOptions options{outputs.decimals, t.format == 1};
        if (t.format != 2 && t.from == 0) {
            io::write_geojson_head(lonlat[t.layer], options, text);
        }
        text += pieces[k];
        if (t.format != 2 && t.to >= layers[t.layer].size()) {
            io::write_geojson_tail(options, text);
        }
    }
    return texts;
}

RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write,
                   RunProducts *products) {
    // The stages asked for: the study's, cut after options.stage.
    StudyConfig cfg = config;
    const std::string &last = options.stage;
    if (!last.empty() && last != "all") {
        static const std::vector<std::string> kStages = {"risk", "access", "isochrones", "deserts",
                                                         "siting"};
        if (std::find(kStages.begin(), kStages.end(), last) == kStages.end()) {
            throw Error(ErrorKind::input, "unknown stage '" + last +
                                              "': use all, risk, access, isochrones, deserts "
                                              "or siting");
        }
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
    }
    RunSummary summary;
    summary.study_id = cfg.id;
    IssueLog log;
    Timer timer(summary);
    auto progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
        if (options.interrupted && done < total && options.interrupted()) {
            throw Error(ErrorKind::interrupted,
                        "interrupted at stage '" + std::string(stage) +
                            "'; nothing was written, the previous outputs are as they were");
        }
        if (options.on_progress) {
            options.on_progress(Progress{stage, done, total});
        }
    };
    const bool with_network = cfg.network.enabled && options.travel_times;
    const std::size_t kSteps = with_network
                                   ? 8 + (cfg.isochrones.enabled && cfg.isochrones.places ? 1 : 0) +
                                         (cfg.accessibility.enabled || cfg.siting.enabled ? 1 : 0)
                                   : 6;
    std::size_t step = 0;

    const io::Crs crs = io::Crs::from_user(cfg.crs, "[study] crs");
    if (crs.is_geographic()) {
        throw Error(ErrorKind::input, "[study] crs " + cfg.crs +
                                          " is geographic (degrees); the study needs a metric CRS "
                                          "such as \"EPSG:2154\" (Lambert-93)");
    }
    geom::Geos geos;

    // With two threads or more, the road network (then the inputs' checksums) loads on a
    // second thread while this one reads the communes, tables, levels and places. Its own
    // copy of the CRS and GDAL's per-thread state keep the two apart; an error there is
    // reported when the network is needed, as it was when it loaded in turn.
    const unsigned threads =
        cfg.access.threads ? cfg.access.threads : std::max(1u, std::thread::hardware_concurrency());
    Background background;
    std::promise<void> network_ready;
    std::future<void> loading; ///< ready with the network (or its error)
    std::future<void> worker;  ///< the second thread: its destructor waits for it
    if (threads > 1) {
        if (with_network) {
            loading = network_ready.get_future();
        }
        worker = std::async(std::launch::async, [&cfg, crs_copy = crs, with_network, write,
                                                 &background, &network_ready] {
            second_thread(cfg, crs_copy, with_network, write, background, network_ready);
        });
    }

    progress("load communes", step++, kSteps);
    io::VectorLayer commune_layer;
    AreaSet communes = load_communes(cfg, crs, geos, log, commune_layer);
    summary.communes = communes.codes.size();
    // The age grid depends on the communes' polygons only (not on the tables joined next):
    // with two threads, it is read and located meanwhile.
    std::future<AgeGrid> age_grid;
    if (threads > 1 && cfg.risk.enabled && cfg.risk.age_grid) {
        age_grid = std::async(std::launch::async,
                              [&cfg, &communes] { return read_age_grid(cfg, communes); });
    }
    timer.lap("load communes");

    progress("load tables", step++, kSteps);
    std::vector<TableData> tables;
    for (const auto &t : cfg.tables) {
        tables.push_back(load_table(t, log));
    }
    timer.lap("load tables");

    progress("align levels", step++, kSteps);
    std::vector<AreaSet> levels;
    std::vector<Membership> memberships(cfg.levels.size());
    levels.reserve(cfg.levels.size());
    std::map<std::string, std::pair<const AreaSet *, const Membership *>> built;
    for (std::size_t l = 0; l < cfg.levels.size(); ++l) {
        levels.push_back(build_level(cfg.levels[l], communes, commune_layer, built, crs, geos, log,
                                     memberships[l]));
        built[cfg.levels[l].id] = {&levels.back(), &memberships[l]};
    }
    const auto changes = read_changes(cfg.communes);
    for (std::size_t t = 0; t < cfg.tables.size(); ++t) {
        AreaSet *target = &communes;
        for (auto &lv : levels) {
            if (lv.id == cfg.tables[t].level) {
                target = &lv;
            }
        }
        join_table(cfg.tables[t], tables[t], *target, log,
                   target == &communes ? changes : std::map<std::string, std::string>{});
    }

    // Population per commune: a table column or a field of the commune layer.
    std::vector<double> population(communes.codes.size(), kNaN);
    if (!cfg.population.column.empty()) {
        if (cfg.population.table.empty()) {
            const auto c =
                commune_layer.require_field(cfg.population.column, "[population] column");
            for (std::size_t i = 0; i < communes.codes.size(); ++i) {
                population[i] =
                    io::parse_number(commune_layer.values[i][c], false, nullptr).value_or(kNaN);
            }
        } else {
            std::size_t t = 0;
            while (cfg.tables[t].id != cfg.population.table) {
                ++t;
            }
            const auto &data = tables[t];
            const auto it = std::find(data.source_columns.begin(), data.source_columns.end(),
                                      cfg.population.column);
            if (it == data.source_columns.end()) {
                throw Error(ErrorKind::input, "[population] column '" + cfg.population.column +
                                                  "' is not among the columns of table '" +
                                                  cfg.population.table +
                                                  "'; add it to that table's columns");
            }
            const std::string name =
                data.columns[static_cast<std::size_t>(it - data.source_columns.begin())];
            for (const auto &[n, values] : communes.indicators) {
                if (n == name) {
                    population = values;
                }
            }
        }
        for (std::size_t i = 0; i < population.size(); ++i) {
            // Negative, infinite or absurd (above the 2.2 million of Paris, the largest
            // commune, with a wide margin) populations are errors of the source: unknown.
            if (!std::isnan(population[i]) && (!(population[i] >= 0) || !(population[i] <= 1e7))) {
                log.add("commune_population_invalid",
                        "communes whose population is negative or absurd (above 10 million), "
                        "read as unknown",
                        communes.codes[i] + " (" + io::format_number(population[i]) + ")");
                population[i] = kNaN;
            }
            if (std::isnan(population[i])) {
                log.add("commune_without_population", "communes without a population",
                        communes.codes[i]);
            }
        }
    }
    summary.population = std::accumulate(population.begin(), population.end(), 0.0, sum_known);
    std::optional<algorithms::risk::Result> risk;
    std::optional<algorithms::risk::ExpectedIllectronism> illectronism;
    std::vector<algorithms::risk::BandRate> rates_used;
    if (cfg.risk.enabled) {
        if (!cfg.risk.indicators.empty()) {
            risk = compute_risk(cfg.risk, communes, population);
            for (std::size_t i = 0; i < communes.codes.size(); ++i) {
                if (risk->missing[i] > 0) {
                    log.add("risk_indicator_missing",
                            "communes lacking some risk indicators (index re-weighted over the "
                            "others; none: no index)",
                            communes.codes[i] + " (" + std::to_string(risk->missing[i]) + ")");
                }
            }
        }
        illectronism = compute_illectronism(cfg, communes, log, rates_used, &age_grid);
    }
    timer.lap("align levels");

    progress("load places", step++, kSteps);
    std::vector<std::pair<std::string, std::size_t>> per_source;
    const auto places = load_and_merge_places(cfg, crs, communes, geos, log, summary, per_source);
    std::vector<std::int64_t> places_in_commune(communes.codes.size(), 0);
    for (const auto &p : places) {
        if (auto it = communes.index.find(p.commune_code); it != communes.index.end()) {
            ++places_in_commune[it->second];
        }
    }
    timer.lap("load places");

    // ---- network and travel times
    auto &net = background.net; // filled by the second thread, or in turn below
    auto &segments = background.segments;
    std::optional<AccessResult> access;
    Demand demand;
    std::optional<model::Layer> isochrones, place_isochrones;
    std::optional<DesertResult> deserts;
    std::vector<double> at_risk; ///< per demand point, when the risk stage ran
    std::string at_risk_kind;
    DesertInputs desert_in;
    std::vector<std::string> place_ids, place_names;
    std::vector<double> place_capacity;
    std::unique_ptr<bool[]> place_counts;
    if (with_network) {
        progress("road network", step++, kSteps);
        if (loading.valid()) {
            loading.get(); // rethrows the loader's error
            summary.stage_detail_seconds.emplace_back("road network: loading (second thread)",
                                                      background.network_seconds);
        } else {
            load_network_into(cfg.network, crs, background); // in turn, on one thread
        }
        log.add_count("network_nodes_dropped",
                      "road junctions outside the largest strongly connected component, dropped "
                      "(islands, dead ends of one-way roads)",
                      net->components.dropped_nodes, {});
        timer.lap("road network");

        progress("travel times", step++, kSteps);
        demand = build_demand(cfg, communes, population, geos, log);
        std::vector<XY> place_xy;
        std::vector<char> place_counts_storage;
        for (const auto &p : places) {
            place_xy.push_back(p.xy);
            const bool counts =
                cfg.access.label.empty() ||
                std::find(p.labels.begin(), p.labels.end(), cfg.access.label) != p.labels.end();
            place_counts_storage.push_back(counts ? 1 : 0);
        }
        place_counts.reset(new bool[places.size() + 1]);
        for (std::size_t i = 0; i < places.size(); ++i) {
            place_counts[i] = place_counts_storage[i] != 0;
        }
        AccessInputs inputs{
            place_xy, {place_counts.get(), places.size()}, demand.xy, demand.weight};
        access = compute_access(*net, *segments, cfg.network, cfg.access, inputs);
        for (const auto &[part, s] : access->seconds) {
            summary.stage_detail_seconds.emplace_back("travel times: " + part, s);
        }
        std::size_t counted = 0;
        for (std::size_t i = 0; i < places.size(); ++i) {
            counted += place_counts[i] ? 1 : 0;
            if (place_counts[i] && !access->place_snaps[i].snapped()) {
                log.add("place_off_network",
                        "places further than max_snap_m from any road: they serve nobody",
                        places[i].id + " " + places[i].name);
            }
        }
        if (counted == 0) {
            throw Error(ErrorKind::input,
                        "[access] label '" + cfg.access.label +
                            "' matches no place; use one of the labels of places.csv (e.g. "
                            "\"France Services\") or leave label empty");
        }
        for (std::size_t p = 0; p < demand.xy.size(); ++p) {
            if (!access->demand_snaps[p].snapped()) {
                log.add("commune_off_network",
                        "demand points further than max_snap_m from any road (unreachable), "
                        "by commune",
                        communes.codes[demand.commune[p]]);
            }
        }
        timer.lap("travel times");
        desert_in.codes = communes.codes;
        desert_in.names = communes.names;
        desert_in.geoms = communes.geoms;
        desert_in.population = population;
        if (risk) {
            desert_in.risk_index = risk->index;
        }
        if (illectronism) {
            desert_in.illectronism = illectronism->expected;
        }
        desert_in.places_inside = places_in_commune;
        desert_in.demand_xy = demand.xy;
        desert_in.demand_commune = demand.commune;
        desert_in.demand_weight = demand.weight;
        desert_in.main_point = demand.main_point;
        desert_in.demand_snaps = access->demand_snaps;
        desert_in.demand_time_s = access->demand_time_s;
        desert_in.demand_place = access->demand_place;
        for (const auto &p : places) {
            place_ids.push_back(p.id);
            place_names.push_back(p.name);
            place_capacity.push_back(p.capacity);
        }
        desert_in.place_ids = place_ids;
        desert_in.place_names = place_names;
        desert_in.place_snaps = access->place_snaps;
        desert_in.capacity = place_capacity;
        desert_in.place_counts = {place_counts.get(), places.size()};
        desert_in.graph = &net->graph;
        desert_in.segments = &*segments;
        desert_in.catchment = &access->catchment;
        desert_in.catchment_limit_s = access->catchment_limit_s;
        desert_in.offroad_speed_kmh = cfg.network.offroad_speed_kmh;
        desert_in.max_snap_m = cfg.network.max_snap_m;
        desert_in.threads = cfg.access.threads;
        if (risk || illectronism) {
            // The demand at risk of every point, for the isochrone bands and the deserts.
            at_risk_kind = demand_at_risk(desert_in, at_risk);
        }
        if (cfg.isochrones.enabled) {
            isochrones =
                build_isochrones(cfg, communes, *net, *segments, *access, demand, at_risk, geos);
            timer.lap("isochrones");
            if (cfg.isochrones.places) {
                progress("place isochrones", step++, kSteps);
                place_isochrones = build_place_isochrones(
                    cfg, places, *net, *segments, *access, demand, at_risk, [&](std::size_t done) {
                        progress("place isochrones " + std::to_string(done) + "/" +
                                     std::to_string(places.size()),
                                 step - 1, kSteps);
                    });
                timer.lap("place isochrones");
            }
        }
        if (cfg.accessibility.enabled || cfg.deserts.enabled || cfg.siting.enabled) {
            progress("deserts", step++, kSteps);
            deserts = compute_deserts(cfg, desert_in, geos);
            summary.demand_kind = deserts->demand_kind;
            summary.deserts = deserts->zones;
            summary.siting = deserts->picks;
            summary.siting_minutes = cfg.siting.minutes;
            summary.covered_share_before =
                deserts->demand_total > 0 ? deserts->covered_before / deserts->demand_total : 0.0;
            timer.lap("deserts");
        }
    }

    // ---- layers, in the study CRS
    progress("build layers", step++, kSteps);
    std::vector<model::Layer> layers;
    {
        model::Layer layer;
        layer.name = "communes";
        layer.polygons = communes.geoms;
        auto &code = layer.add_field("code", model::FieldType::string);
        auto &name = layer.add_field("name", model::FieldType::string);
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            code.values.emplace_back(communes.codes[i]);
            name.values.push_back(text(communes.names[i]));
        }
        for (std::size_t l = 0; l < levels.size(); ++l) {
            auto &f = layer.add_field(levels[l].id, model::FieldType::string);
            for (std::size_t i = 0; i < communes.codes.size(); ++i) {
                const auto a = memberships[l].area_of_commune[i];
                f.values.push_back(
                    a < 0 ? model::Value{}
                          : model::Value{levels[l].codes[static_cast<std::size_t>(a)]});
            }
        }
        auto &pop = layer.add_field("population", model::FieldType::real);
        auto &np = layer.add_field("places", model::FieldType::integer);
        auto &area = layer.add_field("area_km2", model::FieldType::real);
        if (access) {
            add_commune_access(layer, *access, demand, places, cfg.access);
        }
        if (risk) {
            add_commune_risk(layer, cfg.risk, *risk);
        }
        if (illectronism) {
            add_commune_illectronism(layer, *illectronism);
        }
        if (deserts) {
            add_commune_deserts(layer, *deserts, cfg.deserts.enabled);
        }
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            pop.values.push_back(real(population[i]));
            np.values.emplace_back(places_in_commune[i]);
            area.values.emplace_back(
                std::round(algorithms::geometry::area(communes.geoms[i]) / 1e4) / 100.0);
        }
        for (const auto &[n, values] : communes.indicators) {
            auto &f = layer.add_field(n, model::FieldType::real);
            for (const double v : values) {
                f.values.push_back(real(v));
            }
        }
        layers.push_back(std::move(layer));
    }
    {
        model::Layer layer;
        layer.name = "places";
        layer.geometry = model::GeometryType::points;
        auto &id = layer.add_field("id", model::FieldType::string);
        auto &name = layer.add_field("name", model::FieldType::string);
        auto &labels = layer.add_field("labels", model::FieldType::string);
        auto &commune = layer.add_field("commune", model::FieldType::string);
        auto &located = layer.add_field("located", model::FieldType::string);
        auto &address = layer.add_field("address", model::FieldType::string);
        auto &postcode = layer.add_field("postcode", model::FieldType::string);
        auto &siret = layer.add_field("siret", model::FieldType::string);
        auto &capacity = layer.add_field("capacity", model::FieldType::real);
        auto &nsrc = layer.add_field("records", model::FieldType::integer);
        auto &sources = layer.add_field("sources", model::FieldType::string);
        if (access) {
            auto &road = layer.add_field("road_distance_m", model::FieldType::real);
            auto &within = layer.add_field("population_within_" +
                                               minutes_label(cfg.access.catchment_min) + "min",
                                           model::FieldType::real);
            for (std::size_t i = 0; i < places.size(); ++i) {
                const auto &snap = access->place_snaps[i];
                road.values.push_back(snap.snapped()
                                          ? model::Value{std::round(snap.offroad_m * 10) / 10}
                                          : model::Value{});
                within.values.emplace_back(std::round(access->place_people_within[i]));
            }
        }
        for (const auto &p : places) {
            layer.points.push_back(p.xy);
            id.values.emplace_back(p.id);
            name.values.push_back(text(p.name));
            labels.values.push_back(text(join(p.labels, "|")));
            commune.values.push_back(text(p.commune_code));
            located.values.emplace_back(p.located);
            address.values.push_back(text(p.address));
            postcode.values.push_back(text(p.postcode));
            siret.values.push_back(text(p.siret));
            capacity.values.emplace_back(p.capacity);
            nsrc.values.emplace_back(static_cast<std::int64_t>(p.sources.size()));
            sources.values.emplace_back(join(p.sources, "|"));
        }
        layers.push_back(std::move(layer));
    }
    for (std::size_t l = 0; l < levels.size(); ++l) {
        const auto &lv = levels[l];
        model::Layer layer;
        layer.name = lv.id;
        layer.polygons = lv.geoms;
        std::vector<std::int64_t> n_communes(lv.codes.size(), 0), n_places(lv.codes.size(), 0);
        std::vector<double> pop(lv.codes.size(), 0.0), area(lv.codes.size(), 0.0);
        for (std::size_t i = 0; i < communes.codes.size(); ++i) {
            const auto a = memberships[l].area_of_commune[i];
            if (a < 0) {
                continue;
            }
            const auto k = static_cast<std::size_t>(a);
            ++n_communes[k];
            n_places[k] += places_in_commune[i];
            pop[k] = sum_known(pop[k], population[i]);
            area[k] += algorithms::geometry::area(communes.geoms[i]);
        }
        auto &code = layer.add_field("code", model::FieldType::string);
        auto &name = layer.add_field("name", model::FieldType::string);
        auto &nc = layer.add_field("communes", model::FieldType::integer);
        auto &pp = layer.add_field("population", model::FieldType::real);
        auto &np = layer.add_field("places", model::FieldType::integer);
        auto &ak = layer.add_field("area_km2", model::FieldType::real);
        auto &geo = layer.add_field("geometry_origin", model::FieldType::string);
        for (std::size_t k = 0; k < lv.codes.size(); ++k) {
            code.values.emplace_back(lv.codes[k]);
            name.values.push_back(text(lv.names[k]));
            nc.values.emplace_back(n_communes[k]);
            pp.values.emplace_back(pop[k]);
            np.values.emplace_back(n_places[k]);
            // The area of the study's communes, even where the geometry reaches beyond.
            ak.values.emplace_back(std::round(area[k] / 1e4) / 100.0);
            geo.values.emplace_back(lv.geometry_origin[k]);
        }
        if (risk) {
            add_level_risk(layer, lv.codes.size(), memberships[l].area_of_commune, population,
                           *risk);
        }
        if (illectronism) {
            add_level_illectronism(layer, lv.codes.size(), memberships[l].area_of_commune,
                                   *illectronism);
        }
        if (access) {
            add_level_access(layer, lv, memberships[l].area_of_commune, demand, *access,
                             cfg.access);
        }
        if (deserts) {
            add_level_deserts(layer, lv.codes.size(), memberships[l].area_of_commune, desert_in,
                              *deserts);
        }
        for (const auto &[n, values] : lv.indicators) {
            auto &f = layer.add_field(n, model::FieldType::real);
            for (const double v : values) {
                f.values.push_back(real(v));
            }
        }
        layers.push_back(std::move(layer));
    }
    if (isochrones) {
        layers.push_back(std::move(*isochrones));
    }
    if (place_isochrones) {
        layers.push_back(std::move(*place_isochrones));
    }
    if (deserts && cfg.deserts.enabled) {
        layers.push_back(std::move(deserts->deserts));
    }
    if (deserts && cfg.siting.enabled) {
        layers.push_back(std::move(deserts->recommendations));
    }
    for (const auto &layer : layers) {
        require_unique_fields(layer, cfg);
        summary.layers.push_back(LayerInfo{layer.name, layer.size()});
    }
    timer.lap("build layers");
    summary.issues = log.take();

    // summary.json: everything but `timings_s` is the same for the same inputs.
    auto summary_text = [&](const std::vector<std::string> &files) {
        nlohmann::ordered_json j;
        j["hublo_version"] = HUBLO_VERSION_STRING;
        j["study"] = {{"id", cfg.id}, {"name", cfg.name}, {"crs", cfg.crs}};
        if (!cfg.overrides.empty()) {
            j["study"]["overrides"] = cfg.overrides; // --set, applied over the study file
        }
        const auto base = cfg.base_dir;
        nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
        inputs.push_back({{"role", "study"},
                          {"path", cfg.file.empty() ? "<string>" : cfg.file.filename().string()},
                          {"sha256", io::sha256(cfg.text)}});
        if (worker.valid()) {
            worker.wait();
        }
        const auto hashed = hashed_inputs(cfg, with_network);
        for (std::size_t k = 0; k < hashed.size(); ++k) {
            const auto &[role, p] = hashed[k];
            const bool done = k < background.checksums.size() && !background.checksums[k].empty();
            inputs.push_back({{"role", role},
                              {"path", relative_to(p, base)},
                              {"sha256", done ? background.checksums[k] : io::sha256_file(p)}});
        }
        j["inputs"] = inputs;
        j["parameters"] = {{"places_merge",
                            {{"distance_m", cfg.merge_distance_m},
                             {"outside_tolerance_m", cfg.place_outside_tolerance_m}}},
                           {"outputs", {{"decimals", cfg.outputs.decimals}}}};
        if (illectronism) {
            nlohmann::ordered_json rates = nlohmann::ordered_json::array();
            for (const auto &r : rates_used) {
                rates.push_back({{"band", r.band.name},
                                 {"rate", r.rate},
                                 {"low", r.low},
                                 {"high", r.high},
                                 {"source", r.source}});
            }
            j["parameters"]["illectronism_rates"] = rates;
        }
        nlohmann::ordered_json counts;
        counts["communes"] = summary.communes;
        counts["population"] = summary.population;
        counts["place_records"] = summary.place_records;
        counts["places"] = summary.places;
        nlohmann::ordered_json src = nlohmann::ordered_json::object();
        for (const auto &[id, n] : per_source) {
            src[id] = n;
        }
        counts["place_records_by_source"] = src;
        for (const auto &l : summary.layers) {
            counts["layers"][l.name] = l.features;
        }
        j["counts"] = counts;
        if (deserts) {
            const auto &d = *deserts;
            nlohmann::ordered_json a;
            a["demand"] = d.demand_kind;
            a["demand_total"] = std::round(d.demand_total * 10) / 10;
            a["decay"] = d.decay;
            a["catchment_min"] = cfg.accessibility.catchment_min;
            a["per"] = cfg.accessibility.per;
            // E2SFCA's identity: demand-weighted accessibility = capacity of the places in use.
            a["capacity_with_demand"] = d.total_capacity;
            a["demand_weighted_accessibility"] = d.demand_weighted_accessibility;
            j["accessibility"] = a;
            if (cfg.deserts.enabled) {
                nlohmann::ordered_json rule;
                rule["risk_top_share"] = cfg.deserts.risk_top_share;
                rule["risk_index_at_least"] = d.risk_threshold;
                rule["time_min_above"] = cfg.deserts.time_min;
                rule["accessibility_bottom_share"] = cfg.deserts.accessibility_bottom_share;
                rule["accessibility_at_most"] = d.access_threshold;
                nlohmann::ordered_json zones = nlohmann::ordered_json::array();
                for (const auto &z : d.zones) {
                    zones.push_back({{"id", z.id},
                                     {"name", z.name},
                                     {"communes", z.communes},
                                     {"population", z.population},
                                     {"demand", std::round(z.demand * 10) / 10},
                                     {"time_mean_min", std::round(z.time_mean_min * 100) / 100},
                                     {"nearest_places", z.nearest_places}});
                }
                j["deserts"] = {{"rule", rule}, {"zones", zones}};
            }
            if (cfg.siting.enabled) {
                nlohmann::ordered_json picks = nlohmann::ordered_json::array();
                for (const auto &p : d.picks) {
                    picks.push_back({{"rank", p.rank},
                                     {"id", p.id},
                                     {"name", p.name},
                                     {"gain", std::round(p.gain * 10) / 10},
                                     {"covered_share", p.covered_share}});
                }
                j["siting"] = {{"k", cfg.siting.k},
                               {"minutes", cfg.siting.minutes},
                               {"candidates", d.candidates},
                               {"covered_share_before", summary.covered_share_before},
                               {"picks", picks}};
            }
        }
        if (net) {
            nlohmann::ordered_json n;
            n["source"] = relative_to(cfg.network.source.path, base);
            n["format"] = cfg.network.format;
            if (cfg.network.format == "osm") {
                n["profile"] = cfg.network.profile;
            }
            n["input_nodes"] = net->input_nodes;
            n["input_edges"] = net->input_edges;
            n["strong_components"] = net->components.components;
            n["nodes"] = net->graph.node_count();
            n["edges"] = net->graph.edge_count();
            n["dropped_nodes"] = net->components.dropped_nodes;
            n["dropped_edges"] = net->components.dropped_edges;
            n["segments"] = segments->size();
            n["directed_length_km"] = std::round(net->length_km * 1000.0) / 1000.0;
            nlohmann::ordered_json c = nlohmann::ordered_json::object();
            for (const auto &[k, v] : net->counts) {
                c[k] = v;
            }
            n["counts"] = c;
            std::size_t snapped = 0, counted = 0;
            for (const auto &snap : access->place_snaps) {
                snapped += snap.snapped() ? 1 : 0;
            }
            for (const auto &snap : access->demand_snaps) {
                counted += snap.snapped() ? 1 : 0;
            }
            n["places_on_network"] = snapped;
            n["demand_points_on_network"] = counted;
            n["settled_nodes_nearest"] = access->nodes.settled;
            n["settled_nodes_catchments"] = access->catchment_settled;
            j["network"] = n;
            j["parameters"]["network"] = {
                {"offroad_speed_kmh", cfg.network.offroad_speed_kmh},
                {"max_snap_m", cfg.network.max_snap_m},
                {"sinuosity", cfg.network.sinuosity},
                {"junction_tolerance_m", cfg.network.junction_tolerance_m}};
            nlohmann::ordered_json speeds = nlohmann::ordered_json::object();
            for (const auto &[k, v] : cfg.network.speeds_kmh) {
                speeds[k] = v;
            }
            j["parameters"]["network"]["speeds_kmh"] = speeds;
            j["parameters"]["access"] = {{"thresholds_min", cfg.access.thresholds_min},
                                         {"catchment_min", cfg.access.catchment_min},
                                         {"label", cfg.access.label}};
        }
        nlohmann::ordered_json issues = nlohmann::ordered_json::array();
        for (const auto &issue : summary.issues) {
            issues.push_back({{"kind", issue.kind},
                              {"message", issue.message},
                              {"count", issue.count},
                              {"examples", issue.examples}});
        }
        j["issues"] = issues;
        if (!files.empty()) {
            j["outputs"] = files;
        }
        auto seconds = [](const std::vector<std::pair<std::string, double>> &laps) {
            nlohmann::ordered_json out;
            for (const auto &[name, s] : laps) {
                out[name] = std::round(s * 1e4) / 1e4;
            }
            return out;
        };
        j["timings_s"] = seconds(summary.stage_seconds);
        if (!summary.stage_detail_seconds.empty()) {
            j["timings_detail_s"] = seconds(summary.stage_detail_seconds);
        }
        return j.dump(2) + "\n";
    };
    if (products) {
        products->layers = layers;
    }
    if (!write) {
        if (products) {
            products->summary_json = summary_text({});
        }
        progress("done", kSteps, kSteps);
        return summary;
    }

    progress("write outputs", step++, kSteps);
    summary.output_dir = options.output_dir.empty() ? cfg.outputs.dir : options.output_dir;
    io::OutputStage stage(summary.output_dir);
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    const io::Transformer to_wgs84(crs, wgs84);
    if (cfg.outputs.geojson || cfg.outputs.geojsonseq || cfg.outputs.csv) {
        const auto texts = output_texts(layers, crs, cfg.outputs, threads);
        for (std::size_t l = 0; l < layers.size(); ++l) {
            if (cfg.outputs.geojson) {
                stage.write(layers[l].name + ".geojson", texts[l].geojson);
            }
            if (cfg.outputs.geojsonseq) {
                stage.write(layers[l].name + ".geojsons", texts[l].geojsonseq);
            }
            if (cfg.outputs.csv) {
                stage.write(layers[l].name + ".csv", texts[l].csv);
            }
        }
    }
    if (cfg.outputs.network && net) {
        write_network_tables(stage, net->graph, *access);
    }
    if (cfg.outputs.report) {
        ReportFigures figures;
        figures.population = summary.population;
        figures.communes = communes.codes.size();
        figures.places = places.size();
        figures.deserts = summary.deserts.size();
        if (deserts) {
            figures.demand_at_risk = deserts->demand_total;
            figures.demand_kind = deserts->demand_kind;
        } else if (!at_risk.empty()) {
            figures.demand_at_risk = std::accumulate(at_risk.begin(), at_risk.end(), 0.0);
            figures.demand_kind = at_risk_kind;
        } else {
            figures.demand_at_risk = summary.population;
        }
        if (access) {
            double beyond = 0, total = 0;
            for (std::size_t p = 0; p < demand.xy.size(); ++p) {
                const double w = std::isnan(demand.weight[p]) ? 0.0 : demand.weight[p];
                total += w;
                beyond += access->demand_time_s[p] > 1200.0 ? w : 0.0;
            }
            figures.share_beyond_20min = total > 0 ? beyond / total : 0.0;
        }
        stage.write("report.html", make_report(cfg, layers, figures, to_wgs84, geos));
    }
    if (cfg.outputs.geopackage) {
        std::vector<const model::Layer *> ptrs;
        for (const auto &layer : layers) {
            ptrs.push_back(&layer);
        }
        io::write_geopackage(stage.staged(cfg.id + ".gpkg"), ptrs, crs);
    }
    timer.lap("write outputs");

    std::vector<std::string> files;
    for (const auto &entry : std::filesystem::directory_iterator(stage.staged(""))) {
        files.push_back(entry.path().filename().string());
    }
    files.emplace_back("summary.json");
    std::sort(files.begin(), files.end());
    const std::string text = summary_text(files);
    stage.write("summary.json", text);
    if (products) {
        products->summary_json = text;
    }
    stage.publish();
    summary.files = stage.files();
    progress("done", kSteps, kSteps);
    return summary;
}

} // namespace hublo::study
