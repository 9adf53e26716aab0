// The C API (hublo/hublo.h): handles around the engine, one exception barrier per call.
#include "hublo/hublo.h"

#include "geom/geos.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "hublo/algorithms/network/snap.hpp"
#include "hublo/hublo.hpp"
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "model/layer.hpp"
#include "network/network.hpp"
#include "study/config.hpp"
#include "study/isochrones.hpp"
#include "study/pipeline.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

using namespace hublo;

struct hublo_context {
    std::string error;
    hublo_progress_fn progress = nullptr;
    void *progress_data = nullptr;
    hublo_interrupt_fn interrupt = nullptr;
    void *interrupt_data = nullptr;
    unsigned threads = 0;
};

struct hublo_study {
    std::optional<std::filesystem::path> file; ///< empty: opened from a string
    std::string text;                          ///< the TOML, when opened from a string
    std::filesystem::path base_dir;
    std::vector<std::string> overrides;
    study::StudyConfig config;
    bool ran = false;
    study::RunProducts products;
};

struct hublo_run_settings {
    std::string stage = "all";
    std::string output_dir;
    bool write = true;
};

struct hublo_layer {
    model::Layer layer; ///< WGS84, rounded as written
    int decimals = 6;
};

struct hublo_network {
    study::StudyConfig config;
    network::RoadNetwork net;
    std::unique_ptr<algorithms::network::SegmentIndex> segments;
};

namespace {

hublo_status status_of(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::input:
        return HUBLO_E_INPUT;
    case ErrorKind::data:
        return HUBLO_E_DATA;
    case ErrorKind::computation:
        return HUBLO_E_COMPUTATION;
    case ErrorKind::interrupted:
        return HUBLO_E_INTERRUPTED;
    case ErrorKind::internal:
        break;
    }
    return HUBLO_E_INTERNAL;
}

hublo_status fail(hublo_context *ctx, hublo_status status, const std::string &message) {
    if (ctx) {
        ctx->error = message;
    }
    return status;
}

/// The barrier: runs `body` (which returns a status), turning every exception into a
/// status and a message in the context.
template <class Body> hublo_status guarded(hublo_context *ctx, Body &&body) noexcept {
    if (!ctx) {
        return HUBLO_E_NULL;
    }
    ctx->error.clear();
    try {
        return body();
    } catch (const Error &e) {
        return fail(ctx, status_of(e.kind()), e.what());
    } catch (const std::bad_alloc &) {
        return fail(ctx, HUBLO_E_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return fail(ctx, HUBLO_E_INTERNAL,
                    std::string("internal error: ") + e.what() + " (please report it)");
    } catch (...) {
        return fail(ctx, HUBLO_E_INTERNAL, "internal error (please report it)");
    }
}

/// A copy of `s` in memory the caller frees with hublo_free.
char *c_string(const std::string &s) {
    auto *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) {
        throw std::bad_alloc();
    }
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

hublo_status null_argument(hublo_context *ctx, const char *function, const char *argument) {
    return fail(ctx, HUBLO_E_NULL,
                std::string(function) + ": " + argument + " is NULL; pass a valid pointer");
}

void reload(hublo_study &s) {
    s.config = s.file ? study::load_study(*s.file, s.overrides)
                      : study::parse_study(s.text, s.base_dir, "<study string>", s.overrides);
}

const model::Field *field_at(const hublo_layer *layer, std::size_t field) {
    return field < layer->layer.fields.size() ? &layer->layer.fields[field] : nullptr;
}

void put_u32(std::string &b, std::uint32_t v) {
    b.append(reinterpret_cast<const char *>(&v), 4); // little-endian hosts (x86-64, arm64)
}
void put_f64(std::string &b, double v) {
    b.append(reinterpret_cast<const char *>(&v), 8);
}

/// The value of (feature, field), or an error status with the message set.
template <class Use>
hublo_status with_value(hublo_context *ctx, const hublo_layer *layer, size_t feature, size_t field,
                        int *is_null, const char *function, Use &&use) {
    if (!layer || !is_null) {
        return null_argument(ctx, function, layer ? "is_null" : "layer");
    }
    const auto *f = field_at(layer, field);
    if (!f || feature >= f->values.size()) {
        return fail(ctx, HUBLO_E_ARGUMENT,
                    std::string(function) + ": feature " + std::to_string(feature) + ", field " +
                        std::to_string(field) + " is outside the layer (" +
                        std::to_string(layer->layer.size()) + " features, " +
                        std::to_string(layer->layer.fields.size()) + " fields)");
    }
    const auto &v = f->values[feature];
    *is_null = std::holds_alternative<std::monostate>(v) ? 1 : 0;
    if (*is_null) {
        return HUBLO_OK;
    }
    return use(*f, v);
}
} // namespace

