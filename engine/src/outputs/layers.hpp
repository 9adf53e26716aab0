// The output layers of a run, in the study CRS, made from the stages' results only:
// communes, places, one layer per level, then isochrones, per-place isochrones, desert zones
// and proposed places when their stages ran.
#pragma once

#include "model/layer.hpp"
#include "outputs/results.hpp"

#include <vector>

namespace hublo::outputs {

/// The layers in the order they are written. Throws Error (input) when a joined table
/// column is named like one of hublo's own (outputs/fields.hpp).
std::vector<model::Layer> build_layers(const LayerSettings &settings, const StudyResults &r);

} // namespace hublo::outputs
