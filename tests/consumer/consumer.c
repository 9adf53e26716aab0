/* Opens the bundled study through the installed C API, checks it, prints the communes. */
#include <hublo/hublo.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    hublo_context *ctx = NULL;
    hublo_study *study = NULL;
    hublo_run_settings *settings = NULL;
    char *json = NULL;
    int ok = 0;
    if (hublo_context_create(&ctx) != HUBLO_OK ||
        hublo_run_settings_create(&settings) != HUBLO_OK) {
        return 1;
    }
    hublo_run_settings_set_stage(settings, "check");
    if (hublo_study_open_file(ctx, NULL, &study) == HUBLO_OK &&
        hublo_study_run(ctx, study, settings) == HUBLO_OK &&
        hublo_study_summary_json(ctx, study, &json) == HUBLO_OK) {
        ok = strstr(json, "\"communes\": 1754") != NULL;
        printf("hublo %s (C header %s): %s\n", hublo_version(), HUBLO_VERSION_STRING,
               ok ? "1754 communes" : "unexpected summary");
    } else {
        fprintf(stderr, "%s\n", hublo_last_error(ctx));
    }
    hublo_free(json);
    hublo_study_destroy(study);
    hublo_run_settings_destroy(settings);
    hublo_context_destroy(ctx);
    return ok ? 0 : 1;
}
