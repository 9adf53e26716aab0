#include "core/strings.hpp"

namespace hublo::core {

std::string join(const std::vector<std::string> &items, std::string_view separator) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) {
            s += separator;
        }
        s += items[i];
    }
    return s;
}

std::string zero_pad(std::size_t n, std::size_t width) {
    std::string digits = std::to_string(n);
    return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
}

} // namespace hublo::core
