// The monographs' words in French: what the layers say in English or in OpenStreetMap's
// opening_hours syntax (the hours of a place, the calendar of a mobile stop, why a commune is
// a desert), said for a French reader. Anything not recognised is kept as it is.
#pragma once

#include <string>

namespace hublo::outputs::mono {

/// "Mo-We 09:00-12:00,13:30-17:30; Sa 09:00-12:00" → "lun.–mer. 9h–12h, 13h30–17h30 ;
/// sam. 9h–12h" ("off" → "fermé", "PH" → "jours fériés").
std::string fr_hours(const std::string &osm);

/// A mobile stop's calendar as the places layer writes it ("2nd Tuesday of the month",
/// "Thursdays, 14:00-16:30", "an equal share of the service's hours (1/34)") in French.
std::string fr_schedule(const std::string &schedule);

/// Why a commune or a zone is a desert ("far by car and without a car and thin",
/// "far without a car (3), thin (6)") in French.
std::string fr_reasons(const std::string &reasons);

} // namespace hublo::outputs::mono
