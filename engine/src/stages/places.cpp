#include "stages/places.hpp"

#include "core/strings.hpp"
#include "hublo/algorithms/dedup.hpp"
#include "hublo/algorithms/locate.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace hublo::stages {

using algorithms::geometry::XY;
using places::Place;
using places::PlaceRecord;

namespace {

/// A record with its position in the study CRS and its commune.
struct Located {
    PlaceRecord record;
    XY xy;
    std::string commune;
    bool by_commune = false;    ///< no coordinates: placed at its commune's point on surface
    bool outside_study = false; ///< in a commune left out by [communes] keep
};

/// Locates records in the communes; the problems met go to the log.
class RecordLocator {
public:
    RecordLocator(const model::AreaSet &communes, const model::AreaSet &outside,
                  const PlacesSettings &settings, StageContext &ctx)
        : communes_(communes), outside_(outside), settings_(settings), ctx_(ctx),
          to_study_(io::Crs::from_user("EPSG:4326", "WGS84"), ctx.crs), locator_(communes.geoms),
          outside_locator_(outside.geoms), commune_point_(communes.size()) {
        // Communes by normalised name within a département, for rows that only give a name.
        for (std::size_t i = 0; i < communes.size(); ++i) {
            by_name_.emplace(communes.codes[i].substr(0, 2) + "|" + io::name_key(communes.names[i]),
                             i);
        }
    }

    /// The record located, or nullopt when it is left out (counted).
    std::optional<Located> locate(PlaceRecord &&rec, const std::string &where) {
        std::optional<Located> loc =
            rec.lonlat ? by_coordinates(rec, where) : by_commune(rec, where);
        if (loc) {
            loc->record = std::move(rec);
        }
        return loc;
    }

private:
    std::optional<Located> by_coordinates(const PlaceRecord &rec, const std::string &where) {
        auto &log = ctx_.log;
        Located loc;
        loc.xy = to_study_.apply(*rec.lonlat);
        if (!locator_.find(loc.xy)) {
            // Latitude and longitude swapped (a common slip: France's are about 47 and 2):
            // swapped back when only that puts the place in a commune.
            const XY swapped = to_study_.apply(XY{rec.lonlat->y, rec.lonlat->x});
            if (locator_.find(swapped)) {
                log.add("place_lonlat_swapped",
                        "places whose latitude and longitude were swapped (swapped back: "
                        "only then are they in a commune of the study)",
                        where);
                loc.xy = swapped;
            }
        }
        if (auto hit = locator_.find(loc.xy)) {
            loc.commune = communes_.codes[*hit];
        } else if (auto out = outside_locator_.find(loc.xy)) {
            return outside_study(std::move(loc), outside_.codes[*out], where);
        } else if (outside_.index.count(rec.commune_code)) {
            // Declared in a commune left out of the study, and outside the study's polygons:
            // never pulled into a study commune by the border tolerance.
            return outside_study(std::move(loc), rec.commune_code, where);
        } else if (auto near = locator_.nearest(loc.xy, settings_.outside_tolerance_m)) {
            loc.commune = communes_.codes[*near];
            log.add("place_near_boundary",
                    "places just outside the commune polygons (simplified borders), "
                    "given the nearest commune",
                    where);
        } else {
            log.add("place_outside_communes",
                    "places outside every commune of the study (kept, without commune)", where);
        }
        if (const auto d = communes_.index.find(rec.commune_code);
            d != communes_.index.end() && !loc.commune.empty() && rec.commune_code != loc.commune &&
            algorithms::locate::boundary_distance(communes_.geoms[d->second], loc.xy) <=
                settings_.outside_tolerance_m) {
            // Within the border tolerance of its declared commune: the simplified borders put
            // it next door (Richelieu's France Services, 7 m off), the declared code wins.
            log.add("place_declared_commune_kept",
                    "places whose position falls just across the simplified border of their "
                    "declared commune (within the border tolerance), kept in it",
                    where + " (" + rec.commune_code + ", not " + loc.commune + ")");
            loc.commune = rec.commune_code;
        }
        if (!rec.commune_code.empty() && !loc.commune.empty() && rec.commune_code != loc.commune) {
            log.add("place_code_differs",
                    "places whose declared commune code differs from the commune "
                    "containing their coordinates (the position wins)",
                    where + " (" + rec.commune_code + " vs " + loc.commune + ")");
        }
        return loc;
    }

