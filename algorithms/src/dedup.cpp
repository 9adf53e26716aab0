#include "hublo/algorithms/dedup.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace hublo::algorithms::dedup {

void Parameters::validate() const {
    if (!(distance_m >= 0.0) || !std::isfinite(distance_m)) {
        throw std::invalid_argument("dedup distance_m must be a finite number >= 0, got " +
                                    std::to_string(distance_m));
    }
}

namespace {
struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t root(std::uint32_t i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
    bool unite(std::uint32_t a, std::uint32_t b) {
        a = root(a);
        b = root(b);
        if (a == b) {
            return false;
        }
        // The lower index becomes the root, so the group id is the lowest member.
        if (b < a) {
            std::swap(a, b);
        }
        parent[b] = a;
        return true;
    }
};

struct CellKey {
    std::int64_t cx, cy;
    std::string_view name;
    bool operator==(const CellKey &) const = default;
};
struct CellKeyHash {
    std::size_t operator()(const CellKey &k) const noexcept {
        std::size_t h = std::hash<std::string_view>{}(k.name);
        h ^= std::hash<std::int64_t>{}(k.cx * 73856093 ^ k.cy * 19349663) + 0x9e3779b9 + (h << 6);
        return h;
    }
};
} // namespace

Result find_duplicates(std::span<const Candidate> candidates, const Parameters &parameters) {
    parameters.validate();
    const auto n = candidates.size();
    UnionFind uf(n);
    Result result;

    std::unordered_map<std::string_view, std::uint32_t> by_id;
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto id = candidates[i].id;
        if (id.empty()) {
            continue;
        }
        auto [it, inserted] = by_id.emplace(id, i);
        if (!inserted && uf.unite(it->second, i)) {
            ++result.merged_by_id;
        }
    }

    // Same name within the distance: hash (cell, name); a match lies in the 3x3 neighbourhood.
    const double cell = std::max(parameters.distance_m, 1e-6);
    const double d2 = parameters.distance_m * parameters.distance_m;
    std::unordered_map<CellKey, std::vector<std::uint32_t>, CellKeyHash> grid;
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto &c = candidates[i];
        if (c.name_key.empty()) {
            continue;
        }
        const auto cx = static_cast<std::int64_t>(std::floor(c.xy.x / cell));
        const auto cy = static_cast<std::int64_t>(std::floor(c.xy.y / cell));
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                auto it = grid.find(CellKey{cx + dx, cy + dy, c.name_key});
                if (it == grid.end()) {
                    continue;
                }
                for (const std::uint32_t j : it->second) {
                    const double ex = candidates[j].xy.x - c.xy.x;
                    const double ey = candidates[j].xy.y - c.xy.y;
                    if (ex * ex + ey * ey <= d2 && uf.unite(j, i)) {
                        ++result.merged_by_name;
                    }
                }
            }
        }
        grid[CellKey{cx, cy, c.name_key}].push_back(i);
    }

    result.group.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        result.group[i] = uf.root(i);
        if (result.group[i] == i) {
            ++result.group_count;
        }
    }
    return result;
}

} // namespace hublo::algorithms::dedup
