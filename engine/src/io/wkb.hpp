// Well-known binary (OGC Simple Features, ISO 19125) of a layer's geometries.
#pragma once

#include "model/layer.hpp"

#include <cstddef>
#include <string>

namespace hublo::io {

/// The geometry of `feature` as little-endian WKB: a Point for point layers, a MultiPolygon
/// for polygon layers. `feature` must be below layer.size() and the layer have geometries.
std::string write_wkb(const model::Layer &layer, std::size_t feature);

} // namespace hublo::io
