// Duplicate detection among places listed by several sources.
//
// Two places are the same when they share a non-empty identifier (SIRET), or when they share a
// non-empty normalised name and lie within `distance_m` of each other. The relation is closed
// transitively (union-find), so A~B and B~C put A, B and C in one group. The result does not
// depend on the input order except through group numbering, which follows the lowest member.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hublo::algorithms::dedup {

struct Candidate {
    geometry::XY xy;           ///< position in a metric CRS (metres)
    std::string_view id;       ///< e.g. a 14-digit SIRET; empty when unknown
    std::string_view name_key; ///< normalised name; empty when unknown
};

struct Parameters {
    double distance_m = 100.0; ///< names match only within this distance
    /// Throws std::invalid_argument naming the bad field.
    void validate() const;
};

struct Result {
    /// Per candidate, its group: the index of the group's lowest candidate.
    std::vector<std::uint32_t> group;
    std::size_t group_count = 0;
    std::size_t merged_by_id = 0;   ///< unions made because of a shared identifier
    std::size_t merged_by_name = 0; ///< unions made because of a shared name within the distance
};

Result find_duplicates(std::span<const Candidate> candidates, const Parameters &parameters);

} // namespace hublo::algorithms::dedup
