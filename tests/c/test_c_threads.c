/* Two threads, two contexts, the default study run concurrently: their outputs are
 * byte-identical to a single run's. Usage: test_c_threads OUT_DIR */
#include <hublo/hublo.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
    char dir[4096];
    hublo_status status;
    char error[512];
};

static void *run(void *arg) {
    struct job *job = (struct job *)arg;
    hublo_context *ctx = NULL;
    hublo_study *study = NULL;
    hublo_run_settings *settings = NULL;
    job->status = hublo_context_create(&ctx);
    if (job->status == HUBLO_OK) {
        job->status = hublo_study_open_file(ctx, NULL, &study);
    }
    if (job->status == HUBLO_OK) {
        job->status = hublo_run_settings_create(&settings);
    }
    if (job->status == HUBLO_OK) {
        hublo_run_settings_set_output_dir(settings, job->dir);
        job->status = hublo_study_run(ctx, study, settings);
    }
    snprintf(job->error, sizeof job->error, "%s", hublo_last_error(ctx));
    hublo_run_settings_destroy(settings);
    hublo_study_destroy(study);
    hublo_context_destroy(ctx);
    return NULL;
}

static int same_file(const char *a, const char *b) {
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb, ca, cb;
    while (same) {
        ca = fgetc(fa);
        cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF || cb == EOF) {
            break;
        }
    }
    if (fa) {
        fclose(fa);
    }
    if (fb) {
        fclose(fb);
    }
    return same;
}

int main(int argc, char **argv) {
    /* The files every run writes; summary.json differs only in its timings. */
    static const char *const files[] = {"communes.geojson",        "communes.csv",
                                        "places.geojson",          "epci.geojson",
                                        "bassins.geojson",         "isochrones.geojson",
                                        "deserts.geojson",         "deserts.csv",
                                        "recommendations.geojson", "centre-val-de-loire.gpkg"};
    struct job jobs[3];
    pthread_t threads[2];
    size_t i, k;
    int failures = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: test_c_threads OUT_DIR\n");
        return 2;
    }
    for (i = 0; i < 3; ++i) {
        snprintf(jobs[i].dir, sizeof jobs[i].dir, "%s/run%zu", argv[1], i);
    }
    run(&jobs[0]); /* alone */
    pthread_create(&threads[0], NULL, run, &jobs[1]);
    pthread_create(&threads[1], NULL, run, &jobs[2]);
    pthread_join(threads[0], NULL);
    pthread_join(threads[1], NULL);
    for (i = 0; i < 3; ++i) {
        if (jobs[i].status != HUBLO_OK) {
            fprintf(stderr, "run %zu: %s\n", i, jobs[i].error);
            ++failures;
        }
    }
    for (k = 0; k < sizeof files / sizeof files[0] && !failures; ++k) {
        char a[4200], b[4200];
        for (i = 1; i < 3; ++i) {
            snprintf(a, sizeof a, "%s/%s", jobs[0].dir, files[k]);
            snprintf(b, sizeof b, "%s/%s", jobs[i].dir, files[k]);
            if (!same_file(a, b)) {
                fprintf(stderr, "%s differs between the single run and thread %zu\n", files[k], i);
                ++failures;
            }
        }
    }
    printf("2 concurrent runs vs 1 alone: %zu files compared, %d differences or failures\n",
           sizeof files / sizeof files[0], failures);
    return failures ? 1 : 0;
}
