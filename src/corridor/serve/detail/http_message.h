// The transport-neutral request and response the handlers (serve/server.cpp) work on. Their
// member names follow the subset of cpp-httplib's Request/Response the handlers used, so the
// handler bodies did not change when the transport moved to Boost.Beast (detail/http_server).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::serve::detail {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // the raw request target ("/api/places?q=Bak%C4%B1")
  std::string path;    // percent-decoded path of the target ("/api/places")
  Fields params;       // decoded query parameters, in order
  Fields headers;      // as sent (names keep their case; lookups ignore it)
  std::string remote_addr;
  std::string body;

  bool has_header(std::string_view name) const;
  // The first value of header `name` (case-insensitive), "" if absent.
  std::string get_header_value(std::string_view name) const;
  bool has_param(std::string_view key) const;
  std::string get_param_value(std::string_view key) const;  // first value, "" if absent
};

struct Response {
  int status = 200;
  Fields headers;  // besides Content-Type and Content-Length, which the transport writes

  // Replaces any header of that name (case-insensitive).
  void set_header(std::string_view name, std::string_view value);
  std::string get_header_value(std::string_view name) const;
  // An owned body.
  void set_content(std::string body, std::string_view content_type);
  // A body owned by `owner` (a cached document), sent without a copy.
  void set_shared_content(std::shared_ptr<const void> owner, std::string_view body,
                          std::string_view content_type);
  std::string_view content() const { return shared_ ? view_ : std::string_view(body_); }
  const std::string& content_type() const { return content_type_; }

 private:
  std::string body_;
  std::shared_ptr<const void> shared_;
  std::string_view view_;
  std::string content_type_;
};

// %XX-decoding (invalid escapes are kept as they are); '+' becomes ' ' if `plus_is_space`.
std::string percent_decode(std::string_view s, bool plus_is_space);

// Splits an origin-form request target ("/path?query") into the decoded path and query
// parameters. False if the target is not origin-form (does not start with '/').
bool parse_target(std::string_view target, std::string& path, Fields& params);

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

}  // namespace corridor::serve::detail
