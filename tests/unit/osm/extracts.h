// What the OSM import tests share about the shared extracts (/work/shared/data/osm): where they
// are, which there are, a skip when one is absent, and a scratch directory for outputs.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

#include "corridor/core/files.h"

namespace corridor::osm {

// The path of `rel` under the shared data's osm/ folder (absent on machines without it: tests
// skip with a message, see REQUIRE_EXTRACT).
inline std::string data(const std::string& rel) {
  return std::string(CORRIDOR_SHARED_DATA) + "/osm/" + rel;
}

// Every shared extract, PBF and XML.
inline constexpr const char* kExtracts[] = {"monaco.osm.pbf", "liechtenstein.osm.pbf",
                                            "andorra.osm.pbf", "krems.osm.gz",
                                            "belarus-east.osm.gz"};

// A directory of its own under the system's temp dir (prefix + pid), removed with its files.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "corridor_osm_")
      : path_(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace corridor::osm

// Skips the test when the extract is absent.
#define REQUIRE_EXTRACT(file) \
  if (!::corridor::files::exists(data(file))) GTEST_SKIP() << "test data absent: " << data(file)
