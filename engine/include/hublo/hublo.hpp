// hublo C++ facade: open a coverage study of digital mediation, check its inputs, run it.
//
// Thread safety: a Study is used by one thread at a time; distinct Study objects are
// independent. No GDAL, GEOS or PROJ type appears here: they stay inside the library.
#pragma once

#include "hublo/export.h"
#include "hublo/version.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hublo {

/// What went wrong, in ranges that the C API will mirror (as PROJ's PROJ_ERR_*).
enum class ErrorKind {
    input = 1,       ///< a file, path, setting or column named by the user is wrong
    data = 2,        ///< the data itself is unusable (empty, duplicate codes, no CRS...)
    computation = 3, ///< a stage failed on valid data
    internal = 4,    ///< a bug: please report it
    interrupted = 5, ///< RunOptions::interrupted asked to stop; nothing was written
};

/// The only exception type the library throws. what() is one line: the file (and line or
/// feature) at fault, what is wrong, and the fix.
class HUBLO_API Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string &message) : std::runtime_error(message), kind_(kind) {}
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

/// A counted mismatch found while aligning the inputs (codes that do not join, places
/// outside every commune...), with a few examples. Not an error: the run goes on.
struct Issue {
    std::string kind;    ///< stable identifier, e.g. "indicator_code_unknown"
    std::string message; ///< one line for people
    std::size_t count = 0;
    std::vector<std::string> examples; ///< at most 5
};

/// Progress of a long stage; `done` of `total` units of the stage named `stage`.
struct Progress {
    std::string_view stage;
    std::size_t done = 0;
    std::size_t total = 0;
};

struct RunOptions {
    /// Output folder; empty: the study's [outputs] dir, relative to the working directory.
    std::filesystem::path output_dir;
    /// Called from the running thread; may be empty.
    std::function<void(const Progress &)> on_progress;
    /// false: skip the road network and travel times even when the study has them (the
    /// `hublo risk` command computes the risk stage alone).
    bool travel_times = true;
    /// Polled between stages and between places; returning true stops the run with an
    /// Error of kind `interrupted`, leaving the previous outputs as they were.
    std::function<bool()> interrupted;
    /// The last stage to compute: "" or "all" (everything the study configures), "risk",
    /// "access", "isochrones", "deserts" or "siting". Throws Error (input) otherwise.
    std::string stage;
};

/// Counts of one output layer.
struct LayerInfo {
    std::string name;
    std::size_t features = 0;
};

/// A digital-desert zone: adjacent desert communes, ranked by their demand at risk.
struct DesertZone {
    int rank = 0;
    std::string id;   ///< "D01", "D02"... in rank order
    std::string name; ///< the most populated commune's name
    std::size_t communes = 0;
    double population = 0.0;
    double demand = 0.0;        ///< people at risk (or risk-weighted people)
    double time_mean_min = 0.0; ///< population-weighted, to the nearest place
    double time_max_min = 0.0;  ///< of its worst commune
    double accessibility = 0.0; ///< E2SFCA, demand-weighted, per [accessibility] per
    std::string nearest_places; ///< the nearest places of its people, most used first
};

/// A proposed new place, in the order the greedy covering picked it.
struct SitingPick {
    int rank = 0;
    std::string id, name, commune;
    double gain = 0.0;          ///< demand at risk newly within [siting] minutes
    double covered_share = 0.0; ///< of all demand, after this pick
};

/// What a check or a run found and did.
struct RunSummary {
    std::string study_id;
    std::filesystem::path output_dir; ///< empty for a check
    std::vector<std::string> files;   ///< written files, relative to output_dir
    std::vector<LayerInfo> layers;
    std::vector<Issue> issues;
    std::vector<std::pair<std::string, double>> stage_seconds;
    /// Parts of some stages, e.g. "travel times: catchments" (summary.json timings_detail_s).
    std::vector<std::pair<std::string, double>> stage_detail_seconds;
    double population = 0.0; ///< study population (communes with a value)
    std::size_t communes = 0;
    std::size_t places = 0;        ///< after merging duplicates
    std::size_t place_records = 0; ///< before merging
    std::string demand_kind;       ///< of the deserts stage ("people_at_risk"...), or ""
    std::vector<DesertZone> deserts;
    std::vector<SitingPick> siting;
    double covered_share_before = 0.0; ///< demand within [siting] minutes of a place today
    double siting_minutes = 0.0;
};

/// A point of `Study::isochrones`, in WGS84 degrees.
struct IsochroneOrigin {
    double lon = 0.0;
    double lat = 0.0;
    std::string id;   ///< written as the feature's `origin`; "" gives its 1-based rank
    std::string name; ///< optional
};

/// What `Study::isochrones` computes. The raster (cell_m, max_offroad_m), denoise and
/// generalize settings come from the study's [isochrones] section, or its defaults.
struct IsochroneRequest {
    std::vector<IsochroneOrigin> origins;
    /// More origins: a CSV with lon/lat columns (lon, lng, longitude, x / lat, latitude, y;
    /// optional id and name) or a point layer GDAL reads (GeoJSON, GeoPackage...).
    std::filesystem::path origins_file;
    std::vector<double> minutes = {10.0, 20.0, 30.0}; ///< strictly increasing, above 0
    bool to_origin = false; ///< false: from the origin; true: from where one reaches it
    std::string bands;      ///< "cumulative" or "disjoint"; "": the study's setting
    std::filesystem::path output = "isochrones.geojson";
    unsigned threads = 0; ///< 0: all cores; the output does not depend on it
};

/// A study: the inputs and parameters of one study file. Loading is lazy: check() and run()
/// read the inputs.
class HUBLO_API Study {
public:
    /// Parses a study file; relative paths in it resolve against its folder.
    /// Throws Error (input) on a missing file, bad TOML or unknown key (with a suggestion).
    static Study open(const std::filesystem::path &study_file);
    /// As open(), with "section.key=value" settings applied over the file (value in TOML
    /// syntax; a bare word is a string), e.g. {"access.catchment_min=20"}.
    static Study open(const std::filesystem::path &study_file,
                      const std::vector<std::string> &overrides);
    /// Parses study text; relative paths resolve against `base_dir`.
    static Study from_string(std::string_view toml, const std::filesystem::path &base_dir);

    Study(Study &&) noexcept;
    Study &operator=(Study &&) noexcept;
    ~Study();

    [[nodiscard]] const std::string &id() const;
    [[nodiscard]] const std::string &name() const;
    /// Isochrones from origins on the study's road network: one feature per origin and
    /// threshold, written as GeoJSON to request.output. Returns the number of features.
    std::size_t isochrones(const IsochroneRequest &request) const;

    /// Whether the study file configures a stage: "network" ([network]) or "risk" ([risk]).
    [[nodiscard]] bool has_stage(std::string_view stage) const;

    /// Reads and aligns every input, reports mismatches, writes nothing.
    RunSummary check(const RunOptions &options = {});
    /// Runs every stage and writes the outputs. Files are written under temporary names and
    /// renamed when complete; on error nothing in the output folder is changed.
    RunSummary run(const RunOptions &options = {});

private:
    struct Impl;
    explicit Study(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The bundled default study (Centre-Val de Loire): $HUBLO_DATA_DIR, then the installed
/// share/hublo/datasets, then the source tree it was built from.
HUBLO_API std::filesystem::path default_study_path();

/// "MAJOR.MINOR.PATCH" of the library actually loaded.
HUBLO_API const char *version();

} // namespace hublo
