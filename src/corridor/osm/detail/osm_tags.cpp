// Tag values of OSM objects (phase 1-2 helpers of the import, see import_phases.h).
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>

#include "corridor/core/text.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {

bool is_alpha2(const char* c) {
  return c && std::isalpha(static_cast<unsigned char>(c[0])) &&
         std::isalpha(static_cast<unsigned char>(c[1])) && c[2] == '\0';
}

std::optional<double> parse_maxspeed(const char* s) {
  if (!s) return std::nullopt;
  std::string_view v(s);
  if (v.find("urban") != std::string_view::npos) return 50;
  if (v.find("rural") != std::string_view::npos) return 90;
  if (v.find("motorway") != std::string_view::npos) return 130;
  char* end = nullptr;
  double x = std::strtod(s, &end);
  if (end == s || !(x > 0) || x > 400) return std::nullopt;
  if (std::string_view(end).find("mph") != std::string_view::npos) x *= 1.609344;
  return x;
}

std::optional<double> parse_duration_s(const char* s) {
  if (!s) return std::nullopt;
  std::string v = std::string(text::trim(s));
  if (v.size() > 2 && (v[0] == 'P' || v[0] == 'p')) {
    double total = 0, num = 0;
    bool have = false;
    for (char c : v.substr(1)) {
      if (c == 'T' || c == 't') continue;
      if ((c >= '0' && c <= '9') || c == '.') {
        num = num * 10 + (c - '0');
        have = true;
      } else if (have) {
        total += num * (c == 'H' || c == 'h'   ? 3600
                        : c == 'M' || c == 'm' ? 60
                        : c == 'S' || c == 's' ? 1
                                               : 0);
        num = 0;
        have = false;
      }
    }
    return total > 0 ? std::optional<double>(total) : std::nullopt;
  }
  auto parts = text::split(v, ':');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  double f[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    auto x = text::parse_double(parts[i]);
    if (!x || *x < 0) return std::nullopt;
    f[i] = *x;
  }
  double secs = parts.size() == 1 ? f[0] * 60 : f[0] * 3600 + f[1] * 60 + f[2];
  return secs > 0 ? std::optional<double>(secs) : std::nullopt;
}

double road_kmh(std::string_view hw) {
  static const std::map<std::string_view, double> k = {
      {"motorway", 110}, {"motorway_link", 60}, {"trunk", 90},     {"trunk_link", 50},
      {"primary", 70},   {"primary_link", 45},  {"secondary", 60}, {"secondary_link", 40},
      {"tertiary", 50},  {"tertiary_link", 35}};
  auto it = k.find(hw);
  return it == k.end() ? 0 : it->second;
}

}  // namespace corridor::osm::detail
