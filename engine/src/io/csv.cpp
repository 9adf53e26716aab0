#include "io/csv.hpp"

#include "hublo/error.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace hublo::io {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name, std::string_view what) const {
    if (auto c = column(name)) {
        return *c;
    }
    std::string msg =
        source + ": no column '" + std::string(name) + "' (named by " + std::string(what) + ")";
    const auto near = closest(name, header);
    if (!near.empty()) {
        msg += "; did you mean '" + near + "'?";
    } else {
        msg += "; the columns are:";
        for (std::size_t i = 0; i < header.size() && i < 12; ++i) {
            msg += (i ? ", " : " ") + header[i];
        }
        if (header.size() > 12) {
            msg += ", ...";
        }
    }
    throw Error(ErrorKind::input, msg);
}

std::string read_file(const std::filesystem::path &path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw Error(ErrorKind::input, path.string() + ": file not found; check the path (relative "
                                                      "paths are resolved against the study file)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::input, path.string() + ": cannot be opened for reading");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

namespace {
char detect_delimiter(std::string_view text) {
    static constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
    std::array<std::size_t, 4> counts{};
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            break;
        } else if (!quoted) {
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                counts[k] += c == kCandidates[k] ? 1 : 0;
            }
        }
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < kCandidates.size(); ++k) {
        if (counts[k] > counts[best]) {
            best = k;
        }
    }
    return kCandidates[best];
}
/// UTF-16 code units to UTF-8; an unpaired surrogate or an odd byte count is an error
/// naming the file.
std::string utf16_to_utf8(std::string_view b, bool little_endian, const std::string &source) {
    if (b.size() % 2 != 0) {
        throw Error(ErrorKind::data, source + ": UTF-16 text with an odd number of bytes "
                                              "(truncated?); save it again as UTF-8");
    }
    auto unit = [&](std::size_t i) {
        const auto lo = static_cast<unsigned char>(b[i + (little_endian ? 0 : 1)]);
        const auto hi = static_cast<unsigned char>(b[i + (little_endian ? 1 : 0)]);
        return static_cast<std::uint32_t>(hi << 8 | lo);
    };
    std::string out;
    out.reserve(b.size() / 2);
    for (std::size_t i = 0; i < b.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 2 >= b.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
                throw Error(ErrorKind::data, source +
                                                 ": broken UTF-16 (an unpaired surrogate at "
                                                 "byte " +
                                                 std::to_string(i + 2) +
                                                 "); save it again as UTF-8");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw Error(ErrorKind::data, source +
                                             ": broken UTF-16 (an unpaired surrogate at "
                                             "byte " +
                                             std::to_string(i + 2) + "); save it again as UTF-8");
        }
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | cp >> 6);
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | cp >> 12);
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | cp >> 18);
            out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}
} // namespace

namespace {
/// The bytes as UTF-8 (UTF-16 with or without a byte-order mark, Windows-1252 and a UTF-8
/// byte-order mark handled), `converted` holding them when they had to change; sets
/// table.encoding.
std::string_view decode(std::string_view bytes, const std::string &source,
                        const CsvOptions &options, CsvTable &table, std::string &converted) {
    bool le = bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE";
    bool be = bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF";
    std::size_t bom = le || be ? 2 : 0;
    if (!le && !be && bytes.size() >= 4 && bytes.size() % 2 == 0) {
        // UTF-16 without a byte-order mark: a table's text is mostly ASCII, so one byte in
        // two is zero (the second of each pair for little-endian, the first for big-endian).
        const std::size_t probe = std::min<std::size_t>(bytes.size(), 2048);
        std::size_t even = 0, odd = 0;
        for (std::size_t i = 0; i < probe; ++i) {
            if (bytes[i] == '\0') {
                ++(i % 2 == 0 ? even : odd);
            }
        }
        le = odd * 10 > probe * 4 && even * 20 < probe; // > 80 % of odd bytes zero
        be = even * 10 > probe * 4 && odd * 20 < probe;
    }
    if (le || be) {
        // UTF-16 (Excel's "Unicode text"): to UTF-8.
        converted = utf16_to_utf8(bytes.substr(bom), le, source);
        bytes = converted;
        table.encoding = le ? "utf-16le" : "utf-16be";
    } else if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bytes.remove_prefix(3);
        table.encoding = "utf-8-bom";
    } else if (options.encoding == "latin-1" || options.encoding == "cp1252" ||
               (options.encoding.empty() && !is_valid_utf8(bytes))) {
        converted = cp1252_to_utf8(bytes);
        bytes = converted;
        table.encoding = "latin-1";
    } else {
        table.encoding = "utf-8";
    }
    if (!options.encoding.empty() && options.encoding != "utf-8" && options.encoding != "latin-1" &&
        options.encoding != "cp1252") {
        throw Error(ErrorKind::input, source + ": unknown encoding '" + options.encoding +
                                          "'; use \"utf-8\" or \"latin-1\"");
    }
    return bytes;
}

