// libFuzzer target: a GTFS feed made of the bytes (split at lines "====" into stops, routes,
// trips, stop_times, calendar, calendar_dates, frequencies, transfers and agency, in that
// order). The reader gives a feed or hublo::Error; the trips it gives for a day are ones
// RAPTOR accepts (never std::invalid_argument), and a query never arrives before it leaves.
#include "hublo/algorithms/transit/raptor.hpp"
#include "hublo/hublo.hpp"
#include "io/gtfs.hpp"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static const char *const kNames[] = {"stops.txt",       "routes.txt",    "trips.txt",
                                         "stop_times.txt",  "calendar.txt",  "calendar_dates.txt",
                                         "frequencies.txt", "transfers.txt", "agency.txt"};
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    std::map<std::string, std::string> files;
    std::size_t from = 0, k = 0;
    while (k < 9 && from <= bytes.size()) {
        const auto at = bytes.find("\n====\n", from);
        const auto end = at == std::string_view::npos ? bytes.size() : at;
        files.emplace(kNames[k++], std::string(bytes.substr(from, end - from)));
        if (at == std::string_view::npos) {
            break;
        }
        from = at + 6;
    }
    namespace transit = hublo::algorithms::transit;
    try {
        const auto feed = hublo::io::gtfs::parse_feed(files, "fuzz-feed");
        if (feed.stops.empty()) {
            return 0;
        }
        const int day = hublo::io::gtfs::parse_date("2026-03-10");
        auto trips = hublo::io::gtfs::trips_on(feed, day);
        if (trips.size() > 200000) {
            return 0; // a frequency with a tiny headway: valid, but not worth routing here
        }
        std::vector<std::vector<transit::Walk>> foot(feed.stops.size());
        for (const auto &t : feed.transfers) {
            foot[t.from].push_back({t.to, t.seconds});
        }
        const auto tt = transit::Timetable::build(feed.stops.size(), std::move(trips), foot);
        transit::Raptor raptor(tt, 4);
        raptor.query(std::vector<transit::Walk>{{0, 0}}, 8 * 3600);
        for (std::uint32_t s = 0; s < tt.stop_count(); ++s) {
            if (raptor.best(s) < 8 * 3600) {
                std::abort();
            }
        }
    } catch (const hublo::Error &) {
    } catch (const std::invalid_argument &) {
        std::abort(); // the reader let through a trip RAPTOR refuses
    }
    return 0;
}
