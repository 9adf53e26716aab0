#include "io/text.hpp"

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace hublo::io {

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const auto n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) {
            return false;
        }
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return false;
        }
        i += len;
    }
    return true;
}

namespace {
void append_utf8(std::string &out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Windows-1252 code points for bytes 0x80-0x9F (0 where the byte is undefined).
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
} // namespace

std::string cp1252_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 && c < 0xA0) {
            const std::uint16_t cp = kCp1252High[c - 0x80];
            append_utf8(out, cp ? cp : 0xFFFD);
        } else {
            append_utf8(out, c);
        }
    }
    return out;
}

namespace {
bool is_space_at(std::string_view s, std::size_t i, std::size_t &len) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        len = 1;
        return true;
    }
    // U+00A0 (C2 A0) and U+202F (E2 80 AF): the spaces French software puts in numbers.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        len = 2;
        return true;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) {
        len = 3;
        return true;
    }
    return false;
}
} // namespace

std::string_view trim(std::string_view s) {
    std::size_t len = 0;
    while (!s.empty() && is_space_at(s, 0, len)) {
        s.remove_prefix(len);
    }
    while (!s.empty()) {
        // Look back for a trailing space of 1 to 3 bytes.
        bool found = false;
        for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
            if (is_space_at(s, s.size() - back, len) && len == back) {
                s.remove_suffix(back);
                found = true;
                break;
            }
        }
        if (!found) {
            break;
        }
    }
    return s;
}

std::optional<double> parse_number(std::string_view s, bool decimal_comma, bool *malformed) {
    s = trim(s);
    if (s.empty()) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 10> kMissing = {"NA", "N/A", "na", "n/a", "nd",
                                                                  "ND", "s",   "ns", "-",   "."};
    if (std::find(kMissing.begin(), kMissing.end(), s) != kMissing.end()) {
        return std::nullopt;
    }
    std::string buf;
    buf.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        if (is_space_at(s, i, len)) {
            i += len;
            continue;
        }
        char c = s[i];
        if (c == ',' && decimal_comma) {
            c = '.';
        }
        buf += c;
        ++i;
    }
    if (!buf.empty() && buf[0] == '+') {
        buf.erase(0, 1);
    }
    double value = 0.0;
    const auto *first = buf.data();
    const auto *last = buf.data() + buf.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last || buf.find_first_of("nNiI") != std::string::npos) {
        if (malformed) {
            *malformed = true;
        }
        return std::nullopt;
    }
    return value;
}

std::string normalise_code(std::string_view s, int width) {
    s = trim(s);
    if (s.size() > 2 && s.substr(s.size() - 2) == ".0" &&
        std::all_of(s.begin(), s.end() - 2, [](char c) { return std::isdigit(c); })) {
        s.remove_suffix(2);
    }
    std::string out(s);
    if (width > 0 && !out.empty() && static_cast<int>(out.size()) < width &&
        std::all_of(out.begin(), out.end(), [](char c) { return std::isdigit(c); })) {
        out.insert(0, static_cast<std::size_t>(width) - out.size(), '0');
    }
    return out;
}

namespace {
// Folds the Latin-1 supplement and Latin Extended-A letters used in French to ASCII.
char fold_latin(std::uint32_t cp) {
    static constexpr std::string_view kFrom00C0 =
        "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    if (cp >= 0xC0 && cp <= 0xFF) {
        return kFrom00C0[cp - 0xC0];
    }
    if (cp == 0x152 || cp == 0x153) {
        return 'O'; // Œ œ (the E is lost; matching is on the key only)
    }
    if (cp == 0x178) {
        return 'Y';
    }
    return ' ';
}
} // namespace

std::string name_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = true; // no leading space
    auto put = [&](char c) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            space = false;
        } else if (!space) {
            out += ' ';
            space = true;
        }
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            put(static_cast<char>(c));
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len && i + k < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        put(fold_latin(cp));
        i += static_cast<std::size_t>(len);
    }
    if (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

std::vector<std::string> split_list(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(sep, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        const auto part = trim(s.substr(start, end - start));
        if (!part.empty()) {
            out.emplace_back(part);
        }
        start = end + 1;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1 : 0)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string> &candidates) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto &c : candidates) {
        const auto d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

std::string shortest_double_text(double v) {
    char buf[32];
    for (int prec = 6; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v) {
            break;
        }
    }
    return buf;
}

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace hublo::io
