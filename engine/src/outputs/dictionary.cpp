#include "outputs/dictionary.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace hublo::outputs {

namespace {

/// Which layers an entry is for: communes, levels (EPCI, bassins... and the levels' columns
/// also found on communes), places, deserts, isochrones (every coverage layer), the
/// proposed places, or any layer.
enum class On {
    communes,
    levels,
    areas,
    places,
    deserts,
    isochrones,
    recommendations,
    tour,
    tour_stops,
    any
};

/// One documented column. In `pattern`, {n} stands for a number of minutes and {id} for an
/// identifier (a mode, an indicator); the meaning's {n} and {id} take their values.
struct Entry {
    On on;
    const char *pattern;
    const char *unit;
    const char *meaning;
    const char *source;
};

constexpr const char *kFlag = "1 = yes, 0 = no";
constexpr const char *kShare = "share, 0 to 1";

// The columns hublo writes. Shares are fractions 0-1 in every file (the console and the
// report print them as percentages); minutes are by car unless a mode is named.
constexpr Entry kEntries[] = {
    // Identity, shared by several layers.
    {On::any, "code", "text", "Insee code of the area (commune, EPCI, bassin de vie...)",
     "the layer or table the level comes from"},
    {On::any, "name", "text", "name", "the source layer or file"},
    {On::areas, "communes", "communes", "number of the study's communes in the area",
     "hublo (levels)"},
    {On::deserts, "communes", "communes", "number of communes in the zone", "hublo (deserts)"},
    {On::any, "population", "people",
     "resident population ([population]; on isochrones: the people inside the band)",
     "Insee census, as the study says"},
    {On::levels, "places", "places",
     "number of places of mediation located in the area (places outside the study not counted)",
     "hublo (places)"},
    {On::any, "area_km2", "km²", "area of the polygon, in Lambert-93", "hublo"},
    {On::levels, "geometry_origin", "text",
     "where the polygon comes from: layer (the level's own outline), \"layer, clipped to the "
     "study\" (its part over the study's communes), dissolved (its communes merged)",
     "hublo (levels)"},
    // Communes: access by car.
    {On::communes, "demand_point", "text",
     "where the commune's people are placed for travel times: table (coordinates of the demand "
     "table, the town hall area), polygon (point on surface, a stand-in), grid (cells of the "
     "population grid)",
     "hublo (demand)"},
    {On::communes, "grid_cells", "cells", "cells of the population grid used as demand points",
     "[access] grid"},
    {On::communes, "grid_people", "people", "people of those grid cells", "[access] grid"},
    {On::communes, "road_distance_m", "metres",
     "straight-line distance from the demand point to the road network (covered at the off-road "
     "speed)",
     "hublo (network)"},
    {On::places, "road_distance_m", "metres",
     "straight-line distance from the place to the road network", "hublo (network)"},
    {On::communes, "nearest_place_min", "minutes",
     "minutes by car to the nearest place of mediation, whatever its hours (population-weighted "
     "mean over the commune's demand points)",
     "hublo (access)"},
    {On::communes, "nearest_place", "text", "id of that nearest place (P00001...)",
     "hublo (access)"},
    {On::communes, "nearest_place_name", "text", "name of that nearest place", "hublo (access)"},
    {On::communes, "places_within_{n}min", "places", "places within {n} minutes by car",
     "hublo (access)"},
    {On::places, "population_within_{n}min", "people",
     "people whose demand point is within {n} minutes by car of the place", "hublo (access)"},
    {On::levels, "nearest_place_mean_min", "minutes",
     "population-weighted mean of the communes' minutes by car to the nearest place",
     "hublo (access)"},
    {On::levels, "pop_beyond_{n}min", "people", "people more than {n} minutes by car from a place",
     "hublo (access)"},
    {On::levels, "share_beyond_{n}min", kShare,
     "share of the population more than {n} minutes by car from a place", "hublo (access)"},
    {On::levels, "pop_unreachable", "people", "people with no place reachable on the network",
     "hublo (access)"},
    // Risk and illectronism.
    {On::any, "risk_index", "score 1 to 10",
     "composite risk index: weighted mean of the indicator scores (10 = most at risk); on levels "
     "the population-weighted mean of the communes'",
     "hublo (risk), [[risk.indicators]]"},
    {On::communes, "risk_missing", "indicators", "indicators missing for the commune",
     "hublo (risk)"},
    {On::communes, "risk_score_{id}", "score 1 to 10", "score of indicator {id}", "hublo (risk)"},
    {On::communes, "risk_top", kFlag, "commune among the most at risk ([deserts] rule)",
     "hublo (deserts)"},
    {On::levels, "illectronism_communes", "communes",
     "communes whose expected people in illectronism are known", "hublo (illectronism)"},
    {On::any, "people_15plus", "people", "people aged 15 or more", "Insee census by age"},
    {On::any, "illectronism_expected", "people",
     "expected people in illectronism: Insee's rates by age (Insee Première n°1953) applied to "
     "the people by age; an estimate, not a count",
     "hublo (illectronism)"},
    {On::any, "illectronism_low", "people", "low end of that estimate (the rates' ranges)",
     "hublo (illectronism)"},
    {On::any, "illectronism_high", "people", "high end of that estimate", "hublo (illectronism)"},
    {On::communes, "illectronism_rate", kShare, "expected people in illectronism / people 15+",
     "hublo (illectronism)"},
    {On::communes, "age_structure", "text",
     "where the ages come from (census columns, the grid, or none)", "hublo (illectronism)"},
    // Without a car.
    {On::any, "no_car_share", kShare, "share of households without a car",
     "Insee RP 2020 by IRIS ([no_car] share_column)"},
    {On::any, "at_risk_no_car", "people",
     "people at risk without a car: expected people in illectronism x the share without a car x "
     "[no_car] age_tilt (a stand-in: no published rate)",
     "hublo (no car)"},
    {On::any, "at_risk_car", "people", "people at risk with a car (the others)", "hublo (no car)"},
    {On::communes, "car_min", "minutes",
     "minutes by car to the nearest place open at least [no_car] open_hours a week",
     "hublo (no car)"},
    {On::communes, "no_car_min", "minutes",
     "minutes without a car (the best counted mode) to the nearest place open at least [no_car] "
     "open_hours a week",
     "hublo (modes)"},
    {On::communes, "no_car_any_min", "minutes",
     "minutes without a car (the best counted mode) to the nearest place of any hours",
     "hublo (modes)"},
    {On::communes, "no_car_hours_within", "hours a week",
     "opening hours a week of every place within reach without a car (each mode's time_min)",
     "hublo (modes)"},
    {On::communes, "{id}_any_min", "minutes",
     "minutes by mode {id} to the nearest place of any hours (mobile stops included)",
     "hublo (modes)"},
    {On::communes, "{id}_hours_within", "hours a week",
     "opening hours a week of every place within the mode's time_min by mode {id}",
     "hublo (modes)"},
    {On::communes, "{id}_visit_h", "hours a week",
     "public transport ([transit]): hours of the week when, leaving home, a visit of visit_min "
     "can start within max_min at a place open then, with a trip home by back_by (people-"
     "weighted over the commune's points)",
     "hublo (transit)"},
    {On::communes, "transit_min", "minutes",
     "public transport (the mode with transit = true, id transit): minutes from leaving home until "
     "a visit can start at the nearest place open at least [no_car] open_hours a week (the "
     "journey and the wait at the door until it opens), at [transit] percentile of the window's "
     "departures",
     "hublo (transit)"},
    {On::communes, "transit_any_min", "minutes", "public transport: the same to any counted place",
     "hublo (transit)"},
    {On::communes, "{id}_p{n}_min", "minutes",
     "public transport: minutes until a visit can start at the nearest place open enough, at "
     "percentile {n} of the window's departures (0: the best departure; [transit] percentiles)",
     "hublo (transit)"},
    {On::communes, "{id}_no_visit_share", "share 0-1",
     "public transport: the share of the commune's people for whom such a visit is never "
     "possible in the week",
     "hublo (transit)"},
    {On::communes, "{id}_min", "minutes",
     "minutes by mode {id} to the nearest place open at least [no_car] open_hours a week",
     "hublo (modes)"},
    {On::communes, "no_car_mode", "text", "the fastest mode without a car", "hublo (modes)"},
    {On::communes, "no_car_far", kFlag,
     "people without a car beyond every mode's time_min of a place open enough", "hublo (modes)"},
    {On::communes, "no_car_stop_hours_within", "hours a week",
     "of no_car_hours_within, the hours of mobile services' stops", "hublo (modes)"},
    {On::communes, "modes_note", "text", "how each mode's times were made (what stands in)",
     "hublo (modes)"},
    {On::levels, "at_risk_car_beyond_{n}min", "people",
     "people at risk with a car more than {n} minutes by car from a place open enough",
     "hublo (modes)"},
    {On::levels, "at_risk_no_car_beyond_{id}_{n}min", "people",
     "people at risk without a car more than {n} minutes by mode {id} from a place open enough",
     "hublo (modes)"},
    {On::levels, "at_risk_no_car_no_visit_{id}", "people",
     "people at risk without a car for whom a visit by public transport (mode {id}) is never "
     "possible in the week ([transit])",
     "hublo (transit)"},
    {On::levels, "at_risk_no_car_far", "people", "people at risk without a car who are far",
     "hublo (modes)"},
    // Supply and accessibility.
    {On::any, "demand_at_risk", "people",
     "demand: the people at risk (expected people in illectronism; on isochrones those inside "
     "the band)",
     "hublo (demand)"},
    {On::any, "accessibility", "help-hours a week per 1,000 people at risk",
     "E2SFCA accessibility ([accessibility] per people at risk, [supply] unit); on levels and "
     "zones the demand-weighted mean",
     "hublo (accessibility)"},
    {On::communes, "bfca", "help-hours a week per 1,000 people at risk",
     "balanced accessibility (BFCA, Paez et al. 2019): nobody counted twice", "hublo"},
    {On::communes, "supply_allocated", "help-hours a week",
     "help-hours a week the commune's people at risk get under BFCA", "hublo (accessibility)"},
    {On::any, "supply_per_at_risk", "help-hours a week per 1,000 people at risk",
     "BFCA help-hours per 1,000 people at risk (on levels: allocated / people at risk)",
     "hublo (accessibility)"},
    {On::levels, "supply_gini", "index 0 to 1",
     "Gini of supply_per_at_risk among the area's people at risk (0 = equal)",
     "hublo (accessibility)"},
    {On::levels, "supply_palma", "ratio",
     "Palma ratio: the best-served 10 %'s share over the worst-served 40 %'s",
     "hublo (accessibility)"},
    {On::levels, "at_risk_lowest_fifth_share", kShare,
     "share of the area's people at risk in the region's lowest fifth of supply_per_at_risk",
     "hublo (accessibility)"},
    {On::communes, "lowest_fifth", kFlag, "in the region's lowest fifth of supply_per_at_risk",
     "hublo (accessibility)"},
    // Deserts.
    {On::communes, "many_at_risk", kFlag, "at least [deserts] at_risk_min people at risk",
     "hublo (deserts)"},
    {On::communes, "open_place_min", "minutes",
     "minutes by car to the nearest place open at least [deserts] far_open_hours a week",
     "hublo (deserts)"},
    {On::communes, "far", kFlag, "far by the desert rule (see far_car, far_no_car)",
     "hublo (deserts)"},
    {On::communes, "thin", kFlag, "thinly served: accessibility below [deserts] thin_below",
     "hublo (deserts)"},
    {On::communes, "low_access", kFlag, "low accessibility ([deserts] rule)", "hublo (deserts)"},
    {On::communes, "desert", kFlag, "a digital desert: many at risk and (far or thin)",
     "hublo (deserts)"},
    {On::communes, "desert_reason", "text", "why: far by car, far without a car, thin, or both",
     "hublo (deserts)"},
    {On::communes, "desert_robust", kFlag,
     "still a desert with the low and high estimates and the thresholds moved by 20 %",
     "hublo (deserts)"},
    {On::communes, "desert_rank", "rank", "rank of the commune's desert zone (1 = most demand)",
     "hublo (deserts)"},
    {On::communes, "far_car", kFlag, "its people at risk with a car are far", "hublo (deserts)"},
    {On::communes, "far_no_car", kFlag, "its people at risk without a car are far",
     "hublo (deserts)"},
    {On::any, "at_risk_far", "people", "people at risk who are far (both groups)",
     "hublo (deserts)"},
    {On::any, "at_risk_far_no_car", "people", "of those, without a car", "hublo (deserts)"},
    {On::levels, "desert_communes", "communes", "desert communes in the area", "hublo (deserts)"},
    {On::levels, "desert_population", "people", "population of those communes", "hublo (deserts)"},
    {On::levels, "desert_demand", "people", "people at risk in those communes", "hublo (deserts)"},
    {On::deserts, "id", "text", "zone id", "hublo (deserts)"},
    {On::deserts, "rank", "rank", "rank by people at risk (1 = most)", "hublo (deserts)"},
    {On::deserts, "commune_codes", "text", "Insee codes of the zone's communes, |-separated",
     "hublo (deserts)"},
    {On::deserts, "demand", "people", "people at risk in the zone", "hublo (deserts)"},
    {On::deserts, "nearest_place_mean_min", "minutes",
     "people-at-risk-weighted mean of the communes' minutes by car to the nearest place",
     "hublo (deserts)"},
    {On::deserts, "nearest_place_max_min", "minutes", "the longest of those minutes",
     "hublo (deserts)"},
    {On::deserts, "nearest_places", "text", "names of the nearest places, |-separated",
     "hublo (deserts)"},
    {On::deserts, "reasons", "text", "how many communes are far by car, far without a car, thin",
     "hublo (deserts)"},
    {On::deserts, "robust_communes", "communes", "communes that stay deserts (desert_robust)",
     "hublo (deserts)"},
    // Places.
    {On::places, "id", "text", "place id, P00001... in the output order", "hublo (places)"},
    {On::places, "labels", "text", "labels of the records merged into the place, |-separated",
     "[[places]] label"},
    {On::places, "commune", "text", "Insee code of the commune the place is in", "hublo (places)"},
    {On::recommendations, "commune", "text", "Insee code of the commune proposed",
     "hublo (siting)"},
    {On::places, "in_study", kFlag,
     "in the study's communes (0: outside a subset, kept for travel times only)", "hublo (places)"},
    {On::places, "located", "text",
     "coordinates (read from the source) or commune (its point on surface: a stand-in)",
     "hublo (places)"},
    {On::places, "address", "text", "postal address", "the places file"},
    {On::places, "postcode", "text", "postcode", "the places file"},
    {On::places, "siret", "text", "SIRET number", "the places file"},
    {On::places, "hours", "text", "opening hours, OpenStreetMap opening_hours syntax",
     "the places file"},
    {On::places, "hours_per_week", "hours a week",
     "opening hours a week (read, or the stand-in hours_source names)", "hublo (supply)"},
    {On::places, "hours_source", "text",
     "read, mobile stop, source default, study default, or median of the places read",
     "hublo (supply)"},
    {On::places, "open_days", "days", "days a week it opens", "hublo (supply)"},
    {On::places, "saturday", kFlag, "opens on Saturday", "hublo (supply)"},
    {On::places, "evening", kFlag, "opens after 18:00", "hublo (supply)"},
    {On::places, "mobile_service", "text", "the mobile or multi-site service of this stop",
     "the places file's comment"},
    {On::places, "stop_schedule", "text", "the stop's calendar as read", "the places file"},
    {On::places, "staff", "people", "staff helping at the place (read, or [[places]] staff)",
     "the places file or the study"},
    {On::places, "capacity", "help-hours a week",
     "supply: hours_per_week x staff ([supply] unit = help_hours), or staff", "hublo (supply)"},
    {On::places, "records", "records", "records merged into the place", "hublo (places)"},
    {On::places, "sources", "text", "source:record of each, |-separated", "hublo (places)"},
    {On::any, "lon", "degrees", "longitude, WGS84 (CSV files of point layers)", "hublo"},
    {On::any, "lat", "degrees", "latitude, WGS84 (CSV files of point layers)", "hublo"},
    // Isochrones.
    {On::isochrones, "mode", "text", "the [[modes]] id", "hublo (isochrones)"},
    {On::isochrones, "minutes_from", "minutes", "band's lower bound (0 for cumulative bands)",
     "hublo (isochrones)"},
    {On::isochrones, "minutes_to", "minutes", "band's upper bound", "hublo (isochrones)"},
    {On::isochrones, "band", "text", "the band as a label, e.g. 0-10 min", "hublo (isochrones)"},
    {On::isochrones, "method", "text", "how the band was made (what stands in)",
     "hublo (isochrones)"},
    {On::isochrones, "origin", "id", "id of the origin point (an integer when every id is one)",
     "hublo (isochrones)"},
    {On::isochrones, "place_id", "text", "id of the place (per-place isochrones)",
     "hublo (isochrones)"},
    {On::isochrones, "place_name", "text", "name of the place", "hublo (isochrones)"},
    // Proposed places.
    {On::recommendations, "rank", "rank", "order of choice (greedy)", "hublo (siting)"},
    {On::recommendations, "id", "text", "id of the candidate (its commune code)", "hublo (siting)"},
    {On::recommendations, "gain", "people",
     "people at risk newly within [siting] minutes of a place", "hublo (siting)"},
    {On::recommendations, "gain_population", "people", "population newly within them",
     "hublo (siting)"},
    {On::recommendations, "covered", "people",
     "people at risk within [siting] minutes once this place is added", "hublo (siting)"},
    {On::recommendations, "action", "text",
     "open (a new place) or extend (an existing place's hours to [siting] open_hours)",
     "hublo (siting, budget_hours)"},
    {On::recommendations, "help_hours", "help-hours a week",
     "what the pick costs of [siting] budget_hours: place_hours for a new place, the missing "
     "hours x staff for an extension",
     "hublo (siting, budget_hours)"},
    {On::recommendations, "covered_share", kShare, "the same as a share of the people at risk",
     "hublo (siting)"},
    // The travelling service ([tour]).
    {On::tour, "day", "rank", "day of the cycle (weeks x working days), from 1", "hublo (tour)"},
    {On::tour, "week", "rank", "week of the cycle, from 1", "hublo (tour)"},
    {On::tour, "weekday", "text", "Monday... Sunday", "[tour] hours"},
    {On::tour, "leaves", "HH:MM", "leaves the depot", "[tour] hours"},
    {On::tour, "back", "HH:MM", "back at the depot (by the end of [tour] hours)", "hublo (tour)"},
    {On::tour, "stops", "count", "stops made that day", "hublo (tour)"},
    {On::tour, "drive_min", "minutes", "driving that day, by the road network's times",
     "hublo (tour)"},
    {On::tour, "km", "km", "length of the drawn line (the network's geometry, without sinuosity)",
     "hublo (tour)"},
    {On::tour, "people_new", "people",
     "far people at risk without a car first reached on that day of the cycle", "hublo (tour)"},
    {On::tour_stops, "day", "rank", "day of the cycle, from 1", "hublo (tour)"},
    {On::tour_stops, "week", "rank", "week of the cycle, from 1", "hublo (tour)"},
    {On::tour_stops, "weekday", "text", "Monday... Sunday", "[tour] hours"},
    {On::tour_stops, "order", "rank", "order of the stop in its day", "hublo (tour)"},
    {On::tour_stops, "commune", "text", "Insee code of the commune where the service stops",
     "hublo (tour)"},
    {On::tour_stops, "name", "text", "name of that commune", "[communes]"},
    {On::tour_stops, "arrives", "HH:MM", "arrival at the stop", "hublo (tour)"},
    {On::tour_stops, "leaves", "HH:MM", "departure: arrival + [tour] stop_minutes", "hublo (tour)"},
    {On::tour_stops, "drive_min", "minutes", "from the previous stop or the depot", "hublo (tour)"},
    {On::tour_stops, "hours_per_week", "hours",
     "hours of help a week at the stop: stop_minutes / 60 / weeks", "[tour]"},
    {On::tour_stops, "people", "people",
     "far people at risk without a car within a no-car mode's time_min of the stop "
     "(straight line x circuity)",
     "hublo (tour)"},
    {On::tour_stops, "people_new", "people", "of them, not reached by an earlier stop",
     "hublo (tour)"},
    {On::tour_stops, "communes_reached", "text", "Insee codes of their communes, |-separated",
     "hublo (tour)"},
};

bool applies(On on, const std::string &layer, bool level) {
    switch (on) {
    case On::communes:
        return layer == "communes";
    case On::levels:
        return level || layer == "communes";
    case On::areas:
        return level;
    case On::places:
        return layer == "places";
    case On::deserts:
        return layer == "deserts";
    case On::isochrones:
        return layer.starts_with("isochrones");
    case On::recommendations:
        return layer == "recommendations";
    case On::tour:
        return layer == "tour";
    case On::tour_stops:
        return layer == "tour_stops";
    case On::any:
        return true;
    }
    return false;
}

/// `pattern` as a regular expression, and the meaning with the captures put in.
std::optional<std::string> match(const Entry &e, const std::string &column) {
    std::string re = "^";
    std::vector<std::string> order;
    for (const char *p = e.pattern; *p; ++p) {
        if (std::string_view(p).starts_with("{n}")) {
            re += "([0-9]+(?:\\.[0-9]+)?)";
            order.emplace_back("{n}");
            p += 2;
        } else if (std::string_view(p).starts_with("{id}")) {
            re += "([A-Za-z0-9_]+?)";
            order.emplace_back("{id}");
            p += 3;
        } else {
            re += std::isalnum(static_cast<unsigned char>(*p)) || *p == '_'
                      ? std::string(1, *p)
                      : std::string("\\") + *p;
        }
    }
    std::smatch m;
    if (!std::regex_match(column, m, std::regex(re + "$"))) {
        return std::nullopt;
    }
    std::string meaning = e.meaning;
    for (std::size_t k = 0; k < order.size(); ++k) {
        for (std::size_t at; (at = meaning.find(order[k])) != std::string::npos;) {
            meaning.replace(at, order[k].size(), m[k + 1].str());
        }
    }
    return meaning;
}

const char *type_name(model::FieldType t) {
    return t == model::FieldType::integer ? "integer"
           : t == model::FieldType::real  ? "real"
                                          : "text";
}

const std::set<std::string> &named_layers() {
    static const std::set<std::string> names = {
        "communes", "places", "deserts", "recommendations", "tour", "tour_stops", "dictionary"};
    return names;
}

} // namespace

