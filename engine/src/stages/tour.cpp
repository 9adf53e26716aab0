#include "stages/tour.hpp"

#include "hublo/algorithms/access/tour.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/geojson_writer.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

namespace hublo::stages {

using algorithms::geometry::XY;
using algorithms::network::BoundedSearch;
using algorithms::network::Direction;
using algorithms::network::Graph;
using algorithms::network::NodeId;
using algorithms::network::Seed;
using algorithms::network::SegmentIndex;
using algorithms::network::Snap;

namespace {

double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}

std::string num(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return io::json_number(std::round(v * scale) / scale);
}

/// The depot's position and name: a place of the study, or a WGS84 point.
std::pair<XY, std::string> depot_of(const TourSettings &s, const TourInputs &in,
                                    StageContext &ctx) {
    if (s.depot_lonlat) {
        const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"), ctx.crs);
        const auto [lon, lat] = *s.depot_lonlat;
        return {to_study.apply(XY{lon, lat}), "(" + num(lon, 5) + ", " + num(lat, 5) + ")"};
    }
    for (const auto &p : in.places) {
        if (std::find(p.sources.begin(), p.sources.end(), s.depot_place) != p.sources.end()) {
            return {p.xy, p.name};
        }
    }
    throw Error(ErrorKind::input,
                "[tour] depot = \"" + s.depot_place +
                    "\" names no place of the study; give a place's \"source:record\" key (the "
                    "sources column of places.csv, e.g. \"france_services:1315\") or a point, "
                    "depot = [lon, lat]");
}

/// Where a snapped point meets its segment, in the study CRS.
XY snap_xy(const Graph &g, const SegmentIndex &seg, const Snap &s) {
    const XY a = g.xy(seg.a(s.segment)), b = g.xy(seg.b(s.segment));
    return {a.x + s.t * (b.x - a.x), a.y + s.t * (b.y - a.y)};
}

/// The drawn path of the fastest drive from a to b: a, its snap on the road, the nodes the
/// search passes, b's snap, b (same travel-time model as the catchments).
std::vector<XY> leg_line(const Graph &g, const SegmentIndex &seg, BoundedSearch &search,
                         const algorithms::network::OffroadParameters &offroad, const Snap &a,
                         XY axy, const Snap &b, XY bxy) {
    std::vector<XY> line{axy, snap_xy(g, seg, a)};
    const XY bsnap = snap_xy(g, seg, b);
    if (a.segment != b.segment) {
        const auto ea = seg.ab(a.segment), eb = seg.ba(a.segment);
        const double off = offroad.seconds(a.offroad_m);
        std::vector<Seed> seeds;
        if (ea != algorithms::network::kNoEdge) {
            seeds.push_back({seg.b(a.segment), off + (1 - a.t) * g.time_s(ea), 0});
        }
        if (eb != algorithms::network::kNoEdge) {
            seeds.push_back({seg.a(a.segment), off + a.t * g.time_s(eb), 0});
        }
        search.run(seeds, Direction::forward, algorithms::network::kUnreached);
        // Into b's segment from its a end (along ab) or its b end (along ba).
        const auto ab = seg.ab(b.segment), ba = seg.ba(b.segment);
        const NodeId na = seg.a(b.segment), nb = seg.b(b.segment);
        const double via_a = ab != algorithms::network::kNoEdge
                                 ? search.time_s(na) + b.t * g.time_s(ab)
                                 : algorithms::network::kUnreached;
        const double via_b = ba != algorithms::network::kNoEdge
                                 ? search.time_s(nb) + (1 - b.t) * g.time_s(ba)
                                 : algorithms::network::kUnreached;
        NodeId n = via_a <= via_b ? na : nb;
        std::vector<XY> nodes;
        const auto tails = g.rev_tail_array();
        const auto times = g.rev_time_array();
        for (std::size_t guard = 0; std::isfinite(search.time_s(n)) && guard < g.node_count();
             ++guard) {
            nodes.push_back(g.xy(n));
            const double t = search.time_s(n);
            if (std::any_of(seeds.begin(), seeds.end(),
                            [&](const Seed &s) { return s.node == n && s.time_s == t; })) {
                break;
            }
            NodeId prev = algorithms::network::kNoNode;
            for (auto k = g.first_in(n); k < g.first_in(n + 1); ++k) {
                const double via = search.time_s(tails[k]) + times[k];
                if (std::abs(via - t) <= 1e-9 * std::max(1.0, t)) {
                    prev = tails[k];
                    break;
                }
            }
            if (prev == algorithms::network::kNoNode) {
                break;
            }
            n = prev;
        }
        line.insert(line.end(), nodes.rbegin(), nodes.rend());
    }
    line.push_back(bsnap);
    line.push_back(bxy);
    line.erase(std::unique(line.begin(), line.end(),
                           [](const XY &p, const XY &q) { return p.x == q.x && p.y == q.y; }),
               line.end());
    return line;
}

/// The far people at risk without a car, at the demand points of their communes.
struct FarPeople {
    std::vector<std::uint32_t> points; ///< demand points
    std::vector<double> weight;        ///< people at each
    double total = 0.0;
};

FarPeople far_people(const TourInputs &in) {
    const auto &demand = in.demand;
    const auto &modes = in.modes;
    std::vector<double> commune_weight(in.communes.size(), 0.0);
    for (std::size_t p = 0; p < demand.xy.size(); ++p) {
        commune_weight[demand.commune[p]] += known(demand.weight[p]);
    }
    FarPeople far;
    for (std::uint32_t p = 0; p < demand.xy.size(); ++p) {
        const auto c = demand.commune[p];
        const double people = known(modes.at_risk_no_car[c]);
        if (modes.no_car_far[c] && people > 0 && commune_weight[c] > 0) {
            far.points.push_back(p);
            far.weight.push_back(people * known(demand.weight[p]) / commune_weight[c]);
            far.total += far.weight.back();
        }
    }
    return far;
}

/// The depot (site 0) and the candidate stops within radius_min of it, with the drive times
/// between them and each stop's reach: the problem plan_tour solves.
struct Sites {
    std::vector<std::uint32_t> communes; ///< of sites 1..n
    std::vector<Snap> snaps;
    std::vector<XY> xy;
    algorithms::access::TourProblem problem;
    double far_within = 0.0;
};

Sites tour_sites(const TourSettings &s, const TourInputs &in, const FarPeople &far, XY depot_xy,
                 const Snap &depot, const algorithms::network::OffroadParameters &offroad,
                 StageContext &ctx) {
    const auto &graph = in.network.net.graph;
    const auto &segments = in.network.segments;
    const auto &demand = in.demand;
    // Candidate stops: the centre of every commune with far people.
    std::vector<std::uint32_t> cand;
    std::vector<std::uint8_t> seen(in.communes.size(), 0);
    for (const auto p : far.points) {
        const auto c = demand.commune[p];
        if (!seen[c] && in.access.demand_snaps[demand.main_point[c]].snapped()) {
            seen[c] = 1;
            cand.push_back(c);
        }
    }
    std::sort(cand.begin(), cand.end());
    std::vector<Snap> cand_snaps;
    for (const auto c : cand) {
        cand_snaps.push_back(in.access.demand_snaps[demand.main_point[c]]);
    }
    Sites st;
    st.snaps = {depot};
    st.xy = {depot_xy};
    algorithms::network::CatchmentParameters cp;
    cp.threads = ctx.threads;
    cp.limit_s = s.radius_min * 60.0;
    ctx.within("travelling service: " + std::to_string(cand.size()) + " communes with far people");
    const auto from_depot =
        algorithms::network::catchment_times(graph, segments, cand_snaps, st.snaps, offroad, cp);
    for (std::size_t j = 0; j < cand.size(); ++j) {
        if (!from_depot.of(j).empty()) {
            st.communes.push_back(cand[j]);
            st.snaps.push_back(cand_snaps[j]);
            st.xy.push_back(demand.xy[demand.main_point[cand[j]]]);
        }
    }
    const std::size_t n = st.snaps.size();
    auto &problem = st.problem;
    problem.sites = n;
    problem.day_s = (s.end_min - s.start_min) * 60.0;
    problem.stop_s = s.stop_minutes * 60.0;
    problem.days = s.weekdays.size() * static_cast<std::size_t>(s.weeks);
    // Drive times between the sites, up to a day's driving.
    cp.limit_s = problem.day_s - problem.stop_s;
    const auto drive =
        algorithms::network::catchment_times(graph, segments, st.snaps, st.snaps, offroad, cp);
    problem.drive_s.assign(n * n, algorithms::network::kUnreached);
    for (std::size_t j = 0; j < n; ++j) {
        const auto pts = drive.of(j);
        const auto ts = drive.times_of(j);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            problem.drive_s[pts[k] * n + j] = ts[k];
        }
        problem.drive_s[j * n + j] = 0.0;
    }
    // Each stop's reach among the far points.
    const double reach_m = no_car_reach(in.modes_settings).metres;
    problem.reach.assign(n, {});
    problem.weight = far.weight;
    std::vector<std::uint8_t> within(far.points.size(), 0);
    for (std::size_t j = 1; j < n; ++j) {
        for (std::uint32_t q = 0; q < far.points.size(); ++q) {
            const XY p = demand.xy[far.points[q]];
            if (std::hypot(p.x - st.xy[j].x, p.y - st.xy[j].y) <= reach_m) {
                problem.reach[j].push_back(q);
                within[q] = 1;
            }
        }
    }
    for (std::size_t q = 0; q < far.points.size(); ++q) {
        st.far_within += within[q] ? far.weight[q] : 0.0;
    }
    return st;
}

