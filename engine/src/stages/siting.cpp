#include "stages/siting.hpp"

#include "hublo/algorithms/access/siting.hpp"
#include "hublo/algorithms/locate.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/geojson_writer.hpp"
#include "io/points.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace hublo::stages {

using algorithms::geometry::XY;
using algorithms::network::Snap;

namespace {

double known(double v) {
    return std::isnan(v) ? 0.0 : v;
}

/// Candidate sites with their snap, id, name and commune.
struct Candidates {
    std::vector<XY> xy;
    std::vector<Snap> snap;
    std::vector<std::string> id, name, commune;
};

/// From the candidates file (WGS84 points), or the main demand point of every populated
/// commune without a place.
Candidates candidates(const SitingSettings &sc, const SitingInputs &in, StageContext &ctx) {
    Candidates c;
    const auto &communes = in.communes;
    const double max_snap_m = in.network_settings.max_snap_m;
    if (!sc.candidates.empty()) {
        const auto points = io::read_points_file(sc.candidates);
        const io::Transformer to_study(io::Crs::from_user("EPSG:4326", "WGS84"), ctx.crs);
        const algorithms::locate::PolygonLocator locator(communes.geoms);
        for (std::size_t k = 0; k < points.size(); ++k) {
            const XY p = to_study.apply(XY{points[k].lon, points[k].lat});
            c.xy.push_back(p);
            c.snap.push_back(in.network.segments.snap(p, max_snap_m));
            c.id.push_back(points[k].id.empty() ? "C" + std::to_string(k + 1) : points[k].id);
            c.name.push_back(points[k].name);
            const auto i = locator.find(p);
            c.commune.push_back(i ? communes.codes[*i] : std::string());
        }
        return c;
    }
    for (std::size_t i = 0; i < communes.size(); ++i) {
        if (in.places_in_commune[i] == 0 && known(in.population[i]) > 0) {
            const auto m = in.demand.main_point[i];
            c.xy.push_back(in.demand.xy[m]);
            c.snap.push_back(in.access.demand_snaps[m]);
            c.id.push_back(communes.codes[i]);
            c.name.push_back(communes.names[i]);
            c.commune.push_back(communes.codes[i]);
        }
    }
    return c;
}

/// The demand the objective counts: every point's people at risk, or, for "worst_served",
/// only those of the communes in the region's worst-served fifth.
std::vector<double> objective_demand(const SitingSettings &sc, const SitingInputs &in) {
    std::vector<double> d = in.at_risk.people;
    if (sc.travel == "no_car") {
        // The commune's people at risk without a car, spread over its points by people.
        std::vector<double> weight(in.communes.size(), 0.0);
        for (std::size_t p = 0; p < d.size(); ++p) {
            weight[in.demand.commune[p]] += known(in.demand.weight[p]);
        }
        for (std::size_t p = 0; p < d.size(); ++p) {
            const auto c = in.demand.commune[p];
            d[p] = weight[c] > 0
                       ? known(in.modes->at_risk_no_car[c]) * known(in.demand.weight[p]) / weight[c]
                       : 0.0;
        }
    }
    if (sc.objective == "worst_served") {
        const auto &a = in.accessibility;
        for (std::size_t p = 0; p < d.size(); ++p) {
            const double per = a.commune_supply_per[in.demand.commune[p]];
            // No help within reach at all (NaN) is the worst served.
            d[p] = std::isnan(per) || per <= a.bfca_lowest_fifth ? d[p] : 0.0;
        }
    }
    return d;
}

/// Without a car: each candidate reaches the demand points within the no-car modes' reach
/// (straight line x circuity), its distance as the time.
algorithms::network::CatchmentTimes no_car_rows(const Candidates &c, const SitingInputs &in) {
    const double metres = no_car_reach(*in.modes_settings).metres;
    algorithms::network::CatchmentTimes rows;
    rows.first.push_back(0);
    for (const auto &at : c.xy) {
        for (std::uint32_t p = 0; p < in.demand.xy.size(); ++p) {
            const double d = std::hypot(in.demand.xy[p].x - at.x, in.demand.xy[p].y - at.y);
            if (d <= metres) {
                rows.point.push_back(p);
                rows.time_s.push_back(d);
            }
        }
        rows.first.push_back(static_cast<std::uint32_t>(rows.point.size()));
    }
    return rows;
}

/// The median help-hours a week of the counted places whose hours were read.
double median_place_hours(const SitingInputs &in) {
    std::vector<double> h;
    const auto counts = in.access.counts(in.places.size());
    for (std::size_t j = 0; j < in.places.size(); ++j) {
        if (counts[j] && in.places[j].hours_source == "read" && !in.places[j].stop_hours) {
            h.push_back(in.places[j].capacity);
        }
    }
    if (h.empty()) {
        return 35.0;
    }
    std::sort(h.begin(), h.end());
    return h.size() % 2 ? h[h.size() / 2] : (h[h.size() / 2 - 1] + h[h.size() / 2]) / 2;
}

/// With open_hours: the points within the minutes of a place open that long count as
/// covered, and the counted places open fewer hours (not mobile stops) become candidates,
/// their extension costing the missing hours x staff.
void open_hours_cover(const SitingSettings &sc, const SitingInputs &in, double limit_s,
                      std::vector<std::uint8_t> &covered, Candidates &c,
                      algorithms::network::CatchmentTimes &reach, std::vector<double> &cost,
                      std::vector<std::string> &action) {
    const auto &rows = in.access.catchment;
    const auto counts = in.access.counts(in.places.size());
    std::fill(covered.begin(), covered.end(), 0);
    for (std::size_t j = 0; j < in.places.size(); ++j) {
        const auto &pl = in.places[j];
        if (!counts[j] || j >= rows.places()) {
            continue;
        }
        const auto pts = rows.of(j);
        const auto ts = rows.times_of(j);
        if (pl.hours_per_week >= sc.open_hours) {
            for (std::size_t k = 0; k < pts.size(); ++k) {
                covered[pts[k]] = ts[k] <= limit_s ? 1 : covered[pts[k]];
            }
            continue;
        }
        if (!sc.budget_hours || pl.stop_hours) {
            continue;
        }
        for (std::size_t k = 0; k < pts.size(); ++k) {
            if (ts[k] <= limit_s) {
                reach.point.push_back(pts[k]);
                reach.time_s.push_back(ts[k]);
            }
        }
        reach.first.push_back(static_cast<std::uint32_t>(reach.point.size()));
        c.xy.push_back(pl.xy);
        c.snap.push_back(in.access.place_snaps[j]);
        c.id.push_back(pl.id);
        c.name.push_back(pl.name);
        c.commune.push_back(pl.commune_code);
        cost.push_back((sc.open_hours - pl.hours_per_week) * std::max(pl.staff, 1.0));
        action.emplace_back("extend");
    }
}
} // namespace

