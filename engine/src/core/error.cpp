#include "hublo/error.hpp"

namespace hublo {

namespace {
// The one table of error kinds: C statuses (hublo.h), exit codes (README), descriptions.
constexpr ErrorKindInfo kKinds[] = {
    {ErrorKind::input, 1, 3, "bad input: a file, path, setting or column is wrong"},
    {ErrorKind::data, 2, 4, "bad data: the data itself is unusable"},
    {ErrorKind::computation, 3, 5, "a computation failed on valid data"},
    {ErrorKind::internal, 4, 70, "internal error (please report it)"},
    {ErrorKind::interrupted, 5, 130, "interrupted by the caller"},
};
} // namespace

const ErrorKindInfo &error_kind_info(ErrorKind kind) noexcept {
    for (const auto &row : kKinds) {
        if (row.kind == kind) {
            return row;
        }
    }
    return kKinds[3];
}

} // namespace hublo
