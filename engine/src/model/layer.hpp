// An output layer: named, typed attribute columns and one geometry per feature.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hublo::model {

enum class FieldType { string, integer, real };

/// A cell: null, text, integer or real. A real NaN is written as null.
using Value = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Field {
    std::string name;
    FieldType type = FieldType::string;
    std::vector<Value> values;
};

enum class GeometryType { polygons, points, lines, none };

struct Layer {
    std::string name;
    GeometryType geometry = GeometryType::polygons;
    std::deque<Field> fields; ///< a deque: add_field keeps earlier references valid
    std::vector<algorithms::geometry::MultiPolygon> polygons; ///< when geometry == polygons
    std::vector<algorithms::geometry::XY> points;             ///< when geometry == points
    std::vector<std::vector<algorithms::geometry::XY>> lines; ///< when geometry == lines

    [[nodiscard]] std::size_t size() const {
        return geometry == GeometryType::polygons ? polygons.size()
               : geometry == GeometryType::points ? points.size()
               : geometry == GeometryType::lines  ? lines.size()
               : fields.empty()                   ? 0
                                                  : fields[0].values.size();
    }
    /// Adds a column and returns it; fill its values in feature order.
    Field &add_field(std::string field_name, FieldType type) {
        fields.push_back(Field{std::move(field_name), type, {}});
        fields.back().values.reserve(size());
        return fields.back();
    }
};

/// The layer of that name in `layers`, or nullptr.
inline const Layer *find_layer(const std::vector<Layer> &layers, std::string_view name) {
    for (const auto &l : layers) {
        if (l.name == name) {
            return &l;
        }
    }
    return nullptr;
}

} // namespace hublo::model