SitingResult run_siting(const SitingSettings &sc, const SitingInputs &in, StageContext &ctx) {
    const auto demand = objective_demand(sc, in);
    SitingResult r;
    auto c = candidates(sc, in, ctx);
    const std::size_t new_places = c.xy.size();
    if (!sc.budget_hours && static_cast<std::size_t>(sc.k) > new_places) {
        throw Error(ErrorKind::input,
                    "[siting] k = " + std::to_string(sc.k) + " is more than the " +
                        std::to_string(c.xy.size()) + " candidate sites" +
                        (sc.candidates.empty() ? " (communes without a place)"
                                               : " of " + sc.candidates.string()) +
                        "; lower k or give more candidates");
    }
    algorithms::network::OffroadParameters offroad;
    offroad.speed_kmh = in.network_settings.offroad_speed_kmh;
    offroad.max_snap_m = in.network_settings.max_snap_m;
    algorithms::network::CatchmentParameters sp;
    sp.limit_s = sc.minutes * 60.0;
    sp.threads = ctx.threads;
    std::vector<std::uint8_t> covered(demand.size(), 0);
    algorithms::network::CatchmentTimes reach;
    if (sc.travel == "no_car") {
        if (!in.modes || !in.modes_settings || in.modes_settings->modes.empty()) {
            throw Error(ErrorKind::input, "[siting] travel = \"no_car\" needs [no_car] and "
                                          "[[modes]]: how people without a car travel");
        }
        reach = no_car_rows(c, in);
        for (std::size_t p = 0; p < demand.size(); ++p) {
            covered[p] = in.modes->no_car_far[in.demand.commune[p]] ? 0 : 1;
        }
    } else {
        reach = algorithms::network::catchment_times(in.network.net.graph, in.network.segments,
                                                     c.snap, in.access.demand_snaps, offroad, sp);
        for (std::size_t p = 0; p < demand.size(); ++p) {
            covered[p] = in.access.demand_time_s[p] <= sp.limit_s ? 1 : 0;
        }
    }
    r.budgeted = sc.budget_hours.has_value();
    r.place_hours = sc.place_hours > 0 ? sc.place_hours : median_place_hours(in);
    r.place_hours_source =
        sc.place_hours > 0 ? "[siting] place_hours" : "median of the places whose hours are read";
    std::vector<double> cost(new_places, r.place_hours);
    std::vector<std::string> action(new_places, "open");
    if (sc.open_hours > 0 && sc.travel == "no_car") {
        throw Error(ErrorKind::input, "[siting] open_hours applies to travel = \"car\"; "
                                      "without a car, places count from [no_car] open_hours");
    }
    if (sc.open_hours > 0) {
        if (sp.limit_s > in.access.catchment_limit_s) {
            throw Error(ErrorKind::input,
                        "[siting] open_hours needs minutes (" + io::json_number(sc.minutes) +
                            ") at most [accessibility] catchment_min (" +
                            io::json_number(in.access.catchment_limit_s / 60) + ")");
        }
        open_hours_cover(sc, in, sp.limit_s, covered, c, reach, cost, action);
        r.extendable = c.xy.size() - new_places;
    }
    r.candidates = c.xy.size();
    const auto s = r.budgeted ? algorithms::access::budgeted_cover(
                                    reach, demand, covered, cost, *sc.budget_hours,
                                    sc.k_given ? static_cast<std::size_t>(sc.k) : c.xy.size())
                              : algorithms::access::greedy_cover(reach, demand, covered,
                                                                 static_cast<std::size_t>(sc.k));
    r.covered_before = s.covered_before;
    // People (not demand) newly covered by each pick, replayed in order.
    std::vector<std::uint8_t> people_cov = covered;
    for (std::size_t k = 0; k < s.picks.size(); ++k) {
        const auto pick = s.picks[k];
        SitingProposal proposal;
        for (const auto p : reach.of(pick)) {
            if (!people_cov[p]) {
                people_cov[p] = 1;
                proposal.gain_population += known(in.demand.weight[p]);
            }
        }
        const double share = s.total > 0 ? s.covered[k] / s.total : 0.0;
        proposal.pick = SitingPick{static_cast<int>(k + 1),
                                   c.id[pick],
                                   c.name[pick],
                                   c.commune[pick],
                                   s.gain[k],
                                   share,
                                   action[pick],
                                   r.budgeted ? cost[pick] : 0.0};
        proposal.xy = c.xy[pick];
        proposal.covered = s.covered[k];
        r.spent_hours += r.budgeted ? cost[pick] : 0.0;
        r.proposals.push_back(std::move(proposal));
    }
    r.total = s.total;
    if (sc.exact) {
        const std::size_t k = r.budgeted ? (sc.k_given ? static_cast<std::size_t>(sc.k) : 0)
                                         : static_cast<std::size_t>(sc.k);
        r.exact =
            exact_cover(reach, demand, covered, k, sc.exact_time_limit_s, s.picks,
                        r.budgeted ? std::span<const double>(cost) : std::span<const double>(),
                        r.budgeted ? *sc.budget_hours : 0.0);
        for (const auto j : r.exact->picks) {
            r.exact_ids.push_back(c.id[j]);
        }
    }
    return r;
}

} // namespace hublo::stages
