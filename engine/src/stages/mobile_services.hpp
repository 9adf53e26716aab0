// Mobile and multi-site services (France Services buses, travelling and multi-site services):
// the communes they serve, read from the free text of their source (`commentaire`), each
// becoming a stop with its share of the service's hours. Names are matched to the study's
// communes of the service's département with accents, hyphens, `St`/`Saint` and small words
// (`sur`, `s/`, `en`, `le`...) folded; a calendar such as « 1er lundi Vicq Exemplet » gives the
// stop one day a month, « mardis matin 9h - 12h à la mairie de Chevry » three hours a week.
// What cannot be read is reported with the closest commune, never guessed.
#pragma once

#include "core/issue_log.hpp"
#include "model/areas.hpp"
#include "places/places.hpp"

#include <string>
#include <vector>

namespace hublo::stages {

/// One service as read: its stops and what was not understood.
struct MobileService {
    std::string name, format, commune; ///< the service, its format_fs and base commune
    double hours_per_week = 0;         ///< of the whole service
    struct Stop {
        std::string commune, name;
        std::string schedule; ///< "1st Monday of the month", "Tuesdays 09:00-12:00"...
        double hours_per_week = 0;
    };
    std::vector<Stop> stops;
    double base_hours = 0;              ///< what no stop takes, left at the base
    std::vector<std::string> unmatched; ///< "Argonne (closest commune: ...)"
};

/// The formats of the France Services list that are not one fixed place.
bool is_mobile_format(const std::string &format);

/// The records of mobile and multi-site services replaced by one record per stop (located
/// by commune, with `stop_hours`) and, when part of the hours goes to no stop read, one at
/// the base; other records unchanged. Each service read is added to `services`.
std::vector<places::PlaceRecord> expand_mobile_services(std::vector<places::PlaceRecord> records,
                                                        const model::AreaSet &communes,
                                                        std::vector<MobileService> &services,
                                                        core::IssueLog &log);

} // namespace hublo::stages
