// Shared helpers of the libFuzzer targets (fuzz/README.md). An input may be rejected with
// corridor::Error (that is the contract: a clear error); anything else escaping a loader — another
// exception type, a crash, a sanitizer report, a hang — is a finding.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "corridor/core/error.h"
#include "corridor/core/reporter.h"

namespace corridor::fuzz {

// A private scratch directory (tmpfs when available) for loaders that take paths; removed when
// the process exits normally (with -fork, every job is a process of its own: without this, each
// left a directory behind in /dev/shm).
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto d = base / ("corridor-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  static const bool cleanup = [] {
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    return true;
  }();
  (void)cleanup;
  return dir;
}

inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string source_dir() {
  const char* env = std::getenv("CORRIDOR_SOURCE_DIR");
  return env ? env : CORRIDOR_SOURCE_DIR;
}

// Runs `f`; corridor::Error is an accepted outcome, any other exception aborts (a finding).
template <typename F>
void expect_clean(F&& f) {
  try {
    f();
  } catch (const corridor::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "non-corridor exception escaped: %s\n", e.what());
    std::abort();
  }
}

class QuietReporter final : public Reporter {
 public:
  void log(std::string_view) override {}
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
};

}  // namespace corridor::fuzz
