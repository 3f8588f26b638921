#include "corridor/core/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace corridor::text {
namespace {

// Base letter for accented Latin code points (U+00C0..U+024F), 0 if unknown.
char base_letter(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    static const char* t =
        "aaaaaaaceeeeiiii"   // C0-CF
        "dnooooo*ouuuuyts"   // D0-DF (D7 = ×, DF = ß -> s)
        "aaaaaaaceeeeiiii"   // E0-EF
        "dnooooo/ouuuuyty";  // F0-FF
    char c = t[cp - 0xC0];
    return (c == '*' || c == '/') ? 0 : c;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    static const char* t =
        "aaaaaaccccccccdd"   // 100-10F
        "ddeeeeeeeeeegggg"   // 110-11F
        "gggghhhhiiiiiiii"   // 120-12F
        "iiiijjkkklllllll"   // 130-13F (130 İ, 131 ı)
        "lllnnnnnnnnnoooo"   // 140-14F
        "oooorrrrrrssssss"   // 150-15F
        "ssttttttuuuuuuuu"   // 160-16F
        "uuuuwwyyyzzzzzzs";  // 170-17F
    return t[cp - 0x100];
  }
  switch (cp) {
    case 0x18F:
    case 0x259:
      return 'e';  // Ə ə (Azerbaijani schwa)
    case 0x1E0C:
    case 0x1E0D:
      return 'd';
    default:
      return 0;
  }
}

}  // namespace

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t len = 1;
    if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      ++i;
      continue;
    }  // stray continuation byte
    if (i + len > s.size()) break;
    bool valid = true;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        valid = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!valid) {
      ++i;
      continue;
    }
    if (char b = base_letter(cp)) {
      out.push_back(b);
      if (cp == 0xDF) out.push_back('s');  // ß -> ss
    } else if (cp >= 0x2000 && cp <= 0x206F) {
      // general punctuation (dashes, quotes): dropped like ASCII punctuation
    } else {
      out.append(s.substr(i, len));  // e.g. Georgian or Cyrillic: kept verbatim
    }
    i += len;
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

size_t edit_distance_at_most(std::string_view a, std::string_view b, size_t k) {
  if (a.size() < b.size()) std::swap(a, b);  // b is the shorter
  if (a.size() - b.size() > k) return k + 1;
  const size_t inf = k + 1;
  std::vector<size_t> prev(b.size() + 1, inf), cur(b.size() + 1, inf);
  for (size_t j = 0; j <= std::min(b.size(), k); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    const size_t lo = i > k ? i - k : 0, hi = std::min(b.size(), i + k);
    std::fill(cur.begin() + static_cast<std::ptrdiff_t>(lo > 0 ? lo - 1 : 0),
              cur.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), hi + 1) + 1), inf);
    if (lo == 0) cur[0] = i;
    size_t best = cur[lo];
    for (size_t j = std::max<size_t>(lo, 1); j <= hi; ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub, inf});
      best = std::min(best, cur[j]);
    }
    if (best > k) return inf;  // every path through this row is already too long
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], inf);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string l = to_lower_ascii(trim(s));
  if (l == "1" || l == "true" || l == "yes") return true;
  if (l == "0" || l == "false" || l == "no") return false;
  return std::nullopt;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    auto item = trim(s.substr(start, end - start));
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += sep;
    s += parts[i];
  }
  return s;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string to_upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string csv_quote(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string html_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

}  // namespace corridor::text
