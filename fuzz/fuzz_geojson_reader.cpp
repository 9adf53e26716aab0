// libFuzzer target: hublo's own GeoJSON reader against GDAL's driver (a differential test).
// The bytes are either the file itself (when they start with '{') or drive a generator of
// FeatureCollections near the reader's rules: keys that collide, change
// order or case; text, dates, integers, reals, booleans, nulls; Points, lines, polygons with
// holes, unclosed or degenerate rings, third coordinates, wrong kinds. Whenever the fast
// reader accepts a file, GDAL must read it too and give exactly the same layer; the fast
// reader itself must never crash, whatever the bytes.
#include "hublo/hublo.hpp"
#include "io/vector.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {
struct Bytes {
    const std::uint8_t *p;
    std::size_t n;
    unsigned byte() {
        if (n == 0) {
            return 0;
        }
        --n;
        return *p++;
    }
    unsigned pick(unsigned count) { return byte() % count; }
};

std::string number(Bytes &in, double centre) {
    switch (in.pick(4)) {
    case 0:
        return std::to_string(static_cast<int>(centre) + static_cast<int>(in.pick(3)));
    case 1:
        return std::to_string(centre + in.pick(200) / 100.0);
    case 2:
        return "1e" + std::to_string(in.pick(8));
    default:
        return std::to_string(centre) + std::to_string(in.pick(1000));
    }
}

std::string position(Bytes &in) {
    std::string s = "[" + number(in, 1.0) + "," + number(in, 47.0);
    if (in.pick(16) == 0) {
        s += ",0";
    }
    return s + "]";
}

std::string positions(Bytes &in, bool closed) {
    const unsigned n = closed ? 3 + in.pick(4) : 2 + in.pick(3);
    std::string first = position(in), s = "[" + first;
    for (unsigned i = 1; i < n; ++i) {
        s += "," + position(in);
    }
    if (closed && in.pick(8) != 0) {
        s += "," + first;
    }
    return s + "]";
}

std::string polygon(Bytes &in) {
    std::string s = "[" + positions(in, true);
    for (unsigned h = in.pick(3); h > 0; --h) {
        s += "," + positions(in, true);
    }
    return s + "]";
}

std::string geometry(Bytes &in) {
    switch (in.pick(7)) {
    case 0:
        return "null";
    case 1:
        return R"({"type":"Point","coordinates":)" + position(in) + "}";
    case 2:
        return R"({"type":"LineString","coordinates":)" + positions(in, false) + "}";
    case 3:
        return R"({"type":"MultiLineString","coordinates":[)" + positions(in, false) + "," +
               positions(in, false) + "]}";
    case 4:
        return R"({"type":"MultiPolygon","coordinates":[)" + polygon(in) + "," + polygon(in) + "]}";
    default:
        return R"({"type":"Polygon","coordinates":)" + polygon(in) + "}";
    }
}

std::string value(Bytes &in) {
    static const char *const kText[] = {R"("01001")",      R"("2A004")", R"("Ch\u00e2teau")",
                                        R"("2022-12-01")", R"("")",      R"("a\"b")"};
    switch (in.pick(6)) {
    case 0:
        return "null";
    case 1:
        return in.pick(8) == 0 ? "true" : kText[in.pick(6)];
    case 2:
        return std::to_string(static_cast<int>(in.byte()) - 100);
    case 3:
        return std::to_string(in.byte() * 1000000);
    case 4:
        return number(in, 0.0);
    default:
        return kText[in.pick(6)];
    }
}

std::string generate(Bytes &in) {
    static const char *const kKeys[] = {"code", "pop", "name", "Code", "x"};
    std::string s = R"({"type":"FeatureCollection","features":[)";
    const unsigned features = 1 + in.pick(5);
    for (unsigned f = 0; f < features; ++f) {
        s += f ? "," : "";
        s += R"({"type":"Feature",)";
        if (in.pick(16) == 0) {
            s += R"("id":)" + std::to_string(f) + ",";
        }
        s += R"("properties":{)";
        const unsigned keys = in.pick(4);
        for (unsigned k = 0; k < keys; ++k) {
            s += (k ? "," : "") + std::string("\"") + kKeys[in.pick(5)] + "\":" + value(in);
        }
        s += R"(},"geometry":)" + geometry(in) + "}";
    }
    s += "]}";
    if (in.pick(16) == 0 && !s.empty()) {
        s.resize(in.pick(static_cast<unsigned>(s.size()))); // truncated
    }
    return s;
}

bool same(const hublo::io::VectorLayer &a, const hublo::io::VectorLayer &b) {
    if (a.fields != b.fields || a.values != b.values || a.is_null != b.is_null ||
        a.fids != b.fids || a.points != b.points || a.lines != b.lines ||
        a.degenerate_rings != b.degenerate_rings || a.source_crs != b.source_crs ||
        a.polygons.size() != b.polygons.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.polygons.size(); ++i) {
        if (a.polygons[i].size() != b.polygons[i].size()) {
            return false;
        }
        for (std::size_t p = 0; p < a.polygons[i].size(); ++p) {
            if (a.polygons[i][p].rings != b.polygons[i][p].rings) {
                return false;
            }
        }
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace hublo::io;
    static const Crs lambert93 = Crs::from_user("EPSG:2154", "fuzz");
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("hublo_fuzz_" + std::to_string(::getpid()) + ".geojson");
    Bytes in{data, size};
    const bool raw = size > 0 && data[0] == '{';
    const auto kind = static_cast<GeometryKind>((raw ? size : in.byte()) % 3);
    const std::string text =
        raw ? std::string(reinterpret_cast<const char *>(data), size) : generate(in);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const VectorSource source{path, "", "", "[fuzz]", 0};
    std::optional<VectorLayer> fast;
    try {
        fast = detail::read_geojson_fast(source, lambert93, kind);
    } catch (const hublo::Error &e) {
        std::fprintf(stderr, "the fast reader threw (%s) on:\n%s\n", e.what(), text.c_str());
        std::abort(); // it declines, it does not throw, for a file without crs setting
    }
    if (!fast) {
        return 0;
    }
    try {
        if (!same(*fast, detail::read_vector_gdal(source, lambert93, kind))) {
            std::fprintf(stderr, "the readers differ on:\n%s\n", text.c_str());
            std::abort();
        }
    } catch (const hublo::Error &e) {
        std::fprintf(stderr, "GDAL refused (%s) what the fast reader accepted:\n%s\n", e.what(),
                     text.c_str());
        std::abort();
    }
    return 0;
}
