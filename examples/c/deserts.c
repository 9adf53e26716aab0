/* Runs a study through the C API and prints its ranked digital deserts.
 *
 *   cc deserts.c -o deserts $(pkg-config ...) or, with CMake, find_package(hublo) and
 *   target_link_libraries(deserts PRIVATE hublo::hublo)
 *   ./deserts [STUDY.toml]        (default: the bundled Centre-Val de Loire study)
 *
 * Nothing is written to disk: the layers stay in memory. */
#include <hublo/hublo.h>

#include <stdio.h>
#include <string.h>

static void progress(const char *stage, size_t done, size_t total, void *user_data) {
    (void)user_data;
    fprintf(stderr, "\r[%zu/%zu] %-40s", done < total ? done + 1 : total, total, stage);
}

/* The index of the field named `name`, or (size_t)-1. */
static size_t field(hublo_context *ctx, const hublo_layer *layer, const char *name) {
    size_t n = 0, i;
    const char *f;
    hublo_field_type type;
    hublo_layer_field_count(ctx, layer, &n);
    for (i = 0; i < n; ++i) {
        if (hublo_layer_field(ctx, layer, i, &f, &type) == HUBLO_OK && strcmp(f, name) == 0) {
            return i;
        }
    }
    return (size_t)-1;
}

int main(int argc, char **argv) {
    hublo_context *ctx = NULL;
    hublo_study *study = NULL;
    hublo_run_settings *settings = NULL;
    hublo_layer *deserts = NULL;
    hublo_status status;
    size_t n = 0, k, f_rank, f_name, f_communes, f_pop, f_demand, f_time;
    int rc = 1;

    if (hublo_context_create(&ctx) != HUBLO_OK ||
        hublo_run_settings_create(&settings) != HUBLO_OK) {
        return 1;
    }
    hublo_context_set_progress(ctx, progress, NULL);
    hublo_run_settings_set_stage(settings, "deserts");
    hublo_run_settings_set_write(settings, 0);
    status = hublo_study_open_file(ctx, argc > 1 ? argv[1] : NULL, &study);
    if (status == HUBLO_OK) {
        status = hublo_study_run(ctx, study, settings);
    }
    fprintf(stderr, "\r%60s\r", "");
    if (status == HUBLO_OK) {
        status = hublo_study_layer(ctx, study, "deserts", &deserts);
    }
    if (status != HUBLO_OK) {
        fprintf(stderr, "deserts: %s: %s\n", hublo_status_string(status), hublo_last_error(ctx));
        goto done;
    }
    f_rank = field(ctx, deserts, "rank");
    f_name = field(ctx, deserts, "name");
    f_communes = field(ctx, deserts, "communes");
    f_pop = field(ctx, deserts, "population");
    f_demand = field(ctx, deserts, "demand");
    f_time = field(ctx, deserts, "time_mean_min");
    hublo_layer_feature_count(ctx, deserts, &n);
    printf("%zu digital-desert zones\n", n);
    printf("%4s  %-28s %8s %11s %10s %8s\n", "rank", "zone", "communes", "population", "demand",
           "time min");
    for (k = 0; k < n; ++k) {
        int64_t rank = 0, communes = 0;
        double pop = 0, demand = 0, time = 0;
        const char *name = "";
        int null = 0;
        hublo_layer_get_integer(ctx, deserts, k, f_rank, &rank, &null);
        hublo_layer_get_string(ctx, deserts, k, f_name, &name, &null);
        hublo_layer_get_integer(ctx, deserts, k, f_communes, &communes, &null);
        hublo_layer_get_real(ctx, deserts, k, f_pop, &pop, &null);
        hublo_layer_get_real(ctx, deserts, k, f_demand, &demand, &null);
        hublo_layer_get_real(ctx, deserts, k, f_time, &time, &null);
        printf("%4lld  %-28s %8lld %11.0f %10.0f %8.1f\n", (long long)rank, name,
               (long long)communes, pop, demand, time);
    }
    rc = 0;
done:
    hublo_layer_destroy(deserts);
    hublo_study_destroy(study);
    hublo_run_settings_destroy(settings);
    hublo_context_destroy(ctx);
    return rc;
}
