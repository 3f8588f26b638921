#include "corridor/serve/detail/static_files.h"

#include <algorithm>
#include <string>
#include <system_error>

#include "corridor/core/text.h"

namespace corridor::serve::detail {

namespace fs = std::filesystem;

namespace {

// True if `p` is `root` or lies below it, compared component by component (so "/srv/web2" is not
// inside "/srv/web").
bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty() && std::next(r) == root.end()) break;  // trailing separator of root
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::optional<fs::path> resolve_static(const fs::path& canonical_root, std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (url_path.find('\0') != std::string_view::npos) return std::nullopt;
  if (url_path.find('\\') != std::string_view::npos) return std::nullopt;
  std::string rel(url_path.substr(url_path.find_first_not_of('/') == std::string_view::npos
                                      ? url_path.size()
                                      : url_path.find_first_not_of('/')));
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  // Reject ".", "..", dotfiles and empty components ("a//b") outright; the canonical-prefix
  // check below is the real guard (it also catches symlinks that point out of the root).
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    if (end == start || rel[start] == '.') return std::nullopt;
    // The web root is also a source folder: its build tooling is not part of the site.
    const std::string_view part(rel.data() + start, end - start);
    if (part == "node_modules" || part == "scripts" || part == "package.json" ||
        part == "package-lock.json")
      return std::nullopt;
    start = end + 1;
  }
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(canonical_root / rel, ec);
  if (ec) return std::nullopt;
  if (!is_within(canonical_root, resolved) || resolved == canonical_root) return std::nullopt;
  if (!fs::is_regular_file(resolved, ec) || ec) return std::nullopt;
  return resolved;
}

std::string_view mime_type(const fs::path& file) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".topojson", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".wasm", "application/wasm"},
  };
  const std::string ext = text::to_lower_ascii(file.extension().string());
  for (const auto& e : kTypes) {
    if (e.ext == ext) return e.type;
  }
  return "application/octet-stream";
}

}  // namespace corridor::serve::detail
