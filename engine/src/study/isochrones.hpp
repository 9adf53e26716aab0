// Isochrones from given origins on a study's road network (the `hublo isochrones` command).
#pragma once

#include "study/config.hpp"

#include <array>
#include <filesystem>
#include <vector>

namespace hublo::study {

/// One feature per origin and threshold (cumulative: the area within T minutes of the
/// origin), written as RFC 7946 GeoJSON to `output` (under a temporary name, then renamed).
/// Returns the number of features. Throws hublo::Error on a study without [network], an
/// origin further than max_snap_m from any road, or no threshold.
std::size_t isochrones_from_origins(const StudyConfig &config,
                                    const std::vector<std::array<double, 2>> &lonlat,
                                    const std::vector<double> &minutes,
                                    const std::filesystem::path &output);

} // namespace hublo::study
