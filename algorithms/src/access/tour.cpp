#include "hublo/algorithms/access/tour.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace hublo::algorithms::access {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Time improvements below this many seconds are not moves (rounding, not progress).
constexpr double kMinGainS = 1e-6;

void validate(const TourProblem &p) {
    if (p.sites == 0) {
        throw std::invalid_argument("tour: no sites (site 0 is the depot)");
    }
    if (p.drive_s.size() != p.sites * p.sites) {
        throw std::invalid_argument("tour: drive_s has " + std::to_string(p.drive_s.size()) +
                                    " values for " + std::to_string(p.sites) + " sites");
    }
    if (p.reach.size() != p.sites) {
        throw std::invalid_argument("tour: reach has " + std::to_string(p.reach.size()) +
                                    " rows for " + std::to_string(p.sites) + " sites");
    }
    for (const auto &row : p.reach) {
        for (const auto point : row) {
            if (point >= p.weight.size()) {
                throw std::invalid_argument("tour: reach names point " + std::to_string(point) +
                                            " of " + std::to_string(p.weight.size()));
            }
        }
    }
    for (const double d : p.drive_s) {
        if (std::isnan(d) || d < 0) {
            throw std::invalid_argument("tour: a drive time is negative or NaN");
        }
    }
    if (!(p.stop_s >= 0) || !std::isfinite(p.stop_s) || !(p.day_s > p.stop_s) ||
        !std::isfinite(p.day_s)) {
        throw std::invalid_argument("tour: the day must be finite and longer than a stop");
    }
    if (p.days == 0) {
        throw std::invalid_argument("tour: no day to plan");
    }
}

/// The search: the days, their seconds, and how many visited stops reach each point.
class Search {
public:
    explicit Search(const TourProblem &p)
        : p_(p), reach_(p.reach), days_(p.days), secs_(p.days, 0.0), count_(p.weight.size(), 0),
          visited_(p.sites, 0) {
        for (auto &row : reach_) {
            std::sort(row.begin(), row.end());
            row.erase(std::unique(row.begin(), row.end()), row.end());
        }
    }

    /// Inserts the best stop by prize per added second while one fits; true if any did.
    bool insert_all() {
        bool any = false;
        while (insert_best()) {
            any = true;
        }
        return any;
    }

    /// 2-opt on day d until no reversal shortens it; true if one did.
    bool two_opt(std::size_t d) {
        auto &r = days_[d];
        bool any = false;
        for (bool improved = true; improved;) {
            improved = false;
            for (std::size_t i = 0; i + 1 < r.size() && !improved; ++i) {
                for (std::size_t j = i + 1; j < r.size() && !improved; ++j) {
                    auto cand = r;
                    std::reverse(cand.begin() + static_cast<std::ptrdiff_t>(i),
                                 cand.begin() + static_cast<std::ptrdiff_t>(j) + 1);
                    const double s = tour_seconds(p_, cand);
                    if (s < secs_[d] - kMinGainS) {
                        r = std::move(cand);
                        secs_[d] = s;
                        improved = any = true;
                        ++moves_;
                    }
                }
            }
        }
        return any;
    }

    /// Moves one stop to the day and place where the two days together drive least, when
    /// that saves time (the best such move); true if one was made.
    bool relocate() {
        struct Move {
            double saving = kMinGainS;
            std::size_t from = 0, at = 0, to = 0, pos = 0;
            bool found = false;
        } best;
        for (std::size_t d1 = 0; d1 < days_.size(); ++d1) {
            for (std::size_t i = 0; i < days_[d1].size(); ++i) {
                auto without = days_[d1];
                const auto s = without[i];
                without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
                const double freed = secs_[d1] - tour_seconds(p_, without);
                for (std::size_t d2 = 0; d2 < days_.size(); ++d2) {
                    if (d2 == d1) {
                        continue;
                    }
                    for (std::size_t q = 0; q <= days_[d2].size(); ++q) {
                        const double delta = insert_delta(d2, q, s);
                        const double saving = freed - delta;
                        if (secs_[d2] + delta <= p_.day_s && saving > best.saving) {
                            best = {saving, d1, i, d2, q, true};
                        }
                    }
                }
            }
        }
        if (!best.found) {
            return false;
        }
        const auto s = days_[best.from][best.at];
        days_[best.from].erase(days_[best.from].begin() + static_cast<std::ptrdiff_t>(best.at));
        secs_[best.from] = tour_seconds(p_, days_[best.from]);
        days_[best.to].insert(days_[best.to].begin() + static_cast<std::ptrdiff_t>(best.pos), s);
        secs_[best.to] = tour_seconds(p_, days_[best.to]);
        ++moves_;
        return true;
    }

