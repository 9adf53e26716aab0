// hublo C++ facade: open a coverage study of digital mediation, check its inputs, run it.
//
// Thread safety: a Study is used by one thread at a time; distinct Study objects are
// independent. No GDAL, GEOS or PROJ type appears here: they stay inside the library.
#pragma once

#include "hublo/error.hpp"
#include "hublo/export.h"
#include "hublo/results.hpp"
#include "hublo/version.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hublo {

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
    /// Threads for the run; 0: the study's [access] threads (itself 0: every core). The
    /// outputs do not depend on it.
    unsigned threads = 0;
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
    /// Of `places`, those in communes left out by [communes] keep: kept for travel times,
    /// in no figure of the study's areas.
    std::size_t places_outside_study = 0;
    std::string demand_kind; ///< of the deserts stage ("people_at_risk"...), or ""
    std::vector<DesertZone> deserts;
    std::vector<SitingPick> siting;
    double covered_share_before = 0.0; ///< demand within [siting] minutes of a place today
    double siting_minutes = 0.0;
    std::string siting_objective;    ///< [siting] objective: "cover" or "worst_served"
    std::string siting_travel;       ///< [siting] travel: "car" or "no_car"
    SitingExactSummary siting_exact; ///< with [siting] exact = true
    TourSummary tour;                ///< with [tour]
};

/// What `Study::compare` runs: the study's [[scenarios]] beside the study as it is.
struct CompareOptions {
    std::vector<std::string> scenarios; ///< ids; empty: every [[scenarios]] entry
    /// Output folder (compare/ is written in it); empty: the study's [outputs] dir.
    std::filesystem::path output_dir;
    unsigned threads = 0; ///< 0: the study's [access] threads
    /// Called before each run with the scenario's id ("" for the study as it is).
    std::function<void(const std::string &)> on_scenario;
};

/// The region's figures of one run of a comparison.
struct ScenarioTotals {
    std::string id, label; ///< "" and "as it is" for the study itself
    std::size_t places = 0, desert_communes = 0, desert_zones = 0;
    double at_risk = 0.0;            ///< expected people at risk (demand)
    double at_risk_far = 0.0;        ///< of them, beyond far_min by car of any place
    double at_risk_in_deserts = 0.0; ///< of them, in desert communes
    double help_hours_per_1000 = 0.0;
    /// With [no_car]: the people at risk without a car, those far from help by every mode
    /// (no_car_far), and by each [[modes]] entry those beyond far_min of a place open
    /// [no_car] open_hours ("walk", "bike"...).
    double at_risk_no_car = 0.0, at_risk_no_car_far = 0.0;
    std::vector<std::pair<std::string, double>> no_car_far_by_mode;
    /// Communes whose desert status, reason or minutes to the nearest place changed.
    std::size_t communes_changed = 0;
};

/// What `Study::compare` found and wrote.
struct CompareSummary {
    std::filesystem::path output_dir;
    double far_min = 20.0;
    ScenarioTotals base;
    std::vector<ScenarioTotals> scenarios;
    std::vector<std::string> files; ///< relative to output_dir
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

/// A layer of a run as it is written: WGS84, rounded to the study's [outputs] decimals.
/// Holds its own copy: valid after the Study that made it is gone. Thread safety: const
/// methods may be called from several threads at once.
class HUBLO_API Layer {
public:
    enum class FieldType { string, integer, real };
    /// A cell: null, text, integer or real.
    using Value = std::variant<std::monostate, std::string, std::int64_t, double>;

    Layer(Layer &&) noexcept;
    Layer &operator=(Layer &&) noexcept;
    ~Layer();

    [[nodiscard]] const std::string &name() const;
    [[nodiscard]] std::size_t feature_count() const;
    [[nodiscard]] std::size_t field_count() const;
    /// Throws Error (input) when `field` >= field_count().
    [[nodiscard]] const std::string &field_name(std::size_t field) const;
    [[nodiscard]] FieldType field_type(std::size_t field) const;
    /// The cell of (feature, field); throws Error (input) outside the layer.
    [[nodiscard]] const Value &value(std::size_t feature, std::size_t field) const;
    /// The feature's geometry as little-endian WKB (Point, LineString or MultiPolygon,
    /// lon/lat); throws
    /// Error (input) outside the layer or for a layer without geometry.
    [[nodiscard]] std::string wkb(std::size_t feature) const;
    /// The layer as an RFC 7946 FeatureCollection.
    [[nodiscard]] std::string geojson() const;

private:
    friend class Study;
    friend class Network;
    struct Impl;
    explicit Layer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// A study's road network, loaded once and queried many times. Thread safety: const methods
/// may be called from several threads at once.
class HUBLO_API Network {
public:
    Network(Network &&) noexcept;
    Network &operator=(Network &&) noexcept;
    ~Network();

