// The C++ facade (hublo/hublo.hpp): forwards to the study file parser, the run and the
// stages; computes nothing itself.
#include "hublo/hublo.hpp"

#include "core/strings.hpp"
#include "geom/geos.hpp"
#include "io/geojson_writer.hpp"
#include "io/points.hpp"
#include "io/wkb.hpp"
#include "io/writers.hpp"
#include "outputs/write.hpp"
#include "stages/nearest_times.hpp"
#include "stages/network.hpp"
#include "stages/origin_isochrones.hpp"
#include "study/compare.hpp"
#include "study/config.hpp"
#include "study/plan.hpp"
#include "study/run.hpp"

#include <cstdlib>
#include <unistd.h>

namespace hublo {

namespace {
io::Crs study_crs(const study::StudyConfig &config) {
    return io::Crs::from_user(config.crs, "[study] crs");
}
} // namespace

// ---------------------------------------------------------------- Layer

struct Layer::Impl {
    model::Layer layer; ///< WGS84, rounded as written
    int decimals = 6;
};

Layer::Layer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Layer::Layer(Layer &&) noexcept = default;
Layer &Layer::operator=(Layer &&) noexcept = default;
Layer::~Layer() = default;

const std::string &Layer::name() const {
    return impl_->layer.name;
}
std::size_t Layer::feature_count() const {
    return impl_->layer.size();
}
std::size_t Layer::field_count() const {
    return impl_->layer.fields.size();
}

namespace {
const model::Field &field_at(const model::Layer &layer, std::size_t field) {
    if (field >= layer.fields.size()) {
        throw Error(ErrorKind::input, "field " + std::to_string(field) + " is beyond the " +
                                          std::to_string(layer.fields.size()) + " fields");
    }
    return layer.fields[field];
}
} // namespace

const std::string &Layer::field_name(std::size_t field) const {
    return field_at(impl_->layer, field).name;
}

Layer::FieldType Layer::field_type(std::size_t field) const {
    switch (field_at(impl_->layer, field).type) {
    case model::FieldType::string:
        return FieldType::string;
    case model::FieldType::integer:
        return FieldType::integer;
    case model::FieldType::real:
        break;
    }
    return FieldType::real;
}

const Layer::Value &Layer::value(std::size_t feature, std::size_t field) const {
    const auto &l = impl_->layer;
    if (field >= l.fields.size() || feature >= l.fields[field].values.size()) {
        throw Error(ErrorKind::input, "feature " + std::to_string(feature) + ", field " +
                                          std::to_string(field) + " is outside the layer (" +
                                          std::to_string(l.size()) + " features, " +
                                          std::to_string(l.fields.size()) + " fields)");
    }
    return l.fields[field].values[feature];
}

std::string Layer::wkb(std::size_t feature) const {
    const auto &l = impl_->layer;
    if (feature >= l.size() || l.geometry == model::GeometryType::none) {
        throw Error(ErrorKind::input, "feature " + std::to_string(feature) +
                                          " is outside the layer's " + std::to_string(l.size()) +
                                          " features (or the layer has no geometry)");
    }
    return io::write_wkb(l, feature);
}

std::string Layer::geojson() const {
    std::string text;
    io::write_geojson(impl_->layer, {impl_->decimals, false}, text);
    return text;
}

// ---------------------------------------------------------------- Network

namespace {
/// The origins of a request (its points, then its file's) on a loaded network.
stages::OriginIsochronesInputs origin_inputs(const stages::LoadedNetwork &loaded,
                                             const IsochroneRequest &request) {
    stages::OriginIsochronesInputs in{
        loaded, {}, request.minutes, request.to_origin, request.bands};
    for (const auto &o : request.origins) {
        in.origins.push_back({o.lon, o.lat, o.id, o.name});
    }
    if (!request.origins_file.empty()) {
        const auto more = io::read_points_file(request.origins_file);
        in.origins.insert(in.origins.end(), more.begin(), more.end());
    }
    return in;
}
} // namespace

struct Network::Impl {
    study::StudyConfig config;
    std::unique_ptr<stages::LoadedNetwork> loaded;
};

Network::Network(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Network::Network(Network &&) noexcept = default;
Network &Network::operator=(Network &&) noexcept = default;
Network::~Network() = default;

std::size_t Network::node_count() const {
    return impl_->loaded->net.graph.node_count();
}

Layer Network::isochrones(const IsochroneRequest &request) const {
    const auto &cfg = impl_->config;
    stages::StageContext ctx(study_crs(cfg), request.threads);
    auto impl = std::make_unique<Layer::Impl>();
    impl->decimals = cfg.outputs.decimals;
    impl->layer = stages::run_origin_isochrones({cfg.isochrones, cfg.network, cfg.outputs.decimals},
                                                origin_inputs(*impl_->loaded, request), ctx);
    return Layer(std::move(impl));
}

std::vector<double> Network::nearest_minutes(std::span<const double> origins_lonlat,
                                             std::span<const double> points_lonlat,
                                             unsigned threads) const {
    auto pairs = [](std::span<const double> v) {
        std::vector<algorithms::geometry::XY> out(v.size() / 2);
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = {v[2 * i], v[2 * i + 1]};
        }
        return out;
    };
    const auto origins = pairs(origins_lonlat), points = pairs(points_lonlat);
    stages::StageContext ctx(study_crs(impl_->config), threads);
    return stages::run_nearest_times(impl_->config.network, {*impl_->loaded, origins, points}, ctx);
}

// ---------------------------------------------------------------- Study

struct Study::Impl {
    study::StudyConfig config;
    bool ran = false;
    study::RunProducts products;     ///< of the last check or run
    std::vector<std::string> layers; ///< their names

