#include "io/geojson_reader.hpp"

#include "io/text.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <unordered_map>

namespace hublo::io {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

/// Text GDAL's driver would type as a date, a time or a date-time (and print its own way):
/// declined. Deliberately wider than GDAL's test (OGRParseDate): digits, then - or / twice,
/// or digits and a colon.
bool looks_like_date_or_time(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') {
        ++i;
    }
    if (i < s.size() && s[i] == '-') {
        ++i;
    }
    auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            ++i;
        }
        return i - start;
    };
    if (digits() == 0 || i >= s.size()) {
        return false;
    }
    if (s[i] == ':') {
        return true;
    }
    if (s[i] != '-' && s[i] != '/') {
        return false;
    }
    ++i;
    return digits() > 0 && i < s.size() && (s[i] == '-' || s[i] == '/');
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// A property value read off the tape, formatted once every field's type is known.
struct Slot {
    enum class Kind : std::uint8_t { null, integer, real, text } kind = Kind::null;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view text;
};

/// The member `key` of `obj` when present exactly once; false when absent or repeated.
bool unique_member(const object &obj, std::string_view key, element &out) {
    bool found = false;
    for (auto field : obj) {
        if (field.key == key) {
            if (found) {
                return false;
            }
            out = field.value;
            found = true;
        }
    }
    return found;
}

class Reader {
public:
    Reader(GeometryKind kind, std::size_t max_vertices) : kind_(kind), max_(max_vertices) {}

    bool feature(const object &f) {
        bool typed = false, has_props = false, has_geometry = false;
        element props, geometry;
        for (auto field : f) {
            // A member given twice is declined: which one GDAL keeps is its own affair.
            if (field.key == "type") {
                std::string_view t;
                if (typed || field.value.get_string().get(t) || t != "Feature") {
                    return false;
                }
                typed = true;
            } else if (field.key == "properties") {
                if (has_props) {
                    return false;
                }
                has_props = true;
                props = field.value;
            } else if (field.key == "geometry") {
                if (has_geometry) {
                    return false;
                }
                has_geometry = true;
                geometry = field.value;
            } else {
                return false; // an id (GDAL's FID, or a field) or a foreign member (a field)
            }
        }
        if (!typed || !properties(has_props ? &props : nullptr)) {
            return false;
        }
        GeoJsonFeatures::Group g{out_.groups.size(), 0};
        if (has_geometry && !geometry.is_null() && !this->geometry(geometry)) {
            return false;
        }
        g.count = out_.groups.size() - g.first;
        out_.features.push_back(g);
        return true;
    }

    /// Formats the values now that every field's type is known.
    std::optional<GeoJsonFeatures> finish() {
        const std::size_t nf = out_.fields.size();
        for (std::size_t f = 0; f < nf; ++f) {
            if (has_text_[f] && (has_integer_[f] || has_real_[f])) {
                return std::nullopt; // GDAL makes it a text field and prints numbers its way
            }
        }
        const std::size_t n = out_.features.size();
        out_.values.assign(n, std::vector<std::string>(nf));
        out_.is_null.assign(n, std::vector<bool>(nf, true));
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto &[f, slot] : rows_[i]) {
                auto &v = out_.values[i][f];
                out_.is_null[i][f] = false;
                switch (slot.kind) {
                case Slot::Kind::text:
                    v.assign(slot.text);
                    break;
                case Slot::Kind::integer:
                    v = has_real_[f] ? shortest_double_text(static_cast<double>(slot.integer))
                                     : std::to_string(slot.integer);
                    break;
                case Slot::Kind::real:
                    v = shortest_double_text(slot.real);
                    break;
                case Slot::Kind::null:
                    out_.is_null[i][f] = true;
                    break;
                }
            }
        }
        return std::move(out_);
    }

