/* The C API, compiled as C99: every function, its error paths and its ownership rules.
 * Run under AddressSanitizer (its leak checker) by the CI's sanitizer pass.
 * Usage: test_c_api DATA_DIR DATASET_DIR OUT_DIR */
#include <hublo/hublo.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int failures = 0, checks = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        ++checks;                                                                                  \
        if (!(cond)) {                                                                             \
            ++failures;                                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STATUS(call, expected)                                                               \
    do {                                                                                           \
        hublo_status got_ = (call);                                                                \
        ++checks;                                                                                  \
        if (got_ != (expected)) {                                                                  \
            ++failures;                                                                            \
            fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d; last error: %s\n", __FILE__, \
                    __LINE__, #call, (int)got_, hublo_status_string(got_), (int)(expected),        \
                    hublo_last_error(ctx));                                                        \
        }                                                                                          \
    } while (0)

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (char *)malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        n = 0;
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static size_t progress_calls = 0;
static void on_progress(const char *stage, size_t done, size_t total, void *user_data) {
    (void)stage;
    (void)done;
    (void)total;
    ++*(size_t *)user_data;
}

static int stop_now(void *user_data) {
    return *(int *)user_data;
}

static size_t count(const char *text, const char *needle) {
    size_t n = 0;
    const char *p = text;
    while ((p = strstr(p, needle)) != NULL) {
        ++n;
        p += strlen(needle);
    }
    return n;
}

static void test_basics(void) {
    hublo_context *ctx = NULL;
    CHECK(strcmp(hublo_version(), HUBLO_VERSION_STRING) == 0);
    CHECK(strcmp(hublo_status_string(HUBLO_OK), "success") == 0);
    CHECK(strstr(hublo_status_string(HUBLO_E_INTERRUPTED), "interrupted") != NULL);
    CHECK(strcmp(hublo_status_string((hublo_status)99), "unknown status") == 0);
    CHECK(hublo_context_create(NULL) == HUBLO_E_NULL);
    CHECK(strlen(hublo_last_error(NULL)) > 0);
    CHECK(hublo_context_set_threads(NULL, 1) == HUBLO_E_NULL);
    CHECK(hublo_context_set_progress(NULL, NULL, NULL) == HUBLO_E_NULL);
    CHECK(hublo_context_set_interrupt(NULL, NULL, NULL) == HUBLO_E_NULL);
    CHECK(hublo_study_open_file(NULL, NULL, NULL) == HUBLO_E_NULL);
    hublo_context_destroy(NULL);
    hublo_study_destroy(NULL);
    hublo_run_settings_destroy(NULL);
    hublo_layer_destroy(NULL);
    hublo_network_destroy(NULL);
    hublo_free(NULL);
    CHECK_STATUS(hublo_context_create(&ctx), HUBLO_OK);
    CHECK(strcmp(hublo_last_error(ctx), "") == 0);
    CHECK_STATUS(hublo_context_set_threads(ctx, 1), HUBLO_OK);
    hublo_context_destroy(ctx);
}

static void test_fixture(const char *data_dir, const char *out_dir) {
    hublo_context *ctx = NULL;
    hublo_study *study = NULL, *bad = NULL;
    hublo_run_settings *settings = NULL;
    hublo_layer *layer = NULL;
    hublo_network *network = NULL;
    char path[4096], *json = NULL, *text = NULL, *toml;
    size_t n = 0, fields = 0, i, calls = 0;
    const char *name = NULL, *s = NULL;
    hublo_field_type type;
    double real = 0;
    int64_t integer = 0;
    int is_null = -1, stop = 1;
    unsigned char *wkb = NULL;
    size_t wkb_size = 0;

    CHECK_STATUS(hublo_context_create(&ctx), HUBLO_OK);

    /* Missing file: an input error naming it. */
    snprintf(path, sizeof path, "%s/nowhere.toml", data_dir);
    CHECK_STATUS(hublo_study_open_file(ctx, path, &bad), HUBLO_E_INPUT);
    CHECK(strstr(hublo_last_error(ctx), "nowhere.toml") != NULL);
    CHECK(bad == NULL);
    CHECK_STATUS(hublo_study_open_file(ctx, path, NULL), HUBLO_E_NULL);

    /* From a string, relative paths against the data folder. */
    snprintf(path, sizeof path, "%s/study.toml", data_dir);
    toml = read_text(path);
    CHECK(toml != NULL);
    CHECK_STATUS(hublo_study_open_string(ctx, NULL, data_dir, &bad), HUBLO_E_NULL);
    CHECK_STATUS(hublo_study_open_string(ctx, "[study\nid = 1", data_dir, &bad), HUBLO_E_INPUT);
    CHECK_STATUS(hublo_study_open_string(ctx, toml, data_dir, &study), HUBLO_OK);
    free(toml);

    /* Overrides: a good one, then a typo that leaves the study as it was. */
    CHECK_STATUS(hublo_study_set(ctx, study, "outputs.decimals=5"), HUBLO_OK);
    CHECK_STATUS(hublo_study_set(ctx, study, "outputs.decimal=5"), HUBLO_E_INPUT);
    CHECK(strstr(hublo_last_error(ctx), "decimals") != NULL); /* the suggestion */
    CHECK_STATUS(hublo_study_set(ctx, NULL, "outputs.decimals=5"), HUBLO_E_NULL);
    CHECK_STATUS(hublo_study_set(ctx, study, NULL), HUBLO_E_NULL);

    /* Nothing to read before a run. */
    CHECK_STATUS(hublo_study_summary_json(ctx, study, &json), HUBLO_E_STATE);
    CHECK_STATUS(hublo_study_layer_count(ctx, study, &n), HUBLO_E_STATE);
    CHECK_STATUS(hublo_study_layer(ctx, study, "communes", &layer), HUBLO_E_STATE);
    CHECK_STATUS(hublo_study_layer_name(ctx, study, 0, &name), HUBLO_E_STATE);

    /* Settings. */
    CHECK(hublo_run_settings_create(NULL) == HUBLO_E_NULL);
    CHECK(hublo_run_settings_create(&settings) == HUBLO_OK);
    CHECK(hublo_run_settings_set_stage(settings, "everything") == HUBLO_E_ARGUMENT);
    CHECK(hublo_run_settings_set_stage(NULL, "all") == HUBLO_E_NULL);
    CHECK(hublo_run_settings_set_output_dir(settings, NULL) == HUBLO_E_NULL);
    CHECK(hublo_run_settings_set_write(NULL, 0) == HUBLO_E_NULL);
    CHECK(hublo_run_settings_set_stage(settings, "all") == HUBLO_OK);
    /* The context-first setter leaves a message naming what is allowed. */
    CHECK_STATUS(hublo_run_settings_set(ctx, settings, "stage", "everything"), HUBLO_E_ARGUMENT);
    CHECK(strstr(hublo_last_error(ctx), "deserts") != NULL);
    CHECK_STATUS(hublo_run_settings_set(ctx, settings, "colour", "red"), HUBLO_E_ARGUMENT);
    CHECK(strstr(hublo_last_error(ctx), "output_dir") != NULL);
    CHECK_STATUS(hublo_run_settings_set(ctx, settings, "write", "yes"), HUBLO_E_ARGUMENT);
    CHECK_STATUS(hublo_run_settings_set(ctx, NULL, "write", "1"), HUBLO_E_NULL);
    CHECK_STATUS(hublo_run_settings_set(ctx, settings, "stage", "all"), HUBLO_OK);
    CHECK(hublo_run_settings_set_write(settings, 0) == HUBLO_OK);

    /* A run in memory, with progress. */
    CHECK_STATUS(hublo_context_set_progress(ctx, on_progress, &calls), HUBLO_OK);
    CHECK_STATUS(hublo_study_run(ctx, NULL, settings), HUBLO_E_NULL);
    CHECK_STATUS(hublo_study_run(ctx, study, settings), HUBLO_OK);
    CHECK(calls >= 5);
    CHECK_STATUS(hublo_study_summary_json(ctx, study, &json), HUBLO_OK);
    CHECK(json && strstr(json, "\"communes\": 3") != NULL);
    CHECK(json && strstr(json, "\"decimals\": 5") != NULL);
    hublo_free(json);
    json = NULL;
    CHECK_STATUS(hublo_study_layer_count(ctx, study, &n), HUBLO_OK);
    CHECK(n >= 5); /* communes, places, epci, hub, zones */
    CHECK_STATUS(hublo_study_layer_name(ctx, study, 0, &name), HUBLO_OK);
    CHECK(name && strcmp(name, "communes") == 0);
    CHECK_STATUS(hublo_study_layer_name(ctx, study, n, &name), HUBLO_E_ARGUMENT);
    CHECK_STATUS(hublo_study_layer(ctx, study, "comunes", &layer), HUBLO_E_ARGUMENT);
    CHECK(strstr(hublo_last_error(ctx), "communes") != NULL);

    /* The communes layer: 3 features, values by type, WKB. */
    CHECK_STATUS(hublo_study_layer(ctx, study, "communes", &layer), HUBLO_OK);
    CHECK_STATUS(hublo_layer_feature_count(ctx, layer, &n), HUBLO_OK);
    CHECK(n == 3);
    CHECK_STATUS(hublo_layer_field_count(ctx, layer, &fields), HUBLO_OK);
    CHECK(fields > 4);
    CHECK_STATUS(hublo_layer_field(ctx, layer, fields, &name, &type), HUBLO_E_ARGUMENT);
    CHECK_STATUS(hublo_layer_field(ctx, layer, 0, NULL, &type), HUBLO_E_NULL);
    for (i = 0; i < fields; ++i) {
        CHECK_STATUS(hublo_layer_field(ctx, layer, i, &name, &type), HUBLO_OK);
        if (strcmp(name, "code") == 0) {
            CHECK(type == HUBLO_FIELD_STRING);
            CHECK_STATUS(hublo_layer_get_string(ctx, layer, 0, i, &s, &is_null), HUBLO_OK);
            CHECK(is_null == 0 && strcmp(s, "37001") == 0);
            CHECK_STATUS(hublo_layer_get_real(ctx, layer, 0, i, &real, &is_null), HUBLO_E_ARGUMENT);
            CHECK_STATUS(hublo_layer_get_string(ctx, layer, 3, i, &s, &is_null), HUBLO_E_ARGUMENT);
        } else if (strcmp(name, "population") == 0) {
            /* People: an integer. */
            CHECK(type == HUBLO_FIELD_INTEGER);
            CHECK_STATUS(hublo_layer_get_integer(ctx, layer, 0, i, &integer, &is_null), HUBLO_OK);
            CHECK(is_null == 0 && integer == 1000);
            CHECK_STATUS(hublo_layer_get_string(ctx, layer, 0, i, &s, &is_null), HUBLO_E_ARGUMENT);
            /* Integers can be read as reals (the header's promise). */
            CHECK_STATUS(hublo_layer_get_real(ctx, layer, 0, i, &real, &is_null), HUBLO_OK);
            CHECK(is_null == 0 && real == 1000.0);
        } else if (strcmp(name, "area_km2") == 0) {
            CHECK(type == HUBLO_FIELD_REAL);
            CHECK_STATUS(hublo_layer_get_real(ctx, layer, 0, i, &real, &is_null), HUBLO_OK);
            CHECK(is_null == 0 && real > 0.0);
            CHECK_STATUS(hublo_layer_get_integer(ctx, layer, 0, i, &integer, &is_null),
                         HUBLO_E_ARGUMENT);
            CHECK_STATUS(hublo_layer_get_real(ctx, layer, 0, i, NULL, &is_null), HUBLO_E_NULL);
        } else if (strcmp(name, "places") == 0) {
            CHECK(type == HUBLO_FIELD_INTEGER);
            CHECK_STATUS(hublo_layer_get_integer(ctx, layer, 0, i, &integer, &is_null), HUBLO_OK);
            CHECK(is_null == 0 && integer == 1);
            CHECK_STATUS(hublo_layer_get_real(ctx, layer, 0, i, &real, &is_null), HUBLO_OK);
            CHECK(real == 1.0);
        }
    }
    CHECK_STATUS(hublo_layer_get_wkb(ctx, layer, 0, &wkb, &wkb_size), HUBLO_OK);
    /* Little-endian MultiPolygon of one polygon of one ring of 5 points. */
    CHECK(wkb_size == 1 + 4 + 4 + (1 + 4 + 4 + 4 + 5 * 16));
    CHECK(wkb && wkb[0] == 1 && wkb[1] == 6 && wkb[5] == 1);
    hublo_free(wkb);
    CHECK_STATUS(hublo_layer_get_wkb(ctx, layer, 3, &wkb, &wkb_size), HUBLO_E_ARGUMENT);
    CHECK_STATUS(hublo_layer_geojson(ctx, layer, &text), HUBLO_OK);
    CHECK(text && count(text, "\"Feature\"") == 3);
    CHECK(text && strstr(text, "\"37001\"") != NULL);
    hublo_free(text);
    CHECK_STATUS(hublo_layer_geojson(ctx, layer, NULL), HUBLO_E_NULL);
    hublo_layer_destroy(layer);
    layer = NULL;

    /* Points come out as WKB points. */
    CHECK_STATUS(hublo_study_layer(ctx, study, "places", &layer), HUBLO_OK);
    CHECK_STATUS(hublo_layer_get_wkb(ctx, layer, 0, &wkb, &wkb_size), HUBLO_OK);
    CHECK(wkb_size == 21 && wkb[1] == 1);
    hublo_free(wkb);
    hublo_layer_destroy(layer);

    /* Interrupted: a distinct status, and nothing written. */
    snprintf(path, sizeof path, "%s/interrupted", out_dir);
    CHECK(hublo_run_settings_set_output_dir(settings, path) == HUBLO_OK);
    CHECK(hublo_run_settings_set_write(settings, 1) == HUBLO_OK);
    CHECK_STATUS(hublo_context_set_interrupt(ctx, stop_now, &stop), HUBLO_OK);
    CHECK_STATUS(hublo_study_run(ctx, study, settings), HUBLO_E_INTERRUPTED);
    CHECK(strstr(hublo_last_error(ctx), "interrupted") != NULL);
    CHECK(!exists(path));
    CHECK_STATUS(hublo_study_layer_count(ctx, study, &n), HUBLO_E_STATE);

    /* Written: summary.json beside the layers, the same text as in memory. */
    stop = 0;
    CHECK_STATUS(hublo_study_run(ctx, study, settings), HUBLO_OK);
    snprintf(path, sizeof path, "%s/interrupted/summary.json", out_dir);
    text = read_text(path);
    CHECK(text != NULL);
    CHECK_STATUS(hublo_study_summary_json(ctx, study, &json), HUBLO_OK);
    CHECK(text && json && strcmp(text, json) == 0);
    free(text);
    hublo_free(json);

    /* The check stage writes nothing; the fixture has no network. */
    CHECK(hublo_run_settings_set_stage(settings, "check") == HUBLO_OK);
    snprintf(path, sizeof path, "%s/check", out_dir);
    CHECK(hublo_run_settings_set_output_dir(settings, path) == HUBLO_OK);
    CHECK_STATUS(hublo_study_run(ctx, study, settings), HUBLO_OK);
    CHECK(!exists(path));
    CHECK_STATUS(hublo_network_from_study(ctx, study, &network), HUBLO_E_INPUT);
    CHECK(strstr(hublo_last_error(ctx), "[network]") != NULL);

    hublo_run_settings_destroy(settings);
    hublo_study_destroy(study);
    hublo_context_destroy(ctx);
}

static void test_network(void) {
    hublo_context *ctx = NULL;
    hublo_study *study = NULL;
    hublo_network *network = NULL;
    char *geojson = NULL;
    size_t nodes = 0;
    /* Chinon, Orléans, Bourges. */
    const double three[] = {0.2423, 47.1667, 1.9093, 47.9030, 2.3995, 47.0822};
    const double swapped[] = {47.1667, 0.2423}, not_degrees[] = {200.0, 47.0};
    const double minutes[] = {10, 20}, backwards[] = {20, 10};
    const double points[] = {0.2423, 47.1667, 0.30, 47.20, -4.0, 48.0};
    double times[3] = {0, 0, 0};

    CHECK_STATUS(hublo_context_create(&ctx), HUBLO_OK);
    CHECK_STATUS(hublo_study_open_file(ctx, NULL, &study), HUBLO_OK); /* the bundled one */
    CHECK_STATUS(hublo_network_from_study(ctx, study, NULL), HUBLO_E_NULL);
    CHECK_STATUS(hublo_network_from_study(ctx, study, &network), HUBLO_OK);
    CHECK_STATUS(hublo_network_node_count(ctx, network, &nodes), HUBLO_OK);
    CHECK(nodes > 10000);
    CHECK_STATUS(hublo_isochrones(ctx, network, three, 3, minutes, 2, 0, &geojson), HUBLO_OK);
    CHECK(geojson && count(geojson, "\"Feature\"") == 6);
    CHECK(geojson && count(geojson, "Polygon\"") == 6); /* Polygon or MultiPolygon */
    hublo_free(geojson);
    geojson = NULL;
    CHECK_STATUS(hublo_isochrones(ctx, network, three, 1, minutes, 2, 1, &geojson), HUBLO_OK);
    hublo_free(geojson);
    geojson = NULL;
    CHECK_STATUS(hublo_isochrones(ctx, network, swapped, 1, minutes, 2, 0, &geojson), HUBLO_E_DATA);
    CHECK(strstr(hublo_last_error(ctx), "check its lon,lat order") != NULL);
    CHECK_STATUS(hublo_isochrones(ctx, network, not_degrees, 1, minutes, 2, 0, &geojson),
                 HUBLO_E_ARGUMENT);
    CHECK_STATUS(hublo_isochrones(ctx, network, three, 1, backwards, 2, 0, &geojson),
                 HUBLO_E_INPUT);
    CHECK(strstr(hublo_last_error(ctx), "must increase") != NULL);
    CHECK_STATUS(hublo_isochrones(ctx, network, points + 4, 1, minutes, 2, 0, &geojson),
                 HUBLO_E_DATA); /* in the sea off Brittany: off the network */
    CHECK(geojson == NULL);
    CHECK_STATUS(hublo_isochrones(ctx, NULL, three, 1, minutes, 2, 0, &geojson), HUBLO_E_NULL);

    CHECK_STATUS(hublo_nearest_times(ctx, network, three, 1, points, 3, times), HUBLO_OK);
    CHECK(times[0] >= 0 && times[0] < 1.0);      /* the origin itself */
    CHECK(times[1] > times[0] && times[1] < 20); /* a few km away */
    CHECK(isnan(times[2]));                      /* off the network */
    CHECK_STATUS(hublo_nearest_times(ctx, network, three, 1, points, 3, NULL), HUBLO_E_NULL);

    hublo_network_destroy(network);
    hublo_study_destroy(study);
    hublo_context_destroy(ctx);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: test_c_api DATA_DIR DATASET_DIR OUT_DIR\n");
        return 2;
    }
    (void)argv[2];
    test_basics();
    test_fixture(argv[1], argv[3]);
    test_network();
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
