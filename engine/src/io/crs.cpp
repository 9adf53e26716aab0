#include "io/crs.hpp"

#include "hublo/error.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hublo::io {

namespace {
// PROJ objects are bound to a context (its database connection, error state, grid cache),
// and a context must not be used by two threads at once. Each thread has its own, as in
// GDAL (OSRGetProjTLSContext); an object used or destroyed on a thread is first moved to
// that thread's context. Contexts are pooled rather than destroyed when their thread ends
// (an object may still point to one), so a process has as many as it ever ran threads at
// once.
std::mutex pool_mutex;
auto &context_pool = *new std::vector<PJ_CONTEXT *>();

PJ_CONTEXT *new_context() {
    PJ_CONTEXT *ctx = proj_context_create();
    if (!ctx) {
        throw std::bad_alloc();
    }
    proj_log_level(ctx, PJ_LOG_NONE); // errors become hublo's messages; stderr stays clean
    return ctx;
}

struct ThreadContext {
    PJ_CONTEXT *ctx = nullptr;
    ThreadContext() = default;
    ThreadContext(const ThreadContext &) = delete;
    ThreadContext &operator=(const ThreadContext &) = delete;
    ~ThreadContext() {
        if (ctx) {
            std::lock_guard<std::mutex> lock(pool_mutex);
            context_pool.push_back(ctx);
        }
    }
};

PJ_CONTEXT *thread_context() {
    thread_local ThreadContext mine;
    if (!mine.ctx) {
        std::lock_guard<std::mutex> lock(pool_mutex);
        if (!context_pool.empty()) {
            mine.ctx = context_pool.back();
            context_pool.pop_back();
        }
    }
    if (!mine.ctx) {
        mine.ctx = new_context();
    }
    return mine.ctx;
}

// Parsing a definition and, above all, finding the operation between two CRS (a search of
// PROJ's database: ~10 ms for the first, ~2 ms for the next ones in the same context) are
// done once per process, in one context kept for them, under a lock: its database stays
// open and warm. What they give is cached and handed out to each thread in its own
// context: CRS as clones, operations rebuilt from their PROJ pipeline (no search, no
// database). Nothing here is ever destroyed: the objects could outlive PROJ's static
// state at exit.
std::mutex database_mutex;
PJ_CONTEXT *database_context = nullptr; // under database_mutex

/// The shared context; call under database_mutex.
PJ_CONTEXT *database() {
    if (!database_context) {
        database_context = new_context();
    }
    return database_context;
}

/// A found operation: its PROJ pipeline when it is one operation, else the object (PROJ
/// chooses among several by the points' area of use), cloned for each caller.
struct Operation {
    std::string pipeline;
    PJ *object = nullptr;
};
auto &crs_cache = *new std::map<std::string, PJ *>();
auto &operation_cache = *new std::map<std::pair<std::string, std::string>, Operation>();

std::string last_error(PJ_CONTEXT *ctx) {
    const int err = proj_context_errno(ctx);
    const char *text = err ? proj_context_errno_string(ctx, err) : nullptr;
    return text ? text : "no operation found";
}

/// The horizontal CRS GDAL reports on: a bound CRS (WKT1's TOWGS84) by its source, a
/// compound one by its first part. Owned by the caller, nullptr when `pj` is already it.
PJ *horizontal(PJ_CONTEXT *ctx, const PJ *pj) {
    switch (proj_get_type(pj)) {
    case PJ_TYPE_BOUND_CRS:
        return proj_get_source_crs(ctx, pj);
    case PJ_TYPE_COMPOUND_CRS:
        return proj_crs_get_sub_crs(ctx, pj, 0);
    default:
        return nullptr;
    }
}
} // namespace

void Crs::Deleter::operator()(PJconsts *p) const {
    proj_assign_context(p, thread_context());
    proj_destroy(p);
}

Crs::Crs() = default;
Crs::Crs(const Crs &other) : definition_(other.definition_), key_(other.key_) {
    if (other.pj_) {
        pj_.reset(proj_clone(thread_context(), other.pj_.get()));
    }
}
Crs &Crs::operator=(const Crs &other) {
    if (this != &other) {
        pj_.reset(other.pj_ ? proj_clone(thread_context(), other.pj_.get()) : nullptr);
        definition_ = other.definition_;
        key_ = other.key_;
    }
    return *this;
}
Crs::Crs(Crs &&) noexcept = default;
Crs &Crs::operator=(Crs &&) noexcept = default;
Crs::~Crs() = default;

