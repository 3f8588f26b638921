#include "corridor/core/error.h"

#include <cstdio>
#include <cstdlib>

namespace corridor {

std::string SourceLocation::to_string() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

std::string Diagnostic::to_string() const {
  std::string loc = where.to_string();
  return loc.empty() ? message : loc + ": " + message;
}

Error::Error(Errc code, std::string message, std::vector<Diagnostic> details,
             std::vector<std::string> suggestions)
    : std::runtime_error(message),
      code_(code),
      message_(std::move(message)),
      details_(std::move(details)),
      suggestions_(std::move(suggestions)) {}

std::string Error::full_text() const {
  std::string s = message_;
  for (const auto& d : details_) s += "\n  " + d.to_string();
  if (!suggestions_.empty()) {
    s += "\n  did you mean: ";
    for (size_t i = 0; i < suggestions_.size(); ++i) s += (i ? ", " : "") + suggestions_[i];
    s += "?";
  }
  return s;
}

namespace detail {
void assert_fail(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "internal error: assertion '%s' failed at %s:%d\n", cond, file, line);
  std::abort();
}
}  // namespace detail

}  // namespace corridor
