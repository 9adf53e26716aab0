#include "io/geojson_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace hublo::io {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::Ring;
using algorithms::geometry::XY;

namespace {
/// The length of the well-formed UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + len > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
            return 0;
        }
    }
    return len;
}
} // namespace

void append_json_string(std::string &out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            // JSON is UTF-8: a well-formed sequence is copied, anything else (Latin-1 bytes
            // from a source GDAL could not decode) becomes U+FFFD.
            const std::size_t len = utf8_sequence_length(s, i);
            if (len > 0) {
                i += len - 1;
                continue;
            }
            out.append(s.data() + run, i - run);
            run = i + 1;
            out += "\xEF\xBF\xBD";
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void append_json_number(std::string &out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

namespace {
// Rounds to `decimals` digits and removes trailing zeros: 2.440000 -> 2.44, -0.0 -> 0.
struct CoordFormatter {
    int decimals;
    double scale;
    explicit CoordFormatter(int d) : decimals(d), scale(std::pow(10.0, d)) {}

    double round(double v) const { return std::round(v * scale) / scale; }

    /// Only finite values: callers write a null geometry for the others.
    void append(std::string &out, double v) const {
        // Room for any finite double in fixed notation: 309 integer digits, 15 decimals.
        char buf[340];
        const auto res =
            std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
        char *end = res.ptr;
        if (decimals > 0) {
            while (end[-1] == '0') {
                --end;
            }
            if (end[-1] == '.') {
                --end;
            }
        }
        if (end - buf == 2 && buf[0] == '-' && buf[1] == '0') {
            out += '0';
            return;
        }
        out.append(buf, end);
    }
};

// Rounds a ring to the output precision and drops the positions that rounding made equal:
// what readers test (closure, orientation, validity) is what is written.
void round_ring(const Ring &ring, const CoordFormatter &fmt, Ring &out) {
    out.clear();
    for (const XY p : ring) {
        const XY q{fmt.round(p.x), fmt.round(p.y)};
        if (out.empty() || !(out.back() == q)) {
            out.push_back(q);
        }
    }
    algorithms::geometry::close_ring(out);
}

void append_ring(std::string &out, const Ring &ring, bool want_ccw, const CoordFormatter &fmt) {
    const bool ccw = algorithms::geometry::signed_area2(ring) > 0.0;
    out += '[';
    const std::size_t n = ring.size();
    for (std::size_t k = 0; k < n; ++k) {
        const XY p = ccw == want_ccw ? ring[k] : ring[n - 1 - k];
        if (k) {
            out += ',';
        }
        out += '[';
        fmt.append(out, p.x);
        out += ',';
        fmt.append(out, p.y);
        out += ']';
    }
    out += ']';
}

// Scratch space reused across features so the writer does not allocate per ring.
struct PolygonScratch {
    std::vector<Ring> rings;
    std::vector<std::size_t> ring_count; // rings kept per polygon
};

void append_polygons(std::string &out, const MultiPolygon &mp, const CoordFormatter &fmt,
                     PolygonScratch &scratch) {
    std::size_t used = 0;
    scratch.ring_count.clear();
    for (const auto &polygon : mp) {
        std::size_t kept = 0;
        for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
            if (used == scratch.rings.size()) {
                scratch.rings.emplace_back();
            }
            Ring &rounded = scratch.rings[used];
            round_ring(polygon.rings[r], fmt, rounded);
            // A ring that rounding collapsed (fewer than 4 positions or no area), or with a
            // NaN or infinite position, is dropped; a polygon whose shell is dropped goes
            // with its holes.
            const bool degenerate =
                rounded.size() < 4 ||
                !(std::abs(algorithms::geometry::signed_area2(rounded)) > 0.0) ||
                !std::all_of(rounded.begin(), rounded.end(),
                             [](const XY &p) { return std::isfinite(p.x) && std::isfinite(p.y); });
            if (degenerate) {
                if (r == 0) {
                    break;
                }
                continue;
            }
            ++used;
            ++kept;
        }
        if (kept > 0) {
            scratch.ring_count.push_back(kept);
        }
    }
    if (scratch.ring_count.empty()) {
        out += "null";
        return;
    }
    const bool single = scratch.ring_count.size() == 1;
    out += single ? R"({"type":"Polygon","coordinates":)"
                  : R"({"type":"MultiPolygon","coordinates":[)";
    std::size_t next = 0;
    for (std::size_t i = 0; i < scratch.ring_count.size(); ++i) {
        if (i) {
            out += ',';
        }
        out += '[';
        for (std::size_t r = 0; r < scratch.ring_count[i]; ++r) {
            if (r) {
                out += ',';
            }
            append_ring(out, scratch.rings[next++], r == 0, fmt);
        }
        out += ']';
    }
    out += single ? "}" : "]}";
}

void append_value(std::string &out, const model::Value &v) {
    if (const auto *s = std::get_if<std::string>(&v)) {
        append_json_string(out, *s);
    } else if (const auto *i = std::get_if<std::int64_t>(&v)) {
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, *i);
        out.append(buf, res.ptr);
    } else if (const auto *d = std::get_if<double>(&v)) {
        append_json_number(out, *d);
    } else {
        out += "null";
    }
}
} // namespace

