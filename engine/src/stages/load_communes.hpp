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
#include <set>
#include <string>
#include <vector>

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
    /// A subset: only the communes whose `keep_field` is one of `keep_values` (e.g. DEP in
    /// ["37"]) are the study's; the others are read as outside it. Empty field: every commune.
    std::string keep_field;
    std::vector<std::string> keep_values;
};

struct CommunesResult {
    model::AreaSet communes; ///< in the layer's order, with their polygons
    /// The layer's attributes per commune (feature i is commune i); its polygons moved out.
    io::VectorLayer attributes;
    /// The communes of the layer left out by [communes] keep, with their polygons (places
    /// located there are outside the study, rows of tables under their codes are expected).
    model::AreaSet outside;
    /// Their attributes, per commune of `outside`, per field of `attributes`.
    std::vector<std::vector<std::string>> outside_values;
    /// The départements of the study's communes (the first 2 characters of their codes, 3
    /// overseas), when [communes] keep made a subset; empty otherwise.
    std::set<std::string> subset_departements;

    /// Whether a commune or IRIS code lies outside the study: a commune left out by
    /// [communes] keep, or (a subset only) a code of another département. Always false
    /// without [communes] keep.
    [[nodiscard]] bool outside_study(const std::string &code) const;
};

/// Reads the communes. Throws Error (data) on an empty or duplicate code, a missing
/// geometry, or an invalid polygon when settings.repair is false.
CommunesResult run_load_communes(const CommunesSettings &settings, StageContext &ctx);

} // namespace hublo::stages
