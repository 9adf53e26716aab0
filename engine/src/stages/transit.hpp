// Stage "transit" (run within the modes stage, as the [[modes]] entry with transit = true):
// the people at risk without a car by public transport. It reads GTFS feeds ([transit]),
// builds the timetable of each day of the week from the study's date, and for every demand
// point runs a range RAPTOR over the day's departures (algorithms/transit/visits.hpp):
// - the time until a visit can start at the nearest counted place (the journey, and waiting
//   at the door when it is still closed), at a percentile of the departures of a window of
//   the date (r5's travel-time distributions, with the places' opening hours besides);
// - the hours of the week when, leaving home, a visit of `visit_min` can start within
//   `max_min` with a trip home by `back_by`: the figure none of the routing tools give.
// Walks to, from and between stops are straight lines x the walking circuity at the walking
// speed (the no-car modes' stand-in for a street network): said in every output.
#pragma once

#include "core/issue_log.hpp"
#include "hublo/algorithms/transit/visits.hpp"
#include "io/gtfs.hpp"
#include "places/places.hpp"
#include "stages/context.hpp"
#include "stages/demand.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hublo::stages {

/// The study file's [transit].
struct TransitSettings {
    std::vector<std::filesystem::path> feeds; ///< .zip or folders
    std::string date;                         ///< "2026-03-10": the window's day; the week from it
    std::int32_t window_from_s = 8 * 3600;    ///< departures of the percentile figure
    std::int32_t window_to_s = 10 * 3600;
    double percentile = 50.0; ///< of the window's departures (nearest rank)
    /// More of the distribution over the window, each its own field (0: the best departure).
    std::vector<double> percentiles;
    std::int32_t day_from_s = 6 * 3600, day_to_s = 19 * 3600; ///< departures of the visits
    std::int32_t back_by_s = 20 * 3600;                       ///< home by
    double visit_min = 30.0;    ///< the place open this long after the visit starts
    double max_min = 60.0;      ///< journey and wait until the visit starts, at most
    int max_transfers = 3;      ///< vehicles - 1
    double walk_kmh = 4.5;      ///< walking to, from and between stops
    double walk_circuity = 1.5; ///< streets / straight line
    double access_m = 1000.0;   ///< the furthest walk to or from a stop, straight line
    double transfer_m = 300.0;  ///< stops this close are linked by a walk
    /// Places without read opening hours are taken as open these hours (a stand-in, counted
    /// and said); "" leaves them out of the transit figures.
    std::string unknown_hours = "Mo-Fr 09:00-12:00,14:00-17:00";
};

struct TransitInputs {
    const Demand &demand;
    std::span<const algorithms::geometry::XY> origin; ///< per demand point, where people live
    const std::vector<places::Place> &places;
    std::span<const std::uint8_t> counted; ///< per place: counted (the car's catchments)
    double open_hours = 0.0;               ///< [no_car] open_hours: places open enough
};

/// What was read, for summary.json and the console.
struct TransitFeedSummary {
    std::size_t feeds = 0, agencies = 0, routes = 0, stops = 0, located_stops = 0;
    std::size_t trips_on_date = 0, services_on_date = 0, footpaths = 0;
    std::string date, window, method;
    std::size_t places_with_stand_in_hours = 0, places_reached_by_stop = 0;
    double mean_range_departures = 0.0; ///< RAPTOR iterations per origin and day
};

/// What the transit isochrones need: the date's timetable, the counted places open [no_car]
/// open_hours (their stops and hours that day) and the settings.
struct TransitSurfaceData {
    TransitSettings settings;
    std::shared_ptr<const algorithms::transit::Timetable> day;
    std::vector<algorithms::geometry::XY> stop_xy;
    std::vector<algorithms::geometry::XY> place_xy;
    std::vector<algorithms::transit::Destination> places;
};

/// Seconds from every labelled raster node (x0 + col * cell, y0 + row * cell) until a visit
/// can start at the nearest place of `data`, at the settings' percentile of the window's
/// departures, as transit_min is for a demand point at that node (+inf beyond `limit_s`,
/// never, or on unlabelled nodes). Each stop's profile over the window (a range RAPTOR from
/// it) is computed once; a node reads the profiles of its stops at its walk to each.
std::vector<double> transit_surface(const TransitSurfaceData &data, double x0, double y0,
                                    double cell, std::size_t cols, std::size_t rows,
                                    std::span<const std::uint32_t> label, std::uint32_t no_area,
                                    double limit_s, unsigned threads);

struct TransitTimes {
    /// Per demand point: minutes until a visit starts at the nearest counted place open
    /// [no_car] open_hours, and at any counted place, at the percentile of the window's
    /// departures (NaN: beyond the percentile, none); and which place.
    std::vector<double> point_min, point_any_min;
    std::vector<std::uint32_t> point_place;
    /// Per demand point: hours a week when a visit is possible (leaving home).
    std::vector<double> point_visit_hours;
    /// Per [transit] percentiles entry, per demand point: the same as point_min at it.
    std::vector<std::vector<double>> point_percentile_min;
    TransitFeedSummary summary;
    std::shared_ptr<const TransitSurfaceData> surface; ///< for the isochrones
};

/// The feeds read and merged: stops renumbered one after the other, in the study CRS, and the
/// walks between them.
struct TransitNetwork {
    std::vector<io::gtfs::Feed> feeds;
    std::vector<std::uint32_t> offset;             ///< per feed, its first stop
    std::vector<algorithms::geometry::XY> stop_xy; ///< study CRS (NaN: no coordinates)
    std::vector<std::uint8_t> located;
    std::vector<std::vector<algorithms::transit::Walk>> footpaths;
    std::size_t footpath_count = 0;
};

/// Reads the feeds; their defects go to `log`. Throws Error naming the feed and the fix.
TransitNetwork load_transit_network(const TransitSettings &settings, const io::Crs &crs,
                                    core::IssueLog &log, TransitFeedSummary &summary);

/// The trips of every feed running on `day` (days since 1970-01-01), stops renumbered.
std::vector<algorithms::transit::Trip> transit_trips_on(const TransitNetwork &net, int day,
                                                        std::size_t *services = nullptr);

/// Throws Error (data) when no trip runs on `day`, naming the days the feeds cover.
void require_service(const TransitNetwork &net, int day, std::size_t trips);

/// Throws Error (input/data) naming the feed and the fix.
TransitTimes run_transit(const TransitSettings &settings, const TransitInputs &in,
                         StageContext &ctx);

} // namespace hublo::stages