    std::optional<Located> by_commune(const PlaceRecord &rec, const std::string &where) {
        auto &log = ctx_.log;
        std::optional<std::size_t> commune;
        if (!rec.commune_code.empty()) {
            if (auto it = communes_.index.find(rec.commune_code); it != communes_.index.end()) {
                commune = it->second;
            }
        }
        if (!commune && outside_.index.count(rec.commune_code)) {
            const std::size_t o = outside_.index.at(rec.commune_code);
            Located loc;
            loc.xy = ctx_.geos.point_on_surface(outside_.geoms[o]);
            loc.by_commune = true;
            return outside_study(std::move(loc), rec.commune_code, where);
        }
        if (!commune && !rec.commune_name.empty() && rec.postcode.size() >= 2) {
            const auto key = rec.postcode.substr(0, 2) + "|" + io::name_key(rec.commune_name);
            if (by_name_.count(key) == 1) {
                commune = by_name_.find(key)->second;
                log.add("place_located_by_name",
                        "places without coordinates nor commune code, placed by their "
                        "commune name",
                        where);
            }
        }
        if (!commune) {
            log.add("place_unlocated",
                    "places without coordinates whose commune is not in the study (left out)",
                    where + (rec.commune_code.empty() ? "" : " (" + rec.commune_code + ")"));
            return std::nullopt;
        }
        if (!commune_point_[*commune]) {
            commune_point_[*commune] = ctx_.geos.point_on_surface(communes_.geoms[*commune]);
        }
        Located loc;
        loc.xy = *commune_point_[*commune];
        loc.commune = communes_.codes[*commune];
        loc.by_commune = true;
        return loc;
    }

    /// A place in a commune left out by [communes] keep: kept for travel times, counted apart.
    Located outside_study(Located loc, const std::string &code, const std::string &where) {
        loc.commune = code;
        loc.outside_study = true;
        ctx_.log.add("place_outside_study",
                     "places in communes outside the study ([communes] keep): kept for travel "
                     "times, counted apart",
                     where + " (" + code + ")");
        return loc;
    }

    const model::AreaSet &communes_;
    const model::AreaSet &outside_;
    const PlacesSettings &settings_;
    StageContext &ctx_;
    io::Transformer to_study_;
    algorithms::locate::PolygonLocator locator_;
    algorithms::locate::PolygonLocator outside_locator_;
    std::multimap<std::string, std::size_t> by_name_;
    std::vector<std::optional<XY>> commune_point_;
};

/// One place from the records of one group; the first with real coordinates gives the
/// position and the commune.
Place merge_group(const std::vector<Located> &all, const std::vector<std::size_t> &idx) {
    Place p;
    std::size_t lead = idx.front();
    for (const auto i : idx) {
        if (!all[i].by_commune) {
            lead = i;
            break;
        }
    }
    const auto &L = all[lead];
    p.name = all[idx.front()].record.name;
    p.xy = L.xy;
    p.commune_code = L.commune;
    p.outside_study = L.outside_study;
    p.located = L.by_commune ? "commune" : "coordinates";
    p.staff = 0.0;
    p.hours_stand_in = all[idx.front()].record.hours_stand_in;
    p.stop_hours = all[idx.front()].record.stop_hours;
    p.stop_schedule = all[idx.front()].record.stop_schedule;
    p.service = all[idx.front()].record.service;
    for (const auto i : idx) {
        const auto &r = all[i].record;
        p.labels.insert(p.labels.end(), r.labels.begin(), r.labels.end());
        p.sources.push_back(r.source + ":" + r.record_id);
        if (p.siret.empty()) {
            p.siret = r.siret;
        }
        if (p.address.empty()) {
            p.address = r.address;
        }
        if (p.postcode.empty()) {
            p.postcode = r.postcode;
        }
        // The same place listed twice is the same staff, not twice as many.
        p.staff = std::max(p.staff, r.staff);
        if (!p.hours && r.hours.hours && !r.stop_hours) {
            p.hours = r.hours.hours;
        }
    }
    std::sort(p.labels.begin(), p.labels.end());
    p.labels.erase(std::unique(p.labels.begin(), p.labels.end()), p.labels.end());
    return p;
}

/// The records listing the same place merged, in a stable, readable order (commune, name,
/// first source), numbered P00001...
std::vector<Place> merge(const std::vector<Located> &all, const PlacesSettings &settings,
                         core::IssueLog &log) {
    std::vector<std::string> name_keys(all.size());
    std::vector<algorithms::dedup::Candidate> candidates(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        name_keys[i] = io::name_key(all[i].record.name);
        // A place located only by its commune has no real position: match it by SIRET only.
        candidates[i] = {all[i].xy, all[i].record.siret,
                         all[i].by_commune ? std::string_view() : std::string_view(name_keys[i])};
    }
    algorithms::dedup::Parameters params;
    params.distance_m = settings.merge_distance_m;
    const auto groups = algorithms::dedup::find_duplicates(candidates, params);
    std::map<std::uint32_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < all.size(); ++i) {
        members[groups.group[i]].push_back(i);
    }
    std::vector<Place> places;
    for (const auto &[root, idx] : members) {
        Place p = merge_group(all, idx);
        if (idx.size() > 1) {
            log.add("place_duplicates_merged",
                    "places listed more than once (same SIRET, or same name within " +
                        std::to_string(static_cast<int>(settings.merge_distance_m)) + " m), merged",
                    p.name + " (" + std::to_string(idx.size()) + " records)");
        }
        places.push_back(std::move(p));
    }
    std::stable_sort(places.begin(), places.end(), [](const Place &a, const Place &b) {
        return std::tie(a.commune_code, a.name, a.sources.front()) <
               std::tie(b.commune_code, b.name, b.sources.front());
    });
    for (std::size_t i = 0; i < places.size(); ++i) {
        places[i].id = "P" + core::zero_pad(i + 1, 5);
    }
    return places;
}