extern "C" {

const char *hublo_version(void) {
    return HUBLO_VERSION_STRING;
}

const char *hublo_status_string(hublo_status status) {
    switch (status) {
    case HUBLO_OK:
        return "success";
    case HUBLO_E_INPUT:
        return "bad input: a file, path, setting or column is wrong";
    case HUBLO_E_DATA:
        return "bad data: the data itself is unusable";
    case HUBLO_E_COMPUTATION:
        return "a computation failed on valid data";
    case HUBLO_E_INTERNAL:
        return "internal error (please report it)";
    case HUBLO_E_INTERRUPTED:
        return "interrupted by the caller";
    case HUBLO_E_NULL:
        return "a required pointer argument is NULL";
    case HUBLO_E_ARGUMENT:
        return "an argument is out of range or of the wrong type";
    case HUBLO_E_STATE:
        return "the call needs an earlier one first";
    case HUBLO_E_MEMORY:
        return "out of memory";
    }
    return "unknown status";
}

hublo_status hublo_context_create(hublo_context **out) {
    if (!out) {
        return HUBLO_E_NULL;
    }
    *out = new (std::nothrow) hublo_context();
    return *out ? HUBLO_OK : HUBLO_E_MEMORY;
}

void hublo_context_destroy(hublo_context *ctx) {
    delete ctx;
}

const char *hublo_last_error(const hublo_context *ctx) {
    return ctx ? ctx->error.c_str() : "no context (NULL)";
}

hublo_status hublo_context_set_progress(hublo_context *ctx, hublo_progress_fn fn, void *user_data) {
    if (!ctx) {
        return HUBLO_E_NULL;
    }
    ctx->progress = fn;
    ctx->progress_data = user_data;
    return HUBLO_OK;
}

hublo_status hublo_context_set_interrupt(hublo_context *ctx, hublo_interrupt_fn fn,
                                         void *user_data) {
    if (!ctx) {
        return HUBLO_E_NULL;
    }
    ctx->interrupt = fn;
    ctx->interrupt_data = user_data;
    return HUBLO_OK;
}

hublo_status hublo_context_set_threads(hublo_context *ctx, unsigned threads) {
    if (!ctx) {
        return HUBLO_E_NULL;
    }
    ctx->threads = threads;
    return HUBLO_OK;
}

void hublo_free(void *p) {
    std::free(p);
}

// ---- studies

hublo_status hublo_study_open_file(hublo_context *ctx, const char *path, hublo_study **out) {
    return guarded(ctx, [&] {
        if (!out) {
            return null_argument(ctx, "hublo_study_open_file", "out");
        }
        auto s = std::make_unique<hublo_study>();
        s->file = path ? std::filesystem::path(path) : default_study_path();
        reload(*s);
        *out = s.release();
        return HUBLO_OK;
    });
}

hublo_status hublo_study_open_string(hublo_context *ctx, const char *toml, const char *base_dir,
                                     hublo_study **out) {
    return guarded(ctx, [&] {
        if (!out || !toml) {
            return null_argument(ctx, "hublo_study_open_string", out ? "toml" : "out");
        }
        auto s = std::make_unique<hublo_study>();
        s->text = toml;
        s->base_dir = base_dir ? base_dir : ".";
        reload(*s);
        *out = s.release();
        return HUBLO_OK;
    });
}

void hublo_study_destroy(hublo_study *study) {
    delete study;
}

hublo_status hublo_study_set(hublo_context *ctx, hublo_study *study, const char *setting) {
    return guarded(ctx, [&] {
        if (!study || !setting) {
            return null_argument(ctx, "hublo_study_set", study ? "setting" : "study");
        }
        hublo_study trial;
        trial.file = study->file;
        trial.text = study->text;
        trial.base_dir = study->base_dir;
        trial.overrides = study->overrides;
        trial.overrides.emplace_back(setting);
        reload(trial); // throws, leaving `study` as it was
        study->overrides = std::move(trial.overrides);
        study->config = std::move(trial.config);
        return HUBLO_OK;
    });
}

hublo_status hublo_run_settings_create(hublo_run_settings **out) {
    if (!out) {
        return HUBLO_E_NULL;
    }
    *out = new (std::nothrow) hublo_run_settings();
    return *out ? HUBLO_OK : HUBLO_E_MEMORY;
}

void hublo_run_settings_destroy(hublo_run_settings *settings) {
    delete settings;
}

hublo_status hublo_run_settings_set_stage(hublo_run_settings *settings, const char *stage) {
    if (!settings || !stage) {
        return HUBLO_E_NULL;
    }
    static const char *const kStages[] = {"all",        "check",   "risk",  "access",
                                          "isochrones", "deserts", "siting"};
    for (const char *known : kStages) {
        if (std::strcmp(known, stage) == 0) {
            settings->stage = stage;
            return HUBLO_OK;
        }
    }
    return HUBLO_E_ARGUMENT;
}

hublo_status hublo_run_settings_set_output_dir(hublo_run_settings *settings, const char *dir) {
    if (!settings || !dir) {
        return HUBLO_E_NULL;
    }
    settings->output_dir = dir;
    return HUBLO_OK;
}

hublo_status hublo_run_settings_set_write(hublo_run_settings *settings, int write) {
    if (!settings) {
        return HUBLO_E_NULL;
    }
    settings->write = write != 0;
    return HUBLO_OK;
}

hublo_status hublo_study_run(hublo_context *ctx, hublo_study *study,
                             const hublo_run_settings *settings) {
    return guarded(ctx, [&] {
        if (!study) {
            return null_argument(ctx, "hublo_study_run", "study");
        }
        const hublo_run_settings defaults;
        const auto &rs = settings ? *settings : defaults;
        RunOptions options;
        options.output_dir = rs.output_dir;
        options.stage = rs.stage == "check" ? "all" : rs.stage;
        if (ctx->progress) {
            options.on_progress = [ctx](const Progress &p) {
                const std::string stage(p.stage);
                ctx->progress(stage.c_str(), p.done, p.total, ctx->progress_data);
            };
        }
        if (ctx->interrupt) {
            options.interrupted = [ctx] { return ctx->interrupt(ctx->interrupt_data) != 0; };
        }
        study::StudyConfig cfg = study->config;
        if (ctx->threads) {
            cfg.access.threads = ctx->threads;
        }
        study->ran = false;
        study->products = {};
        const bool write = rs.write && rs.stage != "check";
        study::execute(cfg, options, write, &study->products);
        study->ran = true;
        return HUBLO_OK;
    });
}

hublo_status hublo_study_summary_json(hublo_context *ctx, const hublo_study *study, char **json) {
    return guarded(ctx, [&] {
        if (!study || !json) {
            return null_argument(ctx, "hublo_study_summary_json", study ? "json" : "study");
        }
        if (!study->ran) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_summary_json: run the study first (hublo_study_run)");
        }
        *json = c_string(study->products.summary_json);
        return HUBLO_OK;
    });
}