std::optional<ColumnDoc> describe_column(const std::string &layer, const std::string &column,
                                         std::span<const stages::TableSettings> tables) {
    const bool level = !named_layers().count(layer) && !layer.starts_with("isochrones");
    for (const auto &t : tables) {
        const bool here = t.level == "communes" ? (layer == "communes") : (layer == t.level);
        if (!here || !column.starts_with(t.prefix)) {
            continue;
        }
        const std::string c = column.substr(t.prefix.size());
        const std::string file = t.source.path.filename().string();
        const std::string joined =
            ", joined by code" + std::string(t.on_duplicate == stages::OnDuplicate::sum
                                                 ? " (rows of one code summed)"
                                                 : "");
        for (const auto &g : t.shares) {
            if (std::find(g.columns.begin(), g.columns.end(), c) != g.columns.end()) {
                return g.counts ? ColumnDoc{"as " + g.base,
                                            "share " + c + " of [[tables]] " + t.id + " x " +
                                                g.base + ": a count" + joined,
                                            file}
                                : ColumnDoc{kShare,
                                            "share " + c + " of [[tables]] " + t.id +
                                                ", weighted by " + g.base + joined,
                                            file};
            }
        }
        if (std::find(t.columns.begin(), t.columns.end(), c) != t.columns.end()) {
            return ColumnDoc{"as in the source", "column " + c + " of [[tables]] " + t.id + joined,
                             file};
        }
        if (t.lookup && std::find(t.lookup->columns.begin(), t.lookup->columns.end(), c) !=
                            t.lookup->columns.end()) {
            return ColumnDoc{"as in the source",
                             "column " + c + " of the lookup of [[tables]] " + t.id + joined,
                             t.lookup->source.path.filename().string()};
        }
    }
    // Exact names first, then the patterns ({n}, {id}) in the table's order.
    for (const bool patterns : {false, true}) {
        for (const auto &e : kEntries) {
            if (applies(e.on, layer, level) &&
                (std::string_view(e.pattern).find('{') != std::string_view::npos) == patterns) {
                if (auto meaning = match(e, column)) {
                    return ColumnDoc{e.unit, *meaning, e.source};
                }
            }
        }
    }
    return std::nullopt;
}

