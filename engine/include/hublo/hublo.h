/* hublo C API: find the digital deserts from C, Python (ctypes), R, Julia...
 *
 * Conventions (after GEOS's _r functions, H3's status returns and PROJ's error ranges):
 * - Every call takes a context first and returns a hublo_status; results come back through
 *   out-parameters, which are left untouched on failure.
 * - A failed call stores one line in its context: hublo_last_error(ctx) names the file (and
 *   line, feature or column) at fault and the fix.
 * - Opaque handles come in create/destroy pairs; destroy functions accept NULL.
 * - Strings and buffers returned to the caller are freed with hublo_free().
 * - No C++ exception crosses this interface.
 *
 * Thread safety: a context is used by one thread at a time; use one context per thread.
 * A study handle is modified by hublo_study_set() and hublo_study_run() and must not be
 * used by two threads at once. A network handle and a layer handle are read-only once
 * created: several threads (each with its own context) may use them at the same time.
 *
 * Coordinates are WGS84 longitude, latitude in degrees, in that order.
 */
#ifndef HUBLO_H
#define HUBLO_H

#include <stddef.h>
#include <stdint.h>

#include "hublo/version.h"

#if defined(_WIN32)
#define HUBLO_C_API __declspec(dllimport)
#elif defined(__GNUC__)
#define HUBLO_C_API __attribute__((visibility("default")))
#else
#define HUBLO_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes: 1-4 mirror hublo::ErrorKind (and the command's exit codes 3-5, 70) */
typedef enum hublo_status {
    HUBLO_OK = 0,
    HUBLO_E_INPUT = 1,       /* a file, path, setting or column named by the user is wrong */
    HUBLO_E_DATA = 2,        /* the data itself is unusable (empty, duplicate codes, no CRS) */
    HUBLO_E_COMPUTATION = 3, /* a stage failed on valid data */
    HUBLO_E_INTERNAL = 4,    /* a bug: please report it */
    HUBLO_E_INTERRUPTED = 5, /* the interrupt callback asked to stop; nothing was written */
    HUBLO_E_NULL = 6,        /* a required pointer argument is NULL */
    HUBLO_E_ARGUMENT = 7,    /* an argument is out of range or of the wrong type */
    HUBLO_E_STATE = 8,       /* the call needs an earlier one (e.g. a layer before a run) */
    HUBLO_E_MEMORY = 9       /* out of memory */
} hublo_status;

/* ---- version */
#define HUBLO_ABI_VERSION 0                  /* the SONAME: libhublo.so.0 */
HUBLO_C_API const char *hublo_version(void); /* "0.1.0", static storage */

/* A short English description of a status, static storage ("unknown status" otherwise). */
HUBLO_C_API const char *hublo_status_string(hublo_status status);

/* ---- contexts */
typedef struct hublo_context hublo_context;

/* Progress of a long stage: `done` of `total` units of the stage named `stage`. Called from
 * the thread running the call. */
typedef void (*hublo_progress_fn)(const char *stage, size_t done, size_t total, void *user_data);
/* Polled during long stages; return non-zero to stop: the call returns
 * HUBLO_E_INTERRUPTED and leaves the previous outputs as they were. */
typedef int (*hublo_interrupt_fn)(void *user_data);

HUBLO_C_API hublo_status hublo_context_create(hublo_context **out);
HUBLO_C_API void hublo_context_destroy(hublo_context *ctx);
/* The last error of the calls made with ctx ("" when the last call succeeded); valid until
 * the next call with ctx. Never NULL, even for a NULL ctx. */
HUBLO_C_API const char *hublo_last_error(const hublo_context *ctx);
HUBLO_C_API hublo_status hublo_context_set_progress(hublo_context *ctx, hublo_progress_fn fn,
                                                    void *user_data);
HUBLO_C_API hublo_status hublo_context_set_interrupt(hublo_context *ctx, hublo_interrupt_fn fn,
                                                     void *user_data);
