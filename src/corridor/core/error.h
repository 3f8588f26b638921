// The error catalogue: one stable code per failure class with its HTTP status and CLI exit code.
// Expected failures travel as values (Result<T>) or as corridor::Error thrown by loaders; both
// are caught once in main() and once per HTTP request.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor {

enum class Errc : uint16_t {
  usage,             // bad flags or request fields
  unknown_place,     // a place name or id that matches nothing
  no_route,          // the places exist but nothing connects them under the constraints
  invalid_dataset,   // a dataset file failed validation
  invalid_scenario,  // a scenario file failed validation
  invalid_input,     // any other input file (TNTP, DIMACS, OSM, .cnet) is malformed
  io_error,          // cannot read or write a file
  payload_too_large,
  unsupported_media_type,  // HTTP body that is not (identity-encoded) JSON
  method_not_allowed,
  not_found,  // HTTP resource not found
  overloaded,
  limit_exceeded,  // request would exceed a work limit
  internal,
};

struct ErrcInfo {
  Errc code;
  const char* name;  // stable machine-readable code, e.g. "unknown_place"
  int http_status;
  int exit_code;
};

inline constexpr ErrcInfo kErrcTable[] = {
    {Errc::usage, "bad_request", 400, 2},
    {Errc::unknown_place, "unknown_place", 404, 3},
    {Errc::no_route, "no_route", 422, 3},
    {Errc::invalid_dataset, "invalid_dataset", 400, 4},
    {Errc::invalid_scenario, "invalid_scenario", 400, 4},
    {Errc::invalid_input, "invalid_input", 400, 4},
    {Errc::io_error, "io_error", 500, 5},
    {Errc::payload_too_large, "payload_too_large", 413, 2},
    {Errc::unsupported_media_type, "unsupported_media_type", 415, 2},
    {Errc::method_not_allowed, "method_not_allowed", 405, 2},
    {Errc::not_found, "not_found", 404, 3},
    {Errc::overloaded, "overloaded", 503, 6},
    {Errc::limit_exceeded, "limit_exceeded", 400, 2},
    {Errc::internal, "internal", 500, 70},
};
static_assert(std::size(kErrcTable) == static_cast<size_t>(Errc::internal) + 1,
              "every Errc needs a row in kErrcTable");

constexpr const ErrcInfo& info(Errc e) { return kErrcTable[static_cast<size_t>(e)]; }

// Where in an input file a problem is. line and column are 1-based; 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "file:line:column" (omits unknown parts)
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string to_string() const;  // "file:line:column: message"
};

class Error : public std::runtime_error {
 public:
  Error(Errc code, std::string message, std::vector<Diagnostic> details = {},
        std::vector<std::string> suggestions = {});
  Errc code() const { return code_; }
  // The whole message (what() stops at the first NUL byte a user may have put in a name).
  const std::string& message() const { return message_; }
  const std::vector<Diagnostic>& details() const { return details_; }
  const std::vector<std::string>& suggestions() const { return suggestions_; }
  // The message followed by one line per diagnostic and a "did you mean" line.
  std::string full_text() const;

 private:
  Errc code_;
  std::string message_;
  std::vector<Diagnostic> details_;
  std::vector<std::string> suggestions_;
};

#define CORRIDOR_ASSERT(cond)                                                \
  do {                                                                       \
    if (!(cond)) ::corridor::detail::assert_fail(#cond, __FILE__, __LINE__); \
  } while (0)

namespace detail {
[[noreturn]] void assert_fail(const char* cond, const char* file, int line);
}

}  // namespace corridor
