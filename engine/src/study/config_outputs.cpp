// The study file's [outputs]: which files, in which formats, and the monographs.
#include "study/config_section.hpp"

#include <algorithm>

namespace hublo::study::detail {

void parse_outputs(const Section &top, const ParseContext &pc, StudyConfig &cfg) {
    const auto &origin = pc.origin;
    cfg.outputs.dir = std::filesystem::path("hublo-out") / cfg.id;
    const auto *t = top.table("outputs");
    if (!t) {
        return;
    }
    const Section s(*t, "[outputs]", origin,
                    {"dir", "decimals", "geojson", "geojsonseq", "geopackage", "csv", "csv_dialect",
                     "csv_decimals", "network", "report", "report_simplify_m", "monographs",
                     "monograph_areas"});
    if (s.has("dir")) {
        cfg.outputs.dir = s.str("dir");
    }
    cfg.outputs.decimals = s.integer("decimals", cfg.outputs.decimals);
    if (cfg.outputs.decimals < 0 || cfg.outputs.decimals > 15) {
        s.fail("decimals", "must be within 0..15 (6 gives about 0.1 m)");
    }
    cfg.outputs.geojson = s.boolean("geojson", cfg.outputs.geojson);
    cfg.outputs.geojsonseq = s.boolean("geojsonseq", cfg.outputs.geojsonseq);
    cfg.outputs.geopackage = s.boolean("geopackage", cfg.outputs.geopackage);
    cfg.outputs.csv = s.boolean("csv", cfg.outputs.csv);
    if (s.has("csv_dialect")) {
        try {
            cfg.outputs.csv_dialect = io::CsvDialect::named(s.str("csv_dialect"));
        } catch (const Error &) {
            s.fail("csv_dialect", "must be \"international\" or \"fr\" (';', decimal comma, "
                                  "byte-order mark)");
        }
    }
    cfg.outputs.csv_dialect.decimals = s.integer("csv_decimals", 4);
    if (cfg.outputs.csv_dialect.decimals < -1 || cfg.outputs.csv_dialect.decimals > 15) {
        s.fail("csv_decimals", "must be within 0..15 (4 by default), or -1 for every digit");
    }
    cfg.outputs.network = s.boolean("network", cfg.outputs.network);
    cfg.outputs.monographs = s.str("monographs");
    if (!cfg.outputs.monographs.empty() &&
        std::none_of(cfg.levels.begin(), cfg.levels.end(),
                     [&](const auto &l) { return l.id == cfg.outputs.monographs; })) {
        s.fail("monographs", "'" + cfg.outputs.monographs +
                                 "' is not a level of the study; name one of its [[levels]] ids "
                                 "(e.g. \"bassins\")");
    }
    if (s.has("monograph_areas")) {
        cfg.outputs.monograph_areas = s.str_list("monograph_areas");
    }
    cfg.outputs.report = s.boolean("report", cfg.outputs.report);
    cfg.outputs.report_simplify_m = s.number("report_simplify_m", cfg.outputs.report_simplify_m);
    if (!(cfg.outputs.report_simplify_m >= 0)) {
        s.fail("report_simplify_m", "is a tolerance in metres, 0 or more (100 for a region)");
    }
}

} // namespace hublo::study::detail
