// Small string helpers shared by every layer (std only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hublo::core {

/// The items joined by `separator`: join({"a", "b"}, ", ") is "a, b".
std::string join(const std::vector<std::string> &items, std::string_view separator);

/// `n` left-padded with zeros to `width` digits: zero_pad(7, 5) is "00007".
std::string zero_pad(std::size_t n, std::size_t width);

} // namespace hublo::core
