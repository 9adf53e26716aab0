// The C API's layers: the layers of a run, their fields, values and geometries.
#include "api/c_api_internal.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cstring>

using namespace hublo::capi;

extern "C" {

hublo_status hublo_study_layer_count(hublo_context *ctx, const hublo_study *study, size_t *count) {
    return guarded(ctx, [&] {
        if (!study || !count) {
            return null_argument(ctx, "hublo_study_layer_count", study ? "count" : "study");
        }
        if (!study->study.has_run()) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer_count: run the study first (hublo_study_run)");
        }
        *count = study->study.layer_names().size();
        return HUBLO_OK;
    });
}

hublo_status hublo_study_layer_name(hublo_context *ctx, const hublo_study *study, size_t index,
                                    const char **name) {
    return guarded(ctx, [&] {
        if (!study || !name) {
            return null_argument(ctx, "hublo_study_layer_name", study ? "name" : "study");
        }
        if (!study->study.has_run()) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer_name: run the study first (hublo_study_run)");
        }
        const auto &names = study->study.layer_names();
        if (index >= names.size()) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_study_layer_name: index " + std::to_string(index) +
                            " is beyond the " + std::to_string(names.size()) + " layers");
        }
        *name = names[index].c_str();
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
        if (!study->study.has_run()) {
            return fail(ctx, HUBLO_E_STATE,
                        "hublo_study_layer: run the study first (hublo_study_run)");
        }
        const auto &names = study->study.layer_names();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            const std::string list = hublo::core::join(names, ", ");
            return fail(ctx, HUBLO_E_ARGUMENT,
                        std::string("hublo_study_layer: no layer '") + name +
                            "' in the last run; its layers are: " + list);
        }
        *out = new hublo_layer(study->study.layer(name));
        return HUBLO_OK;
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
        *geojson = c_string(layer->layer.geojson());
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_feature_count(hublo_context *ctx, const hublo_layer *layer,
                                       size_t *count) {
    return guarded(ctx, [&] {
        if (!layer || !count) {
            return null_argument(ctx, "hublo_layer_feature_count", layer ? "count" : "layer");
        }
        *count = layer->layer.feature_count();
        return HUBLO_OK;
    });
}

hublo_status hublo_layer_field_count(hublo_context *ctx, const hublo_layer *layer, size_t *count) {
    return guarded(ctx, [&] {
        if (!layer || !count) {
            return null_argument(ctx, "hublo_layer_field_count", layer ? "count" : "layer");
        }
        *count = layer->layer.field_count();
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
        if (field >= layer->layer.field_count()) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_layer_field: field " + std::to_string(field) + " is beyond the " +
                            std::to_string(layer->layer.field_count()) + " fields");
        }
        *name = layer->layer.field_name(field).c_str();
        const auto t = layer->layer.field_type(field);
        *type = t == Layer::FieldType::string    ? HUBLO_FIELD_STRING
                : t == Layer::FieldType::integer ? HUBLO_FIELD_INTEGER
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
                          [&](const std::string &f, const Layer::Value &v) {
                              if (const auto *d = std::get_if<double>(&v)) {
                                  *value = *d;
                              } else if (const auto *i = std::get_if<std::int64_t>(&v)) {
                                  *value = static_cast<double>(*i);
                              } else {
                                  return fail(ctx, HUBLO_E_ARGUMENT,
                                              "hublo_layer_get_real: field '" + f +
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
                          [&](const std::string &f, const Layer::Value &v) {
                              if (const auto *i = std::get_if<std::int64_t>(&v)) {
                                  *value = *i;
                                  return HUBLO_OK;
                              }
                              return fail(ctx, HUBLO_E_ARGUMENT,
                                          "hublo_layer_get_integer: field '" + f +
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
                          [&](const std::string &f, const Layer::Value &v) {
                              if (const auto *s = std::get_if<std::string>(&v)) {
                                  *value = s->c_str();
                                  return HUBLO_OK;
                              }
                              return fail(ctx, HUBLO_E_ARGUMENT,
                                          "hublo_layer_get_string: field '" + f +
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
        if (feature >= layer->layer.feature_count()) {
            return fail(ctx, HUBLO_E_ARGUMENT,
                        "hublo_layer_get_wkb: feature " + std::to_string(feature) +
                            " is outside the layer's " +
                            std::to_string(layer->layer.feature_count()) + " features");
        }
        const std::string b = layer->layer.wkb(feature);
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

} // extern "C"
