// A fast, deterministic RFC 7946 GeoJSON writer.
//
// Guarantees: coordinates are lon/lat in WGS84 as given (the caller reprojects), written
// with `decimals` digits after the point and trailing zeros removed; exterior rings are
// counter-clockwise and holes clockwise (RFC 7946 §3.1.6), rings closed, consecutive
// duplicate positions left by rounding removed; no `crs` member; a `bbox` member is not
// written. Same layer, same options: same bytes.
#pragma once

#include "model/layer.hpp"

#include <filesystem>
#include <string>

namespace hublo::io {

struct GeoJsonOptions {
    int decimals = 6;           ///< 0..15 digits after the point for coordinates
    bool text_sequence = false; ///< RFC 8142: one feature per line, each after an RS byte
};

/// Appends the layer, as a FeatureCollection or a text sequence, to `out`.
/// The layer's geometries must be lon/lat degrees.
void write_geojson(const model::Layer &layer_lonlat, const GeoJsonOptions &options,
                   std::string &out);

/// write_geojson in pieces, for writing a layer's features on several threads: the head,
/// then the features [from, to) of each range in order, then the tail, make exactly
/// write_geojson's bytes.
void write_geojson_head(const model::Layer &layer_lonlat, const GeoJsonOptions &options,
                        std::string &out);
void write_geojson_features(const model::Layer &layer_lonlat, const GeoJsonOptions &options,
                            std::size_t from, std::size_t to, std::string &out);
void write_geojson_tail(const GeoJsonOptions &options, std::string &out);

/// Appends a JSON string literal (quotes, backslashes and control characters escaped;
/// bytes that are not well-formed UTF-8 become U+FFFD, so the text is always valid JSON).
void append_json_string(std::string &out, std::string_view s);

/// Appends a number: integers without a point, other reals in their shortest exact form,
/// non-finite values as null.
void append_json_number(std::string &out, double v);
/// The same, as a string: json_number(30) is "30", json_number(7.5) is "7.5".
std::string json_number(double v);

} // namespace hublo::io
