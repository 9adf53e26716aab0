// The `hublo` commands that take no study: they read one input and report on it.
#pragma once

#include "hublo/hublo.hpp"

#include <CLI/CLI.hpp>

namespace hublo::cli {

/// `hublo circuity OSM`: the [[modes]] circuity of an extract's streets.
CLI::App *add_circuity(CLI::App &app, CircuityRequest &circ, double &circ_speed);
int circuity_command(const CircuityRequest &request, double speed_kmh);

/// `hublo transit FEED... --date D [--queries Q]`: a GTFS feed's day, and earliest arrivals.
CLI::App *add_transit(CLI::App &app, TransitRequest &request);
int transit_command(const TransitRequest &request);

} // namespace hublo::cli
