// Logging and progress, injected into library code (which never writes to stdout itself).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace corridor {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void log(std::string_view message) = 0;
  // Progress of a named task: done out of total (total 0 = unknown).
  virtual void progress(std::string_view task, uint64_t done, uint64_t total) = 0;
  virtual void finish(std::string_view task) = 0;
};

// Does nothing: the default for library calls and tests.
class NullReporter final : public Reporter {
 public:
  void log(std::string_view) override {}
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
};

// Logs to stderr; draws a progress bar only when stderr is a terminal (quiet when piped).
class StderrReporter final : public Reporter {
 public:
  explicit StderrReporter(bool verbose = true);
  void log(std::string_view message) override;
  void progress(std::string_view task, uint64_t done, uint64_t total) override;
  void finish(std::string_view task) override;

 private:
  bool verbose_;
  bool tty_;
  int last_permille_ = -1;
};

// Peak resident set size of this process in bytes (from /proc/self/status VmHWM).
uint64_t peak_rss_bytes();

}  // namespace corridor