Crs Crs::from_user(const std::string &definition, const std::string &context) {
    Crs crs;
    crs.definition_ = definition;
    crs.key_ = definition;
    std::lock_guard<std::mutex> lock(database_mutex);
    auto it = crs_cache.find(definition);
    if (it == crs_cache.end()) {
        // A PROJ string names a CRS for PROJ only with +type=crs, which GDAL adds.
        std::string text = definition;
        const bool proj_string = text.rfind("+proj=", 0) == 0 || text.rfind("proj=", 0) == 0;
        if (proj_string && text.find("type=crs") == std::string::npos) {
            text += " +type=crs";
        }
        PJ *pj = proj_create(database(), text.c_str());
        if (!pj || !proj_is_crs(pj)) {
            proj_destroy(pj);
            throw Error(ErrorKind::input, context + ": unknown CRS '" + definition +
                                              "'; give an authority code such as \"EPSG:2154\"");
        }
        it = crs_cache.emplace(definition, pj).first;
    }
    crs.pj_.reset(proj_clone(thread_context(), it->second));
    return crs;
}

Crs Crs::from_text(const std::string &text, const std::string &source) {
    Crs crs;
    if (text.empty()) {
        return crs;
    }
    crs.key_ = text;
    {
        std::lock_guard<std::mutex> lock(database_mutex);
        crs.pj_.reset(proj_create(database(), text.c_str()));
    }
    if (crs.pj_) {
        proj_assign_context(crs.pj_.get(), thread_context());
    }
    if (!crs.pj_ || !proj_is_crs(crs.pj_.get())) {
        throw Error(ErrorKind::data, source + ": PROJ cannot read the layer's CRS; declare it "
                                              "again in the file (ogr2ogr -a_srs EPSG:2154)");
    }
    return crs;
}

std::string Crs::name() const {
    if (!pj_) {
        return "";
    }
    PJ_CONTEXT *ctx = thread_context();
    std::unique_ptr<PJ, Deleter> own(horizontal(ctx, pj_.get()));
    const PJ *pj = own ? own.get() : pj_.get();
    const char *auth = proj_get_id_auth_name(pj, 0);
    const char *code = proj_get_id_code(pj, 0);
    if (auth && code) {
        return std::string(auth) + ":" + code;
    }
    const char *n = proj_get_name(pj);
    return n ? n : "unnamed CRS";
}

