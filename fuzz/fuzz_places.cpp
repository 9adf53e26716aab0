// libFuzzer target: every places format (the national schema, France Services, Conseiller
// numérique JSON, Aidants Connect, generic CSV) on any bytes: records or hublo::Error only,
// and coordinates, when kept, in range.
#include "hublo/hublo.hpp"
#include "places/places.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    static const char *const kFormats[] = {"mednum", "france_services", "conseiller_numerique_json",
                                           "aidants_connect", "csv"};
    hublo::places::PlaceSource source;
    source.id = "fuzz";
    source.format = kFormats[data[0] % 5];
    source.source.path = "fuzz-places";
    source.source.context = "[[places]] fuzz";
    if (source.format == "csv") {
        source.columns = {{"id", "id"},
                          {"name", "nom"},
                          {"lon", "lon"},
                          {"lat", "lat"},
                          {"commune_code", "insee"},
                          {"labels", "labels"},
                          {"capacity", "capacity"},
                          {"hours", "horaires"}};
    }
    const std::string_view bytes(reinterpret_cast<const char *>(data + 1), size - 1);
    try {
        const auto load = hublo::places::places_from_bytes(bytes, source);
        for (const auto &r : load.records) {
            if (r.lonlat && (!(std::abs(r.lonlat->x) <= 180) || !(std::abs(r.lonlat->y) <= 90))) {
                std::abort();
            }
            if (!(r.staff >= 0)) {
                std::abort();
            }
            if (r.hours.hours && !(r.hours.hours->hours_per_week() <= 168)) {
                std::abort();
            }
        }
    } catch (const hublo::Error &) {
    }
    return 0;
}
