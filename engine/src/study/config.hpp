// The study file (TOML): every input, the study CRS, per-stage parameters and outputs.
//
// The format is documented in docs/study-file.md. Unknown keys are errors with the closest
// valid key suggested; relative paths resolve against the study file's folder.
#pragma once

#include "io/csv.hpp"
#include "io/vector.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hublo::study {

/// A tabular input (CSV or JSON).
struct TableSource {
    std::filesystem::path path;
    std::string delimiter; ///< "" detect; or one character
    std::string encoding;  ///< "" detect; "utf-8" or "latin-1"
    int code_width = 0;    ///< left-pad digit-only codes to this width (0: keep)
    std::string context;
};

struct CommunesConfig {
    io::VectorSource source;
    std::string code = "code";
    std::string name;
    int code_width = 0;
    bool repair = true; ///< invalid polygons: true, made valid and counted; false, an error
    std::size_t max_vertices = 1000000; ///< per commune polygon (memory bound)
    /// Former codes -> current codes (Insee's table of commune changes): table rows under a
    /// former code join the current commune.
    std::optional<TableSource> changes;
    std::string changes_from, changes_to;
};

/// A custom zoning given as a mapping table (e.g. the regional hub's groupings of EPCI).
struct MappingConfig {
    TableSource table;
    std::string from = "communes"; ///< level whose codes the table maps: "communes" or a level id
    std::string from_code;         ///< column holding those codes
    std::string code;              ///< column holding the zone code
    std::string name;              ///< column holding the zone name (optional)
};

/// A table giving the names of a level's areas by code (e.g. département names).
struct NamesConfig {
    TableSource table;
    std::string code;
    std::string name;
};

/// An aggregated level above communes: EPCI, bassins de vie, départements, custom zonings.
struct LevelConfig {
    std::string id;
    std::string label;
    std::string commune_field;             ///< parent code in the commune layer (attribute levels)
    std::string commune_name_field;        ///< parent name in the commune layer (optional)
    std::optional<io::VectorSource> layer; ///< own geometry; none: dissolve the communes
    std::string layer_code;
    std::string layer_name;
    std::optional<MappingConfig> mapping; ///< custom zoning instead of commune_field
    std::optional<NamesConfig> names;     ///< names by code, where the other sources have none
    int line = 0;
};

enum class OnDuplicate { error, first, identical };

/// An indicator table joined to a level by code.
struct IndicatorTable {
    std::string id;
    TableSource source;
    std::string level = "communes";
    std::string code;
    std::vector<std::string> columns; ///< empty: every column but the code
    std::string prefix;
    OnDuplicate on_duplicate = OnDuplicate::error;
};

struct PopulationConfig {
    std::string table; ///< indicator table id, or "" for a field of the commune layer
    std::string column;
};

/// A source of places of mediation.
struct PlaceSource {
    std::string id;
    std::string format; ///< france_services | conseiller_numerique_json | aidants_connect |
                        ///< mednum | csv
    TableSource source;
    std::string label; ///< label given to every place of this source
    /// Column overrides for the format's defaults: key -> column name
    /// (id, name, siret, address, postcode, commune_code, commune_name, lon, lat, labels).
    std::vector<std::pair<std::string, std::string>> columns;
};

/// The road network and the model of travel on and off it.
struct NetworkConfig {
    bool enabled = false;
    std::string format = "lines"; ///< "lines": any road-lines layer through OGR; "osm": .osm.pbf
    io::VectorSource source;      ///< the file (its layer and crs for "lines")
    std::string profile = "car";  ///< osm: car | bike | walk
    std::string class_field;      ///< lines: road class attribute, mapped by speeds_kmh
    std::vector<std::pair<std::string, double>> speeds_kmh;
    std::string speed_field;  ///< lines: a speed attribute in km/h instead of classes
    std::string oneway_field; ///< lines: yes/1/true/F = digitised direction only, -1/T = reverse
    double sinuosity = 1.0;   ///< length factor for roads drawn as straight segments
    double junction_tolerance_m = 1.0; ///< vertices closer than this are one junction
    double offroad_speed_kmh = 4.5;    ///< the leg between a point and the road
    double max_snap_m = 2000.0;        ///< points further from any road are unreachable
    /// Road classes that points cannot join directly (only through their junctions).
    std::vector<std::string> no_snap_classes = {"motorway", "motorway_link"};
};

/// Accessibility: demand points, thresholds and catchments.
struct AccessConfig {
    std::vector<double> thresholds_min = {10.0, 20.0, 30.0};
    double catchment_min = 30.0; ///< "places within T minutes"
    std::string label;           ///< only places with this label count (e.g. "France Services")
    unsigned threads = 0;        ///< 0: all cores
    /// Demand points per commune from a table of coordinates (WGS84 lon/lat) by code;
    /// communes without a row use their polygon's point on surface.
    std::optional<TableSource> demand_table;
    std::string demand_code, demand_lon, demand_lat;
    /// Population grid (Insee Filosofi cells, ids such as "CRS3035RES1000mN2690000E3540000"):
    /// communes holding cell centres use their cells as demand points instead of one point.
    std::optional<TableSource> grid_table;
    std::string grid_id = "idcar_1km";
    std::string grid_population = "ind";
};

/// One indicator of the composite risk index: a numeric column of the communes (as joined,
/// with its table's prefix).
struct RiskIndicatorConfig {
    std::string column;
    double weight = 1.0;
    bool scores = false; ///< the column already holds 1-10 scores
};

