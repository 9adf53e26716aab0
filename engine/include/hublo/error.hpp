// What can go wrong, at the bottom of every layer: the error kinds (one table gives each its
// C status, exit code and description, as PROJ's PROJ_ERR_* classes do), the one exception
// type the library throws, and the counted issues a run reports without stopping.
#pragma once

#include "hublo/export.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace hublo {

/// What went wrong, in ranges that the C API mirrors (HUBLO_E_* in hublo.h).
enum class ErrorKind {
    input = 1,       ///< a file, path, setting or column named by the user is wrong
    data = 2,        ///< the data itself is unusable (empty, duplicate codes, no CRS...)
    computation = 3, ///< a stage failed on valid data
    internal = 4,    ///< a bug: please report it
    interrupted = 5, ///< RunOptions::interrupted asked to stop; nothing was written
};

/// One row of the table of error kinds: what the C API returns, what the `hublo` command
/// exits with, and a fixed line for people (hublo_status_string).
struct ErrorKindInfo {
    ErrorKind kind;
    int c_status;            ///< the hublo_status value (HUBLO_E_INPUT...)
    int exit_code;           ///< of the `hublo` command
    const char *description; ///< one line, no final period
};

/// The table's row for `kind` (the row of `internal` for a value outside the enum).
/// Thread-safe: the table is constant.
HUBLO_API const ErrorKindInfo &error_kind_info(ErrorKind kind) noexcept;

/// The only exception type the library throws. what() is one line: the file (and line or
/// feature) at fault, what is wrong, and the fix.
class HUBLO_API Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string &message) : std::runtime_error(message), kind_(kind) {}
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

/// The most examples an issue keeps (summary.json, `hublo check`).
inline constexpr std::size_t kIssueExamples = 5;

/// A counted finding made while aligning the inputs, with a few examples. Not an error:
/// the run goes on. A mismatch is something in the inputs to look at or fix (codes that do
/// not join, places outside every commune...); a note is expected and handled as the study
/// says (rows of communes outside the study, duplicates merged, stand-ins for missing
/// hours): `check --strict` fails on mismatches only.
struct Issue {
    std::string kind;    ///< stable identifier, e.g. "indicator_code_unknown"
    std::string message; ///< one line for people
    std::size_t count = 0;
    std::vector<std::string> examples; ///< at most kIssueExamples
    bool note = false;                 ///< expected (information), not a mismatch
};

/// Whether issues of `kind` are notes (information) rather than mismatches: one table for
/// the whole engine (core/issue_log.cpp).
[[nodiscard]] bool issue_is_note(const std::string &kind);

} // namespace hublo