hublo_status hublo_study_layer_count(hublo_context *ctx, const hublo_study *study, size_t *count) {
    return guarded(ctx, [&] {
        if (!study || !count) {
            return null_argument(ctx, "hublo_study_layer_count", study ? "count" : "study");
        }
        if (!study->ran) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer_count: run the study first (hublo_study_run)");
        }
        *count = study->products.layers.size();
        return HUBLO_OK;
    });
}

hublo_status hublo_study_layer_name(hublo_context *ctx, const hublo_study *study, size_t index,
                                    const char **name) {
    return guarded(ctx, [&] {
        if (!study || !name) {
            return null_argument(ctx, "hublo_study_layer_name", study ? "name" : "study");
        }
        if (!study->ran) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer_name: run the study first (hublo_study_run)");
        }
        if (index >= study->products.layers.size()) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_study_layer_name: index " + std::to_string(index) +
                            " is beyond the " + std::to_string(study->products.layers.size()) +
                            " layers");
        }
        *name = study->products.layers[index].name.c_str();
        return HUBLO_OK;
    });
}

hublo_status hublo_study_layer(hublo_context *ctx, const hublo_study *study, const char *name,
                               hublo_layer **out) {
    return guarded(ctx, [&] {
        if (!study || !name || !out) {
            return null_argument(ctx, "hublo_study_layer",
                                 !study  ? "study"
                                 : !name ? "name"
                                         : "out");
        }
        if (!study->ran) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer: run the study first (hublo_study_run)");
        }
        std::string names;
        for (const auto &l : study->products.layers) {
            if (l.name == name) {
                const io::Transformer to_wgs84(io::Crs::from_user(study->config.crs, "[study] crs"),
                                               io::Crs::from_user("EPSG:4326", "WGS84"));
                geom::Geos geos;
                auto layer = std::make_unique<hublo_layer>();
                layer->decimals = study->config.outputs.decimals;
                layer->layer = study::output_layer(l, to_wgs84, layer->decimals, geos);
                *out = layer.release();
                return HUBLO_OK;
            }
            names += (names.empty() ? "" : ", ") + l.name;
        }
        return fail(ctx, HUBLO_E_ARGUMENT,
                    std::string("hublo_study_layer: no layer '") + name +
                        "' in the last run; its layers are: " + names);
    });
}

