#include "hublo/algorithms/network/snap.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hublo::algorithms::network {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BSegment = bg::model::segment<BPoint>;
using BValue = std::pair<BSegment, std::uint32_t>;

struct SegmentIndex::Tree {
    bgi::rtree<BValue, bgi::rstar<16>> rtree;
};

SegmentIndex::SegmentIndex(const Graph &graph) : graph_(&graph), tree_(std::make_unique<Tree>()) {
    // One segment per unordered pair of nodes; edges come sorted by (tail, head).
    for (NodeId v = 0; v < graph.node_count(); ++v) {
        for (EdgeId e = graph.first_out(v); e < graph.first_out(v + 1); ++e) {
            const NodeId w = graph.head(e);
            const EdgeId back = graph.find_edge(w, v);
            if (back != kNoEdge && w < v) {
                continue; // listed when visiting w
            }
            a_.push_back(v);
            b_.push_back(w);
            ab_.push_back(e);
            ba_.push_back(back);
        }
    }
    first_incident_.assign(graph.node_count() + 1, 0);
    for (std::uint32_t s = 0; s < a_.size(); ++s) {
        ++first_incident_[a_[s] + 1];
        ++first_incident_[b_[s] + 1];
    }
    for (std::size_t v = 1; v < first_incident_.size(); ++v) {
        first_incident_[v] += first_incident_[v - 1];
    }
    incident_.resize(first_incident_.back());
    std::vector<std::uint32_t> fill(first_incident_.begin(), first_incident_.end() - 1);
    for (std::uint32_t s = 0; s < a_.size(); ++s) {
        incident_[fill[a_[s]]++] = s;
        incident_[fill[b_[s]]++] = s;
    }
    std::vector<BValue> values;
    values.reserve(a_.size());
    for (std::uint32_t s = 0; s < a_.size(); ++s) {
        // A segment whose every direction is flagged kNoSnap (a motorway) is no snap target.
        const bool ab_no = graph.flags(ab_[s]) & kNoSnap;
        const bool ba_no = ba_[s] == kNoEdge || (graph.flags(ba_[s]) & kNoSnap);
        if (ab_no && ba_no) {
            continue;
        }
        const auto pa = graph.xy(a_[s]), pb = graph.xy(b_[s]);
        values.emplace_back(BSegment(BPoint(pa.x, pa.y), BPoint(pb.x, pb.y)), s);
    }
    tree_->rtree = bgi::rtree<BValue, bgi::rstar<16>>(values.begin(), values.end());
}

SegmentIndex::~SegmentIndex() = default;
SegmentIndex::SegmentIndex(SegmentIndex &&) noexcept = default;

Snap SegmentIndex::snap(geometry::XY p, double max_distance_m) const {
    Snap best;
    double best_d = max_distance_m;
    // The R-tree's k-nearest order is by distance; examine a few to break ties exactly.
    const BPoint q(p.x, p.y);
    for (auto it = tree_->rtree.qbegin(bgi::nearest(q, 8)); it != tree_->rtree.qend(); ++it) {
        const std::uint32_t s = it->second;
        const auto pa = graph_->xy(a_[s]), pb = graph_->xy(b_[s]);
        const double dx = pb.x - pa.x, dy = pb.y - pa.y;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((p.x - pa.x) * dx + (p.y - pa.y) * dy) / len2 : 0.0;
        t = std::clamp(t, 0.0, 1.0);
        const double d = std::hypot(pa.x + t * dx - p.x, pa.y + t * dy - p.y);
        if (d < best_d || (d == best_d && best.snapped() && s < best.segment) ||
            (d == best_d && !best.snapped())) {
            best_d = d;
            best = Snap{s, t, d};
        }
    }
    return best;
}

void OffroadParameters::validate() const {
    if (!(speed_kmh > 0.0) || !std::isfinite(speed_kmh)) {
        throw std::invalid_argument("offroad speed_kmh must be > 0, got " +
                                    std::to_string(speed_kmh));
    }
    if (!(max_snap_m >= 0.0)) {
        throw std::invalid_argument("max_snap_m must be >= 0, got " + std::to_string(max_snap_m));
    }
}

void append_place_seeds(const Graph &graph, const SegmentIndex &segments, const Snap &place,
                        const OffroadParameters &offroad, std::uint32_t source,
                        std::vector<Seed> &seeds) {
    if (!place.snapped()) {
        return;
    }
    const double leg = offroad.seconds(place.offroad_m);
    const auto s = place.segment;
    if (const EdgeId e = segments.ab(s); e != kNoEdge) {
        seeds.push_back({segments.a(s), place.t * graph.time_s(e) + leg, source});
    }
    if (const EdgeId e = segments.ba(s); e != kNoEdge) {
        seeds.push_back({segments.b(s), (1.0 - place.t) * graph.time_s(e) + leg, source});
    }
}

PlacesOnSegments::PlacesOnSegments(std::size_t segment_count, std::span<const Snap> places)
    : first_(segment_count + 1, 0) {
    for (const auto &p : places) {
        if (p.snapped()) {
            ++first_[p.segment + 1];
        }
    }
    for (std::size_t s = 1; s < first_.size(); ++s) {
        first_[s] += first_[s - 1];
    }
    entries_.resize(first_.back());
    std::vector<std::uint32_t> fill(first_.begin(), first_.end() - 1);
    for (std::uint32_t i = 0; i < places.size(); ++i) {
        if (places[i].snapped()) {
            entries_[fill[places[i].segment]++] = {places[i].t, places[i].offroad_m, i};
        }
    }
}

std::span<const PlacesOnSegments::Entry> PlacesOnSegments::on(std::uint32_t segment) const {
    return {entries_.data() + first_[segment], first_[segment + 1] - first_[segment]};
}

PointTime time_to_nearest(const Graph &graph, const SegmentIndex &segments,
                          std::span<const double> node_time,
                          std::span<const std::uint32_t> node_source,
                          const PlacesOnSegments &places, const Snap &point,
                          const OffroadParameters &offroad) {
    PointTime best;
    if (!point.snapped()) {
        return best;
    }
    const auto s = point.segment;
    const double leg = offroad.seconds(point.offroad_m);
    auto consider = [&](double t, std::uint32_t src) {
        if (t < best.time_s || (t == best.time_s && src < best.source)) {
            best = {t, src};
        }
    };
    // Along the segment to b, then the network.
    if (const EdgeId e = segments.ab(s); e != kNoEdge && node_time[segments.b(s)] < kUnreached) {
        consider(leg + (1.0 - point.t) * graph.time_s(e) + node_time[segments.b(s)],
                 node_source[segments.b(s)]);
    }
    if (const EdgeId e = segments.ba(s); e != kNoEdge && node_time[segments.a(s)] < kUnreached) {
        consider(leg + point.t * graph.time_s(e) + node_time[segments.a(s)],
                 node_source[segments.a(s)]);
    }
    // A place on the same segment, reached without passing through a node.
    for (const auto &p : places.on(s)) {
        const EdgeId e = p.t >= point.t ? segments.ab(s) : segments.ba(s);
        if (e != kNoEdge) {
            consider(leg + std::abs(p.t - point.t) * graph.time_s(e) + offroad.seconds(p.offroad_m),
                     p.source);
        }
    }
    return best;
}

} // namespace hublo::algorithms::network
