// Seconds per stage, measured between laps (summary.json's timings_s and timings_detail_s).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace hublo::core {

/// A stopwatch whose laps are named: lap("risk") records the time since the previous lap
/// (or since construction) under "risk". Not thread-safe.
class StageClock {
public:
    using Laps = std::vector<std::pair<std::string, double>>;

    void lap(const std::string &stage) {
        const auto now = std::chrono::steady_clock::now();
        laps_.emplace_back(stage, std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }
    /// Restarts the current lap without recording (work that belongs to no stage).
    void restart() { last_ = std::chrono::steady_clock::now(); }
    [[nodiscard]] const Laps &laps() const { return laps_; }
    [[nodiscard]] Laps take() { return std::move(laps_); }

private:
    Laps laps_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

/// Seconds since `start`.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace hublo::core