/* Worker threads of the parallel stages (0: all cores; the results do not depend on it). */
HUBLO_C_API hublo_status hublo_context_set_threads(hublo_context *ctx, unsigned threads);

/* Frees a string or buffer returned by the library (NULL is accepted). */
HUBLO_C_API void hublo_free(void *p);

/* ---- studies */
typedef struct hublo_study hublo_study;

/* Opens a study file (TOML); relative paths in it resolve against its folder. NULL for
 * path: the bundled default study. */
HUBLO_C_API hublo_status hublo_study_open_file(hublo_context *ctx, const char *path,
                                               hublo_study **out);
/* A study given as TOML text; its relative paths resolve against base_dir. */
HUBLO_C_API hublo_status hublo_study_open_string(hublo_context *ctx, const char *toml,
                                                 const char *base_dir, hublo_study **out);
HUBLO_C_API void hublo_study_destroy(hublo_study *study);
/* Overrides one setting, as `hublo --set`: "section.key=value" with a TOML value, e.g.
 * "siting.k=5" or "access.label=\"France Services\"". The study is re-read with all its
 * overrides; on error the study keeps its previous settings. */
HUBLO_C_API hublo_status hublo_study_set(hublo_context *ctx, hublo_study *study,
                                         const char *setting);

/* How to run a study. */
typedef struct hublo_run_settings hublo_run_settings;
HUBLO_C_API hublo_status hublo_run_settings_create(hublo_run_settings **out);
HUBLO_C_API void hublo_run_settings_destroy(hublo_run_settings *settings);
/* Sets one run setting by name, leaving a message in ctx when the key or the value is wrong
 * (HUBLO_E_ARGUMENT): "stage" (as hublo_run_settings_set_stage), "output_dir" (a folder),
 * "write" ("1" or "0"). The three setters below do the same without a context (and so
 * without a message); they stay for the programs that use them. */
HUBLO_C_API hublo_status hublo_run_settings_set(hublo_context *ctx, hublo_run_settings *settings,
                                                const char *key, const char *value);
/* The stage to reach: "all" (default: everything the study configures), "check" (read and
 * align the inputs, write nothing), "risk", "access", "isochrones", "deserts", "siting". */
HUBLO_C_API hublo_status hublo_run_settings_set_stage(hublo_run_settings *settings,
                                                      const char *stage);
/* The output folder (default: the study's [outputs] dir, relative to the working folder). */
HUBLO_C_API hublo_status hublo_run_settings_set_output_dir(hublo_run_settings *settings,
                                                           const char *dir);
/* 0: keep the layers in memory only, write nothing (default 1: write the outputs). */
HUBLO_C_API hublo_status hublo_run_settings_set_write(hublo_run_settings *settings, int write);

/* Runs the study up to the settings' stage (NULL settings: all stages, written to the
 * study's folder). Keeps the layers in the study handle until the next run. */
HUBLO_C_API hublo_status hublo_study_run(hublo_context *ctx, hublo_study *study,
                                         const hublo_run_settings *settings);
/* The summary of the last run, as the summary.json written beside the layers (also when
 * nothing was written). Free with hublo_free. */
HUBLO_C_API hublo_status hublo_study_summary_json(hublo_context *ctx, const hublo_study *study,
                                                  char **json);
/* Layers of the last run: their number, and each one's name (static until the next run). */
HUBLO_C_API hublo_status hublo_study_layer_count(hublo_context *ctx, const hublo_study *study,
                                                 size_t *count);
HUBLO_C_API hublo_status hublo_study_layer_name(hublo_context *ctx, const hublo_study *study,
                                                size_t index, const char **name);

/* ---- layers: a copy of one output layer, in WGS84 */
typedef struct hublo_layer hublo_layer;
typedef enum hublo_field_type {
    HUBLO_FIELD_STRING = 0,
    HUBLO_FIELD_INTEGER = 1,
    HUBLO_FIELD_REAL = 2
} hublo_field_type;