    /// The best exchange of a visited stop for one not visited that reaches more, in the
    /// freed day at its cheapest place; true if one was made.
    bool exchange() {
        struct Move {
            double gain = 0.0;
            std::size_t day = 0, at = 0, pos = 0;
            std::uint32_t stop = 0;
            bool found = false;
        } best;
        for (std::size_t d = 0; d < days_.size(); ++d) {
            for (std::size_t i = 0; i < days_[d].size(); ++i) {
                auto without = days_[d];
                const auto a = without[i];
                without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
                const double base = tour_seconds(p_, without);
                const double loss = lost(a);
                for (std::uint32_t s = 1; s < p_.sites; ++s) {
                    if (visited_[s]) {
                        continue;
                    }
                    const double g = gained_without(s, a) - loss;
                    if (!(g > best.gain + 1e-12)) {
                        continue;
                    }
                    double cheapest = kInf;
                    std::size_t at = 0;
                    for (std::size_t q = 0; q <= without.size(); ++q) {
                        const double delta = delta_in(without, q, s);
                        if (delta < cheapest) {
                            cheapest = delta;
                            at = q;
                        }
                    }
                    if (base + cheapest <= p_.day_s) {
                        best = {g, d, i, at, s, true};
                    }
                }
            }
        }
        if (!best.found) {
            return false;
        }
        auto &r = days_[best.day];
        remove(r[best.at]);
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(best.at));
        r.insert(r.begin() + static_cast<std::ptrdiff_t>(best.pos), best.stop);
        add(best.stop);
        secs_[best.day] = tour_seconds(p_, r);
        ++moves_;
        return true;
    }

    TourPlan plan() const {
        TourPlan plan;
        plan.days = days_;
        plan.day_s = secs_;
        plan.reached = tour_reached(p_, days_);
        plan.moves = moves_;
        return plan;
    }

    void count_moves(bool counted) { moves_ += counted ? 1 : 0; }

