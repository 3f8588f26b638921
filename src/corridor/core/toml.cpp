#include "corridor/core/toml.h"

#include <fmt/format.h>

namespace corridor::tomlx {

SourceLocation location(const toml::node& n, const std::string& file) {
  const auto& s = n.source();
  return {file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)};
}

std::string found(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return fmt::format("the string \"{}\"", *n.value<std::string>());
    case toml::node_type::integer:
      return fmt::format("the integer {}", *n.value<int64_t>());
    case toml::node_type::floating_point:
      return fmt::format("the number {}", *n.value<double>());
    case toml::node_type::boolean:
      return *n.value<bool>() ? "true" : "false";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

}  // namespace corridor::tomlx
