#include "io/points.hpp"

#include "core/strings.hpp"
#include "hublo/error.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"
#include "io/vector.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace hublo::io {

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (auto &c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

/// The first of `names` among `fields`, compared without case.
std::optional<std::size_t> find_field(const std::vector<std::string> &fields,
                                      std::initializer_list<std::string_view> names) {
    for (const auto name : names) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (lower(fields[i]) == name) {
                return i;
            }
        }
    }
    return std::nullopt;
}
} // namespace

std::vector<PointRecord> read_points_file(const std::filesystem::path &path) {
    std::vector<PointRecord> out;
    const auto ext = lower(path.extension().string());
    if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
        const CsvTable csv = read_csv(path);
        const auto c_lon = find_field(csv.header, {"lon", "lng", "longitude", "long", "x"});
        const auto c_lat = find_field(csv.header, {"lat", "latitude", "y"});
        if (!c_lon || !c_lat) {
            throw Error(ErrorKind::input,
                        path.string() + ": no " + (c_lon ? "latitude" : "longitude") +
                            " column; name them lon and lat (or lng/longitude/x and "
                            "latitude/y), in WGS84 degrees. Columns found: " +
                            core::join(csv.header, ", "));
        }
        const auto c_id = find_field(csv.header, {"id", "identifiant", "code"});
        const auto c_name = find_field(csv.header, {"name", "nom"});
        for (std::size_t r = 0; r < csv.rows.size(); ++r) {
            const auto &row = csv.rows[r];
            bool bad = false;
            const auto lon = parse_number(row[*c_lon], csv.decimal_comma(), &bad);
            const auto lat = parse_number(row[*c_lat], csv.decimal_comma(), &bad);
            if (!lon || !lat || bad || std::abs(*lon) > 180 || std::abs(*lat) > 90) {
                throw Error(ErrorKind::data, path.string() + ":" + std::to_string(csv.row_line[r]) +
                                                 ": lon/lat \"" + row[*c_lon] + "\", \"" +
                                                 row[*c_lat] +
                                                 "\" are not WGS84 degrees; fix or remove the row");
            }
            out.push_back({*lon, *lat, c_id ? row[*c_id] : "", c_name ? row[*c_name] : ""});
        }
    } else {
        const Crs wgs84 = Crs::from_user("EPSG:4326", "WGS84");
        const auto layer =
            read_vector({path, "", "EPSG:4326", "--origins"}, wgs84, GeometryKind::points);
        const auto f_id = find_field(layer.fields, {"id", "identifiant", "code"});
        const auto f_name = find_field(layer.fields, {"name", "nom"});
        for (std::size_t i = 0; i < layer.size(); ++i) {
            if (!layer.points[i]) {
                throw Error(ErrorKind::data, layer.source + ": feature " +
                                                 std::to_string(layer.fids[i]) +
                                                 " has no point; give it one or remove it");
            }
            out.push_back({layer.points[i]->x, layer.points[i]->y,
                           f_id ? layer.values[i][*f_id] : "",
                           f_name ? layer.values[i][*f_name] : ""});
        }
    }
    if (out.empty()) {
        throw Error(ErrorKind::data, path.string() + ": no origin in the file");
    }
    return out;
}

} // namespace hublo::io