private:
    bool properties(const element *props) {
        auto &row = rows_.emplace_back();
        if (!props || props->is_null()) {
            return true;
        }
        object obj;
        if (props->get_object().get(obj)) {
            return false;
        }
        std::size_t position = 0; // in the first feature's order
        for (auto field : obj) {
            auto it = index_.find(field.key);
            std::size_t f = 0;
            if (it == index_.end()) {
                // A key first seen after the first feature: GDAL orders fields by a graph of
                // the features' key orders; only the first feature's order is reproduced.
                if (rows_.size() > 1) {
                    return false;
                }
                if (!lowered_.emplace(lower(field.key)).second) {
                    return false; // two keys differing only in case
                }
                f = out_.fields.size();
                index_.emplace(field.key, f);
                out_.fields.emplace_back(field.key);
                has_text_.push_back(false);
                has_integer_.push_back(false);
                has_real_.push_back(false);
            } else {
                f = it->second;
            }
            if (f < position) {
                return false; // out of the first feature's order, or a repeated key
            }
            position = f + 1;
            Slot s;
            switch (field.value.type()) {
            case element_type::NULL_VALUE:
                break;
            case element_type::STRING:
                s.kind = Slot::Kind::text;
                s.text = field.value.get_string().value_unsafe();
                if (looks_like_date_or_time(s.text) || s.text.find('\0') != std::string::npos) {
                    return false;
                }
                has_text_[f] = true;
                break;
            case element_type::INT64:
                s.kind = Slot::Kind::integer;
                s.integer = field.value.get_int64().value_unsafe();
                has_integer_[f] = true;
                break;
            case element_type::DOUBLE:
                s.kind = Slot::Kind::real;
                s.real = field.value.get_double().value_unsafe();
                has_real_[f] = true;
                break;
            default: // booleans, objects, arrays, integers beyond int64
                return false;
            }
            row.emplace_back(f, s);
        }
        return true;
    }

    bool position(const element &e) {
        array a;
        if (e.get_array().get(a)) {
            return false;
        }
        // Two numbers: with a third, GDAL's layer becomes 3D (EPSG:4979), left to it.
        if (a.size() != 2) {
            return false;
        }
        double xy[2];
        std::size_t k = 0;
        for (element c : a) {
            if (c.get_double().get(xy[k++])) {
                return false;
            }
        }
        out_.coords.push_back({xy[0], xy[1]});
        return true;
    }

    /// A run of positions; `ring` asks for it closed (first == last).
    bool part(const element &e, std::size_t min_positions, bool ring) {
        array a;
        if (e.get_array().get(a) || a.size() < min_positions) {
            return false;
        }
        const std::uint64_t begin = out_.coords.size();
        for (element p : a) {
            if (!position(p)) {
                return false;
            }
        }
        if (ring) {
            const auto &first = out_.coords[begin], &last = out_.coords.back();
            if (first.x != last.x || first.y != last.y) {
                return false;
            }
        }
        out_.parts.push_back({begin, out_.coords.size()});
        vertices_ += out_.coords.size() - begin;
        return true;
    }

    bool polygon(const element &e) {
        array rings;
        if (e.get_array().get(rings) || rings.size() == 0) {
            return false;
        }
        GeoJsonFeatures::Group g{out_.parts.size(), 0};
        for (element r : rings) {
            if (!part(r, 1, true)) {
                return false;
            }
        }
        g.count = out_.parts.size() - g.first;
        out_.groups.push_back(g);
        return true;
    }

    bool line(const element &e) {
        GeoJsonFeatures::Group g{out_.parts.size(), 1};
        if (!part(e, 2, false)) {
            return false;
        }
        out_.groups.push_back(g);
        return true;
    }

    bool geometry(const element &e) {
        object g;
        element type_e, coords;
        std::string_view type;
        if (e.get_object().get(g) || !unique_member(g, "type", type_e) ||
            type_e.get_string().get(type) || !unique_member(g, "coordinates", coords)) {
            return false;
        }
        for (auto field : g) {
            if (field.key != "type" && field.key != "coordinates") {
                return false; // a bbox or a foreign member
            }
        }
        vertices_ = 0;
        array many;
        if (kind_ == GeometryKind::polygons) {
            if (type == "Polygon") {
                if (!polygon(coords)) {
                    return false;
                }
            } else if (type == "MultiPolygon") {
                if (coords.get_array().get(many) || many.size() == 0) {
                    return false;
                }
                for (element p : many) {
                    if (!polygon(p)) {
                        return false;
                    }
                }
            } else {
                return false;
            }
            return max_ == 0 || vertices_ <= max_;
        }
        if (kind_ == GeometryKind::lines) {
            if (type == "LineString") {
                return line(coords);
            }
            if (type != "MultiLineString" || coords.get_array().get(many) || many.size() == 0) {
                return false;
            }
            for (element l : many) {
                if (!line(l)) {
                    return false;
                }
            }
            return true;
        }
        if (type != "Point") {
            return false;
        }
        GeoJsonFeatures::Group one{out_.parts.size(), 1};
        const std::uint64_t begin = out_.coords.size();
        if (!position(coords)) {
            return false;
        }
        out_.parts.push_back({begin, begin + 1});
        out_.groups.push_back(one);
        return true;
    }

    GeometryKind kind_;
    std::size_t max_;
    std::size_t vertices_ = 0;
    GeoJsonFeatures out_;
    std::unordered_map<std::string_view, std::size_t> index_;
    std::set<std::string> lowered_;
    std::vector<bool> has_text_, has_integer_, has_real_;
    std::vector<std::vector<std::pair<std::size_t, Slot>>> rows_;
};

} // namespace

std::optional<GeoJsonFeatures> parse_geojson(std::string_view text, GeometryKind kind,
                                             std::size_t max_vertices) {
    simdjson::dom::parser parser;
    element doc;
    if (parser.parse(text.data(), text.size(), true).get(doc)) {
        return std::nullopt; // GDAL reports the syntax error in its words
    }
    object top;
    element type_e, features_e;
    std::string_view type;
    array features;
    if (doc.get_object().get(top) || !unique_member(top, "type", type_e) ||
        type_e.get_string().get(type) || type != "FeatureCollection" ||
        !unique_member(top, "features", features_e) || features_e.get_array().get(features) ||
        features.size() == 0) {
        return std::nullopt;
    }
    for (auto field : top) {
        if (field.key != "type" && field.key != "features" && field.key != "name") {
            return std::nullopt; // a legacy "crs" member, GDAL interprets it; or another one
        }
    }
    Reader reader(kind, max_vertices);
    for (element f : features) {
        object obj;
        if (f.get_object().get(obj) || !reader.feature(obj)) {
            return std::nullopt;
        }
    }
    return reader.finish();
}

} // namespace hublo::io
