// What the two files of the C API share: the handles behind its opaque types and the one
// exception barrier (GEOS's execute(handle, lambda) in capi/geos_ts_c.cpp).
#pragma once

#include "hublo/hublo.h"

#include "hublo/hublo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct hublo_context {
    std::string error;
    hublo_progress_fn progress = nullptr;
    void *progress_data = nullptr;
    hublo_interrupt_fn interrupt = nullptr;
    void *interrupt_data = nullptr;
    unsigned threads = 0;
};

struct hublo_study {
    explicit hublo_study(hublo::Study s) : study(std::move(s)) {}
    hublo::Study study;
};

struct hublo_run_settings {
    std::string stage = "all";
    std::string output_dir;
    bool write = true;
};

struct hublo_layer {
    explicit hublo_layer(hublo::Layer l) : layer(std::move(l)) {}
    hublo::Layer layer; ///< WGS84, rounded as written
};

struct hublo_network {
    explicit hublo_network(hublo::Network n) : network(std::move(n)) {}
    hublo::Network network;
};

namespace hublo::capi {

using namespace hublo;

inline hublo_status status_of(ErrorKind kind) {
    return static_cast<hublo_status>(error_kind_info(kind).c_status);
}

inline hublo_status fail(hublo_context *ctx, hublo_status status, const std::string &message) {
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
inline char *c_string(const std::string &s) {
    auto *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) {
        throw std::bad_alloc();
    }
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

inline hublo_status null_argument(hublo_context *ctx, const char *function, const char *argument) {
    return fail(ctx, HUBLO_E_NULL,
                std::string(function) + ": " + argument + " is NULL; pass a valid pointer");
}

/// An error status for (feature, field) outside the layer, or HUBLO_OK.
inline hublo_status check_cell(hublo_context *ctx, const hublo::Layer &layer, size_t feature,
                               size_t field, const char *function) {
    if (field < layer.field_count() && feature < layer.feature_count()) {
        return HUBLO_OK;
    }
    return fail(ctx, HUBLO_E_ARGUMENT,
                std::string(function) + ": feature " + std::to_string(feature) + ", field " +
                    std::to_string(field) + " is outside the layer (" +
                    std::to_string(layer.feature_count()) + " features, " +
                    std::to_string(layer.field_count()) + " fields)");
}

/// The value of (feature, field), or an error status with the message set.
template <class Use>
hublo_status with_value(hublo_context *ctx, const hublo_layer *layer, size_t feature, size_t field,
                        int *is_null, const char *function, Use &&use) {
    if (!layer || !is_null) {
        return null_argument(ctx, function, layer ? "is_null" : "layer");
    }
    if (const auto status = check_cell(ctx, layer->layer, feature, field, function)) {
        return status;
    }
    const auto &v = layer->layer.value(feature, field);
    *is_null = std::holds_alternative<std::monostate>(v) ? 1 : 0;
    if (*is_null) {
        return HUBLO_OK;
    }
    return use(layer->layer.field_name(field), v);
}

/// The run's options from the context (progress, interrupt, threads) and the settings.
inline RunOptions run_options(hublo_context *ctx, const hublo_run_settings &rs) {
    RunOptions options;
    options.output_dir = rs.output_dir;
    options.stage = rs.stage == "check" ? "all" : rs.stage;
    options.threads = ctx->threads;
    if (ctx->progress) {
        options.on_progress = [ctx](const Progress &p) {
            const std::string stage(p.stage);
            ctx->progress(stage.c_str(), p.done, p.total, ctx->progress_data);
        };
    }
    if (ctx->interrupt) {
        options.interrupted = [ctx] { return ctx->interrupt(ctx->interrupt_data) != 0; };
    }
    return options;
}

/// The WGS84 lon, lat pairs of a C array of 2n doubles.
inline std::span<const double> pairs(const double *lonlat, size_t n) {
    return {lonlat, lonlat ? 2 * n : 0};
}

} // namespace hublo::capi
