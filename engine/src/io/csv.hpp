// A CSV reader for the tables French public bodies publish.
//
// Handles: `,` `;` tab or `|` separators (detected from the header line, outside quotes),
// UTF-8 with or without BOM, Windows-1252/Latin-1 (detected when the bytes are not UTF-8),
// RFC 4180 quoting with doubled quotes and line breaks inside quoted fields, CRLF or LF.
// Every cell is kept as text: codes such as "01001" or "2A004" are never read as numbers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::io {

struct CsvOptions {
    char delimiter = 0;     ///< 0: detect from the header line
    bool has_header = true; ///< false: columns are named "1", "2", ...
    std::string encoding;   ///< "" detect, "utf-8", "latin-1" (read as Windows-1252)
};

struct CsvTable {
    std::string source; ///< file name, for messages
    char delimiter = ',';
    std::string encoding; ///< what was detected or given
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_line; ///< 1-based line where each row starts

    /// Column index by exact name, or nullopt.
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
    /// Column index; throws hublo::Error (input) naming the file, the column and the closest
    /// existing one when it is missing. `what` says which setting named it, for the fix.
    [[nodiscard]] std::size_t require_column(std::string_view name, std::string_view what) const;
    /// As require_column, but an empty name (an optional setting left out) gives nullopt.
    [[nodiscard]] std::optional<std::size_t> optional_column(std::string_view name,
                                                             std::string_view what) const {
        if (name.empty()) {
            return std::nullopt;
        }
        return require_column(name, what);
    }
    /// True when a decimal comma is the likely convention (separator other than ',').
    [[nodiscard]] bool decimal_comma() const { return delimiter != ','; }
};

/// Parses CSV text already in memory. `source` names it in error messages.
CsvTable parse_csv(std::string_view bytes, const std::string &source, const CsvOptions &options);

/// Reads and parses a file; throws hublo::Error naming the file when it cannot be read or
/// when a quoted field is not closed.
CsvTable read_csv(const std::filesystem::path &path, const CsvOptions &options = {});

/// A tabular input as a settings file names it: the file, its delimiter and encoding when
/// stated, and how its codes are padded.
struct TableSource {
    std::filesystem::path path;
    std::string delimiter; ///< "" detect; or one character
    std::string encoding;  ///< "" detect; "utf-8" or "latin-1"
    int code_width = 0;    ///< left-pad digit-only codes to this width (0: keep)
    std::string context;   ///< what names the table in messages, e.g. "[[tables]] rp"
};

/// Reads a tabular input with its stated delimiter and encoding (detected when not given).
CsvTable read_table(const TableSource &table);

/// Reads a whole file into memory; throws hublo::Error (input) naming it when missing.
std::string read_file(const std::filesystem::path &path);

} // namespace hublo::io
