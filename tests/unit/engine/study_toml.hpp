// The smallest valid study and the message a bad one gives, for the study-file tests.
#pragma once

#include "hublo/hublo.hpp"
#include "study/config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hublo::test {

inline const char *kMinimalStudy = R"(
[study]
id = "t"
[communes]
path = "communes.geojson"
code = "code"
)";

/// The message of the input error `toml` gives (parsed as /base/study.toml).
inline std::string study_error(const std::string &toml) {
    try {
        study::parse_study(toml, "/base", "study.toml");
    } catch (const Error &e) {
        EXPECT_EQ(e.kind(), ErrorKind::input);
        return e.what();
    }
    return "(no error)";
}

} // namespace hublo::test
