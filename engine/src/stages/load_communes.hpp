// Stage "load communes": the commune layer read into the study CRS, one polygon per Insee
// code, invalid polygons made valid (or refused), with the layer's attributes kept for the
// stages that read them (levels by attribute, population from a field).
#pragma once

#include "io/csv.hpp"
#include "io/vector.hpp"
#include "model/areas.hpp"
#include "stages/context.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace hublo::stages {

/// The study file's [communes]: the commune layer and how to read its codes.
struct CommunesSettings {
    io::VectorSource source;
    std::string code = "code";
    std::string name;
    int code_width = 0;
    bool repair = true; ///< invalid polygons: true, made valid and counted; false, an error
    std::size_t max_vertices = 1000000; ///< per commune polygon (memory bound)
    /// Former codes -> current codes (Insee's table of commune changes): table rows under a
    /// former code join the current commune.
    std::optional<io::TableSource> changes;
    std::string changes_from, changes_to;
};

struct CommunesResult {
    model::AreaSet communes; ///< in the layer's order, with their polygons
    /// The layer's attributes per commune (feature i is commune i); its polygons moved out.
    io::VectorLayer attributes;
};

/// Reads the communes. Throws Error (data) on an empty or duplicate code, a missing
/// geometry, or an invalid polygon when settings.repair is false.
CommunesResult run_load_communes(const CommunesSettings &settings, StageContext &ctx);

} // namespace hublo::stages
