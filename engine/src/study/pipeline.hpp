// The study pipeline: load -> align -> risk -> network -> travel times -> outputs.
#pragma once

#include "geom/geos.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "model/layer.hpp"
#include "study/config.hpp"

#include <string>
#include <vector>

namespace hublo::study {

/// Loads and aligns every input, computes the risk and (unless options.travel_times is
/// false) the travel-time stages; when `write` is true, also writes the outputs to
/// `options.output_dir` (or the study's), atomically. Issues go into the summary.
/// What the C API keeps of a run besides its summary.
struct RunProducts {
    std::vector<model::Layer> layers; ///< in the study CRS
    std::string summary_json;         ///< summary.json's text (also when nothing is written)
};

RunSummary execute(const StudyConfig &config, const RunOptions &options, bool write,
                   RunProducts *products = nullptr);

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
                                      const OutputsConfig &outputs, unsigned threads);

} // namespace hublo::study