void hublo_layer_destroy(hublo_layer *layer) {
    delete layer;
}

hublo_status hublo_layer_geojson(hublo_context *ctx, const hublo_layer *layer, char **geojson) {
    return guarded(ctx, [&] {
        if (!layer || !geojson) {
            return null_argument(ctx, "hublo_layer_geojson", layer ? "geojson" : "layer");
        }
        std::string text;
        io::write_geojson(layer->layer, {layer->decimals, false}, text);
        *geojson = c_string(text);
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_feature_count(hublo_context *ctx, const hublo_layer *layer,
                                       size_t *count) {
    return guarded(ctx, [&] {
        if (!layer || !count) {
            return null_argument(ctx, "hublo_layer_feature_count", layer ? "count" : "layer");
        }
        *count = layer->layer.size();
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_field_count(hublo_context *ctx, const hublo_layer *layer, size_t *count) {
    return guarded(ctx, [&] {
        if (!layer || !count) {
            return null_argument(ctx, "hublo_layer_field_count", layer ? "count" : "layer");
        }
        *count = layer->layer.fields.size();
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_field(hublo_context *ctx, const hublo_layer *layer, size_t field,
                               const char **name, hublo_field_type *type) {
    return guarded(ctx, [&] {
        if (!layer || !name || !type) {
            return null_argument(ctx, "hublo_layer_field",
                                 !layer  ? "layer"
                                 : !name ? "name"
                                         : "type");
        }
        const auto *f = field_at(layer, field);
        if (!f) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_layer_field: field " + std::to_string(field) + " is beyond the " +
                            std::to_string(layer->layer.fields.size()) + " fields");
        }
        *name = f->name.c_str();
        *type = f->type == model::FieldType::string    ? HUBLO_FIELD_STRING
                : f->type == model::FieldType::integer ? HUBLO_FIELD_INTEGER
                                                       : HUBLO_FIELD_REAL;
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_get_real(hublo_context *ctx, const hublo_layer *layer, size_t feature,
                                  size_t field, double *value, int *is_null) {
    return guarded(ctx, [&] {
        if (!value) {
            return null_argument(ctx, "hublo_layer_get_real", "value");
        }
        return with_value(ctx, layer, feature, field, is_null, "hublo_layer_get_real",
                          [&](const model::Field &f, const model::Value &v) {
                              if (const auto *d = std::get_if<double>(&v)) {
                                  *value = *d;
                              } else if (const auto *i = std::get_if<std::int64_t>(&v)) {
                                  *value = static_cast<double>(*i);
                              } else {
                                  return fail(ctx, HUBLO_E_ARGUMENT,
                                              "hublo_layer_get_real: field '" + f.name +
                                                  "' holds text; use hublo_layer_get_string");
                              }
                              return HUBLO_OK;
                          });
    });
}

hublo_status hublo_layer_get_integer(hublo_context *ctx, const hublo_layer *layer, size_t feature,
                                     size_t field, int64_t *value, int *is_null) {
    return guarded(ctx, [&] {
        if (!value) {
            return null_argument(ctx, "hublo_layer_get_integer", "value");
        }
        return with_value(ctx, layer, feature, field, is_null, "hublo_layer_get_integer",
                          [&](const model::Field &f, const model::Value &v) {
                              if (const auto *i = std::get_if<std::int64_t>(&v)) {
                                  *value = *i;
                                  return HUBLO_OK;
                              }
                              return fail(ctx, HUBLO_E_ARGUMENT,
                                          "hublo_layer_get_integer: field '" + f.name +
                                              "' is not an integer field; use "
                                              "hublo_layer_get_real or _string");
                          });
    });
}

hublo_status hublo_layer_get_string(hublo_context *ctx, const hublo_layer *layer, size_t feature,
                                    size_t field, const char **value, int *is_null) {
    return guarded(ctx, [&] {
        if (!value) {
            return null_argument(ctx, "hublo_layer_get_string", "value");
        }
        return with_value(ctx, layer, feature, field, is_null, "hublo_layer_get_string",
                          [&](const model::Field &f, const model::Value &v) {
                              if (const auto *s = std::get_if<std::string>(&v)) {
                                  *value = s->c_str();
                                  return HUBLO_OK;
                              }
                              return fail(ctx, HUBLO_E_ARGUMENT,
                                          "hublo_layer_get_string: field '" + f.name +
                                              "' holds numbers; use hublo_layer_get_real");
                          });
    });
}

hublo_status hublo_layer_get_wkb(hublo_context *ctx, const hublo_layer *layer, size_t feature,
                                 unsigned char **wkb, size_t *size) {
    return guarded(ctx, [&] {
        if (!layer || !wkb || !size) {
            return null_argument(ctx, "hublo_layer_get_wkb",
                                 !layer ? "layer"
                                 : !wkb ? "wkb"
                                        : "size");
        }
        const auto &l = layer->layer;
        if (feature >= l.size() || l.geometry == model::GeometryType::none) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_layer_get_wkb: feature " + std::to_string(feature) +
                            " is outside the layer's " + std::to_string(l.size()) +
                            " features (or the layer has no geometry)");
        }
        std::string b;
        b.push_back(1); // little-endian
        if (l.geometry == model::GeometryType::points) {
            put_u32(b, 1);
            put_f64(b, l.points[feature].x);
            put_f64(b, l.points[feature].y);
        } else {
            const auto &mp = l.polygons[feature];
            put_u32(b, 6);
            put_u32(b, static_cast<std::uint32_t>(mp.size()));
            for (const auto &poly : mp) {
                b.push_back(1);
                put_u32(b, 3);
                put_u32(b, static_cast<std::uint32_t>(poly.rings.size()));
                for (const auto &ring : poly.rings) {
                    put_u32(b, static_cast<std::uint32_t>(ring.size()));
                    for (const auto &p : ring) {
                        put_f64(b, p.x);
                        put_f64(b, p.y);
                    }
                }
            }
        }
        auto *out = static_cast<unsigned char *>(std::malloc(b.size()));
        if (!out) {
            throw std::bad_alloc();
        }
        std::memcpy(out, b.data(), b.size());
        *wkb = out;
        *size = b.size();
        return HUBLO_OK;
    });
}

// ---- direct calls

hublo_status hublo_network_from_study(hublo_context *ctx, const hublo_study *study,
                                      hublo_network **out) {
    return guarded(ctx, [&] {
        if (!study || !out) {
            return null_argument(ctx, "hublo_network_from_study", study ? "out" : "study");
        }
        if (!study->config.network.enabled) {
            return fail(ctx, HUBLO_E_INPUT,
                        "hublo_network_from_study: the study has no [network] section; add one "
                        "(see docs/study-file.md)");
        }
        auto n = std::make_unique<hublo_network>();
        n->config = study->config;
        n->net = network::load_network(n->config.network,
                                       io::Crs::from_user(n->config.crs, "[study] crs"));
        n->segments = std::make_unique<algorithms::network::SegmentIndex>(n->net.graph);
        *out = n.release();
        return HUBLO_OK;
    });
}

void hublo_network_destroy(hublo_network *network) {
    delete network;
}

hublo_status hublo_network_node_count(hublo_context *ctx, const hublo_network *network,
                                      size_t *count) {
    return guarded(ctx, [&] {
        if (!network || !count) {
            return null_argument(ctx, "hublo_network_node_count", network ? "count" : "network");
        }
        *count = network->net.graph.node_count();
        return HUBLO_OK;
    });
}

hublo_status hublo_isochrones(hublo_context *ctx, const hublo_network *network,
                              const double *lonlat, size_t n, const double *minutes, size_t m,
                              int to_origin, char **geojson) {
    return guarded(ctx, [&] {
        if (!network || !lonlat || !minutes || !geojson) {
            return null_argument(ctx, "hublo_isochrones",
                                 !network   ? "network"
                                 : !lonlat  ? "lonlat"
                                 : !minutes ? "minutes"
                                            : "geojson");
        }
        IsochroneRequest request;
        for (std::size_t i = 0; i < n; ++i) {
            const double lon = lonlat[2 * i], lat = lonlat[2 * i + 1];
            if (!(std::abs(lon) <= 180) || !(std::abs(lat) <= 90)) {
                return fail(ctx, HUBLO_E_ARGUMENT,
                            "hublo_isochrones: origin " + std::to_string(i + 1) + " (" +
                                std::to_string(lon) + ", " + std::to_string(lat) +
                                ") is not a WGS84 longitude, latitude");
            }
            request.origins.push_back({lon, lat, "", ""});
        }
        request.minutes.assign(minutes, minutes + m);
        request.to_origin = to_origin != 0;
        request.threads = ctx->threads;
        const auto layer =
            study::isochrone_layer(network->config, network->net, *network->segments, request);
        std::string text;
        io::write_geojson(layer, {network->config.outputs.decimals, false}, text);
        *geojson = c_string(text);
        return HUBLO_OK;
    });
}

hublo_status hublo_nearest_times(hublo_context *ctx, const hublo_network *network,
                                 const double *origins_lonlat, size_t n_origins,
                                 const double *points_lonlat, size_t n_points, double *minutes) {
    return guarded(ctx, [&] {
        if (!network || (!origins_lonlat && n_origins) || (!points_lonlat && n_points) ||
            (!minutes && n_points)) {
            return null_argument(ctx, "hublo_nearest_times",
                                 !network ? "network" : "origins_lonlat, points_lonlat or minutes");
        }
        using namespace algorithms::network;
        const auto &cfg = network->config;
        const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"),
                                       io::Crs::from_user(cfg.crs, "[study] crs"));
        OffroadParameters offroad;
        offroad.speed_kmh = cfg.network.offroad_speed_kmh;
        offroad.max_snap_m = cfg.network.max_snap_m;
        const auto &g = network->net.graph;
        const auto &segs = *network->segments;
        std::vector<Snap> origins(n_origins);
        std::vector<Seed> seeds;
        for (std::size_t i = 0; i < n_origins; ++i) {
            const auto p = to_study.apply(
                algorithms::geometry::XY{origins_lonlat[2 * i], origins_lonlat[2 * i + 1]});
            origins[i] = segs.snap(p, offroad.max_snap_m);
            append_place_seeds(g, segs, origins[i], offroad, static_cast<std::uint32_t>(i), seeds);
        }
        const auto nodes = nearest_seeds(g, seeds, Direction::reverse);
        const PlacesOnSegments on_segments(segs.size(), origins);
        for (std::size_t i = 0; i < n_points; ++i) {
            const auto p = to_study.apply(
                algorithms::geometry::XY{points_lonlat[2 * i], points_lonlat[2 * i + 1]});
            const auto t = time_to_nearest(g, segs, nodes.time_s, nodes.source, on_segments,
                                           segs.snap(p, offroad.max_snap_m), offroad);
            minutes[i] =
                t.time_s < kUnreached ? t.time_s / 60.0 : std::numeric_limits<double>::quiet_NaN();
        }
        return HUBLO_OK;
    });
}

} // extern "C"
