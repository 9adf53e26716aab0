#include "stages/load_communes.hpp"

#include "io/text.hpp"

namespace hublo::stages {

using algorithms::geometry::MultiPolygon;

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
    model::AreaSet &communes = out.communes;
    communes.id = "communes";
    communes.label = "Communes";
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const std::string code = io::normalise_code(layer.values[i][c_code], settings.code_width);
        const std::string where = layer.source + ": feature " + std::to_string(layer.fids[i]);
        if (code.empty()) {
            throw Error(ErrorKind::data, where + " has an empty " + settings.code +
                                             "; every commune needs its Insee code");
        }
        if (communes.index.count(code)) {
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
    layer.polygons.clear();
    layer.polygons.shrink_to_fit();
    return out;
}

} // namespace hublo::stages