/// The plan as a timetable, day by day, with the lines it drives.
void timetable(const TourSettings &s, const TourInputs &in, const FarPeople &far, const Sites &st,
               const algorithms::access::TourPlan &plan,
               const algorithms::network::OffroadParameters &offroad, TourResult &r) {
    const auto &graph = in.network.net.graph;
    BoundedSearch search(graph);
    std::vector<std::uint8_t> reached(far.points.size(), 0);
    const std::size_t per_week = s.weekdays.size();
    for (std::size_t d = 0; d < plan.days.size(); ++d) {
        TourDay day;
        day.day = d;
        day.week = static_cast<int>(d / per_week) + 1;
        day.weekday = s.weekdays[d % per_week];
        day.start_min = day.end_min = s.start_min;
        const auto &stops = plan.days[d];
        day.stops = stops.size();
        double t = s.start_min;
        std::size_t at = 0;
        for (std::size_t k = 0; k <= stops.size() && !stops.empty(); ++k) {
            const std::size_t to = k < stops.size() ? stops[k] : 0;
            const double leg_min = st.problem.drive(at, to) / 60.0;
            auto leg = leg_line(graph, in.network.segments, search, offroad, st.snaps[at],
                                st.xy[at], st.snaps[to], st.xy[to]);
            day.line.insert(day.line.end(), leg.begin() + (day.line.empty() ? 0 : 1), leg.end());
            day.drive_min += leg_min;
            t += leg_min;
            if (k == stops.size()) {
                day.end_min = t;
                break;
            }
            TourStop stop;
            stop.day = d;
            stop.order = k + 1;
            stop.commune = st.communes[to - 1];
            stop.xy = st.xy[to];
            stop.drive_min = leg_min;
            stop.arrive_min = t;
            stop.depart_min = t + s.stop_minutes;
            for (const auto q : st.problem.reach[to]) {
                stop.people += far.weight[q];
                stop.new_people += reached[q] ? 0.0 : far.weight[q];
                reached[q] = 1;
                stop.communes_reached.push_back(in.demand.commune[far.points[q]]);
            }
            auto &cr = stop.communes_reached;
            std::sort(cr.begin(), cr.end());
            cr.erase(std::unique(cr.begin(), cr.end()), cr.end());
            day.new_people += stop.new_people;
            r.reached += stop.new_people;
            r.stop_hours_per_week += s.stop_minutes / 60.0 / s.weeks;
            t = stop.depart_min;
            at = to;
            r.stops.push_back(std::move(stop));
        }
        for (std::size_t k = 1; k < day.line.size(); ++k) {
            day.km +=
                std::hypot(day.line[k].x - day.line[k - 1].x, day.line[k].y - day.line[k - 1].y) /
                1000.0;
        }
        r.days.push_back(std::move(day));
    }
}

} // namespace