/// The hours the source gave, the stated stand-ins for the others, and the capacity.
SupplySummary supply(std::vector<Place> &places, const SupplySettings &settings) {
    SupplySummary s;
    std::vector<double> read;
    for (const auto &p : places) {
        if (p.hours) {
            read.push_back(p.hours->hours_per_week());
        }
    }
    if (!read.empty()) {
        std::sort(read.begin(), read.end());
        const std::size_t m = read.size() / 2;
        s.median_hours = read.size() % 2 ? read[m] : (read[m - 1] + read[m]) / 2.0;
    }
    for (auto &p : places) {
        if (p.stop_hours) {
            p.hours_per_week = *p.stop_hours;
            p.hours_source = "mobile stop";
            ++s.hours_read;
        } else if (p.hours) {
            p.hours_per_week = p.hours->hours_per_week();
            p.hours_source = "read";
            ++s.hours_read;
        } else if (p.hours_stand_in) {
            p.hours_per_week = *p.hours_stand_in;
            p.hours_source = "source default";
            ++s.source_default;
        } else if (settings.unknown_hours) {
            p.hours_per_week = *settings.unknown_hours;
            p.hours_source = "study default";
            ++s.source_default;
        } else {
            p.hours_per_week = s.median_hours;
            p.hours_source = "median of the places read";
            ++s.median_stand_in;
        }
        s.help_hours += p.hours_per_week * p.staff;
        p.capacity = settings.help_hours ? p.hours_per_week * p.staff : p.staff;
    }
    return s;
}

/// The issues met reading one record's hours.
void log_hours(const places::HoursRead &h, const std::string &where, core::IssueLog &log) {
    if (!h.error.empty()) {
        log.add("place_hours_unreadable",
                "places whose opening hours could not be read (a stand-in is used; fix the "
                "text or give the source's hours_per_week)",
                where + ": " + h.error);
    }
    if (h.placeholders > 0) {
        log.add("place_hours_placeholder",
                "places whose hours hold placeholder ranges (00:00 - 00:00), ignored", where);
    }
    if (h.overlaps > 0) {
        log.add("place_hours_overlap",
                "places whose hours list overlapping ranges, merged (not counted twice)", where);
    }
}

/// The mobile and multi-site services expanded into their stops; the mismatches of those
/// based outside a subset ([communes] keep) are not the study's (their stops are outside
/// it, counted as such), so they go to a log of their own, not reported.
std::vector<PlaceRecord> expand_services(std::vector<PlaceRecord> records,
                                         const model::AreaSet &named, const model::AreaSet *outside,
                                         std::vector<MobileService> &mobile, core::IssueLog &log) {
    if (!outside || outside->size() == 0) {
        return expand_mobile_services(std::move(records), named, mobile, log);
    }
    std::vector<PlaceRecord> in, out;
    for (auto &r : records) {
        (outside->index.count(r.commune_code) ? out : in).push_back(std::move(r));
    }
    in = expand_mobile_services(std::move(in), named, mobile, log);
    core::IssueLog theirs;
    std::vector<MobileService> other;
    out = expand_mobile_services(std::move(out), named, other, theirs);
    in.insert(in.end(), std::make_move_iterator(out.begin()), std::make_move_iterator(out.end()));
    return in;
}

} // namespace