private:
    [[nodiscard]] double weight(std::uint32_t point) const {
        const double w = p_.weight[point];
        return std::isnan(w) ? 0.0 : w;
    }

    /// Weight newly reached by a stop at s.
    [[nodiscard]] double gained(std::uint32_t s) const {
        double g = 0.0;
        for (const auto point : reach_[s]) {
            g += count_[point] == 0 ? weight(point) : 0.0;
        }
        return g;
    }

    /// Weight reached by a stop at s once the stop at a is removed.
    [[nodiscard]] double gained_without(std::uint32_t s, std::uint32_t a) const {
        double g = 0.0;
        const auto &ra = reach_[a];
        for (const auto point : reach_[s]) {
            const auto c =
                count_[point] - (std::binary_search(ra.begin(), ra.end(), point) ? 1 : 0);
            g += c == 0 ? weight(point) : 0.0;
        }
        return g;
    }

    /// Weight no longer reached once the stop at a is removed.
    [[nodiscard]] double lost(std::uint32_t a) const {
        double l = 0.0;
        for (const auto point : reach_[a]) {
            l += count_[point] == 1 ? weight(point) : 0.0;
        }
        return l;
    }

    void add(std::uint32_t s) {
        visited_[s] = 1;
        for (const auto point : reach_[s]) {
            ++count_[point];
        }
    }

    void remove(std::uint32_t s) {
        visited_[s] = 0;
        for (const auto point : reach_[s]) {
            --count_[point];
        }
    }

    /// Added seconds of s between positions q - 1 and q of route r (the depot at both ends).
    [[nodiscard]] double delta_in(const std::vector<std::uint32_t> &r, std::size_t q,
                                  std::uint32_t s) const {
        const std::uint32_t prev = q == 0 ? 0 : r[q - 1];
        const std::uint32_t next = q == r.size() ? 0 : r[q];
        const double direct = prev == next ? 0.0 : p_.drive(prev, next);
        const double d = p_.drive(prev, s) + p_.stop_s + p_.drive(s, next) - direct;
        return std::isfinite(d) ? d : kInf;
    }

    [[nodiscard]] double insert_delta(std::size_t d, std::size_t q, std::uint32_t s) const {
        return delta_in(days_[d], q, s);
    }

    bool insert_best() {
        double best_ratio = 0.0;
        std::uint32_t best_s = 0;
        std::size_t best_d = 0, best_q = 0;
        for (std::uint32_t s = 1; s < p_.sites; ++s) {
            if (visited_[s]) {
                continue;
            }
            const double g = gained(s);
            if (!(g > 0)) {
                continue;
            }
            for (std::size_t d = 0; d < days_.size(); ++d) {
                for (std::size_t q = 0; q <= days_[d].size(); ++q) {
                    const double delta = insert_delta(d, q, s);
                    if (secs_[d] + delta > p_.day_s) {
                        continue;
                    }
                    const double ratio = g / std::max(delta, 1e-9);
                    if (ratio > best_ratio) {
                        best_ratio = ratio;
                        best_s = s;
                        best_d = d;
                        best_q = q;
                    }
                }
            }
        }
        if (best_s == 0) {
            return false;
        }
        auto &r = days_[best_d];
        r.insert(r.begin() + static_cast<std::ptrdiff_t>(best_q), best_s);
        secs_[best_d] = tour_seconds(p_, r);
        add(best_s);
        return true;
    }

    const TourProblem &p_;
    std::vector<std::vector<std::uint32_t>> reach_;
    std::vector<std::vector<std::uint32_t>> days_;
    std::vector<double> secs_;
    std::vector<std::uint32_t> count_;
    std::vector<std::uint8_t> visited_;
    std::size_t moves_ = 0;
};

} // namespace

double tour_seconds(const TourProblem &p, std::span<const std::uint32_t> stops) {
    if (stops.empty()) {
        return 0.0;
    }
    double s = 0.0;
    std::uint32_t at = 0;
    for (const auto stop : stops) {
        s += p.drive(at, stop) + p.stop_s;
        at = stop;
    }
    return s + p.drive(at, 0);
}

double tour_reached(const TourProblem &p, const std::vector<std::vector<std::uint32_t>> &days) {
    std::vector<std::uint8_t> seen(p.weight.size(), 0);
    double reached = 0.0;
    for (const auto &day : days) {
        for (const auto stop : day) {
            for (const auto point : p.reach[stop]) {
                if (!seen[point]) {
                    seen[point] = 1;
                    const double w = p.weight[point];
                    reached += std::isnan(w) ? 0.0 : w;
                }
            }
        }
    }
    return reached;
}

TourPlan plan_tour(const TourProblem &p) {
    validate(p);
    Search search(p);
    search.insert_all();
    for (int round = 0; round < 1000; ++round) {
        bool improved = false;
        for (std::size_t d = 0; d < p.days; ++d) {
            improved = search.two_opt(d) || improved;
        }
        while (search.relocate()) {
            improved = true;
        }
        const bool inserted = search.insert_all();
        search.count_moves(inserted);
        improved = inserted || improved;
        improved = search.exchange() || improved;
        if (!improved) {
            break;
        }
    }
    return search.plan();
}

} // namespace hublo::algorithms::access
