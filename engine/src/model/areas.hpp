// Areas of one level (communes, EPCI, bassins de vie, départements, custom zonings) with
// their codes, names, polygons and joined indicator columns, and which area of a level each
// commune belongs to.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hublo::model {

/// One level of areas, in the study CRS; index i of every vector is the same area.
struct AreaSet {
    std::string id;    ///< "communes", or the level's id ("epci"...)
    std::string label; ///< for messages ("EPCI")
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<algorithms::geometry::MultiPolygon> geoms;
    std::vector<std::string> geometry_origin;                            ///< "layer" or "dissolved"
    std::unordered_map<std::string, std::size_t> index;                  ///< code -> area
    std::vector<std::pair<std::string, std::vector<double>>> indicators; ///< joined columns

    /// The area of `code`, added with `name` when new.
    std::size_t add(const std::string &code, const std::string &name) {
        auto [it, inserted] = index.emplace(code, codes.size());
        if (inserted) {
            codes.push_back(code);
            names.push_back(name);
        }
        return it->second;
    }
    [[nodiscard]] std::size_t size() const { return codes.size(); }
    /// The joined column named `name`, or nullptr.
    [[nodiscard]] const std::vector<double> *indicator(const std::string &name) const {
        const std::vector<double> *found = nullptr;
        for (const auto &[n, values] : indicators) {
            if (n == name) {
                found = &values; // the last of that name, as the joins left them
            }
        }
        return found;
    }
};

/// For each commune, its area at one level (index into that level's AreaSet), or -1.
struct Membership {
    std::vector<std::ptrdiff_t> area_of_commune;
};

} // namespace hublo::model