/// The composite risk index per commune (see algorithms/risk/risk_index.hpp).
struct RiskConfig {
    bool enabled = false;
    std::string deciles = "areas"; ///< "areas" or "population"
    std::vector<RiskIndicatorConfig> indicators;
    /// Age structure for the expected people in illectronism: an Insee Filosofi grid with
    /// its ind_0_3 ... ind_80p columns; communes get the sum of the cells centred in them.
    std::optional<TableSource> age_grid;
    std::string age_grid_id = "idcar_1km";
    /// Rates overriding Insee's by survey band ("15-24", "25-39", "40-59", "60-74", "75+").
    std::vector<std::pair<std::string, double>> rates;
    /// Age structure from columns joined to the communes (census tables such as RP
    /// P21_POP1529): each column holds the people aged [from, to).
    struct AgeColumn {
        std::string column;
        double from = 0, to = 0;
    };
    std::vector<AgeColumn> age_columns;
    /// Calibration of unknown survey-band rates so that a reference population (people per
    /// survey band) reproduces an overall rate.
    struct Calibration {
        double overall_rate = 0;
        std::vector<std::pair<std::string, double>> reference; ///< band -> people
        std::vector<std::string> unknown;                      ///< bands to solve for
    };
    std::optional<Calibration> calibrate;
    /// Adjustments of the age-based rate by an area's share of a group with a published
    /// rate (diploma, income), as odds ratios.
    struct Adjustment {
        std::string name;
        std::string column; ///< share (0-1) of the commune's people aged 15+ in the group
        double group_rate = 0, overall_rate = 0, reference_share = 0;
    };
    std::vector<Adjustment> adjustments;
};

/// Isochrones: the areas within T minutes of the nearest place (needs [network]), and
/// optionally of each place.
struct IsochronesConfig {
    bool enabled = false;
    std::vector<double> minutes = {10.0, 20.0, 30.0};
    double cell_m = 250.0;            ///< raster step of the time surface
    double max_offroad_m = 1000.0;    ///< raster nodes further from every road stay outside
    std::string bands = "cumulative"; ///< "cumulative" (0-10, 0-20...) or "disjoint" (10-20...)
    double denoise_m2 = 0.0;          ///< parts smaller than this are dropped
    double generalize_m = 0.0;        ///< simplification tolerance, keeping validity
    /// Also one isochrone per place (the area from which it is reached within T minutes),
    /// in the `place_isochrones` layer.
    bool places = false;
};

/// E2SFCA accessibility to the places (needs [network]).
struct AccessibilityConfig {
    bool enabled = false;
    double catchment_min = 30.0;
    std::string decay = "steps"; ///< "steps" (a weight per time band) or "gaussian"
    std::vector<double> bands_min = {10.0, 20.0, 30.0};
    std::vector<double> weights = {1.0, 0.68, 0.22}; ///< Luo & Qi (2009)
    double per = 10000.0; ///< accessibility is written per this many people of demand
};

/// The digital-desert rule: risk in the top share AND (far OR little accessibility).
struct DesertsConfig {
    bool enabled = false;
    double risk_top_share = 0.30;             ///< communes with the highest risk index
    double time_min = 20.0;                   ///< population-weighted time to the nearest place
    double accessibility_bottom_share = 0.20; ///< communes with the lowest accessibility
};

/// Siting new places: greedy maximal covering of the demand at risk.
struct SitingConfig {
    bool enabled = false;
    int k = 10;
    double minutes = 30.0;
    /// Candidate sites: a CSV with lon/lat or a point layer; empty: the main demand point of
    /// every commune without a place.
    std::filesystem::path candidates;
};

struct OutputsConfig {
    std::filesystem::path dir;
    int decimals = 6;
    bool geojson = true;
    bool geojsonseq = false;
    bool geopackage = true;
    bool csv = true;
    bool network = false; ///< also network_nodes.csv / network_edges.csv / network_seeds.csv
    bool report = true;   ///< report.html, the offline map
    double report_simplify_m = 100.0; ///< display simplification of the report's polygons
};

struct StudyConfig {
    std::filesystem::path file; ///< the study file ("" for a string)
    std::filesystem::path base_dir;
    std::string id = "study";
    std::string name = "hublo study";
    std::string crs = "EPSG:2154";
    CommunesConfig communes;
    std::vector<LevelConfig> levels;
    std::vector<IndicatorTable> tables;
    PopulationConfig population;
    std::vector<PlaceSource> places;
    double merge_distance_m = 100.0;
    double place_outside_tolerance_m = 1000.0;
    NetworkConfig network;
    AccessConfig access;
    RiskConfig risk;
    IsochronesConfig isochrones;
    AccessibilityConfig accessibility;
    DesertsConfig deserts;
    SitingConfig siting;
    OutputsConfig outputs;
    std::string text;                   ///< the study text, for the checksum
    std::vector<std::string> overrides; ///< "section.key=value" settings applied over it
};

/// Reads a tabular input with its stated delimiter and encoding (detected when not given).
io::CsvTable read_table(const TableSource &table);

/// Parses study text. `origin` names it in messages (a path or "<string>").
/// `overrides` are "section.key=value" settings applied over the text, the value in TOML
/// syntax (`access.catchment_min=20`, `outputs.network=true`, `access.label="France
/// Services"`; a value that is not TOML is taken as a string).
StudyConfig parse_study(std::string_view toml, const std::filesystem::path &base_dir,
                        const std::string &origin, const std::vector<std::string> &overrides = {});

/// Reads and parses a study file.
StudyConfig load_study(const std::filesystem::path &file,
                       const std::vector<std::string> &overrides = {});

} // namespace hublo::study