model::Layer dictionary_layer(std::span<const model::Layer> layers,
                              std::span<const stages::TableSettings> tables) {
    model::Layer out;
    out.name = "dictionary";
    out.geometry = model::GeometryType::none;
    auto &f_layer = out.add_field("layer", model::FieldType::string);
    auto &f_column = out.add_field("column", model::FieldType::string);
    auto &f_type = out.add_field("type", model::FieldType::string);
    auto &f_unit = out.add_field("unit", model::FieldType::string);
    auto &f_meaning = out.add_field("meaning", model::FieldType::string);
    auto &f_source = out.add_field("source", model::FieldType::string);
    std::set<std::string> levels;
    for (const auto &l : layers) {
        if (!named_layers().count(l.name) && !l.name.starts_with("isochrones")) {
            levels.insert(l.name);
        }
    }
    auto row = [&](const std::string &layer, const std::string &column, const char *type) {
        auto doc = describe_column(layer, column, tables);
        if (!doc && layer == "communes" && levels.count(column)) {
            doc = ColumnDoc{"text", "code of the commune's area in level " + column,
                            "the level's definition ([[levels]] " + column + ")"};
        }
        if (!doc) {
            doc = ColumnDoc{"", "not documented", ""};
        }
        f_layer.values.emplace_back(layer);
        f_column.values.emplace_back(column);
        f_type.values.emplace_back(type);
        f_unit.values.emplace_back(doc->unit);
        f_meaning.values.emplace_back(doc->meaning);
        f_source.values.emplace_back(doc->source);
    };
    for (const auto &l : layers) {
        for (const auto &f : l.fields) {
            row(l.name, f.name, type_name(f.type));
        }
        if (l.geometry == model::GeometryType::points) {
            row(l.name, "lon", "real");
            row(l.name, "lat", "real");
        }
    }
    return out;
}

} // namespace hublo::outputs