namespace {
void check(const GeoJsonOptions &options) {
    if (options.decimals < 0 || options.decimals > 15) {
        throw std::invalid_argument("GeoJSON decimals must be within 0..15");
    }
}
} // namespace

void write_geojson_head(const model::Layer &layer, const GeoJsonOptions &options,
                        std::string &out) {
    check(options);
    if (!options.text_sequence) {
        out += R"({"type":"FeatureCollection","name":)";
        append_json_string(out, layer.name);
        out += ",\"features\":[\n";
    }
}

void write_geojson_features(const model::Layer &layer, const GeoJsonOptions &options,
                            std::size_t from, std::size_t to, std::string &out) {
    check(options);
    const CoordFormatter fmt(options.decimals);
    std::vector<std::string> keys;
    for (const auto &f : layer.fields) {
        std::string k;
        append_json_string(k, f.name);
        keys.push_back(std::move(k));
    }
    PolygonScratch scratch;
    const std::size_t n = layer.size();
    for (std::size_t i = from; i < std::min(to, n); ++i) {
        if (options.text_sequence) {
            out += '\x1e';
        }
        out += R"({"type":"Feature","properties":{)";
        for (std::size_t f = 0; f < layer.fields.size(); ++f) {
            if (f) {
                out += ',';
            }
            out += keys[f];
            out += ':';
            append_value(out, layer.fields[f].values[i]);
        }
        out += R"(},"geometry":)";
        if (layer.geometry == model::GeometryType::polygons) {
            append_polygons(out, layer.polygons[i], fmt, scratch);
        } else if (layer.geometry == model::GeometryType::points &&
                   !(std::isfinite(layer.points[i].x) && std::isfinite(layer.points[i].y))) {
            out += "null"; // NaN or infinite: no position to write
        } else if (layer.geometry == model::GeometryType::points) {
            out += R"({"type":"Point","coordinates":[)";
            fmt.append(out, layer.points[i].x);
            out += ',';
            fmt.append(out, layer.points[i].y);
            out += "]}";
        } else if (layer.geometry == model::GeometryType::lines && layer.lines[i].size() >= 2) {
            out += R"({"type":"LineString","coordinates":[)";
            for (std::size_t k = 0; k < layer.lines[i].size(); ++k) {
                out += k ? ",[" : "[";
                fmt.append(out, layer.lines[i][k].x);
                out += ',';
                fmt.append(out, layer.lines[i][k].y);
                out += ']';
            }
            out += "]}";
        } else {
            out += "null";
        }
        out += '}';
        if (!options.text_sequence && i + 1 < n) {
            out += ',';
        }
        out += '\n';
    }
}

void write_geojson_tail(const GeoJsonOptions &options, std::string &out) {
    if (!options.text_sequence) {
        out += "]}\n";
    }
}

void write_geojson(const model::Layer &layer, const GeoJsonOptions &options, std::string &out) {
    write_geojson_head(layer, options, out);
    write_geojson_features(layer, options, 0, layer.size(), out);
    write_geojson_tail(options, out);
}

std::string json_number(double v) {
    std::string s;
    append_json_number(s, v);
    return s;
}

} // namespace hublo::io
