// The monographs' internals shared by their files: the layers read by field name, the sums
// over a set of communes the pages compare, the display geometries, and the tables.
#pragma once

#include "geom/geos.hpp"
#include "model/layer.hpp"
#include "outputs/monograph.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace hublo::outputs::mono {

using algorithms::geometry::Box;
using algorithms::geometry::MultiPolygon;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A layer's values by field name.
class View {
public:
    explicit View(const model::Layer *layer) : layer_(layer) {
        if (layer_) {
            for (std::size_t k = 0; k < layer_->fields.size(); ++k) {
                index_[layer_->fields[k].name] = k;
            }
        }
    }
    [[nodiscard]] bool ok() const { return layer_ != nullptr; }
    [[nodiscard]] std::size_t size() const { return layer_ ? layer_->size() : 0; }
    [[nodiscard]] bool has(const std::string &f) const { return index_.count(f) > 0; }
    [[nodiscard]] double num(std::size_t i, const std::string &f) const {
        const auto it = index_.find(f);
        if (it == index_.end()) {
            return kNaN;
        }
        const auto &v = layer_->fields[it->second].values[i];
        if (const auto *d = std::get_if<double>(&v)) {
            return *d;
        }
        if (const auto *n = std::get_if<std::int64_t>(&v)) {
            return static_cast<double>(*n);
        }
        return kNaN;
    }
    [[nodiscard]] std::string str(std::size_t i, const std::string &f) const {
        const auto it = index_.find(f);
        if (it == index_.end()) {
            return {};
        }
        const auto &v = layer_->fields[it->second].values[i];
        if (const auto *s = std::get_if<std::string>(&v)) {
            return *s;
        }
        if (const auto *n = std::get_if<std::int64_t>(&v)) {
            return std::to_string(*n);
        }
        return {};
    }
    [[nodiscard]] const model::Layer &layer() const { return *layer_; }

private:
    const model::Layer *layer_;
    std::unordered_map<std::string, std::size_t> index_;
};

inline double known(double v) {
    return std::isfinite(v) ? v : 0.0;
}

/// Sums over a set of communes, and the rates the pages compare (area, département, region).
struct Totals {
    double population = 0, p15 = 0, ill = 0, ill_low = 0, ill_high = 0, no_car = 0;
    double demand = 0, far_demand = 0, allocated = 0, desert_demand = 0, lowest_fifth = 0;
    std::size_t communes = 0, deserts = 0;
    std::vector<double> minutes_hist = std::vector<double>(7, 0.0); ///< 0-5 ... 25-30, 30+
    /// With [[modes]]: the people at risk with a car (car_min) and without one (each mode's
    /// <id>_min) beyond far_min of a place open enough; "car", then the modes in `modes`.
    std::vector<std::string> modes;
    double at_risk_car = 0, car_far = 0;
    std::vector<double> mode_far;

    void add(const View &c, std::size_t i, double far_min) {
        ++communes;
        population += known(c.num(i, "population"));
        p15 += known(c.num(i, "people_15plus"));
        ill += known(c.num(i, "illectronism_expected"));
        ill_low += known(c.num(i, "illectronism_low"));
        ill_high += known(c.num(i, "illectronism_high"));
        no_car += known(c.num(i, "at_risk_no_car"));
        const double d = known(c.num(i, "demand_at_risk"));
        demand += d;
        const double t = c.num(i, "nearest_place_min");
        if (!(t <= far_min)) {
            far_demand += d; // no place reachable: far
        }
        const std::size_t bin = std::isfinite(t) ? std::min<std::size_t>(6, t / 5) : 6;
        minutes_hist[bin] += d;
        allocated += known(c.num(i, "supply_allocated"));
        lowest_fifth += !c.has("lowest_fifth") ? kNaN : c.num(i, "lowest_fifth") == 1 ? d : 0.0;
        if (c.has("car_min")) {
            const double with = known(c.num(i, "at_risk_car"));
            at_risk_car += with;
            car_far += c.num(i, "car_min") <= far_min ? 0.0 : with;
            mode_far.resize(modes.size(), 0.0);
            for (std::size_t m = 0; m < modes.size(); ++m) {
                mode_far[m] += c.num(i, modes[m] + "_min") <= far_min
                                   ? 0.0
                                   : known(c.num(i, "at_risk_no_car"));
            }
        }
        if (c.num(i, "desert") == 1) {
            ++deserts;
            desert_demand += d;
        }
    }
    [[nodiscard]] static double ratio(double a, double b) { return b > 0 ? a / b : kNaN; }
    [[nodiscard]] double ill_rate() const { return ratio(ill, p15); }
    [[nodiscard]] double no_car_share() const { return ratio(no_car, ill); }
    [[nodiscard]] double far_share() const { return ratio(far_demand, demand); }
    [[nodiscard]] double hours_per_1000() const { return ratio(allocated, demand) * 1000; }
    [[nodiscard]] double desert_share() const { return ratio(desert_demand, demand); }
    [[nodiscard]] double lowest_fifth_share() const { return ratio(lowest_fifth, demand); }
    [[nodiscard]] double car_far_share() const { return ratio(car_far, at_risk_car); }
    [[nodiscard]] double mode_far_share(std::size_t m) const {
        return m < mode_far.size() ? ratio(mode_far[m], no_car) : kNaN;
    }
};