const char *weekday_name(int weekday) {
    static const char *names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                  "Friday", "Saturday", "Sunday"};
    return names[weekday % 7];
}

const char *weekday_name_fr(int weekday) {
    static const char *names[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                  "vendredi", "samedi", "dimanche"};
    return names[weekday % 7];
}

TourResult run_tour(const TourSettings &s, const TourInputs &in, StageContext &ctx) {
    if (in.modes.no_car_far.size() != in.communes.size()) {
        throw Error(ErrorKind::input, "[tour] needs [no_car] and [[modes]]: the service goes to "
                                      "the people at risk without a car far from every place");
    }
    TourResult r;
    std::tie(r.depot_xy, r.depot_name) = depot_of(s, in, ctx);
    algorithms::network::OffroadParameters offroad;
    offroad.speed_kmh = in.network_settings.offroad_speed_kmh;
    offroad.max_snap_m = in.network_settings.max_snap_m;
    const Snap depot = in.network.segments.snap(r.depot_xy, offroad.max_snap_m);
    if (!depot.snapped()) {
        const Snap any = in.network.segments.snap(r.depot_xy, 1e12);
        throw Error(ErrorKind::input,
                    "[tour] depot " + r.depot_name + " is off the network: " +
                        (any.snapped() ? num(any.offroad_m / 1000, 1) + " km" : "too far") +
                        " from the nearest road, beyond [network] max_snap_m = " +
                        num(offroad.max_snap_m, 0) +
                        " m; put the depot at a place or a point near a road of the network");
    }
    const auto far = far_people(in);
    r.far_total = far.total;
    r.reach_method = "the far people at risk without a car within " +
                     no_car_reach(in.modes_settings).method + " of the stop";
    const auto st = tour_sites(s, in, far, r.depot_xy, depot, offroad, ctx);
    r.candidates = st.communes.size();
    r.far_within = st.far_within;
    if (st.communes.empty()) {
        throw Error(ErrorKind::input, "[tour] no commune with far people at risk without a car "
                                      "is within radius_min = " +
                                          num(s.radius_min, 1) + " min of the depot " +
                                          r.depot_name + "; raise radius_min or move the depot");
    }
    const auto plan = algorithms::access::plan_tour(st.problem);
    r.moves = plan.moves;
    timetable(s, in, far, st, plan, offroad, r);
    r.work_hours_per_week =
        static_cast<double>(s.weekdays.size()) * (s.end_min - s.start_min) / 60.0;
    // The best single fixed place among the same candidates.
    for (std::size_t j = 1; j < st.snaps.size(); ++j) {
        double people = 0.0;
        for (const auto q : st.problem.reach[j]) {
            people += far.weight[q];
        }
        if (!r.best_fixed || people > r.best_fixed->people) {
            r.best_fixed = TourFixedPlace{st.communes[j - 1], st.xy[j], people};
        }
    }
    return r;
}

} // namespace hublo::stages
