// libFuzzer target: opening hours on any bytes (the first byte picks the France Services day
// columns, six lines, or one opening_hours value): a week or an error, never a crash; a week
// read has sorted, disjoint ranges within the day, at most 168 hours, and its opening_hours
// text reads back to the same week.
#include "places/hours.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
void check(const hublo::places::WeeklyHours &w) {
    for (const auto &day : w.days) {
        int end = -1;
        for (const auto &r : day) {
            if (r.from < 0 || r.to > 24 * 60 || r.to <= r.from || r.from <= end) {
                std::abort();
            }
            end = r.to;
        }
    }
    const double h = w.hours_per_week();
    if (!(h > 0 && h <= 168)) {
        std::abort();
    }
    const auto again = hublo::places::read_opening_hours(w.to_osm());
    if (!again.hours || again.hours->days.size() != w.days.size()) {
        std::abort();
    }
    for (std::size_t k = 0; k < w.days.size(); ++k) {
        const auto &a = w.days[k], &b = again.hours->days[k];
        if (a.size() != b.size()) {
            std::abort();
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i].from != b[i].from || a[i].to != b[i].to) {
                std::abort();
            }
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    hublo::places::HoursRead read;
    if (data[0] % 2) {
        std::array<std::string_view, 6> days;
        std::size_t start = 0;
        for (std::size_t k = 0; k < days.size() && start <= text.size(); ++k) {
            const auto nl = text.find('\n', start);
            days[k] = text.substr(start, nl == std::string_view::npos ? text.npos : nl - start);
            start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        }
        read = hublo::places::read_france_services_days(days);
    } else {
        read = hublo::places::read_opening_hours(text);
    }
    if (read.hours) {
        check(*read.hours);
    }
    return 0;
}