/* The layer named `name` of the last run ("communes", "deserts", "recommendations"...). */
HUBLO_C_API hublo_status hublo_study_layer(hublo_context *ctx, const hublo_study *study,
                                           const char *name, hublo_layer **out);
HUBLO_C_API void hublo_layer_destroy(hublo_layer *layer);
/* The whole layer as an RFC 7946 FeatureCollection. Free with hublo_free. */
HUBLO_C_API hublo_status hublo_layer_geojson(hublo_context *ctx, const hublo_layer *layer,
                                             char **geojson);
HUBLO_C_API hublo_status hublo_layer_feature_count(hublo_context *ctx, const hublo_layer *layer,
                                                   size_t *count);
HUBLO_C_API hublo_status hublo_layer_field_count(hublo_context *ctx, const hublo_layer *layer,
                                                 size_t *count);
/* A field's name (valid as long as the layer) and type. */
HUBLO_C_API hublo_status hublo_layer_field(hublo_context *ctx, const hublo_layer *layer,
                                           size_t field, const char **name, hublo_field_type *type);
/* A value: is_null set to 1 when the value is missing (the value is then left as is).
 * Asking a real of a string field (or the other way) is HUBLO_E_ARGUMENT; integers can be
 * read as reals. Strings are valid as long as the layer. */
HUBLO_C_API hublo_status hublo_layer_get_real(hublo_context *ctx, const hublo_layer *layer,
                                              size_t feature, size_t field, double *value,
                                              int *is_null);
HUBLO_C_API hublo_status hublo_layer_get_integer(hublo_context *ctx, const hublo_layer *layer,
                                                 size_t feature, size_t field, int64_t *value,
                                                 int *is_null);
HUBLO_C_API hublo_status hublo_layer_get_string(hublo_context *ctx, const hublo_layer *layer,
                                                size_t feature, size_t field, const char **value,
                                                int *is_null);
/* A feature's geometry as ISO WKB (little-endian; Point or MultiPolygon). Free with
 * hublo_free. */
HUBLO_C_API hublo_status hublo_layer_get_wkb(hublo_context *ctx, const hublo_layer *layer,
                                             size_t feature, unsigned char **wkb, size_t *size);

/* ---- direct calls for programs that only need one capability */
typedef struct hublo_network hublo_network;

/* The road network of a study's [network] section (its snapping and off-road settings,
 * and its [isochrones] raster settings when it has them). Read-only once built. */
HUBLO_C_API hublo_status hublo_network_from_study(hublo_context *ctx, const hublo_study *study,
                                                  hublo_network **out);
HUBLO_C_API void hublo_network_destroy(hublo_network *network);
HUBLO_C_API hublo_status hublo_network_node_count(hublo_context *ctx, const hublo_network *network,
                                                  size_t *count);

/* Isochrones from `n` origins (lonlat: 2n doubles, lon then lat) for `m` strictly
 * increasing thresholds in minutes: a FeatureCollection of n x m features (origin = rank
 * from 1, minutes_from, minutes_to, area_km2). `to_origin` 0: from the origins; 1: towards
 * them. An origin off the network is HUBLO_E_DATA naming it. Free with hublo_free. */
HUBLO_C_API hublo_status hublo_isochrones(hublo_context *ctx, const hublo_network *network,
                                          const double *lonlat, size_t n, const double *minutes,
                                          size_t m, int to_origin, char **geojson);

/* For each of `n_points` points, the time in minutes to the nearest of `n_origins`
 * origins (towards the origin, as people travel to a place): minutes[i] is NaN when the
 * point or every origin is off the network. `minutes` holds n_points doubles. */
HUBLO_C_API hublo_status hublo_nearest_times(hublo_context *ctx, const hublo_network *network,
                                             const double *origins_lonlat, size_t n_origins,
                                             const double *points_lonlat, size_t n_points,
                                             double *minutes);

#ifdef __cplusplus
}
#endif

#endif /* HUBLO_H */
