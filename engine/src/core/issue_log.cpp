#include "core/issue_log.hpp"

#include <string_view>

namespace hublo {

bool issue_is_note(const std::string &kind) {
    // Expected in a valid study and handled as it says: a subset's rows and places outside
    // it, data outside the communes, records merged or inactive, stand-ins the outputs name.
    static constexpr std::string_view kNotes[] = {
        "indicator_rows_outside_study:",
        "indicator_former_code_mapped:",
        "indicator_duplicate_rows",
        "grid_cell_outside_communes:",
        "layer_area_without_communes:",
        "zoning_rows_outside_study:",
        "place_outside_study",
        "place_duplicates_merged",
        "place_closed",
        "place_declared_commune_kept",
        "place_near_boundary",
        "place_inactive",
        "place_hours_stand_in",
        "place_hours_overlap",
        "network_nodes_dropped",
    };
    for (const auto n : kNotes) {
        if (n.back() == ':' ? kind.starts_with(n) : kind == n) {
            return true;
        }
    }
    return false;
}

} // namespace hublo

namespace hublo::core {

Issue &IssueLog::slot(const std::string &kind, const std::string &message) {
    auto it = index_.find(kind);
    if (it == index_.end()) {
        it = index_.emplace(kind, issues_.size()).first;
        issues_.push_back(Issue{kind, message, 0, {}, issue_is_note(kind)});
    }
    return issues_[it->second];
}

void IssueLog::add(const std::string &kind, const std::string &message,
                   const std::string &example) {
    Issue &issue = slot(kind, message);
    ++issue.count;
    if (!example.empty()) {
        keep_example(issue.examples, example);
    }
}

void IssueLog::add_count(const std::string &kind, const std::string &message, std::size_t count,
                         const std::vector<std::string> &examples) {
    if (count == 0) {
        return;
    }
    Issue &issue = slot(kind, message);
    issue.count += count;
    for (const auto &e : examples) {
        keep_example(issue.examples, e);
    }
}

void IssueLog::merge(const IssueLog &other) {
    for (const auto &issue : other.issues_) {
        add_count(issue.kind, issue.message, issue.count, issue.examples);
    }
}

void keep_example(std::vector<std::string> &examples, std::string example) {
    if (examples.size() < kIssueExamples) {
        examples.push_back(std::move(example));
    }
}

} // namespace hublo::core