    /// Runs (or checks) the study, keeping its products.
    RunSummary execute(const RunOptions &options, bool write) {
        ran = false;
        products = {};
        layers.clear();
        auto summary = study::execute(config, options, write, &products);
        for (const auto &l : products.layers) {
            layers.push_back(l.name);
        }
        ran = true;
        return summary;
    }
};

Study::Study(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Study::Study(Study &&) noexcept = default;
Study &Study::operator=(Study &&) noexcept = default;
Study::~Study() = default;

Study Study::open(const std::filesystem::path &study_file) {
    return open(study_file, {});
}

Study Study::open(const std::filesystem::path &study_file,
                  const std::vector<std::string> &overrides) {
    auto impl = std::make_unique<Impl>();
    impl->config = study::load_study(study_file, overrides);
    return Study(std::move(impl));
}

Study Study::from_string(std::string_view toml, const std::filesystem::path &base_dir) {
    auto impl = std::make_unique<Impl>();
    impl->config = study::parse_study(toml, base_dir, "<study string>");
    return Study(std::move(impl));
}

const std::string &Study::id() const {
    return impl_->config.id;
}
const std::string &Study::name() const {
    return impl_->config.name;
}

void Study::set(const std::string &setting) {
    const auto &cfg = impl_->config;
    auto overrides = cfg.overrides;
    overrides.push_back(setting);
    // Parsed again from the text: a bad setting throws, leaving the study as it was.
    impl_->config = cfg.file.empty()
                        ? study::parse_study(cfg.text, cfg.base_dir, "<study string>", overrides)
                        : study::load_study(cfg.file, overrides);
}

Network Study::network() const {
    const auto &cfg = impl_->config;
    if (!cfg.network.enabled) {
        throw Error(ErrorKind::input, "isochrones need a road network: add a [network] section "
                                      "to the study (see docs/study-file.md)");
    }
    auto impl = std::make_unique<Network::Impl>();
    impl->config = cfg;
    impl->loaded = stages::load_network(cfg.network, study_crs(cfg));
    return Network(std::move(impl));
}

std::size_t Study::isochrones(const IsochroneRequest &request) const {
    // GeoJSON only: a file named otherwise would hold GeoJSON under a misleading name.
    const auto ext = request.output.extension().string();
    if (ext != ".geojson" && ext != ".json") {
        throw Error(ErrorKind::input, request.output.string() +
                                          ": isochrones are written as GeoJSON; name the file "
                                          "*.geojson (or *.json)");
    }
    const auto net = network();
    auto in = origin_inputs(*net.impl_->loaded, request);
    // The people inside each band: the study's demand points, read as a run reads them.
    const auto people = study::demand_points(impl_->config, request.threads);
    in.demand = &people.demand;
    in.at_risk = people.at_risk;
    const auto &cfg = impl_->config;
    stages::StageContext ctx(study_crs(cfg), request.threads);
    auto impl = std::make_unique<Layer::Impl>();
    impl->decimals = cfg.outputs.decimals;
    impl->layer =
        stages::run_origin_isochrones({cfg.isochrones, cfg.network, cfg.outputs.decimals}, in, ctx);
    const Layer layer(std::move(impl));
    io::write_file_atomic(request.output, layer.geojson());
    return layer.feature_count();
}

bool Study::has_stage(std::string_view stage) const {
    if (stage == "network") {
        return impl_->config.network.enabled;
    }
    if (stage == "risk") {
        return impl_->config.risk.enabled;
    }
    return false;
}

RunSummary Study::check(const RunOptions &options) {
    return impl_->execute(options, false);
}

RunSummary Study::run(const RunOptions &options) {
    return impl_->execute(options, true);
}

CompareSummary Study::compare(const CompareOptions &options) {
    return study::compare(impl_->config, options);
}

bool Study::has_run() const {
    return impl_->ran;
}

const std::vector<std::string> &Study::layer_names() const {
    return impl_->layers;
}

Layer Study::layer(std::string_view name) const {
    for (const auto &l : impl_->products.layers) {
        if (l.name == name) {
            const auto &cfg = impl_->config;
            const io::Transformer to_wgs84(study_crs(cfg),
                                           io::Crs::from_user("EPSG:4326", "WGS84"));
            geom::Geos geos;
            auto impl = std::make_unique<Layer::Impl>();
            impl->decimals = cfg.outputs.decimals;
            impl->layer = outputs::output_layer(l, to_wgs84, impl->decimals, geos);
            return Layer(std::move(impl));
        }
    }
    if (!impl_->ran) {
        throw Error(ErrorKind::input,
                    "no layer '" + std::string(name) + "': run the study first (check or run)");
    }
    throw Error(ErrorKind::input,
                "no layer '" + std::string(name) +
                    "' in the last run; its layers are: " + core::join(layer_names(), ", "));
}

const std::string &Study::summary_json() const {
    return impl_->products.summary_json;
}

// ---------------------------------------------------------------- free functions

const std::vector<std::string> &stage_names() {
    return study::last_stage_names();
}

std::filesystem::path default_study_path() {
    const std::filesystem::path relative = "centre-val-de-loire/study.toml";
    std::error_code ec;
    if (const char *env = std::getenv("HUBLO_DATA_DIR"); env && *env) {
        return std::filesystem::path(env) / relative;
    }
    // Installed layout: <prefix>/lib/libhublo.so and <prefix>/share/hublo/datasets.
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const auto prefix = std::filesystem::path(exe).parent_path().parent_path();
        const auto installed = prefix / HUBLO_INSTALL_DATADIR / "hublo" / "datasets" / relative;
        if (std::filesystem::exists(installed, ec)) {
            return installed;
        }
    }
    return std::filesystem::path(HUBLO_SOURCE_DATASETS_DIR) / relative;
}

const char *version() {
    return HUBLO_VERSION_STRING;
}

} // namespace hublo