bool Crs::is_geographic() const {
    if (!pj_) {
        return false;
    }
    std::unique_ptr<PJ, Deleter> own(horizontal(thread_context(), pj_.get()));
    const auto type = proj_get_type(own ? own.get() : pj_.get());
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

bool Crs::same_as(const Crs &other) const {
    if (!pj_ || !other.pj_) {
        return pj_ == other.pj_;
    }
    // The comparison may look names up in the database: the shared context has it open.
    std::lock_guard<std::mutex> lock(database_mutex);
    return proj_is_equivalent_to_with_ctx(database(), pj_.get(), other.pj_.get(),
                                          PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

std::string Crs::json() const {
    if (!pj_) {
        return "";
    }
    std::lock_guard<std::mutex> lock(database_mutex);
    const char *text = proj_as_projjson(database(), pj_.get(), nullptr);
    return text ? text : "";
}

void Transformer::Deleter::operator()(PJconsts *p) const {
    proj_assign_context(p, thread_context());
    proj_destroy(p);
}

namespace {
/// The operation from one CRS to the other in traditional GIS order, as GDAL builds it.
PJ *create_operation(PJ_CONTEXT *ctx, const PJ *from, const PJ *to) {
    PJ *op = proj_create_crs_to_crs_from_pj(ctx, from, to, nullptr, nullptr);
    if (!op) {
        return nullptr;
    }
    PJ *normalized = proj_normalize_for_visualization(ctx, op);
    proj_destroy(op);
    return normalized;
}
} // namespace

Transformer::Transformer(const Crs &from, const Crs &to) {
    description_ = from.name() + " to " + to.name();
    if (from.empty() || to.empty()) {
        throw Error(ErrorKind::input,
                    "no coordinate transformation from " + description_ + ": a CRS is missing");
    }
    const auto key = std::make_pair(from.key_, to.key_);
    {
        std::lock_guard<std::mutex> lock(database_mutex);
        auto it = operation_cache.find(key);
        if (it == operation_cache.end()) {
            PJ_CONTEXT *db = database();
            PJ *object = create_operation(db, from.pj_.get(), to.pj_.get());
            if (!object) {
                throw Error(ErrorKind::input, "no coordinate transformation from " + description_ +
                                                  ": " + last_error(db));
            }
            Operation op;
            op.object = object;
            // Several candidate operations have no single pipeline: the object is cloned.
            if (const char *text = proj_as_proj_string(db, object, PJ_PROJ_5, nullptr)) {
                op.pipeline = text;
            }
            it = operation_cache.emplace(key, std::move(op)).first;
        }
        // Made in the shared context, whose database is open (a new context would open its
        // own, ~1 ms), then handed to this thread's.
        PJ_CONTEXT *db = database();
        PJ *made = it->second.pipeline.empty() ? proj_clone(db, it->second.object)
                                               : proj_create(db, it->second.pipeline.c_str());
        if (!made) {
            throw Error(ErrorKind::internal, "cannot instantiate the transformation from " +
                                                 description_ + ": " + last_error(db));
        }
        proj_assign_context(made, thread_context());
        pj_.reset(made);
    }
}
Transformer::Transformer(Transformer &&) noexcept = default;
Transformer &Transformer::operator=(Transformer &&) noexcept = default;
Transformer::~Transformer() = default;

void Transformer::apply(std::span<algorithms::geometry::XY> points) const {
    if (points.empty()) {
        return;
    }
    PJ *pj = pj_.get();
    proj_assign_context(pj, thread_context()); // whichever thread uses it now
    std::vector<double> xs(points.size()), ys(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
    }
    proj_errno_reset(pj);
    proj_trans_generic(pj, PJ_FWD, xs.data(), sizeof(double), xs.size(), ys.data(), sizeof(double),
                       ys.size(), nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            throw Error(ErrorKind::computation,
                        "cannot transform point (" + std::to_string(points[i].x) + ", " +
                            std::to_string(points[i].y) + ") from " + description_ +
                            "; check the CRS declared for that input");
        }
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i] = {xs[i], ys[i]};
    }
}

algorithms::geometry::XY Transformer::apply(algorithms::geometry::XY p) const {
    apply(std::span<algorithms::geometry::XY>(&p, 1));
    return p;
}

void Transformer::apply_shared(std::span<algorithms::geometry::XY> points) const {
    using algorithms::geometry::XY;
    // Distinct points by their bits (the same bits always transform to the same bits).
    struct Key {
        std::uint64_t x, y;
        bool operator==(const Key &) const = default;
    };
    struct Hash {
        std::size_t operator()(const Key &k) const {
            return static_cast<std::size_t>((k.x * 0x9E3779B97F4A7C15ull) ^ (k.y + (k.x >> 29)));
        }
    };
    std::unordered_map<Key, std::uint32_t, Hash> index;
    index.reserve(points.size());
    std::vector<XY> distinct;
    std::vector<std::uint32_t> slot(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        Key k{};
        std::memcpy(&k.x, &points[i].x, sizeof k.x);
        std::memcpy(&k.y, &points[i].y, sizeof k.y);
        const auto [it, inserted] =
            index.try_emplace(k, static_cast<std::uint32_t>(distinct.size()));
        if (inserted) {
            distinct.push_back(points[i]);
        }
        slot[i] = it->second;
    }
    apply(std::span<XY>(distinct));
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i] = distinct[slot[i]];
    }
}

void Transformer::apply(std::span<algorithms::geometry::MultiPolygon> polygons) const {
    using algorithms::geometry::XY;
    // Every vertex in one call, each distinct one once (neighbours share borders).
    std::vector<XY> all;
    for (const auto &multi : polygons) {
        for (const auto &polygon : multi) {
            for (const auto &ring : polygon.rings) {
                all.insert(all.end(), ring.begin(), ring.end());
            }
        }
    }
    apply_shared(all);
    std::size_t k = 0;
    for (auto &multi : polygons) {
        for (auto &polygon : multi) {
            for (auto &ring : polygon.rings) {
                std::copy_n(all.begin() + static_cast<std::ptrdiff_t>(k), ring.size(),
                            ring.begin());
                k += ring.size();
            }
        }
    }
}

void Transformer::apply(algorithms::geometry::MultiPolygon &multi) const {
    apply(std::span<algorithms::geometry::MultiPolygon>(&multi, 1));
}

std::string utm_zone_of(const algorithms::geometry::XY &lonlat) {
    const int zone = std::clamp(static_cast<int>(std::floor((lonlat.x + 180.0) / 6.0)) + 1, 1, 60);
    return "EPSG:" + std::to_string((lonlat.y >= 0 ? 32600 : 32700) + zone);
}

} // namespace hublo::io