    /// Junctions of the routable graph (its largest strongly connected component).
    [[nodiscard]] std::size_t node_count() const;
    /// One feature per origin and threshold (request.output is not used). Throws Error
    /// (input) on bad thresholds or no origin, (data) on an origin off the network.
    [[nodiscard]] Layer isochrones(const IsochroneRequest &request) const;
    /// Minutes from each point to the nearest origin (NaN: unreachable), points and origins
    /// as lon, lat pairs in WGS84 degrees.
    [[nodiscard]] std::vector<double> nearest_minutes(std::span<const double> origins_lonlat,
                                                      std::span<const double> points_lonlat,
                                                      unsigned threads = 0) const;

private:
    friend class Study;
    struct Impl;
    explicit Network(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
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
    /// threshold, with the people of the study's demand points inside each band (and their
    /// demand at risk with a [risk] stage), written as GeoJSON to request.output (which must
    /// end in .geojson or .json). Returns the number of features.
    std::size_t isochrones(const IsochroneRequest &request) const;

    /// Whether the study file configures a stage: "network" ([network]) or "risk" ([risk]).
    [[nodiscard]] bool has_stage(std::string_view stage) const;

    /// Applies one more "section.key=value" setting (as open()'s overrides). Throws Error
    /// (input) on a bad setting, leaving the study as it was.
    void set(const std::string &setting);
    /// The study's road network, loaded now. Throws Error (input) without [network].

    [[nodiscard]] Network network() const;

    /// Whether a check() or run() has completed (the last one, if it failed, clears it).
    [[nodiscard]] bool has_run() const;
    /// The layers of the last check() or run(), in order; empty before one. Valid until the
    /// next check() or run().
    [[nodiscard]] const std::vector<std::string> &layer_names() const;
    /// A layer of the last check() or run(); throws Error (input) naming the layers when
    /// there is none of that name (or no run yet).
    [[nodiscard]] Layer layer(std::string_view name) const;
    /// summary.json's text of the last check() or run(); "" before one.
    [[nodiscard]] const std::string &summary_json() const;

    /// Reads and aligns every input, reports mismatches, writes nothing.
    RunSummary check(const RunOptions &options = {});
    /// Runs every stage and writes the outputs. Files are written under temporary names and
    /// renamed when complete; on error nothing in the output folder is changed.
    RunSummary run(const RunOptions &options = {});
    /// Runs the study and its [[scenarios]] and writes what changes per commune and per
    /// level to compare/ (atomically); the study's other outputs are not written. Throws
    /// Error (input) naming the scenario when one of its settings is wrong, or when
    /// options.scenarios names no [[scenarios]] entry.
    CompareSummary compare(const CompareOptions &options = {});

private:
    struct Impl;
    explicit Study(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The bundled default study (Centre-Val de Loire): $HUBLO_DATA_DIR, then the installed
/// share/hublo/datasets, then the source tree it was built from.
HUBLO_API std::filesystem::path default_study_path();

/// The values RunOptions::stage takes: "all", "risk", "access", "isochrones", "deserts",
/// "siting".
HUBLO_API const std::vector<std::string> &stage_names();

/// What `measure_circuity` measures: an OSM extract read with a profile.
struct CircuityRequest {
    std::filesystem::path osm_file;
    std::string profile = "walk"; ///< "walk", "bike" or "car"
    std::string crs;              ///< metric CRS; "": the extract's UTM zone
    std::size_t origins = 200;    ///< random origins, one search each
    std::size_t per_origin = 10;  ///< random destinations per origin
    double min_straight_m = 200.0;
    std::uint64_t seed = 1;
    double factor = 0.0; ///< the factor whose error is reported; 0: each sample's median
};

/// The ratio network / straight-line distance, its spread and the error of "straight line x
/// factor", on random node pairs and from random nodes to the nearest OSM amenity of the
/// kinds people go to for help (town hall, post office, library, community or social
/// centre, school), or when the extract has none, to the nearest village or neighbourhood
/// centre (place=town|village|hamlet|suburb|neighbourhood).
struct CircuityReport {
    struct Sample {
        std::size_t pairs = 0;
        double median = 0, mean = 0, p10 = 0, p90 = 0; ///< of the ratio
        double factor = 0;                             ///< whose error follows
        double error_median = 0, error_p90 = 0;        ///< relative to the network distance
        double error_median_m = 0, error_p90_m = 0;
        double straight_median_m = 0;
    };
    std::string crs;
    std::size_t nodes = 0, places = 0;
    std::string places_are; ///< "amenities" or "village and neighbourhood centres"
    Sample random_pairs, homes_to_places;
};

/// Throws Error (input) on a missing file or bad profile, (data) when it holds no way for
/// the profile.
HUBLO_API CircuityReport measure_circuity(const CircuityRequest &request);

/// What `inspect_transit` reads and asks: GTFS feeds, a service day, and optionally
/// earliest-arrival queries from stops (`hublo transit`).
struct TransitRequest {
    std::vector<std::filesystem::path> feeds; ///< .zip or folders
    std::string date;                         ///< "2026-03-10"
    std::string crs;           ///< metric CRS for the walks; "": the first stop's UTM zone
    double transfer_m = 300.0; ///< stops this close are linked by a walk (0: transfers.txt only)
    double walk_kmh = 4.5, walk_circuity = 1.5;
    int max_transfers = 3;
    /// Queries: a CSV with columns from_stop_id and depart (H:MM:SS); "" for none.
    std::filesystem::path queries;
};

/// What was read, the day's timetable, and the answers to the queries.
struct TransitReport {
    std::size_t feeds = 0, agencies = 0, routes = 0, stops = 0, located_stops = 0;
    std::size_t services_on_date = 0, trips_on_date = 0, raptor_routes = 0, footpaths = 0;
    std::string date, weekday, covers, crs;
    std::vector<Issue> issues; ///< the feeds' defects, counted
    struct Arrival {
        std::size_t query = 0; ///< 1-based row of the queries file
        std::string stop_id;   ///< "feed-index:stop_id" when there are several feeds
        std::int32_t arrival_s = 0;
        int vehicles = 0;
    };
    std::vector<Arrival> arrivals; ///< every stop reached by each query, in stop order
};

/// Reads the feeds and answers the queries (RAPTOR, footpaths chained). Throws Error (input)
/// on a missing feed or bad date, (data) on a broken feed or a day without service.
HUBLO_API TransitReport inspect_transit(const TransitRequest &request);

/// "MAJOR.MINOR.PATCH" of the library actually loaded.
HUBLO_API const char *version();

} // namespace hublo
