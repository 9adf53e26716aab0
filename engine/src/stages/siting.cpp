#include "stages/siting.hpp"

#include "hublo/algorithms/access/siting.hpp"
#include "hublo/algorithms/locate.hpp"
#include "hublo/algorithms/network/catchments.hpp"
#include "io/points.hpp"

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
} // namespace

SitingResult run_siting(const SitingSettings &sc, const SitingInputs &in, StageContext &ctx) {
    const auto &demand = in.at_risk.people;
    SitingResult r;
    const auto c = candidates(sc, in, ctx);
    r.candidates = c.xy.size();
    if (static_cast<std::size_t>(sc.k) > c.xy.size()) {
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
    const auto reach = algorithms::network::catchment_times(
        in.network.net.graph, in.network.segments, c.snap, in.access.demand_snaps, offroad, sp);
    std::vector<std::uint8_t> covered(demand.size(), 0);
    for (std::size_t p = 0; p < demand.size(); ++p) {
        covered[p] = in.access.demand_time_s[p] <= sp.limit_s ? 1 : 0;
    }
    const auto s =
        algorithms::access::greedy_cover(reach, demand, covered, static_cast<std::size_t>(sc.k));
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
        proposal.pick = SitingPick{static_cast<int>(k + 1), c.id[pick], c.name[pick],
                                   c.commune[pick],         s.gain[k],  share};
        proposal.xy = c.xy[pick];
        proposal.covered = s.covered[k];
        r.proposals.push_back(std::move(proposal));
    }
    r.total = s.total;
    if (sc.exact) {
        r.exact = exact_cover(reach, demand, covered, static_cast<std::size_t>(sc.k),
                              sc.exact_time_limit_s, s.picks);
        for (const auto j : r.exact->picks) {
            r.exact_ids.push_back(c.id[j]);
        }
    }
    return r;
}

} // namespace hublo::stages
