#include "corridor/serve/detail/http_message.h"

#include <cctype>

namespace corridor::serve::detail {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

namespace {

const std::string* find(const Fields& fields, std::string_view name, bool ignore_case) {
  for (const auto& [k, v] : fields) {
    if (ignore_case ? iequals(k, name) : k == name) return &v;
  }
  return nullptr;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool Request::has_header(std::string_view name) const {
  return find(headers, name, true) != nullptr;
}
std::string Request::get_header_value(std::string_view name) const {
  const std::string* v = find(headers, name, true);
  return v ? *v : std::string();
}
bool Request::has_param(std::string_view key) const { return find(params, key, false) != nullptr; }
std::string Request::get_param_value(std::string_view key) const {
  const std::string* v = find(params, key, false);
  return v ? *v : std::string();
}

void Response::set_header(std::string_view name, std::string_view value) {
  for (auto& [k, v] : headers) {
    if (iequals(k, name)) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}
std::string Response::get_header_value(std::string_view name) const {
  if (iequals(name, "Content-Type")) return content_type_;
  const std::string* v = find(headers, name, true);
  return v ? *v : std::string();
}
void Response::set_content(std::string body, std::string_view content_type) {
  body_ = std::move(body);
  shared_.reset();
  view_ = {};
  content_type_ = content_type;
}
void Response::set_shared_content(std::shared_ptr<const void> owner, std::string_view body,
                                  std::string_view content_type) {
  body_.clear();
  shared_ = std::move(owner);
  view_ = body;
  content_type_ = content_type;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

bool parse_target(std::string_view target, std::string& path, Fields& params) {
  path.clear();
  params.clear();
  if (target.empty() || target.front() != '/') return false;
  const size_t q = target.find('?');
  path = percent_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return true;
  std::string_view query = target.substr(q + 1);
  if (const size_t hash = query.find('#'); hash != std::string_view::npos)
    query = query.substr(0, hash);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      params.emplace_back(
          percent_decode(part.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return true;
}

}  // namespace corridor::serve::detail
