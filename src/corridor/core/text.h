// Text helpers: name folding for place lookup, edit distance for suggestions, number parsing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::text {

// Lower-case, diacritics removed, punctuation and spaces dropped: "Naxçıvan" -> "naxcivan",
// "Böyük Kəsik" -> "boyukkesik", "Iğdır" -> "igdir". Handles Latin-1, Latin Extended-A/B
// letters used in AZ/TR/GE transliterations; other code points pass through unchanged.
std::string fold(std::string_view s);

// Levenshtein distance over bytes (inputs are folded names, so mostly ASCII).
size_t edit_distance(std::string_view a, std::string_view b);
// The same distance if it is at most `k`, else k + 1, in O(k · min(|a|, |b|)) time and O(|b|)
// memory: a length filter (| |a| - |b| | > k) answers at once, otherwise only the diagonal band of
// width 2k + 1 is computed. For "did you mean" on untrusted input.
size_t edit_distance_at_most(std::string_view a, std::string_view b, size_t k);
// Longest place, scenario or profile name accepted from a user; longer ones are refused before
// any lookup, so the work per name is bounded whatever the input size.
inline constexpr size_t kMaxNameBytes = 200;

// Strict decimal parsing of a whole string (no trailing garbage, finite only).
std::optional<double> parse_double(std::string_view s);
std::optional<long long> parse_int(std::string_view s);
std::optional<bool> parse_bool(std::string_view s);

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);  // trimmed, empty items dropped
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_lower_ascii(std::string_view s);
std::string to_upper_ascii(std::string_view s);

// RFC 4180 quoting of one CSV field: unchanged unless it holds ',', '"', CR or LF.
std::string csv_quote(std::string_view s);
// Text for HTML content and double-quoted attributes: & < > " escaped.
std::string html_escape(std::string_view s);

}  // namespace corridor::text
