// The issue log: counted mismatches with a few examples each, recorded where each problem is
// found and handed from stage to stage (summary.json's "issues", `hublo check`).
#pragma once

#include "hublo/error.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace hublo::core {

/// Issues in the order first seen; each keeps at most kIssueExamples examples. Not
/// thread-safe: a thread of its own keeps its own log, merged afterwards.
class IssueLog {
public:
    /// One occurrence of `kind`; `example` (if not empty) kept while there is room.
    void add(const std::string &kind, const std::string &message, const std::string &example);
    /// `count` occurrences at once, with their examples; nothing when count is 0.
    void add_count(const std::string &kind, const std::string &message, std::size_t count,
                   const std::vector<std::string> &examples);
    /// Adds `other`'s issues as if they were added here, in their order.
    void merge(const IssueLog &other);
    [[nodiscard]] const std::vector<Issue> &issues() const { return issues_; }
    [[nodiscard]] std::vector<Issue> take() { return std::move(issues_); }

private:
    Issue &slot(const std::string &kind, const std::string &message);
    std::vector<Issue> issues_;
    std::map<std::string, std::size_t> index_;
};

/// Appends `example` to `examples` while fewer than kIssueExamples are kept.
void keep_example(std::vector<std::string> &examples, std::string example);

} // namespace hublo::core
