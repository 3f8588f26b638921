// Static files of the web map: URL path -> file under the web root, and MIME types.
#pragma once
#include <filesystem>
#include <optional>
#include <string_view>

namespace corridor::serve::detail {

// Maps an already percent-decoded URL path ("/", "/app.js", "/vendor/leaflet/leaflet.css") to a
// regular file under `canonical_root` (which must be canonical, see std::filesystem::canonical).
// "/" and paths ending in "/" mean index.html. Returns nullopt when the path is not absolute,
// contains NUL or a backslash, has a component starting with '.' (dotfiles, ".."), names the web
// folder's build tooling (node_modules, scripts, package.json, package-lock.json) or when the
// resolved file (symlinks followed, via weakly_canonical) lies outside the root or is not a
// regular file. Never throws.
std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& canonical_root,
                                                    std::string_view url_path);

// MIME type for a file name by its extension (case-insensitive); application/octet-stream if
// unknown. Text types carry "; charset=utf-8".
std::string_view mime_type(const std::filesystem::path& file);

}  // namespace corridor::serve::detail
