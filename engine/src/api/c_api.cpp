// The C API (hublo/hublo.h): handles around the C++ facade, one exception barrier per call;
// every function forwards to the facade (hublo/hublo.hpp) and computes nothing itself.
#include "api/c_api_internal.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cstring>

using namespace hublo::capi;

extern "C" {

const char *hublo_version(void) {
    return HUBLO_VERSION_STRING;
}

const char *hublo_status_string(hublo_status status) {
    for (const auto kind : {ErrorKind::input, ErrorKind::data, ErrorKind::computation,
                            ErrorKind::internal, ErrorKind::interrupted}) {
        if (error_kind_info(kind).c_status == status) {
            return error_kind_info(kind).description;
        }
    }
    switch (status) {
    case HUBLO_OK:
        return "success";
    case HUBLO_E_NULL:
        return "a required pointer argument is NULL";
    case HUBLO_E_ARGUMENT:
        return "an argument is out of range or of the wrong type";
    case HUBLO_E_STATE:
        return "the call needs an earlier one first";
    case HUBLO_E_MEMORY:
        return "out of memory";
    default:
        break;
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
        *out =
            new hublo_study(Study::open(path ? std::filesystem::path(path) : default_study_path()));
        return HUBLO_OK;
    });
}

hublo_status hublo_study_open_string(hublo_context *ctx, const char *toml, const char *base_dir,
                                     hublo_study **out) {
    return guarded(ctx, [&] {
        if (!out || !toml) {
            return null_argument(ctx, "hublo_study_open_string", out ? "toml" : "out");
        }
        *out = new hublo_study(Study::from_string(toml, base_dir ? base_dir : "."));
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
        study->study.set(setting);
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
    const auto &names = stage_names();
    if (std::strcmp(stage, "check") != 0 &&
        std::find(names.begin(), names.end(), stage) == names.end()) {
        return HUBLO_E_ARGUMENT;
    }
    settings->stage = stage;
    return HUBLO_OK;
}

hublo_status hublo_run_settings_set(hublo_context *ctx, hublo_run_settings *settings,
                                    const char *key, const char *value) {
    return guarded(ctx, [&] {
        if (!settings || !key || !value) {
            return null_argument(ctx, "hublo_run_settings_set",
                                 !settings ? "settings"
                                 : !key    ? "key"
                                           : "value");
        }
        const std::string k = key, v = value;
        if (k == "stage") {
            if (hublo_run_settings_set_stage(settings, value) != HUBLO_OK) {
                return fail(ctx, HUBLO_E_ARGUMENT,
                            "hublo_run_settings_set: unknown stage '" + v + "'; use check, " +
                                hublo::core::join(stage_names(), ", "));
            }
            return HUBLO_OK;
        }
        if (k == "output_dir") {
            settings->output_dir = v;
            return HUBLO_OK;
        }
        if (k == "write") {
            if (v != "0" && v != "1") {
                return fail(ctx, HUBLO_E_ARGUMENT,
                            "hublo_run_settings_set: write is \"1\" or \"0\", not '" + v + "'");
            }
            settings->write = v == "1";
            return HUBLO_OK;
        }
        return fail(ctx, HUBLO_E_ARGUMENT,
                    "hublo_run_settings_set: no setting '" + k +
                        "'; the settings are stage, output_dir and write");
    });
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
        const auto options = run_options(ctx, rs);
        if (rs.write && rs.stage != "check") {
            study->study.run(options);
        } else {
            study->study.check(options);
        }
        return HUBLO_OK;
    });
}

hublo_status hublo_study_summary_json(hublo_context *ctx, const hublo_study *study, char **json) {
    return guarded(ctx, [&] {
        if (!study || !json) {
            return null_argument(ctx, "hublo_study_summary_json", study ? "json" : "study");
        }
        if (!study->study.has_run()) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_summary_json: run the study first (hublo_study_run)");
        }
        *json = c_string(study->study.summary_json());
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
        if (!study->study.has_stage("network")) {
            return fail(ctx, HUBLO_E_INPUT,
                        "hublo_network_from_study: the study has no [network] section; add one "
                        "(see docs/study-file.md)");
        }
        *out = new hublo_network(study->study.network());
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
        *count = network->network.node_count();
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
        *geojson = c_string(network->network.isochrones(request).geojson());
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
        const auto out = network->network.nearest_minutes(
            pairs(origins_lonlat, n_origins), pairs(points_lonlat, n_points), ctx->threads);
        std::copy(out.begin(), out.end(), minutes);
        return HUBLO_OK;
    });
}

} // extern "C"
