#include "io/crs.hpp"

#include "hublo/hublo.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hublo::io {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // No GeoJSON object size limit in GDAL (200 MB by default, refused with a vague
        // message): hublo bounds the polygons' vertices itself ([communes] max_vertices).
        if (!CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", nullptr)) {
            CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        }
        // GDAL's own messages are turned into hublo errors where they matter; keep stderr clean.
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

void Crs::Deleter::operator()(OGRSpatialReference *p) const {
    if (p) {
        p->Release();
    }
}

Crs::Crs() = default;
Crs::Crs(const Crs &other) : definition_(other.definition_) {
    if (other.srs_) {
        srs_.reset(other.srs_->Clone());
    }
}
Crs &Crs::operator=(const Crs &other) {
    if (this != &other) {
        srs_.reset(other.srs_ ? other.srs_->Clone() : nullptr);
        definition_ = other.definition_;
    }
    return *this;
}
Crs::Crs(Crs &&) noexcept = default;
Crs &Crs::operator=(Crs &&) noexcept = default;
Crs::~Crs() = default;

namespace {
// Parsing a definition and, above all, finding the operation between two CRS (a search of
// PROJ's database) cost milliseconds each; a study asks for the same few many times (every
// input in WGS 84, every output layer back to it). Both are cached for the process, and
// handed out as clones: each caller owns its objects, as GDAL requires across threads.
// The caches live until the process ends and are never destroyed: their objects hold PROJ
// contexts that may be gone by the time static destructors run.
std::mutex cache_mutex;
auto &srs_cache = *new std::map<std::string, OGRSpatialReference *>();
std::condition_variable cache_built;
auto &transforms_building = *new std::set<std::pair<std::string, std::string>>();
auto &transform_cache =
    *new std::map<std::pair<std::string, std::string>, OGRCoordinateTransformation *>();
} // namespace

Crs Crs::from_user(const std::string &definition, const std::string &context) {
    ensure_gdal();
    Crs crs;
    crs.definition_ = definition;
    {
        std::lock_guard<std::mutex> lock(cache_mutex);
        if (auto it = srs_cache.find(definition); it != srs_cache.end()) {
            crs.srs_.reset(it->second->Clone());
            return crs;
        }
    }
    crs.srs_.reset(new OGRSpatialReference());
    if (crs.srs_->SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
        throw Error(ErrorKind::input, context + ": unknown CRS '" + definition +
                                          "'; give an authority code such as \"EPSG:2154\"");
    }
    crs.srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (!srs_cache.count(definition)) {
        srs_cache.emplace(definition, crs.srs_->Clone());
    }
    return crs;
}

Crs Crs::from_osr(const OGRSpatialReference *srs) {
    Crs crs;
    if (srs) {
        crs.srs_.reset(srs->Clone());
        crs.srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    return crs;
}

std::string Crs::name() const {
    if (!srs_) {
        return "";
    }
    const char *auth = srs_->GetAuthorityName(nullptr);
    const char *code = srs_->GetAuthorityCode(nullptr);
    if (auth && code) {
        return std::string(auth) + ":" + code;
    }
    const char *n = srs_->GetName();
    return n ? n : "unnamed CRS";
}

bool Crs::is_geographic() const {
    return srs_ && srs_->IsGeographic();
}

void Transformer::Deleter::operator()(OGRCoordinateTransformation *p) const {
    OGRCoordinateTransformation::DestroyCT(p);
}

Transformer::Transformer(const Crs &from, const Crs &to) {
    ensure_gdal();
    description_ = from.name() + " to " + to.name();
    // Only CRS named by a definition are cached: one read from a file has no short key.
    const bool cacheable = !from.definition().empty() && !to.definition().empty();
    const auto key = std::make_pair(from.definition(), to.definition());
    if (!cacheable) {
        ct_.reset(OGRCreateCoordinateTransformation(from.osr(), to.osr()));
    } else {
        // One thread builds a pair at a time; the others wait for it and take a clone.
        std::unique_lock<std::mutex> lock(cache_mutex);
        cache_built.wait(lock, [&] { return !transforms_building.count(key); });
        if (auto it = transform_cache.find(key); it != transform_cache.end()) {
            ct_.reset(it->second->Clone());
        }
        if (!ct_) {
            transforms_building.insert(key);
            struct Done { // however the building ends, the waiting threads go on
                std::unique_lock<std::mutex> &lock;
                const std::pair<std::string, std::string> &key;
                ~Done() {
                    if (!lock.owns_lock()) {
                        lock.lock();
                    }
                    transforms_building.erase(key);
                    cache_built.notify_all();
                }
            } done{lock, key};
            lock.unlock();
            ct_.reset(OGRCreateCoordinateTransformation(from.osr(), to.osr()));
            lock.lock();
            if (ct_ && !transform_cache.count(key)) {
                transform_cache.emplace(key, ct_->Clone());
            }
        }
    }
    if (!ct_) {
        throw Error(ErrorKind::input, "no coordinate transformation from " + description_ + ": " +
                                          CPLGetLastErrorMsg());
    }
}
Transformer::Transformer(Transformer &&) noexcept = default;
Transformer &Transformer::operator=(Transformer &&) noexcept = default;
Transformer::~Transformer() = default;

void Transformer::apply(std::span<algorithms::geometry::XY> points) const {
    if (points.empty()) {
        return;
    }
    std::vector<double> xs(points.size()), ys(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
    }
    std::vector<int> ok(points.size(), 0);
    if (!ct_->Transform(static_cast<int>(points.size()), xs.data(), ys.data(), nullptr,
                        ok.data())) {
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (!ok[i]) {
                throw Error(ErrorKind::computation,
                            "cannot transform point (" + std::to_string(points[i].x) + ", " +
                                std::to_string(points[i].y) + ") from " + description_ +
                                "; check the CRS declared for that input");
            }
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

} // namespace hublo::io