/// The header and the rows of the records, padded where a row is short or ends with empty
/// fields.
void to_table(std::vector<std::vector<std::string>> &records, const std::vector<std::size_t> &lines,
              const std::string &source, const CsvOptions &options, CsvTable &table) {
    const char delim = table.delimiter;
    if (records.empty()) {
        throw Error(ErrorKind::data, source + ": the table is empty; it needs a header line and "
                                              "at least one row");
    }
    std::size_t first = 0;
    if (options.has_header) {
        table.header = std::move(records[0]);
        for (auto &h : table.header) {
            h = std::string(trim(h));
        }
        first = 1;
    } else {
        for (std::size_t k = 0; k < records[0].size(); ++k) {
            table.header.push_back(std::to_string(k + 1));
        }
    }
    table.rows.reserve(records.size() - first);
    for (std::size_t r = first; r < records.size(); ++r) {
        auto &row = records[r];
        if (row.size() != table.header.size()) {
            // Trailing separators and short rows are common; pad or fail with the line.
            if (row.size() > table.header.size()) {
                const bool extra_empty =
                    std::all_of(row.begin() + static_cast<std::ptrdiff_t>(table.header.size()),
                                row.end(), [](const std::string &s) { return s.empty(); });
                if (!extra_empty) {
                    throw Error(ErrorKind::data,
                                source + ":" + std::to_string(lines[r]) + ": " +
                                    std::to_string(row.size()) + " fields where the header has " +
                                    std::to_string(table.header.size()) +
                                    "; check the separator ('" + std::string(1, delim) +
                                    "' was used) and the quoting of that line");
                }
            }
            row.resize(table.header.size());
        }
        table.rows.push_back(std::move(row));
        table.row_line.push_back(lines[r]);
    }
}
} // namespace

CsvTable parse_csv(std::string_view bytes, const std::string &source, const CsvOptions &options) {
    CsvTable table;
    table.source = source;
    std::string converted;
    bytes = decode(bytes, source, options, table, converted);
    table.delimiter = options.delimiter ? options.delimiter : detect_delimiter(bytes);
    const char delim = table.delimiter;

    std::vector<std::string> record;
    std::string field;
    std::size_t line = 1, record_line = 1, quote_line = 0;
    bool quoted = false, field_started = false, after_quote = false;
    std::vector<std::vector<std::string>> records;
    std::vector<std::size_t> lines;

    auto end_field = [&] {
        record.push_back(std::move(field));
        field.clear();
        field_started = false;
        after_quote = false;
    };
    auto end_record = [&] {
        end_field();
        // A line with nothing on it is not a record.
        if (!(record.size() == 1 && record[0].empty())) {
            records.push_back(std::move(record));
            lines.push_back(record_line);
        }
        record.clear();
    };

    // A record longer than this is no table row: an unclosed quote, or not a CSV file. The
    // bound keeps the parser's memory near the file's size.
    constexpr std::size_t kMaxRecord = std::size_t{64} << 20;
    std::size_t record_begin = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i - record_begin > kMaxRecord) {
            throw Error(ErrorKind::data,
                        source + ":" + std::to_string(record_line) +
                            ": a row longer than 64 MB; check for an unclosed '\"' (from line " +
                            std::to_string(quoted ? quote_line : record_line) +
                            ") or whether the file is a table at all");
        }
        const char c = bytes[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
            quote_line = line;
        } else if (c == delim) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
                ++i;
            }
            end_record();
            ++line;
            record_line = line;
            record_begin = i + 1;
        } else if (after_quote) {
            // Text after a closing quote: keep it, as spreadsheets do ("ab"c -> abc).
            field += c;
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) {
        throw Error(ErrorKind::data, source + ":" + std::to_string(quote_line) +
                                         ": a quoted field is never closed; check for a stray "
                                         "'\"' on that line");
    }
    if (field_started || !field.empty() || !record.empty()) {
        end_record();
    }

    to_table(records, lines, source, options, table);
    return table;
}

CsvTable read_csv(const std::filesystem::path &path, const CsvOptions &options) {
    const std::string bytes = read_file(path);
    return parse_csv(bytes, path.string(), options);
}

CsvTable read_table(const TableSource &table) {
    CsvOptions options;
    options.delimiter = table.delimiter.empty() ? 0 : table.delimiter[0];
    options.encoding = table.encoding;
    return read_csv(table.path, options);
}

} // namespace hublo::io
