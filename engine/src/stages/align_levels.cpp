#include "stages/align_levels.hpp"

#include "hublo/algorithms/locate.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace hublo::stages {

using algorithms::geometry::MultiPolygon;
using model::AreaSet;
using model::Membership;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A level's own polygons, when it has a layer: the layer and its code and name columns.
struct LevelLayer {
    io::VectorLayer layer;
    std::size_t code = 0;
    std::optional<std::size_t> name;
};

using Previous = std::map<std::string, std::pair<const AreaSet *, const Membership *>>;
/// Per level id ("communes" too), the codes of its areas outside the study ([communes]
/// keep, or a level's layer reaching beyond the region): their rows are expected.
using Outside = std::map<std::string, std::set<std::string>>;

std::map<std::string, std::pair<std::string, std::string>> read_mapping(const MappingSettings &m,
                                                                        core::IssueLog &log) {
    const io::CsvTable csv = io::read_table(m.table);
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

/// Membership by the level's own polygons: the area containing each commune's point on
/// surface.
void members_by_layer(const LevelSettings &level, const AreaSet &communes, const LevelLayer &own,
                      AreaSet &areas, Membership &membership, StageContext &ctx) {
    auto &log = ctx.log;
    auto &geos = ctx.geos;
    const auto *layer = &own.layer;
    const auto c_layer_code = std::optional<std::size_t>(own.code);
    const auto &c_layer_name = own.name;
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
}

/// Membership by a commune attribute holding the area's code ([[levels]] commune_field).
void members_by_attribute(const LevelSettings &level, const AreaSet &communes,
                          const CommunesResult &all, AreaSet &areas, Membership &membership,
                          std::set<std::string> &outside, core::IssueLog &log) {
    const io::VectorLayer &commune_layer = all.attributes;
    const auto c_parent = commune_layer.require_field(level.commune_field,
                                                      "[[levels]] " + level.id + " commune_field");
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
    for (const auto &row : all.outside_values) {
        if (auto code = io::normalise_code(row[c_parent]); !areas.index.count(code)) {
            outside.insert(std::move(code));
        }
    }
}

/// Membership by a zoning table mapping communes (or an earlier level's areas) to zones.
void members_by_mapping(const LevelSettings &level, const AreaSet &communes,
                        const Previous &previous, const Outside &outside, AreaSet &areas,
                        Membership &membership, std::set<std::string> &outside_codes,
                        core::IssueLog &log) {
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
    const auto out_from = outside.find(m.from);
    for (const auto &[key, zone] : table) {
        if (used.count(key)) {
            continue;
        }
        if (out_from != outside.end() && out_from->second.count(key)) {
            log.add("zoning_rows_outside_study:" + level.id,
                    "rows of the zoning table of " + level.id +
                        " for areas outside the study ([communes] keep), left out",
                    key);
            if (!areas.index.count(zone.first)) {
                outside_codes.insert(zone.first);
            }
        } else {
            log.add("zoning_code_unknown:" + level.id,
                    "codes of the zoning table of " + level.id + " not in the study", key);
        }
    }
}

/// Areas sorted by code, so that outputs do not depend on the order of communes.
void sort_by_code(AreaSet &areas, Membership &membership) {
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
}

/// Each area's polygon: the level's own layer where it has the area, else its communes
/// dissolved; names from the layer or the names table where none was given.
void level_geometry(const LevelSettings &level, const AreaSet &communes,
                    const std::optional<LevelLayer> &level_layer, AreaSet &areas,
                    const Membership &membership, std::set<std::string> &outside,
                    StageContext &ctx) {
    auto &log = ctx.log;
    auto &geos = ctx.geos;
    std::vector<std::optional<MultiPolygon>> own(areas.codes.size());
    if (level_layer) {
        const auto *layer = &level_layer->layer;
        const auto c_layer_code = std::optional<std::size_t>(level_layer->code);
        const auto &c_layer_name = level_layer->name;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            const auto code = io::normalise_code(layer->values[i][*c_layer_code]);
            auto it = areas.index.find(code);
            if (it == areas.index.end()) {
                outside.insert(code);
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
        const io::CsvTable csv = io::read_table(n.table);
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
            // An outline reaching beyond the study's communes (a bassin across the region's
            // border, a subset) is clipped to them: its figures are those of its communes in
            // the study. 0.5 % of slack: outlines and communes are simplified apart.
            double inside = 0.0;
            for (const auto *g : parts[a]) {
                inside += algorithms::geometry::area(*g);
            }
            if (level.clip && algorithms::geometry::area(*own[a]) > 1.005 * inside) {
                areas.geoms.push_back(geos.intersection(*own[a], geos.dissolve(parts[a])));
                areas.geometry_origin.emplace_back("layer, clipped to the study");
            } else {
                areas.geoms.push_back(std::move(*own[a]));
                areas.geometry_origin.emplace_back("layer");
            }
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
}

AreaSet build_level(const LevelSettings &level, const CommunesResult &all, const Previous &previous,
                    Outside &outside, Membership &membership, StageContext &ctx) {
    const AreaSet &communes = all.communes;
    auto &outside_codes = outside[level.id];
    AreaSet areas;
    areas.id = level.id;
    areas.label = level.label;
    membership.area_of_commune.assign(communes.codes.size(), -1);
    // The level's own polygons, when it has some: its geometry, and its membership when
    // neither an attribute nor a zoning table gives it.
    std::optional<LevelLayer> own;
    if (level.layer) {
        io::VectorSource source = *level.layer;
        source.max_vertices = 10000000; // départements or EPCI outlines: 10x a commune's bound
        own.emplace();
        own->layer = io::read_vector(source, ctx.crs, io::GeometryKind::polygons);
        own->code = own->layer.require_field(level.layer_code, "[[levels]] " + level.id + " code");
        own->name = own->layer.optional_field(level.layer_name, "[[levels]] " + level.id + " name");
    }
    if (level.commune_field.empty() && !level.mapping) {
        members_by_layer(level, communes, *own, areas, membership, ctx);
    } else if (!level.mapping) {
        members_by_attribute(level, communes, all, areas, membership, outside_codes, ctx.log);
    } else {
        members_by_mapping(level, communes, previous, outside, areas, membership, outside_codes,
                           ctx.log);
    }
    sort_by_code(areas, membership);
    level_geometry(level, communes, own, areas, membership, outside_codes, ctx);
    return areas;
}
} // namespace

std::map<std::string, std::string> read_changes(const CommunesSettings &c) {
    std::map<std::string, std::string> out;
    if (!c.changes) {
        return out;
    }
    const io::CsvTable csv = io::read_table(*c.changes);
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

Columns join_table(const TableSettings &t, const TableData &data, const model::AreaSet &areas,
                   const std::map<std::string, std::string> &changes,
                   const std::set<std::string> &outside, core::IssueLog &log) {
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
        if (it == areas.index.end() && outside.count(code)) {
            log.add("indicator_rows_outside_study:" + t.id,
                    "rows of " + t.source.context + " for " + areas.id +
                        " outside the study, left out",
                    code);
            continue;
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
    Columns out;
    for (std::size_t k = 0; k < data.columns.size(); ++k) {
        out.emplace_back(data.columns[k], std::move(joined[k]));
    }
    return out;
}

AlignResult run_align_levels(const AlignSettings &settings, const AlignInputs &in,
                             StageContext &ctx) {
    AlignResult out;
    const auto &communes = in.communes.communes;
    out.levels.reserve(settings.levels.size());
    out.memberships.resize(settings.levels.size());
    Previous built;
    Outside outside;
    for (const auto &code : in.communes.outside.codes) {
        outside["communes"].insert(code);
    }
    for (std::size_t l = 0; l < settings.levels.size(); ++l) {
        out.levels.push_back(
            build_level(settings.levels[l], in.communes, built, outside, out.memberships[l], ctx));
        built[settings.levels[l].id] = {&out.levels.back(), &out.memberships[l]};
    }
    const auto changes = read_changes(*settings.communes);
    for (std::size_t t = 0; t < settings.tables.size(); ++t) {
        AreaSet *level = nullptr;
        for (auto &lv : out.levels) {
            if (lv.id == settings.tables[t].level) {
                level = &lv;
            }
        }
        auto columns = level ? join_table(settings.tables[t], in.tables[t], *level, {},
                                          outside[level->id], ctx.log)
                             : join_table(settings.tables[t], in.tables[t], communes, changes,
                                          outside["communes"], ctx.log);
        auto &target = level ? level->indicators : out.commune_indicators;
        for (auto &c : columns) {
            target.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace hublo::stages
