#include "core/issue_log.hpp"

namespace hublo::core {

Issue &IssueLog::slot(const std::string &kind, const std::string &message) {
    auto it = index_.find(kind);
    if (it == index_.end()) {
        it = index_.emplace(kind, issues_.size()).first;
        issues_.push_back(Issue{kind, message, 0, {}});
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
