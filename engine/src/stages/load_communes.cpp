#include "stages/load_communes.hpp"

#include "core/strings.hpp"
#include "io/text.hpp"

#include <algorithm>

namespace hublo::stages {

using algorithms::geometry::MultiPolygon;

namespace {
/// The département part of a commune or IRIS code: 2 characters, 3 overseas (97x).
std::string departement_of(const std::string &code) {
    return code.substr(0, code.starts_with("97") ? 3 : 2);
}
} // namespace

bool CommunesResult::outside_study(const std::string &code) const {
    if (subset_departements.empty()) {
        return false;
    }
    return outside.index.count(code) > 0 ||
           (!communes.index.count(code) && !subset_departements.count(departement_of(code)));
}

CommunesResult run_load_communes(const CommunesSettings &settings, StageContext &ctx) {
    io::VectorSource source = settings.source;
    source.max_vertices = settings.max_vertices;
    CommunesResult out;
    out.attributes = io::read_vector(source, ctx.crs, io::GeometryKind::polygons);
    auto &layer = out.attributes;
    auto &log = ctx.log;
    const auto c_code = layer.require_field(settings.code, "[communes] code");
    const auto c_name = layer.optional_field(settings.name, "[communes] name");
    log.add_count("commune_degenerate_rings",
                  "rings of fewer than 4 distinct positions in the commune layer, dropped",
                  layer.degenerate_rings, {});
    const auto c_keep = layer.optional_field(settings.keep_field, "[communes] keep field");
    model::AreaSet &communes = out.communes;
    communes.id = "communes";
    communes.label = "Communes";
    out.outside.id = "communes";
    out.outside.label = "Communes outside the study";
    std::vector<bool> keep(layer.size(), true);
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const std::string code = io::normalise_code(layer.values[i][c_code], settings.code_width);
        const std::string where = layer.source + ": feature " + std::to_string(layer.fids[i]);
        if (code.empty()) {
            throw Error(ErrorKind::data, where + " has an empty " + settings.code +
                                             "; every commune needs its Insee code");
        }
        if (c_keep && std::find(settings.keep_values.begin(), settings.keep_values.end(),
                                std::string(io::trim(layer.values[i][*c_keep]))) ==
                          settings.keep_values.end()) {
            keep[i] = false;
            out.outside.add(code, c_name ? layer.values[i][*c_name] : std::string());
            out.outside.geoms.push_back(std::move(layer.polygons[i]));
            out.outside_values.push_back(std::move(layer.values[i]));
            continue;
        }
        if (communes.index.count(code) || out.outside.index.count(code)) {
            throw Error(ErrorKind::data, where + ": commune code " + code +
                                             " appears twice; keep one feature per commune "
                                             "(dissolve the layer by " +
                                             settings.code + ")");
        }
        MultiPolygon g = std::move(layer.polygons[i]);
        if (g.empty()) {
            throw Error(ErrorKind::data,
                        where + " (" + code + ") has no geometry; every commune needs its polygon");
        }
        std::string reason;
        if (!ctx.geos.is_valid(g, &reason)) {
            if (!settings.repair) {
                throw Error(ErrorKind::data, where + " (" + code + ") is not a valid polygon (" +
                                                 reason +
                                                 "); fix it, or set [communes] invalid = "
                                                 "\"repair\" to make it valid with GEOS");
            }
            g = ctx.geos.make_valid(g);
            log.add("commune_geometry_repaired", "commune polygons made valid (GEOS MakeValid)",
                    code + " (" + reason + ")");
        }
        communes.add(code, c_name ? layer.values[i][*c_name] : std::string());
        communes.geoms.push_back(std::move(g));
        communes.geometry_origin.emplace_back("layer");
    }
    if (c_keep) {
        if (communes.size() == 0) {
            throw Error(ErrorKind::input,
                        layer.source + ": no commune has " + settings.keep_field + " in [" +
                            core::join(settings.keep_values, ", ") +
                            "]; check [communes] keep (values are text, e.g. \"37\" or \"05\")");
        }
        for (const auto &code : communes.codes) {
            out.subset_departements.insert(departement_of(code));
        }
        // The layer keeps the study's communes only: feature i is commune i.
        std::size_t w = 0;
        for (std::size_t i = 0; i < keep.size(); ++i) {
            if (keep[i] && w != i) {
                layer.values[w] = std::move(layer.values[i]);
                if (i < layer.is_null.size()) {
                    layer.is_null[w] = std::move(layer.is_null[i]);
                }
                if (i < layer.fids.size()) {
                    layer.fids[w] = layer.fids[i];
                }
            }
            if (keep[i]) {
                ++w;
            }
        }
        layer.values.resize(w);
        layer.is_null.resize(std::min(w, layer.is_null.size()));
        layer.fids.resize(std::min(w, layer.fids.size()));
    }
    layer.polygons.clear();
    layer.polygons.shrink_to_fit();
    return out;
}

} // namespace hublo::stages
