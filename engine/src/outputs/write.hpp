// Writing a run's outputs: each layer as GeoJSON (and GeoJSON sequence) in WGS84 rounded to
// the output decimals, CSV, the GeoPackage, the network tables and the map report, all into
// an io::OutputStage (temporary names, renamed when the whole run has succeeded).
#pragma once

#include "geom/geos.hpp"
#include "io/crs.hpp"
#include "io/writers.hpp"
#include "model/layer.hpp"
#include "outputs/report.hpp"
#include "outputs/results.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hublo::outputs {

/// The study file's [outputs].
struct OutputsSettings {
    std::filesystem::path dir;
    int decimals = 6;
    bool geojson = true;
    bool geojsonseq = false;
    bool geopackage = true;
    bool csv = true;
    /// "international" (default) or "fr"; reals rounded to 4 decimals unless csv_decimals
    io::CsvDialect csv_dialect{',', '.', false, 4};
    bool network = false; ///< also network_nodes.csv / network_edges.csv / network_seeds.csv
    bool report = true;   ///< report.html, the offline map
    double report_simplify_m = 100.0; ///< display simplification of the report's polygons
    /// A level's id: one page per area of it in monographs/ (empty: none).
    std::string monographs;
    std::vector<std::string> monograph_areas; ///< only these areas (empty: every one)
};

/// A layer as written: reprojected to WGS84 and rounded to `decimals` (valid polygons).
model::Layer output_layer(const model::Layer &layer, const io::Transformer &to_wgs84, int decimals,
                          geom::Geos &geos);

/// The text of each layer's GeoJSON, GeoJSON sequence and CSV files (those `outputs` asks
/// for; the others stay empty), made on `threads` threads: the same bytes whatever their
/// number. `crs` is the layers' CRS.
struct OutputTexts {
    std::string geojson, geojsonseq, csv;
};
std::vector<OutputTexts> output_texts(const std::vector<model::Layer> &layers, const io::Crs &crs,
                                      const OutputsSettings &outputs, unsigned threads);

/// The graph and the search seeds as CSV, for independent checks (networkx, scipy).
void write_network_tables(io::OutputStage &stage, const algorithms::network::Graph &g,
                          const stages::AccessResult &a);

/// The key figures of the report's side panel.
ReportFigures report_figures(const StudyResults &r);

/// Writes every file `settings` asks for into `stage` (summary.json aside), and always
/// dictionary.csv (`dictionary`, also a table of the GeoPackage).
void write_outputs(io::OutputStage &stage, const OutputsSettings &settings,
                   const ReportSettings &report, const std::vector<model::Layer> &layers,
                   const model::Layer &dictionary, const StudyResults &r, const io::Crs &crs,
                   unsigned threads, geom::Geos &geos);

} // namespace hublo::outputs