namespace {
/// [edits] close: the records named (and a mobile service's stops, "738#2" of "738") out.
void close_records(std::vector<Located> &all, std::span<const std::string> closed,
                   core::IssueLog &log) {
    std::vector<std::size_t> matched(closed.size(), 0);
    std::erase_if(all, [&](const Located &l) {
        const std::string key = l.record.source + ":" + l.record.record_id;
        for (std::size_t k = 0; k < closed.size(); ++k) {
            if (key == closed[k] || key.starts_with(closed[k] + "#")) {
                ++matched[k];
                log.add("place_closed", "records left out by [edits] close", key);
                return true;
            }
        }
        return false;
    });
    for (std::size_t k = 0; k < closed.size(); ++k) {
        if (matched[k] == 0) {
            throw Error(ErrorKind::input,
                        "[edits] close: '" + closed[k] +
                            "' is no record of the study's places; name them as the places "
                            "layer's `sources` column does, e.g. \"france_services:738\"");
        }
    }
}
/// [edits] hours and staff: the records named get the new hours or staff.
void edit_records(std::vector<Located> &all, const PlacesSettings &settings, core::IssueLog &log) {
    auto find = [&](const std::string &key, const char *what) -> std::vector<Located *> {
        std::vector<Located *> found;
        for (auto &l : all) {
            if (l.record.source + ":" + l.record.record_id == key) {
                found.push_back(&l);
            }
        }
        if (found.empty()) {
            throw Error(ErrorKind::input,
                        std::string("[edits] ") + what + ": '" + key +
                            "' is no record of the study's places (a fixed place: mobile "
                            "services' stops are changed in their source); name it as the "
                            "places layer's `sources` column does, e.g. \"france_services:738\"");
        }
        return found;
    };
    for (const auto &[key, text] : settings.hours) {
        const auto read = places::read_opening_hours(text);
        if (!read.hours) {
            throw Error(ErrorKind::input, "[edits] hours: '" + key + "' = \"" + text +
                                              "\" cannot be read (" + read.error +
                                              "); write opening_hours, e.g. \"Mo-Fr 09:00-17:00\"");
        }
        for (auto *l : find(key, "hours")) {
            l->record.hours = read;
            l->record.stop_hours.reset();
            log.add("place_edited", "records whose hours or staff [edits] change", key);
        }
    }
    for (const auto &[key, staff] : settings.staff) {
        for (auto *l : find(key, "staff")) {
            l->record.staff = staff;
            log.add("place_edited", "records whose hours or staff [edits] change", key);
        }
    }
}
} // namespace

PlacesResult run_places(const PlacesSettings &settings, const PlacesInputs &in, StageContext &ctx) {
    auto &log = ctx.log;
    PlacesResult out;
    const model::AreaSet none;
    RecordLocator locator(in.communes, in.outside ? *in.outside : none, settings, ctx);
    // Mobile services' stops are read among every commune of the layer: a stop outside a
    // subset is a place outside the study, not an unknown name.
    model::AreaSet every;
    if (in.outside && in.outside->size() > 0) {
        for (const auto *set : {&in.communes, in.outside}) {
            for (std::size_t i = 0; i < set->size(); ++i) {
                every.add(set->codes[i], set->names[i]);
            }
        }
    }
    const model::AreaSet &named = every.size() > 0 ? every : in.communes;
    std::vector<Located> all;
    for (const auto &source : settings.sources) {
        auto load = places::load_places(source);
        out.records_by_source.emplace_back(source.id, load.records.size());
        load.records = expand_services(std::move(load.records), named, in.outside, out.mobile, log);
        log.add_count("place_inactive",
                      "inactive rows skipped (Is Active = false, or Aidants Connect with 0 "
                      "aidants)",
                      load.inactive, {});
        log.add_count("place_bad_coordinates",
                      "places with unusable coordinates, placed by their commune instead",
                      load.bad_coordinates, load.bad_coordinate_examples);
        for (auto &rec : load.records) {
            const std::string where = source.source.path.filename().string() + ":" +
                                      std::to_string(rec.line) + " " + rec.name;
            log_hours(rec.hours, where, log);
            if (auto loc = locator.locate(std::move(rec), where)) {
                all.push_back(std::move(*loc));
            }
        }
    }
    if (!settings.closed.empty()) {
        close_records(all, settings.closed, log);
    }
    edit_records(all, settings, log);
    out.records = all.size();
    out.places = merge(all, settings, log);
    out.supply = supply(out.places, settings.supply);
    if (settings.supply.help_hours && out.supply.median_stand_in > 0 &&
        out.supply.hours_read == 0) {
        throw Error(ErrorKind::data,
                    "[supply] unit = \"help_hours\" but no place has opening hours to read: "
                    "give [supply] unknown_hours, or hours_per_week in each [[places]] entry");
    }
    for (const auto &p : out.places) {
        if (p.hours_source != "read") {
            log.add("place_hours_stand_in",
                    "places without readable hours, given a stand-in (hours_source says which)",
                    p.name);
        }
    }
    out.places_in_commune.assign(in.communes.size(), 0);
    for (const auto &p : out.places) {
        out.outside_study += p.outside_study ? 1 : 0;
        if (auto it = in.communes.index.find(p.commune_code); it != in.communes.index.end()) {
            ++out.places_in_commune[it->second];
        }
    }
    return out;
}

} // namespace hublo::stages
