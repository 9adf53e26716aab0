// Text helpers for real-world French open data: encodings, numbers, codes and names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hublo::io {

/// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

/// Converts Windows-1252 (the usual "Latin-1" of French spreadsheets) to UTF-8.
std::string cp1252_to_utf8(std::string_view s);

/// Trims ASCII white space and non-breaking spaces at both ends.
std::string_view trim(std::string_view s);

/// Parses a number the way French tables write them: "12.5", "12,5" (decimal comma when
/// `decimal_comma`), "1 234,5" (spaces or non-breaking spaces between digits), "-3e2".
/// Empty cells and the usual markers of missing or secret values ("NA", "N/A", "nd", "s",
/// "ns", "-", ".") give nullopt; anything else that is not a number gives nullopt and
/// sets `*malformed` when given.
std::optional<double> parse_number(std::string_view s, bool decimal_comma, bool *malformed);

/// A number for messages: "30", "7.5", "0" ("%g": no trailing zeros).
std::string format_number(double v);

/// The shortest "%.Ng" text (N from 6 to 17) that reads back as `v`: how a real attribute
/// of a vector layer becomes text ("12.5", "1e+06", "0.1").
std::string shortest_double_text(double v);

/// Normalises a code read as text: trims, drops a spreadsheet's trailing ".0"
/// ("22280001300013.0" -> "22280001300013"), and left-pads digit-only codes to `width`
/// with zeros when `width` > 0 ("1001" -> "01001"). Letters stay as they are ("2A004").
std::string normalise_code(std::string_view s, int width = 0);

/// Upper-case ASCII key of a name for matching: accents folded, punctuation and runs of
/// spaces collapsed to one space ("Mairie  d'Avoine" -> "MAIRIE D AVOINE").
std::string name_key(std::string_view s);

/// Splits on a single-character separator, trimming each part and dropping empty ones.
std::vector<std::string> split_list(std::string_view s, char sep);

/// Edit distance (Levenshtein), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` by edit distance, or "" when none is close enough
/// (at most max(2, |word|/3) edits).
std::string closest(std::string_view word, const std::vector<std::string> &candidates);

} // namespace hublo::io
