// What every stage receives besides its settings and inputs: the issue log, progress and
// interruption, the number of threads, a GEOS handle and the study CRS (parsed once).
//
// One signature shape for every stage (OSRM's parameters + service pattern):
//     XResult run_x(const XSettings &, const XInputs &, StageContext &);
// A stage validates its settings, computes, records the problems it meets in ctx.log where
// it meets them, and returns its result; it writes no file (outputs/ does).
#pragma once

#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "io/crs.hpp"

#include <cstddef>
#include <functional>
#include <string_view>

namespace hublo::stages {

class StageContext {
public:
    /// Called with the stage (or part) running, `done` of `total` steps; may throw
    /// Error(interrupted) to stop the run.
    using ProgressFn =
        std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

    /// `crs`: the study CRS, metric; `threads` >= 1 (core::resolve_threads).
    StageContext(io::Crs study_crs, unsigned thread_count, ProgressFn progress = {})
        : crs(std::move(study_crs)), threads(thread_count), progress_(std::move(progress)) {}

    core::IssueLog log; ///< every stage's issues, in the order found
    geom::Geos geos;    ///< this thread's GEOS handle
    io::Crs crs;        ///< the study CRS
    unsigned threads;   ///< threads a stage may use (results never depend on it)

    /// The number of steps the run will report (its stages).
    void set_steps(std::size_t total) { total_ = total; }
    /// A stage begins: reported as step `done` of the total (and the caller may interrupt).
    void begin(std::string_view stage) { report(stage, step_++); }
    /// Progress within the current stage, e.g. "place isochrones 12/390".
    void within(std::string_view what) const { report(what, step_ ? step_ - 1 : 0); }
    /// The run is over: every step done.
    void finish() { report("done", step_ = total_); }

private:
    void report(std::string_view what, std::size_t done) const {
        if (progress_) {
            progress_(what, done, total_);
        }
    }
    ProgressFn progress_;
    std::size_t step_ = 0, total_ = 0;
};

} // namespace hublo::stages
