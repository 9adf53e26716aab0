// `hublo circuity` and `hublo transit`: commands that read one input without a study.
#include "tools.hpp"

#include <cstdio>

namespace hublo::cli {

/// The `circuity` subcommand: its options fill `circ` and `speed_kmh`.
CLI::App *add_circuity(CLI::App &app, CircuityRequest &circ, double &circ_speed) {
    auto *circuity = app.add_subcommand(
        "circuity", "Measure how much longer the way along an OSM extract's streets is than "
                    "the straight line (the [[modes]] circuity), and the error of using it");
    circuity->add_option("OSM", circ.osm_file, "An .osm.pbf extract")->required();
    circuity->add_option("--profile", circ.profile, "walk (default), bike or car")
        ->check(CLI::IsMember({"walk", "bike", "car"}));
    circuity->add_option("--crs", circ.crs, "Metric CRS (default: the extract's UTM zone)");
    circuity->add_option("--origins", circ.origins, "Random origins (default 200)");
    circuity->add_option("--per-origin", circ.per_origin,
                         "Random destinations per origin (default 10)");
    circuity->add_option("--min-distance", circ.min_straight_m,
                         "Leave out pairs closer than this, metres (default 200)");
    circuity->add_option("--seed", circ.seed, "Random seed (default 1): same seed, same pairs");
    circuity->add_option("--factor", circ.factor,
                         "The factor whose error is reported (default: each sample's median)");
    circuity->add_option("--speed", circ_speed, "km/h, to give the error in minutes (default 4.5)");

    return circuity;
}

/// `hublo circuity`: the circuity of an OSM extract, printed as a table.
int circuity_command(const CircuityRequest &request, double speed_kmh) {
    const auto r = hublo::measure_circuity(request);
    std::printf("%s, profile %s, %s: %zu nodes, %zu places (%s)\n",
                request.osm_file.filename().string().c_str(), request.profile.c_str(),
                r.crs.c_str(), r.nodes, r.places, r.places_are.c_str());
    std::printf("network / straight-line distance     pairs  median   mean    p10    p90  "
                "straight median\n");
    const double m_per_min = speed_kmh * 1000.0 / 60.0;
    auto row = [&](const char *what, const hublo::CircuityReport::Sample &s) {
        std::printf("  %-34s %6zu  %5.3f  %5.3f  %5.3f  %5.3f  %8.0f m\n", what, s.pairs, s.median,
                    s.mean, s.p10, s.p90, s.straight_median_m);
    };
    row("random pairs of nodes", r.random_pairs);
    row("homes (random nodes) to places", r.homes_to_places);
    std::printf("error of straight line x factor        factor  median (%%)  p90 (%%)  median "
                "min  p90 min at %.1f km/h\n",
                speed_kmh);
    auto err = [&](const char *what, const hublo::CircuityReport::Sample &s) {
        std::printf("  %-34s %6.3f  %10.1f  %7.1f  %10.2f  %7.2f\n", what, s.factor,
                    100 * s.error_median, 100 * s.error_p90, s.error_median_m / m_per_min,
                    s.error_p90_m / m_per_min);
    };
    err("random pairs of nodes", r.random_pairs);
    err("homes (random nodes) to places", r.homes_to_places);
    return 0;
}

/// "08:05:00" of seconds since midnight (past 24:00 for the next morning).
static std::string clock(std::int32_t s) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

CLI::App *add_transit(CLI::App &app, TransitRequest &request) {
    auto *t = app.add_subcommand(
        "transit", "Read GTFS feeds as a study does: what runs on a day, the feed's defects, and "
                   "with --queries the earliest arrival at every stop (RAPTOR) as CSV");
    t->add_option("FEED", request.feeds, "GTFS feeds: .zip files or folders of .txt files")
        ->required();
    t->add_option("--date", request.date, "The service day, YYYY-MM-DD")->required();
    t->add_option("--queries", request.queries,
                  "CSV with from_stop_id and depart (H:MM:SS): prints query,stop_id,arrival,"
                  "vehicles for every stop reached");
    t->add_option("--transfer-m", request.transfer_m,
                  "Walk between stops this close, metres (default 300; 0: transfers.txt only)");
    t->add_option("--max-transfers", request.max_transfers, "Default 3");
    t->add_option("--crs", request.crs, "Metric CRS for walks (default: the stops' UTM zone)");
    return t;
}

int transit_command(const TransitRequest &request) {
    const auto r = inspect_transit(request);
    if (!request.queries.empty()) {
        std::printf("query,stop_id,arrival,vehicles\n");
        for (const auto &a : r.arrivals) {
            std::printf("%zu,%s,%s,%d\n", a.query, a.stop_id.c_str(), clock(a.arrival_s).c_str(),
                        a.vehicles);
        }
        return 0;
    }
    std::printf("%zu feed%s: %zu agencies, %zu routes, %zu stops (%zu located)\n", r.feeds,
                r.feeds == 1 ? "" : "s", r.agencies, r.routes, r.stops, r.located_stops);
    std::printf("calendars: %s\n", r.covers.c_str());
    std::printf("%s (%s): %zu services, %zu trips in %zu routes without overtaking\n",
                r.date.c_str(), r.weekday.c_str(), r.services_on_date, r.trips_on_date,
                r.raptor_routes);
    std::printf("walks between stops: %zu (within %.0f m, and transfers.txt), in %s\n", r.footpaths,
                request.transfer_m, r.crs.c_str());
    if (r.issues.empty()) {
        std::printf("no defect found\n");
    }
    for (const auto &issue : r.issues) {
        std::string examples;
        for (const auto &e : issue.examples) {
            examples += (examples.empty() ? "" : "; ") + e;
        }
        std::printf("  %6zu  %s\n", issue.count, issue.message.c_str());
        if (!examples.empty()) {
            std::printf("          e.g. %s%s\n", examples.c_str(),
                        issue.count > issue.examples.size() ? "; ..." : "");
        }
    }
    return 0;
}

} // namespace hublo::cli