/// The place types of the report, in its order and colours.
struct PlaceType {
    const char *label;
    const char *color;
};
inline constexpr PlaceType kTypes[] = {{"France Services", "#0072B2"},
                                       {"Conseiller numérique", "#E69F00"},
                                       {"Aidants Connect", "#009E73"},
                                       {"autre", "#CC79A7"}};
inline std::size_t place_type(const std::string &labels) {
    for (std::size_t k = 0; k + 1 < std::size(kTypes); ++k) {
        if (labels.find(kTypes[k].label) != std::string::npos) {
            return k;
        }
    }
    return std::size(kTypes) - 1;
}

/// Expected people in illectronism among people aged 15+: five classes around France's
/// 15.4 % (YlOrRd, colour-blind safe).
inline const char *rate_color(double rate) {
    if (!std::isfinite(rate)) {
        return "#cccccc";
    }
    return rate < 0.12   ? "#ffffb2"
           : rate < 0.15 ? "#fecc5c"
           : rate < 0.18 ? "#fd8d3c"
           : rate < 0.21 ? "#f03b20"
                         : "#bd0026";
}

/// A number for machines (data attributes): a decimal point, 6 decimals; "" when unknown.
std::string plain(double v);
/// A share as a French percentage, one decimal ("–" when unknown).
std::string pct(double share);

/// What every page needs: the layers, the communes of each area, display geometries.
struct Atlas {
    View communes, level, deps, places, deserts, recs;
    std::vector<MultiPolygon> commune_shapes, level_shapes, desert_shapes;
    std::vector<Box> commune_boxes;
    std::map<std::string, std::vector<std::size_t>> communes_of_area, communes_of_dep;
    std::unordered_map<std::string, std::size_t> commune_index;
    std::vector<std::size_t> all;
    std::vector<std::string> modes; ///< the [[modes]] ids the communes layer has times for
    /// The car's coverage bands (the isochrones layer, when the run has one): each band's
    /// upper minutes and its display geometry (reached within that many minutes).
    std::vector<std::pair<double, MultiPolygon>> bands;
};

/// The layers of the run, the communes of each area and département, display geometries.
Atlas make_atlas(const MonographSettings &s, const std::vector<model::Layer> &layers,
                 geom::Geos &geos);
/// The département of a commune: its "departements" level, else its code's first digits.
std::string dep_of(const View &c, std::size_t i);
Totals totals(const Atlas &a, const std::vector<std::size_t> &communes, double far_min);

/// The places of the area (counted by type in `by_type`), its communes ranked, the deserts
/// touching it and the proposed places in it, and the methods and sources.
std::string places_table(const Atlas &a, const std::set<std::string> &inside,
                         std::vector<std::size_t> &by_type);
std::string communes_table(const Atlas &a, std::vector<std::size_t> communes);
std::string deserts_and_proposals(const Atlas &a, const std::set<std::string> &inside);
std::string methods(const MonographSettings &s);

} // namespace hublo::outputs::mono
