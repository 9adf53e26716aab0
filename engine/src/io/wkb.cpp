#include "io/wkb.hpp"

#include <bit>
#include <cstdint>

namespace hublo::io {

namespace {
static_assert(std::endian::native == std::endian::little,
              "the WKB writer writes native doubles as little-endian");

void put_u32(std::string &b, std::uint32_t v) {
    b.append(reinterpret_cast<const char *>(&v), 4);
}
void put_f64(std::string &b, double v) {
    b.append(reinterpret_cast<const char *>(&v), 8);
}
constexpr char kLittleEndian = 1;
constexpr std::uint32_t kPoint = 1, kLineString = 2, kPolygon = 3, kMultiPolygon = 6;
} // namespace

std::string write_wkb(const model::Layer &layer, std::size_t feature) {
    std::string b;
    b.push_back(kLittleEndian);
    if (layer.geometry == model::GeometryType::points) {
        put_u32(b, kPoint);
        put_f64(b, layer.points[feature].x);
        put_f64(b, layer.points[feature].y);
        return b;
    }
    if (layer.geometry == model::GeometryType::lines) {
        put_u32(b, kLineString);
        put_u32(b, static_cast<std::uint32_t>(layer.lines[feature].size()));
        for (const auto &p : layer.lines[feature]) {
            put_f64(b, p.x);
            put_f64(b, p.y);
        }
        return b;
    }
    const auto &mp = layer.polygons[feature];
    put_u32(b, kMultiPolygon);
    put_u32(b, static_cast<std::uint32_t>(mp.size()));
    for (const auto &poly : mp) {
        b.push_back(kLittleEndian);
        put_u32(b, kPolygon);
        put_u32(b, static_cast<std::uint32_t>(poly.rings.size()));
        for (const auto &ring : poly.rings) {
            put_u32(b, static_cast<std::uint32_t>(ring.size()));
            for (const auto &p : ring) {
                put_f64(b, p.x);
                put_f64(b, p.y);
            }
        }
    }
    return b;
}

} // namespace hublo::io
